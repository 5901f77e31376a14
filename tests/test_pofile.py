"""PO file I/O: valid for msgfmt, no wrapping, nothing lost, atomic, clear errors."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import polib
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from workflow.catalog.pofile import (
    _ESCAPES,
    _quote,
    entries_text,
    read_catalog,
    write_catalog,
)
from workflow.catalog.segment import split
from workflow.catalog.state import (
    apply_human,
    apply_machine,
    entry_state,
    mark_outdated,
    markers,
    record,
    text_digest,
)
from workflow.catalog.statement import create_statement
from workflow.errors import WorkflowError

from .conftest import msgfmt_check
from .test_segment import EVERY_BLOCK

LONG = "A previous source paragraph that is much longer than seventy-six characters, " * 3


def catalog_with(*entries: polib.POEntry) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "ar",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in entries:
        catalog.append(entry)
    return catalog


def test_long_previous_msgid_stays_valid(tmp_path: Path) -> None:
    entry = polib.POEntry(msgid=LONG + " edited", msgstr="ترجمة")
    mark_outdated(entry, LONG)
    path = tmp_path / "ar.po"
    write_catalog(path, catalog_with(entry))
    msgfmt_check(path)
    again = read_catalog(path)
    assert again[0].previous_msgid == LONG
    assert entry_state(again[0]) == "outdated"


def test_one_line_per_string(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    write_catalog(path, catalog_with(polib.POEntry(msgid=LONG, msgstr="نص " * 60)))
    text = path.read_text(encoding="utf-8")
    assert f'msgid "{LONG}"' in text
    assert 'msgstr "' + "نص " * 60 + '"' in text


def test_unusual_separators_survive(tmp_path: Path) -> None:
    msgid = "Copied\u2028from\u0085the web\u2029page \u00a0 «quoted»"
    path = tmp_path / "ar.po"
    write_catalog(path, catalog_with(polib.POEntry(msgid=msgid, msgstr="نسخ\u2028من")))
    msgfmt_check(path)
    again = read_catalog(path)
    assert again[0].msgid == msgid
    assert again[0].msgstr == "نسخ\u2028من"


def test_markers_are_translator_comments(tmp_path: Path) -> None:
    machine = polib.POEntry(msgid="One", msgstr="")
    apply_machine(machine, "واحد", "libre", date(2026, 11, 24))
    approved = polib.POEntry(msgid="Two", msgstr="")
    apply_human(approved, "اثنان", "approved", "Layla", date(2026, 11, 24))
    path = tmp_path / "ar.po"
    write_catalog(path, catalog_with(machine, approved))
    msgfmt_check(path)
    text = path.read_text(encoding="utf-8")
    assert '# machine: libre 2026-11-24\n#, fuzzy\nmsgid "One"' in text
    assert "# approved: Layla 2026-11-24" in text
    again = read_catalog(path)
    assert [entry_state(e) for e in again] == ["machine", "approved"]
    assert markers(again[1])["translated"].startswith("Layla 2026-11-24 text:")


def test_states_follow_the_rules() -> None:
    entry = polib.POEntry(msgid="Text", msgstr="")
    assert entry_state(entry) == "untranslated"
    apply_machine(entry, "نص", "google", date(2026, 1, 1))
    assert entry_state(entry) == "machine"
    apply_human(entry, "نص معدل", "draft", "Sami", date(2026, 1, 2))
    assert entry_state(entry) == "draft"
    apply_human(entry, "نص معدل", "translated", "Sami", date(2026, 1, 2))
    assert entry_state(entry) == "translated"
    assert "machine" not in markers(entry)
    apply_human(entry, "نص معدل", "approved", "Layla", date(2026, 1, 3))
    assert entry_state(entry) == "approved"
    translated = record(entry, "translated")
    assert translated is not None and translated.label == "Sami 2026-01-02"
    assert translated.digest == text_digest(entry)
    mark_outdated(entry, "Old text")
    assert entry_state(entry) == "outdated"
    assert "approved" not in markers(entry)


def test_broken_catalog_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b" junk "\n', encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"ar\.po:5"):
        read_catalog(path)
    path.write_text('msgid "x"\nmsgid_garbage\n', encoding="utf-8")
    with pytest.raises(WorkflowError, match=r"ar\.po:\d+: syntax error"):
        read_catalog(path)
    path.write_bytes(b'msgid "\xff\xfe"\nmsgstr ""\n')
    with pytest.raises(WorkflowError, match="UTF-8"):
        read_catalog(path)
    with pytest.raises(WorkflowError, match="not found"):
        read_catalog(tmp_path / "missing.po")


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ar.po"
    write_catalog(path, catalog_with(polib.POEntry(msgid="Kept", msgstr="محفوظ")))
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_catalog(path, catalog_with(polib.POEntry(msgid="New", msgstr="جديد")))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ar.po"]


def test_a_write_never_takes_a_file_already_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary file is made exclusively: a name that is taken (another writer's, or
    a link planted there) is left alone and the next random name is tried."""
    draws = iter([b"\x00" * 6, b"\x00" * 6, b"\x01" * 6])
    monkeypatch.setattr(os, "urandom", lambda size: next(draws))
    taken = tmp_path / f".ar.po.{'00' * 6}.tmp"
    taken.write_text("another writer's", encoding="utf-8")
    planted = tmp_path / "elsewhere"
    (tmp_path / f".ar.po.{'01' * 6}.tmp").symlink_to(planted)
    with pytest.raises(StopIteration):  # every name drawn was taken
        write_catalog(tmp_path / "ar.po", catalog_with(polib.POEntry(msgid="a", msgstr="b")))
    assert taken.read_text(encoding="utf-8") == "another writer's"
    assert not planted.exists() and not (tmp_path / "ar.po").exists()
    draws = iter([b"\x00" * 6, b"\x02" * 6])
    write_catalog(tmp_path / "ar.po", catalog_with(polib.POEntry(msgid="a", msgstr="b")))
    assert read_catalog(tmp_path / "ar.po")[0].msgstr == "b"
    assert taken.read_text(encoding="utf-8") == "another writer's"
    assert (tmp_path / "ar.po").stat().st_mode & 0o777 == 0o644


