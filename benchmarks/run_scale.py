"""Scale benchmark: ingest rate, peak memory and query latency at 1k, 10k and 100k passages, for the
embedded Chroma store and a Chroma server (`chroma run` on loopback).

    python benchmarks/run_scale.py                                 # everything (about 15 minutes here)
    python benchmarks/run_scale.py --sizes 1000,10000 --backends embedded

Synthetic Arabic-like articles and a hashing embedder (`benchmarks/synthetic.py`) stand in for news
and the model, so the figures are those of the store, the lexical index and the search around them.
Each (backend, size) runs in a fresh process (and, for the server, against a fresh server), so that
peak memory is that run's own. Ingest goes through `PassageIndex.ingest`, as `isnad ingest` does:
passages and their sentence vectors, in batches, then the lexical index. Queries go through
`HybridSearcher.search` with k=16, the number of passages an answer weighs.

Writes `benchmarks/results/scale.json` and `benchmarks/results/scale_latency.png`, and prints a
Markdown table.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click
import httpx

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SIZES = (1_000, 10_000, 100_000)
BACKENDS = ("embedded", "server")
QUERIES = 200
WARM_UP = 10
K = 16


# --- one run, in its own process -------------------------------------------------------------------------
def run_one(backend: str, size: int, workdir: Path, url: str | None) -> dict[str, Any]:
    """Ingest about `size` passages, then time searches; returns the figures of this run."""
    from synthetic import HashingEmbeddings, Writer

    from retrieval.index import lexical_seal
    from retrieval.index.passage_index import PassageIndex
    from retrieval.ingest.passages import chunk
    from retrieval.search.hybrid import HybridSearcher
    from retrieval.settings import load_settings
    from retrieval.text.query import Query

    settings = load_settings(
        _env_file=None, data_dir=workdir / "data", chroma_url=url, collection=f"scale_{size}", log_level="WARNING"
    )
    writer = Writer()
    articles, passages = [], 0
    for article in writer.articles():
        articles.append(article)
        passages += len(chunk(article, target_chars=settings.passage_chars, overlap=1, article_hash="x" * 20))
        if passages >= size:
            break
    embeddings = HashingEmbeddings()
    index = PassageIndex(settings, embeddings)
    started = time.perf_counter()
    report = index.ingest(articles)
    ingest_s = time.perf_counter() - started
    sentences = index.store._sentences.count()

    started = time.perf_counter()
    PassageIndex(settings, embeddings).lexical()  # a new process's first search: load the saved copy
    lexical_load_s = time.perf_counter() - started
    shutil.rmtree(settings.lexical_dir)
    lexical_seal.seal_path(settings.lexical_dir).unlink()
    started = time.perf_counter()
    PassageIndex(settings, embeddings).lexical()  # rebuilt from the store, as after another process's ingest
    lexical_rebuild_s = time.perf_counter() - started

    searcher = HybridSearcher(index)
    queries = [Query.analyse(writer.query(), embed=embeddings.embed_query) for _ in range(QUERIES + WARM_UP)]
    latency: dict[str, dict[str, float]] = {}
    for mode in ("hybrid", "dense", "lexical"):
        for query in queries[:WARM_UP]:
            searcher.search(query, K, mode=mode)
        times = []
        for query in queries[WARM_UP:]:
            started = time.perf_counter()
            searcher.search(query, K, mode=mode)
            times.append((time.perf_counter() - started) * 1000)
        latency[mode] = percentiles(times)
    fresh = fresh_article_visibility(settings, embeddings, index, searcher, queries[WARM_UP:], latency)
    return {
        "backend": backend,
        "fresh_article": fresh,
        "passages": report.passages_added,
        "articles": len(articles),
        "sentence_vectors": sentences,
        "ingest_s": round(ingest_s, 2),
        "ingest_passages_per_s": round(report.passages_added / ingest_s, 1),
        "lexical_load_s": round(lexical_load_s, 3),
        "lexical_rebuild_s": round(lexical_rebuild_s, 3),
        "latency_ms": latency,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "data_dir_mib": round(folder_size(settings.data_dir) / 2**20, 1),
    }


# A reader in another process: it opens the index, searches once (loading the lexical index), says so, then
# searches lexically for a word only the new article holds until it finds it, and prints when (epoch seconds).
READER = """
import json, sys, time
sys.path[:0] = sys.argv[3:]
from synthetic import HashingEmbeddings
from retrieval.index.passage_index import PassageIndex
from retrieval.search.hybrid import HybridSearcher
from retrieval.settings import load_settings
from retrieval.text.query import Query
settings = load_settings(_env_file=None, data_dir=sys.argv[1], chroma_url=sys.argv[2] or None, collection=sys.argv[4])
searcher = HybridSearcher(PassageIndex(settings, HashingEmbeddings()))
query = Query.analyse(sys.argv[5], embed=None)
searcher.search(query, 16, mode="lexical")
print("ready", flush=True)
while True:
    hits = searcher.search(query, 16, mode="lexical").hits
    if any(h.passage.article_id == sys.argv[6] for h in hits):
        print(json.dumps({"found_at": time.time()}), flush=True)
        break
    time.sleep(0.02)
