"""Progress of each statement per language, counted from the PO files."""

from __future__ import annotations

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


def statement_status(statement: Statement) -> dict[str, Any]:
    """The status record of one statement, as ``statements status --format json`` shows it."""
    return {
        "slug": statement.slug,
        "title": statement.meta.title,
        "source_language": statement.meta.source_language,
        "updated": statement.meta.updated,
        "languages": {
            lang: count_states(statement.catalog(lang)) for lang in statement.meta.languages
        },
    }
