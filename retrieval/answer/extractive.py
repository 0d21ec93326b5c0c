"""The default answerer: no LLM, just the sentences that answer the question, quoted and cited.

1. The candidate sentences are ranked by the fitted models (`ranking.py`): how likely each holds the answer,
   checking for the best few that they hold what the question asks for (a date, an amount, a name ...) and
   the question does not already say.
2. The decision model estimates how likely an answer made of the best of them is right; below the fitted
   threshold, or when the question wants a date, a number, an amount or a length of time and no candidate
   holds one, the answerer declines, with a hint of what the articles do cover.
3. Otherwise the answer opens with the answer itself in the asker's language (`answer_line.py`), then quotes
   the sentences it comes from, each once, each article under one citation number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answer.answer_line import Found, answer_line, event_mentions, same_text
from retrieval.answer.decline import decline_text
from retrieval.answer.evidence import Sentence
from retrieval.answer.features import REQUIRED, TYPED, Candidate
from retrieval.answer.model import AnswererParameters
from retrieval.answer.ranking import confidence, parameters, rank
from retrieval.records import Citation
from retrieval.text.answer_types import AnswerType
from retrieval.text.query import Query

MAX_QUOTES = 3
MAX_DATE_QUOTES = 4  # "when" questions often have several right answers (several visits, disagreeing sources)
LEAD = {"en": "According to the articles:", "ar": "بحسب المقالات:"}


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer before timings and conversation details are attached."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    answer_line: str | None = None
    confidence: float | None = None
    as_of: dt.date | None = None  # the newest publication date among the cited articles


def decline(query: Query, hint: Sequence[str] = (), confidence: float | None = None) -> Draft:
    """The answer that says the articles do not answer the question, with a hint of what they cover."""
    return Draft(decline_text(query.answer_language, hint), (), True, None, confidence)


def answer_from_sentences(
    query: Query,
    sentences: Sequence[Sentence],
    *,
    absent_terms: int = 0,
    hint: Sequence[str] = (),
    params: AnswererParameters | None = None,
) -> Draft:
    """Choose, check and quote the sentences that answer `query`; decline when none do.

    `absent_terms`: how many of the question's words no article contains (see `decline.absent_terms`);
    `hint`: titles of the articles closest to the question, named when declining."""
    if not query.terms.terms:  # nothing to look for: markup, symbols, only stopwords
        return decline(query, hint, 0.0)
    params = params or parameters()
    ranked = rank(query, sentences, params)
    p = confidence(query, ranked, absent_terms, params)
    chosen = choose(query, ranked, params.quote_share)
    if p < params.threshold or not chosen:
        return decline(query, hint, p)
    return compose(query, chosen, p)


def choose(query: Query, ranked: Sequence[Candidate], quote_share: float) -> list[Candidate]:
    """The candidates to quote, best first: the best one, and those nearly as likely, each sentence once. A
    question that wants a date, a number, an amount or a length of time quotes only sentences that hold one."""
    pool = [c for c in ranked if c.mentions] if query.kind in REQUIRED else list(ranked)
    if not pool:
        return []
    limit = MAX_DATE_QUOTES if query.kind is AnswerType.DATE else MAX_QUOTES
    chosen: list[Candidate] = []
    for c in pool:
        if c.probability < quote_share * pool[0].probability or len(chosen) == limit:
            break
        if not any(same_text(c.sentence.text, k.sentence.text) for k in chosen):
            chosen.append(c)
    return chosen


def compose(query: Query, chosen: Sequence[Candidate], p: float) -> Draft:
    """The answer line, then the quotes, numbered one per article in the order they are quoted."""
    language = query.answer_language
    numbers: dict[str, int] = {}
    citations = []
    for c in chosen:
        n = numbers.setdefault(c.sentence.passage.article_id, len(numbers) + 1)
        citations.append(c.sentence.citation(n))
    found = [
        Found(m, citation.n) for c, citation in zip(chosen, citations, strict=True) for m in event_mentions(c.mentions)
    ]
    line = answer_line(query.kind, found, language) if query.kind in TYPED and found else None
    quotes = [f"«{c.quote}» [{c.n}]" for c in citations]
    if line is None:  # other questions: the best sentence is the answer
        line, quotes = quotes[0], quotes[1:]
    text = "\n".join([line, LEAD[language], *quotes] if quotes else [line])
    dated = [c.published for c in citations if c.published]
    return Draft(text, tuple(citations), False, line, p, max(dated) if dated else None)