"""
FRESH_WORD = "زقزقاتنظيفه"  # not in the synthetic vocabulary


def fresh_article_visibility(settings, embeddings, index, searcher, queries, before) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Ingest one new article while another process searches for it: how long the ingest call takes, how long
    until the other process finds it, and search latency and lexical results afterwards (the index now has
    a small segment beside the large one) against a whole rebuild."""
    from synthetic import Writer

    from retrieval.index.lexical import LexicalIndex
    from retrieval.records import Article

    article = Article(
        "fresh/one.txt", "خبر جديد", " ".join(Writer(seed=99).sentence() for _ in range(8)) + f" {FRESH_WORD}."
    )
    command = [
        sys.executable, "-c", READER, str(settings.data_dir), settings.chroma_url or "", str(ROOT / "benchmarks"),
        settings.collection, FRESH_WORD, article.article_id, str(ROOT),
    ]  # fmt: skip
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert reader.stdout is not None
    assert reader.stdout.readline().strip() == "ready"
    started_wall = time.time()
    started = time.perf_counter()
    index.ingest([article])
    ingest_s = time.perf_counter() - started
    found = json.loads(reader.stdout.readline())
    reader.wait(timeout=60)
    visible_s = found["found_at"] - started_wall

    after: dict[str, dict[str, float]] = {}
    for mode in ("hybrid", "lexical"):
        times = []
        for query in queries:
            t0 = time.perf_counter()
            searcher.search(query, K, mode=mode)
            times.append((time.perf_counter() - t0) * 1000)
        after[mode] = percentiles(times)
    segmented = index.lexical()
    passages = index.store.all_passages()
    whole = LexicalIndex.build([p.passage_id for p in passages], [p.text for p in passages], "whole")
    same = 0
    for query in queries:
        a = segmented.search(segmented.groups_for(query.terms), K)
        b = whole.search(whole.groups_for(query.terms), K)
        same += [pid for pid, _ in a] == [pid for pid, _ in b]
    return {
        "ingest_call_s": round(ingest_s, 3),
        "searchable_in_other_process_s": round(visible_s, 3),
        "segments_after": len(segmented.segments),
        "latency_after_ms": after,
        "latency_before_ms": {mode: before[mode] for mode in ("hybrid", "lexical")},
        "queries_with_same_lexical_top_k_as_a_whole_rebuild": f"{same}/{len(queries)}",
    }


