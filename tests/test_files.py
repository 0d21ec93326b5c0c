"""`retrieval.index.files`: whole files and whole folders, or the old ones untouched; nothing staged left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from retrieval.index.files import atomic_write_text, remove_path, replace_folder


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- atomic_write_text -------------------------------------------------------------------------


def test_writes_the_text_and_creates_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "chats" / "42.json"
    atomic_write_text(target, '{"q": "متى افتتح الميناء؟"}\n')
    assert target.read_bytes() == '{"q": "متى افتتح الميناء؟"}\n'.encode()
    assert listing(tmp_path / "chats") == ["42.json"]


def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "seal.json"
    target.write_text("old content that is longer than the new one", encoding="utf-8")
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert listing(tmp_path) == ["seal.json"]


def test_the_new_file_is_a_new_inode_so_open_readers_keep_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("before", encoding="utf-8")
    with target.open(encoding="utf-8") as reader:
        atomic_write_text(target, "after")
        assert reader.read() == "before"
    assert target.read_text(encoding="utf-8") == "after"


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "history.json"
    target.write_text("kept", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "half \ud800 written")  # a lone surrogate cannot be encoded
    assert target.read_text(encoding="utf-8") == "kept"
    assert listing(tmp_path) == ["history.json"]


def test_a_folder_in_the_way_is_an_error_and_stays(tmp_path: Path) -> None:
    (tmp_path / "x.json").mkdir()
    with pytest.raises(IsADirectoryError):
        atomic_write_text(tmp_path / "x.json", "text")
    assert (tmp_path / "x.json").is_dir() and listing(tmp_path) == ["x.json"]


# --- replace_folder -----------------------------------------------------------------------------


def fill_with(files: dict[str, str]):  # type: ignore[no-untyped-def]
    def fill(staging: Path) -> None:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")

    return fill


def test_a_new_folder_appears_with_exactly_the_files_written(tmp_path: Path) -> None:
    replace_folder(tmp_path / "data" / "lexical", fill_with({"state.json": "{}", "vocab.json": "[]"}))
    assert listing(tmp_path / "data") == ["lexical"]
    assert listing(tmp_path / "data" / "lexical") == ["state.json", "vocab.json"]
    assert (tmp_path / "data" / "lexical" / "vocab.json").read_text(encoding="utf-8") == "[]"


def test_an_old_folder_is_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "lexical"
    replace_folder(folder, fill_with({"state.json": "1", "only-in-old.npy": "x"}))
    replace_folder(folder, fill_with({"state.json": "2"}))
    assert listing(folder) == ["state.json"]
    assert (folder / "state.json").read_text(encoding="utf-8") == "2"
    assert listing(tmp_path) == ["lexical"]


def test_a_failing_fill_keeps_the_old_folder_and_removes_the_staging(tmp_path: Path) -> None:
    folder = tmp_path / "lexical"
    replace_folder(folder, fill_with({"state.json": "good"}))

    def fail(staging: Path) -> None:
        (staging / "state.json").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        replace_folder(folder, fail)
    assert (folder / "state.json").read_text(encoding="utf-8") == "good"
    assert listing(tmp_path) == ["lexical"]


@pytest.mark.parametrize("stray", ["file", "symlink", "leftover .old folder", "leftover .old file"])
def test_strays_from_a_crash_are_cleared(tmp_path: Path, stray: str) -> None:
    folder = tmp_path / "lexical"
    if stray == "file":
        folder.write_text("not a folder", encoding="utf-8")
    elif stray == "symlink":
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "keep.txt").write_text("k", encoding="utf-8")
        folder.symlink_to(tmp_path / "elsewhere")
    elif stray == "leftover .old folder":
        (tmp_path / "lexical.old").mkdir()
        (tmp_path / "lexical.old" / "state.json").write_text("stale", encoding="utf-8")
    else:
        (tmp_path / "lexical.old").write_text("stale", encoding="utf-8")
    replace_folder(folder, fill_with({"state.json": "new"}))
    assert folder.is_dir() and not folder.is_symlink()
    assert (folder / "state.json").read_text(encoding="utf-8") == "new"
    assert not (tmp_path / "lexical.old").exists() and not (tmp_path / "lexical.old").is_symlink()
    if stray == "symlink":  # the link is replaced, what it pointed to is left alone
        assert listing(tmp_path / "elsewhere") == ["keep.txt"]


# --- remove_path ---------------------------------------------------------------------------------


def test_remove_path_removes_whatever_is_there(tmp_path: Path) -> None:
    (tmp_path / "folder" / "inner").mkdir(parents=True)
    (tmp_path / "folder" / "inner" / "f").write_text("x", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "folder", tmp_path / "link")
    for name in ("link", "folder", "file", "missing"):
        remove_path(tmp_path / name)
    assert listing(tmp_path) == []
