"""Working through a dropped connection, in Debian's Chromium against `statements serve`.

The phone's outbox (localStorage) and the service worker's kept pages, with
``context.set_offline``: nothing typed is lost through a reload, a closed page, a restarted
browser, a conflict or a refusal. Screenshots at 360 px in Arabic go to ``test-artifacts/``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from babel.dates import format_date
from playwright.sync_api import Browser, BrowserContext, Page

from workflow.catalog.unit import unit_id
from workflow.config import Config
from workflow.languages import get_language
from workflow.team.users import UserStore

from .conftest import CHROMIUM, shot
from .load_client import kill, start_server
from .webapp import make_project

pytestmark = pytest.mark.browser
PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
CEASEFIRE = unit_id(
    "We call for an immediate ceasefire and an end to the siege of 2.2 million people."
)
KILLED = unit_id("Over 8000 Palestinians have been killed, including over 3000 children.")
PROTECT = unit_id("Protect humanitarian workers.")
DETAINEES = unit_id("Free the detainees.")
TITLE = unit_id("Statement on Gaza")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A fresh project per test (each test changes units and users)."""
    root, instance = tmp_path / "translations", tmp_path / "instance"
    make_project(root, instance)
    process, url = start_server(root, instance, workers=2)
    yield {"url": url, "root": root, "instance": instance}
    kill(process)


def log_in(context: BrowserContext, server: dict[str, Any], name: str) -> Page:
    token = UserStore(server["instance"]).issue_token(name)
    page = context.new_page()
    page.goto(f"{server['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{server['url']}/")
    return page


def api_session(server: dict[str, Any], name: str) -> requests.Session:
    """A logged-in requests session, to check what the server holds."""
    session = requests.Session()
    token = UserStore(server["instance"]).issue_token(name)
    page = session.get(f"{server['url']}/login/{token}").text
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    session.post(f"{server['url']}/login/{token}", data={"csrf_token": csrf})
    return session


