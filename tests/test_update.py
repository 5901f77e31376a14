"""Keeping catalogs in step with an amended source: edits, insertions, deletions, reordering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workflow.catalog.pofile import read_catalog
from workflow.catalog.state import apply_human, entry_state
from workflow.catalog.statement import (
    Statement,
    create_statement,
    set_omit_skipped,
    update_statement,
)

from .conftest import msgfmt_check

ORIGINAL = """# Statement on Gaza

We call for an immediate ceasefire in the Gaza Strip and an end to the siege.

Over 8000 Palestinians have been killed, including over 3000 children.

- Lift the siege.
- Protect humanitarian workers.

We stand with civil society in Iraq and Palestine.
"""


def approve_all(statement: Statement, lang: str) -> None:
    catalog = statement.catalog(lang)
    for entry in catalog:
        apply_human(entry, f"[{lang}] {entry.msgid}", "approved", "Layla", date(2026, 11, 1))
    statement.save_catalog(lang, catalog)


def states(statement: Statement, lang: str) -> dict[str, str]:
    return {e.msgid: entry_state(e) for e in statement.catalog(lang) if not e.obsolete}


def make(root: Path) -> Statement:
    statement = create_statement(root, ORIGINAL.encode(), "gaza.md", languages=["ar", "kmr"])
    approve_all(statement, "ar")
    return statement


def test_unchanged_units_keep_translation_and_state(root: Path) -> None:
    statement = make(root)
    before = statement.po_path("ar").read_text(encoding="utf-8").splitlines()
    reports = update_statement(statement, ORIGINAL.encode(), "gaza.md")
    assert reports["ar"].kept == 6 and reports["ar"].outdated == 0
    after = statement.po_path("ar").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert all("Date:" in a for a, _ in changed)  # only the header dates move
    assert set(states(statement, "ar").values()) == {"approved"}
    assert set(states(statement, "kmr").values()) == {"untranslated"}


def test_edit_insert_delete_reorder(root: Path) -> None:
    statement = make(root)
    amended = ORIGINAL.replace(
        "We call for an immediate ceasefire in the Gaza Strip and an end to the siege.",
        "We call for an immediate and lasting ceasefire in the Gaza Strip and an end to the siege.",
    ).replace(
        "- Lift the siege.\n- Protect humanitarian workers.\n",
        "- Protect humanitarian workers.\n- Lift the siege.\n- Free all detainees.\n",
    )
    amended = amended.replace("We stand with civil society in Iraq and Palestine.\n", "")
    report = update_statement(statement, amended.encode(), "gaza.md")["ar"]
    assert (report.kept, report.outdated, report.new, report.obsolete) == (4, 1, 1, 1)
    catalog = statement.catalog("ar")
    by_id = {e.msgid: e for e in catalog if not e.obsolete}
    edited = by_id[
        "We call for an immediate and lasting ceasefire in the Gaza Strip and an end to the siege."
    ]
    assert entry_state(edited) == "outdated"
    assert (
        edited.previous_msgid
        == "We call for an immediate ceasefire in the Gaza Strip and an end to the siege."
    )
    assert edited.msgstr.startswith("[ar] We call for an immediate ceasefire")
    assert entry_state(by_id["Free all detainees."]) == "untranslated"
    order = [e.msgid for e in catalog if not e.obsolete]
    assert order.index("Protect humanitarian workers.") < order.index("Lift the siege.")
    obsolete = [e for e in catalog if e.obsolete]
    assert [e.msgid for e in obsolete] == ["We stand with civil society in Iraq and Palestine."]
    assert obsolete[0].msgstr.startswith("[ar]")
    for lang in ("ar", "kmr"):
        msgfmt_check(statement.po_path(lang))
    msgfmt_check(statement.pot_path)
    assert statement.source_path.read_text() == amended


def test_removed_unit_comes_back_from_obsolete(root: Path) -> None:
    statement = make(root)
    shorter = ORIGINAL.replace("We stand with civil society in Iraq and Palestine.\n", "")
    update_statement(statement, shorter.encode(), "gaza.md")
    report = update_statement(statement, ORIGINAL.encode(), "gaza.md")["ar"]
    assert report.revived == 1
    assert set(states(statement, "ar").values()) == {"approved"}


def test_update_with_bad_source_changes_nothing(root: Path) -> None:
    statement = make(root)
    before = {p.name: p.read_bytes() for p in statement.dir.iterdir() if p.is_file()}
    for data in (b"", b"\xff\xfe\x00bad", b"   \n\n"):
        try:
            update_statement(statement, data, "gaza.md")
        except Exception as exc:
            assert type(exc).__name__ == "WorkflowError"
        after = {p.name: p.read_bytes() for p in statement.dir.iterdir() if p.is_file()}
        assert {k: v for k, v in after.items() if not k.endswith(".lock")} == {
            k: v for k, v in before.items() if not k.endswith(".lock")
        }


def test_catalog_read_back_matches_pot_order(root: Path) -> None:
    statement = make(root)
    pot = read_catalog(statement.pot_path)
    assert [e.msgid for e in pot] == [e.msgid for e in statement.catalog("ar")]
    assert pot[0].comment == "title"
    assert pot[0].occurrences == [("source.md", "1")]


def test_saving_one_entry_keeps_the_file_as_a_full_write_would(root: Path) -> None:
    import polib

    from workflow.catalog.pofile import catalog_text
    from workflow.team.review import revision, save_unit
    from workflow.team.users import User

    long = "A paragraph long enough to be wrapped by Poedit at seventy-eight columns, " * 3
    source = f'# Title\n\n{long}\n\nLine with "quotes" and a tab\tinside.\n\nLast\u2028one.\n'
    statement = create_statement(root, source.encode(), "s.md", languages=["ar"])
    user = User("Layla", "reviewer", ["ar"])
    for number, entry in enumerate(statement.catalog("ar")):
        from workflow.catalog.unit import unit_id

        state = ["draft", "translated", "approved", "translated"][number % 4]
        payload = {
            # A line separator only where the source has one (else the save is refused).
            "translation": f'نص "{number}"'
            + ("\u2028" if "\u2028" in entry.msgid else "\t")
            + "سطر",
            "state": state,
            "revision": revision(entry),
        }
        save_unit(statement, "ar", unit_id(entry.msgid), payload, user)
        text = statement.po_path("ar").read_text(encoding="utf-8")
        assert text == catalog_text(statement.catalog("ar"))  # same bytes as a full rewrite
    msgfmt_check(statement.po_path("ar"))
    # A file saved by Poedit (wrapped lines) is parsed whole instead, and saved canonically.
    catalog = statement.catalog("ar")
    catalog.wrapwidth = 78
    statement.po_path("ar").write_text(catalog.__unicode__(), encoding="utf-8")
    entry = next(e for e in statement.catalog("ar") if e.msgid.startswith("A paragraph"))
    from workflow.catalog.unit import unit_id

    save_unit(
        statement,
        "ar",
        unit_id(entry.msgid),
        {"translation": "جديد", "state": "draft", "revision": revision(entry)},
        user,
    )
    assert next(e for e in statement.catalog("ar") if e.msgid == entry.msgid).msgstr == "جديد"
    assert f'msgid "{long.strip()}"' in statement.po_path("ar").read_text(encoding="utf-8")
    assert isinstance(polib.pofile(str(statement.po_path("ar"))), polib.POFile)


def test_a_review_save_reads_and_writes_one_entry(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workflow.catalog.unit import unit_id
    from workflow.team.review import revision, save_unit
    from workflow.team.users import User

    statement = make(root)
    entry = statement.catalog("kmr")[1]
    parsed = []
    monkeypatch.setattr(Statement, "catalog", lambda self, lang: parsed.append(lang))
    payload = {"translation": "Em bang dikin", "state": "translated", "revision": revision(entry)}
    save_unit(statement, "kmr", unit_id(entry.msgid), payload, User("Dilan", "translator", ["kmr"]))
    assert parsed == []  # the whole catalog was not parsed
    assert 'msgstr "Em bang dikin"' in statement.po_path("kmr").read_text(encoding="utf-8")


def test_the_blocks_setting_does_not_undo_an_update_made_meanwhile(root: Path) -> None:
    """An editor's page loaded the statement before an update changed its format and title:
    saving the blocks setting keeps what the update wrote."""
    text = "Old title\n\nphoto: someone\n\nA line.\n"
    create_statement(
        root, text.encode(), "s.txt", slug="s", languages=["ar"], skip=["photo: someone"]
    )
    seen = Statement.load(root, "s")  # the page's copy
    update_statement(
        Statement.load(root, "s"), b"# New title\n\nphoto: someone\n\nA line.\n", "s.md"
    )
    assert set_omit_skipped(seen, True)
    again = Statement.load(root, "s")
    assert again.meta.omit_skipped and again.meta.format == "md"
    assert again.meta.title == "New title" and again.source_path.is_file()
    assert not set_omit_skipped(again, True)  # nothing to change
