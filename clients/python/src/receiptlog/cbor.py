"""Deterministic CBOR (RFC 8949 §4.2.1), the encoding of every byte ReceiptLog signs.

The encoder produces the core deterministic encoding of specs/statements.md ("CBOR"):
shortest heads, definite lengths, map keys sorted by the bytewise order of their
encodings. The decoder is strict: one item, no trailing bytes, definite lengths, no
duplicate keys, bounded size and depth; with ``deterministic=True`` it also refuses
non-shortest heads and unsorted keys, so every accepted input re-encodes to itself.

Python values map to CBOR as follows: ``int`` (unsigned or negative, up to 64 bits),
``bytes``, ``str``, ``list``, ``dict``, ``bool``, ``None`` and :class:`Tagged`. Floats
are refused both ways: no claim, header or proof of ReceiptLog holds one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .errors import ReceiptLogError

__all__ = ["Tagged", "CBORValue", "encode", "decode", "MAX_INPUT", "MAX_DEPTH"]


@dataclass(frozen=True)
class Tagged:
    """A tagged item (RFC 8949 §3.4): tag 18 wraps a COSE_Sign1, for example."""

    tag: int
    value: "CBORValue"


CBORValue = Union[int, bytes, str, bool, None, Tagged, list["CBORValue"], dict["CBORKey", "CBORValue"]]
"""A CBOR data item as Python holds it."""

CBORKey = Union[int, bytes, str]
"""A map key: the key types ReceiptLog's maps use."""

MAX_INPUT = 1 << 20
"""The largest input :func:`decode` reads, in bytes (specs/statements.md: default 1 MiB)."""

MAX_DEPTH = 32
"""The deepest nesting of arrays, maps and tags :func:`decode` accepts."""

_MAX_ITEMS = 262_144
_UINT64_MAX = (1 << 64) - 1


def _head(major: int, argument: int) -> bytes:
    """The shortest head of major type ``major`` with ``argument`` (RFC 8949 §3, §4.2.1)."""
    mt = major << 5
    if argument < 24:
        return bytes([mt | argument])
    if argument <= 0xFF:
        return bytes([mt | 24, argument])
    if argument <= 0xFFFF:
        return bytes([mt | 25]) + argument.to_bytes(2, "big")
    if argument <= 0xFFFF_FFFF:
        return bytes([mt | 26]) + argument.to_bytes(4, "big")
    return bytes([mt | 27]) + argument.to_bytes(8, "big")


def encode(value: CBORValue) -> bytes:
    """Returns the deterministic encoding of ``value`` (RFC 8949 §4.2.1).

    Raises :class:`ReceiptLogError` ``unencodable`` for an integer outside
    -2^64…2^64-1, a float, or a value of another type.
    """
    out = bytearray()
    _encode(value, out)
    return bytes(out)


def _encode(value: CBORValue, out: bytearray) -> None:
    # bool before int: True is an int in Python, but a simple value in CBOR.
    if value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif value is None:
        out.append(0xF6)
    elif isinstance(value, int):
        if 0 <= value <= _UINT64_MAX:
            out += _head(0, value)
        elif -(1 << 64) <= value < 0:
            out += _head(1, -1 - value)
        else:
            raise ReceiptLogError("unencodable", f"the integer {value} does not fit in 64 bits")
    elif isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        out += _head(2, len(raw))
        out += raw
    elif isinstance(value, str):
        raw = value.encode("utf-8")
        out += _head(3, len(raw))
        out += raw
    elif isinstance(value, list):
        out += _head(4, len(value))
        for element in value:
            _encode(element, out)
    elif isinstance(value, dict):
        out += _head(5, len(value))
        # RFC 8949 §4.2.1: keys sorted by the bytewise lexicographic order of their encodings.
        entries = sorted((encode(k), v) for k, v in value.items())
        for i in range(1, len(entries)):
            if entries[i][0] == entries[i - 1][0]:
                raise ReceiptLogError("unencodable", "a map holds the same key twice")
        for key, element in entries:
            out += key
            _encode(element, out)
    elif isinstance(value, Tagged):
        if not 0 <= value.tag <= _UINT64_MAX:
            raise ReceiptLogError("unencodable", f"the tag {value.tag} does not fit in 64 bits")
        out += _head(6, value.tag)
        _encode(value.value, out)
    else:
        raise ReceiptLogError("unencodable", f"a {type(value).__name__} has no CBOR encoding here")