def server_unit(session: requests.Session, server: dict[str, Any], lang: str, unit: str) -> Any:
    answer = session.get(f"{server['url']}/api/statements/gaza/{lang}/units/{unit}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def open_for_offline(page: Page, server: dict[str, Any], lang: str, unit: str) -> None:
    """Open a unit online and wait until the service worker kept the language's pages."""
    page.goto(f"{server['url']}/s/gaza/{lang}/u/{unit}")
    page.wait_for_function("() => document.documentElement.dataset.offlineReady !== undefined")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        # The worker became active while this page was loading: the next load is its own.
        page.reload()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def outbox(page: Page) -> list[dict[str, Any]]:
    return page.evaluate("() => JSON.parse(localStorage.getItem('statements.outbox.v1') || '[]')")


def says(page: Page, key: str, **params: Any) -> str:
    """What the page says for ``key`` in its interface language (the volunteer's own)."""
    template = page.evaluate(
        "key => JSON.parse(document.getElementById('ui-strings').textContent)[key]", key
    )
    assert isinstance(template, str), key
    return re.sub(r"%\((\w+)\)s", lambda m: str(params[m.group(1)]), template)


def dismissed_question(page: Page, selector: str) -> str:
    """The question a click on ``selector`` asks (answered "no")."""
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.click(selector)
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def wait_says(page: Page, selector: str, key: str, **params: Any) -> None:
    """Wait until ``selector`` shows the string ``key``."""
    page.wait_for_function(
        "([selector, text]) => (document.querySelector(selector) || {}).textContent === text",
        arg=[selector, says(page, key, **params)],
    )


def saved_by(page: Page, name: str) -> str:
    """What the conflict says of who saved the other version today, in the page's language
    (the day written as CLDR writes a long date there)."""
    locale = get_language(page.evaluate("document.documentElement.lang")).locale
    today = Config().today()  # the test project has no workflow.toml: its zone is UTC
    return says(page, "savedByOn", name=name, date=format_date(today, "long", locale))


def wait_until(check: Any, seconds: float = 10.0) -> float:
    """Poll ``check`` until it is true; how long that took."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < seconds, "timed out"
        time.sleep(0.05)
    return time.monotonic() - start


def test_offline_save_survives_reload_and_a_new_page_then_reaches_the_server(
    browser: Browser, server: dict[str, Any]
) -> None:
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", CEASEFIRE)
    context.set_offline(True)
    text = "ندعو إلى وقف فوري لإطلاق النار وإنهاء الحصار المفروض على 2.2 مليون شخص."
    page.fill("#translation", text)
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    assert page.locator("#outbox").inner_text() == says(page, "counter", n=1)
    shot(page, "offline-waiting-ar")

    page.reload()  # offline: the service worker answers
    assert page.locator("#translation").input_value() == text
    assert page.locator("#message").inner_text() == says(page, "waiting")
    assert page.locator("#outbox").inner_text() == says(page, "counter", n=1)
    assert len(outbox(page)) == 1

    # Mark translated goes on to the next unit, kept offline too.
    page.locator("#translation").press("Control+Enter")
    page.wait_for_url(lambda url: CEASEFIRE not in url)
    assert page.locator("#outbox").inner_text() == says(page, "counter", n=1)
    page.goto(f"{server['url']}/s/gaza/ar/")
    mark = page.locator(f"li[data-unit='{CEASEFIRE}'] .outbox-mark")
    assert mark.inner_text() == says(page, "markWaiting")
    shot(page, "offline-unit-list-ar")

    page.close()
    page = context.new_page()
    page.goto(f"{server['url']}/s/gaza/ar/u/{CEASEFIRE}")
    assert page.locator("#translation").input_value() == text
    assert outbox(page)[0]["state"] == "translated"

    check = api_session(server, "Editor")
    assert server_unit(check, server, "ar", CEASEFIRE)["translation"] != text
    context.set_offline(False)
    took = wait_until(lambda: server_unit(check, server, "ar", CEASEFIRE)["translation"] == text)
    print(f"queued save reached the server {took:.2f} s after the connection returned")
    assert server_unit(check, server, "ar", CEASEFIRE)["state"] == "translated"
    wait_says(page, "#outbox", "allSent")  # for a few seconds, then the counter goes
    page.wait_for_selector("#outbox", state="hidden")
    assert outbox(page) == []
    wait_says(page, "#message", "saved")
    shot(page, "offline-sent-ar")
    context.close()


def test_text_typed_after_an_offline_save_survives_a_reload_and_saves_without_a_conflict(
    browser: Browser, server: dict[str, Any]
) -> None:
    """Saved offline, then typed on: a reload showed the saved text and the next keystroke
    dropped what was typed after it. And once the save went out, saving the typed text
    conflicted with the person's own save (it still carried the revision before it)."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", PROTECT)
    context.set_offline(True)
    page.fill("#translation", "احموا العاملين")
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    newer = "احموا العاملين في المجال الإنساني."
    page.fill("#translation", newer)
    page.wait_for_timeout(600)  # the typed copy is kept 300 ms after the last keystroke
    page.reload()  # offline: the service worker answers
    assert page.locator("#translation").input_value() == newer
    assert page.locator("#message").inner_text() == says(page, "restored")
    check = api_session(server, "Editor")
    context.set_offline(False)
    wait_until(lambda: server_unit(check, server, "ar", PROTECT)["translation"] == "احموا العاملين")
    wait_until(lambda: not outbox(page))
    page.reload()
    assert page.locator("#translation").input_value() == newer
    page.click("button[value=draft]")
    wait_says(page, "#message", "savedDraft")
    assert server_unit(check, server, "ar", PROTECT)["translation"] == newer
    assert outbox(page) == []
    context.close()


def test_a_comment_written_offline_is_kept_and_sent_once_back_online(
    browser: Browser, server: dict[str, Any]
) -> None:
    """Sent offline, a comment ended on the browser's error page, and a reload emptied it."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", TITLE)
    context.set_offline(True)
    text = "هل نترجم «غزة» أم نكتبها كما هي؟"
    page.fill("#comment-text", text)
    page.click("#send-comment")
    status = page.locator("#comment-form .form-status")
    status.wait_for()
    assert status.inner_text() == says(page, "needsConnection")
    assert page.url.endswith(f"/u/{TITLE}")  # still the unit, not the browser's error page
    page.reload()  # offline: the service worker answers
    assert page.locator("#comment-text").input_value() == text
    # The offline copy's CSRF token may be stale: the session's fresh one is sent.
    page.evaluate("() => document.querySelector('#comment-form [name=csrf_token]').value = 'stale'")
    context.set_offline(False)
    page.click("#send-comment")
    page.wait_for_url(lambda url: url.endswith("#comments"))
    check = api_session(server, "Editor")
    comments = server_unit(check, server, "ar", TITLE)["comments"]
    assert [comment["text"] for comment in comments] == [text]
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE}")
    assert page.locator("#comment-text").input_value() == ""  # sent: not kept any more
    context.close()


def test_the_next_unit_says_what_became_of_the_last(
    browser: Browser, server: dict[str, Any]
) -> None:
    """Approve (or mark translated) opens the next unit, which said nothing of the save."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Rania")
    page.goto(f"{server['url']}/s/gaza/ar/u/{PROTECT}")
    page.fill("#translation", "احموا العاملين في المجال الإنساني.")
    page.click("#approve")
    page.wait_for_url(lambda url: PROTECT not in url)
    wait_says(page, "#message", "approvedNext")
    page.reload()  # said once
    assert page.locator("#message").inner_text() == ""
    page.fill("#translation", "حرّروا المعتقلين.")
    page.click("#mark-translated")
    page.wait_for_url(lambda url: DETAINEES not in url)
    wait_says(page, "#message", "savedNext")
    # A note left for a page that never read it (the unit list, after the last unit) is not
    # said on the next unit opened later.
    page.evaluate(
        "() => sessionStorage.setItem('statements.done.v1', "
        "JSON.stringify({to: '/s/gaza/ar/', say: 'approvedNext'}))"
    )
    page.goto(f"{server['url']}/s/gaza/ar/u/{KILLED}")
    assert page.locator("#message").inner_text() == ""
    context.close()


