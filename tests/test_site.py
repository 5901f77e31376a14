"""The published site served by the app: no login, right content types, can be turned off."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import html5lib
import pytest
from flask import Flask
from flask.testing import FlaskClient

from webui import create_app
from webui.i18n import CHECK_NAMES, COOKIE
from workflow.catalog.state import apply_human
from workflow.catalog.statement import Statement
from workflow.catalog.unit import unit_id
from workflow.config import load_config
from workflow.publishing.publish import publish, publish_dir
from workflow.quality.checks import CHECKS
from workflow.team.users import UserStore, hash_token

from .webapp import csrf_from, login, make_project

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
        {
            "STATEMENTS_ROOT": root,
            "INSTANCE_DIR": tmp_path / "instance",
            "TESTING": True,
            "BASE_URL": "http://statements.example.org:8080/",
        }
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


def test_statement_page_shows_versions_and_holds(
    app: Flask, statement: Statement, tmp_path: Path, root: Path
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    before = client.get("/s/gaza/").text
    assert "Nothing of this statement has been published yet" in before
    # The engine menu names the project's engine, not the file it is set in.
    assert "setting (Google Translate)</option>" in before and "workflow.toml" not in before
    response = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True)
    page = response.text
    published = 'Published <bdi lang="en">English</bdi> and <bdi lang="ar">العربية</bdi>: '
    assert re.search(re.escape(published) + r"\d+ files written\. The links are below\.", page)
    held = '<bdi lang="ckb">کوردیی ناوەندی</bdi> and <bdi lang="kmr">Kurdî (Kurmancî)</bdi>'
    assert f'class="flash warning" role="status">Not published yet: {held}. What' in page
    assert 'class="flash ok"' in page and 'class="flash error"' not in page
    assert str(root.parent) not in page and "public/" not in page
    assert "/published/gaza/ar.html" in page and "/published/gaza/ar.pdf" in page
    assert "/published/gaza/ar.md" in page and "/published/gaza/ar.txt" in page
    assert 'data-copy="http://statements.example.org:8080/published/gaza/ar.html"' in page
    assert "up to date" in page and "older than the approved translation" not in page
    # ckb and kmr: every unit untranslated, listed by number and first words, with links.
    assert "5 units are not translated yet:" in page
    first = '<bdi dir="ltr">#1</bdi> <bdi class="excerpt" lang="en" dir="auto">Statement on Gaza'
    assert first in page and "We call for an immediate ceasefire…</bdi>" in page
    # One unit a line, nothing between them to reorder, no quotes in another script's style.
    # Each in the page's direction, its excerpt isolated in the source's.
    assert '<ul class="held-units"><li><a href="/s/gaza/ckb/u/' in page
    assert "<q" not in page
    assert f"/s/gaza/ckb/u/{unit_id('Free the detainees.')}" in page
    # An approved change after publishing makes the published version older.
    approve(statement, "ar", {"Free the detainees.": "حرّروا المعتقلين."})
    later = client.get("/s/gaza/").text
    assert later.count("older than the approved translation") == 1
    assert "changed since it was published" not in later
    # A published file edited by hand is not what was approved: the page says so.
    (root.parent / "public" / "gaza" / "ar.txt").write_text("HACKED", encoding="utf-8")
    edited = client.get("/s/gaza/").text
    assert "changed since it was published (ar.txt)" in edited


def test_holds_are_grouped_by_reason(app: Flask, statement: Statement, tmp_path: Path) -> None:
    from datetime import date

    with statement.lock("ckb"):
        catalog = statement.catalog("ckb")
        for entry in catalog:
            if entry.msgid == "Free the detainees.":
                apply_human(entry, "دەستگیرکراوان ئازاد بکەن.", "translated", "K", date.today())
            if entry.msgid.startswith("Over 8000"):
                apply_human(
                    entry, "زیاتر لە 7000 فەلەستینی کوژراون.", "approved", "K", date.today()
                )
        statement.save_catalog("ckb", catalog)
    client = app.test_client()
    login(client, tmp_path / "instance", "Editor")
    page = client.get("/s/gaza/").text
    held = page[page.index('<ul class="held">') :]
    ckb = held[held.index('data-lang="ckb"') : held.index('data-lang="kmr"')]
    assert "3 units are not translated yet:" in ckb
    assert "1 unit is translated but not approved:" in ckb and ">#5</bdi>" in ckb
    assert "1 unit has a numbers error:" in ckb and ">#3</bdi>" in ckb
    assert ckb.index("not translated") < ckb.index("not approved") < ckb.index("numbers error")
    # Each reference: a line in the page's direction, its number and words isolated in it.
    references = re.findall(r'<li><a href="/s/gaza/ckb/u/[0-9a-f]+"[^>]*><bdi dir="ltr">#', ckb)
    assert len(references) == 5
    # In Arabic, the check is named in Arabic too.
    client.set_cookie(COOKIE, "ar")
    arabic = client.get("/s/gaza/").text
    assert "في وحدة واحدة خطأ الأرقام:" in arabic and "numbers" not in arabic


def test_every_check_has_a_name_for_people() -> None:
    """A new check gets a name a sentence can hold ("2 units have a numbers error")."""
    assert set(CHECK_NAMES) == set(CHECKS) | {"empty"}


def test_the_unit_list_shows_what_the_checks_hold_back(
    app: Flask, statement: Statement, tmp_path: Path
) -> None:
    """A unit approved with an error the checks found holds the language back: the list
    says so (with the unit's link) and marks the unit, also when every unit is approved."""
    from datetime import date

    client = app.test_client()
    login(client, tmp_path / "instance", "Karwan")
    assert 'id="blocked"' not in client.get("/s/gaza/ckb/").text
    with statement.lock("ckb"):
        catalog = statement.catalog("ckb")
        for entry in catalog:
            text = entry.msgid.replace("8000", "7000") if "8000" in entry.msgid else "ئازاد"
            apply_human(entry, text, "approved", "K", date.today())
        statement.save_catalog("ckb", catalog)
    page = client.get("/s/gaza/ckb/").text
    assert "flash ok" in page  # every unit is approved
    start = page.index('id="blocked"')
    blocked = page[start : page.index("</section>", start)]
    assert "1 unit has a numbers error:" in blocked and ">#3</bdi>" in blocked
    over = unit_id(next(e.msgid for e in statement.catalog("ckb") if "8000" in e.msgid))
    assert f"/s/gaza/ckb/u/{over}" in blocked
    marked = re.findall(
        r'data-unit="([0-9a-f]+)">\s*<a[^>]*>\s*<span class="badge approved">[^<]*</span>'
        r'\s*<span class="badge error">',
        page,
    )
    assert marked == [over]


def test_a_wrong_gate_setting_does_not_close_the_unit_list(
    app: Flask, root: Path, tmp_path: Path
) -> None:
    """A mistyped ``publish.gate`` is the editor's to fix (publishing says so): volunteers
    still open their list of units."""
    (root / "workflow.toml").write_text('[publish]\ngate = "aproved"\n', encoding="utf-8")
    client = app.test_client()
    login(client, tmp_path / "instance", "Karwan")
    page = client.get("/s/gaza/ckb/")
    assert page.status_code == 200 and 'id="blocked"' not in page.text


def test_publishing_nothing_is_not_shown_as_success(app: Flask, root: Path, tmp_path: Path) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    with statement_only_english(root):
        page = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert "No translation was published" in page.text
    assert 'class="flash ok"' not in page.text


def statement_only_english(root: Path) -> Any:
    """Hold Arabic back again (a unit back to translated) for the length of a block."""
    import contextlib

    @contextlib.contextmanager
    def hold() -> Iterator[None]:
        statement = Statement.load(root, "gaza")
        from datetime import date

        with statement.lock("ar"):
            catalog = statement.catalog("ar")
            catalog[0].msgstr = catalog[0].msgstr
            apply_human(catalog[0], catalog[0].msgstr, "translated", "Layla", date.today())
            statement.save_catalog("ar", catalog)
        yield

    return hold()


def test_links_use_the_base_url_never_the_host_header(
    app: Flask, tmp_path: Path, root: Path
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    send_session_to(client, "evil.example")
    response = client.post(
        "/users",
        data={"csrf_token": csrf, "action": "link", "name": "Layla"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 200, response.text
    assert response.request.host == "evil.example"
    assert "evil.example" not in response.text
    assert 'value="http://statements.example.org:8080/login/' in response.text


def test_base_url_from_workflow_toml(root: Path, tmp_path: Path, statement: Statement) -> None:
    (root / "workflow.toml").write_text(
        'base_url = "https://statements.example.net/"\n', encoding="utf-8"
    )
    app = create_app(
        {"STATEMENTS_ROOT": root, "INSTANCE_DIR": tmp_path / "instance", "TESTING": True}
    )
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    send_session_to(client, "evil.example")
    page = client.post(
        "/users",
        data={"csrf_token": csrf, "action": "link", "name": "Layla"},
        headers={"Host": "evil.example"},
    )
    assert 'value="https://statements.example.net/login/' in page.text
    assert "evil.example" not in page.text


def send_session_to(client: FlaskClient, host: str) -> None:
    """Let the test client send its session cookie to requests naming another ``Host``."""
    cookie = client.get_cookie("statements_session")
    assert cookie is not None
    client.set_cookie("statements_session", cookie.value, domain=host)


def test_cli_links_follow_the_configured_base_url(cli: Any, root: Path, tmp_path: Path) -> None:
    instance = str(tmp_path / "inst")
    env = {"STATEMENTS_INSTANCE": instance}
    made = cli("users", "add", "Layla", "--lang", "ar", env=env, check=True).stdout
    assert "http://127.0.0.1:5000/login/" in made and "works on this computer only" in made
    (root / "workflow.toml").write_text(
        'base_url = "https://statements.example.net"\n', encoding="utf-8"
    )
    link = cli("users", "link", "Layla", "--base-url", "http://x:1", env=env, check=True).stdout
    assert "https://statements.example.net/login/" in link and "only" not in link
    env["STATEMENTS_BASE_URL"] = "http://10.1.2.3:8000"
    assert "http://10.1.2.3:8000/login/" in cli("users", "link", "Layla", env=env).stdout


def test_host_0000_gives_the_lan_address(cli: Any, tmp_path: Path) -> None:
    from workflow.team.links import lan_address, listen_url

    env = {"STATEMENTS_INSTANCE": str(tmp_path / "inst")}
    out = cli("setup", "--base-url", "http://0.0.0.0:5055", env=env, check=True).stdout
    lan = lan_address() or "127.0.0.1"  # a machine without a network: this one only
    assert f"http://{lan}:5055/login/" in out and "0.0.0.0" not in out
    assert "same network" in out or lan == "127.0.0.1"
    assert listen_url("0.0.0.0", 8000) == f"http://{lan}:8000"
    assert listen_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"


def test_a_running_server_s_address_is_used_by_the_cli(cli: Any, tmp_path: Path) -> None:
    from workflow.team.links import record_listen_url

    instance = tmp_path / "inst"
    record_listen_url(instance, "http://192.0.2.7:5077")
    env = {"STATEMENTS_INSTANCE": str(instance)}
    out = cli("users", "add", "Layla", "--lang", "ar", env=env, check=True).stdout
    assert "http://192.0.2.7:5077/login/" in out


def test_login_link_pages_say_what_became_of_the_link(app: Flask, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    store = UserStore(instance)
    used, revoked, expired = (store.issue_token("Layla") for _ in range(3))
    client = app.test_client()
    page = client.get(f"/login/{used}")
    client.post(f"/login/{used}", data={"csrf_token": csrf_from(page.text)})
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").text)})
    data = json.loads((instance / "users.json").read_text(encoding="utf-8"))
    yesterday = datetime.now(UTC) - timedelta(days=1)
    for user in data["users"]:
        for stored in user["tokens"]:
            if stored["hash"] == hash_token(expired):
                stored["expires"] = yesterday.isoformat(timespec="seconds")
    (instance / "users.json").write_text(json.dumps(data), encoding="utf-8")
    store.revoke("Layla")
    fresh = store.issue_token("Layla")
    anonymous = app.test_client()
    # Not in its owner's language (Arabic): whoever holds a used link, it tells them nothing.
    answer = anonymous.get(f"/login/{used}")
    assert '<html lang="en" dir="ltr">' in answer.text
    assert answer.status_code == 403 and "This link was already used" in answer.text
    assert re.search(  # the day and time as English writes them, the stamp for machines
        r"It was used on <time datetime=\"20[^\"]+\">[A-Z][a-z]+ \d{1,2}, 20\d\d, "
        r"\d{1,2}:\d\d\u202f[AP]M</time>",  # re reads \u202f: a narrow no-break space
        answer.text,
    )
    assert "This link was withdrawn" in anonymous.get(f"/login/{revoked}").text
    assert "This link has expired" in anonymous.get(f"/login/{expired}").text
    day = yesterday.astimezone(ZoneInfo(load_config(app.config["STATEMENTS_ROOT"]).timezone))
    shown = f"{day:%B} {day.day}, {day.year}"  # the day in the project's time zone
    assert f'<time datetime="{yesterday.isoformat(timespec="seconds")}">{shown}</time>' in (
        anonymous.get(f"/login/{expired}").text
    )
    unknown = anonymous.get("/login/" + "x" * 43)
    assert unknown.status_code == 403 and "This is not a link of this site" in unknown.text
    # Someone else logged in: who it is, and a way to log out; the link is not used up.
    csrf = login(anonymous, instance, "Rania")
    other = anonymous.get(f"/login/{fresh}")
    assert other.status_code == 409
    assert "You are logged in as <bdi>Rania</bdi>" in other.text
    assert "This login link is for <bdi>Layla</bdi>" in other.text and 'id="log-out"' in other.text
    assert store.peek(fresh) is not None and csrf


def test_volunteers_table_shows_languages_and_link_status(app: Flask, tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    store = UserStore(instance)
    store.issue_token("Karwan")
    store.issue_token("Rania")
    store.revoke("Rania")
    client = app.test_client()
    login(client, instance, "Editor")
    page = client.get("/users").text
    page = page[page.index('<table class="users">') :]
    karwan = page[page.index("<bdi>Karwan</bdi>") :].split("</tr>")[0]
    assert "کوردیی ناوەندی</span>" in karwan and ">ckb<" not in karwan
    assert "not used yet" in karwan
    rania = page[page.index("<bdi>Rania</bdi>") :].split("</tr>")[0]
    assert "withdrawn" in rania and "العربية" in rania
    editor = page[page.index("<bdi>Editor</bdi>") :].split("</tr>")[0]
    assert "used" in editor and "all languages" in editor
    assert "no link yet" in page[page.index("<bdi>Layla</bdi>") :].split("</tr>")[0]


def test_browser_messages_name_no_flag_and_no_server_path(
    app: Flask, root: Path, tmp_path: Path
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    empty = client.post("/new", data={"csrf_token": csrf, "text": "  \n", "format": "md"})
    assert empty.status_code == 400 and "The text is empty" in empty.text
    assert "statement.md" not in empty.text
    taken = client.post(
        "/new",
        data={
            "csrf_token": csrf,
            "text": "# Title\n\nA line.\n",
            "slug": "gaza",
            "languages": "ar",
        },
    )
    assert taken.status_code == 400
    assert "a statement &#39;gaza&#39; already exists; choose another short name" in taken.text
    assert "--slug" not in taken.text and str(root) not in taken.text
    nobody = client.post(
        "/users",
        data={"csrf_token": csrf, "action": "add", "name": "Sara", "role": "translator"},
    )
    assert "needs at least one language: tick one" in nobody.text and "--lang" not in nobody.text
    (root / "workflow.toml").write_text("[publish\n", encoding="utf-8")
    broken = client.get("/s/gaza/")
    assert "translations/workflow.toml: not valid TOML" in broken.text
    assert str(root.parent) not in broken.text


def test_the_cli_keeps_its_own_wording(cli: Any, root: Path, tmp_path: Path) -> None:
    source = tmp_path / "a.md"
    source.write_text("# Title\n\nA line.\n", encoding="utf-8")
    cli("new", str(source), "--slug", "a", check=True)
    again = cli("new", str(source), "--slug", "a")
    assert "choose another --slug" in again.stderr and str(root) in again.stderr
    env = {"STATEMENTS_INSTANCE": str(tmp_path / "inst")}
    assert "(--lang ar)" in cli("users", "add", "Sara", env=env).stderr


def test_blocks_left_out_from_the_new_statement_form(
    app: Flask, root: Path, tmp_path: Path
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Editor")
    response = client.post(
        "/new",
        data={
            "csrf_token": csrf,
            "text": "# Title\n\nphoto: someone\n\nA line.\n",
            "format": "md",
            "slug": "left-out",
            "languages": "ar",
            "skip": "photo: someone",
            "omit_skipped": "1",
        },
    )
    assert response.status_code == 302
    assert Statement.load(root, "left-out").meta.omit_skipped
    page = client.get("/s/left-out/").text
    assert 'id="skipped-blocks"' in page and 'name="omit_skipped" value="1" checked' in page
    kept = client.post("/s/left-out/blocks", data={"csrf_token": csrf})
    assert kept.status_code == 302 and kept.headers["Location"].endswith("/s/left-out/#publishing")
    assert not Statement.load(root, "left-out").meta.omit_skipped
    assert "will be kept in the published versions" in client.get("/s/left-out/").text
    client.post("/s/left-out/blocks", data={"csrf_token": csrf, "omit_skipped": "1"})
    assert Statement.load(root, "left-out").meta.omit_skipped
    assert client.post("/s/left-out/blocks", data={"omit_skipped": "1"}).status_code == 400
    translator = app.test_client()
    tcsrf = login(translator, tmp_path / "instance", "Layla")
    refused = translator.post("/s/left-out/blocks", data={"csrf_token": tcsrf})
    assert refused.status_code in (403, 404)
    assert Statement.load(root, "left-out").meta.omit_skipped
    # Published, then the setting changed: what is published is older than the setting.
    statement = Statement.load(root, "left-out")
    approve(statement, "ar", {entry.msgid: "سطر" for entry in statement.catalog("ar")})
    client.post("/s/left-out/publish", data={"csrf_token": csrf})
    assert 'class="badge approved current"' in client.get("/s/left-out/").text
    client.post("/s/left-out/blocks", data={"csrf_token": csrf})
    assert 'class="badge outdated stale"' in client.get("/s/left-out/").text
    gaza = client.get("/s/gaza/")
    assert gaza.status_code == 200 and 'id="skipped-blocks"' not in gaza.text  # none skipped
