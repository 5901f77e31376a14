"""The interface in Arabic, Sorani and Kurmanji: which language a request gets, the menu,
right-to-left pages, no English left on the volunteers' pages."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
import responses
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import Markup

from webui import create_app
from webui.editor import job_message
from webui.i18n import COOKIE, date_label, join_list, time_label
from webui.messages import browser_template, user_message
from workflow.catalog.statement import Statement
from workflow.catalog.unit import unit_id
from workflow.config import Config, load_config
from workflow.errors import WorkflowError
from workflow.i18n import N_, LanguageCode, Phrase, params_to_json
from workflow.mt.pretranslate import pretranslate
from workflow.team.users import UserStore

from .conftest import REPO, json_of
from .webapp import csrf_from, login, make_project

TITLE_ID = unit_id("Statement on Gaza")
DIRECTION = {"ar": "rtl", "ckb": "rtl", "kmr": "ltr", "en": "ltr"}


def html_tag(page: str) -> tuple[str, str]:
    """The ``lang`` and ``dir`` of a page's ``<html>`` element."""
    match = re.search(r'<html lang="([^"]+)" dir="([^"]+)">', page)
    assert match, "the page has no <html lang dir>"
    return match.group(1), match.group(2)


def choose(client: FlaskClient, lang: str, next_page: str = "/") -> None:
    """Pick ``lang`` in the menu of ``next_page``."""
    csrf = csrf_from(client.get(next_page).text)
    response = client.post("/language", data={"lang": lang, "next": next_page, "csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == next_page


@pytest.fixture
def app(root: Path, instance: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    make_project(root, instance)
    return create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance, "TESTING": True})


@pytest.fixture
def volunteer(instance: Path) -> str:
    UserStore(instance).add("Xezal", "translator", ["kmr"])
    return "Xezal"


@pytest.mark.parametrize(("name", "lang"), [("Layla", "ar"), ("Karwan", "ckb"), ("Xezal", "kmr")])
def test_volunteer_gets_their_working_language(
    client: FlaskClient, instance: Path, volunteer: str, name: str, lang: str
) -> None:
    login(client, instance, name, interface=None)
    page = client.get("/").text
    assert html_tag(page) == (lang, DIRECTION[lang])


def test_without_a_user_the_browser_language_decides(client: FlaskClient) -> None:
    assert html_tag(client.get("/", headers={"Accept-Language": "ckb, en;q=0.5"}).text) == (
        "ckb",
        "rtl",
    )
    assert html_tag(client.get("/", headers={"Accept-Language": "ku-TR"}).text)[0] == "kmr"
    assert html_tag(client.get("/", headers={"Accept-Language": "ar-IQ,ar;q=0.9"}).text)[0] == "ar"
    assert html_tag(client.get("/", headers={"Accept-Language": "fr, de"}).text) == ("en", "ltr")
    assert html_tag(client.get("/").text) == ("en", "ltr")


def test_choice_before_login_is_kept_in_a_cookie(client: FlaskClient) -> None:
    choose(client, "kmr")
    page = client.get("/", headers={"Accept-Language": "ar"})
    assert html_tag(page.text) == ("kmr", "ltr")
    assert "Pêşî têkeve" in page.text or "Têkeve" in page.text
    assert client.get_cookie(COOKIE).value == "kmr"  # type: ignore[union-attr]


def test_menu_switches_and_is_remembered_per_user(client: FlaskClient, instance: Path) -> None:
    login(client, instance, "Layla", interface=None)
    assert html_tag(client.get("/").text)[0] == "ar"
    choose(client, "en")
    assert html_tag(client.get("/").text) == ("en", "ltr")
    store = UserStore(instance)
    user = store.get("Layla")
    assert user is not None and user.interface == "en"
    # Another device, no cookie: the user store remembers.
    client.delete_cookie(COOKIE)
    assert html_tag(client.get("/").text)[0] == "en"
    choose(client, "ar")
    assert html_tag(client.get("/").text) == ("ar", "rtl")


def test_menu_names_each_language_in_its_own_name(client: FlaskClient) -> None:
    page = client.get("/").text
    menu = page.split('id="interface-menu"')[1].split("</form>")[0]
    for code, name in (
        ("en", "English"),
        ("ar", "العربية"),
        ("ckb", "کوردیی ناوەندی"),
        ("kmr", "Kurdî (Kurmancî)"),
    ):
        assert re.search(rf'value="{code}" lang="{code}" dir="\w+"[^>]*>{re.escape(name)}<', menu)


def test_menu_refuses_other_languages_and_foreign_redirects(client: FlaskClient) -> None:
    csrf = csrf_from(client.get("/").text)
    response = client.post(
        "/language", data={"lang": "fr", "next": "//evil.example/", "csrf_token": csrf}
    )
    assert response.headers["Location"] == "/"
    assert client.get_cookie(COOKIE) is None
    assert client.post("/language", data={"lang": "ar"}).status_code == 400  # no CSRF token


# The interface's own English words: none may remain on a volunteer's pages in their language.
ENGLISH_LABELS = [
    "Statements",
    "Glossary",
    "Log out",
    "approved",
    "translated",
    "machine",
    "outdated",
    "untranslated",
    "draft",
    "updated",
    "Continue with the next open unit",
    "Filter by state",
    "open",
    "Source",
    "Translation",
    "Save draft",
    "Mark translated",
    "Next open unit",
    "Ctrl+Enter marks it",
    "Checks",
    "Saving",
    "Not saved",
    "of 5 units",
    "paragraph",
    "heading",
]
SOURCE_TEXTS = ["Statement on Gaza", "We call for", "Over 8000", "Protect humanitarian", "Free the"]


def visible_text(page: str) -> str:
    """The words of a page a person reads: no tags, attributes of data, or the source text."""
    page = re.sub(r"<script[^>]*>.*?</script>", " ", page, flags=re.S)
    page = re.sub(r'<form[^>]*id="interface-menu".*?</form>', " ", page, flags=re.S)
    page = re.sub(r"<title>.*?</title>", " ", page, flags=re.S)
    page = re.sub(r'<[^>]+lang="en"[^>]*>[^<]*<', "<", page)  # the English source itself
    text = re.sub(r"<[^>]+>", " ", page)
    for source in SOURCE_TEXTS:
        text = text.replace(source, " ")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(("name", "lang"), [("Layla", "ar"), ("Karwan", "ckb"), ("Xezal", "kmr")])
def test_volunteer_pages_are_in_their_language(
    client: FlaskClient, instance: Path, volunteer: str, name: str, lang: str
) -> None:
    login(client, instance, name, interface=None)
    pages = {
        "dashboard": "/",
        "units": f"/s/gaza/{lang}/",
        "unit": f"/s/gaza/{lang}/u/{TITLE_ID}",
    }
    for what, path in pages.items():
        page = client.get(path).text
        assert html_tag(page) == (lang, DIRECTION[lang]), what
        text = visible_text(page)
        left = [label for label in ENGLISH_LABELS if re.search(rf"\b{re.escape(label)}\b", text)]
        assert not left, f"{what} ({lang}) still says {left}"
    # The source paragraph keeps its own language and direction inside the page.
    unit_page = client.get(pages["unit"]).text
    assert '<p class="source" lang="en" dir="ltr">' in unit_page
    assert f'id="translation" lang="{lang}" dir="{DIRECTION[lang]}"' in unit_page
    # The menu goes to English and back.
    choose(client, "en", pages["unit"])
    page = client.get(pages["unit"]).text
    assert html_tag(page) == ("en", "ltr") and "Mark translated" in page
    choose(client, lang, pages["unit"])
    assert html_tag(client.get(pages["unit"]).text) == (lang, DIRECTION[lang])


def test_a_refused_form_speaks_the_users_language(client: FlaskClient, instance: Path) -> None:
    """A form without its CSRF token is refused in the volunteer's language, not the
    browser's."""
    login(client, instance, "Karwan", interface=None)
    refused = client.post(f"/s/gaza/ckb/u/{TITLE_ID}", data={}, headers={"Accept-Language": "en"})
    assert refused.status_code == 400
    assert html_tag(refused.text) == ("ckb", "rtl")
    assert "The form expired" not in refused.text


def test_script_strings_come_from_the_page(client: FlaskClient, instance: Path) -> None:
    login(client, instance, "Karwan", interface=None)
    page = client.get(f"/s/gaza/ckb/u/{TITLE_ID}").text
    block = re.search(r'<script type="application/json" id="ui-strings">(.*?)</script>', page, re.S)
    assert block
    strings = json.loads(block.group(1))
    assert strings["savedDraft"] == "وەک ڕەشنووس پاشەکەوت کرا."
    assert strings["states"]["translated"] == "وەرگێڕدراو"
    script = (REPO / "webui" / "static" / "app.js").read_text(encoding="utf-8")
    code = [line for line in script.splitlines() if not line.strip().startswith("//")]
    literals = [text for line in code for text in re.findall(r'"((?:[^"\\\n]|\\.)*)"', line)]
    prose = [text for text in literals if re.search(r"[A-Za-z]+ [A-Za-z]+", text)]
    assert prose == ["use strict"], f"English left in app.js: {prose}"


def test_dates_numbers_and_plurals_follow_the_interface(
    client: FlaskClient, instance: Path
) -> None:
    login(client, instance, "Layla", interface=None)
    page = client.get("/").text
    # Iraqi month names (كانون الثاني ... كانون الأول, not يناير) and Arabic plural forms.
    assert re.search(r"(كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين)", page)
    assert "من أصل 5 وحدات" in page
    choose(client, "kmr")
    assert "ji 5 yekîneyan" in client.get("/").text


def test_core_messages_are_shown_translated(client: FlaskClient, instance: Path) -> None:
    csrf = login(client, instance, "Karwan", interface=None)
    response = client.post(
        "/api/statements/gaza/ckb/units/" + TITLE_ID,
        json={"translation": "", "state": "translated", "revision": "x"},
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code in (400, 409)
    assert response.json and not re.search(r"[A-Za-z]{4,}", response.json["error"])


def test_languages_and_reasons_inside_sentences_are_in_the_interface_language(
    app: Flask, client: FlaskClient, instance: Path
) -> None:
    """A language named in a sentence is named in the interface language, and a marked
    phrase inside a core message (an engine's failure) is translated with it."""
    csrf = login(client, instance, "Layla", interface=None)
    refused = client.post(
        "/api/statements/gaza/ckb/units/" + TITLE_ID,
        json={"translation": "ناونیشان", "state": "translated", "revision": "x"},
        headers={"X-CSRFToken": csrf},
    )
    assert refused.status_code == 403
    said = json_of(refused)["error"]
    assert "السورانية" in said and "ckb" not in said
    base = f"/api/statements/gaza/ar/units/{TITLE_ID}/proposals"
    proposed = client.post(base, json={"translation": "بيان عن غزة"}, headers={"X-CSRFToken": csrf})
    assert proposed.status_code == 201
    pid = json_of(proposed)["id"]
    accepted = client.post(f"{base}/{pid}/accept", json={}, headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 403  # Layla translates; a reviewer accepts
    assert "العربية" in json_of(accepted)["error"] and " ar " not in json_of(accepted)["error"]
    editor = app.test_client()
    login(editor, instance, "Editor", interface="ar")
    assert "الإنجليزية" in editor.get("/s/gaza/").text  # "written in English"
    error = WorkflowError(
        N_("cannot reach the LibreTranslate server at %(url)s: %(reason)s"),
        url="http://127.0.0.1:9",
        reason=Phrase(N_("connection refused or network unreachable")),
    )
    assert "connection refused" in str(error)  # the command line's English
    with app.test_request_context("/", headers={"Accept-Language": "kmr"}):
        shown = user_message(error)
        # A pretranslation job keeps its closing message in a JSON file, read back later.
        stored = json.loads(
            json.dumps({"template": error.template, "params": params_to_json(error.params)})
        )
        from_job = job_message(stored)
        stopped = job_message(
            json.loads(
                json.dumps(
                    {
                        "template": N_("%(language)s: %(error)s; finished units are saved"),
                        "params": params_to_json({"language": LanguageCode("ar"), "error": "x"}),
                    }
                )
            )
        )
    assert "girêdan hate redkirin" in shown and "refused" not in shown
    assert from_job == shown
    assert stopped.startswith("erebî: x")


@responses.activate
def test_an_engine_is_named_as_people_know_it(app: Flask, root: Path) -> None:
    """An unreachable engine: the command line names its id and host (what --engine takes,
    what a firewall needs), the browser its product name, in the interface's language, kept
    so through a job's JSON file; nothing of the host there."""
    responses.add(
        responses.HEAD,
        "http://api.mymemory.translated.net/",
        body=requests.ConnectionError("no route"),
    )
    with pytest.raises(WorkflowError) as raised:
        pretranslate(Statement.load(root, "gaza"), Config(), ["ar"], engine="mymemory")
    error = raised.value
    assert "the mymemory engine at api.mymemory.translated.net" in str(error)
    kept = {"template": browser_template(error), "params": params_to_json(error.params)}
    stored = json.loads(json.dumps(kept))  # as a job keeps its closing message
    with app.test_request_context("/", headers={"Cookie": f"{COOKIE}=ar"}):
        for shown in (user_message(error), job_message(stored)):
            assert shown.startswith("تعذّر الوصول إلى MyMemory: ")
            assert "mymemory" not in shown and "translated.net" not in shown


def test_one_server_speaks_each_users_language(app: Flask, instance: Path) -> None:
    # Jinja must not bake the first request's language into a compiled template.
    first, second = app.test_client(), app.test_client()
    login(first, instance, "Karwan", interface=None)
    login(second, instance, "Layla", interface=None)
    assert "پەسەندکراو 0" in first.get("/").text
    page = second.get("/").text
    assert "معتمد 0" in page and "پەسەندکراو" not in page


@pytest.mark.parametrize(("name", "lang"), [("Karwan", "ckb"), ("Xezal", "kmr"), ("Layla", "ar")])
def test_a_login_link_speaks_its_owner_s_language(
    client: FlaskClient, instance: Path, volunteer: str, name: str, lang: str
) -> None:
    """A volunteer's phone is often set to English (it offers no Kurdish): the page their
    link opens is in their working language, as every page after it, not the phone's."""
    token = UserStore(instance).issue_token(name)
    page = client.get(f"/login/{token}", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200 and html_tag(page.text) == (lang, DIRECTION[lang])
    assert "This link logs you in once" not in page.text
    # Someone else's browser language still decides the pages without a link.
    assert html_tag(client.get("/", headers={"Accept-Language": "en"}).text)[0] == "en"


@pytest.mark.parametrize(
    ("lang", "day", "moment"),
    [
        ("ar", "4 كانون الأول 2026", "4 كانون الأول 2026، 1:46 ص"),
        ("ckb", "4ی کانونی یەکەمی 2026", "4ی کانونی یەکەمی 2026 1:46 ب.ن"),
        ("kmr", "4ê berfanbara 2026an", "4ê berfanbara 2026an 01:46"),
        ("en", "December 4, 2026", "December 4, 2026, 1:46\u202fAM"),  # a narrow no-break space
    ],
)
def test_days_and_times_are_written_the_interface_s_way(
    app: Flask, lang: str, day: str, moment: str
) -> None:
    """A day as CLDR's long date of the interface's locale, a moment with its short time
    joined as the locale joins them, in UTC whatever offset the stamp carries."""
    with app.test_request_context(headers={"Cookie": f"{COOKIE}={lang}"}):
        assert date_label("2026-12-04") == date_label(date(2026, 12, 4)) == day
        assert time_label("2026-12-04T01:46:09+00:00") == moment
        assert time_label("2026-12-04 01:46") == time_label("2026-12-04T01:46:00Z") == moment
        baghdad = datetime(2026, 12, 4, 4, 46, tzinfo=timezone(timedelta(hours=3)))
        assert time_label(baghdad) == moment
        assert time_label("2026-12-04") == day  # a day alone has no time to show
        assert time_label("soon") == date_label("soon") == "soon"
        # Text that only begins with a day is text, not that day.
        assert date_label("2026-12-04 was a Friday") == "2026-12-04 was a Friday"
        assert time_label("2026-12-04T25:00") == "2026-12-04T25:00"


_ISO_DAY = re.compile(r"\b20\d\d-\d\d-\d\d\b")


def test_a_unit_s_dates_are_in_the_interface_language(client: FlaskClient, instance: Path) -> None:
    """Who translated a unit and when, its comments and its history: every day and time in
    the volunteer's language (the machine-readable stamp stays in ``<time datetime>``)."""
    csrf = login(client, instance, "Layla", interface=None)
    api = f"/api/statements/gaza/ar/units/{TITLE_ID}"
    seen = json_of(client.get(api))["revision"]
    headers = {"X-CSRFToken": csrf}
    saved = client.post(
        api,
        json={"translation": "بيان بشأن غزة", "state": "translated", "revision": seen},
        headers=headers,
    )
    assert saved.status_code == 200
    asked = client.post(api + "/comments", json={"text": "حصار؟"}, headers=headers)
    assert asked.status_code == 201
    page = client.get(f"/s/gaza/ar/u/{TITLE_ID}").text
    today = load_config(client.application.config["STATEMENTS_ROOT"]).today()  # the project's
    with client.application.test_request_context(headers={"Cookie": f"{COOKIE}=ar"}):
        shown = date_label(today)
    assert f"ترجمها <bdi>Layla</bdi> في {shown}" in page
    text = visible_text(re.sub(r'datetime="[^"]*"', "", page))
    assert not _ISO_DAY.search(text), _ISO_DAY.findall(text)
    assert text.count(shown) >= 3  # the header, the comment and the version
    # A save on the old revision: the conflict says who saved it and on which day, so.
    stale = client.post(
        api,
        json={"translation": "نص آخر", "state": "translated", "revision": seen},
        headers=headers,
    )
    assert stale.status_code == 409
    current = json_of(stale)["current"]
    assert current["saved_by"] == "Layla" and current["saved_on_shown"] == shown
    assert current["translated_by"] == f"Layla {today.isoformat()}"  # as it was: the day


@pytest.mark.parametrize(
    ("lang", "two", "three"),
    [
        ("ar", "A وB", "A وB و<b>C</b>"),
        ("ckb", "A و B", "A، B و <b>C</b>"),  # CLDR has none: Sorani's Arabic comma
        ("kmr", "A û B", "A, B û <b>C</b>"),
        ("en", "A and B", "A, B, and <b>C</b>"),
    ],
)
def test_lists_are_joined_the_interface_s_way(app: Flask, lang: str, two: str, three: str) -> None:
    """Languages published, files changed, engines: a list as the locale writes one (no
    ASCII comma before an Arabic name); text escaped, markup kept."""
    with app.test_request_context(headers={"Cookie": f"{COOKIE}={lang}"}):
        assert join_list(["A", "B"]) == two
        assert join_list(["A", "B", Markup("<b>C</b>")]) == three
        assert join_list(["<i>"]) == "&lt;i&gt;" and join_list([]) == ""


def test_times_are_in_the_project_s_time_zone(app: Flask, root: Path) -> None:
    """``timezone`` in workflow.toml: a moment stored in UTC is written in that zone, and a
    late evening in UTC is already the next day in Baghdad."""
    (root / "workflow.toml").write_text('timezone = "Asia/Baghdad"\n', encoding="utf-8")
    with app.test_request_context(headers={"Cookie": f"{COOKIE}=ar"}):
        assert time_label("2026-12-04T01:46:09+00:00") == "4 كانون الأول 2026، 4:46 ص"
        assert time_label("2026-12-04T22:30:00Z") == "5 كانون الأول 2026، 1:30 ص"
        assert date_label("2026-12-04T22:30:00Z") == "5 كانون الأول 2026"
        assert date_label("2026-12-04") == "4 كانون الأول 2026"  # a day is a day
    (root / "workflow.toml").write_text('timezone = "Europe/Berlin"\n', encoding="utf-8")
    with app.test_request_context(headers={"Cookie": f"{COOKIE}=en"}):
        assert time_label("2026-12-04T22:30:00Z") == "December 4, 2026, 11:30\u202fPM"


@pytest.mark.parametrize("value", ['"Mars/Olympus"', '"../../etc/passwd"', '""', "3"])
def test_a_time_zone_that_is_none_is_refused_in_one_line(root: Path, value: str) -> None:
    (root / "workflow.toml").write_text(f"timezone = {value}\n", encoding="utf-8")
    with pytest.raises(WorkflowError) as refused:
        load_config(root)
    message = str(refused.value)
    assert "\n" not in message and 'such as "Asia/Baghdad"' in message


def test_a_save_is_recorded_on_the_project_s_day(
    client: FlaskClient, instance: Path, root: Path
) -> None:
    """A save is recorded on the project's day, the one its moment is written on, whatever
    the server's own clock says: of two zones 26 hours apart (Kiritimati, UTC+14, and
    UTC-12) one is always on another day than this machine, and the project takes it."""
    zones = ("Pacific/Kiritimati", "Etc/GMT+12")
    zone = next(name for name in zones if datetime.now(ZoneInfo(name)).date() != date.today())
    (root / "workflow.toml").write_text(f'timezone = "{zone}"\n', encoding="utf-8")
    csrf = login(client, instance, "Layla")
    api = f"/api/statements/gaza/ar/units/{TITLE_ID}"
    seen = json_of(client.get(api))["revision"]
    saved = client.post(
        api,
        json={"translation": "بيان بشأن غزة", "state": "translated", "revision": seen},
        headers={"X-CSRFToken": csrf},
    )
    assert saved.status_code == 200
    day = datetime.now(ZoneInfo(zone)).date()
    catalog = (root / "gaza" / "ar.po").read_text(encoding="utf-8")
    assert f"# translated: Layla {day.isoformat()} text:" in catalog