def test_saves_keep_their_order_and_base_revision(browser: Browser, server: dict[str, Any]) -> None:
    context = browser.new_context()
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", KILLED)
    context.set_offline(True)
    page.fill("#translation", "قتل أكثر من 8000 فلسطيني.")
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    page.goto(f"{server['url']}/s/gaza/ar/u/{PROTECT}")
    page.fill("#translation", "احموا عمال الإغاثة.")
    page.click("button[value=draft]")
    wait_says(page, "#outbox", "counter", n=2)
    # Saved twice offline: one entry, the latest text, the revision the page was opened at.
    page.goto(f"{server['url']}/s/gaza/ar/u/{KILLED}")
    page.fill("#translation", "قُتل أكثر من 8000 فلسطيني، بينهم أكثر من 3000 طفل.")
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    items = outbox(page)
    assert [item["key"].split("/")[-1] for item in items] == [PROTECT, KILLED]
    check = api_session(server, "Editor")
    assert items[1]["revision"] == server_unit(check, server, "ar", KILLED)["revision"]
    context.set_offline(False)
    wait_until(lambda: not outbox(page))
    assert server_unit(check, server, "ar", KILLED)["translation"].endswith("3000 طفل.")
    assert server_unit(check, server, "ar", PROTECT)["translation"] == "احموا عمال الإغاثة."
    context.close()


def test_conflict_after_a_blackout_offers_the_choice(
    browser: Browser, server: dict[str, Any]
) -> None:
    phone = browser.new_context(**PHONE)
    layla = log_in(phone, server, "Layla")
    open_for_offline(layla, server, "ar", DETAINEES)
    phone.set_offline(True)
    layla.fill("#translation", "حرروا المعتقلين.")
    layla.click("#mark-translated")
    layla.wait_for_url(lambda url: DETAINEES not in url)

    desk = browser.new_context()
    rania = log_in(desk, server, "Rania")
    rania.goto(f"{server['url']}/s/gaza/ar/u/{DETAINEES}")
    rania.fill("#translation", "أطلقوا سراح المعتقلين.")
    rania.click("#mark-translated")
    rania.wait_for_url(lambda url: DETAINEES not in url)

    phone.set_offline(False)
    layla.wait_for_selector("#outbox.problem")
    assert layla.locator("#outbox").inner_text() == says(layla, "counterProblem", n=1)
    layla.click("#outbox")
    layla.wait_for_selector("#conflict:not([hidden])")
    assert layla.locator("#mine").inner_text() == "حرروا المعتقلين."
    assert layla.locator("#theirs").inner_text() == "أطلقوا سراح المعتقلين."
    assert layla.locator("#theirs-by").inner_text() == saved_by(layla, "Rania")
    assert layla.locator("#translation").input_value() == "حرروا المعتقلين."
    shot(layla, "offline-conflict-ar")
    check = api_session(server, "Editor")
    assert server_unit(check, server, "ar", DETAINEES)["translation"] == "أطلقوا سراح المعتقلين."

    # An ordinary save meanwhile was sent on the old revision and refused again, each time:
    # it now asks for the choice. Keep mine then keeps what the box holds, edit and all.
    layla.fill("#translation", "حرّروا جميع المعتقلين.")
    layla.click("button[value=draft]")
    wait_says(layla, "#message", "conflict")
    assert outbox(layla)[0]["translation"] == "حرروا المعتقلين."  # nothing sent
    layla.click("#keep-mine")
    wait_says(layla, "#message", "savedDraft")  # the state asked for last: a draft
    mine = server_unit(check, server, "ar", DETAINEES)
    assert (mine["translation"], mine["state"]) == ("حرّروا جميع المعتقلين.", "draft")
    assert outbox(layla) == []
    phone.close()
    desk.close()


