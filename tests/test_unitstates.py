"""Entry states kept by block: the same states as reading the whole catalog, whatever the
catalog, and never a state kept for a block that changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import derived
from workflow.catalog import unitstates
from workflow.catalog.entries import foreign_entries, is_unit_entry, unit_entries
from workflow.catalog.pofile import catalog_text, read_catalog
from workflow.catalog.state import (
    accept_finding,
    apply_human,
    apply_machine,
    current_acceptances,
    entry_state,
    mark_outdated,
)
from workflow.catalog.statement import Statement
from workflow.catalog.unitstates import EntryState, read_states, units_of
from workflow.errors import WorkflowError
from workflow.publishing.build import build
from workflow.quality.checkcache import kept_counts
from workflow.quality.checks import check_statement

from .test_build import long_statement, translate  # noqa: F401  (a fixture)
from .test_poparse import _entry
from .test_poparse import build as build_catalog

DAY = date(2026, 12, 2)
KEEP = "states-ar"

# What reviewers do to an entry between two reads: each changes its block and its state.
_CHANGES = st.sampled_from(
    ["none", "machine", "draft", "translated", "approved", "edited", "outdated", "accepted"]
)


def change(entry: polib.POEntry, how: str) -> None:
    if how == "machine":
        apply_machine(entry, entry.msgid + " (machine)", "libre", DAY)
    elif how in ("draft", "translated", "approved"):
        apply_human(entry, entry.msgid + " (by hand)", how, "Layla", DAY)
    elif how == "edited":  # approved, then changed in Poedit: no longer what was approved
        apply_human(entry, entry.msgid + " (approved)", "approved", "Layla", DAY)
        entry.msgstr += " (edited)"
    elif how == "outdated":
        apply_human(entry, entry.msgid + " (approved)", "approved", "Layla", DAY)
        mark_outdated(entry, "an older source")
    elif how == "accepted":
        apply_human(entry, entry.msgid + " 7", "approved", "Layla", DAY)
        accept_finding(entry, "numbers", "Sara", DAY, "the figure is right")


def polib_read(path: Path) -> polib.POFile:
    return polib.pofile(str(path), wrapwidth=0, encoding="utf-8")


def expected(path: Path) -> list[EntryState]:
    """What reading the whole file with polib gives, each entry's state, accepted checks
    and shape as the rest of the workflow works them out from a polib entry."""
    return [
        EntryState(
            entry.msgid,
            entry.msgstr,
            entry_state(entry),
            frozenset(current_acceptances(entry)) if entry.msgstr else frozenset(),
            entry.linenum,
            is_unit_entry(entry),
        )
        for entry in polib_read(path)
        if not entry.obsolete
    ]


def same_units(path: Path, found: list[EntryState], units: set[str]) -> None:
    """The units and the foreign entries of ``found`` are those polib's reading gives."""
    catalog = polib_read(path)
    chosen = units_of(found, units)
    assert {text: entry.line for text, entry in chosen.items()} == {
        text: entry.linenum for text, entry in unit_entries(catalog, units).items()
    }
    assert len(found) - len(chosen) == len(foreign_entries(catalog, path.name, units))


def read(path: Path, root: Path) -> list[EntryState]:
    return read_states(path, lambda: read_catalog(path), (root, "s", KEEP))


# Entries as the workflow makes them (read block by block), and any entry (most catalogs
# with one of those are read whole).
_LAYOUT = _entry.map(lambda item: {**item, "msgctxt": None, "plural": None, "obsolete": False})
_ITEMS = st.tuples(_LAYOUT, _CHANGES, _CHANGES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_ITEMS, max_size=6)
    | st.lists(_ITEMS | st.tuples(_entry, _CHANGES, _CHANGES), max_size=6),
    st.sampled_from([0, 78, 20]),
    st.sets(st.integers(0, 5)),
)
def test_the_same_states_as_the_whole_catalog_read_and_after_changes(
    tmp_path_factory: pytest.TempPathFactory,
    items: list[tuple[dict[str, object], str, str]],
    width: int,
    chosen: set[int],
) -> None:
    """Any catalog, as the workflow writes it or wrapped by polib: its first read, a read
    with every state kept, and a read after reviewers changed entries give the states
    reading the whole file gives (a kept state is never taken for a changed block), and
    the same units and foreign entries of a statement whose units are some of its texts."""
    root = tmp_path_factory.mktemp("root")
    path = root / "ar.po"
    catalog = build_catalog([entry for entry, _, _ in items])
    for entry, (_, first, _) in zip(catalog, items, strict=True):
        change(entry, first)

    def save() -> None:
        if width:
            catalog.wrapwidth = width
            catalog.save(str(path))
        else:
            path.write_text(catalog_text(catalog), encoding="utf-8")

    units = {str(item["msgid"]) for number, (item, _, _) in enumerate(items) if number in chosen}
    save()
    assert read(path, root) == expected(path)
    assert read(path, root) == expected(path)
    for entry, (_, _, second) in zip(catalog, items, strict=True):
        change(entry, second)
    save()
    found = read(path, root)
    assert found == expected(path)
    same_units(path, found, units)


