"""Fixtures shared by the integration tests: the real ``receiptlog`` binary and a real log.

The integration tests run only when RECEIPTLOG_BIN names the binary (tools/test-python sets
it to the debug build). When it is set but the binary is missing or broken they fail: a
check that did not run is never a pass.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest


@dataclass(frozen=True)
class CLI:
    """The ``receiptlog`` binary."""

    path: str

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Runs the binary to completion (at most 120 s) and returns what it printed."""
        result = subprocess.run([self.path, *args], capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            pytest.fail(f"receiptlog {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}")
        return result


@pytest.fixture(scope="session")
def cli() -> CLI:
    path = os.environ.get("RECEIPTLOG_BIN")
    if not path:
        pytest.skip("RECEIPTLOG_BIN is not set (tools/test-python sets it to .build/debug/receiptlog)")
    if not os.access(path, os.X_OK):
        pytest.fail(f"RECEIPTLOG_BIN={path} is not an executable file")
    result = subprocess.run([path, "--help"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0 or "issue" not in result.stdout:
        pytest.fail(f"RECEIPTLOG_BIN={path} does not run as receiptlog: exit {result.returncode}: {result.stderr.strip()[:300]}")
    return CLI(path)


@dataclass
class LogServer:
    """A ``receiptlog serve`` child process on a free loopback port."""

    process: subprocess.Popen[bytes]
    url: str
    vkey: str
    directory: Path

    def stop(self) -> int:
        """SIGTERM, then waits (SIGKILL after 30 s); returns the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                return self.process.wait()
        return self.process.returncode


def start_log(cli: CLI, directory: Path, issuers: list[str], origin: str = "py.example/log") -> LogServer:
    """Starts a log that accepts ``issuers`` (verifier key lines) and waits for its two
    ready lines, ``log verifier key: …`` and ``listening on …``, on its standard output (read
    by a thread for the process's lifetime, so the pipe never fills)."""
    (directory / "issuers.txt").write_text("".join(line + "\n" for line in issuers))
    with open(directory / "serve.err", "wb") as stderr:
        process = subprocess.Popen(
            [cli.path, "serve", "--data", str(directory / "data"), "--listen", "127.0.0.1:0", "--origin", origin,
             "--issuers", str(directory / "issuers.txt"), "--batch-max-age-ms", "5"],
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: IO[bytes]) -> None:
        for raw in stream:
            lines.put(raw.decode("utf-8", "replace").rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, args=(process.stdout,), daemon=True).start()
    url = vkey = None
    while url is None or vkey is None:
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            process.kill()
            process.wait()
            pytest.fail(f"receiptlog serve did not print its ready lines within 60 s: {(directory / 'serve.err').read_text()[-500:]}")
        if line is None:
            process.wait()
            pytest.fail(f"receiptlog serve exited {process.returncode} at start: {(directory / 'serve.err').read_text()[-500:]}")
        if line.startswith("log verifier key: "):
            vkey = line.removeprefix("log verifier key: ").strip()
        elif line.startswith("listening on "):
            url = line.removeprefix("listening on ").strip()
    return LogServer(process, url, vkey, directory)