def decode(data: bytes, *, deterministic: bool = False, max_input: int = MAX_INPUT) -> CBORValue:
    """Decodes exactly one CBOR item from ``data``.

    Raises :class:`ReceiptLogError` with the codes of specs/statements.md: ``inputTooLarge``,
    ``truncated``, ``trailingBytes``, ``indefiniteLength``, ``reservedAdditionalInfo``,
    ``malformed``, ``duplicateMapKey``, ``invalidUTF8``, ``tooDeep``, ``tooManyItems``; with
    ``deterministic``, also ``nonShortestEncoding`` and ``unsortedMapKeys``. Floats and simple
    values other than false, true and null are ``unsupported``.
    """
    if len(data) > max_input:
        raise ReceiptLogError("inputTooLarge", f"the input is {len(data)} bytes; the limit is {max_input}")
    reader = _Reader(bytes(data), deterministic)
    value = reader.item(0)
    if reader.position != len(reader.data):
        raise ReceiptLogError("trailingBytes", f"{len(reader.data) - reader.position} bytes follow the item")
    return value


class _Reader:
    def __init__(self, data: bytes, deterministic: bool) -> None:
        self.data = data
        self.position = 0
        self.deterministic = deterministic
        self.items = 0

    def take(self, count: int) -> bytes:
        if count > len(self.data) - self.position:
            raise ReceiptLogError("truncated", "the input ends inside an item")
        chunk = self.data[self.position : self.position + count]
        self.position += count
        return chunk

    def head(self) -> tuple[int, int, int]:
        """Returns (major type, additional information, argument)."""
        first = self.take(1)[0]
        major, info = first >> 5, first & 0x1F
        if info < 24:
            return major, info, info
        if info in (28, 29, 30):
            raise ReceiptLogError("reservedAdditionalInfo", f"additional information {info} is reserved")
        if info == 31:
            if major in (0, 1, 6):
                raise ReceiptLogError("malformed", f"additional information 31 with major type {major}")
            if major == 7:
                raise ReceiptLogError("malformed", "a stray break (0xff)")
            raise ReceiptLogError("indefiniteLength", "indefinite lengths are not accepted")
        width = 1 << (info - 24)
        argument = int.from_bytes(self.take(width), "big")
        if self.deterministic and major != 7:
            smallest = 24 if width == 1 else (1 << (4 * width))
            if argument < smallest:
                raise ReceiptLogError("nonShortestEncoding", "a head is not in its shortest form")
        return major, info, argument

    def count_item(self) -> None:
        self.items += 1
        if self.items > _MAX_ITEMS:
            raise ReceiptLogError("tooManyItems", f"more than {_MAX_ITEMS} items")

    def item(self, depth: int) -> CBORValue:
        if depth > MAX_DEPTH:
            raise ReceiptLogError("tooDeep", f"nesting deeper than {MAX_DEPTH}")
        self.count_item()
        major, info, argument = self.head()
        if major == 0:
            return argument
        if major == 1:
            return -1 - argument
        if major == 2:
            return self.take(argument)
        if major == 3:
            raw = self.take(argument)
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ReceiptLogError("invalidUTF8", "a text string is not valid UTF-8") from None
        if major == 4:
            if argument > len(self.data) - self.position:
                raise ReceiptLogError("truncated", "an array is longer than the input")
            return [self.item(depth + 1) for _ in range(argument)]
        if major == 5:
            if argument > len(self.data) - self.position:
                raise ReceiptLogError("truncated", "a map is longer than the input")
            result: dict[CBORKey, CBORValue] = {}
            previous: bytes | None = None
            for _ in range(argument):
                start = self.position
                key = self.item(depth + 1)
                encoded_key = self.data[start : self.position]
                if not isinstance(key, (int, bytes, str)) or isinstance(key, bool):
                    raise ReceiptLogError("unsupported", "a map key that is not an integer, byte or text string")
                if key in result:
                    raise ReceiptLogError("duplicateMapKey", "a map holds the same key twice")
                if self.deterministic and previous is not None and encoded_key <= previous:
                    raise ReceiptLogError("unsortedMapKeys", "map keys are not in bytewise order")
                previous = encoded_key
                result[key] = self.item(depth + 1)
            return result
        if major == 6:
            return Tagged(argument, self.item(depth + 1))
        # Major type 7: simple values and floats.
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        if info == 24 and argument < 32:
            raise ReceiptLogError("malformed", "a two-byte simple value below 32")
        raise ReceiptLogError("unsupported", "floats and simple values other than false, true and null are not used here")