def test_take_theirs_after_a_blackout(browser: Browser, server: dict[str, Any]) -> None:
    phone = browser.new_context()
    layla = log_in(phone, server, "Layla")
    open_for_offline(layla, server, "ar", TITLE)
    phone.set_offline(True)
    layla.fill("#translation", "بيان حول غزة")
    layla.click("button[value=draft]")
    wait_says(layla, "#message", "waiting")
    rania = api_session(server, "Rania")
    current = server_unit(rania, server, "ar", TITLE)
    csrf = rania.get(f"{server['url']}/api/session").json()["csrf"]
    saved = rania.post(
        f"{server['url']}/api/statements/gaza/ar/units/{TITLE}",
        json={"translation": "بيان بشأن غزة", "state": "approved", "revision": current["revision"]},
        headers={"X-CSRFToken": csrf},
    )
    assert saved.status_code == 200
    phone.set_offline(False)
    layla.wait_for_selector("#conflict:not([hidden])")
    assert layla.locator("#theirs-by").inner_text() == saved_by(layla, "Rania")
    layla.click("#take-theirs")
    assert layla.locator("#translation").input_value() == "بيان بشأن غزة"
    assert outbox(layla) == []
    assert server_unit(rania, server, "ar", TITLE)["translation"] == "بيان بشأن غزة"
    phone.close()


def test_revoked_volunteers_queued_save_is_refused_and_kept(
    browser: Browser, server: dict[str, Any]
) -> None:
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Karwan")
    open_for_offline(page, server, "ckb", KILLED)
    context.set_offline(True)
    text = "زیاتر لە 8000 فەلەستینی کوژراون."
    page.fill("#translation", text)
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    UserStore(server["instance"]).revoke("Karwan")
    context.set_offline(False)
    page.wait_for_selector("#refused:not([hidden])")
    assert page.locator("#message").inner_text() == says(
        page, "notSent", reason=says(page, "reasonLogin")
    )
    assert page.locator("#translation").input_value() == text
    assert outbox(page)[0]["translation"] == text
    assert page.locator("#outbox").inner_text() == says(page, "counterProblem", n=1)
    page.click("#copy-mine")
    wait_says(page, "#message", "copied")
    shot(page, "offline-refused-ckb")
    check = api_session(server, "Editor")
    assert server_unit(check, server, "ckb", KILLED)["translation"] != text
    # A new link for the same person: the kept save goes out.
    page = log_in(context, server, "Karwan")
    wait_until(lambda: server_unit(check, server, "ckb", KILLED)["translation"] == text)
    context.close()


def test_a_refused_save_says_why(browser: Browser, server: dict[str, Any]) -> None:
    context = browser.new_context()
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE}")
    page.evaluate("() => { document.getElementById('translation').value = 'غزة\\u0000'; }")
    page.click("button[value=draft]")
    page.wait_for_selector("#refused:not([hidden])")
    item = outbox(page)[0]
    assert item["code"] == 400 and item["detail"]
    assert item["detail"] in page.locator("#refused-reason").inner_text()
    assert outbox(page)[0]["status"] == "refused"
    page.fill("#translation", "غزة")
    page.click("#send-again")
    page.wait_for_function("() => !localStorage.getItem('statements.outbox.v1').includes('key')")
    context.close()


