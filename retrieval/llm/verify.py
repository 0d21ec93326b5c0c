"""Checking a generated answer against the numbered sentences it cites, and turning its markers into citations.

The rules, in order (the first that fails rejects the answer; the caller then shows the extractive answer):
1. Something must be said: an empty answer, one holding a placeholder (`[n]`, `[source]`, a lone `…`), or
   one made only of markers fails.
2. A refusal in the model's own words ("the articles do not say …", "لا تذكر المقالات …"; see `refusal`)
   in every sentence is an abstention: no citations.
3. Markers whose numbers match no sentence are removed. At least one sentence must cite a sentence and
   add something to the question (an answer that restates the question, cited or not, says nothing).
4. Every number, date and Latin name of a claim (the text before a run of markers) must be stated by a
   sentence those markers cite (or by the sentence before that one, shown to the model for context; the
   quote then spans both). A sentence that cites nothing may hold none of them, unless it is a refusal
   repeating the question's own words.
5. Each cited sentence becomes one `Citation` quoting it; citations are numbered by article, in order of
   first use (several quotes of one article share a number), and the answer's markers rewritten to match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.llm.citations import AnswerSentence, find_markers, find_placeholder, rewrite_markers, split_sentences
from retrieval.llm.facts import Claims, QuestionWords, Support, unsupported
from retrieval.llm.refusal import is_refusal
from retrieval.llm.sources import Source
from retrieval.records import Citation
from retrieval.text.arabic import content_stems

_WORDS = re.compile(r"[^\W_]")  # a letter or a digit: a sentence says something


@dataclass(frozen=True, slots=True)
class LLMAnswer:
    """A generated answer after verification."""

    text: str  # markers renumbered to match `citations`
    citations: tuple[Citation, ...]
    abstained: bool
    verified: bool
    problems: tuple[str, ...] = ()  # why it was rejected, one short phrase each
    raw: str = ""  # the model's text as generated


def verify_answer(raw: str, sources: Sequence[Source], question: str) -> LLMAnswer:
    """Check `raw` against the numbered `sources` the model was shown for `question` (rules above)."""
    text = raw.strip()
    if not text:
        return _rejected(raw, "the answer is empty")
    if placeholder := find_placeholder(text):
        return _rejected(raw, f"the answer holds the placeholder “{placeholder}”")
    by_number = {s.n: s for s in sources}
    markers = find_markers(text)
    sentences = [s for s in split_sentences(text, markers, set(by_number)) if _WORDS.search(s.text)]
    if not sentences:
        return _rejected(raw, "the answer is only citation markers")
    refusals = [is_refusal(s.text) for s in sentences]
    if all(refusals):
        return LLMAnswer(text, (), abstained=True, verified=True, raw=raw)
    asked = QuestionWords.of(question)
    claims = [(s, Claims.of(s.text)) for s, refusal in zip(sentences, refusals, strict=True) if not refusal]
    if not any(s.cites for s, _ in claims):
        return _rejected(raw, "the answer cites no source")
    if not any(s.cites and _adds_to(s, c, asked) for s, c in claims):
        return _rejected(raw, "the answer only repeats the question")
    problems: list[str] = []
    widened: set[int] = set()
    for sentence, refusal in zip(sentences, refusals, strict=True):
        found = Claims.of(sentence.text)
        if refusal or not sentence.cites:
            problems += [f"{fact} is not cited" for fact in unsupported(found, [], asked, repeating=refusal)]
            continue
        for claim, cites in sentence.claims:
            cites = cites or sentence.cites  # a claim before a marker-less full stop: the sentence's markers
            facts = Claims.of(claim)
            if not unsupported(facts, [Support.of(by_number[n], with_context=False) for n in cites], asked):
                continue
            missing = unsupported(facts, [Support.of(by_number[n], with_context=True) for n in cites], asked)
            if missing:
                problems += [f"{fact} is not in {_sentences_phrase(cites)}" for fact in missing]
            else:
                widened.update(n for n in cites if by_number[n].context)
    if problems:
        return _rejected(raw, *problems)
    cited = list(dict.fromkeys(n for s, _ in claims for n in s.cites))
    citations, renumber = _citations(cited, by_number, widened)
    return LLMAnswer(rewrite_markers(text, markers, renumber), citations, abstained=False, verified=True, raw=raw)


def _adds_to(sentence: AnswerSentence, claims: Claims, asked: QuestionWords) -> bool:
    """Whether the sentence says more than the question: a word, number or date the question lacks."""
    if claims.dates or any(v not in asked.numbers for v in claims.numbers):
        return True
    return bool(set(content_stems(sentence.text)) - asked.stems)


def _citations(
    cited: Sequence[int], by_number: dict[int, Source], widened: set[int]
) -> tuple[tuple[Citation, ...], dict[int, int]]:
    """One citation per cited sentence, numbered by article in order of first use; sentence n -> article n."""
    articles: dict[str, int] = {}
    citations: list[Citation] = []
    renumber: dict[int, int] = {}
    for n in cited:
        source = by_number[n]
        number = articles.setdefault(source.passage.article_id, len(articles) + 1)
        citations.append(Citation.quoting(source.passage, source.quote_span(n in widened), number))
        renumber[n] = number
    citations.sort(key=lambda c: (c.n, c.start))
    return tuple(citations), renumber


def _sentences_phrase(numbers: Sequence[int]) -> str:
    return ("sentence " if len(numbers) == 1 else "sentences ") + ", ".join(f"[{n}]" for n in numbers)


def _rejected(raw: str, *problems: str) -> LLMAnswer:
    return LLMAnswer(raw.strip(), (), abstained=False, verified=False, problems=tuple(problems), raw=raw)
