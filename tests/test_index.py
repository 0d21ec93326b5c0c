import dataclasses
import json
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.errors import IndexUnusable
from retrieval.index.lexical import LexicalIndex
from retrieval.index.passage_index import PassageIndex
from retrieval.records import Article
from retrieval.settings import Settings
from retrieval.text.query import QueryTerms


def lexical_search(index: PassageIndex, text: str) -> list[tuple[str, float]]:
    lexical = index.lexical()
    return lexical.search(lexical.groups_for(QueryTerms.of(text)), 3)


def total_passages(index: PassageIndex) -> int:
    return index.store.count()


def test_ingest_is_idempotent(settings: Settings, fake_embeddings, small_articles: list[Article]) -> None:
    index = PassageIndex(settings, fake_embeddings)
    first = index.ingest(small_articles)
    assert (first.articles_added, first.passages_added) == (3, total_passages(index))
    second = index.ingest(small_articles)
    assert second.articles_added == second.articles_replaced == second.passages_added == 0
    assert second.articles_unchanged == 3 and second.passages_unchanged == total_passages(index)


def test_changed_article_replaces_its_passages(settings: Settings, fake_embeddings, small_articles) -> None:
    index = PassageIndex(settings, fake_embeddings)
    index.ingest(small_articles)
    changed = dataclasses.replace(small_articles[1], text="نص جديد تماما عن الميناء. وجملة ثانية.")
    report = index.ingest([small_articles[0], changed, small_articles[2]])
    assert (report.articles_replaced, report.articles_unchanged) == (1, 2)
    texts = [p.text for p in index.store.all_passages() if p.article_id == "b.txt"]
    assert texts == ["نص جديد تماما عن الميناء. وجملة ثانية."]


def test_prune_removes_articles_that_are_gone(settings: Settings, fake_embeddings, small_articles) -> None:
    index = PassageIndex(settings, fake_embeddings)
    index.ingest(small_articles)
    report = index.ingest(small_articles[:2], prune=True)
    assert report.articles_removed == 1 and report.passages_removed >= 1
    assert {p.article_id for p in index.store.all_passages()} == {"a.txt", "b.txt"}
    assert index.ingest(small_articles[:2]).articles_removed == 0  # without --prune nothing goes


def test_reopening_with_another_embedder_names_the_rebuild(settings: Settings, small_articles) -> None:
    PassageIndex(settings, DeterministicFakeEmbedding(size=32)).ingest(small_articles)

    class OtherEmbedder(DeterministicFakeEmbedding):
        identity: str = "other-model"

    with pytest.raises(IndexUnusable, match="isnad ingest --rebuild"):
        PassageIndex(settings, OtherEmbedder(size=32))


def test_a_folder_that_is_not_an_index_is_refused(tmp_path: Path, fake_embeddings) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "thesis.docx").write_text("precious", encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(IndexUnusable, match="not an isnad index"):
        PassageIndex(settings, fake_embeddings)
    assert (tmp_path / "data" / "thesis.docx").read_text(encoding="utf-8") == "precious"


def test_rebuild_empties_the_index(settings: Settings, fake_embeddings, small_articles) -> None:
    index = PassageIndex(settings, fake_embeddings)
    index.ingest(small_articles)
    index.rebuild()
    assert index.store.count() == 0
    assert index.ingest(small_articles).articles_added == 3


def test_lexical_index_follows_the_store(settings: Settings, fake_embeddings, small_articles) -> None:
    index = PassageIndex(settings, fake_embeddings)
    index.ingest(small_articles)
    assert lexical_search(index, "الميناء")[0][0].startswith(index.fingerprint(small_articles[1])[:20])
    saved = LexicalIndex.load(settings.lexical_dir)
    assert saved is not None and saved.generation == index.store.generation()


def test_corrupt_lexical_index_is_rebuilt(settings: Settings, fake_embeddings, small_articles) -> None:
    PassageIndex(settings, fake_embeddings).ingest(small_articles)
    state = settings.lexical_dir / "state.json"
    state.write_text(json.dumps({"generation": "x", "ids": ["a"]}), encoding="utf-8")
    for npy in settings.lexical_dir.glob("*.npy"):
        npy.write_bytes(b"garbage")
    reopened = PassageIndex(settings, fake_embeddings)
    assert lexical_search(reopened, "الميناء")  # rebuilt from Chroma, not read from the damaged files


def test_lexical_save_replaces_a_stray_file_where_its_backup_goes(tmp_path: Path) -> None:
    directory = tmp_path / "lexical"
    (tmp_path / "lexical.old").write_text("left by a crash", encoding="utf-8")
    LexicalIndex.build(["a"], ["الميناء الجديد"], "g1").save(directory)
    LexicalIndex.build(["a", "b"], ["الميناء الجديد", "مهرجان الشعر"], "g2").save(directory)
    loaded = LexicalIndex.load(directory)
    assert loaded is not None and loaded.generation == "g2" and loaded.ids == ["a", "b"]
    assert not (tmp_path / "lexical.old").exists()
