"""Lexical terms for a question, across scripts: an English question finds Arabic passages by BM25 too.

An English word contributes its own stem, the Arabic stems the news glossary gives for it, and the
index's Arabic terms whose consonant skeleton matches it (names: "Belousov" finds "بيلوسوف"). Arabic
words contribute their stems as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.arabic import content_stems
from retrieval.glossary import arabic_stems_for
from retrieval.transliteration import MIN_SKELETON, arabic_skeletons, latin_skeleton

_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_LATIN_ARTICLE = re.compile(r"^(?:al|el)[-‐]", re.IGNORECASE)
_MIN_FUZZY = 5  # skeletons this long also match a form with one consonant fewer (4+ consonants left)


def _deletions(skeleton: str) -> set[str]:
    """The skeleton and, when it is long, every form of it with one consonant removed."""
    forms = {skeleton}
    if len(skeleton) >= _MIN_FUZZY:
        forms |= {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}
    return forms


class CrossScriptExpander:
    """Maps an English question onto the vocabulary of an (Arabic) lexical index."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_skeleton: dict[str, set[str]] = {}
        for term in vocabulary:
            if not term or term.isascii():
                continue
            for skeleton in arabic_skeletons(term):
                if len(skeleton) >= MIN_SKELETON:
                    for form in _deletions(skeleton):
                        self._by_skeleton.setdefault(form, set()).add(term)

    def terms(self, question: str) -> list[str]:
        """The question's own stems, then the Arabic terms its English words map to (no repeats)."""
        out: dict[str, None] = dict.fromkeys(content_stems(question))
        for word in _LATIN_WORD.findall(question):
            base = _LATIN_ARTICLE.sub("", word)
            if not content_stems(base):
                continue  # a stopword
            out.update(dict.fromkeys(sorted(arabic_stems_for(base))))
            skeleton = latin_skeleton(word)
            if len(skeleton) >= MIN_SKELETON:
                matches: set[str] = set()
                for form in _deletions(skeleton):
                    matches |= self._by_skeleton.get(form, set())
                out.update(dict.fromkeys(sorted(matches)))
        return list(out)
