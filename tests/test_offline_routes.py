"""The server's side of working offline, through Flask's test client: the session probe, the
list of pages a phone keeps, the service worker script, logging out, who saved a conflict, and
the strings the page hands to its JavaScript."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from webui.i18n import SCRIPT_STRINGS
from workflow.catalog.unit import unit_id

from .conftest import json_of
from .webapp import login, make_project

TITLE_ID = unit_id("Statement on Gaza")
APP_JS = Path(__file__).resolve().parent.parent / "webui" / "static" / "app.js"


@pytest.fixture
def app(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    make_project(root, tmp_path / "instance")
    return create_app(
        {"STATEMENTS_ROOT": root, "INSTANCE_DIR": tmp_path / "instance", "TESTING": True}
    )


def test_session_probe_names_the_user_with_a_fresh_token(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    assert client.get("/api/session").status_code == 401
    csrf = login(client, tmp_path / "instance", "Layla")
    data = json_of(client.get("/api/session"))
    assert data["user"] == "Layla" and data["langs"] == ["ar"]
    # The probe's token is good for a save, like the page's own.
    saved = client.post(
        f"/api/statements/gaza/ar/units/{TITLE_ID}",
        json={"translation": "بيان", "state": "draft", "revision": _revision(client)},
        headers={"X-CSRFToken": data["csrf"]},
    )
    assert saved.status_code == 200, saved.text
    assert csrf


def _revision(client: FlaskClient, lang: str = "ar") -> str:
    return str(json_of(client.get(f"/api/statements/gaza/{lang}/units/{TITLE_ID}"))["revision"])


def test_phone_keeps_only_the_volunteers_own_languages(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    login(client, tmp_path / "instance", "Layla")
    pages = json_of(client.get("/api/statements/gaza/ar/offline"))
    assert "/s/gaza/ar/" in pages["pages"]
    assert f"/s/gaza/ar/u/{TITLE_ID}" in pages["pages"]
    assert len([p for p in pages["pages"] if "/u/" in p]) == 5
    # The page that stands in for any other, offline, in the volunteer's language.
    assert "/offline" in pages["pages"]
    assert 'id="offline-fallback"' in client.get("/offline").text
    kept = [p for p in pages["pages"] if p not in ("/", "/offline")]
    assert all(p.startswith(("/s/gaza/ar/", "/s/gaza/")) for p in kept)
    assert "/static/app.js" in pages["assets"]
    assert pages["revisions"][f"/s/gaza/ar/u/{TITLE_ID}"] == _revision(client)
    assert client.get("/api/statements/gaza/ckb/offline").status_code == 403
    assert client.get("/api/statements/nope/ar/offline").status_code == 404


def test_service_worker_is_served_from_the_root_and_never_stale(app: Flask) -> None:
    answer = app.test_client().get("/sw.js")
    assert answer.status_code == 200
    assert answer.mimetype in ("text/javascript", "application/javascript")
    assert answer.headers["Cache-Control"] == "no-cache"
    assert "self.addEventListener" in answer.text
    # The API never goes through the worker's cache; only review pages are kept.
    assert 'url.pathname.startsWith("/static/")' in answer.text


def test_logout_clears_what_the_site_kept_even_without_javascript(
    app: Flask, tmp_path: Path
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Layla")
    answer = client.post("/logout", data={"csrf_token": csrf})
    assert answer.status_code == 302
    assert answer.headers["Clear-Site-Data"] == '"cache", "storage"'
    assert client.get("/api/session").status_code == 401


def test_conflict_answer_names_who_saved(app: Flask, tmp_path: Path) -> None:
    rania, layla = app.test_client(), app.test_client()
    rania_csrf = login(rania, tmp_path / "instance", "Rania")
    layla_csrf = login(layla, tmp_path / "instance", "Layla")
    seen = _revision(layla)
    first = rania.post(
        f"/api/statements/gaza/ar/units/{TITLE_ID}",
        json={"translation": "بيان بشأن غزة", "state": "approved", "revision": seen},
        headers={"X-CSRFToken": rania_csrf},
    )
    assert first.status_code == 200
    second = layla.post(
        f"/api/statements/gaza/ar/units/{TITLE_ID}",
        json={"translation": "بيان حول غزة", "state": "translated", "revision": seen},
        headers={"X-CSRFToken": layla_csrf},
    )
    assert second.status_code == 409
    current = json_of(second)["current"]
    assert current["translation"] == "بيان بشأن غزة"
    assert current["approved_by"].startswith("Rania ")
    assert current["translated_by"].startswith("Rania ")


def test_pages_hand_every_script_string_over_translated(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    login(client, tmp_path / "instance", "Layla", interface=None)  # works in Arabic
    page = client.get(f"/s/gaza/ar/u/{TITLE_ID}").text
    block = re.search(r'<script type="application/json" id="ui-strings">(.*?)</script>', page)
    assert block, "the unit page carries no strings for its script"
    handed = json.loads(block.group(1))
    assert handed["waiting"] == "حُفظ على هذا الهاتف، بانتظار الإرسال."
    assert handed["counter"] == "%(n)s بانتظار الإرسال"
    script = APP_JS.read_text(encoding="utf-8")
    used = set(re.findall(r'\bt\("([A-Za-z]+)"', script))
    assert used <= set(SCRIPT_STRINGS), used - set(SCRIPT_STRINGS)
    assert set(SCRIPT_STRINGS) <= used, set(SCRIPT_STRINGS) - used
    # No sentence written into the script itself: text reaches the page only through t().
    assert not re.search(r'textContent = "[A-Za-z]', script)
    assert not re.search(r'say\("[A-Za-z]', script)
