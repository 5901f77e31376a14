"""The published site served by the app: no login, right content types, can be turned off."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from workflow.publish import publish, publish_dir
from workflow.state import apply_human
from workflow.statement import Statement

from .webapp import make_project

ARABIC = {
    "Statement on Gaza": "بيان بشأن غزة",
    "We call for an immediate ceasefire and an end to the siege of 2.2 million people.": (
        "ندعو إلى وقف فوري لإطلاق النار وإنهاء الحصار المفروض على 2.2 مليون إنسان."
    ),
    "Over 8000 Palestinians have been killed, including over 3000 children.": (
        "قُتل أكثر من 8000 فلسطيني، بينهم أكثر من 3000 طفل."
    ),
    "Protect humanitarian workers.": "احموا العاملين في المجال الإنساني.",
    "Free the detainees.": "أطلقوا سراح المعتقلين.",
}


def approve(statement: Statement, lang: str, texts: dict[str, str]) -> None:
    """Approve every unit of ``lang`` with the given translations."""
    from datetime import date

    with statement.lock(lang):
        catalog = statement.catalog(lang)
        for entry in catalog:
            if entry.msgid in texts:
                apply_human(entry, texts[entry.msgid], "approved", "Rania", date(2026, 12, 1))
        statement.save_catalog(lang, catalog)


@pytest.fixture
def statement(root: Path, tmp_path: Path) -> Statement:
    statement = make_project(root, tmp_path / "instance")
    approve(statement, "ar", ARABIC)
    return statement


@pytest.fixture
def app(root: Path, tmp_path: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    return create_app(
        {"STATEMENTS_ROOT": root, "INSTANCE_DIR": tmp_path / "instance", "TESTING": True}
    )


@pytest.fixture
def published(statement: Statement, root: Path) -> Path:
    publish(statement, publish_dir(root))
    return publish_dir(root)


def test_published_site_needs_no_login(app: Flask, published: Path) -> None:
    client: FlaskClient = app.test_client()
    parser = html5lib.HTMLParser(strict=True)
    expected = {
        "/published/": "text/html; charset=utf-8",
        "/published/gaza/": "text/html; charset=utf-8",
        "/published/gaza/ar.html": "text/html; charset=utf-8",
        "/published/gaza/en.html": "text/html; charset=utf-8",
        "/published/gaza/ar.md": "text/markdown; charset=utf-8",
        "/published/gaza/ar.txt": "text/plain; charset=utf-8",
        "/published/gaza/ar.pdf": "application/pdf",
    }
    for path, mime in expected.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == mime, path
        assert "statements_session" not in response.headers.get("Set-Cookie", "")
        if mime.startswith("text/html"):
            parser.parse(response.data.decode("utf-8"))
            assert "script-src" not in response.headers["Content-Security-Policy"]
    assert client.get("/published/gaza/ar.txt").data == (published / "gaza" / "ar.txt").read_bytes()
    assert client.get("/published/gaza/ar.pdf").data.startswith(b"%PDF")
    assert "بيان بشأن غزة" in client.get("/published/gaza/ar.html").text
    assert 'href="gaza/ar.html"' in client.get("/published/").text
    assert client.get("/published/gaza").status_code == 301


@pytest.mark.parametrize(
    "path",
    [
        "/published/gaza/kmr.html",
        "/published/gaza/.published.json",
        "/published/gaza/ar.exe",
        "/published/../translations/gaza/ar.po",
        "/published/gaza/..%2f..%2ftranslations%2fworkflow.toml",
        "/published/nothing/",
        "/published/.git/",
    ],
)
def test_only_published_files_are_served(app: Flask, published: Path, path: str) -> None:
    response = app.test_client().get(path)
    assert response.status_code == 404, path


def test_nothing_published_yet_is_a_404(app: Flask) -> None:
    response = app.test_client().get("/published/")
    assert response.status_code == 404
    assert "Nothing has been published yet" in response.text


def test_serve_false_turns_the_site_off(app: Flask, published: Path, root: Path) -> None:
    config = root / "workflow.toml"
    config.write_text("[publish]\nserve = false\n", encoding="utf-8")
    client = app.test_client()
    for path in ("/published/", "/published/gaza/", "/published/gaza/ar.html"):
        assert client.get(path).status_code == 404, path


def test_favicon(app: Flask) -> None:
    response = app.test_client().get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
