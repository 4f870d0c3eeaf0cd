"""A client of a ReceiptLog log (specs/http-api.md), on the standard library's http.client.

:meth:`LogClient.submit` registers a statement (``POST /entries``) and checks the answer
before returning it: the COSE receipt must verify for the entry under the log's key, the
checkpoint must carry the log's signature, and the inclusion proof must lead from the entry
to that checkpoint's root. :meth:`LogClient.bundle` fetches what ``receiptlog bundle --log
URL --index N --vkey VKEY`` fetches and builds the same receipt bundle.

Requests time out after ``timeout`` seconds and are retried at most ``retries`` times, with
exponential backoff (capped, and following ``Retry-After`` up to the cap), after a network
failure, a timeout, or a 408, 429, 502, 503 or 504 answer. Retrying a registration is safe:
the log answers the same statement with the same entry and byte-identical receipt. Other
answers are not retried. A client keeps one connection open; use one client per thread.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import socket
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .bundle import ReceiptBundle
from .cose import leaf_form
from .errors import ReceiptLogError
from .keys import VerifierKey
from .merkle import leaf_hash, root_from_inclusion_proof
from .note import Checkpoint, Note, TlogProof
from .receipt import CoseReceipt

__all__ = ["LogClient", "Registration", "RETRYABLE_STATUSES"]

RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
"""Answers after which a request is tried again."""

MAX_ANSWER = 4 << 20
"""The largest answer body read, in bytes."""


@dataclass(frozen=True)
class Registration:
    """A checked answer to a registration."""

    index: int
    """The entry's index in the log."""
    entry: bytes
    """The exact bytes in the log: the statement's leaf form."""
    leaf_hash: bytes
    """SHA-256(0x00 ‖ entry)."""
    tree_size: int
    """The size of the first tree that holds the entry."""
    receipt: bytes
    """The RFC 9942 COSE receipt, verified for the entry under the log's key."""
    checkpoint: Note
    """The log-signed checkpoint of that tree."""
    proof: TlogProof
    """The ``c2sp.org/tlog-proof@v1`` proof of the entry to that checkpoint."""


class _Answer:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


