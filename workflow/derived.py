"""Values worked out from a statement's files by this project's code, kept on disk between
commands.

Splitting a 2,000-paragraph source takes a tenth of a second, reading back the skeleton an
output is verified against takes as long again, and reading the template's units a fifth
of that; none changes until its file or the code does, and every command starts from
nothing. Each value is one JSON file under ``<root>/.cache/derived/<slug>/`` (not in git),
named by what it is for, so a newer value replaces an older one instead of piling up. The
file holds a digest of everything the value depends on: the code of the modules that work
it out, the versions of markdown-it-py and polib, and the inputs themselves. A value whose
digest differs is worked out again and replaced: nothing stale is ever used. A file that
cannot be read is ignored; one that cannot be written is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import WorkflowError
from .fileio import atomic_write_text

CACHE_DIR = Path(".cache") / "derived"
# Characters of a statement below which its values are worked out again quicker than a kept
# one is found (the code's digest alone reads some thirty files): about 120 paragraphs.
KEEP_FROM = 100_000
T = TypeVar("T")


def _fingerprint(folders: tuple[str, ...], here: Path = Path(__file__).parent) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted((here / folder).glob("*.py")):
            digest.update(f"{folder}/{path.name}".encode())
            digest.update(path.read_bytes())
    digest.update(sys.version.encode())  # the standard library's parsers (re, html.parser)
    digest.update(package_init("markdown_it"))
    digest.update(package_init("polib"))  # a file this project did not write is read by it
    return digest.hexdigest()


def package_init(name: str) -> bytes:
    """The bytes of an installed package's ``__init__``, which holds its version: reading
    them costs less than importing the package (b"" when it is not installed)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return b""
    return Path(spec.origin).read_bytes()


def derived_key(code: str, *inputs: str) -> str:
    """The key of a value worked out by code with fingerprint ``code`` from ``inputs``."""
    digest = hashlib.sha256(code.encode())  # twice blake2b's speed with SHA instructions
    for item in inputs:
        encoded = item.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "big"))
        digest.update(encoded)
    return digest.hexdigest()[:40]


def remembered(
    root: Path | None,
    slug: str,
    name: str,
    key: str,
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    unchanged: Callable[[], bool] | None = None,
) -> T:
    """``compute()``, or the value kept under ``root`` for ``slug``'s ``name`` when it was
    kept with the same ``key``; ``encode`` and ``decode`` turn the value into JSON and back.

    Without ``root`` nothing is kept. An exception from ``compute`` leaves the kept value
    as it was. When ``compute`` reads a file the key was made from, ``unchanged`` says
    whether the file is still what the key was made from once it is done: a value worked
    out from a file replaced in between is returned but not kept under the old key."""
    if root is None:
        return compute()
    try:
        found = kept(root, slug, name, key)
        if found is not None:
            return decode(found)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        pass  # damaged: worked out again
    value = compute()
    if unchanged is None or unchanged():
        keep(root, slug, name, key, encode(value))
    return value


def kept(root: Path, slug: str, name: str, key: str) -> Any:
    """The JSON value kept for ``slug``'s ``name`` with ``key``; None when there is none
    (missing, kept with another key, left empty by a crash, or damaged)."""
    try:
        found = json.loads(_path(root, slug, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(found, dict) and found.get("key") == key:
        return found.get("value")
    return None


def keep(root: Path, slug: str, name: str, key: str, value: Any) -> None:
    """Keep the JSON ``value`` worked out with ``key`` (a command that has it anyway)."""
    try:
        text = json.dumps({"key": key, "value": value}, ensure_ascii=False)
        atomic_write_text(_path(root, slug, name), text, durable=False)
    except (OSError, WorkflowError):  # a full or read-only disk: worked out again next time
        pass


def forget(root: Path, slug: str, name: str) -> None:
    """Remove the value kept for ``slug``'s ``name``, if any (its statement no longer
    needs it: it grew short, and a kept file would only take disk space)."""
    with contextlib.suppress(OSError):
        _path(root, slug, name).unlink(missing_ok=True)


def _path(root: Path, slug: str, name: str) -> Path:
    return Path(root) / CACHE_DIR / slug / f"{name}.json"


# Taken when this module is imported, with the code that works the values out (a server
# imports it as it starts): a server whose files are updated under it goes on keeping its
# values under its own code's key, which the updated commands do not take.
CODE = _fingerprint(("", "catalog", "publishing"))
"""A digest of the code that works out the kept values (the top level of ``workflow``,
its ``catalog`` and ``publishing`` subpackages), of Python's version and of markdown-it-py's
and polib's: a change to any is a new key."""
