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
    assert {p.name for p in eval_command.params} >= {"dataset", "questions", "conversations", "out", "limit", "as_json"}
