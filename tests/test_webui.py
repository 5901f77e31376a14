"""The review UI through Flask's test client: every route, every role, CSRF, conflicts."""

from __future__ import annotations

import gc
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from webui import create_app, server
from webui.i18n import COOKIE
from workflow.catalog.state import apply_human, entry_state, markers
from workflow.catalog.statement import Statement
from workflow.catalog.status import statement_status
from workflow.catalog.unit import unit_id
from workflow.config import load_config
from workflow.team.users import UserStore

from .conftest import json_of, msgfmt_check
from .libre_server import LibreServer
from .webapp import SOURCE, csrf_from, login, make_project

TITLE_ID = unit_id("Statement on Gaza")


def units(client: FlaskClient, lang: str = "ar") -> list[dict[str, Any]]:
    response = client.get(f"/api/statements/gaza/{lang}/units")
    assert response.status_code == 200
    return list(response.json or [])


def post_unit(
    client: FlaskClient, csrf: str, payload: Any, lang: str = "ar", unit: str = TITLE_ID
) -> Any:
    return client.post(
        f"/api/statements/gaza/{lang}/units/{unit}", json=payload, headers={"X-CSRFToken": csrf}
    )


def form_save(
    client: FlaskClient, path: str, page: str, translation: str, state: str
) -> TestResponse:
    """Send a unit page's form (``page`` is its HTML, with the revision it was made at)."""
    revision = page.split('id="revision" value="')[1].split('"')[0]
    return client.post(
        path,
        data={
            "csrf_token": csrf_from(page),
            "translation": translation,
            "state": state,
            "revision": revision,
        },
    )


def test_login_link_is_one_time_and_previews_do_not_use_it(
    client: FlaskClient, instance: Path
) -> None:
    token = UserStore(instance).issue_token("Layla")
    for _ in range(2):  # a messenger's link preview opens the page: the token survives
        page = client.get(f"/login/{token}")
        assert page.status_code == 200 and 'id="continue"' in page.text and "Layla" in page.text
    csrf = csrf_from(page.text)
    assert client.post(f"/login/{token}", data={"csrf_token": csrf}).status_code == 302
    home = client.get("/").text
    assert "Layla" in home
    # The session was renewed at login: a fresh CSRF token, and the used link is refused.
    assert client.post(f"/login/{token}", data={"csrf_token": csrf}).status_code == 400
    used = client.post(f"/login/{token}", data={"csrf_token": csrf_from(home)})
    assert used.status_code == 403 and 'data-state="used"' in used.text
    # Opened again by the person it was for, while logged in: the dashboard.
    again = client.get(f"/login/{token}")
    assert again.status_code == 302 and again.headers["Location"] == "/"


def test_login_needs_csrf(client: FlaskClient, instance: Path) -> None:
    token = UserStore(instance).issue_token("Layla")
    assert client.post(f"/login/{token}").status_code == 400


def test_token_login_is_rate_limited(client: FlaskClient) -> None:
    for _ in range(10):
        assert client.get("/login/not-a-token").status_code == 403
    assert client.get("/login/not-a-token").status_code == 429


def test_tokens_are_stored_hashed(instance: Path, statement: Statement) -> None:
    token = UserStore(instance).issue_token("Layla")
    stored = (instance / "users.json").read_text()
    assert token not in stored and len(token) >= 43
    assert oct((instance / "users.json").stat().st_mode)[-3:] == "600"


def test_pages_need_login(client: FlaskClient) -> None:
    assert client.get("/").status_code == 401
    assert client.get("/api/statements").status_code == 401
    assert client.get("/api/statements").json == {
        "error": "Log in first: open the link your editor gave you."
    }


