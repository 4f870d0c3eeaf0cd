"""Signed notes, checkpoints and tlog-proofs (specs/notes.md; c2sp.org/signed-note,
c2sp.org/tlog-checkpoint, c2sp.org/tlog-proof).

Parsers are strict and keep the bytes they read, so a proof rebuilt from its parts encodes
to what the log sent. Only what a log client needs is here: the log's Ed25519 signature on
a checkpoint is verified; witness cosignatures are carried, not counted (``receiptlog
verify`` counts them against the relying party's policy).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature

from .errors import ReceiptLogError
from .keys import ED25519, VerifierKey

__all__ = ["Note", "Checkpoint", "TlogProof", "b64decode_canonical"]

MAX_NOTE = 1 << 20
MAX_SIGNATURES = 100
_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}")
_PROOF_HEADER = b"c2sp.org/tlog-proof@v1"


def b64decode_canonical(text: str | bytes, code: str, what: str) -> bytes:
    """Decodes canonical padded standard base64 (RFC 4648 §4); raises ``code`` otherwise."""
    raw_text = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    try:
        raw = base64.b64decode(raw_text, validate=True)
    except (binascii.Error, ValueError):
        raise ReceiptLogError(code, f"{what} is not canonical base64") from None
    if base64.b64encode(raw) != raw_text:
        raise ReceiptLogError(code, f"{what} is not canonical base64")
    return raw


def _decimal(text: str, code: str, what: str) -> int:
    if not _DECIMAL.fullmatch(text) or int(text) >= 1 << 64:
        raise ReceiptLogError(code, f"{what} is not a decimal number below 2^64 without leading zeros")
    return int(text)


@dataclass(frozen=True)
class NoteSignature:
    """One signature line: the key name, and the key ID and signature bytes."""

    name: str
    key_id: int
    signature: bytes


@dataclass(frozen=True)
class Note:
    """A signed note: the text (ending in a newline) and its signature lines, as received."""

    text: bytes
    signatures: tuple[NoteSignature, ...]
    encoded: bytes

    @classmethod
    def parse(cls, data: bytes) -> "Note":
        """Parses a signed note; raises ``malformedNote`` or ``malformedSignature``."""
        if len(data) > MAX_NOTE:
            raise ReceiptLogError("noteTooLarge", f"a note is at most {MAX_NOTE} bytes")
        try:
            decoded = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ReceiptLogError("malformedNote", "a note is UTF-8") from None
        if any(ord(c) < 0x20 and c != "\n" for c in decoded):
            raise ReceiptLogError("malformedNote", "a note holds no control character but newline")
        split = data.rfind(b"\n\n")
        if split < 0:
            raise ReceiptLogError("malformedNote", "a note has a blank line between text and signatures")
        text, block = data[: split + 1], data[split + 2 :]
        if not block or not block.endswith(b"\n"):
            raise ReceiptLogError("malformedNote", "the signature block is non-empty and ends in a newline")
        lines = block[:-1].split(b"\n")
        if len(lines) > MAX_SIGNATURES:
            raise ReceiptLogError("tooManySignatures", f"a note has at most {MAX_SIGNATURES} signatures")
        signatures = []
        for line in lines:
            prefix = "— ".encode("utf-8")
            if not line.startswith(prefix):
                raise ReceiptLogError("malformedSignature", "a signature line starts with '— '")
            parts = line[len(prefix) :].decode("utf-8").split(" ")
            if len(parts) != 2 or not parts[0]:
                raise ReceiptLogError("malformedSignature", "a signature line is '— <name> <base64>'")
            raw = b64decode_canonical(parts[1], "malformedSignature", "a note signature")
            if len(raw) < 5:
                raise ReceiptLogError("malformedSignature", "a note signature is at least 5 bytes")
            signatures.append(NoteSignature(parts[0], int.from_bytes(raw[:4], "big"), raw[4:]))
        return cls(text, tuple(signatures), bytes(data))

    def verify(self, key: VerifierKey) -> None:
        """Verifies the note's signatures by ``key`` (an Ed25519 type 0x01 key).

        Lines of other keys are ignored; every line of this key must verify
        (``badSignature``), and there must be one (``unverifiedNote``).
        """
        if key.key_type != ED25519:
            raise ReceiptLogError("wrongKeyType", "a note is verified with an Ed25519 (type 0x01) key")
        public = key.ed25519()
        matched = 0
        for line in self.signatures:
            if line.name != key.name or line.key_id != key.key_id:
                continue
            matched += 1
            try:
                public.verify(line.signature, self.text)
            except InvalidSignature:
                raise ReceiptLogError("badSignature", f"the signature of {key.name} does not verify") from None
        if matched == 0:
            raise ReceiptLogError("unverifiedNote", f"the note carries no signature by {key.name}")


@dataclass(frozen=True)
class Checkpoint:
    """A checkpoint: origin, tree size, root hash and any extension lines."""

    origin: str
    tree_size: int
    root_hash: bytes

    @classmethod
    def parse(cls, text: bytes) -> "Checkpoint":
        """Parses a note's text as a checkpoint; raises ``malformedCheckpoint``."""
        if not text.endswith(b"\n"):
            raise ReceiptLogError("malformedCheckpoint", "a checkpoint ends in a newline")
        lines = text[:-1].decode("utf-8").split("\n")
        if len(lines) < 3 or any(not line for line in lines):
            raise ReceiptLogError("malformedCheckpoint", "a checkpoint has at least three non-empty lines")
        size = _decimal(lines[1], "malformedCheckpoint", "the tree size")
        root = b64decode_canonical(lines[2], "malformedCheckpoint", "the root hash")
        if len(root) != 32:
            raise ReceiptLogError("malformedCheckpoint", "the root hash is 32 bytes")
        return cls(lines[0], size, root)