def _catalog(root: Path, count: int = 4) -> Path:
    catalog = build_catalog(
        [
            {
                "msgid": f"Paragraph {number}",
                "msgstr": "",
                "msgctxt": None,
                "plural": None,
                "obsolete": False,
                "comment": "paragraph",
                "tcomment": "",
                "flags": [],
                "occurrences": [("source.md", str(number))],
                "previous": None,
            }
            for number in range(count)
        ]
    )
    for entry in catalog:
        apply_human(entry, entry.msgid + " ترجمة", "approved", "Layla", DAY)
    path = root / "ar.po"
    path.write_text(catalog_text(catalog), encoding="utf-8")
    return path


def _worked_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The blocks read as polib reads them from now on (the states not taken as kept)."""
    worked: list[str] = []
    real = unitstates.layout_entry

    def counted(block: str, start: int) -> polib.POEntry | None:
        worked.append(block)
        return real(block, start)

    monkeypatch.setattr(unitstates, "layout_entry", counted)
    return worked


def test_a_kept_state_is_read_and_only_a_changed_block_is_worked_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _catalog(tmp_path)
    first = read(path, tmp_path)
    assert [entry.state for entry in first] == ["approved"] * 4
    worked = _worked_out(monkeypatch)
    assert read(path, tmp_path) == first
    assert worked == []
    # A translation edited by hand (in Poedit, in a text editor): its record no longer
    # vouches for it.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Paragraph 2 ترجمة", "Paragraph 2 ترجمة أخرى"), encoding="utf-8")
    again = read(path, tmp_path)
    assert [entry.state for entry in again] == ["approved", "approved", "changed", "approved"]
    assert len(worked) == 1 and "Paragraph 2" in worked[0]
    assert again == expected(path)


@pytest.mark.parametrize(
    "damage",
    [
        ["published", []],  # not a state
        ["approved", "numbers"],  # checks not a list
        ["approved", [7]],
        ["approved"],
        "approved",
    ],
)
def test_a_damaged_kept_state_is_worked_out_again(tmp_path: Path, damage: Any) -> None:
    """Under the real digest of each block: trusting the damaged value would fail here."""
    path = _catalog(tmp_path)
    truth = read(path, tmp_path)
    kept = tmp_path / derived.CACHE_DIR / "s" / f"{KEEP}.json"
    stored = json.loads(kept.read_text(encoding="utf-8"))
    stored["value"] = {digest: damage for digest in stored["value"]}
    kept.write_text(json.dumps(stored), encoding="utf-8")
    assert read(path, tmp_path) == truth
    assert json.loads(kept.read_text(encoding="utf-8"))["value"] != stored["value"]


def _kept_value(root: Path) -> dict[str, Any]:
    path = root / derived.CACHE_DIR / "s" / f"{KEEP}.json"
    value = json.loads(path.read_text(encoding="utf-8"))["value"]
    assert isinstance(value, dict)
    return value


def test_what_is_kept_is_the_file_s_blocks_only(tmp_path: Path) -> None:
    """A block that changed or went is no longer kept (the kept value does not grow with
    every round of review)."""
    path = _catalog(tmp_path)
    read(path, tmp_path)
    first = _kept_value(tmp_path)
    assert len(first) == 4
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Paragraph 2 ترجمة", "Paragraph 2 ترجمة أخرى"), encoding="utf-8")
    read(path, tmp_path)
    second = _kept_value(tmp_path)
    assert len(second) == 4 and len(set(first) & set(second)) == 3
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    path.write_text("\n\n".join(blocks[:-1]) + "\n", encoding="utf-8")  # the last entry gone
    assert read(path, tmp_path) == expected(path)
    assert set(_kept_value(tmp_path)) < set(second)


def test_states_kept_by_other_code_are_worked_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _catalog(tmp_path)
    read(path, tmp_path)
    worked = _worked_out(monkeypatch)
    monkeypatch.setattr(derived, "CODE", "another version of the code")
    assert read(path, tmp_path) == expected(path)
    assert len(worked) == 4


def test_a_catalog_in_another_layout_is_read_whole(tmp_path: Path) -> None:
    """A context, a plural and an obsolete entry: read by the full reader, as it reads
    them, and what was kept for the catalog goes."""
    path = _catalog(tmp_path)
    read(path, tmp_path)
    kept = tmp_path / derived.CACHE_DIR / "s" / f"{KEEP}.json"
    assert kept.is_file()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgctxt "c"\nmsgid "Paragraph 1"\nmsgstr "x"\n')
        handle.write('\n#~ msgid "gone"\n#~ msgstr "y"\n')
    found = read(path, tmp_path)
    assert found == expected(path)
    assert [entry.unit_shaped for entry in found] == [True] * 4 + [False]
    assert not kept.exists()


def test_duplicates_unknown_texts_and_contexts_are_foreign(tmp_path: Path) -> None:
    """Read block by block: the first entry of each unit is the unit's, every other one
    foreign, as the whole catalog's reading finds them."""
    path = _catalog(tmp_path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "Paragraph 1"\nmsgstr "second"\n')  # a second entry
        handle.write('\nmsgid "Not in the statement"\nmsgstr "x"\n')
    found = read(path, tmp_path)
    assert (tmp_path / derived.CACHE_DIR / "s" / f"{KEEP}.json").is_file()  # block by block
    units = {f"Paragraph {number}" for number in range(4)}
    same_units(path, found, units)
    assert units_of(found, units)["Paragraph 1"].msgstr == "Paragraph 1 ترجمة"
    assert len(found) - len(units_of(found, units)) == 2


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ('\nmsgid "a" b"\nmsgstr "b"\n', r"ar\.po:\d+: unescaped double quote"),
        (None, r"ar\.po:\d+: syntax error in PO file"),  # a broken header
    ],
)
def test_a_broken_catalog_gives_the_full_reader_s_error(
    tmp_path: Path, damage: str | None, message: str
) -> None:
    path = _catalog(tmp_path)
    text = path.read_text(encoding="utf-8")
    if damage is None:
        text = text.replace('msgstr ""\n', "msgstr[\n", 1)
    else:
        text += damage
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkflowError, match=message):
        read(path, tmp_path)