def test_logout_warns_then_clears_the_site_storage(
    browser: Browser, server: dict[str, Any]
) -> None:
    context = browser.new_context()
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", PROTECT)
    context.set_offline(True)
    page.fill("#translation", "احموا العاملين في المجال الإنساني.")
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    # Back online, but the save itself still cannot get through: it stays waiting.
    page.route("**/api/statements/**", lambda route: route.abort())
    context.set_offline(False)
    assert dismissed_question(page, "#logout button") == says(page, "logoutConfirm", n=1)
    assert len(outbox(page)) == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#logout button")
    page.wait_for_url(f"{server['url']}/")
    page.wait_for_function("() => localStorage.length === 0")
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    workers = "async () => (await navigator.serviceWorker.getRegistrations()).length"
    assert page.evaluate(workers) == 0
    context.close()


def test_logout_asks_first_even_with_nothing_waiting(
    browser: Browser, server: dict[str, Any]
) -> None:
    """A login link works once: a stray tap on "Log out" would lock a volunteer out until
    the editor sends a new one. The page asks first; a "no" keeps them logged in."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE}")
    assert dismissed_question(page, "#logout button") == says(page, "logoutConfirmPlain")
    page.reload()
    assert page.locator("#logout button").is_visible()  # still logged in
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#logout button")
    assert page.locator("#logout").count() == 0
    context.close()


def test_logout_counts_the_comments_kept_on_the_phone(
    browser: Browser, server: dict[str, Any]
) -> None:
    """A comment written and not sent is deleted by logging out too: the question says so,
    where it counted only the saves waiting (none here)."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE}")
    page.fill("#comment-text", "هل نترجم «غزة»؟")
    page.wait_for_function(
        "() => (localStorage.getItem('statements.notes.v1') || '').includes('غزة')"
    )
    question = dismissed_question(page, "#logout button")
    assert question == says(page, "logoutConfirmWritten", n=1)
    assert page.locator("#comment-text").input_value() == "هل نترجم «غزة»؟"
    context.close()


def test_restarted_browser_still_holds_the_save(
    browser: Browser, server: dict[str, Any], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    text = "Em gazî agirbesteke demildest dikin."
    chromium = browser.browser_type
    options: dict[str, Any] = {"executable_path": CHROMIUM, "args": ["--no-sandbox"]}
    context = chromium.launch_persistent_context(str(profile), **options)
    page = context.pages[0] if context.pages else context.new_page()
    UserStore(server["instance"]).add("Rojda", "translator", ["kmr"])
    token = UserStore(server["instance"]).issue_token("Rojda")
    page.goto(f"{server['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{server['url']}/")
    open_for_offline(page, server, "kmr", CEASEFIRE)
    context.set_offline(True)
    page.fill("#translation", text)
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    context.close()

    context = chromium.launch_persistent_context(str(profile), offline=True, **options)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{server['url']}/s/gaza/kmr/u/{CEASEFIRE}")
    assert page.locator("#translation").input_value() == text
    assert page.locator("#outbox").inner_text() == says(page, "counter", n=1)
    check = api_session(server, "Editor")
    context.set_offline(False)
    wait_until(lambda: server_unit(check, server, "kmr", CEASEFIRE)["translation"] == text)
    context.close()


def test_a_busy_server_keeps_the_save_queued_and_retries(
    browser: Browser, server: dict[str, Any]
) -> None:
    # The page's own queue is under test: a service worker that takes control of the page
    # can let its requests past page.route (Playwright's advice: block workers to route).
    context = browser.new_context(service_workers="block")
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{PROTECT}")
    refused: list[int] = []

    def busy(route: Any) -> None:
        if route.request.method == "POST" and len(refused) < 2:
            refused.append(503)
            route.fulfill(status=503, json={"error": "The repository is not ready yet."})
        else:
            route.continue_()

    page.route("**/api/statements/gaza/ar/units/*", busy)
    page.fill("#translation", "احموا عمال الإغاثة.")
    page.click("button[value=draft]")
    wait_says(page, "#message", "waiting")
    assert outbox(page)[0]["status"] == "waiting"
    check = api_session(server, "Editor")
    # Backoff retries (about 1 s, then 2 s) with no `online` event to wake them; the wait
    # runs Playwright's loop, which answers the routed requests.
    page.wait_for_function("() => localStorage.getItem('statements.outbox.v1') === '[]'")
    assert server_unit(check, server, "ar", PROTECT)["translation"] == "احموا عمال الإغاثة."
    assert refused == [503, 503]
    wait_says(page, "#message", "savedDraft")
    assert outbox(page) == []
    context.close()


def test_text_typed_but_not_saved_survives_a_reload(
    browser: Browser, server: dict[str, Any]
) -> None:
    context = browser.new_context()
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE}")
    page.fill("#translation", "بيان بشأن غزة")
    page.wait_for_function(
        "() => (localStorage.getItem('statements.typed.v1') || '').includes('غزة')"
    )
    page.reload()
    assert page.locator("#translation").input_value() == "بيان بشأن غزة"
    assert page.locator("#message").inner_text() == says(page, "restored")
    page.click("#mark-translated")
    page.wait_for_url(lambda url: TITLE not in url)
    assert page.evaluate("() => localStorage.getItem('statements.typed.v1')") == "{}"
    context.close()


