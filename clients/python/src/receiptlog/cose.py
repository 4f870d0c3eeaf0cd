"""COSE_Sign1 with EdDSA (RFC 9052 §4.2, §4.4; RFC 9053 §2.2) and SCITT signed statements.

A signed statement (specs/statements.md, "Signed statements") is a COSE_Sign1 tagged 18
whose protected header holds ``alg`` (1) = -8, the content type (3), ``kid`` (4) = the
issuer key's 4-byte key ID and the CWT claims (15) ``{1: iss, 2: sub}``; its payload is
attached. The bytes that enter the log are its *leaf form*: the same message with the
unprotected header emptied, re-encoded (``d2 84 <protected> a0 <payload> <signature>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import cbor
from .cbor import CBORValue, Tagged
from .errors import ReceiptLogError

__all__ = [
    "TAG",
    "ALG",
    "CONTENT_TYPE",
    "KID",
    "CWT_CLAIMS",
    "EDDSA",
    "CoseSign1",
    "sig_structure",
    "sign_statement",
    "leaf_form",
]

TAG = 18
"""The CBOR tag of a COSE_Sign1."""
ALG = 1
"""Header label ``alg``."""
CONTENT_TYPE = 3
"""Header label ``content type``."""
KID = 4
"""Header label ``kid``."""
CWT_CLAIMS = 15
"""Header label ``CWT Claims`` (RFC 9597)."""
EDDSA = -8
"""``alg`` value EdDSA."""

MAX_STATEMENT = 1 << 20
"""The largest statement the log accepts as submitted, in bytes."""
MAX_LEAF = 65_535
"""The largest leaf form, in bytes."""


def sig_structure(protected: bytes, payload: bytes, external_aad: bytes = b"") -> bytes:
    """The bytes signed (RFC 9052 §4.4): ``["Signature1", protected, external_aad, payload]``."""
    return cbor.encode(["Signature1", protected, external_aad, payload])


@dataclass(frozen=True)
class CoseSign1:
    """A parsed COSE_Sign1: the protected header as received and decoded, the unprotected
    header, the payload (None when detached) and the signature."""

    protected_bytes: bytes
    protected: dict[Union[int, str, bytes], CBORValue]
    unprotected: dict[Union[int, str, bytes], CBORValue]
    payload: Optional[bytes]
    signature: bytes

    @classmethod
    def parse(cls, data: bytes, *, deterministic: bool = False) -> "CoseSign1":
        """Parses a COSE_Sign1 tagged 18.

        Raises ``notCOSESign1`` for anything but a tagged four-element array of the right
        types, ``badProtectedHeader`` for a protected header that is not empty or one
        non-empty map, and the :func:`cbor.decode` codes for input that is not CBOR.
        """
        item = cbor.decode(data, deterministic=deterministic)
        if not isinstance(item, Tagged) or item.tag != TAG:
            raise ReceiptLogError("notCOSESign1", "not a COSE_Sign1 tagged 18")
        body = item.value
        if not isinstance(body, list) or len(body) != 4:
            raise ReceiptLogError("notCOSESign1", "a COSE_Sign1 is an array of four elements")
        protected_bytes, unprotected, payload, signature = body
        if not isinstance(protected_bytes, bytes) or not isinstance(unprotected, dict):
            raise ReceiptLogError("notCOSESign1", "the headers are a byte string and a map")
        if not (payload is None or isinstance(payload, bytes)) or not isinstance(signature, bytes):
            raise ReceiptLogError("notCOSESign1", "the payload is a byte string or nil, the signature a byte string")
        protected: dict[Union[int, str, bytes], CBORValue] = {}
        if protected_bytes:
            decoded = cbor.decode(protected_bytes, deterministic=deterministic)
            if not isinstance(decoded, dict) or not decoded:
                raise ReceiptLogError("badProtectedHeader", "the protected header is empty or holds one non-empty map")
            protected = decoded
        return cls(protected_bytes, protected, unprotected, payload, signature)

    def encode(self) -> bytes:
        """The message, tagged, in deterministic encoding (the protected bytes unchanged)."""
        return cbor.encode(Tagged(TAG, [self.protected_bytes, self.unprotected, self.payload, self.signature]))

    def verify(self, key: Ed25519PublicKey, detached_payload: Optional[bytes] = None) -> None:
        """Verifies the EdDSA signature with ``key``.

        Raises ``missingAlgorithm`` / ``unsupportedAlgorithm`` unless the protected ``alg`` is
        -8, ``missingPayload`` / ``payloadNotDetached`` for a payload given when attached or
        missing when detached, ``badSignatureLength`` and ``signatureInvalid``.
        """
        if ALG not in self.protected:
            raise ReceiptLogError("missingAlgorithm", "the protected header has no alg (label 1)")
        if self.protected[ALG] != EDDSA or isinstance(self.protected[ALG], bool):
            raise ReceiptLogError("unsupportedAlgorithm", f"alg is {self.protected[ALG]!r}; only EdDSA (-8) is supported")
        if self.payload is None and detached_payload is None:
            raise ReceiptLogError("missingPayload", "the payload is detached and none was supplied")
        if self.payload is not None and detached_payload is not None:
            raise ReceiptLogError("payloadNotDetached", "a detached payload was supplied but the message carries its own")
        payload = self.payload if self.payload is not None else detached_payload
        assert payload is not None
        if len(self.signature) != 64:
            raise ReceiptLogError("badSignatureLength", f"an EdDSA signature is 64 bytes, not {len(self.signature)}")
        try:
            key.verify(self.signature, sig_structure(self.protected_bytes, payload))
        except InvalidSignature:
            raise ReceiptLogError("signatureInvalid", "the COSE_Sign1 signature does not verify with the key") from None


def sign_statement(
    *,
    issuer: str,
    subject: str,
    content_type: Optional[Union[str, int]],
    payload: bytes,
    key: Ed25519PrivateKey,
    key_id: bytes,
) -> bytes:
    """Signs ``payload`` as a statement of ``issuer`` about ``subject``; returns the tagged
    COSE_Sign1 with an empty unprotected header (which is its own leaf form).

    ``key_id`` is the issuer key's 4-byte key ID under the name ``issuer``. The protected
    header is ``{1: -8, 3: content_type, 4: key_id, 15: {1: issuer, 2: subject}}`` in
    deterministic encoding, exactly as ``receiptlog issue`` writes it.
    """
    header: dict[Union[int, str, bytes], CBORValue] = {ALG: EDDSA, KID: key_id, CWT_CLAIMS: {1: issuer, 2: subject}}
    if content_type is not None:
        header[CONTENT_TYPE] = content_type
    protected = cbor.encode(header)
    signature = key.sign(sig_structure(protected, payload))
    statement = cbor.encode(Tagged(TAG, [protected, {}, payload, signature]))
    if len(statement) > MAX_LEAF:
        raise ReceiptLogError("statementTooLarge", f"the statement is {len(statement)} bytes; the limit is {MAX_LEAF}")
    return statement


def leaf_form(statement: bytes) -> bytes:
    """The bytes a statement enters the log as: the statement with its unprotected header
    emptied, re-encoded (RFC 9943 §6.3; specs/statements.md, "Leaf form").

    Raises ``statementTooLarge``, ``notCOSESign1`` and the CBOR codes.
    """
    if len(statement) > MAX_STATEMENT:
        raise ReceiptLogError("statementTooLarge", f"the statement is {len(statement)} bytes; the limit is {MAX_STATEMENT}")
    if not statement[:1] == b"\xd2":
        raise ReceiptLogError("notCOSESign1", "a statement is a COSE_Sign1 tagged 18 (first byte 0xd2)")
    message = CoseSign1.parse(statement)
    leaf = cbor.encode(Tagged(TAG, [message.protected_bytes, {}, message.payload, message.signature]))
    if len(leaf) > MAX_LEAF:
        raise ReceiptLogError("statementTooLarge", f"the statement's leaf form is {len(leaf)} bytes; the limit is {MAX_LEAF}")
    return leaf
