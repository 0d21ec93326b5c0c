"""Files that travel inside the wheel: the prompt templates and the seed articles.

`prompts` and `seeds` here are symbolic links to the project's top-level `prompts/` and `seeds/`, which
stay the source. The build copies the files behind them into the wheel as package data, so a checkout,
an editable install and a regular install (`pip install .`) all find them in this package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder(name: str) -> Path:
    folder = files(__name__) / name
    if not isinstance(folder, Path):  # an import from a zip file; isnad is installed as files
        raise RuntimeError(f"isnad's bundled {name} folder is not on the file system ({folder}).")
    return folder


PROMPTS_DIR = _folder("prompts")
SEEDS_DIR = _folder("seeds")

__all__ = ["PROMPTS_DIR", "SEEDS_DIR"]