def test_a_short_catalog_keeps_no_states(long_statement: Statement, root: Path) -> None:  # noqa: F811
    """Only a long statement's states are kept on disk; a short one's, left by a time it
    was long, go."""
    translate(long_statement, "ar")
    long_statement.entry_states("ar")
    kept = root / derived.CACHE_DIR / "long" / "states-ar.json"
    assert kept.is_file()
    catalog = long_statement.catalog("ar")
    for entry in list(catalog)[20:]:
        catalog.remove(entry)
    long_statement.save_catalog("ar", catalog)
    assert long_statement.po_path("ar").stat().st_size < derived.KEEP_FROM
    assert len(Statement.load(root, "long").entry_states("ar")) == 20
    assert not kept.exists()


def test_build_counts_what_check_counts(long_statement: Statement) -> None:  # noqa: F811
    """The summary after a build, from the kept states: errors and warnings as
    ``statements check`` counts them, an accepted finding left out and foreign entries
    counted as warnings."""
    translate(long_statement, "ar")
    catalog = long_statement.catalog("ar")
    numbered = [entry for entry in catalog if entry.msgid.startswith("Paragraph ")]
    for entry in numbered[1:4]:  # another paragraph's number: a numbers error
        text = entry.msgstr.replace("Paragraph ", "Paragraph 9", 1)
        apply_human(entry, text, "approved", "Layla", DAY)
    accept_finding(numbered[1], "numbers", "Sara", DAY, "the number is the page's")
    catalog.append(polib.POEntry(msgid=numbered[5].msgid, msgstr="again", msgctxt="c"))
    long_statement.save_catalog("ar", catalog)
    results = check_statement(long_statement, ["ar"])
    open_results = [item for item in results if "accepted" not in item]
    errors = sum(item["severity"] == "error" for item in open_results)
    warnings = sum(item["severity"] == "warning" for item in open_results)
    assert sum(item["check"] == "numbers" and item["severity"] == "error" for item in results) >= 3
    assert any(item["check"] == "numbers" for item in results if "accepted" in item)
    assert any(item["check"] == "foreign" for item in open_results)
    again = Statement.load(long_statement.root, "long")
    assert kept_counts(again, ["ar"]) == (errors, warnings, 0)


def test_build_refuses_a_unit_edited_by_hand_after_its_state_was_kept(
    long_statement: Statement,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The integrity of what is published: an approved unit whose text changed in the
    file, after a build kept its state, is held back by the next process's build."""
    translate(long_statement, "ar")
    build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "one")
    assert (long_statement.root / derived.CACHE_DIR / "long" / "states-ar.json").is_file()
    path = long_statement.po_path("ar")
    text = path.read_text(encoding="utf-8")
    edited = text.replace('msgstr "ترجمة Paragraph 7:', 'msgstr "ترجمة أخرى Paragraph 7:', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"units not approved \(1\): \w+ \(changed\)"):
        build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "two")
