"""Small corpora, environments and settings shared by the server-mode tests."""

from __future__ import annotations

import os
from pathlib import Path

from retrieval.settings import Settings, load_settings

# Two short articles, and a third that a test adds later.
CORPUS = {
    "port.txt": "افتتاح ميناء العقبة\nافتتحت الحكومة ميناء جديدا في مدينة العقبة في 3 مارس/آذار 2025. ويضم الميناء ثلاثة أرصفة.",
    "poetry.txt": "مهرجان الشعر\nانطلق مهرجان الشعر العربي في عمّان بمشاركة عشرين شاعرا. ويستمر المهرجان أسبوعا.",
}
LATER = {
    "bridge.txt": "جسر الزرقاء\nافتتحت البلدية جسر الزرقاء المعلق يوم الأحد. ويبلغ طول الجسر أربعمئة متر فوق الوادي.",
}


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def clean_environment(**variables: str) -> dict[str, str]:
    """This process's environment without any ISNAD_* or Telegram setting, plus `variables`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("ISNAD_") and k != "TELEGRAM_BOT_TOKEN"}
    return base | variables


def settings_from(env: dict[str, str]) -> Settings:
    """The settings an `isnad` process started with `env` would read."""
    return load_settings(
        _env_file=None,
        chroma_url=env["ISNAD_CHROMA_URL"],
        collection=env["ISNAD_COLLECTION"],
        data_dir=Path(env["ISNAD_DATA_DIR"]),
        seeds_dir=Path(env["ISNAD_SEEDS_DIR"]),
    )
