"""Three-way merges that understand the project's files: catalogs unit by unit, statement
metadata and the glossary by key.

Given the common ancestor (base) and two sides (ours, theirs), a unit changed on one side
takes that side; a unit changed on both sides keeps the higher state (approved over
translated over draft over machine), on equal states the later save, and keeps the other
text as an ``also saved:`` line of its translator comment so that a reviewer sees both.
Nothing here ever writes conflict markers.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import polib
import tomli_w
from rapidfuzz import fuzz, process

from ..catalog.entries import DATE_FORMAT
from ..catalog.merge import FUZZY_CUTOFF
from ..catalog.pofile import catalog_text, read_catalog
from ..catalog.state import entry_state, markers, record, text_digest
from ..errors import WorkflowError
from ..i18n import N_
from ..quality.glossary import FIELDS as GLOSSARY_FIELDS

# Higher wins when both sides changed a unit. States not listed (added later) rank as drafts.
RANK = {
    "untranslated": 0,
    "machine": 1,
    "outdated": 1,
    "changed": 2,  # edited outside the review tool: no longer what anyone vouched for
    "draft": 2,
    "translated": 3,
    "approved": 4,
}
ALSO = "also saved"
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass
class MergeStats:
    """What a merge did."""

    ours: int = 0
    theirs: int = 0
    both: int = 0


def three_way(base: V | None, ours: V | None, theirs: V | None) -> tuple[str, V | None]:
    """Which side a key takes: ``same``, ``ours``, ``theirs`` (one side changed) or ``both``."""
    if ours == theirs:
        return "same", ours
    if ours == base:
        return "theirs", theirs
    if theirs == base:
        return "ours", ours
    return "both", None


def _entry_verdict(
    base: polib.POEntry | None, ours: polib.POEntry | None, theirs: polib.POEntry | None
) -> str:
    """:func:`three_way`'s verdict on one entry, compared by its content."""
    verdict, _ = three_way(*(None if e is None else _content(e) for e in (base, ours, theirs)))
    return verdict


def _content(entry: polib.POEntry) -> tuple[Any, ...]:
    return (
        entry.msgstr,
        tuple(entry.flags),
        entry.tcomment or "",
        entry.previous_msgid,
        entry.obsolete,
    )


def _stamp(entry: polib.POEntry) -> str:
    """The date of the entry's latest human mark (YYYY-MM-DD), '' if none."""
    dates = [
        found.date for found in (record(entry, "translated"), record(entry, "approved")) if found
    ]
    return max(dates, default="")


def _revised(catalog: polib.POFile) -> datetime | None:
    try:
        return datetime.strptime(catalog.metadata.get("PO-Revision-Date", ""), DATE_FORMAT)
    except ValueError:
        return None


def _describe(entry: polib.POEntry) -> str:
    state = entry_state(entry)
    # Only a record of this very text names its author: a draft keeps the record of the
    # text before it (someone else's, maybe), and a draft records nobody.
    digest = text_digest(entry)
    vouched = next(
        (
            found
            for found in (record(entry, "approved"), record(entry, "translated"))
            if found is not None and found.digest == digest
        ),
        None,
    )
    who = vouched.label if vouched else markers(entry).get("machine", "")
    text = entry.msgstr.replace("\\", "\\\\").replace("\n", "\\n")
    return f"{ALSO}: {state}{' by ' + who if who else ''}: {text}"


_ALSO_LINE = re.compile(r"^(\w+)(?: by (.*?) (\d{4}-\d{2}-\d{2}))?: (.*)$", re.DOTALL)


def parse_alternative(line: str) -> tuple[str, str]:
    """The person (or engine) and the text of one ``also saved`` line's value."""
    match = _ALSO_LINE.match(line)
    if match is None:
        return "", line
    text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), match.group(4))
    return match.group(2) or "", text


def drop_alternatives(entry: polib.POEntry) -> None:
    """Remove the ``also saved`` lines (once they are proposals)."""
    entry.tcomment = "\n".join(
        line for line in (entry.tcomment or "").splitlines() if not line.startswith(f"{ALSO}: ")
    )


def alternatives(entry: polib.POEntry) -> list[str]:
    """The other texts a merge kept on this unit (``also saved:`` lines), as written."""
    prefix = f"{ALSO}: "
    return [
        line[len(prefix) :]
        for line in (entry.tcomment or "").splitlines()
        if line.startswith(prefix)
    ]


def _keep_other(winner: polib.POEntry, loser: polib.POEntry) -> polib.POEntry:
    """The winner with the loser's text (and the loser's own kept texts) as comment lines."""
    lines = (winner.tcomment or "").splitlines()
    extra = [f"{ALSO}: {item}" for item in alternatives(loser)]
    if loser.msgstr and loser.msgstr != winner.msgstr:
        extra.append(_describe(loser))
    for line in extra:
        if line not in lines and not line.endswith(f": {winner.msgstr}"):
            lines.append(line)
    merged = _clone(winner)
    merged.tcomment = "\n".join(lines)
    return merged


