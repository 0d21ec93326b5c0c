"""The segmented lexical index against the bm25s index it replaced: same results, same latency.

    git show 3f48e0e:retrieval/index/lexical.py > /tmp/bm25s_lexical.py
    python benchmarks/compare_lexical.py --old /tmp/bm25s_lexical.py --passages 100000

Synthetic passages (`benchmarks/synthetic.py`, as in run_scale.py) are indexed both ways; then each of the
queries goes through the old index, the new one as one segment, and the new one with a fresh segment of
one article beside it (as after a feed's ingest), in turn, so that load on the machine falls on all three
alike. A query is what hybrid search asks of the lexical index: term groups, the best 30, their coverage.
Also timed: extending the index by that segment and its first search (what every process does once after
another's ingest). Writes `benchmarks/results/lexical_segments.json`.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from synthetic import Writer  # noqa: E402

from retrieval.index.lexical import LexicalIndex, Segment  # noqa: E402
from retrieval.ingest.passages import chunk  # noqa: E402
from retrieval.text.query import QueryTerms  # noqa: E402


def one(index, terms: QueryTerms) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    groups = index.groups_for(terms)
    found = index.search(groups, 30)
    index.coverage(groups, [pid for pid, _ in found])
    return (time.perf_counter() - started) * 1000


@click.command()
@click.option("--old", "old_path", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--passages", default=100_000, show_default=True)
@click.option("--queries", default=500, show_default=True)
def main(old_path: Path, passages: int, queries: int) -> None:
    spec = importlib.util.spec_from_file_location("bm25s_lexical", old_path)
    assert spec is not None and spec.loader is not None
    old = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    writer = Writer()
    ids, texts = [], []
    for article in writer.articles():
        for p in chunk(article, target_chars=700, overlap=1, article_hash=f"{article.article_id:0>20}"):
            ids.append(p.passage_id)
            texts.append(p.text)
        if len(ids) >= passages:
            break
    before = old.LexicalIndex.build(ids, texts, "g")
    now = LexicalIndex.build(ids, texts, "g")
    fresh = Segment.of([("fresh-1", "fresh", " ".join(writer.sentence() for _ in range(8)))], first=1, drops={"fresh"})
    started = time.perf_counter()
    extended = now.extended([fresh], "g2")
    extended.search(extended.groups_for(QueryTerms.of(writer.query())), 16)
    extend_ms = (time.perf_counter() - started) * 1000
    asked = [QueryTerms.of(writer.query()) for _ in range(queries + 30)]
    indexes = {"bm25s": before, "one segment": now, "base + fresh segment": extended}
    times: dict[str, list[float]] = {name: [] for name in indexes}
    for n, terms in enumerate(asked):
        for name, index in indexes.items():
            spent = one(index, terms)
            if n >= 30:  # warm-up
                times[name].append(spent)
    same = sum(
        [p for p, _ in before.search(before.groups_for(t), 16)] == [p for p, _ in now.search(now.groups_for(t), 16)]
        for t in asked
    )
    report = {
        "passages": len(ids),
        "queries": queries,
        "same_top16_as_bm25s": f"{same}/{len(asked)}",
        "extend_and_first_search_ms": round(extend_ms, 1),
        "latency_ms": {
            name: {
                "p50": round(statistics.median(v), 2),
                "p95": round(statistics.quantiles(v, n=100)[94], 2),
                "mean": round(statistics.fmean(v), 2),
            }
            for name, v in times.items()
        },
    }
    click.echo(json.dumps(report, indent=1))
    (ROOT / "benchmarks" / "results" / "lexical_segments.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
