"""Checking a generated answer against its sources, and turning its `[n]` markers into citations.

The rules, in order:
1. Markers whose numbers match no source are removed.
2. An answer that says the articles do not answer (the abstain phrase) and cites nothing is a valid
   abstention; its text becomes the standard phrase.
3. Otherwise the answer must cite at least one source, and every number and date in each sentence
   must be stated by a source that the same sentence cites (see `facts`).
4. Each cited source becomes one `Citation`: the sentence of its passage that best backs the answer
   text citing it. Citations are numbered 1..k in order of first use and the markers rewritten to match.
A rejected answer has `verified=False` and the reasons in `problems`; the caller shows the extractive
answer instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answer.decline import NOT_FOUND as ABSTAIN_TEXT
from retrieval.llm.citations import AnswerSentence, find_markers, rewrite_markers, split_sentences
from retrieval.llm.facts import PassageFacts, unsupported
from retrieval.llm.quotes import best_sentence
from retrieval.llm.sources import Source
from retrieval.records import Citation
from retrieval.text.arabic import tokens

# Folded word sequences that mark an abstention, whatever the answer language.
_ABSTAIN_PHRASES = (
    *(tuple(tokens(text)) for text in ABSTAIN_TEXT.values()),
    tuple(tokens("I couldn't find the answer in the articles")),
    tuple(tokens("لم اعثر على الاجابه في المقالات")),
)


@dataclass(frozen=True, slots=True)
class LLMAnswer:
    """A generated answer after verification."""

    text: str  # markers renumbered to match `citations`
    citations: tuple[Citation, ...]
    abstained: bool
    verified: bool
    problems: tuple[str, ...] = ()  # why it was rejected, one short phrase each
    raw: str = ""  # the model's text as generated


def verify_answer(raw: str, sources: Sequence[Source], language: str) -> LLMAnswer:
    """Check `raw` against the numbered `sources` and attach sentence-level citations (rules above)."""
    text = raw.strip()
    by_number = {s.n: s for s in sources}
    markers = find_markers(text)
    sentences = split_sentences(text, markers, set(by_number))
    cited = list(dict.fromkeys(n for s in sentences for n in s.cites))
    if not cited and says_not_found(text):
        return LLMAnswer(ABSTAIN_TEXT[language], (), abstained=True, verified=True, raw=raw)
    if not text:
        return _rejected(raw, "the answer is empty")
    if not cited:
        return _rejected(raw, "the answer cites no source")
    facts = {n: PassageFacts.of(by_number[n].passage) for n in cited}
    problems = [
        f"{problem} is not in {_sources_phrase(s.cites)}"
        for s in sentences
        for problem in unsupported(s.text, [(by_number[n].passage, facts[n]) for n in s.cites])
    ]
    if problems:
        return _rejected(raw, *problems)
    citations, renumber = _citations(cited, sentences, by_number)
    return LLMAnswer(rewrite_markers(text, markers, renumber), citations, abstained=False, verified=True, raw=raw)


def says_not_found(text: str) -> bool:
    """Whether `text` contains the abstain phrase of either language (folded, punctuation ignored)."""
    words = tuple(tokens(text))
    return any(_contains(words, phrase) for phrase in _ABSTAIN_PHRASES)


def _contains(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def _citations(
    cited: Sequence[int], sentences: Sequence[AnswerSentence], by_number: dict[int, Source]
) -> tuple[tuple[Citation, ...], dict[int, int]]:
    """One citation per distinct quoted sentence, numbered in order of first use; old n -> new n."""
    citations: list[Citation] = []
    numbers: dict[tuple[str, int], int] = {}
    renumber: dict[int, int] = {}
    for n in cited:
        passage = by_number[n].passage
        claim = " ".join(s.text for s in sentences if n in s.cites)
        span, _ = best_sentence(passage, claim)
        key = (passage.article_id, span.start)
        if key not in numbers:
            numbers[key] = len(citations) + 1
            citations.append(Citation.quoting(passage, span, numbers[key]))
        renumber[n] = numbers[key]
    return tuple(citations), renumber


def _sources_phrase(numbers: Sequence[int]) -> str:
    if not numbers:
        return "any cited source (the sentence cites none)"
    return ("source " if len(numbers) == 1 else "sources ") + ", ".join(f"[{n}]" for n in numbers)


def _rejected(raw: str, *problems: str) -> LLMAnswer:
    return LLMAnswer(raw.strip(), (), abstained=False, verified=False, problems=tuple(problems), raw=raw)
