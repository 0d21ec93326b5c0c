"""Which part of the evaluation data a question belongs to: the part answers are tuned on, or the part they
are only measured on.

The split is by article (a SQuAD title, a news article id), never by question, so that no article is seen
on both sides; it is a fixed hash of the article's key, so every script, test and session agrees on it
without storing it.
"""

from __future__ import annotations

import hashlib
from typing import Literal

Split = Literal["tune", "measure"]
SALT = "isnad-split-v1"


def split_of(article_key: str) -> Split:
    """`tune` or `measure` for an article, half and half by a hash of its key."""
    digest = hashlib.sha256(f"{SALT}:{article_key}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "measure"


def held_out(paragraph_key: str, share: float) -> bool:
    """Whether a paragraph is left out of the index (to ask its questions as unanswerable ones): a fixed
    `share` of paragraphs, chosen by a hash independent of the tune/measure split."""
    digest = hashlib.sha256(f"{SALT}:held-out:{paragraph_key}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < share
