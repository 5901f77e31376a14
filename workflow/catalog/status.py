"""Progress of each statement per language, counted from the PO files."""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

import polib

from ..filecache import Key, cached_by_files, cached_by_identity
from .entries import is_unit_entry
from .pofile import read_catalog
from .state import STATES, entry_state
from .statement import META_NAME, Statement


def count_states(catalog: polib.POFile, units: Collection[str] | None = None) -> dict[str, int]:
    """``total`` and one count per state for the units of the catalog (``units``: the
    template's texts; without it every entry of the project's shape counts), and how many
    entries the project did not make (``foreign``)."""
    counts = {"total": 0, **dict.fromkeys(STATES, 0), "foreign": 0}
    wanted = set(units) if units is not None else None
    seen: set[str] = set()
    for entry in catalog:
        if entry.obsolete:
            continue
        if (
            not is_unit_entry(entry)
            or entry.msgid in seen
            or (wanted is not None and entry.msgid not in wanted)
        ):
            counts["foreign"] += 1
            continue
        seen.add(entry.msgid)
        counts["total"] += 1
        counts[entry_state(entry)] += 1
    if wanted is not None:
        missing = len(wanted - seen)
        counts["total"] += missing
        counts["untranslated"] += missing
    return counts


_COUNTS: dict[str, tuple[Key, dict[str, int]]] = {}


def language_counts(statement: Statement, lang: str) -> dict[str, int]:
    """State counts of one catalog, counted again only when the file changes."""
    counts: dict[str, int] = cached_by_identity(
        _COUNTS,
        statement.po_path(lang),
        lambda file: count_states(read_catalog(file), statement.unit_texts()),
    )
    return dict(counts)


_STATUS: dict[str, tuple[tuple[Key | None, ...], dict[str, Any]]] = {}


def statement_status(statement: Statement) -> dict[str, Any]:
    """The status record of one statement, as ``statements status --format json`` shows it.

    Worked out again only when one of the statement's files changed: the dashboard asks for
    every statement on every load. The record is the caller's to change."""
    base = f"{statement.dir}{os.sep}"  # strings: pathlib's joins cost more than the stats
    names = [
        META_NAME,
        statement.meta.source_name,
        f"{statement.slug}.pot",
        *(f"{lang}.po" for lang in statement.meta.languages),
    ]
    record = cached_by_files(
        _STATUS, str(statement.dir), [base + name for name in names], lambda: _status(statement)
    )
    return {**record, "languages": {lang: dict(c) for lang, c in record["languages"].items()}}


def _status(statement: Statement) -> dict[str, Any]:
    return {
        "slug": statement.slug,
        "title": statement.meta.title,
        "source_language": statement.meta.source_language,
        "updated": statement.meta.updated,
        "languages": {lang: language_counts(statement, lang) for lang in statement.meta.languages},
        "needs_update": statement.needs_update(),
    }