def test_translator_sees_and_changes_only_their_language(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Layla")
    page = client.get("/").text.split("<main>")[1]  # the language menu names every language
    assert "العربية" in page and "کوردیی ناوەندی" not in page
    assert client.get("/s/gaza/ckb/").status_code == 403
    assert client.get("/api/statements/gaza/ckb/units").status_code == 403
    ckb = post_unit(
        client, csrf, {"translation": "x", "state": "draft", "revision": "0"}, lang="ckb"
    )
    assert ckb.status_code == 403
    listed = client.get("/api/statements").json
    assert listed and set(listed[0]["languages"]) == {"ar"}


def test_units_api_shape(client: FlaskClient, instance: Path) -> None:
    login(client, instance, "Layla")
    found = units(client)
    assert len(found) == 5
    assert set(found[0]) >= {
        "id",
        "source",
        "previous_source",
        "translation",
        "state",
        "revision",
        "suggestion",
    }
    assert found[0]["id"] == TITLE_ID and found[0]["state"] == "untranslated"


def test_save_translate_approve_and_conflict(
    client: FlaskClient, instance: Path, statement: Statement, app: Flask
) -> None:
    csrf = login(client, instance, "Layla")
    first = units(client)[0]
    saved = post_unit(
        client,
        csrf,
        {"translation": "بيان بشأن غزة", "state": "translated", "revision": first["revision"]},
    )
    assert saved.status_code == 200 and saved.json["state"] == "translated"
    entry = statement.catalog("ar")[0]
    assert entry.msgstr == "بيان بشأن غزة" and markers(entry)["translated"].startswith("Layla ")
    msgfmt_check(statement.po_path("ar"))
    stale = post_unit(
        client,
        csrf,
        {"translation": "نص آخر", "state": "translated", "revision": first["revision"]},
    )
    assert stale.status_code == 409
    assert stale.json["current"]["translation"] == "بيان بشأن غزة"
    assert statement.catalog("ar")[0].msgstr == "بيان بشأن غزة"
    refused = post_unit(
        client,
        csrf,
        {"translation": "بيان", "state": "approved", "revision": saved.json["revision"]},
    )
    assert refused.status_code == 403

    reviewer = app.test_client()
    csrf2 = login(reviewer, instance, "Rania")
    approved = post_unit(
        reviewer,
        csrf2,
        {"translation": "بيان بشأن غزة", "state": "approved", "revision": saved.json["revision"]},
    )
    assert approved.status_code == 200
    entry = statement.catalog("ar")[0]
    assert entry_state(entry) == "approved" and markers(entry)["approved"].startswith("Rania ")


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ("not an object", 400),
        ({"translation": 5, "state": "draft", "revision": "x"}, 400),
        ({"translation": "x", "state": "published", "revision": "x"}, 400),
        ({"translation": "", "state": "translated", "revision": "x"}, 400),
        ({"translation": "x" * 20_001, "state": "draft", "revision": "x"}, 400),
    ],
)
def test_bad_input_is_400(client: FlaskClient, instance: Path, payload: Any, status: int) -> None:
    csrf = login(client, instance, "Layla")
    assert post_unit(client, csrf, payload).status_code == status


