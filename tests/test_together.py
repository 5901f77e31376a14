"""Working together through the Flask test client: comments, proposals and votes, history
and restore, other languages, search, presence; every endpoint for every role."""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from workflow.catalog.search import fold, search
from workflow.catalog.state import markers
from workflow.catalog.statement import Statement, update_statement
from workflow.catalog.unit import unit_id
from workflow.team import collab, presence
from workflow.team.teamwork import current_entry

from .conftest import json_of
from .webapp import SOURCE, csrf_from, login

CEASEFIRE = "We call for an immediate ceasefire and an end to the siege of 2.2 million people."
UNIT = unit_id(CEASEFIRE)
BASE = f"/api/statements/gaza/ar/units/{UNIT}"


def as_user(app: Flask, instance: Path, name: str) -> tuple[FlaskClient, str]:
    client = app.test_client()
    return client, login(client, instance, name)


def post(client: FlaskClient, csrf: str, path: str, payload: Any = None) -> Any:
    return client.post(path, json=payload or {}, headers={"X-CSRFToken": csrf})


def get_unit(client: FlaskClient, lang: str = "ar", unit: str = UNIT) -> dict[str, Any]:
    response = client.get(f"/api/statements/gaza/{lang}/units/{unit}")
    assert response.status_code == 200
    return dict(response.json or {})


def save(client: FlaskClient, csrf: str, text: str, state: str = "translated") -> Any:
    revision = get_unit(client)["revision"]
    return post(client, csrf, BASE, {"translation": text, "state": state, "revision": revision})


def test_comments_ask_answer_resolve(app: Flask, instance: Path) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    before = get_unit(layla)
    asked = post(layla, csrf, BASE + "/comments", {"text": "Siege: حصار or إغلاق?"})
    assert asked.status_code == 201
    question = asked.json
    assert set(question) >= {"id", "author", "date", "text", "resolved"}
    assert question["author"] == "Layla" and question["resolved"] is False
    editor, ecsrf = as_user(app, instance, "Editor")
    answer = post(editor, ecsrf, BASE + "/comments", {"text": "حصار", "reply_to": question["id"]})
    assert answer.status_code == 201
    unit = get_unit(layla)
    assert [c["text"] for c in unit["comments"]] == ["Siege: حصار or إغلاق?", "حصار"]
    # No false conflict: a comment does not change the unit's revision.
    assert unit["revision"] == before["revision"]
    assert save(layla, csrf, "ندعو إلى وقف فوري لإطلاق النار").status_code == 200
    # The open question shows on the dashboard and the statement page, linked to its unit.
    for page in ("/", "/s/gaza/"):
        html = editor.get(page).text
        assert html.count('class="open-question-link"') == 1
        assert f"/s/gaza/ar/u/{UNIT}#comment-{question['id']}" in html
    statuses = json_of(editor.get("/api/statements"))
    assert statuses[0]["open_questions"][0]["unit"] == UNIT
    karwan, kcsrf = as_user(app, instance, "Karwan")
    assert post(karwan, kcsrf, BASE + "/comments", {"text": "x"}).status_code == 403
    assert "open-question-link" not in karwan.get("/").text
    resolve = f"{BASE}/comments/{question['id']}/resolve"
    assert post(karwan, kcsrf, resolve).status_code == 403
    assert post(layla, csrf, resolve).status_code == 200
    assert get_unit(layla)["comments"][0]["resolved"] is True
    assert "open-question-link" not in editor.get("/").text
    assert post(layla, csrf, f"{BASE}/comments/00000000/resolve").status_code == 404
    assert post(layla, csrf, BASE + "/comments", {"text": "  "}).status_code == 400
    assert post(layla, csrf, BASE + "/comments", ["text"]).status_code == 400
    bad_reply = {"text": "x", "reply_to": "00000000"}
    assert post(layla, csrf, BASE + "/comments", bad_reply).status_code == 400


def test_only_the_asker_reviewers_and_editors_resolve(app: Flask, instance: Path) -> None:
    rania, rcsrf = as_user(app, instance, "Rania")
    asked = post(rania, rcsrf, BASE + "/comments", {"text": "Is 2.2 million right?"}).json
    layla, csrf = as_user(app, instance, "Layla")
    assert post(layla, csrf, f"{BASE}/comments/{asked['id']}/resolve").status_code == 403
    editor, ecsrf = as_user(app, instance, "Editor")
    assert post(editor, ecsrf, f"{BASE}/comments/{asked['id']}/resolve").status_code == 200
    reopened = post(rania, rcsrf, f"{BASE}/comments/{asked['id']}/resolve", {"resolved": False})
    assert reopened.json["resolved"] is False


