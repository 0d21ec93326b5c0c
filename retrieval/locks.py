"""File locks that several isnad processes sharing one data directory take around shared files.

`fcntl.flock` locks belong to an open file, so two threads or two processes that each open the lock
file exclude each other, and the kernel drops a lock when its process dies (a killed ingest never
leaves a lock behind). Linux and macOS only, like the rest of the data-directory handling.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold an exclusive (or shared) lock on `path`, created if needed, for the `with` block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the file releases the lock
