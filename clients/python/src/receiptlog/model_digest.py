"""The model digest ``receiptlog-sha256-manifest-v1`` (specs/receipt-profile.md §Model digest).

The manifest has one line per regular file below the model directory, sorted bytewise by
path: ``<sha256 hex>  <size>  <path>\\n``; the digest is SHA-256 over the manifest. ``.git``
entries are skipped; symbolic links are refused unless following is asked for; sockets,
FIFOs and devices are always refused. Every name is resolved relative to its open
directory (``dir_fd``), never followed when following is off, and each file is checked on
its open descriptor to be the one the walk found, so the bytes hashed are those of the file
that was checked. ``receiptlog model-digest DIR`` prints the same digest.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

from .errors import ReceiptLogError

__all__ = ["SCHEME", "ManifestEntry", "ModelManifest", "model_manifest", "model_digest"]

SCHEME = "receiptlog-sha256-manifest-v1"
"""The scheme name carried in ``model_hash_scheme``."""

MAX_FILES = 1_000_000
MAX_PATH = 4096
MAX_DEPTH = 128
MAX_FOLLOWED_DIRECTORY_LINKS = 4096
CHUNK = 1 << 20


@dataclass(frozen=True)
class ManifestEntry:
    """One file of the manifest: its SHA-256, size and path (UTF-8 bytes)."""

    sha256: bytes
    size: int
    path: bytes


@dataclass(frozen=True)
class ModelManifest:
    """The canonical manifest of a model directory and its digest."""

    entries: tuple[ManifestEntry, ...]

    @property
    def encoded(self) -> bytes:
        """The manifest text (rule 4)."""
        return b"".join(b"%s  %d  %s\n" % (e.sha256.hex().encode("ascii"), e.size, e.path) for e in self.entries)

    @property
    def digest(self) -> bytes:
        """The 32-byte model digest: SHA-256 over :attr:`encoded`."""
        return hashlib.sha256(self.encoded).digest()

    @property
    def total_size(self) -> int:
        """The sum of the file sizes, in bytes."""
        return sum(e.size for e in self.entries)


def _check_path(path: bytes) -> None:
    """Rule 2: 1…4096 bytes of UTF-8, no empty, '.' or '..' component, no control byte or '\\'."""
    shown = path.decode("utf-8", "replace")
    if not 1 <= len(path) <= MAX_PATH:
        raise ReceiptLogError("badModelPath", f"a model path is 1…{MAX_PATH} bytes, not {len(path)}")
    try:
        path.decode("utf-8")
    except UnicodeDecodeError:
        raise ReceiptLogError("badModelPath", f"the model path {shown!r} is not valid UTF-8") from None
    if any(b < 0x20 or b == 0x7F or b == 0x5C for b in path):
        raise ReceiptLogError("badModelPath", f"the model path {shown!r} holds a control character or a backslash")
    if any(c in (b"", b".", b"..") for c in path.split(b"/")):
        raise ReceiptLogError("badModelPath", f"the model path {shown!r} has an empty, '.' or '..' component")


@dataclass(frozen=True)
class _File:
    path: bytes
    device: int
    inode: int
    size: int


class _Walker:
    def __init__(self, root: str, follow_symlinks: bool) -> None:
        self.root = root
        self.follow = follow_symlinks
        self.files: list[_File] = []
        self.ancestors: set[tuple[int, int]] = set()
        self.followed = 0
        try:
            self.root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except NotADirectoryError:
            raise ReceiptLogError("modelDirectoryUnreadable", f"{root} is not a directory") from None
        except OSError as error:
            raise ReceiptLogError("modelDirectoryUnreadable", f"cannot read {root}: {error.strerror}") from None

    def close(self) -> None:
        os.close(self.root_fd)

    def walk(self) -> list[_File]:
        info = os.fstat(self.root_fd)
        self._walk_directory(self.root_fd, b"", (info.st_dev, info.st_ino), 0)
        self.files.sort(key=lambda f: f.path)
        return self.files

    def _walk_directory(self, fd: int, relative: bytes, ident: tuple[int, int], depth: int) -> None:
        shown = relative.decode("utf-8", "replace") or self.root
        if ident in self.ancestors:
            raise ReceiptLogError("modelSymlinkLoop", f"the link {shown} leads to a directory that contains it")
        self.ancestors.add(ident)
        try:
            try:
                names = [os.fsencode(n) for n in os.listdir(fd)]
            except OSError as error:
                raise ReceiptLogError("modelDirectoryUnreadable", f"cannot list {shown}: {error.strerror}") from None
            for name in names:
                if name == b".git":  # specs/receipt-profile.md rule 1: .git is skipped
                    continue
                path = relative + b"/" + name if relative else name
                _check_path(path)
                path_shown = path.decode("utf-8")
                try:
                    info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                except OSError as error:
                    raise ReceiptLogError("modelDirectoryUnreadable", f"cannot read {path_shown}: {error.strerror}") from None
                is_link = stat.S_ISLNK(info.st_mode)
                if is_link:
                    if not self.follow:
                        raise ReceiptLogError(
                            "modelSymlinkRefused", f"{path_shown} is a symbolic link (pass follow_symlinks=True to follow links)"
                        )
                    try:
                        info = os.stat(name, dir_fd=fd, follow_symlinks=True)
                    except OSError as error:
                        raise ReceiptLogError(
                            "modelDirectoryUnreadable", f"cannot follow the link {path_shown}: {error.strerror}"
                        ) from None
                if stat.S_ISREG(info.st_mode):
                    if len(self.files) >= MAX_FILES:
                        raise ReceiptLogError("badManifest", f"a model has at most {MAX_FILES} files")
                    self.files.append(_File(path, info.st_dev, info.st_ino, info.st_size))
                elif stat.S_ISDIR(info.st_mode):
                    if is_link:
                        self.followed += 1
                        if self.followed > MAX_FOLLOWED_DIRECTORY_LINKS:
                            raise ReceiptLogError(
                                "modelSymlinkLoop",
                                f"links to directories were followed more than {MAX_FOLLOWED_DIRECTORY_LINKS} times (at {path_shown})",
                            )
                    if depth >= MAX_DEPTH:
                        raise ReceiptLogError("badModelPath", f"{path_shown} is more than {MAX_DEPTH} directories deep")
                    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | (0 if is_link else os.O_NOFOLLOW)
                    try:
                        child = os.open(name, flags, dir_fd=fd)
                    except OSError as error:
                        raise ReceiptLogError(
                            "modelChangedDuringHashing", f"{path_shown} changed while the model was being walked: {error.strerror}"
                        ) from None
                    try:
                        opened = os.fstat(child)
                        if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                            raise ReceiptLogError("modelChangedDuringHashing", f"{path_shown} changed while the model was being walked")
                        self._walk_directory(child, path, (info.st_dev, info.st_ino), depth + 1)
                    finally:
                        os.close(child)
                else:
                    raise ReceiptLogError("modelSpecialFileRefused", f"{path_shown} is neither a regular file nor a directory")
        finally:
            self.ancestors.discard(ident)

    def hash_file(self, file: _File) -> bytes:
        shown = file.path.decode("utf-8")

        def changed(what: str) -> ReceiptLogError:
            return ReceiptLogError("modelChangedDuringHashing", f"{shown} changed while the model was being hashed: {what}")

        no_follow = 0 if self.follow else os.O_NOFOLLOW
        components = file.path.split(b"/")
        opened: list[int] = []
        try:
            parent = self.root_fd
            for name in components[:-1]:
                try:
                    parent = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC | no_follow, dir_fd=parent)
                except OSError as error:
                    raise changed(str(error.strerror)) from None
                opened.append(parent)
            try:
                # O_NONBLOCK: a FIFO put in the file's place must not block the open.
                fd = os.open(components[-1], os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | no_follow, dir_fd=parent)
            except OSError as error:
                raise changed(str(error.strerror)) from None
        finally:
            for d in opened:
                os.close(d)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != (file.device, file.inode):
                raise changed("it is not the file the walk found")
            if info.st_size != file.size:
                raise changed(f"its size is {info.st_size}, not {file.size}")
            digest = hashlib.sha256()
            read = 0
            while True:
                chunk = os.read(fd, CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                digest.update(chunk)
            if read != file.size or os.fstat(fd).st_size != file.size:
                raise changed(f"{read} bytes were read, not {file.size}")
            return digest.digest()
        finally:
            os.close(fd)


def model_manifest(directory: str | os.PathLike[str], *, follow_symlinks: bool = False) -> ModelManifest:
    """Walks and hashes ``directory`` and returns its manifest.

    Raises :class:`ReceiptLogError` with the codes of specs/receipt-profile.md:
    ``modelDirectoryUnreadable``, ``modelSymlinkRefused``, ``modelSymlinkLoop``,
    ``modelSpecialFileRefused``, ``badModelPath``, ``modelChangedDuringHashing``, ``emptyModel``,
    ``badManifest``.
    """
    walker = _Walker(os.fspath(directory), follow_symlinks)
    try:
        files = walker.walk()
        if not files:
            raise ReceiptLogError("emptyModel", f"{os.fspath(directory)} holds no regular file")
        for a, b in zip(files, files[1:]):
            if a.path == b.path:
                raise ReceiptLogError("badManifest", f"the path {a.path.decode('utf-8')} appears twice")
        entries = tuple(ManifestEntry(walker.hash_file(f), f.size, f.path) for f in files)
    finally:
        walker.close()
    return ModelManifest(entries)


def model_digest(directory: str | os.PathLike[str], *, follow_symlinks: bool = False) -> bytes:
    """The 32-byte ``receiptlog-sha256-manifest-v1`` digest of ``directory``."""
    return model_manifest(directory, follow_symlinks=follow_symlinks).digest