def test_proposals_votes_accept_dismiss(app: Flask, instance: Path, statement: Statement) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    assert save(layla, csrf, "ندعو إلى وقف إطلاق النار").status_code == 200
    made = post(layla, csrf, BASE + "/proposals", {"translation": "ندعو إلى وقف فوري لإطلاق النار"})
    assert made.status_code == 201
    proposal = made.json
    assert set(proposal) >= {"id", "author", "date", "translation", "votes"}
    other = post(layla, csrf, BASE + "/proposals", {"translation": "نطالب بوقف إطلاق النار"}).json
    assert post(layla, csrf, BASE + "/proposals", {"translation": ""}).status_code == 400
    same = {"translation": "ندعو إلى وقف إطلاق النار"}
    assert post(layla, csrf, BASE + "/proposals", same).status_code == 400
    karwan, kcsrf = as_user(app, instance, "Karwan")
    assert post(karwan, kcsrf, BASE + "/proposals", {"translation": "x"}).status_code == 403
    assert post(karwan, kcsrf, f"{BASE}/proposals/{proposal['id']}/vote").status_code == 403
    rania, rcsrf = as_user(app, instance, "Rania")
    assert post(rania, rcsrf, f"{BASE}/proposals/{proposal['id']}/vote").json["votes"] == 1
    editor, ecsrf = as_user(app, instance, "Editor")
    assert post(editor, ecsrf, f"{BASE}/proposals/{proposal['id']}/vote").json["votes"] == 2
    # Its author's vote would count a proposal twice: refused, and no button offers it.
    own = post(layla, csrf, f"{BASE}/proposals/{proposal['id']}/vote")
    assert own.status_code == 403 and "person who made it" in own.json["error"]
    assert get_unit(layla)["proposals"][0]["votes"] == 2
    unit = get_unit(layla)
    assert [p["id"] for p in unit["proposals"]] == [proposal["id"], other["id"]]
    assert unit["suggestion"] is None  # the machine suggestion field is not a proposal
    page = layla.get(f"/s/gaza/ar/u/{UNIT}").text
    assert "<ins>فوري </ins>" in page or "<ins>فوري" in page
    # Translators may not accept or dismiss.
    accept = f"{BASE}/proposals/{proposal['id']}/accept"
    assert post(layla, csrf, accept, {"revision": unit["revision"]}).status_code == 403
    assert post(layla, csrf, f"{BASE}/proposals/{other['id']}/dismiss").status_code == 403
    # A stale revision is a conflict; nothing changes.
    stale = post(rania, rcsrf, accept, {"revision": "0" * 12})
    assert stale.status_code == 409 and stale.json["current"]["revision"] == unit["revision"]
    assert get_unit(layla)["translation"] == "ندعو إلى وقف إطلاق النار"
    accepted = post(rania, rcsrf, accept, {"revision": unit["revision"]})
    assert accepted.status_code == 200, accepted.json
    assert accepted.json["state"] == "approved"
    now = get_unit(layla)
    assert now["translation"] == "ندعو إلى وقف فوري لإطلاق النار"
    marks = markers(current_entry(statement, "ar", UNIT))
    assert marks["translated"].startswith("Layla ") and marks["approved"].startswith("Rania ")
    # The history says who wrote the text and who approved it (it said "Layla approved").
    newest = json_of(layla.get(BASE + "/history"))[0]
    assert (newest["author"], newest["state"], newest["approved_by"]) == (
        "Layla",
        "approved",
        "Rania",
    )
    history = layla.get(f"/s/gaza/ar/u/{UNIT}").text.split('id="history"')[1]
    assert "approved by <bdi>Rania</bdi>" in history
    assert [p["id"] for p in now["proposals"]] == [other["id"]]
    again = post(rania, rcsrf, accept, {"revision": now["revision"]})
    assert again.status_code == 400 and "already accepted" in again.json["error"]
    assert post(rania, rcsrf, f"{BASE}/proposals/{other['id']}/dismiss").status_code == 200
    assert get_unit(layla)["proposals"] == []
    assert post(rania, rcsrf, f"{BASE}/proposals/00000000/vote").status_code == 404


