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
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog.unitstates import units_of
from ..config import GLOSSARY_NAME
from ..derived import package_init
from ..errors import WorkflowError
from ..fileio import atomic_write_text

if TYPE_CHECKING:
    from ..catalog.statement import Statement

CACHE_DIR = Path(".cache") / "checks"
# Besides every module of this package, the core modules the checks read text with.
_CORE_CODE = ("textrules.py", "languages.py")

# One cached finding: check, severity, template, params.
Cached = tuple[str, str, str, dict[str, Any]]


def _fingerprint() -> str:
    """A digest of what the findings depend on besides the texts: the checks' own code,
    the language data (Babel's CLDR, Unicode's tables) and the spelling dictionaries."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted([*here.glob("*.py"), *(here.parent / name for name in _CORE_CODE)]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(package_init("babel"))  # its version, without importing it
    digest.update(unicodedata.unidata_version.encode())
    digest.update(repr(_dictionaries()).encode())
    return digest.hexdigest()


def _dictionaries() -> list[tuple[str, int]]:
    """The hunspell dictionaries the spelling hints can use (installing one changes them)."""
    found = []
    for folder in (Path("/usr/share/hunspell"), Path("/usr/share/myspell")):
        if folder.is_dir():
            found += [(str(path), path.stat().st_size) for path in sorted(folder.glob("*.dic"))]
    return found


# Taken when the code is loaded: a server still running old code after an upgrade must not
# file its findings under the new code's key.
CODE_FINGERPRINT = _fingerprint()


class CheckCache:
    """The cached findings of one statement's language; :meth:`save` keeps only the units
    asked for in this run, so the file never grows past the catalog."""

    def __init__(self, path: Path, context_key: str) -> None:
        self.path = path
        self.context_key = context_key
        self._old: dict[str, list[Cached]] = {}
        self._new: dict[str, list[Cached]] = {}
        self._last: tuple[str, str, str] | None = None
        self._context = hashlib.sha256()  # as derived_key, for its speed on long texts
        _update(self._context, context_key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            units = data["units"] if isinstance(data, dict) else None
            if isinstance(units, dict):
                self._old = {
                    key: [(c, s, t, p) for c, s, t, p in value]
                    for key, value in units.items()
                    if isinstance(value, list) and all(_well_formed(item) for item in value)
                }
        except (OSError, ValueError, TypeError):
            self._old = {}

    @classmethod
    def open(cls, root: Path, slug: str, lang: str, *context: str) -> CheckCache:
        """The cache of ``slug``'s ``lang``; ``context`` is what else the findings depend on
        (source language, glossary digest, allowed words)."""
        key = json.dumps([CODE_FINGERPRINT, lang, *context])
        return cls(Path(root) / CACHE_DIR / slug / f"{lang}.json", key)

    def _key(self, source: str, target: str) -> str:
        if self._last is not None and self._last[0] is source and self._last[1] is target:
            return self._last[2]  # get() and then put() of the same texts
        digest = self._context.copy()
        for part in (source, target):
            _update(digest, part)
        key = digest.hexdigest()[:32]
        self._last = (source, target, key)
        return key

    def get(self, source: str, target: str) -> list[Cached] | None:
        """The findings kept for this text, or None when it was not checked before."""
        if not self._old and not self._new:
            return None  # nothing kept: no key to work out
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
        except (OSError, WorkflowError):  # a full or read-only disk: checked again next time
            pass


def _update(digest: Any, part: str) -> None:
    """Add one part of a key to ``digest``, its length first: the parts are unambiguous."""
    data = part.encode("utf-8", "surrogatepass")
    digest.update(b"%d:" % len(data))
    digest.update(data)


def _well_formed(item: Any) -> bool:
    """Whether a cached finding has its four parts (a damaged cache is not trusted)."""
    return (
        isinstance(item, list)
        and len(item) == 4
        and all(isinstance(part, str) for part in item[:3])
        and isinstance(item[3], dict)
    )


def statement_cache(statement: Statement, lang: str, allowed: frozenset[str]) -> CheckCache:
    """The kept findings of one language of a statement, for the checks' context: the
    source language, the glossary and the allowed words (folded)."""
    return CheckCache.open(
        statement.root,
        statement.slug,
        lang,
        statement.meta.source_language,
        file_digest(Path(statement.root) / GLOSSARY_NAME),
        "\x1f".join(sorted(allowed)),
    )


def kept_counts(
    statement: Statement, langs: Iterable[str], allowed: Iterable[str] = ()
) -> tuple[int, int, int]:
    """What the checks kept for a statement, checking nothing (a summary after ``build``):
    errors and warnings as ``statements check`` would count them (accepted findings left
    out, entries the project did not make as warnings), and how many translated units were
    not checked since their text last changed."""
    folded = frozenset(word.casefold() for word in allowed)
    errors = warnings = unchecked = 0
    units = set(statement.unit_texts())  # as `statements check` counts them
    for lang in langs:
        cache = statement_cache(statement, lang, folded)
        entries = statement.entry_states(lang)
        found = units_of(entries, units)
        for entry in found.values():
            if not entry.msgstr:  # untranslated
                continue
            kept = cache.get(entry.msgid, entry.msgstr)
            if kept is None:
                unchecked += 1
                continue
            for check, severity, _, _ in kept:
                if check not in entry.accepted:
                    errors += severity == "error"
                    warnings += severity == "warning"
        warnings += len(entries) - len(found)  # the foreign entries (kept, never published)
    return errors, warnings, unchecked


def file_digest(path: Path) -> str:
    """A digest of a file's bytes ('' when there is no such file)."""
    try:
        return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return ""
