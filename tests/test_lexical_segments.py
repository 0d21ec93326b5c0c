"""The segmented lexical index: the same scores as one index over the same passages (and as bm25s, which it
replaced), new articles searchable by another process after loading only what was added, merges that
change no result, and no rebuild while another process's ingest is under way."""

from __future__ import annotations

import threading

import bm25s
import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.index import lexical_seal
from retrieval.index.lexical import LexicalIndex, Manifest, Segment, index_terms
from retrieval.index.locks import file_lock
from retrieval.index.passage_index import INGEST_LOCK, MERGE_AT_SEGMENTS, PassageIndex
from retrieval.records import Article
from retrieval.settings import Settings
from retrieval.text.query import QueryTerms

WORDS = "الوزير الحكومة الميناء القمح الاجتماع المدينة الوفد الاتفاق المشروع البرلمان الجسر المهرجان".split()
QUESTIONS = ("الوزير الميناء", "القمح الاتفاق", "الجسر", "المهرجان البرلمان المدينة", "الوفد")


def text(n: int) -> str:
    return " ".join(WORDS[(n * k + k * k) % len(WORDS)] for k in range(1, 4 + n % 7)) + f" رقم {n}."


def results(index: LexicalIndex) -> list[list[tuple[str, float]]]:
    return [index.search(index.groups_for(QueryTerms.of(q)), 10) for q in QUESTIONS]


def same_results(a: LexicalIndex, b: LexicalIndex) -> None:
    for got, expected in zip(results(a), results(b), strict=True):
        assert [pid for pid, _ in got] == [pid for pid, _ in expected]
        assert np.allclose([s for _, s in got], [s for _, s in expected], rtol=1e-5)
    ids = sorted(b.ids)
    groups = b.groups_for(QueryTerms.of("الوزير الجسر القمح"))
    assert a.coverage(groups, ids) == pytest.approx(b.coverage(groups, ids))
    assert sorted(a.vocabulary()) == sorted(b.vocabulary())


def test_scores_are_those_of_bm25s() -> None:
    texts = [text(n) for n in range(40)]
    ours = LexicalIndex.build([f"p{n}" for n in range(40)], texts, "g")
    reference = bm25s.BM25()
    reference.index([index_terms(t) for t in texts], show_progress=False)
    for question in QUESTIONS:
        terms = [t for group in ours.groups_for(QueryTerms.of(question)) for t in group]
        expected = reference.get_scores(terms)
        got = np.zeros(40, dtype=np.float32)
        for pid, score in ours.search([frozenset({t}) for t in terms], 40):
            got[int(pid[1:])] = score
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6), question


def test_segments_with_replacements_and_removals_score_like_one_index() -> None:
    base = Segment.of([(f"p{n}", f"a{n // 2}", text(n)) for n in range(30)], first=0)
    # Article a3 rewritten (its passages p6, p7 replaced by p6b), a5 removed, a20 added.
    update = Segment.of([("p6b", "a3", text(100)), ("p40", "a20", text(40))], first=1, drops={"a3", "a5"})
    more = Segment.of([("p41", "a21", text(41))], first=2, drops={"a21"})
    segmented = LexicalIndex((base, update, more), "g")
    live = [(f"p{n}", text(n)) for n in range(30) if n not in (6, 7, 10, 11)]
    live += [("p6b", text(100)), ("p40", text(40)), ("p41", text(41))]
    whole = LexicalIndex.build([pid for pid, _ in live], [t for _, t in live], "g")
    assert sorted(segmented.ids) == sorted(whole.ids) and len(segmented) == len(live)
    same_results(segmented, whole)
    merged = segmented.merged()
    assert len(merged.segments) == 1 and sorted(merged.ids) == sorted(whole.ids)
    same_results(merged, whole)


def test_a_term_left_only_in_removed_passages_is_not_in_the_vocabulary() -> None:
    base = Segment.of([("p1", "a1", "مهرجان الشعر"), ("p2", "a2", "ميناء العقبة")], first=0)
    index = LexicalIndex((base, Segment.of([], first=1, drops={"a1"})), "g")
    assert "مهرج" not in " ".join(index.vocabulary())
    assert index.groups_for(QueryTerms.of("مهرجان")) == [frozenset()]


def article(n: int) -> Article:
    return Article(f"a{n:02d}.txt", f"خبر {n}", f"{text(n)} وقال المتحدث إن العمل مستمر في الموقع رقم {n}.")


def reopened(settings: Settings) -> PassageIndex:
    return PassageIndex(settings, DeterministicFakeEmbedding(size=16))


