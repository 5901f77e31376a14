"""Working together in a real browser on a phone-sized screen, on an Arabic unit: a
translator asks, the editor answers, a proposal gets a vote, a reviewer accepts it and then
restores an older version. Debian's Chromium through Playwright against `statements serve`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from workflow.catalog.unit import unit_id
from workflow.team.users import UserStore

from .conftest import shot
from .load_client import kill, start_server
from .webapp import make_project

UNIT = unit_id("We call for an immediate ceasefire and an end to the siege of 2.2 million people.")
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """`statements serve` on a free loopback port with the small Gaza statement."""
    base = tmp_path_factory.mktemp("together")
    root, instance = base / "translations", base / "instance"
    make_project(root, instance)
    process, url = start_server(root, instance, workers=2)
    yield {"url": url, "root": root, "instance": instance}
    kill(process)


def open_unit(browser: Browser, server: dict[str, object], name: str) -> Page:
    token = UserStore(server["instance"]).issue_token(name)  # type: ignore[arg-type]
    page = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
    page.goto(f"{server['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{server['url']}/")
    page.goto(f"{server['url']}/s/gaza/ar/u/{UNIT}")
    return page


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px screen"


def test_ask_answer_propose_vote_accept_restore(
    browser: Browser, server: dict[str, object]
) -> None:
    layla = open_unit(browser, server, "Layla")
    layla.fill("#translation", "ندعو إلى وقف إطلاق النار")
    layla.press("#translation", "Control+Enter")
    layla.wait_for_url(lambda url: UNIT not in url)
    layla.goto(f"{server['url']}/s/gaza/ar/u/{UNIT}")
    layla.fill("#comment-text", "هل نكتب «الحصار» أم «الإغلاق»؟")
    layla.click("#send-comment")
    layla.wait_for_selector(".comment .badge.open-question")
    assert layla.locator(".comment .text").first.inner_text() == "هل نكتب «الحصار» أم «الإغلاق»؟"

    editor = open_unit(browser, server, "Editor")
    editor.goto(f"{server['url']}/")
    editor.click("summary.open-questions")
    editor.click(".questions a")
    editor.wait_for_url(lambda url: UNIT in url)
    editor.click("details.answer summary")
    editor.fill("details.answer textarea", "الحصار، كما في البيانات السابقة.")
    editor.click(".send-answer")
    editor.wait_for_selector(".comment.reply")
    assert "الحصار، كما في البيانات السابقة." in editor.locator(".comment.reply").inner_text()

    layla.goto(f"{server['url']}/s/gaza/ar/u/{UNIT}")
    assert layla.locator(".comment.reply").count() == 1
    assert layla.locator("details.propose").get_attribute("open") is not None
    layla.fill("#proposal-text", "ندعو إلى وقف فوري لإطلاق النار وإنهاء الحصار")
    layla.click("#propose")
    layla.wait_for_selector(".proposal")
    assert layla.locator(".proposal ins").count() >= 1  # the word diff against the text
    # No vote for one's own proposal, and no accepting it as a translator.
    assert layla.locator(".proposal button.vote").count() == 0
    assert layla.locator(".proposal button.accept").count() == 0
    no_sideways_scroll(layla)
    shot(layla, "phone-unit-together-ar")

    rania = open_unit(browser, server, "Rania")
    rania.click(".proposal button.vote")
    rania.wait_for_selector(".proposal .votes[data-votes='1']")
    rania.click(".proposal button.accept")
    rania.wait_for_selector(".flash.ok")
    assert (
        rania.locator("#translation").input_value()
        == "ندعو إلى وقف فوري لإطلاق النار وإنهاء الحصار"
    )
    # The state's class is the state name; its text is the label in the interface language.
    assert "approved" in (rania.locator("#state").get_attribute("class") or "").split()
    assert rania.locator("#state").inner_text() == "معتمد"
    assert rania.locator(".proposal").count() == 0

    rania.click("#history summary")
    versions = rania.locator(".version")
    assert versions.count() == 2
    assert versions.nth(1).locator(".target").inner_text() == "ندعو إلى وقف إطلاق النار"
    shot(rania, "phone-history-ar")
    rania.click(".version button.restore")
    rania.wait_for_selector(".flash.ok")
    assert rania.locator("#translation").input_value() == "ندعو إلى وقف إطلاق النار"
    rania.click("#history summary")
    assert rania.locator(".version").count() == 3
    direction = rania.locator(".version .target").first.evaluate(
        "el => getComputedStyle(el).direction"
    )
    assert direction == "rtl"
    no_sideways_scroll(rania)


def test_presence_shows_who_is_typing(browser: Browser, server: dict[str, object]) -> None:
    unit = unit_id("Free the detainees.")
    layla = open_unit(browser, server, "Layla")
    layla.goto(f"{server['url']}/s/gaza/ar/u/{unit}")
    with layla.expect_response(lambda r: r.url.endswith("/presence")):
        layla.type("#translation", "أطلقوا")
    rania = open_unit(browser, server, "Rania")
    rania.goto(f"{server['url']}/s/gaza/ar/u/{unit}")
    assert rania.locator("#presence bdi").all_inner_texts() == ["Layla"]
    with rania.expect_response(lambda r: r.url.endswith("/presence")):
        rania.type("#translation", "سراح")
    layla.reload()
    assert layla.locator("#presence bdi").all_inner_texts() == ["Rania"]


def test_search_box_on_every_page(browser: Browser, server: dict[str, object]) -> None:
    layla = open_unit(browser, server, "Layla")
    layla.fill("#top-search", "SIEGE")
    layla.press("#top-search", "Enter")
    layla.wait_for_selector(".hit")
    layla.click(".hit a")
    layla.wait_for_url(lambda url: f"/u/{UNIT}" in url)
    no_sideways_scroll(layla)
