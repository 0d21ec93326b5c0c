"""`isnad ingest` refuses what it should, each with a message naming the file, and ingests the rest:
files over ISNAD_MAX_FILE_BYTES, binary files, links (to files, folders or the metadata file) that leave
the folder, broken links, and things that are not regular files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.main import cli

LIMIT = 2_000
GOOD = {
    "port.txt": "افتتاح ميناء العقبة\nافتتحت الحكومة ميناء جديدا في مدينة العقبة. ويضم الميناء ثلاثة أرصفة.",
    "notes/poetry.md": "مهرجان الشعر\nانطلق مهرجان الشعر العربي في عمّان بمشاركة عشرين شاعرا.",
}
SECRET = "نص سري خارج المجلد لا يجوز أن يفهرس."


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        "ISNAD_DATA_DIR": str(tmp_path / "data"),
        "ISNAD_MAX_FILE_BYTES": str(LIMIT),
        "ISNAD_CHROMA_URL": "",
        "ISNAD_SEEDS_DIR": str(tmp_path / "nothing"),
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Good articles beside one example of everything ingest must refuse."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "folder" / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "metadata.toml").write_text('["port.txt"]\ntitle = "عنوان من خارج المجلد"\n', encoding="utf-8")

    folder = tmp_path / "articles"
    for name, text in GOOD.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "big.txt").write_text("خبر طويل. " * 400, encoding="utf-8")  # about 7,000 bytes
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "notes" / "binary.md").write_bytes("نص ثم صفر".encode() + b"\x00\x01\x02")
    os.symlink(outside / "secret.txt", folder / "link-out.txt")
    os.symlink(outside / "folder", folder / "linked-folder")
    os.symlink(outside / "metadata.toml", folder / "metadata.toml")
    os.symlink(folder / "port.txt", folder / "notes" / "link-in.txt")  # inside the folder: allowed
    os.symlink(folder / "gone.txt", folder / "broken.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


REFUSED = {
    "big.txt": "is over the 2,000-byte limit (ISNAD_MAX_FILE_BYTES)",
    "picture.txt": "a binary file",
    "notes/binary.md": "a binary file",
    "link-out.txt": "it links outside the folder being ingested",
    "linked-folder": "it links outside the folder being ingested",
    "metadata.toml": "it links outside the folder being ingested",
    "broken.txt": "a broken link",
    "pipe.txt": "not a regular file",
}


def test_each_refused_file_is_named_and_the_rest_is_ingested(env: dict[str, str], folder: Path) -> None:
    result = run(env, "ingest", str(folder), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"]["added"] == 3  # the two articles, and the link that stays inside
    for name, reason in REFUSED.items():
        messages = [m for m in summary["skipped"] if f"{folder / name}:" in m]
        assert len(messages) == 1 and reason in messages[0], (name, summary["skipped"])
    assert len(summary["skipped"]) == len(REFUSED)

    sources = json.loads(run(env, "sources", "--json").stdout)
    assert sorted(s["article_id"] for s in sources) == ["notes/link-in.txt", "notes/poetry.md", "port.txt"]
    assert "عنوان من خارج المجلد" not in {s["title"] for s in sources}  # the linked metadata was not read
    assert run(env, "ingest", str(folder), "--json").exit_code == 0  # and again: nothing hangs or breaks


def test_the_text_summary_warns_about_each_refused_file(env: dict[str, str], folder: Path) -> None:
    result = run(env, "ingest", str(folder))
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if line.startswith("warning: Skipped")]
    assert len(warnings) == len(REFUSED)
    assert all(any(str(folder / name) in w for w in warnings) for name in REFUSED)
    assert "Traceback" not in result.output
