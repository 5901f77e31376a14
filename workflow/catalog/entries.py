"""Building gettext catalogs (POT template, PO per language) from a statement's units."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

import polib

from .. import __version__
from ..languages import get_language
from .unit import Unit

DATE_FORMAT = "%Y-%m-%d %H:%M%z"
# The header field that ties a template to the source it was made from, and each catalog to
# the template it was merged from: a short hash of the source's bytes.
SOURCE_DIGEST = "X-Source-Digest"
_HEADER_DIGEST = re.compile(rb'"X-Source-Digest: ([0-9a-f]+)\\n"')
_HEADER_LANGUAGE = re.compile(rb'"Language: ([^"\\]*)\\n"')
# And a template to how the source was split: its format and the blocks not for translation
# (statement.toml's format and skip), so that a hand edit of either is seen as the source's is.
SPLIT_DIGEST = "X-Split-Digest"
_HEADER_SPLIT = re.compile(rb'"X-Split-Digest: ([0-9a-f]+)\\n"')


def source_digest(data: bytes) -> str:
    """The short hash of a source's bytes that its template and catalogs record."""
    return hashlib.sha256(data).hexdigest()[:16]


def recorded_digest(path: Path) -> str | None:
    """The source digest in a PO or POT file's header (None for files made before digests
    were recorded), read from the header alone."""
    match = _HEADER_DIGEST.search(_header_bytes(path))
    return match.group(1).decode() if match else None


def split_digest(fmt: str, skip: list[str]) -> str:
    """The short hash of how a source is split (its format and the blocks to skip)."""
    data = json.dumps([fmt, sorted(skip)], ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def recorded_split(path: Path) -> str | None:
    """The split digest in a template's header (None for one made before they were)."""
    match = _HEADER_SPLIT.search(_header_bytes(path))
    return match.group(1).decode() if match else None


def recorded_language(path: Path) -> str | None:
    """The ``Language`` in a PO file's header (None when it has none), read from the header
    alone."""
    match = _HEADER_LANGUAGE.search(_header_bytes(path))
    return match.group(1).decode("utf-8", "replace").strip() if match else None


def _header_bytes(path: Path) -> bytes:
    """The first block of a PO or POT file (its header), as bytes."""
    head = b""
    with open(path, "rb") as handle:
        while b"\n\n" not in head and len(head) < 1 << 20:
            chunk = handle.read(8192)
            if not chunk:
                break
            head += chunk
    return head.split(b"\n\n", 1)[0]


def now() -> datetime:
    """The current local time with its offset, as PO headers want it."""
    return datetime.now().astimezone()


def po_date(moment: datetime) -> str:
    """A date in the PO header format (``2026-11-24 08:35+0000``)."""
    return moment.strftime(DATE_FORMAT)


def header(project: str, lang: str | None, created: datetime) -> dict[str, str]:
    """The header fields of a template (``lang`` None) or of one language's catalog."""
    fields = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": po_date(created),
        "PO-Revision-Date": po_date(created) if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        fields["Plural-Forms"] = get_language(lang).plural_forms
    fields["X-Generator"] = f"statement-workflow {__version__}"
    return fields


def entry_for(unit: Unit, source_name: str) -> polib.POEntry:
    """A fresh, untranslated entry for a unit."""
    return polib.POEntry(
        msgid=unit.text,
        msgstr="",
        comment=unit.kind,
        occurrences=[(source_name, str(line)) for line in unit.lines],
    )


def template(
    units: list[Unit],
    project: str,
    source_name: str,
    created: datetime,
    digest: str,
    split: str | None = None,
) -> polib.POFile:
    """The POT template of a statement, made from the source whose digest is ``digest``
    (split as :func:`split_digest` ``split`` says)."""
    pot = polib.POFile(wrapwidth=0)
    pot.header = f"Template for translations of the statement {project}."
    pot.metadata = header(project, None, created)
    pot.metadata[SOURCE_DIGEST] = digest
    if split is not None:
        pot.metadata[SPLIT_DIGEST] = split
    for unit in units:
        pot.append(entry_for(unit, source_name))
    return pot


def language_header(pot: polib.POFile, lang: str, created: datetime) -> polib.POFile:
    """A new catalog for ``lang`` made from the template, without entries: its file is
    this header followed by the template's entries as they are (untranslated)."""
    project = pot.metadata.get("Project-Id-Version", "")
    catalog = polib.POFile(wrapwidth=0)
    language = get_language(lang)
    catalog.header = f"{language.english_name} translation of the statement {project}."
    catalog.metadata = header(project, lang, created)
    if SOURCE_DIGEST in pot.metadata:
        catalog.metadata[SOURCE_DIGEST] = pot.metadata[SOURCE_DIGEST]
    return catalog


def active(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries that are not obsolete."""
    return [entry for entry in catalog if not entry.obsolete]


def is_unit_entry(entry: polib.POEntry) -> bool:
    """Whether an active entry has the shape the project gives units: no ``msgctxt``, no
    plural. Other entries (added by hand or by another tool) are never used as a unit."""
    return (
        not entry.obsolete
        and entry.msgctxt is None
        and not entry.msgid_plural
        and bool(entry.msgid)
    )


def unit_entries(catalog: polib.POFile, units: Collection[str]) -> dict[str, polib.POEntry]:
    """The catalog's entry for each unit of ``units`` (msgid → entry), in catalog order."""
    return first_units(catalog, units, is_unit_entry)


class _HasMsgid(Protocol):
    @property
    def msgid(self) -> str: ...


_E = TypeVar("_E", bound=_HasMsgid)


def first_units(
    entries: Iterable[_E], units: Collection[str], unit_shaped: Callable[[_E], bool]
) -> dict[str, _E]:
    """The first entry of ``entries`` with the shape of a unit (``unit_shaped``) for each
    unit of ``units`` (msgid → entry), in their order: the entry a unit is read from. Every
    other active entry is foreign (:func:`foreign_entries`)."""
    found: dict[str, _E] = {}
    for entry in entries:
        if unit_shaped(entry) and entry.msgid in units and entry.msgid not in found:
            found[entry.msgid] = entry
    return found


@dataclass(frozen=True)
class Foreign:
    """An active entry that is not a unit of the statement: kept, never published."""

    file: str
    line: int
    msgid: str
    reason: str

    def describe(self) -> str:
        """``ar.po:12: an entry with a context ("…")``, for check and status output."""
        shown = self.msgid if len(self.msgid) <= 40 else self.msgid[:39] + "…"
        return f"{self.file}:{self.line}: {self.reason} (“{shown}”); it is kept but never published"


def foreign_entries(catalog: polib.POFile, name: str, units: Collection[str]) -> list[Foreign]:
    """Active entries of ``catalog`` (file ``name``) that are not units of the statement."""
    known = units if isinstance(units, (set, frozenset)) else set(units)
    found = []
    seen: set[str] = set()
    for entry in catalog:
        if entry.obsolete:
            continue
        if entry.msgctxt is not None:
            reason = "an entry with a context (msgctxt)"
        elif entry.msgid_plural:
            reason = "a plural entry"
        elif entry.msgid not in known:
            reason = "an entry whose text is not in the statement"
        elif entry.msgid in seen:
            reason = "a second entry for the same text"
        else:
            seen.add(entry.msgid)
            continue
        found.append(Foreign(name, int(entry.linenum or 0), entry.msgid, reason))
    return found
