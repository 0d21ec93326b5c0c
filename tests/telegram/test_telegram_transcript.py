"""The README's Telegram transcript is what the bot renders now for real answers over the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcript import README, readme_transcript, transcript

from retrieval.service import Isnad
from retrieval.settings import load_settings


@pytest.mark.e2e
def test_the_readme_transcript_is_rendered_from_real_answers(tmp_path: Path) -> None:
    isnad = Isnad(load_settings(_env_file=None, data_dir=tmp_path))

    expected = transcript(isnad)

    assert readme_transcript(README.read_text(encoding="utf-8")) == expected, (
        "the README's Telegram transcript is out of date: run `python tests/telegram/transcript.py --write`"
    )