def test_editor_accepts_and_limits_hold(app: Flask, instance: Path) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    too_long = post(layla, csrf, BASE + "/proposals", {"translation": "x" * 20_001})
    assert too_long.status_code == 400
    unit = get_unit(layla)
    assert unit["proposals"] == []
    made = post(layla, csrf, BASE + "/proposals", {"translation": "نص مقترح"}).json
    editor, ecsrf = as_user(app, instance, "Editor")
    response = post(
        editor, ecsrf, f"{BASE}/proposals/{made['id']}/accept", {"revision": unit["revision"]}
    )
    assert response.status_code == 200
    assert get_unit(layla)["state"] == "approved"


def test_history_and_restore(app: Flask, instance: Path) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    assert save(layla, csrf, "النص الأول", "draft").status_code == 200
    assert save(layla, csrf, "النص الثاني").status_code == 200
    rania, rcsrf = as_user(app, instance, "Rania")
    assert save(rania, rcsrf, "النص الثالث", "approved").status_code == 200
    history = json_of(layla.get(BASE + "/history"))
    assert [(v["translation"], v["state"], v["author"]) for v in history] == [
        ("النص الثالث", "approved", "Rania"),
        ("النص الثاني", "translated", "Layla"),
        ("النص الأول", "draft", "Layla"),
    ]
    assert all(set(v) >= {"id", "date", "author", "state", "translation"} for v in history)
    assert ["delete", "النص الثاني"] not in history[0]["diff"]
    revision = get_unit(layla)["revision"]
    stale = post(layla, csrf, BASE + "/restore", {"version": 1, "revision": "0" * 12})
    assert stale.status_code == 409
    restored = post(layla, csrf, BASE + "/restore", {"version": 1, "revision": revision})
    assert restored.status_code == 200 and restored.json["state"] == "translated"
    history = json_of(layla.get(BASE + "/history"))
    assert [v["translation"] for v in history][:2] == ["النص الثاني", "النص الثالث"]
    assert len(history) == 4  # a new save, never a rewrite
    # The version's id names it wherever it now stands (a sync can put another office's
    # version before it, and the number then names another version).
    first = history[3]
    revision = get_unit(layla)["revision"]
    moved = {"version": 1, "id": first["id"], "revision": revision}
    assert post(layla, csrf, BASE + "/restore", moved).json["translation"] == "النص الأول"
    gone = {"version": 1, "id": "0" * 12, "revision": get_unit(layla)["revision"]}
    assert post(layla, csrf, BASE + "/restore", gone).status_code == 404
    assert post(layla, csrf, BASE + "/restore", {"version": 99, "revision": "x"}).status_code == 404
    assert post(layla, csrf, BASE + "/restore", {"version": "1"}).status_code == 400
    karwan, kcsrf = as_user(app, instance, "Karwan")
    assert karwan.get(BASE + "/history").status_code == 403
    assert (
        post(karwan, kcsrf, BASE + "/restore", {"version": 0, "revision": "x"}).status_code == 403
    )


