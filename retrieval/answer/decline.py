"""Declining: what the answer says when the articles do not answer, and a signal of when they cannot.

`decline_text`: the decline in the asker's language, with a one-line hint of what the articles do cover
(the titles of those closest to the question), never unrelated quotes.

`absent_terms`: the question's Arabic words that no article contains in any form. "من هو رئيس الوزراء
الإسرائيلي؟" shares "prime minister" with an article about a Russian deputy prime minister, but if no
passage mentions its other word, no sentence is likely to answer it. It is one feature of the decision
(`features.py`), weighed by the fitted model, not a rule: on unseen questions a word may be missing from
the index in this form and the question still answerable. Only Arabic words are judged: an English word may
be missing from the glossary, or said another way in Arabic, so its absence proves nothing.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence

from retrieval.index.lexical import LexicalIndex
from retrieval.text.query import QueryTerms, Term

NOT_FOUND = {"en": "I could not find the answer in the articles.", "ar": "لم أجد الإجابة في المقالات."}
_COVER = {"en": "They cover, for example: ", "ar": "ومن موضوعاتها: "}
_SEPARATOR = {"en": "; ", "ar": "؛ "}
MAX_HINT_TITLES = 3

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


def decline_text(language: str, titles: Sequence[str] = ()) -> str:
    """`I could not find the answer in the articles. They cover, for example: «…»; «…».`"""
    shown = list(dict.fromkeys(t.strip() for t in titles if t.strip()))[:MAX_HINT_TITLES]
    if not shown:
        return NOT_FOUND[language]
    return f"{NOT_FOUND[language]} {_COVER[language]}{_SEPARATOR[language].join(f'«{t}»' for t in shown)}."
