"""Throughput of the Python issuer package (clients/python):

1. statements signed per second (Issuer.issue: three commitments, the claims, Ed25519),
   one thread, model digest given (not rehashed per statement);
2. statements registered per second (LogClient.submit, each answer's COSE receipt,
   checkpoint and inclusion proof verified) against a local `receiptlog serve` started here,
   with 1 and with T client threads, one LogClient (one keep-alive connection) per thread.

    python bench/python-issuer/bench.py --bin .build/debug/receiptlog [--sign N] [--register N] [--threads T]

Prints one line per figure. The log's binary is whatever --bin names (say which when you
record the figures: the debug build is much slower than the release build).
"""

from __future__ import annotations

import argparse
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import receiptlog


def issuer_for(key: receiptlog.SignerKey) -> receiptlog.Issuer:
    return receiptlog.Issuer(
        key, subject="deployment/bench", model_id="bench-model", model_version="1",
        model_hash=b"\x42" * 32, model_hash_scheme="receiptlog-sha256-manifest-v1",
    )


def bench_sign(count: int) -> float:
    issuer = issuer_for(receiptlog.SignerKey.generate("bench.example"))
    request, response, parameters = b"What is 2+2? " * 20, b"4" * 200, b'{"temperature":0}'
    for _ in range(min(200, count)):  # warm-up
        issuer.issue(request, response, parameters)
    started = time.perf_counter()
    for _ in range(count):
        issuer.issue(request, response, parameters)
    return count / (time.perf_counter() - started)


def start_log(binary: str, directory: Path, issuer_line: str) -> tuple[subprocess.Popen[bytes], str, str]:
    (directory / "issuers.txt").write_text(issuer_line + "\n")
    with open(directory / "serve.err", "wb") as err:
        process = subprocess.Popen(
            [binary, "serve", "--data", str(directory / "data"), "--listen", "127.0.0.1:0",
             "--origin", "bench.example/log", "--issuers", str(directory / "issuers.txt")],
            stdout=subprocess.PIPE, stderr=err,
        )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            lines.put(raw.decode().strip())
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    url = vkey = None
    while url is None or vkey is None:
        line = lines.get(timeout=60)
        if line is None:
            sys.exit(f"receiptlog serve exited: {(directory / 'serve.err').read_text()[-300:]}")
        if line.startswith("log verifier key: "):
            vkey = line.removeprefix("log verifier key: ")
        elif line.startswith("listening on "):
            url = line.removeprefix("listening on ")
    return process, url, vkey


def bench_register(binary: str, count: int, threads: int) -> list[tuple[int, float]]:
    key = receiptlog.SignerKey.generate("bench.example")
    issuer = issuer_for(key)
    results = []
    with tempfile.TemporaryDirectory(prefix="python-issuer-bench.") as work:
        process, url, vkey = start_log(binary, Path(work), key.verifier_key.encoded)
        try:
            for n in sorted({1, threads}):
                statements = [issuer.issue(b"q%d" % i, b"a%d" % i).statement for i in range(count)]
                chunks = [statements[i::n] for i in range(n)]
                errors: list[BaseException] = []

                def run(chunk: list[bytes]) -> None:
                    try:
                        with receiptlog.LogClient(url, vkey, timeout=30, retries=5) as client:
                            for statement in chunk:
                                client.submit(statement)
                    except BaseException as error:  # reported below
                        errors.append(error)

                workers = [threading.Thread(target=run, args=(c,)) for c in chunks]
                started = time.perf_counter()
                for w in workers:
                    w.start()
                for w in workers:
                    w.join()
                elapsed = time.perf_counter() - started
                if errors:
                    raise errors[0]
                results.append((n, count / elapsed))
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the receiptlog binary for the log")
    parser.add_argument("--sign", type=int, default=5000, help="statements to sign")
    parser.add_argument("--register", type=int, default=2000, help="statements to register per run")
    parser.add_argument("--threads", type=int, default=8, help="client threads of the second run")
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, cryptography {__import__('cryptography').__version__}, {os.cpu_count()} CPUs")
    print(f"signed: {bench_sign(args.sign):,.0f} statements/s (one thread)")
    for n, rate in bench_register(args.bin, args.register, args.threads):
        print(f"registered: {rate:,.0f} statements/s ({n} client thread{'s' if n > 1 else ''}, receipts verified, log {args.bin})")


if __name__ == "__main__":
    main()
