"""Real browser tests: Debian's Chromium driven by Playwright against `statements serve`.

Screenshots of the main pages go to ``test-artifacts/`` (not committed) to be looked at.
These tests fail, never skip, when Chromium is missing: CI installs the `chromium` package.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Page

from webui.i18n import COOKIE
from workflow.catalog.statement import create_statement
from workflow.catalog.unit import unit_id
from workflow.team.users import UserStore

from .conftest import shot
from .load_client import kill, start_server
from .webapp import make_project

TITLE_ID = unit_id("Statement on Gaza")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """`statements serve` (gunicorn, 2 workers) on a free loopback port."""
    base = tmp_path_factory.mktemp("live")
    root, instance = base / "translations", base / "instance"
    make_project(root, instance)
    create_statement(
        root,
        b"# <script>alert('xss')</script> title\n\nA <img src=x onerror=alert(1)> line.\n",
        "xss.md",
        slug="xss",
        languages=["ar"],
    )
    process, url = start_server(root, instance, workers=2)
    yield {"url": url, "root": root, "instance": instance}
    kill(process)


def log_in(browser: Browser, server: dict[str, object], name: str, **context: object) -> Page:
    token = UserStore(server["instance"]).issue_token(name)  # type: ignore[arg-type]
    page = browser.new_context(**context).new_page()  # type: ignore[arg-type]
    page.goto(f"{server['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{server['url']}/")
    return page


def test_volunteer_fixes_an_arabic_unit_with_ctrl_enter(
    browser: Browser, server: dict[str, object]
) -> None:
    page = log_in(browser, server, "Layla", viewport={"width": 360, "height": 740}, is_mobile=True)
    shot(page, "phone-dashboard")
    page.click("a.lang-name[lang=ar]")
    shot(page, "phone-units-ar")
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE_ID}")
    box = page.locator("#translation")
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    font = box.evaluate("el => getComputedStyle(el).fontFamily")
    assert "Noto Naskh Arabic" in font
    box.fill("بيان بشأن غزة")
    shot(page, "phone-unit-ar")
    box.press("Control+Enter")
    page.wait_for_url(lambda url: TITLE_ID not in url)
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE_ID}")
    assert page.locator("#translation").input_value() == "بيان بشأن غزة"
    assert page.locator("#state").get_attribute("class") == "badge translated"


def test_conflict_between_two_browsers(browser: Browser, server: dict[str, object]) -> None:
    unit = unit_id("Free the detainees.")
    first = log_in(browser, server, "Rania")
    second = log_in(browser, server, "Editor")
    for page in (first, second):
        page.goto(f"{server['url']}/s/gaza/ar/u/{unit}")
    first.fill("#translation", "أطلقوا سراح المعتقلين.")
    first.click("#mark-translated")
    first.wait_for_url(lambda url: unit not in url)
    second.fill("#translation", "حرروا المعتقلين.")
    second.click("#mark-translated")
    second.wait_for_selector("#conflict:not([hidden])")
    assert second.locator("#theirs").inner_text() == "أطلقوا سراح المعتقلين."
    shot(second, "conflict")
    second.click("#keep-mine")
    second.wait_for_url(lambda url: unit not in url)
    second.goto(f"{server['url']}/s/gaza/ar/u/{unit}")
    assert second.locator("#translation").input_value() == "حرروا المعتقلين."


def test_a_conflict_with_one_s_own_other_tab(browser: Browser, server: dict[str, object]) -> None:
    """The other version is the volunteer's own, saved in another tab: the page says so,
    not "someone else", and names it "your other version"."""
    unit = unit_id("Protect humanitarian workers.")
    first = log_in(browser, server, "Layla")
    first.context.add_cookies([{"name": COOKIE, "value": "en", "url": str(server["url"])}])
    second = first.context.new_page()
    for page in (first, second):
        page.goto(f"{server['url']}/s/gaza/ar/u/{unit}")
    first.fill("#translation", "احموا العاملين الإنسانيين.")
    first.click("button[value=draft]")
    first.wait_for_selector("#message:text('Saved as draft.')")
    second.fill("#translation", "احموا عمال الإغاثة.")
    second.click("button[value=draft]")
    second.wait_for_selector("#conflict:not([hidden])")
    assert second.locator("#message").inner_text().startswith("Not saved: you saved this unit")
    assert second.locator("#conflict-title").inner_text().startswith("You saved this unit")
    assert second.locator("#theirs-label").text_content() == "Your other version"
    assert second.locator("#take-theirs").inner_text() == "Take the other version"
    assert second.locator("#theirs").inner_text() == "احموا العاملين الإنسانيين."
    first.context.close()


@pytest.mark.parametrize(
    "path", ["/", "/s/gaza/", "/s/gaza/ckb/", f"/s/gaza/ckb/u/{TITLE_ID}", "/users", "/new"]
)
def test_phone_layout_has_no_horizontal_scroll(
    browser: Browser, server: dict[str, object], path: str
) -> None:
    page = log_in(browser, server, "Editor", viewport={"width": 360, "height": 740}, is_mobile=True)
    page.goto(f"{server['url']}{path}")
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width[0] <= width[1], f"{path} scrolls sideways: {width}"
    name = "phone-editor" + path.replace("/", "-").rstrip("-")
    shot(page, name)


@pytest.mark.parametrize("lang", ["ar", "ckb", "kmr", "en"])
def test_phone_top_bar_is_short_and_shows_everything(
    browser: Browser, server: dict[str, object], lang: str
) -> None:
    """On a 360 px phone the top bar takes at most a sixth of the screen in every interface
    language, and each of its controls is on the screen, not cut off or pushed out."""
    page = log_in(browser, server, "Layla", viewport={"width": 360, "height": 740}, is_mobile=True)
    page.context.add_cookies([{"name": COOKIE, "value": lang, "url": str(server["url"])}])
    page.goto(f"{server['url']}/s/gaza/ar/u/{TITLE_ID}")
    assert page.get_attribute("html", "lang") == lang
    height = page.evaluate("() => document.querySelector('header.top').offsetHeight")
    assert height <= 740 / 6, f"the top bar is {height}px high in {lang}"
    controls = page.locator("header.top :is(a, input[type=search], button, .who):visible")
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, controls.nth(index).inner_text()
        clipped = controls.nth(index).evaluate("el => el.scrollWidth > el.clientWidth + 1")
        assert not clipped, controls.nth(index).inner_text()
    shot(page, f"phone-top-{lang}")


def test_script_payload_is_shown_not_run(browser: Browser, server: dict[str, object]) -> None:
    page = log_in(browser, server, "Editor")
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.goto(f"{server['url']}/s/xss/ar/")
    assert "<script>alert('xss')</script> title" in page.inner_text("main")
    first = page.locator(".unit a").first
    first.click()
    page.fill("#translation", "<img src=x onerror=alert(3)>")
    page.click("button[value=draft]")
    page.wait_for_selector("#message:text('Saved')")
    page.reload()
    page.goto(f"{server['url']}/s/xss/ar/")
    shot(page, "xss-escaped")
    assert dialogs == []