def _clone(entry: polib.POEntry) -> polib.POEntry:
    copy = polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        tcomment=entry.tcomment,
        comment=entry.comment,
        flags=list(entry.flags),
        occurrences=list(entry.occurrences),
        previous_msgid=entry.previous_msgid,
        obsolete=entry.obsolete,
    )
    return copy


def _later(
    ours: polib.POEntry,
    theirs: polib.POEntry,
    ours_revised: datetime | None,
    theirs_revised: datetime | None,
) -> bool:
    """Whether theirs is the later save of two units in the same state."""
    ours_day, theirs_day = _stamp(ours), _stamp(theirs)
    if ours_day != theirs_day:
        return theirs_day > ours_day
    if ours_revised and theirs_revised:
        return theirs_revised > ours_revised
    return False


def _resolve(
    ours: polib.POEntry,
    theirs: polib.POEntry,
    ours_revised: datetime | None,
    theirs_revised: datetime | None,
) -> polib.POEntry:
    ours_rank = RANK.get(entry_state(ours), 2) if not ours.obsolete else -1
    theirs_rank = RANK.get(entry_state(theirs), 2) if not theirs.obsolete else -1
    if theirs_rank != ours_rank:
        take_theirs = theirs_rank > ours_rank
    else:
        take_theirs = _later(ours, theirs, ours_revised, theirs_revised)
    winner, loser = (theirs, ours) if take_theirs else (ours, theirs)
    return _keep_other(winner, loser)


def _successor(
    msgid: str,
    merged: dict[str, polib.POEntry],
    base: dict[str, polib.POEntry],
    amending: dict[str, polib.POEntry],
) -> str | None:
    """The unit that took the place of the amended unit ``msgid`` (the one that names it as
    its previous msgid, else the most like it of the units the amending side added, as
    ``update`` matches them). A text changed meanwhile goes to it as an "also saved" line,
    which becomes a proposal there: left only in the obsolete entry, no page would show it."""
    for key, entry in merged.items():
        if entry.previous_msgid == msgid:
            return key
    new = [key for key in merged if key in amending and key not in base]
    found = process.extractOne(msgid, new, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return None if found is None else str(found[0])


def _order(base: list[str], ours: list[str], theirs: list[str], keys: set[str]) -> list[str]:
    """The merged order: the side that changed the list of units leads; the other side's new
    units go after the unit they follow there."""
    lead, other = (theirs, ours) if ours == base and theirs != base else (ours, theirs)
    result = [key for key in lead if key in keys]
    placed = set(result)
    for index, key in enumerate(other):
        if key in placed or key not in keys:
            continue
        before = next((k for k in reversed(other[:index]) if k in placed), None)
        position = result.index(before) + 1 if before is not None else 0
        result.insert(position, key)
        placed.add(key)
    return result


def merge_catalogs(
    base: polib.POFile | None, ours: polib.POFile, theirs: polib.POFile
) -> tuple[polib.POFile, MergeStats]:
    """The three-way merge of one language's catalogs, unit by unit."""
    stats = MergeStats()
    empty = polib.POFile(wrapwidth=0)
    base = base if base is not None else empty
    ours_revised, theirs_revised = _revised(ours), _revised(theirs)
    sides = [
        {entry.msgid: entry for entry in catalog if not entry.obsolete}
        for catalog in (base, ours, theirs)
    ]
    gone = [
        {entry.msgid: entry for entry in catalog if entry.obsolete}
        for catalog in (base, ours, theirs)
    ]
    merged: dict[str, polib.POEntry] = {}
    retired: dict[str, polib.POEntry] = {}
    # Changed at one site, its source amended at the other: (the entry, the amending side).
    orphaned: list[tuple[polib.POEntry, dict[str, polib.POEntry]]] = []
    for msgid in set(sides[1]) | set(sides[2]) | set(sides[0]):
        b, o, t = (side.get(msgid) for side in sides)
        verdict = _entry_verdict(b, o, t)
        if verdict == "same":
            chosen = o
        elif verdict == "ours":
            chosen = o
            stats.ours += 1
        elif verdict == "theirs":
            chosen = t
            stats.theirs += 1
        else:
            stats.both += 1
            if o is None or t is None:
                # One side removed the unit (its source changed), the other changed it: the
                # change is kept, as an obsolete entry, for the reviewer of the new unit.
                kept = _clone(o if t is None else t)
                kept.obsolete = True
                retired[msgid] = kept
                orphaned.append((kept, sides[1] if o is None else sides[2]))
                continue
            chosen = _resolve(o, t, ours_revised, theirs_revised)
        if chosen is not None:
            merged[msgid] = chosen
    for kept, amending in orphaned:
        successor = _successor(kept.msgid, merged, sides[0], amending)
        if successor is not None and kept.msgstr:
            merged[successor] = _keep_other(merged[successor], kept)
    order = _order(
        [e.msgid for e in base if not e.obsolete],
        [e.msgid for e in ours if not e.obsolete],
        [e.msgid for e in theirs if not e.obsolete],
        set(merged),
    )
    for msgid in set(gone[1]) | set(gone[2]):
        if msgid in merged or msgid in retired:
            continue
        b, o, t = (side.get(msgid) for side in gone)
        verdict = _entry_verdict(b, o, t)
        if verdict == "theirs":
            if t is not None:
                retired[msgid] = t
        elif o is not None or t is not None:
            retired[msgid] = o if o is not None else t
    result = polib.POFile(wrapwidth=0)
    result.header = (
        ours.header if ours.header != base.header or theirs.header == base.header else theirs.header
    )
    result.metadata = _merge_metadata(base.metadata, ours.metadata, theirs.metadata)
    result.metadata_is_fuzzy = ours.metadata_is_fuzzy
    for msgid in order:
        result.append(merged[msgid])
    for msgid in sorted(retired):
        entry = _clone(retired[msgid])
        entry.obsolete = True
        result.append(entry)
    return result, stats


_DATES = ("POT-Creation-Date", "PO-Revision-Date")


def _merge_metadata(
    base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]
) -> dict[str, str]:
    """Header fields by key: one side's change wins; for dates the later one."""

    def both(key: str, mine: str, other: str) -> str:
        if key in _DATES:
            return max(
                mine, other, key=lambda value: _parse_date(value) or datetime.min.astimezone()
            )
        return mine

    return merge_mapping(base, ours, theirs, both)


