"""The inference-receipt claims set (specs/receipt-profile.md §Claims).

A closed CWT claims map in deterministic CBOR, signed as the payload of a SCITT signed
statement whose content type is
``application/eat-ucs+cbor; eat_profile="https://receiptlog.dev/profile/inference-receipt/v1"``.
:meth:`InferenceReceiptClaims.validate` checks the rules of the profile, and
:meth:`InferenceReceiptClaims.encode` gives the bytes ``receiptlog issue`` signs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from . import cbor
from .cbor import CBORValue
from .commitment import SCHEME as COMMITMENT_SCHEME
from .commitment import Commitment, check_field
from .errors import ReceiptLogError

__all__ = [
    "PROFILE",
    "CONTENT_TYPE",
    "MODEL_HASH_SCHEMES",
    "EvidenceReference",
    "EnclaveMeasurements",
    "Freshness",
    "InferenceReceiptClaims",
]

PROFILE = "https://receiptlog.dev/profile/inference-receipt/v1"
"""The ``eat_profile`` (claim 265) of the profile."""

CONTENT_TYPE = f'application/eat-ucs+cbor; eat_profile="{PROFILE}"'
"""The content type of a signed statement that carries an inference receipt."""

MODEL_HASH_SCHEMES = ("receiptlog-sha256-manifest-v1", "sha256-single", "sha256-concat", "sha256-manifest")
"""The names ``model_hash_scheme`` may hold."""

MAX_IDENTITY = 8192
MAX_TEXT = 1024
MAX_EVIDENCE = 16
MAX_COMMITMENTS = 16
MAX_ENCODED = 65_535

# Claim keys: IANA keys for CWT and EAT, AIR v1's private-use keys, then the profile's own.
ISS, SUB, IAT, CTI, NONCE, EAT_PROFILE = 1, 2, 6, 7, 10, 265
MODEL_ID, MODEL_VERSION, MODEL_HASH = -65537, -65538, -65539
ATTESTATION_DOC_HASH, ENCLAVE_MEASUREMENTS, POLICY_VERSION = -65542, -65543, -65544
SEQUENCE_NUMBER, EXECUTION_TIME_MS, MEMORY_PEAK_MB = -65545, -65546, -65547
SECURITY_MODE, MODEL_HASH_SCHEME = -65548, -65549
ENV_EVIDENCE, KEY_BINDING, IMAGE_DIGEST, CONFIG_DIGEST = -65600, -65601, -65602, -65603
PROJECT, OPERATOR, FRESHNESS, COMMITMENTS = -65604, -65605, -65606, -65607

_TOKEN = re.compile(r"[a-z0-9\-]{1,64}")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}")
_UINT64_MAX = (1 << 64) - 1


def _bad(message: str) -> ReceiptLogError:
    return ReceiptLogError("badReceiptClaims", message)


def is_token(text: str) -> bool:
    """Whether ``text`` is 1…64 characters of ``a-z``, ``0-9`` and ``-``."""
    return _TOKEN.fullmatch(text) is not None


@dataclass(frozen=True)
class EvidenceReference:
    """One ``env_evidence`` entry: what the evidence is, its media type, SHA-256 of its bytes."""

    kind: str
    media_type: str
    digest: bytes

    def __post_init__(self) -> None:
        if not is_token(self.kind):
            raise _bad("an env_evidence kind is 1…64 characters of a-z, 0-9 and '-'")
        if not 1 <= len(self.media_type.encode("utf-8")) <= MAX_TEXT:
            raise _bad(f"an env_evidence media_type is 1…{MAX_TEXT} bytes")
        if len(self.digest) != 32:
            raise _bad(f"an env_evidence digest is 32 bytes, not {len(self.digest)}")

    def to_cbor(self) -> CBORValue:
        """``{"kind", "media_type", "digest"}``."""
        return {"kind": self.kind, "media_type": self.media_type, "digest": self.digest}


@dataclass(frozen=True)
class EnclaveMeasurements:
    """AIR v1 ``enclave_measurements``: Nitro PCRs (``nitro-pcr``) or TDX MRTD/RTMRs
    (``tdx-mrtd-rtmr``), each register 48 bytes; ``pcr8`` only for Nitro."""

    measurement_type: str
    pcr0: bytes
    pcr1: bytes
    pcr2: bytes
    pcr8: Optional[bytes] = None

    def __post_init__(self) -> None:
        if self.measurement_type not in ("nitro-pcr", "tdx-mrtd-rtmr"):
            raise ReceiptLogError("UNKNOWN_MTYPE", "measurement_type is not nitro-pcr or tdx-mrtd-rtmr")
        for name in ("pcr0", "pcr1", "pcr2", "pcr8"):
            value = getattr(self, name)
            if value is not None and len(value) != 48:
                raise ReceiptLogError("BAD_MEASUREMENT_LENGTH", f"{name} is {len(value)} bytes; a SHA-384 register is 48 bytes")
        if self.pcr8 is not None and self.measurement_type == "tdx-mrtd-rtmr":
            raise ReceiptLogError("TDX_PCR8_FORBIDDEN", "pcr8 is a Nitro register; TDX measurements have none")

    def to_cbor(self) -> CBORValue:
        """The AIR v1 map."""
        result: dict[str | int | bytes, CBORValue] = {
            "measurement_type": self.measurement_type,
            "pcr0": self.pcr0,
            "pcr1": self.pcr1,
            "pcr2": self.pcr2,
        }
        if self.pcr8 is not None:
            result["pcr8"] = self.pcr8
        return result


@dataclass(frozen=True)
class Freshness:
    """The window ``[not_before, not_after]`` in which the inference ran, Unix seconds."""

    not_before: int
    not_after: int

    def __post_init__(self) -> None:
        if not (0 <= self.not_before <= _UINT64_MAX and 0 <= self.not_after <= _UINT64_MAX):
            raise _bad("freshness bounds are unsigned 64-bit integers")
        if self.not_before > self.not_after:
            raise _bad(f"freshness not_before {self.not_before} is after not_after {self.not_after}")


@dataclass
class InferenceReceiptClaims:
    """The claims of one inference receipt. Required claims first; optional ones default to
    absent. :meth:`encode` validates before encoding."""

    issuer: str
    subject: str
    issued_at: int
    cwt_id: bytes
    model_id: str
    model_version: str
    model_hash: bytes
    model_hash_scheme: str
    commitments: list[Commitment]
    nonce: Optional[bytes] = None
    evidence: list[EvidenceReference] = field(default_factory=list)
    key_binding: Optional[str] = None
    attestation_doc_hash: Optional[bytes] = None
    measurements: Optional[EnclaveMeasurements] = None
    security_mode: Optional[str] = None
    image_digest: Optional[str] = None
    config_digest: Optional[str] = None
    project: Optional[str] = None
    operator: Optional[str] = None
    freshness: Optional[Freshness] = None
    policy_version: Optional[str] = None
    sequence_number: Optional[int] = None
    execution_time_ms: Optional[int] = None
    memory_peak_mb: Optional[int] = None

    def validate(self) -> None:
        """Checks every rule of the profile; raises ``badReceiptClaims`` (or
        ``unknownModelHashScheme`` / ``unknownCommitmentScheme``) naming the first claim
        that breaks one."""
        for name, value in (("iss (1)", self.issuer), ("sub (2)", self.subject)):
            if not 1 <= len(value) <= MAX_IDENTITY:
                raise _bad(f"{name} is {len(value)} characters; it must be 1…{MAX_IDENTITY}")
        if not 0 < self.issued_at <= _UINT64_MAX:
            raise _bad("iat (6) is zero" if self.issued_at == 0 else "iat (6) is not an unsigned 64-bit integer")
        if len(self.cwt_id) != 16:
            raise _bad(f"cti (7) is {len(self.cwt_id)} bytes, not 16")
        if self.nonce is not None and not 8 <= len(self.nonce) <= 64:
            raise _bad(f"eat_nonce (10) is {len(self.nonce)} bytes, not 8…64")
        if len(self.model_hash) != 32:
            raise _bad(f"model_hash (-65539) is {len(self.model_hash)} bytes, not 32")
        if self.model_hash == bytes(32):
            raise _bad("model_hash (-65539) is all zeros")
        if self.model_hash_scheme not in MODEL_HASH_SCHEMES:
            raise ReceiptLogError("unknownModelHashScheme", f"model_hash_scheme {self.model_hash_scheme!r} is not one of {', '.join(MODEL_HASH_SCHEMES)}")
        texts = (
            ("model_id (-65537)", self.model_id),
            ("model_version (-65538)", self.model_version),
            ("security_mode (-65548)", self.security_mode),
            ("project (-65604)", self.project),
            ("operator (-65605)", self.operator),
            ("policy_version (-65544)", self.policy_version),
        )
        for name, text in texts:
            if text is not None and not 1 <= len(text.encode("utf-8")) <= MAX_TEXT:
                raise _bad(f"{name} is {len(text.encode('utf-8'))} bytes; it must be 1…{MAX_TEXT}")
        if self.attestation_doc_hash is not None and len(self.attestation_doc_hash) != 32:
            raise _bad(f"attestation_doc_hash (-65542) is {len(self.attestation_doc_hash)} bytes, not 32")
        for name, digest in (("image_digest (-65602)", self.image_digest), ("config_digest (-65603)", self.config_digest)):
            if digest is not None and not _DIGEST.fullmatch(digest):
                raise _bad(f"{name} is not sha256:, sha384: or sha512: with lower-case hex of the right length")
        for name, number in (
            ("sequence_number (-65545)", self.sequence_number),
            ("execution_time_ms (-65546)", self.execution_time_ms),
            ("memory_peak_mb (-65547)", self.memory_peak_mb),
        ):
            if number is not None and not 0 <= number <= _UINT64_MAX:
                raise _bad(f"{name} is not an unsigned 64-bit integer")
        if len(self.evidence) > MAX_EVIDENCE:
            raise _bad(f"env_evidence (-65600) holds {len(self.evidence)} references; at most {MAX_EVIDENCE}")
        if self.evidence and self.key_binding is None:
            raise _bad("env_evidence (-65600) needs key_binding (-65601)")
        if not self.evidence and self.key_binding is not None:
            raise _bad("key_binding (-65601) needs env_evidence (-65600)")
        if self.key_binding is not None and not is_token(self.key_binding):
            raise _bad("key_binding (-65601) is not 1…64 characters of a-z, 0-9 and '-'")
        if self.freshness is not None and not self.freshness.not_before <= self.issued_at <= self.freshness.not_after:
            raise _bad(
                f"iat (6) {self.issued_at} lies outside the freshness window {self.freshness.not_before}…{self.freshness.not_after}"
            )
        if len(self.commitments) > MAX_COMMITMENTS:
            raise _bad(f"commitments (-65607) holds {len(self.commitments)}; at most {MAX_COMMITMENTS}")
        fields = [c.field for c in self.commitments]
        if len(set(fields)) != len(fields):
            raise _bad("commitments (-65607) names a field twice")
        for c in self.commitments:
            check_field(c.field)
            if c.scheme != COMMITMENT_SCHEME:
                raise ReceiptLogError("unknownCommitmentScheme", f"the {c.field} commitment's scheme {c.scheme!r} is not {COMMITMENT_SCHEME}")
            if len(c.value) != 32:
                raise ReceiptLogError("badCommitmentLength", f"a commitment is 32 bytes, not {len(c.value)}")
        for required in ("request", "response"):
            if required not in fields:
                raise _bad(f"commitments (-65607) has no {required} commitment")

    def to_cbor(self) -> dict[str | int | bytes, CBORValue]:
        """The claims map (not validated)."""
        claims: dict[str | int | bytes, CBORValue] = {
            ISS: self.issuer,
            SUB: self.subject,
            IAT: self.issued_at,
            CTI: self.cwt_id,
            EAT_PROFILE: PROFILE,
            MODEL_ID: self.model_id,
            MODEL_VERSION: self.model_version,
            MODEL_HASH: self.model_hash,
            MODEL_HASH_SCHEME: self.model_hash_scheme,
            COMMITMENTS: {c.field: [c.scheme, c.value] for c in self.commitments},
        }
        optional: tuple[tuple[int, Optional[CBORValue]], ...] = (
            (NONCE, self.nonce),
            (ENV_EVIDENCE, [e.to_cbor() for e in self.evidence] if self.evidence else None),
            (KEY_BINDING, self.key_binding),
            (ATTESTATION_DOC_HASH, self.attestation_doc_hash),
            (ENCLAVE_MEASUREMENTS, self.measurements.to_cbor() if self.measurements else None),
            (SECURITY_MODE, self.security_mode),
            (IMAGE_DIGEST, self.image_digest),
            (CONFIG_DIGEST, self.config_digest),
            (PROJECT, self.project),
            (OPERATOR, self.operator),
            (FRESHNESS, [self.freshness.not_before, self.freshness.not_after] if self.freshness else None),
            (POLICY_VERSION, self.policy_version),
            (SEQUENCE_NUMBER, self.sequence_number),
            (EXECUTION_TIME_MS, self.execution_time_ms),
            (MEMORY_PEAK_MB, self.memory_peak_mb),
        )
        for key, value in optional:
            if value is not None:
                claims[key] = value
        return claims

    def encode(self) -> bytes:
        """Validates the claims and returns their deterministic CBOR encoding (at most
        65,535 bytes, else ``badReceiptClaims``)."""
        self.validate()
        encoded = cbor.encode(self.to_cbor())
        if len(encoded) > MAX_ENCODED:
            raise _bad(f"the claims set is {len(encoded)} bytes; at most {MAX_ENCODED}")
        return encoded