def percentiles(times: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(times, n=100)
    return {
        "p50": round(statistics.median(times), 2),
        "p95": round(cuts[94], 2),
        "mean": round(statistics.fmean(times), 2),
    }


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


# --- a Chroma server for one run -----------------------------------------------------------------------
class Server:
    """`chroma run` on a free loopback port with its data in `path`; `peak_rss_mib` reads its high-water mark."""

    def __init__(self, path: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.path = path
        chroma = Path(sys.executable).with_name("chroma")
        command = [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("chroma run did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
        return float("nan")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def measure(backend: str, size: int) -> dict[str, Any]:
    """One run in a child process (and a fresh server for the server backend)."""
    with tempfile.TemporaryDirectory(prefix="isnad-scale-") as tmp:
        workdir = Path(tmp)
        server = Server(workdir / "server") if backend == "server" else None
        try:
            command = [sys.executable, __file__, "--worker", backend, "--sizes", str(size), "--workdir", tmp]
            if server:
                command += ["--url", server.url]
            environment = {k: v for k, v in os.environ.items() if not k.startswith("ISNAD_")}
            done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{backend} {size}: {done.stderr[-3000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if server:
                result["server_peak_rss_mib"] = server.peak_rss_mib()
                result["server_data_mib"] = round(folder_size(server.path) / 2**20, 1)
        finally:
            if server:
                server.stop()
    return result


# --- the report ---------------------------------------------------------------------------------------
def markdown(runs: list[dict[str, Any]]) -> str:
    lines = [
        "| store | passages | sentence vectors | ingest (passages/s) | peak RSS MiB (client + server) "
        "| hybrid p50 / p95 ms | dense p50 ms | lexical p50 ms | lexical rebuild s "
        "| one new article: ingest s / searchable elsewhere s | hybrid p50 after ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        memory = f"{run['peak_rss_mib']:.0f}"
        if "server_peak_rss_mib" in run:
            memory += f" + {run['server_peak_rss_mib']:.0f}"
        hybrid = run["latency_ms"]["hybrid"]
        lines.append(
            f"| {run['backend']} | {run['passages']:,} | {run['sentence_vectors']:,} | "
            f"{run['ingest_passages_per_s']:,.0f} | {memory} | {hybrid['p50']:.1f} / {hybrid['p95']:.1f} | "
            f"{run['latency_ms']['dense']['p50']:.1f} | {run['latency_ms']['lexical']['p50']:.1f} | "
            f"{run['lexical_rebuild_s']:.2f} | {run['fresh_article']['ingest_call_s']:.2f} / "
            f"{run['fresh_article']['searchable_in_other_process_s']:.2f} | "
            f"{run['fresh_article']['latency_after_ms']['hybrid']['p50']:.1f} |"
        )
    return "\n".join(lines)


def plot(runs: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5))
    for backend, colour in (("embedded", "tab:blue"), ("server", "tab:orange")):
        mine = sorted((r for r in runs if r["backend"] == backend), key=lambda r: r["passages"])
        if not mine:
            continue
        sizes = [r["passages"] for r in mine]
        for stat, style in (("p50", "-o"), ("p95", "--s")):
            values = [r["latency_ms"]["hybrid"][stat] for r in mine]
            axes.plot(sizes, values, style, color=colour, label=f"{backend}, hybrid {stat}")
    axes.set_xscale("log")
    axes.set_xlabel("passages in the index (log scale)")
    axes.set_ylabel("search latency (ms), k=16")
    axes.set_title("isnad hybrid search latency against index size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


@click.command()
@click.option("--sizes", default=",".join(map(str, SIZES)), show_default=True, help="Passage counts, comma-separated.")
@click.option("--backends", default=",".join(BACKENDS), show_default=True, help="embedded, server, or both.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True)
@click.option("--worker", hidden=True, default=None)
@click.option("--workdir", hidden=True, type=click.Path(path_type=Path), default=None)
@click.option("--url", hidden=True, default=None)
def main(sizes: str, backends: str, out: Path, worker: str | None, workdir: Path | None, url: str | None) -> None:
    """Measure, then write scale.json and scale_latency.png."""
    counts = [int(s) for s in sizes.split(",")]
    if worker:  # a child process: one run, its figures as the last line of output
        assert workdir is not None
        click.echo(json.dumps(run_one(worker, counts[0], workdir, url)))
        return
    runs = []
    started = time.perf_counter()
    for backend in backends.split(","):
        for size in counts:
            click.echo(f"{backend:>8} {size:>7,} passages ...", nl=False)
            run = measure(backend, size)
            runs.append(run)
            click.echo(
                f" ingest {run['ingest_s']:.1f} s ({run['ingest_passages_per_s']:,.0f}/s), "
                f"hybrid p50 {run['latency_ms']['hybrid']['p50']:.1f} ms, RSS {run['peak_rss_mib']:.0f} MiB"
            )
    import chromadb

    out.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "chromadb": chromadb.__version__,
            "platform": platform.platform(),
        },
        "embedder": "benchmark:hashing-384 (benchmarks/synthetic.py)",
        "queries_per_mode": QUERIES,
        "k": K,
        "total_s": round(time.perf_counter() - started, 1),
        "runs": runs,
    }
    (out / "scale.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    plot(runs, out / "scale_latency.png")
    click.echo("\n" + markdown(runs))
    click.echo(f"\nWrote {out / 'scale.json'} and {out / 'scale_latency.png'} in {report['total_s']:.0f} s.")


if __name__ == "__main__":
    main()