def _parse_date(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        return None


def merge_mapping(
    base: dict[K, V], ours: dict[K, V], theirs: dict[K, V], both: Callable[[K, V, V], V]
) -> dict[K, V]:
    """Merge two dicts against their ancestor key by key, ``both`` deciding real conflicts.

    Keys keep ours' order, then theirs' new keys."""
    result: dict[K, V] = {}
    for key in (
        list(ours)
        + [k for k in theirs if k not in ours]
        + [k for k in base if k not in ours and k not in theirs]
    ):
        verdict, value = three_way(base.get(key), ours.get(key), theirs.get(key))
        if verdict == "both":
            mine, other = ours.get(key), theirs.get(key)
            if mine is None or other is None:
                value = mine if mine is not None else other  # changed beats removed
            else:
                value = both(key, mine, other)
        if value is not None:
            result[key] = value
    return result


def merge_po_files(base: Path | None, ours: Path, theirs: Path) -> tuple[str, MergeStats]:
    """Merge three PO files; returns the merged text."""
    base_catalog = read_catalog(base) if base is not None and base.stat().st_size else None
    merged, stats = merge_catalogs(base_catalog, read_catalog(ours), read_catalog(theirs))
    return catalog_text(merged), stats


def _toml(path: Path | None) -> dict[str, Any]:
    if path is None or not path.stat().st_size:
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkflowError(N_("not valid TOML (%(error)s)"), error=exc) from None


def merge_meta(base: Path | None, ours: Path, theirs: Path) -> str:
    """Merge two versions of ``statement.toml`` by key (lists: both sides' items)."""

    def both(key: str, mine: Any, other: Any) -> Any:
        if isinstance(mine, list) and isinstance(other, list):
            return list(dict.fromkeys([*mine, *other]))
        if key in ("updated", "created"):
            return max(str(mine), str(other)) if key == "updated" else min(str(mine), str(other))
        return mine

    data = merge_mapping(_toml(base), _toml(ours), _toml(theirs), both)
    return tomli_w.dumps(data)


def _rows(path: Path | None) -> tuple[list[str], dict[tuple[str, str], dict[str, str]]]:
    if path is None or not path.stat().st_size:
        return [], {}
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise WorkflowError(N_("not a readable glossary (%(error)s)"), error=exc) from None
    fields = list(reader.fieldnames or [])
    return fields, {
        ((row.get("term") or "").strip(), (row.get("lang") or "").strip()): row for row in rows
    }


def merge_glossary(base: Path | None, ours: Path, theirs: Path) -> str:
    """Merge two versions of ``glossary.csv`` by term and language (confirmed beats proposed)."""
    _, base_rows = _rows(base)
    ours_fields, ours_rows = _rows(ours)
    theirs_fields, theirs_rows = _rows(theirs)

    def both(key: tuple[str, str], mine: dict[str, str], other: dict[str, str]) -> dict[str, str]:
        if other.get("status") == "confirmed" and mine.get("status") != "confirmed":
            return other
        return mine

    rows = merge_mapping(base_rows, ours_rows, theirs_rows, both)
    fields = list(dict.fromkeys(ours_fields + theirs_fields)) or list(GLOSSARY_FIELDS)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows.values():
        writer.writerow({name: row.get(name, "") for name in fields})
    return out.getvalue()


def merge_file(base: Path | None, ours: Path, theirs: Path, name: str) -> str:
    """Merge one file of the translations folder by its kind (``name`` is its path)."""
    if name.endswith((".po", ".pot")):
        return merge_po_files(base, ours, theirs)[0]
    if Path(name).name == "statement.toml":
        return merge_meta(base, ours, theirs)
    if Path(name).name == "glossary.csv":
        return merge_glossary(base, ours, theirs)
    raise WorkflowError(N_("%(name)s: no merge for this kind of file"), name=name)
