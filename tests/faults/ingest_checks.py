"""Running the crashing `isnad` in a subprocess, a synthetic corpus, and checking an index against it.

The check counts against the articles: the passages `retrieval.ingest.passages.chunk` makes of every article
on disk (with the fingerprint ingest gives it) must be exactly the passages stored, no more (an old
version or a duplicate) and no fewer, and likewise their sentence vectors and the lexical index.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from chromadb.api.client import SharedSystemClient
from crashing_isnad import EMBEDDER_SIZE, QuickEmbeddings

from retrieval.index.lexical import LexicalIndex
from retrieval.index.passage_index import PassageIndex
from retrieval.index.store import SENTENCES_SUFFIX
from retrieval.ingest.articles import load_articles
from retrieval.ingest.passages import chunk
from retrieval.records import Passage, sentence_id
from retrieval.settings import Settings

SCRIPT = Path(__file__).with_name("crashing_isnad.py")
REPO_ROOT = Path(__file__).resolve().parents[2]
_WORDS = "الوزير الحكومة الميناء القمح الاجتماع المدينة الوفد الاتفاق المشروع البرلمان الجسر المهرجان".split()


def sentence(article: int, n: int, version: int) -> str:
    """A sentence of about 80 characters that differs by article, position and version."""
    a, b, c = (_WORDS[(article * 7 + n * k + version) % len(_WORDS)] for k in (1, 3, 5))
    return f"وقال المتحدث إن {a} ناقش مع {b} ملف {c} في الجلسة رقم {n} من النسخة {version} للمقال {article}."


def write_article(folder: Path, article: int, sentences: int, *, version: int = 1) -> None:
    lines = [f"خبر رقم {article}", *(sentence(article, n, version) for n in range(sentences))]
    (folder / f"a{article:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


def make_corpus(folder: Path) -> Path:
    """Twelve articles of 1 to 4 passages, and one long one that spans several write batches."""
    folder.mkdir(parents=True, exist_ok=True)
    for article in range(12):
        write_article(folder, article, 6 + 5 * (article % 5))
    write_article(folder, 12, 160)
    return folder


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without any ISNAD_* setting, plus `variables`."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ISNAD_")} | variables


@dataclass(frozen=True)
class Where:
    """Where an index lives (the embedded store or a server): `isnad`'s environment, and the settings a
    process started with it reads."""

    name: str
    env: dict[str, str]
    settings: Settings


@dataclass
class Run:
    returncode: int
    stderr: str
    writes: list[str]


def run_isnad(
    env: dict[str, str], *args: str, crash_at: str | None = None, kill_after_s: float | None = None, slow_s: float = 0
) -> Run:
    """`isnad ARGS` with the quick embedder; killed at the write `crash_at`, or `kill_after_s` seconds
    after its first write (SIGKILL from outside)."""
    log = Path(env["ISNAD_DATA_DIR"]).parent / f"writes-{time.monotonic_ns()}.log"
    environment = env | {"WRITES_LOG": str(log), "SLOW_EMBED_S": str(slow_s), "PYTHONPATH": str(REPO_ROOT)}
    if crash_at:
        environment["CRASH_AT"] = crash_at
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), *args], env=environment, cwd=log.parent, stderr=subprocess.PIPE, text=True
    )
    if kill_after_s is not None:
        deadline = time.monotonic() + 60
        while not (log.exists() and log.stat().st_size) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(kill_after_s)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)
    writes = log.read_text(encoding="utf-8").split() if log.exists() else []
    return Run(process.returncode, stderr, writes)


def open_index(settings: Settings) -> PassageIndex:
    """The index as the crashing `isnad` sees it (same embedder identity), opened afresh from disk."""
    return PassageIndex(settings, QuickEmbeddings(size=EMBEDDER_SIZE))


def close_index(index: PassageIndex) -> None:
    """Drop this process's Chroma system behind `index`: chromadb caches one per embedded store path, and
    the next `open_index` must read what other processes wrote since, not this process's state."""
    identifier = index.store._client._identifier
    system = SharedSystemClient._identifier_to_system.pop(identifier, None)
    SharedSystemClient._identifier_to_refcount.pop(identifier, None)
    if system is not None:
        system.stop()


def expected_passages(index: PassageIndex, corpus: Path) -> dict[str, Passage]:
    articles = load_articles([corpus], max_bytes=index.settings.max_file_bytes).articles
    settings = index.settings
    return {
        p.passage_id: p
        for a in articles
        for p in chunk(
            a,
            target_chars=settings.passage_chars,
            overlap=settings.passage_overlap_sentences,
            article_hash=index.fingerprint(a),
        )
    }


def assert_index_matches(settings: Settings, corpus: Path) -> None:
    """Stored passages, sentence vectors and the lexical index are exactly what the articles make."""
    index = open_index(settings)
    try:
        expected = expected_passages(index, corpus)
        stored = index.store.all_passages()
        stored_ids = [p.passage_id for p in stored]
        assert len(stored_ids) == len(set(stored_ids))
        missing, extra = set(expected) - set(stored_ids), set(stored_ids) - set(expected)
        assert not missing and not extra, f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
        assert all(p.text == expected[p.passage_id].text for p in stored)
        sentences = {sentence_id(p.article_hash, s) for p in expected.values() for s in p.sentences}
        stored_sentences = index.store._client.get_collection(settings.collection + SENTENCES_SUFFIX).get(include=[])
        assert set(stored_sentences["ids"]) == sentences
        assert sorted(index.lexical().ids) == sorted(expected)
        saved = LexicalIndex.load(settings.lexical_dir)
        assert saved is not None and saved.generation == index.store.generation()
    finally:
        close_index(index)


def assert_no_article_lost(settings: Settings, corpus: Path, before: dict[str, Passage]) -> None:
    """Every article indexed `before` still has one whole version in the store: that one, or the new one
    (articles new in this ingest may be missing or partial: they were never answered from)."""
    index = open_index(settings)
    try:
        now = expected_passages(index, corpus)
        by_article_hash: dict[tuple[str, str], set[str]] = defaultdict(set)
        for p in index.store.all_passages():
            by_article_hash[p.article_id, p.article_hash].add(p.passage_id)
        for article_id in {p.article_id for p in before.values()}:
            versions = [{pid for pid, p in version.items() if p.article_id == article_id} for version in (before, now)]
            held = [ids for (a, _), ids in by_article_hash.items() if a == article_id]
            assert any(v and v in held for v in versions), f"{article_id} has no whole version"
    finally:
        close_index(index)