@dataclass(frozen=True)
class TlogProof:
    """A ``c2sp.org/tlog-proof@v1`` proof: index, inclusion path and the signed checkpoint."""

    index: int
    inclusion_proof: tuple[bytes, ...]
    note: Note
    extra: bytes = b""

    @property
    def checkpoint(self) -> Checkpoint:
        """The checkpoint the note signs."""
        return Checkpoint.parse(self.note.text)

    @property
    def encoded(self) -> bytes:
        """The proof text."""
        head = _PROOF_HEADER + b"\n"
        if self.extra:
            head += b"extra " + base64.b64encode(self.extra) + b"\n"
        head += b"index %d\n" % self.index
        for h in self.inclusion_proof:
            head += base64.b64encode(h) + b"\n"
        return head + b"\n" + self.note.encoded

    @classmethod
    def parse(cls, data: bytes) -> "TlogProof":
        """Parses a proof; raises ``malformedProof`` and the note and checkpoint codes."""
        lines = data.split(b"\n")
        if not lines or lines[0] != _PROOF_HEADER:
            raise ReceiptLogError("malformedProof", "a proof starts with the line c2sp.org/tlog-proof@v1")
        position = 1
        extra = b""
        if len(lines) > position and lines[position].startswith(b"extra "):
            extra = b64decode_canonical(lines[position][6:], "malformedProof", "extra data")
            if not extra:
                raise ReceiptLogError("malformedProof", "an extra line carries at least one byte")
            position += 1
        if len(lines) <= position or not lines[position].startswith(b"index "):
            raise ReceiptLogError("malformedProof", "expected 'index <decimal>'")
        index = _decimal(lines[position][6:].decode("ascii", "replace"), "malformedProof", "the index")
        position += 1
        hashes: list[bytes] = []
        while True:
            if position >= len(lines):
                raise ReceiptLogError("malformedProof", "a proof ends early, before its checkpoint")
            line = lines[position]
            position += 1
            if not line:
                break
            if len(hashes) >= 64:
                raise ReceiptLogError("malformedProof", "an inclusion proof has at most 64 hashes")
            h = b64decode_canonical(line, "malformedProof", "a proof line")
            if len(h) != 32:
                raise ReceiptLogError("malformedProof", "a proof line is a 32-byte hash")
            hashes.append(h)
        note = Note.parse(b"\n".join(lines[position:]))
        proof = cls(index, tuple(hashes), note, extra)
        proof.checkpoint  # the note's text must be a checkpoint
        return proof