def rebuilt_results(settings: Settings) -> LexicalIndex:
    passages = reopened(settings).store.all_passages()
    return LexicalIndex.build([p.passage_id for p in passages], [p.text for p in passages], "g")


def test_an_ingest_adds_a_segment_that_another_process_loads_without_rebuilding(settings: Settings) -> None:
    writer = reopened(settings)
    writer.ingest([article(n) for n in range(10)])
    reader = reopened(settings)
    first = reader.lexical()
    writer.ingest([article(n) for n in range(10, 12)])
    manifest = Manifest.read(settings.lexical_dir)
    assert manifest is not None and len(manifest.segments) == 2
    assert lexical_seal.problem(settings.lexical_dir) is None

    reader.store.all_passages = lambda: pytest.fail("the reader rebuilt from the store")  # type: ignore[method-assign]
    current = reader.lexical()
    assert current is not first and current.segments[0] is first.segments[0]  # the base was kept, not reloaded
    assert {p for p, _ in current.search(current.groups_for(QueryTerms.of("الموقع رقم 11")), 3)} & set(current.ids)
    same_results(current, rebuilt_results(settings))


def test_replacing_and_pruning_articles_then_merging_change_no_result(settings: Settings) -> None:
    index = reopened(settings)
    index.ingest([article(n) for n in range(6)])
    for n in range(MERGE_AT_SEGMENTS):  # each ingest rewrites one article and adds one
        changed = Article(f"a{n:02d}.txt", "خبر معدل", f"{text(n + 50)} وقال الوزير إن النسخة {n} معدلة.")
        index.ingest([changed, article(20 + n)])
        manifest = Manifest.read(settings.lexical_dir)
        assert manifest is not None and len(manifest.segments) <= MERGE_AT_SEGMENTS
        same_results(reopened(settings).lexical(), rebuilt_results(settings))
    manifest = Manifest.read(settings.lexical_dir)
    assert manifest is not None and len(manifest.segments) < MERGE_AT_SEGMENTS  # merged at least once
    remaining = [article(n) for n in range(20, 20 + MERGE_AT_SEGMENTS)]
    report = index.ingest(remaining, prune=True)  # removes a00 ... a07
    assert report.articles_removed == 8
    assert lexical_seal.problem(settings.lexical_dir) is None
    assert sorted({p.split("-")[0] for p in index.lexical().ids}) == sorted(
        {index.fingerprint(a)[:20] for a in remaining}
    )
    same_results(reopened(settings).lexical(), rebuilt_results(settings))


def test_a_search_during_another_ingest_keeps_the_last_complete_index(settings: Settings) -> None:
    index = reopened(settings)
    index.ingest([article(n) for n in range(5)])
    reader = reopened(settings)
    held = reader.lexical()
    reader.store.all_passages = lambda: pytest.fail("rebuilt during an ingest")  # type: ignore[method-assign]
    ingesting = threading.Event()
    finish = threading.Event()

    def other_ingest() -> None:  # holds the ingest lock and has bumped the generation, as an ingest does
        with file_lock(settings.data_dir / INGEST_LOCK):
            index.store.bump_generation()
            ingesting.set()
            finish.wait(10)

    worker = threading.Thread(target=other_ingest)
    worker.start()
    ingesting.wait(10)
    try:
        assert sorted(reader.lexical().ids) == sorted(held.ids)
    finally:
        finish.set()
        worker.join(10)
    del reader.store.all_passages  # no ingest now: a generation nobody published means a rebuild
    assert sorted(reader.lexical().ids) == sorted(held.ids)
    assert Manifest.read(settings.lexical_dir).generation == index.store.generation()  # type: ignore[union-attr]


def test_a_search_that_waited_for_a_publishing_ingest_takes_in_its_segment(settings: Settings) -> None:
    """The generation a search reads before it gets the lexical lock may be the one from the middle of an
    ingest that then publishes and ends while the search waits: read again under the lock, it is current."""
    writer = reopened(settings)
    writer.ingest([article(n) for n in range(5)])
    reader = reopened(settings)
    reader.lexical()
    writer.ingest([article(7)])
    read = reader.store.generation
    seen = iter(["a generation from the middle of the ingest"])
    reader.store.generation = lambda: next(seen, None) or read()  # type: ignore[method-assign]
    reader.store.all_passages = lambda: pytest.fail("rebuilt from a stale generation")  # type: ignore[method-assign]
    current = reader.lexical()
    assert current.generation == read() and len(current.segments) == 2
