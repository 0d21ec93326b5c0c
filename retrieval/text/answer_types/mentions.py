"""Typed mentions: every span of a sentence that can answer a question of some type, and which of them a
question does not already contain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache

from retrieval.text.answer_types.model import AnswerType, TypedMention
from retrieval.text.answer_types.names import name_spans
from retrieval.text.answer_types.places import find_places
from retrieval.text.answer_types.quantities import quantity_mentions
from retrieval.text.answer_types.reasons import reason_mentions
from retrieval.text.answer_types.vocabulary import folded_words
from retrieval.text.answer_types.words import Word, words_of
from retrieval.text.arabic import content_stems, fold_keeping_offsets, light_stem
from retrieval.text.dates import DateMention, find_dates
from retrieval.text.numbers import find_quantities
from retrieval.text.transliteration import arabic_skeletons, latin_skeleton, skeletons_match

_NUMERIC = (AnswerType.COUNT, AnswerType.MONEY, AnswerType.DURATION)
# Parts of a name that say nothing of whom it names: they never make a mention new.
_NAME_PARTICLES = folded_words("بن ابن بنت ابو أبو آل عبد bin ibn bint al el abu abd")


def typed_mentions(
    sentence: str,
    published: dt.date | None,
    *,
    wanted: AnswerType | None = None,
    dates: Sequence[DateMention] | None = None,
) -> list[TypedMention]:
    """The typed mentions of `sentence`, in order: dates (resolved against `published`), durations, amounts
    of money, counts, people, places, organisations and reasons. Dates, numbers and names never overlap one
    another; a reason (a clause) may hold any of them.

    `wanted`: only mentions of that type, skipping the readers it does not need (names are the costly part);
    `dates`: the sentence's dates when the caller has already found them."""
    dates = find_dates(sentence, published) if dates is None else dates
    found = [TypedMention(AnswerType.DATE, d.start, d.end, d.text, d) for d in dates]
    if wanted is AnswerType.DATE:
        return found
    folded = fold_keeping_offsets(sentence)
    words = words_of(sentence, folded)
    if wanted is not AnswerType.REASON:
        found += quantity_mentions(sentence, words, dates)
    if wanted in (None, AnswerType.PERSON, AnswerType.PLACE, AnswerType.ORGANISATION):
        taken = [(m.start, m.end) for m in found]
        found += [_named(sentence, words, span) for span in name_spans(words, _word_spans(words, taken))]
    if wanted in (None, AnswerType.REASON):
        found += reason_mentions(sentence, folded)
    if wanted is not None:
        found = [m for m in found if m.type is wanted]
    return sorted(found, key=lambda m: (m.start, -m.end))


def _word_spans(words: Sequence[Word], spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans as word spans: the words that overlap each."""
    out = []
    for start, end in spans:
        inside = [i for i, w in enumerate(words) if w.start < end and start < w.end]
        if inside:
            out.append((inside[0], inside[-1] + 1))
    return out


def _named(sentence: str, words: Sequence[Word], span: tuple[int, int, AnswerType]) -> TypedMention:
    first, last, kind = span
    start, end = words[first].start, words[last - 1].end
    return TypedMention(kind, start, end, sentence[start:end])


def new_mentions(mentions: Sequence[TypedMention], question: str) -> list[TypedMention]:
    """The mentions that say something the question does not: a date the question does not name, a number it
    does not hold, a name or clause with a word it lacks (compared by folded stem, and an English question's
    names by consonant skeleton against Arabic words, and places through the gazetteer). A sentence holding
    only the question's own date or number is no answer to it."""
    asked = _asked(question)
    return [m for m in mentions if not asked.holds(m)]


@lru_cache(maxsize=256)
def _asked(question: str) -> _Asked:
    """The question read once, for every candidate sentence an answer weighs (reading it is the costly part)."""
    return _Asked(question)


class _Asked:
    """What a question already contains, in the forms a mention is compared in."""

    def __init__(self, question: str) -> None:
        own = typed_mentions(question, None)
        self.dates = [m.value for m in own if isinstance(m.value, DateMention)]
        self.numbers = {q.value for q in find_quantities(question, [(d.start, d.end) for d in self.dates], duals=True)}
        self.amounts = {(m.type, m.value) for m in own if m.type in _NUMERIC}  # ثلاثة ملايين ريال as 3e6
        self.stems = set(content_stems(question))
        words = words_of(question)
        self.skeletons = [latin_skeleton(w.folded) for w in words if w.is_latin and w.is_capitalised]
        self.places = {p.name for _, _, p in find_places(words)}

    def holds(self, mention: TypedMention) -> bool:
        if mention.type is AnswerType.DATE and isinstance(mention.value, DateMention):
            return any(_same_date(mention.value, d) for d in self.dates)
        if mention.type in _NUMERIC:
            if (mention.type, mention.value) in self.amounts:
                return True
            number = _leading_number(mention)
            return number is not None and number in self.numbers
        words = words_of(mention.text)
        if mention.type is AnswerType.PLACE:
            named = {p.name for _, _, p in find_places(words)}
            if named and named <= self.places:
                return True
        content = [w for w in words if w.folded not in _NAME_PARTICLES and content_stems(w.text)]
        return bool(content) and all(self._has(w) for w in content)

    def _has(self, word: Word) -> bool:
        if any(light_stem(s) in self.stems or s in self.stems for s in content_stems(word.text)):
            return True
        if word.is_arabic and self.skeletons:
            return any(skeletons_match(a, b) for a in arabic_skeletons(word.folded) for b in self.skeletons)
        return False


def _same_date(mention: DateMention, asked: DateMention) -> bool:
    """The question names this date: the same resolved days, or, unresolved, the same stated parts."""
    if mention.earliest and asked.earliest:
        return (mention.earliest, mention.latest) == (asked.earliest, asked.latest)
    return mention.parts == asked.parts


def _leading_number(mention: TypedMention) -> float | None:
    """The number a mention states, as the question would write it: 190, 2.5 (for 2.5 مليار), 3 (3 أيام)."""
    found = find_quantities(mention.text, duals=True)
    return found[0].value if found else None