def test_a_version_is_on_disk_before_the_answer_and_after_the_lock(
    app: Flask, instance: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log's flush of a save's version waits for no lock: the next save of the language
    may start meanwhile; the answer comes only after it."""
    layla, csrf = as_user(app, instance, "Layla")
    log = collab.log_path(statement)
    flushed: list[bool] = []  # for each flush of the log: was the catalog's lock free?
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}") == str(log):
            probe = os.open(statement.dir / ".ar.po.lock", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                flushed.append(True)
            except BlockingIOError:
                flushed.append(False)
            finally:
                os.close(probe)  # closing the file lets its lock go
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    answer = save(layla, csrf, "النص الأول")
    assert answer.status_code == 200
    assert flushed == [True]
    assert [v.translation for v in collab.load_notes(statement).versions] == ["النص الأول"]


def test_a_save_is_on_disk_with_its_folder_before_the_answer(
    app: Flask, instance: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rename is on disk once its folder is flushed: the new catalog's bytes are flushed
    before it takes the old one's place (under the lock), its folder and the log after the
    lock, all before the answer. Flushing the catalog's file alone left the rename to the
    file system (without a journal, to the next write-back)."""
    layla, csrf = as_user(app, instance, "Layla")
    flushed: list[tuple[str, bool]] = []  # each flush: what, and was the catalog's lock free?
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        target = os.readlink(f"/proc/self/fd/{fd}")
        probe = os.open(statement.dir / ".ar.po.lock", os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            free = True
        except BlockingIOError:
            free = False
        finally:
            os.close(probe)
        if target == str(statement.dir):
            flushed.append(("folder", free))
        elif target == str(collab.log_path(statement)):
            flushed.append(("log", free))
        elif Path(target).name.startswith(".ar.po."):
            flushed.append(("catalog", free))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    assert save(layla, csrf, "النص الأول").status_code == 200
    assert flushed == [("catalog", False), ("folder", True), ("log", True)]
    flushed.clear()
    stale = {"translation": "النص الثاني", "state": "translated", "revision": "stale"}
    assert post(layla, csrf, BASE, stale).status_code == 409
    assert flushed == []  # nothing written, nothing flushed


def test_history_from_git(root: Path, instance: Path, statement: Statement, tmp_path: Path) -> None:
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "start"]):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )
    app = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance, "TESTING": True})
    layla, csrf = as_user(app, instance, "Layla")
    assert save(layla, csrf, "النص الأول").status_code == 200
    rania, rcsrf = as_user(app, instance, "Rania")
    assert save(rania, rcsrf, "النص الثاني", "approved").status_code == 200
    post(layla, csrf, BASE + "/comments", {"text": "committed too"})
    history = json_of(layla.get(BASE + "/history"))
    assert [(v["translation"], v["author"]) for v in history] == [
        ("النص الثاني", "Rania"),
        ("النص الأول", "Layla"),
    ]
    assert not collab.load_notes(statement).versions  # git is the record here
    log = subprocess.run(
        ["git", "log", "--format=%an %s"], cwd=root, capture_output=True, text=True
    ).stdout
    assert f"Layla Layla: gaza question on ar {UNIT}" in log
    # The source is amended: the history follows the unit through its previous source.
    # (the update is a commit of its own)
    update_statement(statement, SOURCE.replace("2.2 million", "2.3 million").encode(), "gaza.md")
    new_id = unit_id(CEASEFIRE.replace("2.2", "2.3"))
    moved = json_of(layla.get(f"/api/statements/gaza/ar/units/{new_id}/history"))
    assert [v["translation"] for v in moved][-2:] == ["النص الثاني", "النص الأول"]
    assert get_unit(layla, unit=new_id)["comments"][0]["text"] == "committed too"


def test_comments_survive_an_amending_update(
    app: Flask, instance: Path, statement: Statement
) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    post(layla, csrf, BASE + "/comments", {"text": "Check the number"})
    post(layla, csrf, BASE + "/proposals", {"translation": "اقتراح"})
    update_statement(statement, SOURCE.replace("2.2 million", "2.3 million").encode(), "gaza.md")
    new_id = unit_id(CEASEFIRE.replace("2.2", "2.3"))
    unit = get_unit(layla, unit=new_id)
    assert [c["text"] for c in unit["comments"]] == ["Check the number"]
    assert [p["translation"] for p in unit["proposals"]] == ["اقتراح"]
    assert layla.get(BASE).status_code == 404


def test_other_languages_beside_the_unit(app: Flask, instance: Path) -> None:
    rania, rcsrf = as_user(app, instance, "Rania")
    assert save(rania, rcsrf, "ندعو إلى وقف فوري", "approved").status_code == 200
    karwan, _ = as_user(app, instance, "Karwan")
    unit = get_unit(karwan, "ckb")
    assert unit["other_languages"] == {
        "ar": {"translation": "ندعو إلى وقف فوري", "state": "approved"},
        "kmr": {"translation": "", "state": "untranslated"},
    }
    page = karwan.get(f"/s/gaza/ckb/u/{UNIT}").text
    assert '<p class="target" lang="ar" dir="rtl">ندعو إلى وقف فوري</p>' in page
    assert list(get_unit(rania)["other_languages"]) == ["ckb", "kmr"]


