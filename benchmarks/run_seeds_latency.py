"""Seed-corpus figures with the bundled model, for two versions of the code in one run on one machine: warm
answer latency (embedded store and a Chroma server) and ingest time (the seeds, and a larger set).

    python benchmarks/run_seeds_latency.py                        # base 3e67cae against this checkout
    python benchmarks/run_seeds_latency.py --rounds 4 --large-limit 40 --base HEAD~3

The base revision is checked out with `git worktree add` into a temporary folder outside the repository;
the current version is this checkout as it is (uncommitted changes included). Each version runs in its own
child process (this file with `--child`) with PYTHONPATH set to its tree, and the children use only what
both versions' public service has: `Settings`/`load_settings`, `Isnad(settings, embeddings=...)`,
`Isnad.ingest` and `Isnad.answer`. The bundled model is loaded once per child; a meter around it counts the
texts and characters each version embeds and the time the model takes for them (raw embedding throughput).

Measurements alternate between the versions so that the machine's load (other processes) affects both
alike: every answer round and every ingest runs base then current, the next one current then base.

- Ingest: into an empty index, with no embedding cache (every text goes through the model); the seeds
  `--ingest-rounds` times per version and store, the larger set (`--large`, default the SaudiNewsNet
  sample) once per version, embedded store.
- Answers: `Isnad.answer` (extractive) over the development questions, warm: one untimed pass, then
  `--rounds` timed passes per version.

Writes `benchmarks/results/seeds_latency.json` and prints Markdown tables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
QUESTIONS = SHARED / "eval" / "seeds_dev.jsonl"
LARGE = SHARED / "data" / "news_sample" / "saudinewsnet_sample.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
BASE = "3e67cae"  # the code before one Query per question and sentence-made passage vectors
VERSIONS = ("base", "current")


# --- the child: one version of the code -------------------------------------------------------------------
def child() -> None:
    """Serve requests (one JSON object a line on stdin) with the version of `retrieval` on PYTHONPATH."""
    from langchain_core.embeddings import Embeddings

    import retrieval
    from retrieval.service import Isnad
    from retrieval.settings import load_settings

    class Metered(Embeddings):
        """The model, counting what it is asked to embed for documents and the time it takes."""

        def __init__(self, inner: Embeddings) -> None:
            self.inner = inner
            self.identity = getattr(inner, "identity", None)
            self.texts = self.chars = 0
            self.seconds = 0.0

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            started = time.perf_counter()
            vectors = self.inner.embed_documents(texts)
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)
            self.chars += sum(map(len, texts))
            return vectors

        def embed_query(self, text: str) -> list[float]:
            return self.inner.embed_query(text)

    reply = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything a library prints goes to the log, not into the replies
    model: Embeddings | None = None
    services: dict[str, Any] = {}
    reply.write(json.dumps({"ready": True, "retrieval": retrieval.__file__}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "ingest":
            settings = load_settings(
                _env_file=None,
                data_dir=Path(request["data_dir"]),
                chroma_url=request["chroma_url"],
                collection=request["collection"],
                seeds_dir=Path(request["paths"][0]),
                threads=1,
            )
            if model is None:
                model = Isnad(settings).embeddings  # loaded once, outside every timing
            meter = Metered(model)
            isnad = Isnad(settings, embeddings=meter)
            started = time.perf_counter()
            report = isnad.ingest([Path(p) for p in request["paths"]])
            seconds = time.perf_counter() - started
            services[request["name"]] = isnad
            answer = {
                "seconds": round(seconds, 3),
                "articles": report.articles_added,
                "passages": report.passages_added,
                "embedded_texts": meter.texts,
                "embedded_chars": meter.chars,
                "embedding_seconds": round(meter.seconds, 3),
            }
        elif request["op"] == "answer":
            isnad = services[request["name"]]
            times, abstained = [], 0
            for question in request["questions"]:
                started = time.perf_counter()
                result = isnad.answer(question)
                times.append(round((time.perf_counter() - started) * 1000, 3))
                abstained += result.abstained
            answer = {"ms": times, "abstained": abstained}
        else:
            raise ValueError(request["op"])
        reply.write(json.dumps(answer) + "\n")


# --- the parent -------------------------------------------------------------------------------------------
class Child:
    """A child process running one version of the code."""

    def __init__(self, version: str, tree: Path, log: Path) -> None:
        self.version = version
        self.log_path = log
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("ISNAD_", "TELEGRAM_"))}
        environment["PYTHONPATH"] = str(tree)
        self._log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=environment,
            cwd=tree,
        )
        hello = self._read()
        self.retrieval = hello["retrieval"]
        if not Path(self.retrieval).resolve().is_relative_to(tree.resolve()):
            raise RuntimeError(f"{version}: imported {self.retrieval}, not the code in {tree}")

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def _read(self) -> dict[str, Any]:
        stdout: IO[str] | None = self.process.stdout
        line = stdout.readline() if stdout else ""
        if not line:
            self.process.wait(timeout=30)
            tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
            raise RuntimeError(f"the {self.version} child stopped (exit {self.process.returncode}):\n{tail}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=60)
        self._log.close()


@contextlib.contextmanager
def base_tree(revision: str, where: Path) -> Iterator[Path]:
    """The base revision checked out in a temporary worktree, removed afterwards."""
    path = where / "base"
    git = ["git", "-C", str(ROOT)]
    subprocess.run([*git, "worktree", "add", "--detach", str(path), revision], check=True, capture_output=True)
    try:
        yield path
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(path)], check=False, capture_output=True)
        subprocess.run([*git, "worktree", "prune"], check=False, capture_output=True)


def git_out(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout.strip()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def order(n: int) -> tuple[str, str]:
    """Base first in even rounds, current first in odd ones."""
    return VERSIONS if n % 2 == 0 else VERSIONS[::-1]


def change(before: float, after: float) -> float:
    return round((after - before) / before, 3)


def measure_backend(
    backend: str,
    children: dict[str, Child],
    work: Path,
    questions: list[str],
    rounds: int,
    ingest_rounds: int,
) -> dict[str, Any]:
    """Seed ingests and warm answers of both versions against one store kind."""
    from run_scale import Server, percentiles

    server = Server(work / f"server-{backend}") if backend == "server" else None
    try:
        ingests: dict[str, list[dict[str, Any]]] = {v: [] for v in VERSIONS}
        for n in range(ingest_rounds):
            for version in order(n):
                name = f"{backend}-{version}-{n}"
                ingests[version].append(
                    children[version].ask(
                        op="ingest",
                        name=name,
                        paths=[str(ROOT / "seeds")],
                        data_dir=str(work / name),
                        chroma_url=server.url if server else None,
                        collection=f"seeds_{version}_{n}",
                    )
                )
        answering = {v: f"{backend}-{v}-{ingest_rounds - 1}" for v in VERSIONS}
        for version in VERSIONS:  # warm: caches, the lexical index
            children[version].ask(op="answer", name=answering[version], questions=questions)
        times: dict[str, list[float]] = {v: [] for v in VERSIONS}
        abstained = dict.fromkeys(VERSIONS, 0)
        loads = []
        for n in range(rounds):
            for version in order(n):
                result = children[version].ask(op="answer", name=answering[version], questions=questions)
                times[version] += result["ms"]
                abstained[version] += result["abstained"]
            loads.append(os.getloadavg()[0])
    finally:
        if server:
            server.stop()
    answers = {
        v: {**percentiles(times[v]), "n": len(times[v]), "abstained_share": round(abstained[v] / len(times[v]), 3)}
        for v in VERSIONS
    }
    return {
        "answer_ms": answers,
        "answer_p50_change": change(answers["base"]["p50"], answers["current"]["p50"]),
        "answer_p95_change": change(answers["base"]["p95"], answers["current"]["p95"]),
        "load_1min_during_answers": {"min": min(loads), "max": max(loads)},
        "ingest": summarise_ingests(ingests),
    }


def summarise_ingests(ingests: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    import statistics

    out: dict[str, Any] = {}
    for version, runs in ingests.items():
        first = runs[0]
        embedding_s = statistics.median(r["embedding_seconds"] for r in runs)
        out[version] = {
            "seconds": [r["seconds"] for r in runs],
            "median_s": round(statistics.median(r["seconds"] for r in runs), 2),
            "articles": first["articles"],
            "passages": first["passages"],
            "embedded_texts": first["embedded_texts"],
            "embedded_chars": first["embedded_chars"],
            "embedding_median_s": round(embedding_s, 2),
            "model_texts_per_s": round(first["embedded_texts"] / embedding_s, 1),
            "model_chars_per_s": round(first["embedded_chars"] / embedding_s),
        }
    out["speedup"] = round(out["base"]["median_s"] / out["current"]["median_s"], 2)
    return out


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "| store | version | answer p50 ms | answer p95 ms | p50 change | p95 change |",
        "|---|---|---|---|---|---|",
    ]
    for backend, run in report["backends"].items():
        for version in VERSIONS:
            a = run["answer_ms"][version]
            p50 = f"{run['answer_p50_change']:+.0%}" if version == "current" else ""
            p95 = f"{run['answer_p95_change']:+.0%}" if version == "current" else ""
            lines.append(f"| {backend} | {version} | {a['p50']:.0f} | {a['p95']:.0f} | {p50} | {p95} |")
    lines += [
        "",
        "| articles | store | version | passages | texts embedded | characters embedded | ingest s | speed-up "
        "| model texts/s | model characters/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    sets = [(f"seeds ({backend})", run["ingest"]) for backend, run in report["backends"].items()]
    if report.get("large"):
        sets.append(("large (embedded)", report["large"]["ingest"]))
    for label, ingest in sets:
        for version in VERSIONS:
            i = ingest[version]
            speedup = f"{ingest['speedup']:.2f}×" if version == "current" else ""
            lines.append(
                f"| {i['articles']} | {label} | {version} | {i['passages']} | {i['embedded_texts']:,} | "
                f"{i['embedded_chars']:,} | {i['median_s']:.1f} | {speedup} | {i['model_texts_per_s']:.1f} | "
                f"{i['model_chars_per_s']:,} |"
            )
    return "\n".join(lines)


@click.command()
@click.option("--child", "is_child", is_flag=True, hidden=True)
@click.option("--base", default=BASE, show_default=True, help="Git revision to compare with.")
@click.option("--rounds", default=10, show_default=True, help="Timed passes over the questions per version.")
@click.option("--ingest-rounds", default=3, show_default=True, help="Seed ingests per version and store.")
@click.option("--backends", default="embedded,server", show_default=True)
@click.option("--questions", type=click.Path(dir_okay=False, path_type=Path), default=QUESTIONS, show_default=True)
@click.option("--large", type=click.Path(dir_okay=False, path_type=Path), default=LARGE, show_default=True)
@click.option("--large-limit", type=click.IntRange(min=0), help="Ingest only the first N articles (0: skip).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=RESULTS, show_default=True)
def main(
    is_child: bool,
    base: str,
    rounds: int,
    ingest_rounds: int,
    backends: str,
    questions: Path,
    large: Path,
    large_limit: int | None,
    out: Path,
) -> None:
    """Measure both versions, print Markdown tables, write seeds_latency.json."""
    if is_child:
        child()
        return
    asked = [json.loads(line)["question"] for line in questions.read_text(encoding="utf-8").splitlines() if line]
    report: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "isnad_threads": 1,
            "uptime_start": uptime(),
        },
        "base": {"revision": git_out("rev-parse", base), "subject": git_out("log", "-1", "--format=%s", base)},
        "current": {"revision": git_out("rev-parse", "HEAD"), "uncommitted_changes": bool(git_out("status", "-s"))},
        "questions": str(questions),
        "question_count": len(asked),
        "rounds": rounds,
        "ingest_rounds": ingest_rounds,
        "method": "answers and ingests alternate between the versions (base first, then current first)",
    }
    with tempfile.TemporaryDirectory(prefix="isnad-latency-") as tmp:
        work = Path(tmp)
        with base_tree(base, work) as base_path:
            trees = {"base": base_path, "current": ROOT}
            children = {v: Child(v, trees[v], work / f"{v}.log") for v in VERSIONS}
            try:
                report["backends"] = {
                    backend: measure_backend(backend, children, work, asked, rounds, ingest_rounds)
                    for backend in backends.split(",")
                }
                if large_limit != 0:
                    report["large"] = measure_large(children, work, large, large_limit)
            finally:
                for c in children.values():
                    c.close()
    report["machine"]["uptime_end"] = uptime()
    out.mkdir(parents=True, exist_ok=True)
    (out / "seeds_latency.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(markdown(report))
    click.echo(f"load: {report['machine']['uptime_start']} / {report['machine']['uptime_end']}")
    click.echo(f"written to {out / 'seeds_latency.json'}")


def measure_large(children: dict[str, Child], work: Path, large: Path, limit: int | None) -> dict[str, Any]:
    """One ingest per version of the larger set (its first `limit` articles), embedded store."""
    folder = work / "large"
    folder.mkdir()
    lines = [line for line in large.read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / large.name).write_text("\n".join(lines[:limit] if limit else lines) + "\n", encoding="utf-8")
    ingests: dict[str, list[dict[str, Any]]] = {v: [] for v in VERSIONS}
    for version in order(0):
        name = f"large-{version}"
        ingests[version].append(
            children[version].ask(
                op="ingest",
                name=name,
                paths=[str(folder)],
                data_dir=str(work / name),
                chroma_url=None,
                collection=f"large_{version}",
            )
        )
    return {"path": str(large), "articles_asked": limit or len(lines), "ingest": summarise_ingests(ingests)}


if __name__ == "__main__":
    main()
