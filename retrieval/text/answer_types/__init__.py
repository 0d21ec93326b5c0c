"""Answer types: what kind of answer a question asks for, and the spans of a sentence that are answers of
each kind, in English and Arabic.

- `answer_type(question)`: DATE, DURATION, COUNT, MONEY, PERSON, PLACE, ORGANISATION, REASON or OTHER, read
  from the question's wording (`questions`).
- `typed_mentions(sentence, published)`: the dates, durations, amounts of money, counts, names of people,
  places and organisations, and reasons of a sentence, each a `TypedMention` with exact offsets and a
  normalised value where there is one (`mentions`, `quantities`, `names`, `reasons`).
- `new_mentions(mentions, question)`: those the question does not already contain.

Names are found by rules (titles, place and organisation words, a small gazetteer in
`retrieval/data/places.tsv`), not by a trained recogniser; `benchmarks/answer_types_check.py` measures how
often they catch the answer.
"""

from retrieval.text.answer_types.mentions import new_mentions, typed_mentions
from retrieval.text.answer_types.model import AnswerType, TypedMention
from retrieval.text.answer_types.questions import answer_type

__all__ = ["AnswerType", "TypedMention", "answer_type", "new_mentions", "typed_mentions"]
