"""Each entry's translation and state in a catalog, with the states worked out before kept
on disk.

A build needs three things of each entry: its msgid, its msgstr and its state. Finding the
two strings is quick; the state is not: the entry's comments are read into a polib entry,
and its text is hashed to compare with its records. Between two builds reviewers change a
few entries of two thousand. An entry that this project or polib wrote is one block
between blank lines (:func:`~workflow.catalog.poparse.layout_blocks`), and its state
depends on the bytes of that block alone. So each block's state is kept under the
block's SHA-256, in one value of :mod:`workflow.derived` per catalog (under the code's
fingerprint), and only a block not seen before is read as polib reads it. A catalog in
any other layout is read whole, as before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

import polib

from .. import derived
from .entries import first_units, is_unit_entry
from .poparse import layout_blocks, layout_entry, layout_strings
from .state import STATES, current_acceptances, entry_state

# One empty set for every entry with no accepted finding (nearly all of them).
_NONE: frozenset[str] = frozenset()


class EntryState(NamedTuple):
    """One active entry of a catalog: its texts, its state (:func:`entry_state`), the
    checks whose findings are accepted for its present text, its first line, and whether
    it has the shape of a unit (:func:`is_unit_entry`). A tuple: two thousand are made at
    each read, five times quicker than a frozen dataclass's."""

    msgid: str
    msgstr: str
    state: str
    accepted: frozenset[str]
    line: int
    unit_shaped: bool


def of_entry(entry: polib.POEntry) -> EntryState:
    """The :class:`EntryState` of a polib entry (an active one)."""
    accepted = frozenset(current_acceptances(entry)) if entry.msgstr else frozenset()
    return EntryState(
        entry.msgid,
        entry.msgstr,
        entry_state(entry),
        accepted,
        int(entry.linenum or 0),
        is_unit_entry(entry),
    )


def read_states(
    path: Path,
    full: Callable[[], polib.POFile],
    keep: tuple[Path, str, str] | None = None,
) -> list[EntryState]:
    """Every active entry of the catalog at ``path``, in file order.

    ``full`` reads the catalog whole (for a file in another layout, or one that cannot be
    read: its error is the full reader's). With ``keep`` (a root, a statement's slug and a
    name) the states are kept between commands as that statement's derived value ``name``.
    """
    try:
        data = path.read_bytes()
        laid_out = layout_blocks(data.decode("utf-8"), str(path), 0)
    except Exception:  # the full reader judges the file, and says what is wrong
        laid_out = None
    if laid_out is None:
        return _whole(full, keep)
    blocks = laid_out[1]
    found = _kept_states(keep) if keep is not None else {}
    digests = [hashlib.sha256(block.encode()).hexdigest()[:32] for block, _ in blocks]
    read: list[EntryState] = []
    worked_out: dict[str, tuple[str, list[str]]] = {}
    for (block, start), digest in zip(blocks, digests, strict=True):
        kept = found.get(digest)
        strings = layout_strings(block) if _well_kept(kept) else None
        if kept is not None and strings is not None:
            state, accepted = kept
            checks = frozenset(accepted) if accepted else _NONE
            # Kept only for a block layout_entry read: no context, no plural, a msgid.
            read.append(EntryState(strings[0], strings[1], state, checks, start, True))
            continue
        entry = layout_entry(block, start)
        if entry is None:
            return _whole(full, keep)
        item = of_entry(entry)
        worked_out[digest] = (item.state, sorted(item.accepted))
        read.append(item)
    if keep is not None and (worked_out or len(found) > len(set(digests))):
        value = {digest: worked_out.get(digest) or found[digest] for digest in digests}
        derived.keep(*keep, _key(), value)
    return read


def _whole(
    full: Callable[[], polib.POFile], keep: tuple[Path, str, str] | None
) -> list[EntryState]:
    """:func:`read_states` of a catalog read whole; what was kept for it goes (it is in a
    layout whose blocks are not read one by one any more)."""
    if keep is not None:
        derived.forget(*keep)
    return [of_entry(entry) for entry in full() if not entry.obsolete]


def _key() -> str:
    """The kept states' key: they depend on the code alone (the block is their input)."""
    return derived.derived_key(derived.CODE, "states")


def _kept_states(keep: tuple[Path, str, str]) -> dict[str, Any]:
    """The states kept for a catalog, by block digest ({} when none are)."""
    value = derived.kept(*keep, _key())
    return value if isinstance(value, dict) else {}


def _well_kept(item: Any) -> bool:
    """Whether a kept value is a state and a list of checks, as :func:`read_states` keeps
    them (anything else is worked out again)."""
    return (
        isinstance(item, list)
        and len(item) == 2
        and item[0] in STATES
        and isinstance(item[1], list)
        and all(isinstance(check, str) for check in item[1])
    )


def units_of(entries: list[EntryState], units: Collection[str]) -> dict[str, EntryState]:
    """The entry of each unit of ``units`` (msgid → entry), in catalog order, as
    :func:`~workflow.catalog.entries.unit_entries` finds them; the other entries are
    foreign (:func:`~workflow.catalog.entries.foreign_entries`)."""
    return first_units(entries, units, _UNIT_SHAPED)


_UNIT_SHAPED: Callable[[EntryState], bool] = attrgetter("unit_shaped")
