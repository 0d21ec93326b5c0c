from pathlib import Path

import pytest

from retrieval.errors import IsnadError
from retrieval.index.embedding_cache import CachedEmbeddings


def test_a_second_run_embeds_nothing_and_returns_the_same_vectors(tmp_path: Path, new_embeddings):
    path = tmp_path / "cache" / "embeddings.sqlite"
    first_model = new_embeddings()
    with CachedEmbeddings(first_model, path) as cache:
        cold = cache.embed_documents(["النيل", "the dam", "النيل"])
        assert first_model.documents_embedded == ["النيل", "the dam"]  # a repeated text is embedded once
        assert (cache.stats.document_misses, cache.stats.document_hits) == (2, 1)
    second_model = new_embeddings()
    with CachedEmbeddings(second_model, path) as cache:
        warm = cache.embed_documents(["the dam", "النيل"])
        assert second_model.documents_embedded == []
        assert (cache.stats.document_misses, cache.stats.document_hits) == (0, 2)
    assert warm == [cold[1], cold[0]]


def test_vectors_are_float32_whether_cold_or_cached(tmp_path: Path, new_embeddings):
    with CachedEmbeddings(new_embeddings(), tmp_path / "c.sqlite") as cache:
        cold = cache.embed_documents(["one two three"])[0]
        raw = new_embeddings().embed_documents(["one two three"])[0]
        assert cold == pytest.approx(raw, abs=1e-6)
    with CachedEmbeddings(new_embeddings(), tmp_path / "c.sqlite") as cache:
        assert cache.embed_documents(["one two three"])[0] == cold


def test_the_model_is_part_of_the_key(tmp_path: Path, new_embeddings):
    path = tmp_path / "c.sqlite"
    with CachedEmbeddings(new_embeddings(), path, model="model-a") as cache:
        cache.embed_documents(["text"])
    other = new_embeddings()
    with CachedEmbeddings(other, path, model="model-b") as cache:
        cache.embed_documents(["text"])
    assert other.documents_embedded == ["text"]


def test_queries_are_remembered_in_memory_and_on_disk_only_when_asked(tmp_path: Path, new_embeddings):
    path = tmp_path / "c.sqlite"
    model = new_embeddings()
    with CachedEmbeddings(model, path) as cache:
        first = cache.embed_query("أين النيل؟")
        assert cache.embed_query("أين النيل؟") == first
        assert model.queries_embedded == ["أين النيل؟"]
        assert (cache.stats.query_misses, cache.stats.query_hits) == (1, 1)
    model = new_embeddings()
    with CachedEmbeddings(model, path) as cache:
        cache.embed_query("أين النيل؟")
    assert model.queries_embedded == ["أين النيل؟"]  # not persisted by default
    with CachedEmbeddings(new_embeddings(), path, persist_queries=True) as cache:
        cache.embed_query("q")
    model = new_embeddings()
    with CachedEmbeddings(model, path, persist_queries=True) as cache:
        cache.embed_query("q")
    assert model.queries_embedded == []


def test_query_and_document_vectors_are_kept_apart(tmp_path: Path, new_embeddings):
    model = new_embeddings()
    with CachedEmbeddings(model, tmp_path / "c.sqlite", persist_queries=True) as cache:
        cache.embed_documents(["same text"])
        cache.embed_query("same text")
    assert model.queries_embedded == ["same text"]


def test_identity_is_the_wrapped_model_s_and_memory_only_works(new_embeddings):
    with CachedEmbeddings(new_embeddings(), None) as cache:
        assert cache.identity == new_embeddings.identity
        assert cache.model == new_embeddings.identity
        assert len(cache.embed_documents(["a", "b"])) == 2


def test_an_unusable_cache_path_is_a_clear_error(tmp_path: Path, new_embeddings):
    not_a_db = tmp_path / "file.sqlite"
    not_a_db.write_text("this is not sqlite" * 100)
    with pytest.raises(IsnadError, match="embedding cache"):
        CachedEmbeddings(new_embeddings(), not_a_db)
