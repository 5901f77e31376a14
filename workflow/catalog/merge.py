"""Keep a language's catalog in step with a re-split source (what ``msgmerge`` does, fast).

Unchanged units keep their translation and state; an edited unit keeps its old translation,
marked outdated with the previous source as ``#| msgid``; removed units become obsolete;
new units are empty. Entries this project does not make (with a ``msgctxt``, plural
entries, a second entry for the same text) are never matched and are kept as they are.
Fuzzy matching uses rapidfuzz against only the old entries that found
no exact match, with a length bound that prunes most candidates before any comparison.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib
from rapidfuzz import fuzz, process

from ..quality.numbers import carry_numbers, same_but_numbers
from .entries import SOURCE_DIGEST, now, po_date
from .state import mark_outdated, set_marker

# msgmerge's fuzzy threshold is 0.6 similarity; ours is on rapidfuzz's 0-100 scale.
FUZZY_CUTOFF = 60.0
# A unit edited in place sits where its old version sat: a neighbour this similar is taken
# without comparing against every other candidate.
NEIGHBOUR_CUTOFF = 80.0


@dataclass
class MergeReport:
    """What a merge did, counted in entries."""

    kept: int = 0
    outdated: int = 0
    numbers: int = 0
    new: int = 0
    obsolete: int = 0
    revived: int = 0
    dropped: int = 0
    foreign: int = 0


def _copy(entry: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        tcomment=entry.tcomment,
        flags=list(entry.flags),
        previous_msgid=entry.previous_msgid,
    )


def _neighbour(
    pot: polib.POFile,
    position: int,
    old_order: list[str],
    old_position: dict[str, int],
    candidates: dict[str, int],
    msgid: str,
) -> int | None:
    """The candidate that sits where this unit's old version would be, if it is close enough."""
    places = []
    if position > 0 and pot[position - 1].msgid in old_position:
        places.append(old_position[pot[position - 1].msgid] + 1)
    if position + 1 < len(pot) and pot[position + 1].msgid in old_position:
        places.append(old_position[pot[position + 1].msgid] - 1)
    best, best_score = None, NEIGHBOUR_CUTOFF
    for place in places:
        if 0 <= place < len(old_order) and old_order[place] in candidates:
            score = fuzz.ratio(msgid, old_order[place], score_cutoff=best_score)
            if score >= best_score:
                best, best_score = candidates[old_order[place]], score
    return best


def merge(
    old: polib.POFile,
    pot: polib.POFile,
    source_lang: str | None = None,
    lang: str | None = None,
) -> tuple[polib.POFile, MergeReport]:
    """Merge an existing catalog with a new template; returns the new catalog and a report.

    With the languages given, a unit whose source changed only in its numbers keeps its
    translation with those numbers rewritten in the translation's own digits and
    separators (still marked outdated, for a reviewer to confirm with one click).
    """
    report = MergeReport()
    result = polib.POFile(wrapwidth=0)
    result.header = old.header
    result.metadata = dict(old.metadata)
    result.metadata["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", po_date(now()))
    if SOURCE_DIGEST in pot.metadata:
        result.metadata[SOURCE_DIGEST] = pot.metadata[SOURCE_DIGEST]
    current: dict[str, polib.POEntry] = {}
    retired: dict[str, polib.POEntry] = {}
    foreign: list[polib.POEntry] = []
    for entry in old:
        if entry.msgctxt is not None or entry.msgid_plural or not entry.msgid:
            foreign.append(entry)
        elif entry.obsolete:
            retired.setdefault(entry.msgid, entry)
        elif entry.msgid in current:
            foreign.append(entry)
        else:
            current[entry.msgid] = entry
    used: set[str] = set()
    pending: list[tuple[int, polib.POEntry]] = []
    merged: list[polib.POEntry | None] = []
    for position, unit in enumerate(pot):
        previous = current.get(unit.msgid) or retired.get(unit.msgid)
        if previous is None:
            pending.append((position, unit))
            merged.append(None)
            continue
        entry = _copy(previous)
        used.add(unit.msgid)
        if unit.msgid in current:
            report.kept += 1
        else:
            report.revived += 1
        merged.append(entry)
    candidates = [
        entry
        for msgid, entry in {**retired, **current}.items()
        if msgid not in used and entry.msgstr
    ]
    choices = [entry.msgid for entry in candidates]
    by_msgid = {entry.msgid: index for index, entry in enumerate(candidates)}
    old_order = [entry.msgid for entry in old if not entry.obsolete]
    old_position = {msgid: index for index, msgid in enumerate(old_order)}
    fuzzy_used: set[str] = set()
    for position, unit in pending:
        best = _neighbour(pot, position, old_order, old_position, by_msgid, unit.msgid)
        if best is None and choices:
            match = process.extractOne(
                unit.msgid, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            best = None if match is None else match[2]
        if best is None:
            merged[position] = polib.POEntry(msgid=unit.msgid, msgstr="")
            report.new += 1
            continue
        source = candidates[best]
        fuzzy_used.add(source.msgid)
        entry = _copy(source)
        entry.msgid = unit.msgid
        mark_outdated(entry, source.msgid)
        set_marker(entry, "numbers", None)
        if source_lang and lang and entry.msgstr and same_but_numbers(source.msgid, unit.msgid):
            carried, note = carry_numbers(source.msgid, unit.msgid, entry.msgstr, source_lang, lang)
            if carried is not None:
                entry.msgstr = carried
                report.numbers += 1
            set_marker(entry, "numbers", note)
        merged[position] = entry
        report.outdated += 1
    for position, unit in enumerate(pot):
        entry = merged[position]
        assert entry is not None
        entry.comment = unit.comment
        entry.occurrences = list(unit.occurrences)
        result.append(entry)
    # Like msgmerge, an old entry that lent its translation to an edited unit is not kept.
    for msgid, entry in current.items():
        if msgid in used or msgid in fuzzy_used:
            continue
        if not entry.msgstr:
            report.dropped += 1
            continue
        gone = _copy(entry)
        gone.obsolete = True
        result.append(gone)
        report.obsolete += 1
    for msgid, entry in retired.items():
        if msgid not in used and msgid not in current and msgid not in fuzzy_used:
            gone = _copy(entry)
            gone.obsolete = True
            result.append(gone)
    for entry in foreign:
        result.append(entry)
        report.foreign += 1
    return result, report
