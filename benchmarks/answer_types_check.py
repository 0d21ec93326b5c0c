"""How well the answer-type layer reads questions and finds typed mentions, on the tune part of the data.

    python benchmarks/answer_types_check.py                  # tune part (the only part rules are made on)
    python benchmarks/answer_types_check.py --failures 20    # and some failures per type, to study

It prints:

1. question-type accuracy of `answer_type` on our own news questions (`benchmarks/data/news_questions_*.jsonl`,
   split by their `article`), with the confusion between the labelled kind and the type read;
2. mention recall on those news questions: for each answerable one of a measured type (below, and REASON), whether a
   mention of the labelled type in a supporting article overlaps an occurrence of an expected answer string
   (questions whose expected strings do not occur in the article, e.g. English-only ones, are left out);
3. mention recall, per type, on XQuAD Arabic, XQuAD English questions over the Arabic paragraphs (matched by
   question id) and TyDi QA Arabic (split by article title): for each question `answer_type` labels DATE,
   COUNT, MONEY, DURATION, PERSON or PLACE, whether a `typed_mentions` mention of that type in the gold
   paragraph overlaps the gold answer (any of them). Questions read as another type are not counted.

Then, for each set, how many mentions of each type the rules find per 1,000 words of the paragraphs read:
recall is only worth something if the rules do not mark everything.

The split rule is `retrieval.evaluation.splits.split_of`. `--part measure` exists to report the other part
once the rules are fixed; rules are never changed by looking at it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import click

from retrieval.evaluation.splits import split_of
from retrieval.text.answer_types import AnswerType, TypedMention, answer_type, typed_mentions
from retrieval.text.arabic import fold_keeping_offsets
from retrieval.text.sentences import split_sentences

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


def news_recall(part: str, data: Path) -> None:
    articles = {}
    for line in (data / "news_sample" / "saudinewsnet_sample.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            articles[record["id"]] = record
    rows = [json.loads(line) for path in NEWS for line in path.read_text(encoding="utf-8").splitlines() if line]
    hits: dict[AnswerType, list[bool]] = defaultdict(list)
    for row in rows:
        kind = KIND_TYPES[row["kind"]]
        if (
            split_of(row["article"]) != part
            or not row["answerable"]
            or kind not in (*MEASURED_TYPES, AnswerType.REASON)
        ):
            continue
        found = located = False
        for article_id in row["support"]:
            article = articles[article_id]
            text = article["text"]
            folded, origin = fold_keeping_offsets(text)
            needles = {fold_keeping_offsets(alt.lower())[0].strip() for group in row["expect"] for alt in group}
            spans = [
                (origin[m], origin[m + len(needle) - 1] + 1)
                for needle in needles
                if needle
                for m in _occurrences(folded, needle)
            ]
            if not spans:
                continue
            located = True
            published = dt.date.fromisoformat(article["published"][:10]) if article.get("published") else None
            mentions = [m for m in paragraph_mentions(text, published) if m.type is kind]
            found = found or any(m.start < e and s < m.end for m in mentions for s, e in spans)
        if located:
            hits[kind].append(found)
    _print_recall(f"News questions ({part} part), mentions in the supporting article", hits)


def _occurrences(text: str, needle: str) -> list[int]:
    found, i = [], text.find(needle)
    while i >= 0:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def _print_recall(title: str, hits: dict[AnswerType, list[bool]]) -> None:
    total = [h for values in hits.values() for h in values]
    print(f"{title}: mention recall {sum(total)}/{len(total)} ({sum(total) / max(len(total), 1):.3f})")
    for kind in (*MEASURED_TYPES, AnswerType.REASON):
        values = hits.get(kind, [])
        if values:
            print(f"  {kind.name:<9} {sum(values):>4}/{len(values):<4} {sum(values) / len(values):.3f}")
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
def paragraph_mentions(context: str, published: dt.date | None = None) -> tuple[TypedMention, ...]:
    """Every typed mention of a paragraph, sentence by sentence, with offsets into the paragraph."""
    found: list[TypedMention] = []
    for span in split_sentences(context):
        for m in typed_mentions(context[span.start : span.end], published):
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
            m.start < start + len(text) and start < m.end for m in mentions for start, text in q.answers if start >= 0
        )
        hits[kind].append(hit)
        if not hit and shown[kind] < failures:
            shown[kind] += 1
            start, text = q.answers[0]
            near = [m.text for m in mentions if abs(m.start - start) < 200][:4]
            print(f"  miss {kind.name}: {q.question} | gold: {text} | {kind.name.lower()} mentions near: {near}")
    _print_recall(f"{name} ({part} part)", hits)
    _print_density(name, {q.context for q in gold_questions(name, part, data)})


def _print_density(name: str, paragraphs: set[str]) -> None:
    words = sum(len(p.split()) for p in paragraphs)
    counts = Counter(m.type for p in paragraphs for m in paragraph_mentions(p))
    cells = ", ".join(
        f"{kind.name.lower()} {1000 * counts[kind] / max(words, 1):.0f}" for kind in AnswerType if counts[kind]
    )
    print(f"  mentions per 1,000 words of its paragraphs: {cells}")
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
    news_recall(part, data)
    for name in ("XQuAD ar", "XQuAD en→ar", "TyDi ar"):
        mention_recall(name, part, data, failures)


if __name__ == "__main__":
    main()
