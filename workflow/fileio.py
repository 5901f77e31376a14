"""Reading sources safely and writing every file atomically (temp file, fsync, rename)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .errors import WorkflowError
from .i18n import N_

T = TypeVar("T")
MAX_SOURCE_BYTES = 20 * 1024 * 1024
# Control characters no statement needs; gettext treats some of them (EOT) as syntax.
_CONTROL = re.compile("[\x01-\x08\x0e-\x1f\x7f]")
# Every byte but those characters (in UTF-8 each is one byte of its own, never part of another).
_NOT_CONTROL = bytes(byte for byte in range(256) if not _CONTROL.match(chr(byte)))


class DiskFull(WorkflowError):
    """Nothing could be written: the disk is full or read-only (HTTP 507)."""


_FULL = {
    errno.ENOSPC: N_("could not save: the disk is full (nothing was changed)"),
    errno.EDQUOT: N_("could not save: the disk is full (nothing was changed)"),
    errno.EROFS: N_("could not save: the disk is read-only (nothing was changed)"),
}


class ExclusiveLock:
    """An exclusive lock on a file (``flock``, as filelock takes it: the two exclude each
    other), across threads and processes, that wakes quickly when released.

    filelock polls every 50 ms while it waits, which under many concurrent saves adds tens
    of milliseconds per save, and spends about a millisecond on each acquire; this looks
    again after 0.1 ms, then after twice as long each time up to 2 ms (a save holds its
    catalog's lock about a millisecond), and costs a few system calls. After ``timeout``
    seconds it gives up with ``busy``, a one-line message.
    """

    def __init__(self, path: Path, timeout: float, busy: str) -> None:
        self.path = path
        self.timeout = timeout
        self.busy = busy
        self._fd: int | None = None

    def __enter__(self) -> ExclusiveLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        pause = 0.0001
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise WorkflowError(self.busy) from None
                    time.sleep(pause)
                    pause = min(2 * pause, 0.002)
        except BaseException:  # the refusal, an unexpected error, or Ctrl-C while waiting
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def atomic_write_bytes(
    path: Path, data: bytes, durable: bool = True, folder_later: bool = False
) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    A full or read-only disk raises :class:`DiskFull`; the old file is left as it was.
    A durable write flushes the new file to disk before it takes the old one's place, then
    the folder (the rename itself is on disk only then); ``folder_later`` leaves the
    folder to the caller (:func:`sync_folder`, once it has let go of a lock).
    ``durable=False`` skips both flushes, for files that can be worked out again (a crash
    may then leave the new file empty).
    """
    try:
        _write(Path(path), data, durable, durable and not folder_later)
    except OSError as exc:
        if exc.errno in _FULL:
            raise DiskFull(_FULL[exc.errno]) from None
        raise


def new_name(folder: Path, prefix: str, suffix: str, make: Callable[[str], T]) -> tuple[T, str]:
    """``make(name)`` for a name ``folder/PREFIX<random>SUFFIX`` that did not exist, and that
    name: ``make`` creates it exclusively (raising FileExistsError when it is taken).

    What tempfile's mkstemp and mkdtemp do, without importing tempfile (with shutil and
    random, a fifth of what a short command imports)."""
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return make(name), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(folder))


def _create(name: str) -> int:
    """A new file open for writing, readable by its owner only (as mkstemp makes it)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    return os.open(name, flags, 0o600)


def _write(path: Path, data: bytes, durable: bool, folder: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = new_name(path.parent, f".{path.name}.", ".tmp", _create)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        if folder:
            sync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries to disk: a file renamed into it is there after a crash only
    once its folder is (a journaled file system often commits it with the next flush, a
    file system without a journal does not)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(
    path: Path, text: str, durable: bool = True, folder_later: bool = False
) -> None:
    """Write UTF-8 text atomically, byte for byte (no newline translation)."""
    atomic_write_bytes(path, text.encode("utf-8"), durable, folder_later)


def decode_source(data: bytes, name: str) -> str:
    """Decode a statement's bytes as UTF-8 text, refusing empty, binary or other encodings."""
    if not data or data.isspace():  # not data.strip(), which copies the whole file
        raise WorkflowError(N_("%(name)s is empty: there is no text to translate"), name=name)
    if len(data) > MAX_SOURCE_BYTES:
        raise WorkflowError(
            N_("%(name)s is larger than %(limit)s MB"),
            name=name,
            limit=MAX_SOURCE_BYTES // (1024 * 1024),
        )
    if b"\x00" in data:
        raise WorkflowError(N_("%(name)s looks like a binary file, not text"), name=name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WorkflowError(
            N_(
                "%(name)s is not UTF-8 text (invalid byte at offset %(offset)s); save it as "
                "UTF-8 and try again"
            ),
            name=name,
            offset=str(exc.start),
        ) from None
    if not text or text.isspace():
        raise WorkflowError(N_("%(name)s has no text to translate"), name=name)
    # Deleting every other byte is a hundred times quicker than the pattern on a long text.
    control = _CONTROL.search(text) if data.translate(None, _NOT_CONTROL) else None
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group(0)):04X}"
        raise WorkflowError(
            N_("%(name)s contains the control character %(code)s on line %(line)s; remove it"),
            name=name,
            code=code,
            line=str(line),
        )
    return text


def read_bytes(path: Path) -> bytes:
    """A statement file's bytes, with one-line errors (decode them with decode_source)."""
    path = Path(path)
    if not path.exists():
        raise WorkflowError(N_("%(path)s: no such file"), path=path)
    if path.is_dir():
        raise WorkflowError(N_("%(path)s is a folder, not a statement file"), path=path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise WorkflowError(
            N_("%(path)s: cannot read (%(error)s)"),
            path=path,
            error=exc.strerror,
        ) from None
