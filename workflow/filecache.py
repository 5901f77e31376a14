"""Values computed from a file, kept until the file changes.

Every write here is an atomic rename (a new inode), so a file's inode, modification time
and size together say whether a cached value is still the file's; its change time too, for
an edit in place by another program that keeps the size and sets the modification time back
(``os.utime`` can set that one, not the change time).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
Key = tuple[int, int, int, int]
_LOCK = threading.Lock()


def cached_by_identity(cache: dict[str, tuple[Key, T]], path: Path, load: Callable[[Path], T]) -> T:
    """``load(path)``, or the value kept in ``cache`` while the file is the same file."""
    info = path.stat()
    key = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)
    with _LOCK:
        hit = cache.get(str(path))
    if hit is not None and hit[0] == key:
        return hit[1]
    value = load(path)
    with _LOCK:
        cache[str(path)] = (key, value)
    return value


def identity(path: str | Path) -> Key | None:
    """What says whether ``path`` is still the same file (None: there is none)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_size)


def cached_by_files(
    cache: dict[str, tuple[tuple[Key | None, ...], T]],
    name: str,
    paths: list[str] | list[Path],
    load: Callable[[], T],
) -> T:
    """``load()``, or the value kept in ``cache`` under ``name`` while every one of ``paths``
    is the same file (or still missing)."""
    key = tuple(identity(path) for path in paths)
    with _LOCK:
        hit = cache.get(name)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = load()
    with _LOCK:
        cache[name] = (key, value)
    return value
