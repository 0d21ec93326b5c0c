"""Every way of damaging the saved lexical index is detected, and the index is rebuilt from the store.

Each case damages one saved file (or the folder, or its checksums), then opens the index as a newly
started process would: its searches must give exactly what the undamaged index gave, and the copy on
disk must be whole again afterwards.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from ingest_checks import make_corpus
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.index import lexical_seal
from retrieval.index.lexical import LexicalIndex
from retrieval.index.passage_index import PassageIndex
from retrieval.ingest.articles import load_articles
from retrieval.settings import Settings, load_settings
from retrieval.text.query import QueryTerms

QUERIES = ("الوزير الميناء", "الجلسة رقم 5", "المهرجان القمح", "الوفد الاتفاق المشروع")


def reopened(settings: Settings) -> PassageIndex:
    return PassageIndex(settings, DeterministicFakeEmbedding(size=32))


def results(index: PassageIndex) -> list[list[tuple[str, float]]]:
    return [lexical.search(lexical.groups_for(QueryTerms.of(q)), 10) for q in QUERIES for lexical in [index.lexical()]]


class Pristine:
    """An index over the synthetic corpus, with a copy of its saved lexical folder and checksums."""

    def __init__(self, root: Path) -> None:
        self.settings = load_settings(_env_file=None, data_dir=root / "data")
        index = reopened(self.settings)
        index.ingest(load_articles([make_corpus(root / "corpus")], max_bytes=1_000_000).articles)
        self.expected = results(index)
        self.generation = index.store.generation()
        self.folder = self.settings.lexical_dir
        self.seal = lexical_seal.seal_path(self.folder)
        self.copy = root / "pristine"
        shutil.copytree(self.folder, self.copy)
        self.files = sorted(p.name for p in self.copy.iterdir())

    def restore(self) -> None:
        if self.folder.is_dir():
            shutil.rmtree(self.folder)
        else:
            self.folder.unlink(missing_ok=True)
        shutil.copytree(self.copy, self.folder)
        lexical_seal.write_seal(self.folder)

    def assert_rebuilt(self) -> None:
        assert results(reopened(self.settings)) == self.expected
        assert lexical_seal.problem(self.folder) is None
        saved = LexicalIndex.load(self.folder)
        assert saved is not None and saved.generation == self.generation


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    return Pristine(tmp_path_factory.mktemp("lexical-damage"))


def well_formed_but_wrong(path: Path) -> bytes:
    """Content that parses as the file's format but holds other values."""
    if path.suffix == ".npy":
        buffer = io.BytesIO()
        np.save(buffer, np.zeros_like(np.load(path)))
        return buffer.getvalue()
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and "ids" in data:
        data["ids"] = list(reversed(data["ids"]))  # the right count, in the wrong order
    elif isinstance(data, dict):
        data = {key: (0 if isinstance(value, int | float) else value) for key, value in reversed(data.items())}
    return json.dumps(data).encode()


def flip_middle(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 4]) + data[middle + 4 :]


DAMAGE: dict[str, Callable[[Path], bytes | None]] = {
    "deleted": lambda path: None,
    "emptied": lambda path: b"",
    "truncated": lambda path: path.read_bytes()[: path.stat().st_size // 2],
    "overwritten with noise": lambda path: os.urandom(path.stat().st_size),
    "bytes flipped in the middle": lambda path: flip_middle(path.read_bytes()),
    "well-formed but wrong": well_formed_but_wrong,
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_file_is_detected_and_rebuilt(pristine: Pristine, damage: str) -> None:
    for name in pristine.files:
        pristine.restore()
        target = pristine.folder / name
        content = DAMAGE[damage](target)
        if content is None:
            target.unlink()
        else:
            target.write_bytes(content)
        pristine.assert_rebuilt()


def folder_damage() -> Iterator[tuple[str, Callable[[Pristine], None]]]:
    yield "the folder deleted", lambda p: shutil.rmtree(p.folder)
    yield "the folder replaced by a file", lambda p: (shutil.rmtree(p.folder), p.folder.write_text("x"))
    yield "the checksums deleted", lambda p: p.seal.unlink()
    yield "the checksums overwritten", lambda p: p.seal.write_text("{not json", encoding="utf-8")
    yield "a stray file added", lambda p: (p.folder / "extra.npy").write_bytes(b"\x93NUMPY")
    yield "a file renamed", lambda p: (p.folder / p.files[0]).rename(p.folder / ("x" + p.files[0]))
    yield (
        "leftovers of an interrupted save",
        lambda p: (
            (p.folder.parent / ".lexical-abc123").mkdir(),
            (p.folder.parent / ".lexical-abc123" / "state.json").write_text("{}"),
            shutil.copytree(p.folder, p.folder.with_name("lexical.old")),
        ),
    )


@pytest.mark.parametrize("damage", [name for name, _ in folder_damage()])
def test_damage_to_the_folder_or_its_checksums_is_detected_and_rebuilt(pristine: Pristine, damage: str) -> None:
    pristine.restore()
    dict(folder_damage())[damage](pristine)
    pristine.assert_rebuilt()


def test_a_copy_from_an_older_generation_is_rebuilt(pristine: Pristine) -> None:
    """A whole, sealed copy saved before the last ingest (e.g. restored from a backup) is stale."""
    pristine.restore()
    index = reopened(pristine.settings)
    index.store.bump_generation()  # what any ingest does
    fresh = results(index)
    assert fresh == pristine.expected  # the same passages, rebuilt for the new generation
    saved = LexicalIndex.load(pristine.folder)
    assert saved is not None and saved.generation == index.store.generation()
    pristine.generation = index.store.generation()  # the other tests go on from the current generation
    shutil.rmtree(pristine.copy)
    shutil.copytree(pristine.folder, pristine.copy)


def test_damage_is_logged_once_as_a_warning(pristine: Pristine, caplog: pytest.LogCaptureFixture) -> None:
    pristine.restore()
    (pristine.folder / pristine.files[-1]).write_bytes(b"")
    with caplog.at_level("WARNING", logger="retrieval.index.passage_index"):
        reopened(pristine.settings).lexical()
    assert [r.getMessage() for r in caplog.records if "damaged" in r.getMessage()] == [
        f"The lexical index in {pristine.folder} is damaged ({pristine.files[-1]} changed since it was saved); "
        "it will be rebuilt."
    ]
