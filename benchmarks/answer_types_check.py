"""How well the answer-type layer reads questions and finds typed mentions, on the tune part of the data.

    python benchmarks/answer_types_check.py                  # tune part (the only part rules are made on)
    python benchmarks/answer_types_check.py --failures 20    # and some failures per type, to study

It prints:

1. question-type accuracy of `answer_type` on our own news questions (`benchmarks/data/news_questions_*.jsonl`,
   split by their `article`), with the confusion between the labelled kind and the type read;
2. mention recall, per type, on XQuAD Arabic, XQuAD English questions over the Arabic paragraphs (matched by
   question id) and TyDi QA Arabic (split by article title): for each question `answer_type` labels DATE,
   COUNT, MONEY, DURATION, PERSON or PLACE, whether a `typed_mentions` mention of that type in the gold
   paragraph overlaps the gold answer (any of them). Questions read as another type are not counted.

The split rule is `retrieval.evaluation.splits.split_of`. `--part measure` exists to report the other part
once the rules are fixed; rules are never changed by looking at it.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click

from retrieval.answer_types import AnswerType, TypedMention, answer_type, typed_mentions
from retrieval.evaluation.splits import split_of
from retrieval.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
NEWS = sorted((ROOT / "benchmarks" / "data").glob("news_questions_*.jsonl"))
DEFAULT_DATA = ROOT.parent / "shared" / "data"  # holds xquad/ and tydiqa/
KIND_TYPES = {
    "when": AnswerType.DATE,
    "count": AnswerType.COUNT,
    "money": AnswerType.MONEY,
    "duration": AnswerType.DURATION,
    "who": AnswerType.PERSON,
    "where": AnswerType.PLACE,
    "why": AnswerType.REASON,
    "what": AnswerType.OTHER,
}
MEASURED_TYPES = (
    AnswerType.DATE,
    AnswerType.COUNT,
    AnswerType.MONEY,
    AnswerType.DURATION,
    AnswerType.PERSON,
    AnswerType.PLACE,
)


@dataclass(frozen=True)
class GoldQuestion:
    question: str
    context: str
    answers: tuple[tuple[int, str], ...]  # (start in context, text)


def news_accuracy(part: str) -> None:
    rows = [json.loads(line) for path in NEWS for line in path.read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if split_of(r["article"]) == part]
    confusion: Counter[tuple[AnswerType, AnswerType]] = Counter()
    for row in rows:
        confusion[(KIND_TYPES[row["kind"]], answer_type(row["question"]))] += 1
    right = sum(n for (want, got), n in confusion.items() if want is got)
    print(f"News questions ({part} part): {right}/{len(rows)} typed as labelled ({right / max(len(rows), 1):.3f})")
    types = list(AnswerType)
    print("labelled \\ read  " + " ".join(f"{t.name[:5]:>5}" for t in types))
    for want in types:
        if any(w is want for w, _ in confusion):
            cells = " ".join(f"{confusion[(want, got)] or '.':>5}" for got in types)
            print(f"{want.name:<16} {cells}")
    print()


def squad(path: Path, part: str) -> Iterator[tuple[str, str, dict]]:
    """(question id, paragraph, question) for the questions of articles in `part`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for article in data["data"]:
        if split_of(article["title"]) != part:
            continue
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                yield qa["id"], paragraph["context"], qa


def gold_questions(name: str, part: str, data: Path) -> list[GoldQuestion]:
    def answers(qa: dict) -> tuple[tuple[int, str], ...]:
        return tuple((a["answer_start"], a["text"]) for a in qa["answers"])

    xquad, tydi = data / "xquad", data / "tydiqa" / "tydiqa-goldp-ar-dev.json"
    if name == "XQuAD ar":
        return [GoldQuestion(qa["question"], ctx, answers(qa)) for _, ctx, qa in squad(xquad / "xquad.ar.json", part)]
    if name == "XQuAD en→ar":
        english = {qid: qa["question"] for qid, _, qa in squad(xquad / "xquad.en.json", part)}
        return [
            GoldQuestion(english[qid], ctx, answers(qa))
            for qid, ctx, qa in squad(xquad / "xquad.ar.json", part)
            if qid in english
        ]
    return [GoldQuestion(qa["question"], ctx, answers(qa)) for _, ctx, qa in squad(tydi, part)]


@lru_cache(maxsize=4096)
def paragraph_mentions(context: str) -> tuple[TypedMention, ...]:
    """Every typed mention of a paragraph, sentence by sentence, with offsets into the paragraph."""
    found: list[TypedMention] = []
    for span in split_sentences(context):
        for m in typed_mentions(context[span.start : span.end], None):
            found.append(
                TypedMention(m.type, m.start + span.start, m.end + span.start, m.text, m.value, m.unit, m.counted)
            )
    return tuple(found)


def mention_recall(name: str, part: str, data: Path, failures: int) -> None:
    hits: dict[AnswerType, list[bool]] = defaultdict(list)
    shown: Counter[AnswerType] = Counter()
    for q in gold_questions(name, part, data):
        kind = answer_type(q.question)
        if kind not in MEASURED_TYPES:
            continue
        mentions = [m for m in paragraph_mentions(q.context) if m.type is kind]
        hit = any(
            m.start < start + len(text) and start < m.end
            for m in mentions
            for start, text in q.answers
            if start >= 0
        )
        hits[kind].append(hit)
        if not hit and shown[kind] < failures:
            shown[kind] += 1
            start, text = q.answers[0]
            near = [m.text for m in mentions if abs(m.start - start) < 200][:4]
            print(f"  miss {kind.name}: {q.question} | gold: {text} | {kind.name.lower()} mentions near: {near}")
    total = [h for values in hits.values() for h in values]
    print(f"{name} ({part} part): mention recall {sum(total)}/{len(total)} ({sum(total) / max(len(total), 1):.3f})")
    for kind in MEASURED_TYPES:
        values = hits.get(kind, [])
        if values:
            print(f"  {kind.name:<9} {sum(values):>4}/{len(values):<4} {sum(values) / len(values):.3f}")
    print()


@click.command()
@click.option("--part", type=click.Choice(["tune", "measure"]), default="tune", show_default=True)
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="The folder holding xquad/ and tydiqa/.",
)
@click.option("--failures", type=int, default=0, help="Show this many misses per type and set.")
def main(part: str, data: Path, failures: int) -> None:
    news_accuracy(part)
    for name in ("XQuAD ar", "XQuAD en→ar", "TyDi ar"):
        mention_recall(name, part, data, failures)


if __name__ == "__main__":
    main()
