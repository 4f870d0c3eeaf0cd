"""COSE receipts: built here with a test-side Merkle tree (RFC 9162 MTH and PATH, written
recursively, independently of receiptlog.merkle), then verified and tampered with."""

from __future__ import annotations

import hashlib
from typing import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

import receiptlog
from receiptlog import cbor
from receiptlog.cbor import Tagged
from receiptlog.cose import sig_structure
from receiptlog.errors import ReceiptLogError

LOG_KEY = Ed25519PrivateKey.from_private_bytes(b"\x22" * 32)


def mth(leaves: list[bytes]) -> bytes:
    """RFC 9162 §2.1.1 MTH over entries."""
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def make_receipt(
    leaves: list[bytes],
    index: int,
    *,
    protected: Callable[[dict[int | str | bytes, cbor.CBORValue]], None] = lambda h: None,
    proof: list[cbor.CBORValue] | None = None,
    key: Ed25519PrivateKey = LOG_KEY,
) -> bytes:
    size = len(leaves)
    header: dict[int | str | bytes, cbor.CBORValue] = {1: -8, 4: b"\x01\x02\x03\x04", 395: 1, -65537: size}
    protected(header)
    protected_bytes = cbor.encode(header)
    signature = key.sign(sig_structure(protected_bytes, mth(leaves)))
    body = cbor.encode(proof if proof is not None else [size, index, path(index, leaves)])
    return cbor.encode(Tagged(18, [protected_bytes, {396: {-1: [body]}}, None, signature]))


ENTRIES = [b"entry %d" % i for i in range(17)]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 8, 13, 17])
def test_every_leaf_of_small_trees_verifies(size: int) -> None:
    leaves = ENTRIES[:size]
    for index in range(size):
        receipt = receiptlog.verify_receipt(make_receipt(leaves, index), leaves[index], LOG_KEY.public_key())
        assert (receipt.tree_size, receipt.leaf_index) == (size, index)
        assert receipt.root(leaves[index]) == mth(leaves)


def test_cwt_claims_and_other_protected_labels_are_ignored_and_the_tree_size_is_optional() -> None:
    leaves = ENTRIES[:6]

    def cwt(h: dict[int | str | bytes, cbor.CBORValue]) -> None:
        h[15] = {1: "log.example", 6: 1767225600}
        h[-70000] = "extension"

    receiptlog.verify_receipt(make_receipt(leaves, 1, protected=cwt), leaves[1], LOG_KEY.public_key())

    def no_size(h: dict[int | str | bytes, cbor.CBORValue]) -> None:
        del h[-65537]
        del h[4]

    receiptlog.verify_receipt(make_receipt(leaves, 1, protected=no_size), leaves[1], LOG_KEY.public_key())


def flip(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :]


def test_tampered_receipts_fail() -> None:
    leaves = ENTRIES[:6]
    good = make_receipt(leaves, 1)
    public = LOG_KEY.public_key()
    not_verified = [
        (flip(good, len(good) - 1), leaves[1]),  # the signature
        (good, leaves[2]),  # another entry
        (good, leaves[1] + b"x"),  # a changed entry
        (make_receipt(leaves, 1, proof=[6, 2, path(1, leaves)]), leaves[1]),  # another index
        (make_receipt(leaves, 1, proof=[6, 1, [flip(path(1, leaves)[0], 0)] + path(1, leaves)[1:]]), leaves[1]),
        (make_receipt(leaves, 1, proof=[6, 1, path(1, leaves)[:-1]]), leaves[1]),  # short path
        (make_receipt(leaves, 1, key=Ed25519PrivateKey.generate()), leaves[1]),  # another key
    ]
    for receipt, entry in not_verified:
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.verify_receipt(receipt, entry, public)
        assert caught.value.code == "receiptNotVerified"

    # Leaf 1 of 6 verifies unchanged as leaf 1 of 5 when the size is not signed: the signed
    # size refuses it.
    five = make_receipt(leaves, 1, proof=[5, 1, path(1, leaves)])
    with pytest.raises(ReceiptLogError) as caught:
        receiptlog.verify_receipt(five, leaves[1], public)
    assert caught.value.code == "receiptBadProof"

    def header(change: Callable[[dict[int | str | bytes, cbor.CBORValue]], None]) -> bytes:
        return make_receipt(leaves, 1, protected=change)

    for receipt, code in (
        (header(lambda h: h.update({395: 2})), "receiptUnsupported"),
        (header(lambda h: h.pop(395)), "receiptUnsupported"),
        (header(lambda h: h.update({1: -7})), "receiptUnsupported"),
        (header(lambda h: h.pop(1)), "receiptUnsupported"),
        (make_receipt(leaves, 1, proof=[6, 6, []]), "receiptIndexOutOfRange"),
        (make_receipt(leaves, 1, proof=[6, 1, [b"short"]]), "receiptBadProof"),
        (good[1:], "receiptMalformed"),  # untagged
        (good + b"\x00", "receiptMalformed"),
    ):
        with pytest.raises(ReceiptLogError) as caught:
            receiptlog.verify_receipt(receipt, leaves[1], public)
        assert caught.value.code == code, receipt.hex()


def test_checkpoint_notes_verify_with_the_log_key_only() -> None:
    name = "log.example/test"
    key = receiptlog.SignerKey(name, 0x01, b"\x33" * 32)
    text = b"%s\n6\n%s\n" % (name.encode(), __import__("base64").b64encode(mth(ENTRIES[:6])))
    signature = key.key_id.to_bytes(4, "big") + key.private_key().sign(text)
    line = "— %s %s\n" % (name, __import__("base64").b64encode(signature).decode())
    note = receiptlog.Note.parse(text + b"\n" + line.encode())
    note.verify(key.verifier_key)
    checkpoint = receiptlog.Checkpoint.parse(note.text)
    assert (checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash) == (name, 6, mth(ENTRIES[:6]))
    forged = receiptlog.Note.parse(text.replace(b"\n6\n", b"\n7\n") + b"\n" + line.encode())
    with pytest.raises(ReceiptLogError) as caught:
        forged.verify(key.verifier_key)
    assert caught.value.code == "badSignature"
    other = receiptlog.SignerKey("log.example/other", 0x01, b"\x44" * 32)
    with pytest.raises(ReceiptLogError) as caught:
        note.verify(other.verifier_key)
    assert caught.value.code == "unverifiedNote"
    proof = receiptlog.TlogProof(1, tuple(path(1, ENTRIES[:6])), note)
    assert receiptlog.TlogProof.parse(proof.encoded) == proof


def test_an_unreachable_log_is_retried_a_bounded_number_of_times() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on the port now: every try is refused at once.
    delays: list[float] = []
    key = receiptlog.SignerKey("log.example/test", 0x01, b"\x33" * 32).verifier_key
    client = receiptlog.LogClient(f"http://127.0.0.1:{port}", key, timeout=2, retries=3, backoff=0.1, max_backoff=0.25, sleep=delays.append)
    with pytest.raises(ReceiptLogError) as caught:
        client.checkpoint()
    assert caught.value.code == "logUnreachable"
    assert "after 4 tries" in caught.value.message
    assert delays == [0.1, 0.2, 0.25]
