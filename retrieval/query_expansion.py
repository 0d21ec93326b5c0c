"""Lexical terms for a question, across scripts: an English question finds Arabic passages by BM25 too.

A question becomes term groups, one per content word: any term of a group counts as that word. An
English word's group holds its own stem, the Arabic stems the news glossary gives for it and, when the
word is a name, the index's Arabic terms whose consonant skeleton matches it ("Belousov" finds
"بيلوسوف"). Arabic words and numbers are groups of one stem. Grouping keeps a word with six glosses
from counting six times.

Only names are matched by skeleton: most English words have some Arabic term with a similar skeleton
("could" finds "كلود"), and those chance matches outweighed the real ones. A name is a capitalised
word (the question's first word only when the glossary does not know it); in a question typed all in
lower case, any word the glossary does not know may be one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from retrieval.arabic import content_stems
from retrieval.glossary import arabic_stems_for
from retrieval.transliteration import MIN_SKELETON, arabic_skeletons, latin_skeleton, without_article

TermGroup = frozenset[str]

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[^\W_]+")  # a Latin word (al-Sharaa, Shar'a) or any other token
_LATIN = re.compile(r"[A-Za-z]")
_MIN_FUZZY = 5  # skeletons this long also match a form with one consonant fewer (4+ consonants left)


def _deletions(skeleton: str) -> set[str]:
    """The skeleton and, when it is long, every form of it with one consonant removed."""
    forms = {skeleton}
    if len(skeleton) >= _MIN_FUZZY:
        forms |= {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}
    return forms


def is_name(word: str, *, first: bool, glossed: bool, capitals: bool) -> bool:
    """Whether an English word of a question should be looked for as a name written in Arabic.

    `first`: it opens the question; `glossed`: the glossary translates it; `capitals`: the question
    has any capital letter at all."""
    if not capitals:
        return not glossed
    if len(word) > 1 and word.isupper():
        return True  # an acronym
    return word[0].isupper() and not (first and glossed)


class CrossScriptExpander:
    """Maps a question (English, Arabic or mixed) onto term groups in the vocabulary of a lexical index."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_skeleton: dict[str, set[str]] = {}
        for term in vocabulary:
            if not term or term.isascii():
                continue
            for skeleton in arabic_skeletons(term):
                if len(skeleton) >= MIN_SKELETON:
                    for form in _deletions(skeleton):
                        self._by_skeleton.setdefault(form, set()).add(term)

    def groups(self, question: str) -> list[TermGroup]:
        """One group per content word of the question, in question order, without repeats."""
        capitals = any(ch.isupper() for ch in question)
        out: dict[TermGroup, None] = {}
        for position, word in enumerate(_WORD.findall(question)):
            if not _LATIN.match(word):  # Arabic words and numbers stand for themselves
                out.update(dict.fromkeys(frozenset([stem]) for stem in content_stems(word)))
                continue
            base = without_article(word)
            stems = content_stems(base)
            if not stems:
                continue  # a stopword
            glosses = arabic_stems_for(base)
            group = set(stems) | glosses
            if is_name(word, first=position == 0, glossed=bool(glosses), capitals=capitals):
                group |= self.names_like(word)
            out[frozenset(group)] = None
        return list(out)

    def names_like(self, word: str) -> set[str]:
        """The index's Arabic terms whose skeleton matches the Latin `word` (one consonant of slack)."""
        skeleton = latin_skeleton(word)
        if len(skeleton) < MIN_SKELETON:
            return set()
        matches: set[str] = set()
        for form in _deletions(skeleton):
            matches |= self._by_skeleton.get(form, set())
        return matches
