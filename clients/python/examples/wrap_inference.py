"""Wrap an inference function so that every call issues and registers a receipt.

    python examples/wrap_inference.py --log http://127.0.0.1:8080 --log-key "$LOG_VKEY" \
        --key issuer.key --model-dir tiny-model --out receipts/

The issuer key comes from ``receiptlog keys generate``; the log must list its verifier key
(``receiptlog keys show issuer.key``) in its issuer list. Each call writes the statement, its
salts (mode 0600: keep them private) and its receipt bundle, which ``receiptlog verify
--bundle`` checks offline.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import time
from typing import Callable

import receiptlog


def receipted(issuer: receiptlog.Issuer, log: receiptlog.LogClient, out: str) -> Callable[[Callable[[str], str]], Callable[[str], str]]:
    """A decorator: the wrapped ``prompt -> answer`` function returns as before, and each call
    issues a receipt committing to the prompt and the answer, registers it (the log's COSE
    receipt is verified before ``submit`` returns), and writes the statement, its salts and its
    receipt bundle under ``out``."""

    def wrap(infer: Callable[[str], str]) -> Callable[[str], str]:
        @functools.wraps(infer)
        def call(prompt: str) -> str:
            started = time.monotonic()
            answer = infer(prompt)
            elapsed_ms = int((time.monotonic() - started) * 1000)
            issued = issuer.issue(prompt.encode(), answer.encode(), claims={"execution_time_ms": elapsed_ms})
            registration = log.submit(issued.statement)
            name = os.path.join(out, f"receipt-{registration.index}")
            issued.write(name + ".cose")
            receiptlog.write_new_file(name + ".bundle", log.bundle(registration.index).encoded, 0o644)
            return answer

        return call

    return wrap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--log", required=True, help="the log's base URL")
    parser.add_argument("--log-key", required=True, help="the log's verifier key (serve prints it)")
    parser.add_argument("--key", required=True, help="the issuer's private key file")
    parser.add_argument("--model-dir", required=True, help="the model directory to digest")
    parser.add_argument("--out", required=True, help="a directory for statements, salts and bundles")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    issuer = receiptlog.Issuer(
        receiptlog.read_key_file(args.key), subject="deployment/example", model_id="tiny-adder",
        model_version="1.0.0", model_dir=args.model_dir,
    )
    with receiptlog.LogClient(args.log, args.log_key) as log:

        @receipted(issuer, log, args.out)
        def add(prompt: str) -> str:
            """A tiny inference: sums the integers in the prompt."""
            return str(sum(int(word) for word in prompt.split() if word.lstrip("-").isdigit()))

        for prompt in ("2 2", "40 2", "1 2 3"):
            print(json.dumps({"prompt": prompt, "answer": add(prompt)}))
    print(f"receipts and bundles in {args.out}")


if __name__ == "__main__":
    main()
