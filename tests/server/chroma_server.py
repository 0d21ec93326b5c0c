"""A real Chroma server for tests: `chroma run` from the installed chromadb, on a free loopback port.

The server can be stopped and started again on the same port and data folder, as an operator would
restart it; `url` stays the same.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

CHROMA = Path(sys.executable).with_name("chroma")  # the console script chromadb installs beside python
START_TIMEOUT_S = 30.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing_reason() -> str | None:
    """Why a Chroma server cannot be started here, or None."""
    return None if CHROMA.is_file() else f"the `chroma` command is not installed beside {sys.executable}"


class ChromaServer:
    """`chroma run --path PATH --host 127.0.0.1 --port PORT` as a child process."""

    def __init__(self, path: Path, *, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.log_path = path.with_name(path.name + ".log")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ChromaServer:
        """Start the server and wait until its heartbeat answers."""
        command = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"chroma run exited with {self._process.returncode}: {self._log_tail()}")
            if self.is_up():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"chroma run did not answer within {START_TIMEOUT_S:.0f} s: {self._log_tail()}")

    def is_up(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers) and wait until the port is closed."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def _log_tail(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
