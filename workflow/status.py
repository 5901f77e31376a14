"""Progress of each statement per language, counted from the PO files."""

from __future__ import annotations

import threading
from typing import Any

import polib

from .state import STATES, entry_state
from .statement import Statement


def count_states(catalog: polib.POFile) -> dict[str, int]:
    """``total`` and one count per state for the catalog's active entries."""
    counts = {"total": 0, **dict.fromkeys(STATES, 0)}
    for entry in catalog:
        if entry.obsolete:
            continue
        counts["total"] += 1
        counts[entry_state(entry)] += 1
    return counts


_COUNTS: dict[str, tuple[tuple[int, int], dict[str, int]]] = {}
_COUNTS_LOCK = threading.Lock()


def language_counts(statement: Statement, lang: str) -> dict[str, int]:
    """State counts of one catalog, cached until the file changes (saves are atomic renames,
    so a new file always has a new inode or modification time)."""
    path = statement.po_path(lang)
    info = path.stat()
    key = (info.st_mtime_ns, info.st_ino)
    with _COUNTS_LOCK:
        cached = _COUNTS.get(str(path))
    if cached and cached[0] == key:
        return dict(cached[1])
    counts = count_states(statement.catalog(lang))
    with _COUNTS_LOCK:
        _COUNTS[str(path)] = (key, counts)
    return dict(counts)


def statement_status(statement: Statement) -> dict[str, Any]:
    """The status record of one statement, as ``statements status --format json`` shows it."""
    return {
        "slug": statement.slug,
        "title": statement.meta.title,
        "source_language": statement.meta.source_language,
        "updated": statement.meta.updated,
        "languages": {lang: language_counts(statement, lang) for lang in statement.meta.languages},
    }
