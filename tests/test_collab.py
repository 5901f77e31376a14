"""The notes of a unit (comments, proposals, votes) as the core keeps them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from workflow.catalog.statement import Statement, create_statement, update_statement
from workflow.catalog.unit import unit_id
from workflow.team import collab
from workflow.team.review import locate, revision

SOURCE = "# Title\n\nThe first paragraph about 12 detainees.\n\nA second paragraph.\n"
FIRST = "The first paragraph about 12 detainees."


@pytest.fixture
def statement(root: Path) -> Statement:
    """A small statement in Arabic and Kurmanji."""
    return create_statement(root, SOURCE.encode(), "s.md", slug="s", languages=["ar", "kmr"])


def test_comment_thread_and_resolve(statement: Statement) -> None:
    uid = unit_id(FIRST)
    question = collab.add_comment(statement, "ar", uid, "Which term for detainees?", "Layla")
    answer = collab.add_comment(statement, "ar", uid, "أسرى", "Editor", reply_to=question.id)
    other = collab.add_comment(statement, "kmr", uid, "Girtî?", "Azad")
    notes = collab.load_notes(statement)
    assert [c.id for c in notes.unit_comments("ar", uid)] == [question.id, answer.id]
    assert not answer.question and question.question
    assert [c.id for c in notes.open_questions()] == [question.id, other.id]
    collab.resolve_comment(statement, "ar", uid, question.id, "Editor")
    notes = collab.load_notes(statement)
    assert [c.id for c in notes.open_questions("ar")] == []
    assert notes.comments[question.id].resolved_by == "Editor"
    with pytest.raises(collab.NoteError):
        collab.resolve_comment(statement, "kmr", uid, question.id, "Editor")
    with pytest.raises(collab.NoteError):
        collab.add_comment(statement, "ar", uid, "   ", "Layla")


def test_a_comment_does_not_change_the_revision(statement: Statement) -> None:
    uid = unit_id(FIRST)
    text = statement.po_path("ar").read_text(encoding="utf-8")
    before = revision(locate(statement, "ar", uid, text)[0])
    po_bytes = statement.po_path("ar").read_bytes()
    collab.add_comment(statement, "ar", uid, "A question", "Layla")
    collab.add_proposal(statement, "ar", uid, "اقتراح", "Layla")
    assert statement.po_path("ar").read_bytes() == po_bytes
    text = statement.po_path("ar").read_text(encoding="utf-8")
    assert revision(locate(statement, "ar", uid, text)[0]) == before


def test_votes_once_per_person_and_closing(statement: Statement) -> None:
    uid = unit_id(FIRST)
    first = collab.add_proposal(statement, "ar", uid, "الأولى", "Layla")
    second = collab.add_proposal(statement, "ar", uid, "الثانية", "Karim")
    collab.vote(statement, "ar", uid, second.id, "Rania")
    collab.vote(statement, "ar", uid, second.id, "Rania")
    collab.vote(statement, "ar", uid, second.id, "Layla")
    notes = collab.load_notes(statement)
    assert [p.id for p in notes.unit_proposals("ar", uid)] == [second.id, first.id]
    assert notes.proposals[second.id].as_json()["votes"] == 2
    collab.vote(statement, "ar", uid, second.id, "Layla", undo=True)
    assert collab.load_notes(statement).proposals[second.id].votes == ["Rania"]
    collab.close_proposal(statement, "ar", uid, first.id, "Rania", accepted=False)
    assert [p.id for p in collab.load_notes(statement).unit_proposals("ar", uid)] == [second.id]
    with pytest.raises(collab.NoteError, match="dismissed"):
        collab.vote(statement, "ar", uid, first.id, "Rania")


def test_notes_follow_an_amended_unit_and_stay_with_a_removed_one(statement: Statement) -> None:
    uid = unit_id(FIRST)
    second = unit_id("A second paragraph.")
    question = collab.add_comment(statement, "ar", uid, "About the number", "Layla")
    proposal = collab.add_proposal(statement, "kmr", uid, "Paragrafa yekem", "Azad")
    gone = collab.add_comment(statement, "ar", second, "Keep this?", "Layla")
    amended = SOURCE.replace("12 detainees", "15 detainees").replace("A second paragraph.\n", "")
    update_statement(statement, amended.encode(), "s.md")
    new_id = unit_id(FIRST.replace("12", "15"))
    notes = collab.load_notes(statement)
    assert [c.id for c in notes.unit_comments("ar", new_id)] == [question.id]
    assert [p.id for p in notes.unit_proposals("kmr", new_id)] == [proposal.id]
    assert notes.unit_comments("ar", uid) == []
    assert [c.id for c in notes.unit_comments("ar", second)] == [gone.id]
    # A comment made elsewhere on the old id before a sync still finds the unit.
    late = collab.add_comment(statement, "ar", uid, "Written before the sync", "Karim")
    assert collab.load_notes(statement).comments[late.id].unit == new_id


def test_a_broken_line_is_skipped(statement: Statement) -> None:
    uid = unit_id(FIRST)
    collab.add_comment(statement, "ar", uid, "kept", "Layla")
    with collab.log_path(statement).open("a", encoding="utf-8") as handle:
        handle.write('{"ev": "comment", "id": "trunc')
    with collab.log_path(statement).open("a", encoding="utf-8") as handle:
        handle.write("\n")
    collab.add_comment(statement, "ar", uid, "after", "Layla")
    texts = [c.text for c in collab.load_notes(statement).unit_comments("ar", uid)]
    assert texts == ["kept", "after"]


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_two_offices_commenting_merge_without_conflict(tmp_path: Path) -> None:
    bare = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", str(bare))
    one = tmp_path / "one"
    create_statement(one, SOURCE.encode(), "s.md", slug="s", languages=["ar"])
    _git(one, "init", "-q", "-b", "main")
    _git(one, "add", ".")
    _git(one, "commit", "-q", "-m", "start")
    _git(one, "remote", "add", "origin", str(bare))
    _git(one, "push", "-q", "-u", "origin", "main")
    collab.add_comment(Statement.load(one, "s"), "ar", unit_id(FIRST), "first", "Layla")
    _git(one, "add", "."), _git(one, "commit", "-q", "--allow-empty", "-m", "office one")
    two = tmp_path / "two"
    _git(tmp_path, "clone", "-q", "-b", "main", str(bare), str(two))
    collab.add_comment(Statement.load(two, "s"), "ar", unit_id(FIRST), "second", "Karwan")
    _git(two, "add", "."), _git(two, "commit", "-q", "--allow-empty", "-m", "office two")
    _git(two, "push", "-q")
    _git(one, "pull", "-q", "--rebase")
    texts = {c.text for c in collab.load_notes(Statement.load(one, "s")).comments.values()}
    assert texts == {"first", "second"}


def test_cli_search_and_questions(cli: Any, statement: Statement) -> None:
    collab.add_comment(statement, "ar", unit_id(FIRST), "Which word for detainees?", "Layla")
    collab.add_comment(statement, "ar", unit_id(FIRST), "Just a note", "Layla", question=False)
    found = json.loads(cli("questions", "--format", "json", check=True).stdout)["questions"]
    assert [(q["slug"], q["lang"], q["text"]) for q in found] == [
        ("s", "ar", "Which word for detainees?")
    ]
    assert "No open questions." in cli("questions", "s", "--lang", "kmr", check=True).stdout
    hits = json.loads(cli("search", "DETAINEES", "--format", "json", check=True).stdout)["hits"]
    assert sorted(h["lang"] for h in hits) == ["ar", "kmr"]
    assert cli("search", "detainees", "--lang", "xx").returncode == 1


def _from_scratch(statement: Statement) -> collab.Notes:
    """The notes replayed from the whole log, as a process that never read it would."""
    collab._REPLAYED.clear()
    return collab.load_notes(statement)


def test_notes_read_again_after_appends_are_the_whole_log_replayed(statement: Statement) -> None:
    uid = unit_id(FIRST)
    asked = collab.add_comment(statement, "ar", uid, "Is 12 right?", "Layla")
    before = collab.load_notes(statement)
    proposal = collab.add_proposal(statement, "ar", uid, "اثنا عشر معتقلاً", "Rania")
    collab.vote(statement, "ar", uid, proposal.id, "Layla")
    collab.resolve_comment(statement, "ar", uid, asked.id, "Rania")
    collab.record_version(statement, "ar", uid, "Rania", "translated", "نص").flush()
    collab.record_moves(statement, {uid: "0123456789"})
    after = collab.load_notes(statement)
    assert after is not before and list(before.proposals) == []  # handed out: not grown
    assert after == _from_scratch(statement)
    assert after.proposals[proposal.id].votes == ["Layla"] and after.comments[asked.id].resolved
    assert [v.unit for v in after.versions] == ["0123456789"]  # moved with its unit


def test_notes_are_replayed_anew_when_the_log_was_rewritten(statement: Statement) -> None:
    uid = unit_id(FIRST)
    collab.add_comment(statement, "ar", uid, "first text", "Layla")
    assert [c.text for c in collab.load_notes(statement).unit_comments("ar", uid)] == ["first text"]
    path = collab.log_path(statement)
    # Edited in place, longer than before (as a hand edit or an editor that keeps the file
    # might): what was replayed is no longer the start of the file.
    path.write_text(path.read_text(encoding="utf-8").replace("first text", "a changed text"))
    assert [c.text for c in collab.load_notes(statement).unit_comments("ar", uid)] == [
        "a changed text"
    ]


def test_a_note_still_being_written_waits_for_its_newline(statement: Statement) -> None:
    uid = unit_id(FIRST)
    collab.add_comment(statement, "ar", uid, "kept", "Layla")
    collab.load_notes(statement)
    line = json.dumps(
        {
            "ev": "comment",
            "id": "abcd1234",
            "lang": "ar",
            "unit": uid,
            "author": "Rania",
            "date": "2099-01-01T00:00:00+00:00",
            "text": "late",
        }
    )
    with collab.log_path(statement).open("a", encoding="utf-8") as handle:
        handle.write(line[:20])
    assert [c.text for c in collab.load_notes(statement).unit_comments("ar", uid)] == ["kept"]
    with collab.log_path(statement).open("a", encoding="utf-8") as handle:
        handle.write(line[20:] + "\n")
    notes = collab.load_notes(statement)
    assert [c.text for c in notes.unit_comments("ar", uid)] == ["kept", "late"]
    assert notes == _from_scratch(statement)


def test_notes_handed_out_stay_as_they_were(statement: Statement) -> None:
    uid = unit_id(FIRST)
    proposal = collab.add_proposal(statement, "ar", uid, "اثنا عشر معتقلاً", "Rania")
    collab.vote(statement, "ar", uid, proposal.id, "Layla")
    voted = collab.load_notes(statement)
    collab.vote(statement, "ar", uid, proposal.id, "Layla", undo=True)
    collab.close_proposal(statement, "ar", uid, proposal.id, "Rania", accepted=False)
    collab.record_moves(statement, {uid: "0123456789"})
    now = collab.load_notes(statement)
    assert voted.proposals[proposal.id].votes == ["Layla"]
    assert (voted.proposals[proposal.id].status, voted.proposals[proposal.id].unit) == ("open", uid)
    assert now.proposals[proposal.id].votes == []
    assert (now.proposals[proposal.id].status, now.proposals[proposal.id].unit) == (
        "dismissed",
        "0123456789",
    )
    assert now == _from_scratch(statement)


def test_a_version_never_recorded_is_named_by_its_record(tmp_path: Path) -> None:
    """The current text, saved outside the tool (no version in the log), is shown with the
    name and day of its record: "Rania 2026-12-01 text:…" was read as the name
    "Rania 2026-12-01" and the day "text:…"."""
    from datetime import date

    from workflow.catalog.state import apply_human
    from workflow.team.unithistory import unit_history

    statement = create_statement(
        tmp_path, b"# Title\n\nA paragraph of the statement.\n", "s.md", slug="s", languages=["ar"]
    )
    catalog = statement.catalog("ar")
    entry = next(e for e in catalog if e.msgid == "Title")
    apply_human(entry, "العنوان", "approved", "Rania", date(2026, 12, 1))
    statement.save_catalog("ar", catalog)
    history = unit_history(statement, "ar", entry)
    assert [(v["author"], v["date"], v["translation"]) for v in history] == [
        ("Rania", "2026-12-01", "العنوان")
    ]
