"""The README stays true: its set-up commands exist, its settings table lists every setting, CI does what it says."""

from __future__ import annotations

import re
from pathlib import Path

from retrieval.settings import Settings, TelegramSettings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_settings_table() -> None:
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    expected = {
        str(field.validation_alias or f"ISNAD_{name.upper()}")
        for name, field in Settings.model_fields.items()
        if name != "telegram"
    }
    expected |= {f"ISNAD_TELEGRAM_{name.upper()}" for name in TelegramSettings.model_fields}
    assert expected <= documented, sorted(expected - documented)
    assert documented <= expected, sorted(documented - expected)


def test_the_two_setup_commands_open_the_readme_and_exist_in_the_makefile() -> None:
    first_block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in first_block.splitlines()[1:] if line.strip()]
    assert commands == ["make chat", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^chat:", makefile, flags=re.MULTILINE) and re.search(r"^test:", makefile, flags=re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_checks_a_regular_install_after_the_tests() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci.index("make wheel-check") > ci.index("make test")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^wheel-check:.*\n\t.*\.ci/wheel_check$", makefile, flags=re.MULTILINE)
    assert "make wheel-check" in README
