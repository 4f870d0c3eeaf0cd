"""Ed25519 keys in the signed-note encodings that ``receiptlog keys`` reads and writes.

A private key is ``PRIVATE+KEY+<name>+<key ID>+<base64(type ‖ 32-byte seed)>`` and a
verifier key ``<name>+<key ID>+<base64(type ‖ 32-byte public key)>`` (specs/notes.md,
"Keys"), where the key ID is ``SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4]``. A key file is
the private key and one newline, mode 0600, a regular file of this user's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from .errors import ReceiptLogError

__all__ = [
    "ED25519",
    "COSIGNATURE",
    "SignerKey",
    "VerifierKey",
    "key_id",
    "read_key_file",
    "write_key_file",
]

ED25519 = 0x01
"""The signature type of Ed25519 note signatures (issuer and log keys)."""

COSIGNATURE = 0x04
"""The signature type of Ed25519 ``cosignature/v1`` witness keys."""

_PREFIX = "PRIVATE+KEY+"
_MAX_NAME_BYTES = 32_768
_MAX_ENCODED = 32_768 + 128

# Unicode White_Space (as Go's unicode.IsSpace): no key name holds one.
_WHITE_SPACE = frozenset(
    [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
    + list(range(0x2000, 0x200B))
)


def _check_name(name: str) -> None:
    if not name or "+" in name or any(ord(c) < 0x20 or ord(c) in _WHITE_SPACE for c in name):
        raise ReceiptLogError("badKeyName", "a key name must be non-empty, without spaces, '+' or control characters")
    if len(name.encode("utf-8")) > _MAX_NAME_BYTES:
        raise ReceiptLogError("badKeyName", f"a key name is at most {_MAX_NAME_BYTES} bytes")


def _b64decode_canonical(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ReceiptLogError("malformedKey", f"{what} is not canonical base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise ReceiptLogError("malformedKey", f"{what} is not canonical base64")
    return raw


def key_id(name: str, key_type: int, public_key: bytes) -> int:
    """The key ID of ``public_key`` under ``name`` (c2sp.org/signed-note): the first four
    bytes of ``SHA-256(name ‖ 0x0A ‖ type ‖ key)``, big-endian."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([key_type]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


def _parse_key_id(text: str) -> int:
    if len(text) != 8 or any(c not in "0123456789abcdef" for c in text):
        raise ReceiptLogError("malformedKey", "a key ID is 8 lower-case hex digits")
    return int(text, 16)


def _material(text: str) -> tuple[int, bytes]:
    raw = _b64decode_canonical(text, "the key material")
    if not raw:
        raise ReceiptLogError("malformedKey", "the key material is empty")
    if raw[0] not in (ED25519, COSIGNATURE):
        raise ReceiptLogError("unknownKeyType", f"key type 0x{raw[0]:02x} is not supported")
    if len(raw) != 33:
        raise ReceiptLogError("malformedKey", f"an Ed25519 key is 1 + 32 bytes, not {len(raw)}")
    return raw[0], raw[1:]


