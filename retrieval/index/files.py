"""Writing files and folders so that a reader, or a process started after a crash, never sees half of one.

Both write beside the target and then rename, which is atomic within one file system:

- `atomic_write_text`: a sibling temporary file, flushed to disk, then renamed over the target; a reader
  sees the old content or the new, never a mixture or an empty file.
- `replace_folder`: a sibling staging folder filled by the caller, then swapped in. POSIX cannot rename a
  folder over a non-empty one, so the old folder is first renamed aside (`NAME.old`) and removed last; in
  between, the folder is briefly missing. Readers that must not see that take a lock around it (the
  lexical index does). A leftover `NAME.old`, or a stray file where the folder goes, is cleared first.

A failure leaves the target as it was and removes what was staged.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write_text(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    """Replace `path`'s content with `text` in one step (its folder is created if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding) as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(staging, path)
    finally:
        Path(staging).unlink(missing_ok=True)  # only still there if something failed


def replace_folder(directory: Path, fill: Callable[[Path], None]) -> None:
    """Replace `directory` with a new folder whose files `fill(staging_folder)` writes."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        fill(staging)
        old = directory.with_name(directory.name + ".old")
        remove_path(old)
        if directory.exists() or directory.is_symlink():
            os.replace(directory, old)
        os.replace(staging, directory)
        remove_path(old)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # only still there if something failed


def remove_path(path: Path) -> None:
    """Remove a folder, a file or a symlink at `path`, whichever it is; nothing if there is none."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
