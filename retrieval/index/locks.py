"""File locks that several isnad processes sharing one data directory take around shared files.

`filelock` locks with `fcntl.flock`, which the kernel drops when the holding process dies, so a killed
ingest never leaves a lock behind. Its holds are per thread: two threads of one process exclude each other
like two processes do (the lexical index is rebuilt by one thread while another waits), while one thread
may take a lock it already holds without waiting for itself. The soft fallback (a marker file, for file
systems without `flock`) is turned off: a marker survives a killed process. Linux and macOS only, like the
rest of the data-directory handling.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock


def file_lock(path: Path) -> FileLock:
    """An exclusive lock on `path` (created if needed) for a `with` block; it waits as long as it takes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(path, is_singleton=True, fallback_to_soft=False)
