"""Crash-safe ingest against a Chroma server: `isnad ingest` killed while replacing articles loses none,
and the next run completes the index (the embedded-store cases are in tests/faults)."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from chroma_server import ChromaServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "faults"))  # the crashing `isnad` and the checks
from ingest_checks import (
    assert_index_matches,
    assert_no_article_lost,
    clean_environment,
    close_index,
    expected_passages,
    make_corpus,
    open_index,
    run_isnad,
    write_article,
)

from retrieval.settings import load_settings


def test_a_killed_ingest_on_the_server_is_completed_by_the_next(chroma_server: ChromaServer, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    env = clean_environment(
        ISNAD_CHROMA_URL=chroma_server.url,
        ISNAD_COLLECTION=f"isnad_{uuid.uuid4().hex[:12]}",
        ISNAD_DATA_DIR=str(tmp_path / "data"),
    )
    settings = load_settings(
        _env_file=None,
        chroma_url=env["ISNAD_CHROMA_URL"],
        collection=env["ISNAD_COLLECTION"],
        data_dir=tmp_path / "data",
    )
    assert run_isnad(env, "ingest", str(corpus), crash_at="upsert:6").returncode == -9
    assert run_isnad(env, "ingest", str(corpus)).returncode == 0
    assert_index_matches(settings, corpus)

    index = open_index(settings)
    before = expected_passages(index, corpus)
    close_index(index)
    for article in (0, 5, 12):
        write_article(corpus, article, 25, version=2)
    crashed = run_isnad(env, "ingest", str(corpus), crash_at="delete:2")  # old sentences gone, old passages not
    assert crashed.returncode == -9
    assert_no_article_lost(settings, corpus, before)
    assert run_isnad(env, "ingest", str(corpus)).returncode == 0
    assert_index_matches(settings, corpus)