def test_fast_writer_matches_polib_layout(tmp_path: Path) -> None:
    outdated = polib.POEntry(
        msgid='Quote "this" \\ and\ttab',
        msgstr="ترجمة",
        comment="paragraph",
        occurrences=[("source.md", "3"), ("source.md", "9")],
    )
    mark_outdated(outdated, "Quote this")
    machine = polib.POEntry(msgid="Machine", msgstr="", comment="heading")
    apply_machine(machine, "آلة", "google", date(2026, 11, 24))
    gone = polib.POEntry(
        msgid="Removed", msgstr="محذوف", obsolete=True, tcomment="approved: x 2026-01-01"
    )
    catalog = catalog_with(outdated, machine, polib.POEntry(msgid="Empty", msgstr=""), gone)
    catalog.header = "Arabic translation of the statement x."
    path = tmp_path / "ar.po"
    write_catalog(path, catalog)
    assert path.read_text(encoding="utf-8") == catalog.__unicode__()
    msgfmt_check(path)
    again = read_catalog(path)
    assert [(e.msgid, e.msgstr, e.obsolete, e.previous_msgid) for e in again] == [
        (e.msgid, e.msgstr, e.obsolete, e.previous_msgid) for e in catalog
    ]


@given(
    st.lists(st.sampled_from([*'ab\\"\t\r\n\x0b\x08\x0c\x85', "ترجمة", "\u2028", "\\n"])).map(
        "".join
    )
)
def test_a_string_is_escaped_as_one_translation_table_escapes_it(value: str) -> None:
    table = str.maketrans(dict(_ESCAPES))
    assert _quote(value) == '"' + value.translate(table) + '"'
    assert polib.unescape(_quote(value)[1:-1]) == value


