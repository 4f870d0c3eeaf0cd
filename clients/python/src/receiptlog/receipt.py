"""RFC 9942 COSE receipts of inclusion for RFC9162_SHA256 (specs/statements.md,
"COSE Receipts").

```
18([ <<{1: -8, 4: kid, 395: 1, -65537: tree_size, …}>>,     alg, kid, vds, signed tree size
     {396: {-1: [<<[tree_size, leaf_index, [path…]]>>]}},    vdp: one inclusion proof
     nil,                                                    the root, detached
     signature ])
```

Verification: the protected header must carry ``alg`` = -8 (EdDSA) and ``vds`` = 1; the tree
size under -65537, when present, must equal the proof's; other protected labels (``kid``,
CWT claims under 15, …) are not interpreted. The root is recomputed from the entry's leaf
hash and the path (RFC 9162 §2.1.3.2) and the log's signature is checked over it as the
detached payload. Any failure after parsing is the one outcome ``receiptNotVerified``, as
RFC 9942 recommends: with a detached root a wrong path, index, size, entry, key or
signature cannot be told apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import cbor
from .cose import ALG, EDDSA, KID, CoseSign1
from .errors import ReceiptLogError
from .merkle import leaf_hash, root_from_inclusion_proof

__all__ = ["VDS", "VDP", "TREE_SIZE_LABEL", "RFC9162_SHA256", "CoseReceipt", "verify_receipt"]

VDS = 395
"""Header label ``vds`` (verifiable data structure)."""
VDP = 396
"""Header label ``vdp`` (verifiable data structure proofs)."""
INCLUSION_PROOFS = -1
"""The ``vdp`` map key of inclusion proofs."""
TREE_SIZE_LABEL = -65537
"""ReceiptLog's protected label for the signed tree size."""
RFC9162_SHA256 = 1
"""The ``vds`` value of RFC 9162 SHA-256 trees."""
MAX_RECEIPT = 16_384
"""The largest receipt accepted, in bytes."""


@dataclass(frozen=True)
class CoseReceipt:
    """A parsed receipt: the COSE_Sign1, the proof's tree size, leaf index and path."""

    message: CoseSign1
    tree_size: int
    leaf_index: int
    path: tuple[bytes, ...]
    encoded: bytes

    @property
    def key_id(self) -> bytes | None:
        """The ``kid`` of the protected header, if it is a byte string."""
        kid = self.message.protected.get(KID)
        return kid if isinstance(kid, bytes) else None

    @classmethod
    def parse(cls, data: bytes) -> "CoseReceipt":
        """Parses a receipt.

        Raises ``receiptMalformed`` (not a tagged COSE_Sign1 in deterministic CBOR, an attached
        payload, no ``vdp`` map), ``receiptUnsupported`` (``alg`` not -8 or ``vds`` not 1, or
        either missing), ``receiptBadProof`` (not exactly one inclusion proof
        ``[uint, uint, [* bstr .size 32]]`` of at most 64 hashes, or a signed tree size other
        than the proof's) and ``receiptIndexOutOfRange``.
        """
        if len(data) > MAX_RECEIPT:
            raise ReceiptLogError("receiptMalformed", f"a receipt is at most {MAX_RECEIPT} bytes")
        try:
            message = CoseSign1.parse(data, deterministic=True)
        except ReceiptLogError as error:
            raise ReceiptLogError("receiptMalformed", f"the receipt is not a tagged COSE_Sign1 in deterministic CBOR: {error.message}") from None
        header = message.protected
        if header.get(ALG) != EDDSA or isinstance(header.get(ALG), bool):
            raise ReceiptLogError("receiptUnsupported", f"alg (1) must be EdDSA (-8), not {header.get(ALG)!r}")
        if header.get(VDS) != RFC9162_SHA256 or isinstance(header.get(VDS), bool):
            raise ReceiptLogError("receiptUnsupported", f"vds (395) must be 1, RFC9162_SHA256, not {header.get(VDS)!r}")
        if message.payload is not None:
            raise ReceiptLogError("receiptMalformed", "the receipt's payload (the tree root) must be detached")
        vdp = message.unprotected.get(VDP)
        if not isinstance(vdp, dict):
            raise ReceiptLogError("receiptMalformed", "the unprotected header must hold vdp (396), a map")
        proofs = vdp.get(INCLUSION_PROOFS)
        if not isinstance(proofs, list) or len(proofs) != 1 or not isinstance(proofs[0], bytes):
            raise ReceiptLogError("receiptBadProof", "vdp must hold exactly one inclusion proof (-1) as a byte string")
        try:
            proof = cbor.decode(proofs[0], deterministic=True)
        except ReceiptLogError as error:
            raise ReceiptLogError("receiptBadProof", f"the inclusion proof is not deterministic CBOR: {error.message}") from None
        if (
            not isinstance(proof, list)
            or len(proof) != 3
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in proof[:2])
            or not isinstance(proof[2], list)
            or len(proof[2]) > 64
            or not all(isinstance(h, bytes) and len(h) == 32 for h in proof[2])
        ):
            raise ReceiptLogError("receiptBadProof", "the inclusion proof is not [tree_size, leaf_index, [* 32-byte hash]] with at most 64 hashes")
        tree_size, leaf_index, path = proof[0], proof[1], proof[2]
        assert isinstance(tree_size, int) and isinstance(leaf_index, int) and isinstance(path, list)
        if TREE_SIZE_LABEL in header and (header[TREE_SIZE_LABEL] != tree_size or isinstance(header[TREE_SIZE_LABEL], bool)):
            raise ReceiptLogError("receiptBadProof", f"the proof's tree size {tree_size} is not the signed tree size {header[TREE_SIZE_LABEL]!r}")
        if leaf_index >= tree_size:
            raise ReceiptLogError("receiptIndexOutOfRange", f"leaf index {leaf_index} is not below tree size {tree_size}")
        return cls(message, tree_size, leaf_index, tuple(h for h in path if isinstance(h, bytes)), bytes(data))

    def root(self, entry: bytes) -> bytes:
        """The root that ``entry`` (the exact bytes in the log) and the path give; raises
        ``receiptNotVerified`` when the path does not fit the index and size."""
        try:
            return root_from_inclusion_proof(leaf_hash(entry), self.leaf_index, self.tree_size, self.path)
        except ReceiptLogError:
            raise ReceiptLogError(
                "receiptNotVerified", f"the inclusion path does not fit leaf {self.leaf_index} of a tree of {self.tree_size}"
            ) from None

    def verify(self, entry: bytes, log_key: Ed25519PublicKey) -> bytes:
        """Verifies that this receipt proves ``entry`` is in the log whose key is ``log_key``;
        returns the signed root. Raises ``receiptNotVerified``."""
        root = self.root(entry)
        try:
            self.message.verify(log_key, detached_payload=root)
        except ReceiptLogError as error:
            raise ReceiptLogError(
                "receiptNotVerified", f"the log did not sign the root that the entry and its inclusion path give: {error.message}"
            ) from None
        return root


def verify_receipt(receipt: bytes, entry: bytes, log_key: Ed25519PublicKey) -> CoseReceipt:
    """Parses ``receipt`` and verifies it for ``entry`` under ``log_key``; returns the parsed
    receipt. Raises the codes of :meth:`CoseReceipt.parse` and ``receiptNotVerified``."""
    parsed = CoseReceipt.parse(receipt)
    parsed.verify(entry, log_key)
    return parsed
