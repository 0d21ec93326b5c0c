"""The suite is isolated from the developer's environment: exported `ISNAD_*` / `TELEGRAM_*` variables and a
`.env` file in the working folder change nothing (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from retrieval.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = {"ISNAD_LLM": "openai:x", "ISNAD_DATA_DIR": "/nonexistent/isnad", "TELEGRAM_BOT_TOKEN": "123:abc"}


def test_the_settings_fixture_has_the_defaults(settings: Settings) -> None:
    """Run by the next test under a hostile environment; passes in any environment."""
    assert not [name for name in os.environ if name.startswith(("ISNAD_", "TELEGRAM_"))]
    assert not Path(".env").exists()
    for name in ("llm", "top_k", "history_turns", "chroma_url", "llm_api_key"):
        assert getattr(settings, name) == Settings.model_fields[name].default, name
    assert load_settings() == Settings()  # what the command line reads: the defaults too
    assert load_settings().data_dir == Path(".isnad")


def test_exported_variables_and_a_dot_env_file_do_not_reach_the_tests(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ISNAD_TOP_K=3\nISNAD_HISTORY_TURNS=1\n", encoding="utf-8")
    environment = {**os.environ, **HOSTILE, "PYTHONPATH": str(ROOT)}
    # Without the fixtures, this environment and folder do change the settings ...
    read = subprocess.run(
        [sys.executable, "-c", "from retrieval.settings import Settings; s = Settings(); print(s.llm, s.top_k)"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert read.stdout.split() == ["openai:x", "3"]
    # ... and a test run from there still sees the defaults.
    node = f"{Path(__file__)}::test_the_settings_fixture_has_the_defaults"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", node, "-q", "-p", "no:cacheprovider"],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
