"""Evidence and collateral statements, and the ``env_evidence`` references to them
(specs/evidence.md §6).

An issuer registers its hardware evidence once, as a statement of content type
``application/vnd.receiptlog.tee-evidence+cbor``; each receipt references it by the SHA-256
of the raw evidence. A collateral statement (``application/vnd.receiptlog.tee-collateral+cbor``)
is referenced by the SHA-256 of its payload. :func:`evidence_reference` computes the same
reference as ``receiptlog issue --evidence-statement FILE``.
"""

from __future__ import annotations

import hashlib
from typing import Optional

from . import cbor
from .claims import EvidenceReference
from .cose import CONTENT_TYPE, CoseSign1, sign_statement
from .errors import ReceiptLogError
from .keys import ED25519, SignerKey

__all__ = [
    "EVIDENCE_CONTENT_TYPE",
    "COLLATERAL_CONTENT_TYPE",
    "PLATFORM_KINDS",
    "evidence_reference",
    "evidence_statement",
]

EVIDENCE_CONTENT_TYPE = "application/vnd.receiptlog.tee-evidence+cbor"
"""The content type of an evidence statement."""

COLLATERAL_CONTENT_TYPE = "application/vnd.receiptlog.tee-collateral+cbor"
"""The content type of a collateral statement."""

PLATFORM_KINDS = {"nitro": "nitro-attestation-document", "sev-snp": "sev-snp-report", "tdx": "tdx-quote"}
"""The ``env_evidence`` kind of each platform's evidence."""

MAX_EVIDENCE = 60_000


def _payload_map(payload: bytes, required: set[str], optional: set[str], what: str) -> dict[str, object]:
    try:
        item = cbor.decode(payload, deterministic=True)
    except ReceiptLogError as error:
        raise ReceiptLogError("malformed", f"the {what} payload is not deterministic CBOR: {error.message}") from None
    if not isinstance(item, dict):
        raise ReceiptLogError("malformed", f"the {what} payload is not a CBOR map")
    result: dict[str, object] = {}
    for key, value in item.items():
        if not isinstance(key, str) or key not in required | optional:
            raise ReceiptLogError("malformed", f"the {what} payload has an unknown key {key!r}")
        result[key] = value
    for key in sorted(required):
        if key not in result:
            raise ReceiptLogError("malformed", f'the {what} payload has no "{key}"')
    platform = result["platform"]
    if not isinstance(platform, str) or platform not in PLATFORM_KINDS:
        raise ReceiptLogError("malformed", f"the {what} platform is not one of nitro, sev-snp, tdx")
    return result


def evidence_reference(statement: bytes) -> EvidenceReference:
    """The ``env_evidence`` reference to an evidence or collateral statement.

    Raises ``notCOSESign1`` (and the CBOR codes) for bytes that are not a statement,
    ``malformed`` for a payload not of its form, and ``notEvidence`` for a statement of
    another content type.
    """
    message = CoseSign1.parse(statement)
    content_type = message.protected.get(CONTENT_TYPE)
    payload = message.payload
    if payload is None:
        raise ReceiptLogError("malformed", "the statement's payload is detached")
    if content_type == EVIDENCE_CONTENT_TYPE:
        fields = _payload_map(payload, {"platform", "evidence"}, {"nonce"}, "evidence statement")
        evidence = fields["evidence"]
        nonce = fields.get("nonce")
        if not isinstance(evidence, bytes) or not 1 <= len(evidence) <= MAX_EVIDENCE:
            raise ReceiptLogError("malformed", f"evidence is 1…{MAX_EVIDENCE} bytes")
        if nonce is not None and (not isinstance(nonce, bytes) or len(nonce) != 32):
            raise ReceiptLogError("malformed", "the nonce is 32 bytes")
        kind = PLATFORM_KINDS[str(fields["platform"])]
        return EvidenceReference(kind, "application/octet-stream", hashlib.sha256(evidence).digest())
    if content_type == COLLATERAL_CONTENT_TYPE:
        fields = _payload_map(payload, {"platform"}, {"certificates", "crls", "dcap"}, "collateral statement")
        if not ({"certificates", "crls", "dcap"} & fields.keys()):
            raise ReceiptLogError("malformed", "a collateral statement holds certificates, CRLs or DCAP collateral")
        for name in ("certificates", "crls"):
            if name in fields:
                items = fields[name]
                if not isinstance(items, list) or not items or not all(isinstance(b, bytes) and b for b in items):
                    raise ReceiptLogError("malformed", f'"{name}" of the collateral statement is not a non-empty array of byte strings')
        if "dcap" in fields and (not isinstance(fields["dcap"], bytes) or not fields["dcap"]):
            raise ReceiptLogError("malformed", '"dcap" of the collateral statement is not a non-empty byte string')
        return EvidenceReference("tee-collateral", COLLATERAL_CONTENT_TYPE, hashlib.sha256(payload).digest())
    raise ReceiptLogError(
        "notEvidence",
        f"a statement of content type {content_type!r}, not evidence or collateral (receiptlog evidence statement writes those)",
    )


def evidence_statement(
    key: SignerKey, platform: str, evidence: bytes, *, nonce: Optional[bytes] = None, subject: Optional[str] = None
) -> bytes:
    """An evidence statement, as ``receiptlog evidence statement --evidence`` writes it:
    the raw ``evidence`` of ``platform`` (``nitro``, ``sev-snp``, ``tdx``) and the optional
    32-byte ``nonce`` of the ``receiptlog-key-nonce-v1`` binding, signed by ``key``, about
    ``subject`` (default ``tee-evidence/<platform>``).

    Raises ``malformed`` for an unknown platform, evidence outside 1…60,000 bytes or a nonce
    that is not 32 bytes, and ``wrongKeyType`` for a key that is not an Ed25519 (0x01) key.
    """
    if platform not in PLATFORM_KINDS:
        raise ReceiptLogError("malformed", f"platform {platform!r} is not one of nitro, sev-snp, tdx")
    if not 1 <= len(evidence) <= MAX_EVIDENCE:
        raise ReceiptLogError("malformed", f"evidence is 1…{MAX_EVIDENCE} bytes, not {len(evidence)}")
    if nonce is not None and len(nonce) != 32:
        raise ReceiptLogError("malformed", f"the nonce is 32 bytes, not {len(nonce)}")
    if key.key_type != ED25519:
        raise ReceiptLogError("wrongKeyType", "statements need an Ed25519 (type 0x01) key")
    payload: dict[str | int | bytes, cbor.CBORValue] = {"platform": platform, "evidence": bytes(evidence)}
    if nonce is not None:
        payload["nonce"] = bytes(nonce)
    return sign_statement(
        issuer=key.name,
        subject=subject if subject is not None else f"tee-evidence/{platform}",
        content_type=EVIDENCE_CONTENT_TYPE,
        payload=cbor.encode(payload),
        key=key.private_key(),
        key_id=key.key_id.to_bytes(4, "big"),
    )
