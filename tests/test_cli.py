"""The command line, in process, with the real bundled model over a tiny corpus in a temporary folder."""

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli.main import cli
from bot.cli.render import sources_block
from retrieval import Answer, Citation, format_day
from retrieval.errors import StoreUnavailable
from retrieval.service import Isnad

ROOT = Path(__file__).resolve().parent.parent

CORPUS = {
    "port.txt": "الاثنين, 10 مارس 2025 10:00 AM\n\nافتتاح ميناء العقبة\nافتتحت الحكومة ميناء جديدا في مدينة العقبة في 3 مارس/آذار 2025. ويضم الميناء ثلاثة أرصفة.",
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


def assert_one_line_error(result: Result, exit_code: int, message: str) -> None:
    """The failure is one `Error: ...` line on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == exit_code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], result.stderr


def test_empty_and_huge_questions_are_refused(env: dict[str, str]) -> None:
    assert_one_line_error(run(env, "ask", "   "), 2, "The question is empty")
    assert_one_line_error(run(env, "ask", "س" * 2001), 2, "limit is 2,000")


def test_missing_path_exits_2(env: dict[str, str], tmp_path: Path) -> None:
    assert_one_line_error(run(env, "ingest", str(tmp_path / "nowhere")), 2, "No such file or folder")


def test_invalid_settings_name_the_variable_and_exit_2(env: dict[str, str]) -> None:
    result = run({**env, "ISNAD_TOP_K": "many"}, "sources")
    assert_one_line_error(result, 2, "invalid settings: ISNAD_TOP_K:")


@pytest.mark.parametrize("name", ["ab", "a b", "isnad-", "isnad..x", "1.2.3.4", "x" * 503])
def test_a_collection_name_chroma_would_refuse_is_refused_at_start_up(env: dict[str, str], name: str) -> None:
    result = run({**env, "ISNAD_COLLECTION": name}, "sources")
    assert_one_line_error(result, 2, "invalid settings: ISNAD_COLLECTION: Value error, a collection name is 3-502")


def test_other_library_errors_exit_1(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(self: Isnad) -> None:
        raise StoreUnavailable("The Chroma server at http://127.0.0.1:9 is temporarily unavailable.")

    monkeypatch.setattr(Isnad, "sources", unreachable)
    assert_one_line_error(run(env, "sources", "--json"), 1, "temporarily unavailable")


def test_ctrl_c_exits_130_without_a_traceback(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Isnad, *args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Isnad, "answer", interrupted)
    result = run(env, "ask", "متى افتتح ميناء العقبة؟")
    assert result.exit_code == 130 and result.stdout == "" and "Traceback" not in result.stderr


def test_sigint_while_chat_waits_for_a_line_exits_130(env: dict[str, str], tmp_path: Path) -> None:
    """A real Ctrl+C (SIGINT) to the real process, while `isnad chat` waits for its next question."""
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "chat"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=tmp_path,
        text=True,
        # A shell's background job inherits SIGINT ignored, and Python then keeps it ignored: the process under
        # test gets the default, as when it is started from a terminal.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdin and process.stdout
        process.stdin.write("/help\n")
        process.stdin.flush()
        while "/quit" not in process.stdout.readline():  # the help text is printed: the next read blocks
            pass
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)  # stdin stays open: an end of input must not be what ends it
        assert process.stderr
        stderr = process.stderr.read()
    finally:
        process.kill()
    assert process.returncode == 130
    assert "Traceback" not in stderr


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
    result = run(env, "ask", "متى افتتحت الحكومة ميناء العقبة الجديد؟", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) >= {"question", "answer", "language", "abstained", "citations", "timings_ms"}
    assert answer["language"] == "ar" and not answer["abstained"]
    cited = answer["citations"][0]
    assert cited["article_id"] == "port.txt"
    assert {"n", "title", "published", "quote", "start", "end"} <= set(cited)
    assert answer["answer"].startswith("التاريخ: 3 مارس 2025 [1].")
    assert cited["published"] == "2025-03-10" and answer["as_of"] == "2025-03-10"
    assert answer["answer_line"] == "التاريخ: 3 مارس 2025 [1]."


def test_the_text_answer_says_what_date_it_holds_as_of(env: dict[str, str]) -> None:
    result = run(env, "ask", "When did the government open the new port of Aqaba?")
    assert result.exit_code == 0, result.output
    assert "Sources:\n[1] " in result.stdout
    assert result.stdout.rstrip().splitlines()[-1] == "As of Monday 10 March 2025, the newest cited article."


def test_unrelated_question_abstains(env: dict[str, str]) -> None:
    answer = json.loads(run(env, "ask", "What is the boiling point of mercury?", "--json").stdout)
    assert answer["abstained"] and answer["citations"] == []
    assert answer["language"] == "en"


def test_a_folder_that_is_not_an_index_gets_one_line(env: dict[str, str], tmp_path: Path) -> None:
    data = Path(env["ISNAD_DATA_DIR"])
    data.mkdir()
    (data / "notes.txt").write_text("mine", encoding="utf-8")
    assert_one_line_error(run(env, "ask", "سؤال؟"), 1, "not an isnad index")
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


def test_an_article_quoted_twice_is_listed_once_under_sources() -> None:
    first = Citation(1, "a.txt", "عنوان", "جملة أولى.", 0, 10, published=dt.date(2025, 3, 10))
    second = Citation(1, "a.txt", "عنوان", "جملة ثانية.", 11, 22, published=dt.date(2025, 3, 10))
    answer = Answer("q", "«جملة أولى.» [1]\n«جملة ثانية.» [1]", "en", (first, second))
    assert sources_block(answer).strip().splitlines() == [
        "Sources:",
        "[1] عنوان · Monday 10 March 2025 · a.txt",
        "As of Monday 10 March 2025, the newest cited article.",
    ]


def test_an_arabic_answer_dates_its_sources_in_arabic() -> None:
    dated = Citation(1, "a.txt", "عنوان", "جملة.", 0, 5, published=dt.date(2025, 3, 10))
    undated = Citation(2, "b.txt", "عنوان آخر", "جملة أخرى.", 0, 10)
    answer = Answer("س", "«جملة.» [1]\n«جملة أخرى.» [2]", "ar", (dated, undated))
    lines = sources_block(answer).strip().splitlines()
    assert lines[0] == "المصادر:"
    assert lines[1] == f"[1] عنوان · {format_day(dt.date(2025, 3, 10), 'ar')} · a.txt"
    assert lines[2] == f"[2] عنوان آخر · {format_day(None, 'ar')} · b.txt"
    assert "undated" not in lines[2] and "March" not in lines[1]
