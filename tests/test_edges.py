"""Where the machine or the network fails: full disks, bad JSON, copied cookies, a history
that is not ready, languages a translator does not work in."""

from __future__ import annotations

import errno
import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock, Timeout
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from workflow.catalog.statement import CatalogLock, Statement, create_statement
from workflow.catalog.unit import unit_id
from workflow.cli import main
from workflow.errors import WorkflowError
from workflow.team.users import UserStore

from .conftest import json_of, snapshot
from .webapp import SOURCE, csrf_from, login, make_project

TITLE = unit_id("Statement on Gaza")
FULL = "could not save: the disk is full (nothing was changed)"


@pytest.fixture
def statement(root: Path, instance: Path, monkeypatch: pytest.MonkeyPatch) -> Statement:
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    return make_project(root, instance)


def revision(client: FlaskClient, unit: str = TITLE) -> str:
    return str(json_of(client.get(f"/api/statements/gaza/ar/units/{unit}"))["revision"])


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every write fails as on a full disk (at the fsync, after the data was handed over)."""

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("workflow.fileio.os.fsync", fsync)


def test_a_full_disk_is_one_clear_line_in_the_browser(
    client: FlaskClient, instance: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csrf = login(client, instance, "Layla")
    seen = revision(client)
    before = snapshot(root)
    disk_full(monkeypatch)
    api = client.post(
        f"/api/statements/gaza/ar/units/{TITLE}",
        json={"translation": "بيان", "state": "translated", "revision": seen},
        headers={"X-CSRFToken": csrf},
    )
    assert api.status_code == 507 and api.json == {"error": FULL}
    form = client.post(
        f"/s/gaza/ar/u/{TITLE}",
        data={
            "csrf_token": csrf,
            "translation": "بيان غزة",
            "state": "translated",
            "revision": seen,
        },
    )
    assert form.status_code == 507
    assert FULL in form.text and "بيان غزة" in form.text, "the typed text stays on the page"
    assert snapshot(root) == before
    assert not [p for p in (root / "gaza").iterdir() if p.name.endswith(".tmp")]


def test_a_full_disk_on_the_command_line(
    root: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path
) -> None:
    amended = tmp_path / "new.md"
    amended.write_text(SOURCE.replace("Free the detainees.", "Free all detainees."))
    before = snapshot(root)
    disk_full(monkeypatch)
    code = main(["--root", str(root), "update", "gaza", str(amended)])
    assert code == 1
    assert capsys.readouterr().err.strip() == f"statements: error: {FULL}"
    assert snapshot(root) == before


def test_a_read_only_disk(
    root: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("workflow.fileio._create", refuse)
    assert main(["--root", str(root), "glossary", "set", "siege", "--lang", "ar",
                 "--translation", "الحصار"]) == 1  # fmt: skip


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"translation": "x", "state": ', "not valid JSON"),
        (b'{"translation": "' + b"x" * 300_000 + b'"}', "too large"),
        (b"\xff\xfe{}", "not valid JSON"),
    ],
)
def test_bad_json_is_a_400_with_one_line(
    client: FlaskClient, instance: Path, root: Path, body: bytes, reason: str
) -> None:
    csrf = login(client, instance, "Layla")
    before = snapshot(root)
    response = client.post(
        f"/api/statements/gaza/ar/units/{TITLE}",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 400
    message = json_of(response)["error"]
    assert reason in message and "\n" not in message and len(message) < 200
    assert snapshot(root) == before


def test_a_translator_sees_only_statements_in_their_languages(
    client: FlaskClient, instance: Path, root: Path
) -> None:
    create_statement(root, b"# Kurdish only\n\nText.\n", "k.md", slug="kurdish", languages=["ckb"])
    login(client, instance, "Layla")
    assert client.get("/s/kurdish/").status_code == 404
    assert "Kurdish only" not in client.get("/s/kurdish/").text
    assert "Kurdish only" not in client.get("/").text
    assert client.get("/s/kurdish/ckb/").status_code == 403
    assert client.get("/s/gaza/").status_code == 200


def test_logout_ends_a_copied_cookie(client: FlaskClient, app: Flask, instance: Path) -> None:
    csrf = login(client, instance, "Layla")
    cookie = client.get_cookie("statements_session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("statements_session", cookie.value)
    assert thief.get("/api/statements").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert thief.get("/api/statements").status_code == 401
    assert client.get("/api/statements").status_code == 401
    other = app.test_client()
    login(other, instance, "Layla")  # a new login still works
    assert other.get("/api/statements").status_code == 200


def test_a_valid_link_works_after_many_bad_ones(client: FlaskClient, instance: Path) -> None:
    for _ in range(10):
        assert client.get("/login/not-a-token").status_code == 403
    assert client.get("/login/not-a-token").status_code == 429
    assert client.get("/login/another-bad-one").status_code == 429
    login(client, instance, "Layla")


def test_proxy_setting_is_off_by_default(root: Path, instance: Path, statement: Statement) -> None:
    plain = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance}).test_client()
    for n in range(12):  # a client forging X-Forwarded-For cannot escape the limit
        status = plain.get("/login/bad", headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
    assert status == 429
    proxied = create_app(
        {"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance / "p", "PROXY_FIX": 1}
    ).test_client()
    UserStore(instance / "p").add("Layla", "translator", ["ar"])
    for n in range(12):  # behind one proxy every real address is counted on its own
        response = proxied.get(
            f"/login/bad{n:02d}xxxxx", headers={"X-Forwarded-For": f"10.0.0.{n}"}
        )
        assert response.status_code == 403


def git_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A git work tree holding the web project's translations, with history on."""
    monkeypatch.delenv("STATEMENTS_NO_GIT", raising=False)
    work = tmp_path / "site"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    root, instance = work / "translations", tmp_path / "inst"
    make_project(root, instance)
    return work, root, instance


