"""The file lock that processes sharing a data directory take: exclusive between processes and between
threads, reentrant within one thread, and released when its holder dies."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import Timeout
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.index.locks import file_lock
from retrieval.index.passage_index import INGEST_LOCK, PassageIndex
from retrieval.records import Article
from retrieval.settings import load_settings

HOLD = """
import sys, time
from pathlib import Path
from retrieval.index.locks import file_lock
with file_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_holder_waits_for_the_first(tmp_path: Path) -> None:
    lock = tmp_path / "data" / "x.lock"
    events: list[str] = []

    def second() -> None:
        with file_lock(lock):
            events.append("second")

    with file_lock(lock):
        waiter = threading.Thread(target=second)
        waiter.start()
        time.sleep(0.2)
        events.append("first done")
    waiter.join(timeout=5)
    assert events == ["first done", "second"]


def test_one_thread_may_take_a_lock_it_holds_and_others_still_wait(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    events: list[str] = []

    def other() -> None:
        with file_lock(lock):
            events.append("other thread")

    with file_lock(lock):
        with file_lock(lock):  # does not wait for itself
            events.append("nested")
        waiter = threading.Thread(target=other)
        waiter.start()
        time.sleep(0.2)
        events.append("outer still held")
    waiter.join(timeout=5)
    assert events == ["nested", "outer still held", "other thread"]


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path) -> None:
    lock = tmp_path / "x.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(lock)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(Timeout):  # while the other process lives, its lock holds
        file_lock(lock).acquire(timeout=0.3)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    acquired = threading.Event()

    def take() -> None:
        with file_lock(lock):
            acquired.set()

    threading.Thread(target=take, daemon=True).start()
    assert acquired.wait(timeout=5)


def test_two_threads_needing_the_lexical_index_at_once_rebuild_it_once(tmp_path: Path) -> None:
    """Two indexes on one data folder in one process (as two services in one bot would be): the thread
    that rebuilds holds the lexical lock, the other waits and loads its copy."""
    settings = load_settings(_env_file=None, data_dir=tmp_path / "data")
    articles = [
        Article(f"a{i}.txt", f"خبر {i}", f"افتتحت الحكومة ميناء رقم {i} في المدينة. ويضم الميناء أرصفة.")
        for i in range(5)
    ]
    PassageIndex(settings, DeterministicFakeEmbedding(size=16)).ingest(articles)
    indexes = [PassageIndex(settings, DeterministicFakeEmbedding(size=16)) for _ in range(2)]
    indexes[0].store.bump_generation()  # the saved copy is now out of date: someone must rebuild
    rebuilds: list[str] = []
    for index in indexes:
        read = index.store.all_passages

        def slow_read(read=read):  # type: ignore[no-untyped-def]
            rebuilds.append(threading.current_thread().name)
            time.sleep(0.3)  # long enough for the other thread to reach the lock
            return read()

        index.store.all_passages = slow_read  # type: ignore[method-assign]
    start = threading.Barrier(2)
    found: dict[str, list[str]] = {}

    def search(index: PassageIndex) -> None:
        start.wait()
        found[threading.current_thread().name] = sorted(index.lexical().ids)

    threads = [threading.Thread(target=search, args=(index,), name=f"t{n}") for n, index in enumerate(indexes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(rebuilds) == 1
    assert found["t0"] == found["t1"] and len(found["t0"]) == 5


def test_a_rebuild_waits_for_an_ingest_in_progress(tmp_path: Path) -> None:
    settings = load_settings(_env_file=None, data_dir=tmp_path / "data")
    index = PassageIndex(settings, DeterministicFakeEmbedding(size=16))
    index.ingest([Article("a.txt", "خبر", "افتتحت الحكومة ميناء جديدا. ويضم الميناء ثلاثة أرصفة.")])
    events: list[str] = []

    def rebuild() -> None:
        index.rebuild()
        events.append("rebuilt")

    with file_lock(settings.data_dir / INGEST_LOCK):  # as another process's ingest would hold it
        worker = threading.Thread(target=rebuild)
        worker.start()
        time.sleep(0.3)
        events.append("ingest done")
    worker.join(timeout=10)
    assert events == ["ingest done", "rebuilt"]
    assert index.store.count() == 0
