"""Progress of each statement per language, counted from the PO files."""

from __future__ import annotations

from typing import Any

import polib

from .filecache import Key, cached_by_identity
from .pofile import read_catalog
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


_COUNTS: dict[str, tuple[Key, dict[str, int]]] = {}


def language_counts(statement: Statement, lang: str) -> dict[str, int]:
    """State counts of one catalog, counted again only when the file changes."""
    counts: dict[str, int] = cached_by_identity(
        _COUNTS, statement.po_path(lang), lambda file: count_states(read_catalog(file))
    )
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