def test_search_folds_arabic_not_kurmanji(
    app: Flask, instance: Path, root: Path, statement: Statement
) -> None:
    rania, rcsrf = as_user(app, instance, "Rania")
    assert save(rania, rcsrf, "نُطالِبُ بِوَقْفِ إطلاق النار في غزّة", "approved").status_code == 200
    hits = json_of(rania.get("/api/search?q=اطلاق النار&lang=ar"))
    assert [(h["slug"], h["unit"], h["state"]) for h in hits] == [("gaza", UNIT, "approved")]
    assert set(hits[0]) >= {"slug", "unit", "source", "translation", "state"}
    assert json_of(rania.get("/api/search?q=نطالب بوقف&lang=ar"))[0]["unit"] == UNIT
    assert json_of(rania.get("/api/search?q=غزه&lang=ar"))[0]["unit"] == UNIT
    assert json_of(rania.get("/api/search?q=CEASEFIRE&lang=ar"))[0]["unit"] == UNIT
    assert rania.get("/api/search?q=ceasefire&lang=ckb").status_code == 403
    assert rania.get("/api/search?q=x&lang=ar").json == []
    editor, _ = as_user(app, instance, "Editor")
    everywhere = json_of(editor.get("/api/search?q=ceasefire"))
    assert {h["lang"] for h in everywhere} == {"ar", "ckb", "kmr"}
    assert {h["lang"] for h in json_of(rania.get("/api/search?q=ceasefire"))} == {"ar"}
    page = rania.get("/search?q=اطلاق").text
    assert f"/s/gaza/ar/u/{UNIT}" in page and page.count('class="card unit hit"') == 1
    assert 'id="top-search"' in rania.get("/").text


def test_folding_rules() -> None:
    assert fold("إِنَّ", "ar") == fold("ان", "ar")
    assert fold("مدرسة", "ar") == fold("مدرسه", "ar")
    assert fold("على", "ar") == fold("علي", "ar")
    assert fold("کوردی", "ckb") == fold("كوردي", "ckb")
    assert fold("کوردی", "ar") == fold("كوردي", "ar")
    assert fold("Kurdî", "kmr") != fold("Kurdi", "kmr")
    assert fold("Şer", "kmr") == fold("şer", "kmr")
    assert fold("ئێمە", "ckb") != fold("يێمە", "ckb")


def test_search_over_statements_and_roles(root: Path, statement: Statement) -> None:
    assert search(root, "siege", ["kmr"])[0].lang == "kmr"
    assert search(root, "siege", []) == []
    assert len(search(root, "e", None)) == 0


def test_presence_is_soft(app: Flask, instance: Path) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    rania, rcsrf = as_user(app, instance, "Rania")
    assert post(layla, csrf, BASE + "/presence").json == {"working": []}
    assert get_unit(rania)["working"] == ["Layla"]
    page = rania.get(f"/s/gaza/ar/u/{UNIT}").text
    assert re.search(r'id="presence"[^>]*><bdi>Layla</bdi> \S', page)
    assert get_unit(layla)["working"] == []
    assert save(rania, rcsrf, "نص").status_code == 200  # never a lock
    post(layla, csrf, BASE + "/presence", {"left": True})
    assert get_unit(rania)["working"] == []
    karwan, kcsrf = as_user(app, instance, "Karwan")
    assert post(karwan, kcsrf, BASE + "/presence").status_code == 403


def test_presence_ends_when_a_page_falls_silent(app: Flask, instance: Path) -> None:
    """A page closed without saying so (a phone whose battery died) stops showing its
    volunteer once it missed two of its minute's refreshes, not five minutes later."""
    layla, csrf = as_user(app, instance, "Layla")
    rania, _ = as_user(app, instance, "Rania")
    post(layla, csrf, BASE + "/presence")

    def silent_for(seconds: int) -> None:
        with closing(sqlite3.connect(instance / presence.DB_NAME)) as db, db:
            db.execute("UPDATE presence SET seen = ?", (time.time() - seconds,))

    silent_for(2 * 60)  # one refresh missed: a slow network, still there
    assert get_unit(rania)["working"] == ["Layla"]
    silent_for(3 * 60)
    assert get_unit(rania)["working"] == []