def test_a_new_catalog_has_its_template_s_entries_as_they_are_written(root: Path) -> None:
    """'new' writes the template's entries once for the template and every catalog: each
    catalog reads as its language's header and the template's entries, untranslated."""
    statement = create_statement(root, EVERY_BLOCK.encode(), "every.md", slug="every")
    pot = read_catalog(statement.pot_path)
    assert len(pot) == len(split(EVERY_BLOCK, "md").units())
    for lang in ("ar", "ckb", "kmr"):
        catalog = read_catalog(statement.po_path(lang))
        assert catalog.metadata["Language"] == lang
        assert entries_text(catalog) == entries_text(pot)
        assert [(e.msgid, e.msgstr, e.comment, e.occurrences) for e in catalog] == [
            (e.msgid, "", e.comment, e.occurrences) for e in pot
        ]


_MARKER = re.compile(r"^(machine|memory|numbers|translated|approved):\s*(.*)$")
_RECORD_SHAPE = re.compile(
    r"^(?P<who>.*?) (?P<date>\d{4}-\d{2}-\d{2})(?: text:(?P<digest>[0-9a-f]{12}))?$"
)


def _state_as_written(entry: polib.POEntry) -> str:
    """entry_state as the module docstring's rules say, the record made and compared."""
    found = {}
    for line in (entry.tcomment or "").splitlines():
        match = _MARKER.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    if not entry.msgstr:
        return "untranslated"
    if "fuzzy" in entry.flags:
        return "outdated" if entry.previous_msgid else "machine" if "machine" in found else "draft"
    for name in ("translated", "approved"):
        if name in found:  # a record vouches for the text its digest names, and no other
            shape = _RECORD_SHAPE.match(found[name])
            if (shape.group("digest") if shape else None) != text_digest(entry):
                return "changed"
    return "approved" if found.get("approved") else "translated"


_LINES = st.sampled_from(
    [
        "translated: Layla 2026-11-24 text:{digest}",
        "approved: Layla 2026-11-24 text:{digest}",
        "approved: Layla 2026-11-24 text:0123456789ab",
        "translated: Sami 2026-01-02",
        "approved:",
        "approved:   ",
        "approved:\u2003Layla 2026-11-24",
        "  approved : x",
        "  approved: Layla 2026-11-24 text:{digest}",
        "\tmachine: libre 2026-11-24",
        "machine: libre 2026-11-24",
        "machinery: x",
        "memory: icssi",
        "numbers: 1",
        "Approved: Layla 2026-11-24",
        "approved:: x 2026-11-24 text:{digest}",
        "translated: x 2026-1-24 text:{digest}",
        "translated:Layla 2026-11-24 text:{digest}\u2028approved: x",
        "a translator's note: keep the names",
        "",
    ]
)


@given(
    st.lists(_LINES, max_size=4),
    st.sampled_from(["", "ترجمة", "Text"]),
    st.booleans(),
    st.sampled_from([None, "", "Old text"]),
)
@example(["approved:"], "ترجمة", False, None)
@example(["translated: Sami 2026-01-02", "  approved: x 2026-11-24 text:0"], "Text", False, None)
def test_a_state_is_what_the_rules_say(
    lines: list[str], msgstr: str, fuzzy: bool, previous: str | None
) -> None:
    """entry_state and markers, read without patterns or records, against the rules."""
    entry = polib.POEntry(msgid="Text", msgstr=msgstr, previous_msgid=previous)
    if fuzzy:
        entry.flags.append("fuzzy")
    entry.tcomment = "\n".join(lines).replace("{digest}", text_digest(entry))
    expected = {}
    for line in entry.tcomment.splitlines():
        match = _MARKER.match(line.strip())
        if match:
            expected[match.group(1)] = match.group(2)
    assert markers(entry) == expected
    assert entry_state(entry) == _state_as_written(entry)
