"""What the indexed articles talk about at all: a question whose subject they never mention is not answered.

"من هو رئيس الوزراء الإسرائيلي؟" shares "prime minister" with an article about a Russian deputy prime
minister, and that sentence may look close enough; but if no passage mentions the question's other word,
no sentence can answer it. Only Arabic words are judged: an English word may be missing from the glossary,
or said another way in Arabic, so its absence proves nothing.
"""

from __future__ import annotations

import re
import weakref

from retrieval.index.lexical import LexicalIndex
from retrieval.text.query import QueryTerms, Term

_ARABIC = re.compile("[\u0621-\u064a]")
_LONG_VOWELS = re.compile("[اويىء]")
_IMPERFECT_PREFIXES = "يتنا"
_MIN_PREFIXED = 4


def absent_terms(terms: QueryTerms, lexical: LexicalIndex) -> list[Term]:
    """The question's terms that no passage of the index contains in any form."""
    judged = [term for term in terms.terms if _judgeable(term)]
    if not judged:
        return []
    roots = _roots(lexical)
    return [term for term in judged if not any(root_key(stem) in roots for stem in term.stems)]


def root_key(stem: str) -> str:
    """A looser form of a stem that joins a verb and its noun: سقط/سقوط, تحرص/حرص, زار/زيار."""
    if len(stem) >= _MIN_PREFIXED and stem[0] in _IMPERFECT_PREFIXES:
        stem = stem[1:]
    return _LONG_VOWELS.sub("", stem) or stem


def _judgeable(term: Term) -> bool:
    """Arabic words only; dates are matched by meaning, and English words through a partial glossary."""
    return term.period is None and term.skeleton is None and all(_ARABIC.search(stem) for stem in term.stems)


def _roots(lexical: LexicalIndex) -> frozenset[str]:
    """Root keys of the index's vocabulary, computed once per lexical index."""
    roots = _ROOT_CACHE.get(lexical)
    if roots is None:
        roots = _ROOT_CACHE[lexical] = frozenset(root_key(term) for term in lexical.vocabulary())
    return roots


_ROOT_CACHE: weakref.WeakKeyDictionary[LexicalIndex, frozenset[str]] = weakref.WeakKeyDictionary()
