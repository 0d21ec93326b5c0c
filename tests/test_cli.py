"""The command line, in process, with the real bundled model over a tiny corpus in a temporary folder."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli

CORPUS = {
    "port.txt": "افتتاح ميناء العقبة\nافتتحت الحكومة ميناء جديدا في مدينة العقبة في 3 مارس/آذار 2025. ويضم الميناء ثلاثة أرصفة.",
    "poetry.txt": "مهرجان الشعر\nانطلق مهرجان الشعر العربي في عمّان بمشاركة عشرين شاعرا. ويستمر المهرجان أسبوعا.",
}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return {"ISNAD_DATA_DIR": str(tmp_path / "data"), "ISNAD_SEEDS_DIR": str(corpus)}


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=stdin, catch_exceptions=False)


def test_empty_and_huge_questions_are_refused(env: dict[str, str]) -> None:
    empty = run(env, "ask", "   ")
    assert empty.exit_code == 2 and "The question is empty" in empty.output
    huge = run(env, "ask", "س" * 2001)
    assert huge.exit_code == 2 and "limit is 2,000" in huge.output
    assert "Traceback" not in empty.output + huge.output


def test_missing_path_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    result = run(env, "ingest", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "No such file or folder" in result.output


def test_ingest_twice_adds_nothing_and_reports_bad_files(env: dict[str, str], tmp_path: Path) -> None:
    corpus = Path(env["ISNAD_SEEDS_DIR"])
    (corpus / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    first = run(env, "ingest", str(corpus), "--json")
    assert first.exit_code == 0
    summary = json.loads(first.stdout)
    assert summary["articles"]["added"] == 2 and summary["passages"]["added"] >= 2
    assert any("latin1.txt" in s for s in summary["skipped"])
    second = json.loads(run(env, "ingest", str(corpus), "--json").stdout)
    assert second["passages"]["added"] == 0 and second["articles"]["unchanged"] == 2


def test_first_question_indexes_the_seeds_and_cites(env: dict[str, str]) -> None:
    result = run(env, "ask", "كم رصيفا في ميناء العقبة الجديد؟", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "answer", "language", "abstained", "citations", "timings_ms"}
    assert answer["language"] == "ar" and not answer["abstained"]
    cited = answer["citations"][0]
    assert cited["article_id"] == "port.txt"
    assert {"n", "title", "published", "quote", "start", "end"} <= set(cited)
    assert "ثلاثة أرصفة" in answer["answer"]


def test_unrelated_question_abstains(env: dict[str, str]) -> None:
    answer = json.loads(run(env, "ask", "What is the boiling point of mercury?", "--json").stdout)
    assert answer["abstained"] and answer["citations"] == []
    assert answer["language"] == "en"


def test_a_folder_that_is_not_an_index_gets_one_line(env: dict[str, str], tmp_path: Path) -> None:
    data = Path(env["ISNAD_DATA_DIR"])
    data.mkdir()
    (data / "notes.txt").write_text("mine", encoding="utf-8")
    result = run(env, "ask", "سؤال؟")
    assert result.exit_code == 1
    assert "not an isnad index" in result.output and "Traceback" not in result.output
    assert (data / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_chat_reads_questions_from_a_pipe_and_keeps_history(env: dict[str, str]) -> None:
    lines = "متى افتتح ميناء العقبة؟\nوكم رصيفا فيه؟\n/sources\n"
    result = run(env, "chat", "--json", stdin=lines)
    assert result.exit_code == 0, result.output
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    first, second, sources = objects
    assert "2025" in first["answer"]
    assert second["standalone_question"] and "العقبة" in second["standalone_question"]
    assert {s["article_id"] for s in sources} == {"port.txt", "poetry.txt"}


def test_sources_lists_articles(env: dict[str, str]) -> None:
    run(env, "ingest")
    result = run(env, "sources")
    assert "port.txt" in result.output and "2 articles." in result.output