@dataclass(frozen=True)
class VerifierKey:
    """A public key with its name and type: ``<name>+<key ID>+<base64(type ‖ key)>``."""

    name: str
    key_type: int
    public_key: bytes

    @property
    def key_id(self) -> int:
        """The 4-byte key ID as an integer."""
        return key_id(self.name, self.key_type, self.public_key)

    @property
    def key_id_bytes(self) -> bytes:
        """The key ID as the four bytes a statement's ``kid`` carries."""
        return self.key_id.to_bytes(4, "big")

    @property
    def encoded(self) -> str:
        """The verifier key string, as ``receiptlog keys show`` prints it."""
        material = base64.b64encode(bytes([self.key_type]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id:08x}+{material}"

    def ed25519(self) -> Ed25519PublicKey:
        """The key as a ``cryptography`` Ed25519 public key."""
        return Ed25519PublicKey.from_public_bytes(self.public_key)

    @classmethod
    def parse(cls, text: str) -> "VerifierKey":
        """Parses ``<name>+<key ID>+<base64(type ‖ key)>``.

        Raises ``malformedKey``, ``badKeyName``, ``unknownKeyType`` or ``keyIDMismatch``.
        """
        if len(text.encode("utf-8")) > _MAX_ENCODED:
            raise ReceiptLogError("malformedKey", f"a verifier key is at most {_MAX_ENCODED} bytes")
        # A name holds no '+'; base64 may.
        parts = text.split("+", 2)
        if len(parts) != 3:
            raise ReceiptLogError("malformedKey", "a verifier key is <name>+<key ID>+<base64 key>")
        _check_name(parts[0])
        kid = _parse_key_id(parts[1])
        key_type, public = _material(parts[2])
        try:
            Ed25519PublicKey.from_public_bytes(public)
        except ValueError:
            raise ReceiptLogError("malformedKey", "not an Ed25519 public key") from None
        key = cls(parts[0], key_type, public)
        if key.key_id != kid:
            raise ReceiptLogError("keyIDMismatch", f"key ID {kid:08x} does not match the key, whose ID is {key.key_id:08x}")
        return key


@dataclass(frozen=True)
class SignerKey:
    """A private key with its name and type: what ``receiptlog keys generate`` writes.

    Anyone holding it can sign as its owner: keep it secret.
    """

    name: str
    key_type: int
    seed: bytes

    def __post_init__(self) -> None:
        _check_name(self.name)
        if self.key_type not in (ED25519, COSIGNATURE):
            raise ReceiptLogError("unknownKeyType", f"key type 0x{self.key_type:02x} is not supported")
        if len(self.seed) != 32:
            raise ReceiptLogError("malformedKey", f"an Ed25519 seed is 32 bytes, not {len(self.seed)}")

    @classmethod
    def generate(cls, name: str, key_type: int = ED25519) -> "SignerKey":
        """A new key from the system's secure random generator."""
        seed = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return cls(name, key_type, seed)

    @classmethod
    def parse(cls, text: str) -> "SignerKey":
        """Parses ``PRIVATE+KEY+<name>+<key ID>+<base64(type ‖ seed)>``; nothing may follow.

        Raises ``malformedKey``, ``badKeyName``, ``unknownKeyType`` or ``keyIDMismatch``.
        """
        if len(text.encode("utf-8")) > _MAX_ENCODED:
            raise ReceiptLogError("malformedKey", f"a private key is at most {_MAX_ENCODED} bytes")
        if not text.startswith(_PREFIX):
            raise ReceiptLogError("malformedKey", f"a private key starts with {_PREFIX}")
        parts = text[len(_PREFIX) :].split("+", 2)
        if len(parts) != 3:
            raise ReceiptLogError("malformedKey", "a private key is PRIVATE+KEY+<name>+<key ID>+<base64 key>")
        _check_name(parts[0])
        kid = _parse_key_id(parts[1])
        key_type, seed = _material(parts[2])
        key = cls(parts[0], key_type, seed)
        if key.key_id != kid:
            raise ReceiptLogError("keyIDMismatch", f"key ID {kid:08x} does not match the key, whose ID is {key.key_id:08x}")
        return key

    def private_key(self) -> Ed25519PrivateKey:
        """The key as a ``cryptography`` Ed25519 private key."""
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return self.private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> int:
        """The key ID of the matching verifier key."""
        return key_id(self.name, self.key_type, self.public_key)

    @property
    def verifier_key(self) -> VerifierKey:
        """The matching verifier key: an issuer list line for an issuer's key."""
        return VerifierKey(self.name, self.key_type, self.public_key)

    @property
    def encoded(self) -> str:
        """The private key string, without a newline."""
        material = base64.b64encode(bytes([self.key_type]) + self.seed).decode("ascii")
        return f"{_PREFIX}{self.name}+{self.key_id:08x}+{material}"


def read_key_file(path: str | os.PathLike[str]) -> SignerKey:
    """Reads a private key file as ``receiptlog`` does: a regular file owned by this user, not
    a symbolic link, with no permission for group or others, holding the key and at most one
    newline.

    Raises ``keyFileUnreadable`` for a file that cannot be opened or breaks those rules, and
    the errors of :meth:`SignerKey.parse` for its contents.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise ReceiptLogError("keyFileUnreadable", f"cannot read {name}: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReceiptLogError("keyFileUnreadable", f"{name} is not a regular file")
        if info.st_uid != os.geteuid():
            raise ReceiptLogError("keyFileUnreadable", f"{name} belongs to another user")
        if info.st_mode & 0o077:
            raise ReceiptLogError("keyFileUnreadable", f"{name} may be read by others: chmod 600 {name}")
        limit = _MAX_ENCODED + 1
        data = os.read(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ReceiptLogError("malformedKey", f"{name} is not a private key file: longer than {limit} bytes")
    if data.endswith(b"\n"):
        data = data[:-1]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ReceiptLogError("malformedKey", f"{name} is not a private key file: not UTF-8") from None
    return SignerKey.parse(text)


def write_key_file(key: SignerKey, path: str | os.PathLike[str]) -> None:
    """Creates ``path`` with mode 0600 and writes the key and a newline; never replaces a file.

    Raises ``fileExists`` when the file exists.
    """
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        raise ReceiptLogError("fileExists", f"refusing to overwrite {name}") from None
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, (key.encoded + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
