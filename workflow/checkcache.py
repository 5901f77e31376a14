"""What the checks found on each unit, kept between runs so unchanged units are not checked
again (``statements check``, ``build``, ``status`` and the publish gate read it).

One JSON file per statement and language under ``<root>/.cache/checks/`` (not in git). A
unit's entry is keyed by a digest of everything its findings depend on: the code of the
checks, the two languages, the glossary, the allowed words, the source and the translation.
Changing any of them (a new version of a check included) is a new key: nothing stale is
ever used. A cache that cannot be read is ignored; one that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .fileio import atomic_write_text

CACHE_DIR = Path(".cache") / "checks"
_CODE = ("checks.py", "placeables.py", "numbers.py", "textrules.py", "glossary.py")

# One cached finding: check, severity, template, params.
Cached = tuple[str, str, str, dict[str, Any]]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the checks' own code: a changed check never reuses old findings."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted([*(here / name for name in _CODE), *(here / "quality").glob("*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class CheckCache:
    """The cached findings of one statement's language; :meth:`save` keeps only the units
    asked for in this run, so the file never grows past the catalog."""

    def __init__(self, path: Path, context_key: str) -> None:
        self.path = path
        self.context_key = context_key
        self._old: dict[str, list[Cached]] = {}
        self._new: dict[str, list[Cached]] = {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("units"), dict):
                self._old = {
                    key: [tuple(item) for item in value]
                    for key, value in data["units"].items()
                }
        except (OSError, ValueError, TypeError):
            self._old = {}

    @classmethod
    def open(cls, root: Path, slug: str, lang: str, *context: str) -> CheckCache:
        """The cache of ``slug``'s ``lang``; ``context`` is what else the findings depend on
        (source language, glossary digest, allowed words)."""
        key = "\x1f".join((code_fingerprint(), lang, *context))
        return cls(Path(root) / CACHE_DIR / slug / f"{lang}.json", key)

    def _key(self, source: str, target: str) -> str:
        data = f"{self.context_key}\x1e{source}\x1e{target}".encode()
        return hashlib.blake2b(data, digest_size=16).hexdigest()

    def get(self, source: str, target: str) -> list[Cached] | None:
        """The findings kept for this text, or None when it was not checked before."""
        key = self._key(source, target)
        found = self._new.get(key)
        if found is None:
            found = self._old.get(key)
            if found is not None:
                self._new[key] = found
        return found

    def put(self, source: str, target: str, findings: list[Cached]) -> None:
        """Keep the findings of one text (only when they survive a trip through JSON)."""
        try:
            if json.loads(json.dumps(findings)) != [list(item) for item in findings]:
                return
        except (TypeError, ValueError):
            return
        self._new[self._key(source, target)] = findings

    def save(self) -> None:
        """Write the cache if anything changed (a failure to write changes nothing)."""
        if self._new.keys() == self._old.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self.path, json.dumps({"units": self._new}, ensure_ascii=False))
        except OSError:
            pass


def file_digest(path: Path) -> str:
    """A digest of a file's bytes ('' when there is no such file)."""
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""
