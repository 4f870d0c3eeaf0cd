"""ReceiptLog for Python: issue inference receipts, register them, fetch receipt bundles.

```python
import receiptlog

key = receiptlog.read_key_file("issuer.key")          # from `receiptlog keys generate`
issuer = receiptlog.Issuer(key, subject="deployment/llama-7b", model_id="llama-7b",
                           model_version="2.0.0", model_dir="tiny-model")
issued = issuer.issue(b"What is 2+2?", b"4", b'{"max_tokens":64}')
log = receiptlog.LogClient("http://127.0.0.1:8080", log_vkey)
registration = log.submit(issued.statement)          # the COSE receipt is verified
bundle = log.bundle(registration.index)               # `receiptlog verify --bundle` reads it
```

Statements are byte for byte those of ``receiptlog issue`` for the same key, claims,
``iat``, ``cti`` and salts. Every error is a :class:`ReceiptLogError` with a ``code``.
"""

from .bundle import ReceiptBundle
from .claims import (
    CONTENT_TYPE,
    PROFILE,
    EnclaveMeasurements,
    EvidenceReference,
    Freshness,
    InferenceReceiptClaims,
)
from .client import LogClient, Registration
from .commitment import Commitment, commit, open_commitment
from .cose import CoseSign1, leaf_form, sign_statement
from .errors import ReceiptLogError
from .evidence import evidence_reference, evidence_statement
from .issuer import IssuedStatement, Issuer, salts_file_json, write_new_file
from .keys import SignerKey, VerifierKey, read_key_file, write_key_file
from .merkle import leaf_hash, root_from_inclusion_proof
from .model_digest import ModelManifest, model_digest, model_manifest
from .note import Checkpoint, Note, TlogProof
from .receipt import CoseReceipt, verify_receipt

__version__ = "0.1.0"

__all__ = [
    "CONTENT_TYPE",
    "PROFILE",
    "Checkpoint",
    "Commitment",
    "CoseReceipt",
    "CoseSign1",
    "EnclaveMeasurements",
    "EvidenceReference",
    "Freshness",
    "InferenceReceiptClaims",
    "IssuedStatement",
    "Issuer",
    "LogClient",
    "ModelManifest",
    "Note",
    "ReceiptBundle",
    "ReceiptLogError",
    "Registration",
    "SignerKey",
    "TlogProof",
    "VerifierKey",
    "commit",
    "evidence_reference",
    "evidence_statement",
    "leaf_form",
    "leaf_hash",
    "model_digest",
    "model_manifest",
    "open_commitment",
    "read_key_file",
    "root_from_inclusion_proof",
    "salts_file_json",
    "sign_statement",
    "verify_receipt",
    "write_key_file",
    "write_new_file",
]