def test_saves_get_503_while_a_merge_is_in_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, root, instance = git_project(tmp_path, monkeypatch)
    client = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance}).test_client()
    csrf = login(client, instance, "Layla")
    seen = revision(client)
    head = subprocess.run(
        ["git", "-C", str(work), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout
    (work / ".git" / "MERGE_HEAD").write_text(head)
    before = snapshot(root)
    payload = {"translation": "بيان", "state": "translated", "revision": seen}
    refused = client.post(
        f"/api/statements/gaza/ar/units/{TITLE}", json=payload, headers={"X-CSRFToken": csrf}
    )
    assert refused.status_code == 503 and "merge is in progress" in json_of(refused)["error"]
    assert snapshot(root) == before
    assert client.get("/s/gaza/ar/").status_code == 200, "pages still work"
    (work / ".git" / "MERGE_HEAD").unlink()
    lock = work / ".git" / "index.lock"
    lock.write_text("")
    old = time.time() - 3600
    os.utime(lock, (old, old))
    saved = client.post(
        f"/api/statements/gaza/ar/units/{TITLE}", json=payload, headers={"X-CSRFToken": csrf}
    )
    assert saved.status_code == 200 and not lock.exists()
    subject = subprocess.run(
        ["git", "-C", str(work), "log", "-1", "--format=%an: %s"], capture_output=True, text=True
    ).stdout
    assert subject.startswith("Layla: Layla: gaza ar #1 translated")


def test_the_dashboard_says_when_history_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work, root, instance = git_project(tmp_path, monkeypatch)
    app = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance})
    editor, volunteer = app.test_client(), app.test_client()
    login(editor, instance, "Editor")
    csrf = login(volunteer, instance, "Layla")
    (work / ".git" / "index.lock").write_text("")  # fresh: a commit in progress, or a crash
    seen = revision(volunteer)
    saved = volunteer.post(
        f"/api/statements/gaza/ar/units/{TITLE}",
        json={"translation": "بيان", "state": "translated", "revision": seen},
        headers={"X-CSRFToken": csrf},
    )
    assert saved.status_code == 200, "the save itself is kept"
    page = editor.get("/").text
    assert "history is not being recorded: " in page and "index.lock" in page
    assert "history is not being recorded" not in volunteer.get("/").text
    assert csrf_from(page)


def test_a_held_lock_keeps_out_every_other_holder(tmp_path: Path) -> None:
    """The catalog lock and filelock (the glossary's and the users' lock) take the same
    flock: each keeps the other out, and a waiter gets the lock once it is released."""
    path = tmp_path / ".ar.po.lock"
    with CatalogLock(path):
        with pytest.raises(Timeout):
            FileLock(str(path)).acquire(timeout=0.05)
        with pytest.raises(WorkflowError, match="the catalog is busy"), CatalogLock(path, 0.05):
            pass
    with FileLock(str(path)), pytest.raises(WorkflowError, match="the catalog is busy"):
        CatalogLock(path, timeout=0.05).__enter__()
    got = threading.Event()

    def wait_for_it() -> None:
        with CatalogLock(path, timeout=5):
            got.set()

    with CatalogLock(path):
        waiter = threading.Thread(target=wait_for_it)
        waiter.start()
        time.sleep(0.1)
        assert not got.is_set()
    waiter.join(5)
    assert got.is_set()


def test_a_file_edited_in_place_with_its_time_set_back_is_read_again(
    statement: Statement,
) -> None:
    """A long-lived server keeps what it read of a catalog while the file is the same file:
    an edit in place by another program that keeps the size and sets the modification time
    back is seen (by its change time)."""
    path = statement.po_path("ar")
    first = statement.entry_states("ar")
    assert statement.entry_states("ar") is first  # kept
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    unit = 'msgid "Free the detainees."\nmsgstr ""'
    changed = text.replace(unit, unit[:-1] + 'x"').replace("Language: ar", "Language:ar")
    assert len(changed.encode()) == len(text.encode()) and changed != text
    with open(path, "r+", encoding="utf-8") as handle:  # in place: the same inode
        handle.write(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    again = statement.entry_states("ar")
    assert again is not first and any(entry.msgstr == "x" for entry in again)


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, ["file", "folder"]),
        ({"folder_later": True}, ["file"]),
        ({"durable": False}, []),
    ],
)
def test_a_durable_write_flushes_the_file_then_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, bool], expected: list[str]
) -> None:
    """The new file's bytes reach the disk before it takes the old one's place, and the
    rename once its folder is flushed (unless the caller flushes the folder itself)."""
    from workflow.fileio import atomic_write_text

    target = tmp_path / "ar.po"
    target.write_text("old", encoding="utf-8")
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        path = os.readlink(f"/proc/self/fd/{fd}")
        flushed.append("folder" if path == str(tmp_path) else "file")
        if path != str(tmp_path):
            assert target.read_text(encoding="utf-8") == "old"  # not in place yet
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    atomic_write_text(target, "new", **options)
    assert target.read_text(encoding="utf-8") == "new"
    assert flushed == expected
