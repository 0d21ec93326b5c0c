import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.eval import eval_command, make_eval_command


@pytest.fixture
def command(service_factory, embeddings):
    return make_eval_command(service_factory=service_factory, embeddings=embeddings)


def invoke(command, obj, *args: str):
    return CliRunner().invoke(command, list(args), obj=obj, catch_exceptions=False)


def test_table_on_the_terminal(command, settings, squad_file, tmp_path: Path):
    # the `isnad` group hands its settings down as ctx.obj["settings"]
    result = invoke(command, {"settings": settings}, str(squad_file), "--cache", str(tmp_path / "c.sqlite"))
    assert result.exit_code == 0, result.output
    assert "retriever" in result.stdout and "recall@5" in result.stdout
    assert [
        line.split()[0]
        for line in result.stdout.splitlines()
        if line.split()[:1] in (["lexical"], ["dense"], ["hybrid"])
    ] == ["lexical", "dense", "hybrid"]


def test_json_and_out_dir(command, settings, squad_file, tmp_path: Path):
    out = tmp_path / "results"
    result = invoke(command, settings, str(squad_file), "--json", "--no-cache", "--out", str(out), "--limit", "3")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["question_count"] == 3
    assert json.loads((out / "report.json").read_text(encoding="utf-8")) == report
    assert (out / "recall.png").is_file()
    assert (tmp_path / "user-index").exists() is False
    assert f"wrote {out / 'report.json'}" in result.stderr


def test_bad_input_is_a_message_not_a_traceback(command, settings, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": "1.1"}', encoding="utf-8")
    result = invoke(command, settings, str(bad), "--no-cache")
    assert result.exit_code == 2  # bad input, as the rest of the `isnad` command line reports it
    assert "Error: " in result.stderr and "no `data` list" in result.stderr
    assert "Traceback" not in result.output


def test_missing_dataset_and_bad_limit_are_refused_by_click(command, settings, tmp_path: Path, squad_file):
    assert invoke(command, settings, str(tmp_path / "absent.json")).exit_code == 2
    assert invoke(command, settings, str(squad_file), "--limit", "0").exit_code == 2


def test_the_default_command_is_named_eval():
    assert eval_command.name == "eval"
    assert {p.name for p in eval_command.params} >= {
        "dataset",
        "questions",
        "conversations",
        "articles",
        "unanswerable",
        "split",
        "out",
        "limit",
        "as_json",
    }


def test_unanswerable_share_and_measure_part(command, settings, squad_file, tmp_path: Path):
    out = tmp_path / "results"
    args = [str(squad_file), "--unanswerable", "0.1", "--split", "measure", "--json", "--no-cache", "--out", str(out)]
    result = invoke(command, settings, *args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["part"], report["unanswerable_share"], report["held_out_paragraphs"]) == ("measure", 0.1, 1)
    assert [q["id"] for q in report["questions"]] == ["q4", "q5"]  # Desert is the measured article
    assert sorted(p.name for p in out.iterdir()) == ["recall.png", "report.json", "risk_coverage.png"]


def test_the_table_shows_the_answer_path(command, settings, squad_file):
    result = invoke(command, settings, str(squad_file), "--unanswerable", "0.1", "--no-cache")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.split()[:2] == ["answer", "path"] and "abstained" in line for line in lines)
    assert any(line.startswith("measure ") for line in lines) and any(line.startswith("tune ") for line in lines)


def test_gold_file_over_an_articles_file(command, settings, tmp_path: Path, write_jsonl):
    articles = write_jsonl("news.jsonl", {"id": "n2", "title": "Cup", "text": "The Gulf cup was postponed to 2016."})
    gold = write_jsonl("q.jsonl", {"id": "a1", "question": "Gulf cup postponed to?", "expect": [["2016"]]})
    result = invoke(command, settings, str(gold), "--articles", str(articles), "--json", "--no-cache")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["articles"].endswith("news.jsonl") and report["totals"]["correct"]["count"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unanswerable", "0.2"], "--unanswerable applies to SQuAD"),
        (["--unanswerable", "1"], "Invalid value for '--unanswerable'"),
        (["--split", "train"], "Invalid value for '--split'"),
    ],
)
def test_options_that_do_not_apply_are_refused(command, settings, write_jsonl, args, message):
    gold = write_jsonl("q.jsonl", {"question": "Q?"})
    result = invoke(command, settings, str(gold), "--no-cache", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.output


def test_articles_on_a_squad_file_is_refused(command, settings, squad_file, tmp_path: Path):
    result = invoke(command, settings, str(squad_file), "--articles", str(tmp_path), "--no-cache")
    assert result.exit_code == 2 and "--articles applies to gold" in result.stderr
