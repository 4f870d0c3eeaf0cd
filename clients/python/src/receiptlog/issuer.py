"""Issuing inference receipts: what ``receiptlog issue`` does, in process.

An :class:`Issuer` holds the key and what stays the same from one inference to the next
(subject, model, evidence references); :meth:`Issuer.issue` commits to one inference's
request, response and parameters with fresh salts and signs the statement. For the same key,
claims, ``iat``, ``cti`` and salts the statement is byte for byte the one
``receiptlog issue --claims … --salts …`` writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Sequence

from . import cose
from .claims import CONTENT_TYPE, EvidenceReference, InferenceReceiptClaims
from .commitment import SCHEME as COMMITMENT_SCHEME
from .commitment import commit
from .errors import ReceiptLogError
from .keys import ED25519, SignerKey
from .model_digest import SCHEME as MANIFEST_SCHEME
from .model_digest import ModelManifest, model_manifest

__all__ = ["Issuer", "IssuedStatement", "salts_file_json", "write_new_file"]

_REQUIRED = {"issuer", "subject", "issued_at", "cwt_id", "model_id", "model_version", "model_hash", "model_hash_scheme", "commitments"}
_OPTIONAL = {f.name for f in dataclasses.fields(InferenceReceiptClaims)} - _REQUIRED - {"evidence", "key_binding"}


def salts_file_json(statement: bytes, salts: Mapping[str, bytes]) -> bytes:
    """The salts file ``receiptlog issue`` writes beside a statement (specs/receipt-profile.md
    §Salts file): keys sorted, two-space indent, ``" : "`` between key and value, a final
    newline; byte for byte the CLI's."""
    document = {
        "salts": {name: salt.hex() for name, salt in salts.items()},
        "scheme": COMMITMENT_SCHEME,
        "statement_sha256": hashlib.sha256(statement).hexdigest(),
    }
    return (json.dumps(document, indent=2, sort_keys=True, separators=(",", " : ")) + "\n").encode("utf-8")


def write_new_file(path: str | os.PathLike[str], data: bytes, mode: int) -> None:
    """Creates ``path`` with ``mode`` (never replacing a file: ``fileExists``), writes ``data``
    and syncs it."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    except FileExistsError:
        raise ReceiptLogError("fileExists", f"refusing to overwrite {name}") from None
    try:
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class IssuedStatement:
    """A signed statement and the salts that open its commitments (keep them private)."""

    statement: bytes
    """The signed statement (a tagged COSE_Sign1 with an empty unprotected header: its own
    leaf form), ready for :meth:`receiptlog.LogClient.submit`."""
    salts: Mapping[str, bytes]
    """Field name → 32-byte salt."""
    claims: InferenceReceiptClaims
    """The claims the statement carries."""

    @property
    def salts_json(self) -> bytes:
        """The salts file, as ``receiptlog issue`` writes it."""
        return salts_file_json(self.statement, self.salts)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Writes the statement to ``path`` (mode 0644) and the salts to ``path`` +
        ``.salts.json`` (mode 0600), as ``receiptlog issue --out`` does; neither file is ever
        replaced, and the statement is removed again if its salts cannot be written."""
        name = os.fspath(path)
        write_new_file(name, self.statement, 0o644)
        try:
            write_new_file(name + ".salts.json", self.salts_json, 0o600)
        except BaseException:
            os.unlink(name)
            raise


