import datetime as dt
import os
from pathlib import Path

import pytest

from retrieval.errors import SourceError
from retrieval.ingest.articles import article_from_text, load_articles

LIMIT = 100_000


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_dateline_and_duplicated_title_are_read_and_dropped() -> None:
    raw = "الخميس, 5 يونيو 2025 9:00 PM\n\nافتتاح معرض الكتاب\n\nافتتاح معرض الكتاب\n\nافتتح المعرض اليوم."
    article = article_from_text(raw, article_id="x.txt")
    assert article.published == dt.date(2025, 6, 5)
    assert article.title == "افتتاح معرض الكتاب"
    assert article.text == "افتتاح معرض الكتاب\n\nافتتح المعرض اليوم."


def test_iso_date_prefix_is_read_and_dropped() -> None:
    article = article_from_text("date 2025-11-16 بحث الوزير الملف. ثم غادر.", article_id="x.txt")
    assert article.published == dt.date(2025, 11, 16)
    assert article.text == "بحث الوزير الملف. ثم غادر."
    assert article.title == "بحث الوزير الملف."


def test_undated_article_stays_undated() -> None:
    article = article_from_text("وصل الوفد أمس الأربعاء إلى العاصمة.", article_id="x.txt")
    assert article.published is None


def test_long_first_line_gives_a_shortened_title() -> None:
    first = " ".join(["كلمة"] * 30) + "."
    article = article_from_text(first + "\nجملة أخرى.", article_id="x.txt")
    assert article.title == " ".join(["كلمة"] * 12) + "…"


def test_folder_with_text_markdown_jsonl_and_sidecar(tmp_path: Path) -> None:
    write(tmp_path / "one.txt", "عنوان أول\nنص المقال الأول.")
    write(tmp_path / "sub" / "two.md", "عنوان ثان\nنص المقال الثاني.")
    write(
        tmp_path / "more.jsonl",
        '{"id": "j1", "title": "من JSONL", "text": "نص من ملف JSONL.", "published": "2024-02-03", "url": "https://e.x/1"}\n'
        "\n"
        '{"id": "j2", "text": "نص ثان."}\n',
    )
    write(tmp_path / "metadata.toml", '["one.txt"]\noutlet = "Example Daily"\npublished = 2025-01-02\n')
    write(tmp_path / "notes.csv", "ignored")
    result = load_articles([tmp_path], max_bytes=LIMIT)
    by_id = {a.article_id: a for a in result.articles}
    assert sorted(by_id) == ["j1", "j2", "one.txt", "sub/two.md"]
    assert by_id["one.txt"].outlet == "Example Daily"
    assert by_id["one.txt"].published == dt.date(2025, 1, 2)
    assert by_id["j1"].published == dt.date(2024, 2, 3)
    assert by_id["j1"].url == "https://e.x/1"
    assert by_id["j2"].title == "نص ثان."
    assert by_id["sub/two.md"].title == "عنوان ثان"
    assert result.skipped == []


def test_bad_files_are_skipped_with_a_message_naming_them(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", "نص سليم.")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    write(tmp_path / "empty.txt", "   \n")
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    write(tmp_path / "big.txt", "ا" * LIMIT)
    write(tmp_path / "broken.jsonl", '{"id": "ok", "text": "نص."}\nnot json\n{"title": "no id"}\n')
    result = load_articles([tmp_path], max_bytes=LIMIT)
    assert sorted(a.article_id for a in result.articles) == ["good.txt", "ok"]
    messages = "\n".join(result.skipped)
    for name in ("latin1.txt", "empty.txt", "binary.txt", "big.txt", "broken.jsonl:2", "broken.jsonl:3"):
        assert name in messages
    assert "not UTF-8" in messages and "empty" in messages and "binary" in messages


def test_links_out_of_the_folder_are_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "outside" / "secret.txt", "نص خارجي.")
    folder = tmp_path / "articles"
    write(folder / "inside.txt", "نص داخلي.")
    os.symlink(outside, folder / "link.txt")
    result = load_articles([folder], max_bytes=LIMIT)
    assert [a.article_id for a in result.articles] == ["inside.txt"]
    assert "link.txt" in result.skipped[0] and "outside" in result.skipped[0]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="No such file or folder"):
        load_articles([tmp_path / "nope"], max_bytes=LIMIT)


def test_a_single_file_can_be_loaded(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "نص.")
    assert [a.article_id for a in load_articles([path], max_bytes=LIMIT).articles] == ["one.txt"]


def test_seed_articles_load_with_their_dates_and_outlet() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = load_articles([seeds], max_bytes=LIMIT)
    by_id = {a.article_id: a for a in result.articles}
    assert len(by_id) == 5 and result.skipped == []
    dates = {a.article_id[:3]: a.published for a in result.articles}
    assert dates == {
        "000": None,
        "001": dt.date(2025, 10, 3),
        "002": dt.date(2025, 11, 16),
        "003": dt.date(2026, 2, 4),
        "004": None,
    }
    third = by_id["003_428dc1458aead153.txt"]
    assert third.outlet == "halabtodaytv"
    assert "لا يتحمل موقعنا" not in third.text and not third.text.endswith("سياسة")
    assert "شاهد ايضاً" not in by_id["004_a79a51704cc33d42.txt"].text
    assert "مشاركة المقال" not in by_id["001_f22616ff3d8ce778.txt"].text
