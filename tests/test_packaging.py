"""The prompts and seed articles travel inside the package (`isnad_bundled`), from the top-level folders.

Building and installing the wheel itself is `make wheel-check` (in CI after the tests): it needs the
package index, which the tests do not use."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

from isnad_bundled import PROMPTS_DIR, SEEDS_DIR
from retrieval.llm.prompts import answer_prompt, condense_prompt
from retrieval.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_the_bundled_folders_are_the_top_level_ones() -> None:
    assert PROMPTS_DIR.resolve() == ROOT / "prompts"
    assert SEEDS_DIR.resolve() == ROOT / "seeds"
    assert Settings.model_fields["seeds_dir"].default == SEEDS_DIR
    assert answer_prompt() and condense_prompt()  # read from the bundled folder by default


def test_every_prompt_and_seed_file_is_package_data() -> None:
    """A file the package-data patterns miss would be left out of the wheel, and so of a regular install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert any(fnmatch("isnad_bundled", pattern) for pattern in config["packages"]["find"]["include"])
    patterns = config["package-data"]["isnad_bundled"]
    files = [f"{folder}/{path.name}" for folder in ("prompts", "seeds") for path in (ROOT / folder).iterdir()]
    assert len(files) >= 7
    left_out = [name for name in files if not any(fnmatch(name, pattern) for pattern in patterns)]
    assert left_out == []