class LogClient:
    """A client of the log at ``base_url`` whose verifier key is ``log_key``.

    ``log_key`` is the log's verifier key (``receiptlog serve`` prints it as ``log verifier
    key: …`` and writes it to ``DIR/log.vkey``); every checkpoint and receipt the client
    returns has been verified with it.
    """

    def __init__(
        self,
        base_url: str,
        log_key: VerifierKey | str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.1,
        max_backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ReceiptLogError("badURL", f"{base_url!r} is not an http:// or https:// URL")
        if retries < 0 or timeout <= 0:
            raise ReceiptLogError("badURL", "retries is at least 0 and timeout positive")
        self.scheme = parsed.scheme
        self.host = parsed.hostname
        self.port = parsed.port
        self.prefix = parsed.path.rstrip("/")
        self.log_key = VerifierKey.parse(log_key) if isinstance(log_key, str) else log_key
        self._public = self.log_key.ed25519()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._sleep = sleep
        self._connection: Optional[http.client.HTTPConnection] = None

    def close(self) -> None:
        """Closes the open connection, if any."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> "LogClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # HTTP

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self.scheme == "https":
                self._connection = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout)
            else:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return self._connection

    def _request(self, method: str, path: str, *, body: Optional[bytes] = None, headers: Optional[dict[str, str]] = None) -> _Answer:
        """Sends one request, retrying as the module says; returns a 2xx answer.

        Raises ``logUnreachable`` when every try failed on the network or timed out,
        ``logUnavailable`` when every try got a retryable status, and ``logRefused`` for any
        other non-2xx answer (with the log's one-line message).
        """
        last: Optional[ReceiptLogError] = None
        retry_after = 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                delay = max(self.backoff * (2 ** (attempt - 1)), retry_after)
                self._sleep(min(self.max_backoff, delay))
                retry_after = 0.0
            try:
                connection = self._connect()
                connection.request(method, self.prefix + path, body=body, headers=headers or {})
                response = connection.getresponse()
                data = response.read(MAX_ANSWER + 1)
                if len(data) > MAX_ANSWER:
                    self.close()
                    raise ReceiptLogError("malformedAnswer", f"the answer to {method} {path} is over {MAX_ANSWER} bytes")
                if response.will_close:
                    self.close()
            except (OSError, http.client.HTTPException) as error:
                self.close()
                reason = "timed out" if isinstance(error, (socket.timeout, TimeoutError)) else str(error) or type(error).__name__
                last = ReceiptLogError("logUnreachable", f"{method} {path}: {reason}")
                continue
            if 200 <= response.status < 300:
                return _Answer(response.status, response.headers, data)
            message = data.decode("utf-8", "replace").strip()[:500]
            if response.status in RETRYABLE_STATUSES:
                last = ReceiptLogError("logUnavailable", f"{method} {path}: {response.status}: {message}")
                header = response.headers.get("Retry-After")
                if header is not None and header.isdigit():
                    retry_after = float(header)
                continue
            raise ReceiptLogError("logRefused", f"{method} {path}: {response.status}: {message}")
        assert last is not None
        raise ReceiptLogError(last.code, f"{last.message} (after {self.retries + 1} tries)")

    # Reads

    def checkpoint(self) -> tuple[Note, Checkpoint]:
        """The published checkpoint (``GET /checkpoint``), its log signature and origin verified.

        Raises ``verificationFailed`` for a note that does not verify or another origin.
        """
        answer = self._request("GET", "/checkpoint")
        try:
            note = Note.parse(answer.body)
            note.verify(self.log_key)
            checkpoint = Checkpoint.parse(note.text)
        except ReceiptLogError as error:
            raise ReceiptLogError("verificationFailed", f"the checkpoint does not verify: {error}") from None
        if checkpoint.origin != self.log_key.name:
            raise ReceiptLogError("verificationFailed", f'the checkpoint\'s origin is "{checkpoint.origin}", not "{self.log_key.name}"')
        return note, checkpoint

    def entry(self, index: int) -> bytes:
        """The entry at ``index``, as stored (``GET /entries/<index>``)."""
        return self._request("GET", f"/entries/{index}").body

    def lookup(self, leaf: bytes) -> int:
        """The index of the entry whose leaf hash is ``leaf`` (``GET /lookup/<hex>``)."""
        answer = self._json(self._request("GET", f"/lookup/{leaf.hex()}").body)
        index = answer.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or answer.get("leaf_hash") != leaf.hex():
            raise ReceiptLogError("malformedAnswer", "the lookup answer is not {index, leaf_hash} for this leaf")
        return index

    @staticmethod
    def _json(body: bytes) -> dict[str, Any]:
        try:
            value = json.loads(body)
        except ValueError:
            raise ReceiptLogError("malformedAnswer", "the answer is not JSON") from None
        if not isinstance(value, dict):
            raise ReceiptLogError("malformedAnswer", "the answer is not a JSON object")
        return value

    def _checked_answer(self, body: bytes, entry: bytes, expect_index: Optional[int] = None) -> Registration:
        """Checks a JSON registration or proof answer for ``entry``."""
        answer = self._json(body)
        fields = {"index": int, "leaf_hash": str, "tree_size": int, "checkpoint": str, "receipt": str, "proof": str}
        for name, kind in fields.items():
            if not isinstance(answer.get(name), kind) or isinstance(answer.get(name), bool):
                raise ReceiptLogError("malformedAnswer", f"the answer has no {name} of the right type")
        index, tree_size = int(answer["index"]), int(answer["tree_size"])
        if expect_index is not None and index != expect_index:
            raise ReceiptLogError("verificationFailed", f"the log answered for index {index}, not {expect_index}")
        leaf = leaf_hash(entry)
        if answer["leaf_hash"] != leaf.hex():
            raise ReceiptLogError("verificationFailed", f"the answer is for leaf hash {answer['leaf_hash']}, not this entry's {leaf.hex()}")
        try:
            receipt_bytes = base64.b64decode(answer["receipt"], validate=True)
            receipt = CoseReceipt.parse(receipt_bytes)
            proof = TlogProof.parse(answer["proof"].encode("utf-8"))
            checkpoint_note = Note.parse(answer["checkpoint"].encode("utf-8"))
        except (ValueError, ReceiptLogError) as error:
            raise ReceiptLogError("malformedAnswer", f"the answer does not parse: {error}") from None
        if receipt.leaf_index != index or receipt.tree_size != tree_size:
            raise ReceiptLogError(
                "verificationFailed", f"the COSE receipt is for entry {receipt.leaf_index} of {receipt.tree_size}, not {index} of {tree_size}"
            )
        root = receipt.verify(entry, self._public)
        checkpoint = self._verified_checkpoint(checkpoint_note)
        if checkpoint.tree_size != tree_size or checkpoint.root_hash != root:
            raise ReceiptLogError("verificationFailed", "the checkpoint is not the tree the COSE receipt signs")
        if proof.index != index or proof.note.encoded != checkpoint_note.encoded:
            raise ReceiptLogError("verificationFailed", "the tlog-proof is not for this entry and checkpoint")
        if root_from_inclusion_proof(leaf, index, tree_size, proof.inclusion_proof) != root:
            raise ReceiptLogError("verificationFailed", "the tlog-proof's inclusion path does not lead to the checkpoint's root")
        return Registration(index, entry, leaf, tree_size, receipt_bytes, checkpoint_note, proof)

    def _verified_checkpoint(self, note: Note) -> Checkpoint:
        try:
            note.verify(self.log_key)
            checkpoint = Checkpoint.parse(note.text)
        except ReceiptLogError as error:
            raise ReceiptLogError("verificationFailed", f"the checkpoint does not verify: {error}") from None
        if checkpoint.origin != self.log_key.name:
            raise ReceiptLogError("verificationFailed", f'the checkpoint\'s origin is "{checkpoint.origin}", not "{self.log_key.name}"')
        return checkpoint

    # Registration

    def submit(self, statement: bytes) -> Registration:
        """Registers ``statement`` (``POST /entries``) and returns the checked answer.

        Raises ``logRefused`` when the log refuses the statement (its code and message, for
        example ``UNKNOWN_ISSUER``), ``logUnreachable`` / ``logUnavailable`` after the last
        retry, ``malformedAnswer``, ``receiptNotVerified`` when the COSE receipt does not
        verify for the entry, and ``verificationFailed`` for any other check.
        """
        entry = leaf_form(statement)
        answer = self._request(
            "POST",
            "/entries",
            body=statement,
            headers={"Content-Type": "application/cose", "Accept": "application/json"},
        )
        return self._checked_answer(answer.body, entry)

    # Bundles

    def bundle(self, index: int) -> ReceiptBundle:
        """The receipt bundle of entry ``index`` against the published checkpoint, checked
        as ``receiptlog bundle --log URL --index N --vkey VKEY`` checks it (specs/verify.md,
        "Writing and refreshing a bundle", steps 1–4, 6).

        Raises ``notInLog`` when the published tree does not hold the entry, and the codes of
        :meth:`checkpoint` and :meth:`submit` for answers that do not verify.
        """
        note, checkpoint = self.checkpoint()
        if not 0 <= index < checkpoint.tree_size:
            raise ReceiptLogError("notInLog", f"entry {index} is not in the log's published tree of size {checkpoint.tree_size}")
        entry = self.entry(index)
        answer = self._request(
            "GET", f"/entries/{index}/proof?tree_size={checkpoint.tree_size}", headers={"Accept": "application/json"}
        )
        checked = self._checked_answer(answer.body, entry, expect_index=index)
        if checked.tree_size != checkpoint.tree_size or checked.proof.checkpoint.root_hash != checkpoint.root_hash:
            raise ReceiptLogError(
                "verificationFailed",
                f"the log's proof leads to a tree of size {checked.tree_size} that is not its published checkpoint of size {checkpoint.tree_size}",
            )
        # The published note, which may carry witness cosignatures, goes into the bundle.
        published = TlogProof(index, checked.proof.inclusion_proof, note)
        return ReceiptBundle(entry, published, checked.receipt)

    def bundle_for(self, statement: bytes) -> ReceiptBundle:
        """The receipt bundle of a registered ``statement``, found by its leaf hash."""
        return self.bundle(self.lookup(hashlib.sha256(b"\x00" + leaf_form(statement)).digest()))
