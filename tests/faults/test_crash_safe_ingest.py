"""`isnad ingest` killed with SIGKILL at many points: the next `isnad ingest` completes the index, with no
duplicate and no missing passage, counted against the articles on disk; and while an ingest that replaces
articles is killed again and again, no article is ever without a whole version. Each test runs against
the embedded store and against a Chroma server (`where`, in conftest.py).

The corpus spans seven write batches (one article spans two), so the kill points fall before any write,
between a batch's sentences and its passages, inside a long article, before old versions are deleted,
and after everything but the final generation bump.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_checks import (
    Where,
    assert_index_matches,
    assert_no_article_lost,
    close_index,
    expected_passages,
    make_corpus,
    open_index,
    run_isnad,
    write_article,
)

from retrieval.settings import Settings

KILLED = -9


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return make_corpus(tmp_path / "corpus")


def passages_now(settings: Settings, corpus: Path) -> dict:
    index = open_index(settings)
    try:
        return expected_passages(index, corpus)
    finally:
        close_index(index)


def change_corpus(corpus: Path) -> None:
    """Rewrite four articles (longer, shorter, the long one), add one and delete two."""
    for article, sentences in ((1, 30), (4, 3), (7, 12), (12, 150)):
        write_article(corpus, article, sentences, version=2)
    write_article(corpus, 13, 20)
    for article in (2, 9):
        (corpus / f"a{article:02d}.txt").unlink()


@pytest.mark.parametrize("crash_at", ["upsert:4", "upsert:12", "modify:2"])
def test_a_killed_first_ingest_is_completed_by_the_next(where: Where, corpus: Path, crash_at: str) -> None:
    env, settings = where.env, where.settings
    crashed = run_isnad(env, "ingest", str(corpus), crash_at=crash_at)
    assert crashed.returncode == KILLED and crashed.writes[-1] == crash_at
    completed = run_isnad(env, "ingest", str(corpus))
    assert completed.returncode == 0, completed.stderr
    assert_index_matches(settings, corpus)
    assert settings.chroma_dir.is_dir() == (where.name == "embedded")  # the server run wrote to the server only


def test_replacing_and_pruning_killed_thrice_never_loses_an_article(where: Where, corpus: Path) -> None:
    env, settings = where.env, where.settings
    assert run_isnad(env, "ingest", str(corpus)).returncode == 0
    before = passages_now(settings, corpus)
    change_corpus(corpus)
    # Before any write; between deleting an old version's sentences and its passages; amid the long article.
    for crash_at in ("upsert:1", "delete:2", "upsert:5"):
        crashed = run_isnad(env, "ingest", "--prune", str(corpus), crash_at=crash_at)
        assert crashed.returncode == KILLED
        assert_no_article_lost(settings, corpus, before)
    completed = run_isnad(env, "ingest", "--prune", str(corpus))
    assert completed.returncode == 0, completed.stderr
    assert_index_matches(settings, corpus)
    again = run_isnad(env, "ingest", "--prune", str(corpus))  # and nothing is left to do
    assert again.returncode == 0 and not any(w.startswith(("upsert", "delete")) for w in again.writes)


def test_kills_from_outside_at_timed_delays(where: Where, corpus: Path) -> None:
    env, settings = where.env, where.settings
    assert run_isnad(env, "ingest", str(corpus)).returncode == 0
    before = passages_now(settings, corpus)
    change_corpus(corpus)
    for delay_s in (0.05, 0.25):  # after the first write, while embedding and writing go on
        killed = run_isnad(env, "ingest", "--prune", str(corpus), kill_after_s=delay_s, slow_s=0.04)
        assert killed.returncode == KILLED
        assert_no_article_lost(settings, corpus, before)
    completed = run_isnad(env, "ingest", "--prune", str(corpus))
    assert completed.returncode == 0, completed.stderr
    assert_index_matches(settings, corpus)
