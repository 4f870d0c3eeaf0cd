"""Deterministic CBOR: encodings checked against RFC 8949 and cbor2 as an independent decoder."""

from __future__ import annotations

import cbor2
import pytest

from receiptlog import cbor
from receiptlog.cbor import Tagged
from receiptlog.errors import ReceiptLogError


@pytest.mark.parametrize(
    "value, hex_",
    [
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (255, "18ff"),
        (256, "190100"),
        (65535, "19ffff"),
        (65536, "1a00010000"),
        (2**32 - 1, "1affffffff"),
        (2**32, "1b0000000100000000"),
        (2**64 - 1, "1bffffffffffffffff"),
        (-1, "20"),
        (-8, "27"),
        (-65537, "3a00010000"),
        (-(2**64), "3bffffffffffffffff"),
        (b"\x01\x02\x03", "43010203"),
        ("a", "6161"),
        ([], "80"),
        ({}, "a0"),
        (True, "f5"),
        (False, "f4"),
        (None, "f6"),
        (Tagged(18, []), "d280"),
    ],
)
def test_shortest_heads(value: cbor.CBORValue, hex_: str) -> None:
    assert cbor.encode(value).hex() == hex_
    assert cbor.decode(bytes.fromhex(hex_), deterministic=True) == value


def test_map_keys_are_sorted_bytewise_by_their_encodings() -> None:
    # specs/statements.md: 10 (0a) < -1 (20) < "a" (6161) < "aa" (626161).
    encoded = cbor.encode({"aa": 4, "a": 3, -1: 2, 10: 1})
    assert encoded.hex() == "a40a01200261610362616104"
    # The first example of specs/statements.md without its float: {1: -7, 4: h'010203'}.
    assert cbor.encode({4: b"\x01\x02\x03", 1: -7}).hex() == "a201260443010203"


def test_cbor2_reads_what_we_write() -> None:
    value = {1: "x", -65607: {"request": ["hmac-sha256-v1", bytes(32)]}, 265: [1, 2, 2**40], "k": None}
    assert cbor2.loads(cbor.encode(value)) == value


@pytest.mark.parametrize(
    "hex_, code",
    [
        ("0000", "trailingBytes"),
        ("5f41ff", "indefiniteLength"),
        ("9f", "indefiniteLength"),
        ("1c", "reservedAdditionalInfo"),
        ("ff", "malformed"),
        ("a201000100", "duplicateMapKey"),
        ("62c328", "invalidUTF8"),
        ("4401", "truncated"),
        ("1a000000", "truncated"),
        ("f93e00", "unsupported"),
    ],
)
def test_decoding_refuses(hex_: str, code: str) -> None:
    with pytest.raises(ReceiptLogError) as caught:
        cbor.decode(bytes.fromhex(hex_))
    assert caught.value.code == code


@pytest.mark.parametrize("hex_, code", [("1817", "nonShortestEncoding"), ("190017", "nonShortestEncoding"), ("a202000100", "unsortedMapKeys")])
def test_deterministic_decoding_refuses_other_encodings(hex_: str, code: str) -> None:
    cbor.decode(bytes.fromhex(hex_))  # well-formed, only not deterministic
    with pytest.raises(ReceiptLogError) as caught:
        cbor.decode(bytes.fromhex(hex_), deterministic=True)
    assert caught.value.code == code


def test_depth_and_size_are_bounded() -> None:
    with pytest.raises(ReceiptLogError) as caught:
        cbor.decode(b"\x81" * 40 + b"\x00")
    assert caught.value.code == "tooDeep"
    with pytest.raises(ReceiptLogError) as caught:
        cbor.decode(b"\x00" * 10, max_input=5)
    assert caught.value.code == "inputTooLarge"


def test_floats_and_huge_integers_are_not_encoded() -> None:
    for value in (1.5, 2**64, -(2**64) - 1):
        with pytest.raises(ReceiptLogError) as caught:
            cbor.encode(value)  # type: ignore[arg-type]
        assert caught.value.code == "unencodable"
