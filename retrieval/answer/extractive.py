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
from dataclasses import dataclass, replace

from retrieval.answer.answer_line import Found, answer_line, event_mentions, same_text
from retrieval.answer.decline import decline_text
from retrieval.answer.evidence import Sentence
from retrieval.answer.features import REQUIRED, TYPED, Candidate, answer_pool, mention_contexts
from retrieval.answer.model import AnswererParameters
from retrieval.answer.ranking import confidence, parameters, rank
from retrieval.answer.stories import StoryQuote, disagree, merge_story_quotes
from retrieval.records import Citation, newest_published
from retrieval.text.answer_types import AnswerType, TypedMention
from retrieval.text.arabic import content_stems
from retrieval.text.query import Query

MAX_QUOTES = 3
MAX_DATE_QUOTES = 4  # "when" questions often have several right answers (several visits, disagreeing sources)
LEAD = {"en": "According to the articles:", "ar": "بحسب المقالات:"}
REPORTED_BY = {"en": "(reported by {n} outlets)", "ar": "(نقلته {n} من وسائل الإعلام)"}
OTHER_VERSION = {"en": "(another outlet's version)", "ar": "(رواية وسيلة إعلام أخرى)"}


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer before timings and conversation details are attached."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    answer_line: str | None = None
    confidence: float | None = None
    evidence: tuple[Sentence, ...] = ()  # the candidates ranked most likely to hold the answer first (for the LLM)

    @property
    def as_of(self) -> dt.date | None:
        """The newest publication date among the cited articles."""
        return newest_published(self.citations)


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
    pool = answer_pool(query, ranked)
    p = confidence(query, pool, absent_terms, params)
    chosen = choose(pool, params.quote_share, MAX_DATE_QUOTES if query.kind is AnswerType.DATE else MAX_QUOTES)
    if p < params.threshold or not chosen:
        return decline(query, hint, p)
    return replace(compose(query, chosen, p, sentences), evidence=tuple(c.sentence for c in ranked))


def choose(pool: Sequence[Candidate], quote_share: float, limit: int) -> list[Candidate]:
    """The candidates to quote, best first: the best one, and those nearly as likely, each sentence once."""
    if not pool:
        return []
    chosen: list[Candidate] = []
    for c in pool:
        if c.probability < quote_share * pool[0].probability or len(chosen) == limit:
            break
        if not any(same_text(c.sentence.text, k.sentence.text) for k in chosen):
            chosen.append(c)
    return chosen


def said_values(query: Query, chosen: Sequence[Candidate], citations: Sequence[Citation]) -> list[Found]:
    """The values the answer line says. Dates are those that date what their sentence reports
    (`event_mentions`). When any value is said near the question's own words, only such values are said (a
    date beside "visited Moscow", not the year of an anniversary in another sentence); for names, one per
    quoted sentence: the nearest to the question's words, then the one sharing least with the question (a
    sentence names many places; the answer is the one the question does not)."""
    scored = []
    for c, citation in zip(chosen, citations, strict=True):
        near = dict(zip(map(id, c.mentions), mention_contexts(query, c), strict=True))
        scored.append([(m, near[id(m)], citation.n) for m in event_mentions(c.mentions)])
    anywhere_near = any(score > 0 for mentions in scored for _, score, _ in mentions)
    found: list[Found] = []
    for mentions in scored:
        kept = [item for item in mentions if item[1] > 0 or not anywhere_near]
        if query.kind not in REQUIRED:
            kept = sorted(kept, key=lambda item: (-item[1], _shared_with(query, item[0])))[:1]
        found += [Found(m, n) for m, _, n in kept]
    return found


def _shared_with(query: Query, mention: TypedMention) -> float:
    """The share of a mention's words that the question also has."""
    stems = content_stems(mention.text)
    return sum(stem in query.terms.stems for stem in stems) / len(stems) if stems else 1.0


def compose(query: Query, chosen: Sequence[Candidate], p: float, sentences: Sequence[Sentence] = ()) -> Draft:
    """The answer line, then the quotes, numbered one per article in the order they are quoted. A quoted
    sentence that other articles of its story carry near-identically (wire copies, see `stories.py`) is
    quoted once and cites each of them; where one of them gives it with another number or date, that
    version is quoted too, cited. `sentences` are where such copies are looked for."""
    language = query.answer_language
    groups = _quoted_groups(chosen, sentences)
    numbers: dict[str, int] = {}
    quoted = [
        tuple(replace(c, n=numbers.setdefault(c.article_id, len(numbers) + 1)) for c in story.citations)
        for _, story, _ in groups
    ]
    answering = [(c, group[0]) for (c, _, _), group in zip(groups, quoted, strict=True) if c is not None]
    found = said_values(query, [c for c, _ in answering], [citation for _, citation in answering])
    line = answer_line(query.kind, found, language) if query.kind in TYPED and found else None
    quotes = [
        _quote_line(group, story.reported_by, language, variant=variant)
        for (_, story, variant), group in zip(groups, quoted, strict=True)
    ]
    if line is None:  # other questions: the best sentence is the answer
        line, quotes = quotes[0], quotes[1:]
    text = "\n".join([line, LEAD[language], *quotes] if quotes else [line])
    return Draft(text, tuple(c for group in quoted for c in group), False, line, p)


def _quote_line(group: Sequence[Citation], reported_by: int, language: str, *, variant: bool = False) -> str:
    """`«sentence» [1][2] (reported by 2 outlets)`: the sentence once, with every article that carries it."""
    markers = "".join(f"[{n}]" for n in dict.fromkeys(c.n for c in group))
    if variant:
        return f"«{group[0].quote}» {markers} {OTHER_VERSION[language]}"
    outlets = f" {REPORTED_BY[language].format(n=reported_by)}" if reported_by > 1 else ""
    return f"«{group[0].quote}» {markers}{outlets}"


def _quoted_groups(
    chosen: Sequence[Candidate], sentences: Sequence[Sentence]
) -> list[tuple[Candidate | None, StoryQuote, bool]]:
    """The quotes in the order they are shown, each with its candidate (None for a version found only as a
    copy) and whether it is another outlet's version of a sentence shown before it. Each chosen sentence
    becomes a citation (numbered later) with its near-identical copies in other articles of its story
    (a chosen sentence that is a copy of an earlier one joins that one's quote); a version of it from the
    story with another number or date follows it."""
    heads = [c.sentence.citation(0) for c in chosen]
    stories = {h.story_id for h in heads if h.story_id}
    quoted = {h.article_id for h in heads}
    copies = [s.citation(0) for s in sentences if s.passage.story_id in stories and s.passage.article_id not in quoted]
    head_of = {id(h): c for h, c in zip(heads, chosen, strict=True)}
    merged = merge_story_quotes([*heads, *dict.fromkeys(copies)])
    versions = [g for g in merged if id(g.citations[0]) not in head_of]
    shown: list[tuple[Candidate | None, StoryQuote, bool]] = []
    for group in merged:
        first = group.citations[0]
        if id(first) not in head_of:
            continue
        variant = any(disagree(earlier.citations[0], first) for _, earlier, _ in shown)
        shown.append((head_of[id(first)], group, variant))
        for other in [v for v in versions if disagree(first, v.citations[0])]:
            shown.append((None, other, True))
            versions.remove(other)
    return shown