def test_pages_without_javascript(app: Flask, instance: Path) -> None:
    layla, _ = as_user(app, instance, "Layla")
    page = layla.get(f"/s/gaza/ar/u/{UNIT}")
    csrf = csrf_from(page.text)
    form = f"/s/gaza/ar/u/{UNIT}"
    asked = layla.post(form + "/comments", data={"csrf_token": csrf, "text": "سؤال؟"})
    assert asked.status_code == 302 and asked.location.endswith("#comments")
    question = get_unit(layla)["comments"][0]
    layla.post(
        form + "/comments", data={"csrf_token": csrf, "text": "جواب", "reply_to": question["id"]}
    )
    layla.post(form + "/comments", data={"csrf_token": csrf, "text": "ملاحظة", "kind": "remark"})
    comments = get_unit(layla)["comments"]
    assert [(c["text"], c["question"]) for c in comments] == [
        ("سؤال؟", True),
        ("جواب", False),
        ("ملاحظة", False),
    ]
    layla.post(form + "/proposals", data={"csrf_token": csrf, "translation": "مقترح أول"})
    assert 'class="vote"' not in layla.get(form).text  # not on one's own proposal
    rania, rcsrf = as_user(app, instance, "Rania")
    post(rania, rcsrf, BASE + "/proposals", {"translation": "مقترح"})
    proposal = next(p for p in get_unit(layla)["proposals"] if p["author"] == "Rania")
    layla.post(f"{form}/proposals/{proposal['id']}/vote", data={"csrf_token": csrf})
    voted = {p["author"]: p["votes"] for p in get_unit(layla)["proposals"]}
    assert voted == {"Layla": 0, "Rania": 1}
    html = layla.get(form).text
    assert (
        'name="undo"' in html
        and "button.accept" not in html
        and 'class="approve accept"' not in html
    )
    empty = layla.post(form + "/comments", data={"csrf_token": csrf, "text": ""})
    assert empty.status_code == 302
    assert 'class="flash error"' in layla.get(form).text
    rania, _ = as_user(app, instance, "Rania")
    rcsrf = csrf_from(rania.get(form).text)
    revision = get_unit(rania)["revision"]
    done = rania.post(
        f"{form}/proposals/{proposal['id']}/accept",
        data={"csrf_token": rcsrf, "revision": revision},
    )
    assert done.status_code == 302
    # What the checks found in the accepted text is said with it (2.2 million is missing).
    after = rania.get(form).text
    assert "Proposal accepted" in after and 'class="flash warning"' in after and "2.2" in after
    assert get_unit(rania)["translation"] == "مقترح"
    stale = rania.post(
        form + "/restore", data={"csrf_token": rcsrf, "version": "0", "revision": revision}
    )
    assert stale.status_code == 302
    assert 'class="flash error"' in rania.get(form).text
    for path in (form + "/comments", form + "/proposals", form + "/restore"):
        assert layla.post(path, data={"text": "x"}).status_code == 400  # CSRF


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/comments", None),
        ("/comments", ["text"]),
        ("/comments", {"text": 5}),
        ("/comments", {"text": "x" * 20_001}),
        ("/comments", {"text": "a\x00b"}),
        ("/comments", {"text": "x", "reply_to": 5}),
        ("/comments", {"text": "x", "question": "yes"}),
        ("/proposals", {"translation": {"a": 1}}),
        ("/proposals", {}),
        ("/restore", {"version": True, "revision": "x"}),
        ("/restore", {"version": 0}),
    ],
)
def test_bad_input_changes_nothing(
    app: Flask, instance: Path, statement: Statement, path: str, payload: Any
) -> None:
    layla, csrf = as_user(app, instance, "Layla")
    response = layla.post(BASE + path, json=payload, headers={"X-CSRFToken": csrf})
    assert response.status_code == 400 and response.is_json and json_of(response)["error"]
    assert not collab.log_path(statement).exists()


def test_a_replaced_word_stands_apart_from_its_replacement() -> None:
    """In a version's or a proposal's diff, the old word and the new one do not touch: in
    Arabic script the last letter of one would join the first letter of the other."""
    from webui.together import word_diff_html
    from workflow.catalog.diff import word_diff

    shown = str(word_diff_html(word_diff("خەڵکی فەلەستین", "خەڵکی غەززە")))
    assert shown == "خەڵکی <del>فەلەستین</del> <ins>غەززە</ins>"
    assert str(word_diff_html(word_diff("a b", "a b c"))) == "a b<ins> c</ins>"
    assert str(word_diff_html([("delete", "<x>"), ("equal", " y")])) == "<del>&lt;x&gt;</del> y"