def test_what_the_server_would_refuse_is_said_at_once_and_not_queued(
    browser: Browser, server: dict[str, Any]
) -> None:
    """An empty box marked translated, or a text over the limit, online or not: the page
    says why at once, in the volunteer's language; nothing goes to the outbox to stay
    "not sent", and the text stays in the box. A draft may be empty."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    page.goto(f"{server['url']}/s/gaza/ar/u/{PROTECT}")
    page.fill("#translation", "   ")
    page.click("#mark-translated")
    reason = says(page, "emptyNotDraft")
    wait_says(page, "#message", "notSent", reason=reason)
    assert outbox(page) == [] and page.locator("#outbox").is_hidden()
    limit = int(page.get_attribute("#translation", "data-max") or 0)
    assert limit == 20_000
    too_long = "ن" * (limit + 1)
    context.set_offline(True)
    page.fill("#translation", too_long)
    page.click("button[value=draft]")
    wait_says(page, "#message", "notSent", reason=says(page, "tooLong", limit="20,000"))
    assert outbox(page) == [] and page.locator("#translation").input_value() == too_long
    context.set_offline(False)
    page.fill("#translation", "")
    page.click("button[value=draft]")
    wait_says(page, "#message", "savedDraft")
    assert outbox(page) == []
    kept = server_unit(api_session(server, "Layla"), server, "ar", PROTECT)
    assert kept["translation"] == "" and kept["state"] == "untranslated"  # an empty draft


def test_marking_translated_offline_says_so_on_the_next_unit(
    browser: Browser, server: dict[str, Any]
) -> None:
    """Offline, "Mark translated" opens the next unit at once: that page says the last one
    is kept on the phone, where it said nothing; once sent, the counter says all went."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", CEASEFIRE)
    context.set_offline(True)
    page.fill("#translation", "ندعو إلى وقف فوري لإطلاق النار ورفع الحصار عن 2.2 مليون إنسان.")
    page.click("#mark-translated")
    page.wait_for_url(lambda url: CEASEFIRE not in url)
    wait_says(page, "#message", "waitingPrevious")
    assert page.locator("#outbox").inner_text() == says(page, "counter", n=1)
    shot(page, "offline-next-unit-ar")
    context.set_offline(False)
    wait_says(page, "#outbox", "allSent")
    assert outbox(page) == []
    context.close()


def test_a_page_never_kept_says_so_offline_in_the_volunteer_s_language(
    browser: Browser, server: dict[str, Any]
) -> None:
    """The glossary (or search, or another statement) opened with no connection: the kept
    page that says why, in the volunteer's language, where Chromium showed its own English
    error; it leads back to what is kept."""
    context = browser.new_context(**PHONE)
    page = log_in(context, server, "Layla")
    open_for_offline(page, server, "ar", CEASEFIRE)
    context.set_offline(True)
    page.goto(f"{server['url']}/glossary")
    assert page.locator("#offline-fallback h1").inner_text() == "لا يوجد اتصال"
    assert page.get_attribute("html", "dir") == "rtl"
    shot(page, "offline-fallback-ar")
    page.click("#offline-fallback a")
    page.wait_for_url(f"{server['url']}/")
    assert page.locator("a.lang-name[lang=ar]").count() == 1  # the kept dashboard
    context.close()