def test_unknown_things_are_404(client: FlaskClient, instance: Path) -> None:
    csrf = login(client, instance, "Editor")
    body = {"translation": "x", "state": "draft", "revision": "x"}
    assert (
        client.post(
            "/api/statements/nope/ar/units/0123456789", json=body, headers={"X-CSRFToken": csrf}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/statements/gaza/fr/units/0123456789", json=body, headers={"X-CSRFToken": csrf}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/statements/gaza/ar/units/0123456789", json=body, headers={"X-CSRFToken": csrf}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/statements/gaza/ar/units/..%2F..%2Fetc", json=body, headers={"X-CSRFToken": csrf}
        ).status_code
        == 404
    )
    assert client.get("/s/..%2Fetc/").status_code == 404
    assert client.get("/s/gaza/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_every_post_needs_csrf(client: FlaskClient, instance: Path) -> None:
    login(client, instance, "Editor")
    assert (
        post_unit(client, "", {"translation": "x", "state": "draft", "revision": "x"}).status_code
        == 400
    )
    for path in (
        "/logout",
        "/new",
        "/users",
        "/s/gaza/source",
        "/s/gaza/pretranslate",
        "/s/gaza/publish",
        "/glossary",
        f"/s/gaza/ar/u/{TITLE_ID}",
    ):
        assert client.post(path, data={}).status_code == 400, path


def test_reviewers_go_on_to_the_units_waiting_for_approval(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    """For a reviewer a translated unit still needs work (approval); for a translator the
    language is done."""
    catalog = statement.catalog("ar")
    for entry in catalog:
        apply_human(entry, "بيان", "translated", "Layla", date.today())
    statement.save_catalog("ar", catalog)
    ids = [unit_id(entry.msgid) for entry in catalog]
    login(client, instance, "Layla")
    assert "Every unit is translated." in client.get("/s/gaza/ar/").text
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    login(client, instance, "Rania")
    listing = client.get("/s/gaza/ar/").text
    assert f'/s/gaza/ar/u/{ids[0]}" id="continue-open"' in listing
    path = f"/s/gaza/ar/u/{ids[0]}"
    approved = form_save(client, path, client.get(path).text, "بيان", "approved")
    assert approved.status_code == 302
    assert approved.headers["Location"].endswith(f"/s/gaza/ar/u/{ids[1]}")


def test_a_draft_over_a_translation_says_draft_everywhere(
    client: FlaskClient, instance: Path
) -> None:
    """Saved as a draft after it was translated: the unit no longer says who translated it,
    and the progress line counts the draft."""
    csrf = login(client, instance, "Layla")
    for state in ("translated", "draft"):
        revision = json_of(client.get(f"/api/statements/gaza/ar/units/{TITLE_ID}"))["revision"]
        saved = post_unit(
            client, csrf, {"translation": "بيان", "state": state, "revision": revision}
        )
        assert saved.status_code == 200
    page = client.get(f"/s/gaza/ar/u/{TITLE_ID}").text
    assert 'id="state">draft<' in page and "translated by" not in page
    assert "draft 1" in client.get("/").text


def test_translators_are_warned_before_changing_an_approved_unit(
    app: Flask, client: FlaskClient, instance: Path, statement: Statement
) -> None:
    catalog = statement.catalog("ar")
    apply_human(catalog[0], "بيان", "approved", "Rania", date.today())
    statement.save_catalog("ar", catalog)
    page = f"/s/gaza/ar/u/{unit_id(catalog[0].msgid)}"
    login(client, instance, "Layla")
    assert 'id="approved-note"' in client.get(page).text
    reviewer = app.test_client()
    login(reviewer, instance, "Rania")
    assert 'id="approved-note"' not in reviewer.get(page).text


def test_form_save_without_javascript(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    login(client, instance, "Layla")
    page = client.get(f"/s/gaza/ar/u/{TITLE_ID}")
    assert 'dir="rtl"' in page.text and 'lang="ar"' in page.text
    path = f"/s/gaza/ar/u/{TITLE_ID}"
    response = form_save(client, path, page.text, "بيان", "translated")
    assert response.status_code == 302 and "/s/gaza/ar/u/" in response.headers["Location"]
    assert statement.catalog("ar")[0].msgstr == "بيان"
    # The same page sent again: made at the revision before that save.
    conflict = form_save(client, path, page.text, "بيان آخر", "translated")
    assert (
        conflict.status_code == 409 and "بيان آخر" in conflict.text and "Keep mine" in conflict.text
    )


def test_filter_and_outdated_diff(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    from datetime import date

    from workflow.catalog.state import apply_human
    from workflow.catalog.statement import update_statement

    catalog = statement.catalog("ar")
    for entry in catalog:
        apply_human(entry, "ترجمة", "approved", "Rania", date(2026, 11, 1))
    statement.save_catalog("ar", catalog)
    update_statement(statement, SOURCE.replace("Over 8000", "More than 9000").encode(), "gaza.md")
    login(client, instance, "Layla")
    listing = client.get("/s/gaza/ar/?state=outdated").text
    assert "More than 9000" in listing and "Protect humanitarian workers." not in listing
    outdated = next(u for u in units(client) if u["state"] == "outdated")
    page = client.get(f"/s/gaza/ar/u/{outdated['id']}").text
    # Apart, so that the words do not run together (nor join in Arabic script).
    assert "<del>Over 8000</del> <ins>More than 9000</ins>" in page
    assert client.get("/s/gaza/ar/?state=bogus").status_code == 400


def test_html_is_escaped(client: FlaskClient, instance: Path, root: Path) -> None:
    from workflow.catalog.statement import create_statement

    create_statement(
        root, b"<script>alert(1)</script> and <b>bold</b>\n", "x.txt", slug="xss", languages=["ar"]
    )
    csrf = login(client, instance, "Editor")
    first = json_of(client.get("/api/statements/xss/ar/units"))[0]
    post_unit_path = f"/api/statements/xss/ar/units/{first['id']}"
    client.post(
        post_unit_path,
        json={
            "translation": "<img src=x onerror=alert(2)>",
            "state": "draft",
            "revision": first["revision"],
        },
        headers={"X-CSRFToken": csrf},
    )
    for path in ("/s/xss/ar/", f"/s/xss/ar/u/{first['id']}"):
        page = client.get(path).text
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
        assert "<img src=x" not in page and "&lt;img src=x" in page


def test_security_headers_and_cookie(client: FlaskClient, instance: Path) -> None:
    token = UserStore(instance).issue_token("Layla")
    page = client.get(f"/login/{token}")
    csp = page.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    response = client.post(f"/login/{token}", data={"csrf_token": csrf_from(page.text)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookie_behind_https(
    root: Path, instance: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATEMENTS_HTTPS", "1")
    app = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance})
    client = app.test_client()
    token = UserStore(instance).issue_token("Layla")
    page = client.get(f"/login/{token}", base_url="https://localhost")
    response = client.post(
        f"/login/{token}",
        data={"csrf_token": csrf_from(page.text)},
        base_url="https://localhost",
        headers={"Referer": f"https://localhost/login/{token}"},
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_editor_pages_are_for_editors(client: FlaskClient, instance: Path) -> None:
    login(client, instance, "Layla")
    for path in ("/new", "/users", "/s/gaza/source", "/s/gaza/download/ar.html"):
        assert client.get(path).status_code == 403, path


def test_editor_adds_amends_downloads(client: FlaskClient, instance: Path, root: Path) -> None:
    csrf = login(client, instance, "Editor")
    assert "Add a statement" in client.get("/new").text
    created = client.post(
        "/new",
        data={
            "csrf_token": csrf,
            "text": "# Hello\n\nA short statement.\n",
            "format": "md",
            "source_language": "en",
            "languages": ["ar", "kmr"],
            "slug": "hello",
        },
    )
    assert created.status_code == 302
    assert (root / "hello" / "ar.po").is_file() and (
        root / "hello" / "source.md"
    ).read_text() == "# Hello\n\nA short statement.\n"
    # The downloads are named as the published files are: page · Markdown · text.
    page = client.get("/s/hello/").text
    names = re.findall(r'href="/s/hello/download/ar\.(\w+)" class="file-\w+">([^<]+)</a>', page)
    assert names == [("html", "page"), ("md", "Markdown"), ("txt", "text")]
    bad = client.post(
        "/new", data={"csrf_token": csrf, "text": "", "format": "md", "languages": ["ar"]}
    )
    assert bad.status_code == 400 and "The text is empty" in bad.text
    amended = client.post(
        "/s/hello/source",
        data={"csrf_token": csrf, "text": "# Hello\n\nA longer short statement.\n", "format": "md"},
    )
    assert amended.status_code == 302
    assert "A longer" in (root / "hello" / "source.md").read_text()
    refused = client.get("/s/hello/download/ar.html")
    assert refused.status_code == 302
    preview = client.get("/s/hello/download/ar.html?unreviewed=1")
    assert preview.status_code == 200 and 'dir="rtl"' in preview.text
    # A preview is marked as one, inside and in its name, so nobody takes it for approved.
    # It opens in the browser (a phone would file it under downloads), with no script.
    assert preview.headers["Content-Disposition"] == 'inline; filename="hello-ar-draft.html"'
    policy = preview.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none';") and policy.endswith("; sandbox")
    assert "Draft preview: texts not yet approved are in it." in preview.text.split("</p>")[0]
    text = client.get("/s/hello/download/ar.txt?unreviewed=1")
    assert (
        text.text.startswith("Draft preview:")
        and text.headers["Content-Disposition"] == 'attachment; filename="hello-ar-draft.txt"'
    )


def test_editor_manages_volunteers(client: FlaskClient, instance: Path, app: Flask) -> None:
    csrf = login(client, instance, "Editor")
    page = client.post(
        "/users",
        data={
            "csrf_token": csrf,
            "action": "add",
            "name": "Dilan",
            "role": "translator",
            "languages": ["kmr"],
        },
    )
    link = page.text.split('id="new-link"')[0].rsplit('value="', 1)[1].split('"')[0]
    assert "/login/" in link
    volunteer = app.test_client()
    token = link.rsplit("/", 1)[1]
    login_page = volunteer.get(f"/login/{token}")
    volunteer.post(f"/login/{token}", data={"csrf_token": csrf_from(login_page.text)})
    assert volunteer.get("/s/gaza/kmr/").status_code == 200
    # Revoke's question is page text (escaped as any), not an attribute trusting its words.
    users = client.get("/users").text
    revoke = users.split('class="inline revoke" data-confirm>')[1].split("</form>")[0]
    assert revoke.startswith('<span class="confirm-question" hidden>End every login and link')
    client.post("/users", data={"csrf_token": csrf, "action": "revoke", "name": "Dilan"})
    assert volunteer.get("/s/gaza/kmr/").status_code == 401


@pytest.mark.parametrize(("lang", "role"), [("en", "translator"), ("ar", "مترجِم")])
def test_adding_someone_without_a_language_says_so_and_keeps_the_form(
    client: FlaskClient, instance: Path, lang: str, role: str
) -> None:
    """The refusal names the role in the interface's words, and what was typed stays."""
    csrf = login(client, instance, "Editor")
    client.set_cookie(COOKIE, lang)
    page = client.post(
        "/users",
        data={"csrf_token": csrf, "action": "add", "name": "Hêvî", "role": "translator"},
    ).text
    error = page.split('class="flash error"')[1].split("</p>")[0]
    assert role in error and ("translator" in error) == (lang == "en")
    assert 'name="name" required maxlength="60" dir="auto" value="Hêvî"' in page
    assert '<option value="translator" selected>' in page
    assert "Hêvî" not in [user.name for user in UserStore(instance).all()]


def test_publishing_nothing_names_the_original_in_the_interface_s_words(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    """No translation ready: "only the English original…" says "English" in Arabic."""
    csrf = login(client, instance, "Editor", interface="ar")
    page = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True).text
    message = page.split('class="flash error"')[1].split("</p>")[0]
    assert "النص الأصلي بـالإنجليزية وحده" in message and "English" not in message


def test_pretranslate_job_from_the_browser(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    import time

    csrf = login(client, instance, "Editor")
    with LibreServer() as server:
        started = client.post(
            "/s/gaza/pretranslate",
            data={
                "csrf_token": csrf,
                "languages": ["ar"],
                "engine": "libre",
                "engine_url": server.url,
            },
        )
        assert started.status_code == 302
        job = started.headers["Location"].rsplit("/", 1)[1]
        deadline = time.monotonic() + 20
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            status = client.get(f"/api/jobs/{job}").json or {}
            if status.get("status") in ("done", "failed"):
                break
            time.sleep(0.1)
    assert status["status"] == "done", status
    assert status["languages"]["ar"]["translated"] == 5
    assert {entry_state(e) for e in statement.catalog("ar")} == {"machine"}
    assert "done" in client.get(f"/jobs/{job}").text
    assert client.get("/api/jobs/../../etc").status_code == 404


def test_engine_menu_names_products_and_what_each_cannot_do(
    client: FlaskClient, instance: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The menu says "DeepL", not "deepl"; which of the statement's languages an engine
    cannot translate, and that this server has no key for it, before the job would stop."""
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    monkeypatch.setenv("MICROSOFT_API_KEY", "k")
    login(client, instance, "Editor")
    page = client.get("/s/gaza/").text
    menu = page.split('name="engine"')[1].split("</select>")[0]
    options = dict(re.findall(r'<option value="(\w+)">([^<]+)</option>', menu))
    assert options["google"] == "Google Translate"
    assert options["microsoft"] == "Microsoft Translator"  # its key is set
    assert options["deepl"].startswith("DeepL · not for ")
    assert "Central Kurdish" in options["deepl"] and "Kurmanji" in options["deepl"]
    assert options["deepl"].endswith(" · needs an API key on the server")
    assert options["libre"] == "LibreTranslate"  # a self-hosted server needs no key
    assert "(Google Translate)" in page.split('name="engine"')[1].split("</option>")[0]


def test_each_save_is_a_commit_in_a_git_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATEMENTS_NO_GIT", raising=False)
    repo = tmp_path / "repo"
    root = repo / "translations"
    root.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    instance = tmp_path / "inst"
    make_project(root, instance)  # committed as it is created
    client = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance}).test_client()
    csrf = login(client, instance, "Layla")
    first = units(client)[0]
    assert (
        post_unit(
            client,
            csrf,
            {"translation": "بيان", "state": "translated", "revision": first["revision"]},
        ).status_code
        == 200
    )
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%an|%s"], capture_output=True, text=True
    ).stdout
    assert log.strip() == "Layla|Layla: gaza ar #1 translated"


def test_unit_page_shows_checks_glossary_and_memory(
    client: FlaskClient, instance: Path, statement: Statement, root: Path
) -> None:
    from datetime import date

    from workflow.catalog.state import apply_human
    from workflow.catalog.statement import create_statement
    from workflow.quality.glossary import Glossary

    Glossary(root).seed()
    terms = root / "glossary.csv"
    seeded = terms.read_text(encoding="utf-8")
    assert "siege,ar,الحصار,proposed,\n" in seeded
    noted = seeded.replace("siege,ar,الحصار,proposed,\n", "siege,ar,الحصار,proposed,of Gaza\n")
    terms.write_text(noted, encoding="utf-8")
    older = create_statement(
        root,
        b"We call for an immediate ceasefire and an end to the siege of 2.2 million Gazans.\n",
        "o.txt",
        slug="older",
        languages=["ar"],
    )
    catalog = older.catalog("ar")
    apply_human(
        catalog[0], "ندعو إلى وقف فوري لإطلاق النار.", "approved", "Rania", date(2026, 10, 1)
    )
    older.save_catalog("ar", catalog)
    unit = unit_id(
        "We call for an immediate ceasefire and an end to the siege of 2.2 million people."
    )
    catalog = statement.catalog("ar")
    entry = next(e for e in catalog if unit_id(e.msgid) == unit)
    apply_human(
        entry,
        "ندعو إلى وقف فوري لإطلاق النار ورفع الحصار عن ٣ ملايين شخص.",
        "draft",
        "Layla",
        date(2026, 11, 1),
    )
    statement.save_catalog("ar", catalog)
    login(client, instance, "Layla")
    page = client.get(f"/s/gaza/ar/u/{unit}").text
    assert "A number differs" in page
    assert 'ceasefire</span> <span class="arrow" aria-hidden="true">→</span>' in page
    assert "وقف إطلاق النار" in page
    # A term's note reads in its own direction, apart from the term's status.
    assert '(proposed)</span> <span class="muted note" dir="auto">of Gaza</span>' in page
    assert (
        "Earlier translations" in page
        and "<bdi>older</bdi> · October 1, 2026" in page
        and "<ins>people.</ins>" in page
    )


def test_glossary_page_roles(client: FlaskClient, instance: Path, app: Flask, root: Path) -> None:
    csrf = login(client, instance, "Layla")
    assert "ceasefire" in client.get("/glossary").text
    denied = client.post(
        "/glossary",
        data={"csrf_token": csrf, "term": "ceasefire", "lang": "ar", "action": "confirm"},
    )
    assert denied.status_code == 403
    reviewer = app.test_client()
    csrf2 = login(reviewer, instance, "Rania")
    done = reviewer.post(
        "/glossary",
        data={"csrf_token": csrf2, "term": "ceasefire", "lang": "ar", "action": "confirm"},
    )
    assert done.status_code == 302
    assert "ceasefire,ar,وقف إطلاق النار,confirmed" in (root / "glossary.csv").read_text(
        encoding="utf-8"
    )
    other = reviewer.post(
        "/glossary",
        data={"csrf_token": csrf2, "term": "ceasefire", "lang": "ckb", "action": "confirm"},
    )
    assert other.status_code == 403


def test_editor_publishes_from_the_browser(client: FlaskClient, instance: Path, root: Path) -> None:
    csrf = login(client, instance, "Editor")
    response = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert "No translation was published" in response.text
    assert 'class="flash ok"' not in response.text
    assert "Not published yet" not in response.text  # the first line says it, once
    assert "units are not translated yet" in response.text
    assert (root.parent / "public" / "gaza" / "en.html").is_file()


def test_sync_pulls_and_pushes(tmp_path: Path, cli: Any) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    work = tmp_path / "site"
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True, capture_output=True)
    root = work / "translations"
    make_project(root, tmp_path / "inst")
    git = ["git", "-C", str(work), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--allow-empty", "-qm", "start"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD"], check=True, capture_output=True)
    (root / "gaza" / "statement.toml").write_text(
        (root / "gaza" / "statement.toml").read_text() + "\n", encoding="utf-8"
    )
    subprocess.run([*git, "commit", "-qam", "local save"], check=True)
    result = cli("sync", "--root", str(root))
    assert result.returncode == 0, result.stderr
    log = subprocess.run(
        ["git", "-C", str(remote), "log", "--format=%s"], capture_output=True, text=True
    ).stdout
    assert "local save" in log
    assert "not inside a git repository" in cli("sync", "--root", str(tmp_path / "nowhere")).stderr


def test_flask_cli_finds_the_app_factory(root: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "STATEMENTS_ROOT": str(root),
        "STATEMENTS_INSTANCE": str(tmp_path / "inst"),
    }
    flask = Path(sys.executable).parent / "flask"
    result = subprocess.run(
        [str(flask), "--app", "webui", "routes"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "/api/statements/<slug>/<lang>/units/<unit_id>" in result.stdout


def test_blocks_to_skip_edited_by_hand_are_said_on_the_editor_s_page(
    client: FlaskClient, instance: Path, root: Path
) -> None:
    """Not 'the source changed', which it did not, and in the words of the page."""
    import tomllib

    import tomli_w

    csrf = login(client, instance, "Editor")
    meta = root / "gaza" / "statement.toml"
    data = tomllib.loads(meta.read_text(encoding="utf-8"))
    data["skip"] = [*data.get("skip", []), "Free the detainees."]
    meta.write_text(tomli_w.dumps(data), encoding="utf-8")
    said = "The blocks not for translation were changed in statement.toml after the catalogs"
    page = client.get("/s/gaza/").text
    assert said in page and "The source changed" not in page
    published = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert said in published.text and "statements update" not in published.text


def test_a_broken_catalog_is_named_on_the_page(
    client: FlaskClient, instance: Path, root: Path
) -> None:
    login(client, instance, "Editor")
    po = root / "gaza" / "ckb.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgstr ""\n\n#.', 'msgstr "x" "\n\n#.', 1),
        encoding="utf-8",
    )
    page = client.get("/")
    assert page.status_code == 500
    assert "ckb.po:" in page.text and "Traceback" not in page.text
    # Paths from the project folder, not the server's: translations/gaza/ckb.po:12
    assert json_of(client.get("/api/statements"))["error"].startswith("translations/gaza/ckb.po:")
    assert str(root) not in page.text


def test_a_background_request_cannot_drop_a_message_meant_for_the_page(
    client: FlaskClient, instance: Path
) -> None:
    """Requests that only read (the outbox's probe, the offline copies) leave the session
    cookie alone: written back as they read it, it would drop a message set meanwhile."""
    csrf = login(client, instance, "Layla")
    reading = client.get("/api/session")
    assert reading.status_code == 200
    assert "Set-Cookie" not in reading.headers
    assert "Set-Cookie" not in client.get("/s/gaza/ar/").headers
    # A request that changes the session (a message to show) still writes it.
    response = client.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 302 and "Set-Cookie" in response.headers


def test_the_dashboard_shows_a_save_at_once_and_follows_the_interface_language(
    client: FlaskClient, instance: Path
) -> None:
    """Dashboard cards are kept between loads: a save, or another interface language, must
    still show on the next load."""
    csrf = login(client, instance, "Editor")
    before = client.get("/").text
    assert "approved 0 ·" in before
    unit = units(client)[0]
    saved = post_unit(
        client,
        csrf,
        {"translation": "بيان بشأن غزة", "state": "approved", "revision": unit["revision"]},
        unit=unit["id"],
    )
    assert saved.status_code == 200
    assert "approved 1 ·" in client.get("/").text
    client.set_cookie("statements_lang", "ar")
    arabic = client.get("/").text
    assert "approved 1 ·" not in arabic and 'lang="ar" dir="rtl"' in arabic


def test_a_page_with_a_message_is_marked_and_a_background_copy_leaves_it(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Editor")
    assert client.post("/s/gaza/publish", data={"csrf_token": csrf}).status_code == 302
    copy = client.get("/s/gaza/", headers={"X-Statements-Keep": "1"})
    assert 'class="flash' not in copy.text and "X-Statements-Messages" not in copy.headers
    page = client.get("/s/gaza/")
    assert 'class="flash' in page.text and page.headers["X-Statements-Messages"] == "1"
    assert "X-Statements-Messages" not in client.get("/s/gaza/").headers


def test_each_worker_hides_what_it_loaded_from_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The slowest dashboard loads were full collections walking the whole app: each
    gunicorn worker freezes what it loaded once its app is built."""
    seen: dict[str, Any] = {}

    class Recorder:  # gunicorn's application, without its server
        options: dict[str, Any]

        def run(self) -> None:
            seen.update(self.options)

    import gunicorn.app.base

    monkeypatch.setattr(gunicorn.app.base, "BaseApplication", Recorder, raising=True)
    server.serve({}, "127.0.0.1", 0, 2)
    assert seen["post_worker_init"] is server.freeze_loaded
    gc.unfreeze()
    try:
        server.freeze_loaded(None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_status_is_worked_out_again_when_a_catalog_changes(tmp_path: Path) -> None:
    root = tmp_path / "translations"
    statement = make_project(root, tmp_path / "instance")
    before = statement_status(statement)["languages"]["ar"]
    catalog = statement.catalog("ar")
    for entry in catalog:
        entry.msgstr = "نص"
    statement.save_catalog("ar", catalog)
    after = statement_status(statement)["languages"]["ar"]
    assert after["untranslated"] == 0 and after["untranslated"] != before["untranslated"]
    record = statement_status(statement)
    record["languages"]["ar"]["untranslated"] = 99  # the caller's copy
    assert statement_status(statement)["languages"]["ar"]["untranslated"] == 0


def test_a_conflict_says_who_saved_a_draft_and_when(
    client: FlaskClient, instance: Path, statement: Statement, app: Flask
) -> None:
    """A draft carries no record of who saved it: the conflict takes the name and day from
    the unit's history, in the API's 409 and on the page of a save sent without script."""
    csrf = login(client, instance, "Layla")
    first = units(client)[0]
    drafted = post_unit(
        client, csrf, {"translation": "مسودة", "state": "draft", "revision": first["revision"]}
    )
    assert drafted.status_code == 200 and drafted.json["state"] == "draft"
    reviewer = app.test_client()
    csrf2 = login(reviewer, instance, "Rania")
    stale = post_unit(
        reviewer, csrf2, {"translation": "نص", "state": "draft", "revision": first["revision"]}
    )
    assert stale.status_code == 409
    config = load_config(statement.root)
    today = config.today()  # the project's day, whatever the machine's time zone
    shown = f"{today:%B} {today.day}, {today.year}"
    current = stale.json["current"]
    assert current["saved_by"] == "Layla" and current["saved_on_shown"] == shown
    moment = datetime.fromisoformat(current["saved_on"])  # ISO, for machines
    assert moment.astimezone(ZoneInfo(config.timezone)).date() == today
    path = f"/s/gaza/ar/u/{TITLE_ID}"
    page = reviewer.get(path).text.replace(drafted.json["revision"], first["revision"])
    conflict = form_save(reviewer, path, page, "نص", "draft")
    assert conflict.status_code == 409 and f"Saved by Layla on {shown}" in conflict.text


def test_a_conflict_with_one_s_own_other_tab_says_so(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    """Saved meanwhile by the same volunteer (another tab, another phone): the page of a
    save sent without script does not say "someone else", nor "their version"."""
    csrf = login(client, instance, "Layla")
    first = units(client)[0]
    path = f"/s/gaza/ar/u/{TITLE_ID}"
    before = client.get(path).text
    assert (
        post_unit(
            client, csrf, {"translation": "بيان", "state": "draft", "revision": first["revision"]}
        ).status_code
        == 200
    )
    conflict = form_save(client, path, before, "نص", "draft")
    Path("/tmp/pb/conflict.html").write_text(conflict.text)
    assert conflict.status_code == 409
    page = conflict.text.split("<main>")[1]
    assert "You saved this unit meanwhile, in another tab or on another device" in page
    assert "Someone else" not in page and "Their version" not in page
    assert "Your other version (draft)" in page and "Take the other version" in page


def test_each_finding_s_reason_box_has_an_example_of_its_own(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    """The numbers example ("8 thousand is 8000…") only where a number is in question."""
    csrf = login(client, instance, "Rania")
    unit = next(u for u in units(client) if "8000" in u["source"])
    text = "قُتل أكثر من 8000 فلسطيني، بينهم Over أطفال."
    saved = post_unit(
        client,
        csrf,
        {"translation": text, "state": "translated", "revision": unit["revision"]},
        unit=unit["id"],
    )
    assert {f["check"] for f in saved.json["findings"]} >= {"numbers", "latin-words"}
    page = client.get(f"/s/gaza/ar/u/{unit['id']}").text
    boxes = re.findall(r'name="check" value="([\w-]+)">.*?placeholder="([^"]*)"', page, re.S)
    examples = dict(boxes)
    assert examples["numbers"].startswith("for example: 8 thousand is 8000")
    assert examples["latin-words"] == "why, in a few words, for the next reviewer"


def test_a_long_source_has_a_way_down_to_the_translation(
    client: FlaskClient, instance: Path, root: Path
) -> None:
    """On a phone a long paragraph fills screens above the box: its page starts with a link
    down to the translation; a short one's does not need it."""
    from workflow.catalog.statement import create_statement

    long = " ".join(["We call on every government to end the siege now."] * 14)
    create_statement(root, f"Short.\n\n{long}\n".encode(), "s.txt", slug="long", languages=["ar"])
    login(client, instance, "Layla")
    page = client.get(f"/s/long/ar/u/{unit_id(long)}").text
    assert '<a href="#save-form" id="to-translation">Go to the translation' in page
    assert 'id="save-form"' in page
    assert 'id="to-translation"' not in client.get(f"/s/long/ar/u/{unit_id('Short.')}").text


def test_a_conflict_whose_history_cannot_be_read_is_still_a_conflict(
    client: FlaskClient, instance: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who saved last is looked up after the catalog's lock is let go, and a log that cannot
    be read leaves the answer a 409 (with the unit's own records), not an error."""
    from workflow.team import review as review_module

    csrf = login(client, instance, "Layla")
    first = units(client)[0]
    saved = post_unit(
        client, csrf, {"translation": "بيان", "state": "translated", "revision": first["revision"]}
    )
    assert saved.status_code == 200
    held: list[bool] = []

    def unreadable(statement: Statement, lang: str, unit: str) -> None:
        lock = statement.lock(lang)
        with lock:  # free: the refusal's lookup does not run under the catalog's lock
            held.append(True)
        raise OSError("the notes log is unreadable")

    monkeypatch.setattr(review_module, "logged_newest", unreadable)
    stale = post_unit(
        client, csrf, {"translation": "نص", "state": "translated", "revision": first["revision"]}
    )
    assert stale.status_code == 409 and held == [True]
    assert stale.json["current"]["saved_by"] == "Layla"  # from the unit's record
