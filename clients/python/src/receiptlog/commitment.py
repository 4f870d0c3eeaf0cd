"""Salted commitments (specs/receipt-profile.md §Commitments).

``value = HMAC-SHA256(key = salt, message = "receiptlog/commitment/v1" ‖ field ‖ 0x00 ‖ data)``
with a fresh 32-byte salt per field of every receipt. The salt stays with the issuer; handing
an auditor one field's data and salt opens that commitment and nothing else.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from .errors import ReceiptLogError

__all__ = ["SCHEME", "DOMAIN", "SALT_SIZE", "Commitment", "check_field", "commit", "open_commitment"]

SCHEME = "hmac-sha256-v1"
"""The one commitment scheme."""

DOMAIN = b"receiptlog/commitment/v1"
"""The 24-byte domain separator of the scheme."""

SALT_SIZE = 32
"""The length of a salt, in bytes."""

_FIELD = re.compile(r"[a-z0-9_.\-]{1,64}")


@dataclass(frozen=True)
class Commitment:
    """A commitment as a receipt carries it: scheme, field name and 32-byte value."""

    scheme: str
    field: str
    value: bytes


def check_field(field: str) -> str:
    """Returns ``field`` when it is 1…64 characters of ``[a-z0-9_.-]``; raises
    ``badCommitmentField`` otherwise."""
    if not _FIELD.fullmatch(field):
        raise ReceiptLogError("badCommitmentField", f"a commitment field name is 1…64 characters of a-z, 0-9, '_', '.' and '-', not {field!r}")
    return field


def _value(field: str, data: bytes, salt: bytes) -> bytes:
    return hmac.new(salt, DOMAIN + field.encode("ascii") + b"\x00" + data, hashlib.sha256).digest()


def commit(data: bytes, field: str, salt: bytes | None = None) -> tuple[Commitment, bytes]:
    """Commits to ``data`` as ``field``; returns the commitment and its salt.

    Without ``salt`` a fresh one is drawn from the system's secure generator (``secrets``).
    Raises ``badCommitmentField`` and ``badSaltLength``.
    """
    check_field(field)
    if salt is None:
        salt = secrets.token_bytes(SALT_SIZE)
    if len(salt) != SALT_SIZE:
        raise ReceiptLogError("badSaltLength", f"a {SCHEME} salt is {SALT_SIZE} bytes, not {len(salt)}")
    return Commitment(SCHEME, field, _value(field, bytes(data), bytes(salt))), bytes(salt)


def open_commitment(commitment: Commitment, field: str, salt: bytes, data: bytes) -> None:
    """Checks that ``data`` and ``salt`` open ``commitment`` as ``field``.

    Raises ``unknownCommitmentScheme``, ``wrongCommitmentField`` (the commitment binds another
    field), ``badSaltLength`` or ``commitmentMismatch``. The comparison is constant-time.
    """
    if commitment.scheme != SCHEME:
        raise ReceiptLogError("unknownCommitmentScheme", f"the scheme {commitment.scheme!r} is not {SCHEME}")
    if field != commitment.field:
        raise ReceiptLogError("wrongCommitmentField", f'the commitment binds field "{commitment.field}", not "{field}"')
    if len(salt) != SALT_SIZE:
        raise ReceiptLogError("badSaltLength", f"a {SCHEME} salt is {SALT_SIZE} bytes, not {len(salt)}")
    if not hmac.compare_digest(_value(field, bytes(data), bytes(salt)), commitment.value):
        raise ReceiptLogError("commitmentMismatch", f'the data and salt do not open the "{field}" commitment')