class Issuer:
    """Issues inference receipts signed with one Ed25519 key.

    The model is named by ``model_dir`` (hashed once, here, as ``receiptlog-sha256-manifest-v1``)
    or by ``model_hash`` with ``model_hash_scheme``. ``evidence`` and ``key_binding`` go
    together (specs/receipt-profile.md rule 5). ``claims`` holds further optional claims by
    their field names in :class:`InferenceReceiptClaims` (``security_mode``,
    ``image_digest``, ``project``, …); :meth:`issue` may add or replace them per call.
    """

    def __init__(
        self,
        key: SignerKey,
        *,
        subject: str,
        model_id: str,
        model_version: str,
        model_dir: Optional[str | os.PathLike[str]] = None,
        follow_symlinks: bool = False,
        model_hash: Optional[bytes] = None,
        model_hash_scheme: Optional[str] = None,
        evidence: Sequence[EvidenceReference] = (),
        key_binding: Optional[str] = None,
        claims: Optional[Mapping[str, Any]] = None,
    ) -> None:
        if key.key_type != ED25519:
            raise ReceiptLogError("wrongKeyType", f"{key.name} is a type 0x{key.key_type:02x} key; issuing needs an Ed25519 (type 0x01) key")
        self.key = key
        self._private = key.private_key()
        self._key_id = key.key_id.to_bytes(4, "big")
        self.subject = subject
        self.model_id = model_id
        self.model_version = model_version
        if (model_dir is None) == (model_hash is None):
            raise ReceiptLogError("badModel", "give the model digest once: model_dir, or model_hash with model_hash_scheme")
        self.manifest: Optional[ModelManifest]
        if model_dir is not None:
            if model_hash_scheme is not None:
                raise ReceiptLogError("badModel", "model_hash_scheme goes with model_hash, not model_dir")
            self.manifest = model_manifest(model_dir, follow_symlinks=follow_symlinks)
            self.model_hash = self.manifest.digest
            self.model_hash_scheme = MANIFEST_SCHEME
        else:
            if model_hash_scheme is None:
                raise ReceiptLogError("badModel", "model_hash needs model_hash_scheme")
            assert model_hash is not None
            self.manifest = None
            self.model_hash = bytes(model_hash)
            self.model_hash_scheme = model_hash_scheme
        self.evidence = list(evidence)
        self.key_binding = key_binding
        self.claims = self._checked(claims or {})

    @staticmethod
    def _checked(claims: Mapping[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(claims) - _OPTIONAL)
        if unknown:
            raise ReceiptLogError("badReceiptClaims", f"unknown claim {unknown[0]}; optional claims are {', '.join(sorted(_OPTIONAL))}")
        return dict(claims)

    def issue(
        self,
        request: bytes,
        response: bytes,
        parameters: Optional[bytes] = None,
        *,
        subject: Optional[str] = None,
        iat: Optional[int] = None,
        cti: Optional[bytes] = None,
        salts: Optional[Mapping[str, bytes]] = None,
        claims: Optional[Mapping[str, Any]] = None,
    ) -> IssuedStatement:
        """Commits to ``request``, ``response`` and, if given, ``parameters`` and signs the
        receipt.

        ``iat`` defaults to the current time, ``cti`` to 16 random bytes and the salts to fresh
        32-byte salts; ``salts`` gives one for every committed field instead (as
        ``receiptlog issue --salts``): a missing one is ``missingSalt``, one for a field not
        committed to ``unknownSaltField``, a wrong length ``badSaltLength``. Raises the claim
        errors of :meth:`InferenceReceiptClaims.validate`.
        """
        data = {"request": request, "response": response}
        if parameters is not None:
            data["parameters"] = parameters
        if salts is not None:
            unknown = sorted(set(salts) - set(data))
            if unknown:
                raise ReceiptLogError("unknownSaltField", f"unknown field {unknown[0]}; this statement commits to {', '.join(sorted(data))}")
            missing = sorted(set(data) - set(salts))
            if missing:
                raise ReceiptLogError("missingSalt", f"no salt for {missing[0]}; give one for each of {', '.join(sorted(data))}")
        commitments = []
        used: dict[str, bytes] = {}
        for name in sorted(data):
            commitment, salt = commit(data[name], name, None if salts is None else salts[name])
            commitments.append(commitment)
            used[name] = salt
        extra = dict(self.claims)
        extra.update(self._checked(claims or {}))
        receipt = InferenceReceiptClaims(
            issuer=self.key.name,
            subject=self.subject if subject is None else subject,
            issued_at=int(time.time()) if iat is None else iat,
            cwt_id=secrets.token_bytes(16) if cti is None else bytes(cti),
            model_id=self.model_id,
            model_version=self.model_version,
            model_hash=self.model_hash,
            model_hash_scheme=self.model_hash_scheme,
            commitments=commitments,
            evidence=list(self.evidence),
            key_binding=self.key_binding,
            **extra,
        )
        statement = cose.sign_statement(
            issuer=receipt.issuer,
            subject=receipt.subject,
            content_type=CONTENT_TYPE,
            payload=receipt.encode(),
            key=self._private,
            key_id=self._key_id,
        )
        return IssuedStatement(statement, used, receipt)
