"""RFC 9162 §2.1 Merkle tree hashing and inclusion proof verification."""

from __future__ import annotations

import hashlib
from typing import Sequence

from .errors import ReceiptLogError

__all__ = ["leaf_hash", "node_hash", "root_from_inclusion_proof"]


def leaf_hash(entry: bytes) -> bytes:
    """``SHA-256(0x00 ‖ entry)`` (RFC 9162 §2.1.1)."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 ‖ left ‖ right)`` (RFC 9162 §2.1.1)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion_proof(leaf: bytes, index: int, tree_size: int, proof: Sequence[bytes]) -> bytes:
    """The root that ``proof`` gives for the leaf hash ``leaf`` at ``index`` of a tree of
    ``tree_size`` leaves (RFC 9162 §2.1.3.2, steps 1–5).

    Raises ``inclusionProofInvalid`` when the index is not below the size, a hash is not 32
    bytes, or the path has the wrong length for that index and size.
    """
    if not 0 <= index < tree_size:
        raise ReceiptLogError("inclusionProofInvalid", f"leaf index {index} is not below tree size {tree_size}")
    fn, sn, r = index, tree_size - 1, leaf
    for p in proof:
        if len(p) != 32:
            raise ReceiptLogError("inclusionProofInvalid", "an inclusion proof hash is 32 bytes")
        if sn == 0:
            raise ReceiptLogError("inclusionProofInvalid", "the inclusion path is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ReceiptLogError("inclusionProofInvalid", "the inclusion path is too short")
    return r
