"""Checksums of the saved lexical index, kept in a file beside its folder.

`LexicalIndex.load` refuses files it cannot parse, but damage that still parses (flipped bytes inside
an array, a well-formed array with other numbers) would silently change search results. The seal
records the SHA-256 of every file the index saved; a copy that does not match is rebuilt from the store
like a missing one. Sealing and checking happen under the lexical file lock (see `retrieval.index.passage_index`),
so a seal always describes the folder beside it, or is visibly out of date (a crash between saving and
sealing), which again means: rebuild.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from retrieval.index.files import atomic_write_text

SEAL_SUFFIX = ".sha256.json"


def seal_path(directory: Path) -> Path:
    return directory.with_name(directory.name + SEAL_SUFFIX)


def digests(directory: Path) -> dict[str, str]:
    """SHA-256 of every file under `directory`, by path relative to it."""
    return {
        path.relative_to(directory).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def write_seal(directory: Path) -> None:
    """Record the checksums of `directory`'s files (written atomically beside it)."""
    atomic_write_text(seal_path(directory), json.dumps(digests(directory)))


def problem(directory: Path) -> str | None:
    """Why the saved copy in `directory` must not be trusted, or None when it matches its seal."""
    if not directory.exists():
        return "it is missing"
    try:
        recorded = json.loads(seal_path(directory).read_text(encoding="utf-8"))
        actual = digests(directory)
    except FileNotFoundError:
        return "it has no checksums"
    except (OSError, ValueError) as err:
        return f"its checksums cannot be read ({err})"
    if recorded != actual:
        changed = sorted(set(recorded) ^ set(actual) | {n for n in recorded if actual.get(n) != recorded[n]})
        return f"{', '.join(changed)} changed since it was saved"
    return None


def problem_with(directory: Path, names: Sequence[str]) -> str | None:
    """Why the files `names` in `directory` must not be trusted (they differ from the seal), or None.

    For a reader that already holds the rest of the index and only loads what was added since."""
    try:
        recorded = json.loads(seal_path(directory).read_text(encoding="utf-8"))
        changed = [n for n in names if hashlib.sha256((directory / n).read_bytes()).hexdigest() != recorded.get(n)]
    except FileNotFoundError as err:
        return f"{Path(err.filename or '?').name} is missing"
    except (OSError, ValueError) as err:
        return f"its checksums cannot be read ({err})"
    return f"{', '.join(changed)} changed since it was saved" if changed else None


def update_seal(directory: Path, *, added: Sequence[str] = (), removed: Iterable[str] = ()) -> None:
    """Record the checksums of the files `added` to `directory` (and forget those `removed`), without
    reading the files that did not change. A seal that cannot be read is written afresh."""
    try:
        recorded = json.loads(seal_path(directory).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        write_seal(directory)
        return
    for name in removed:
        recorded.pop(name, None)
    for name in added:
        recorded[name] = hashlib.sha256((directory / name).read_bytes()).hexdigest()
    atomic_write_text(seal_path(directory), json.dumps(dict(sorted(recorded.items()))))
