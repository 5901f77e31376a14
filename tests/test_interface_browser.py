"""The translated interface in Debian's Chromium: a Sorani volunteer on a 360 px phone gets a
right-to-left page with mirrored buttons and arrows; screenshots for ar, ckb and kmr go to
``test-artifacts/`` (and three of them to README)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from workflow.catalog.unit import unit_id
from workflow.team.users import UserStore

from .conftest import shot
from .load_client import kill, start_server
from .webapp import make_project

TITLE_ID = unit_id("Statement on Gaza")
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    base = tmp_path_factory.mktemp("interface")
    root, instance = base / "translations", base / "instance"
    make_project(root, instance)
    UserStore(instance).add("Xezal", "translator", ["kmr"])
    process, url = start_server(root, instance, workers=1)
    yield {"url": url, "instance": instance}
    kill(process)


def phone_login(browser: Browser, server: dict[str, object], name: str) -> Page:
    token = UserStore(server["instance"]).issue_token(name)  # type: ignore[arg-type]
    page = browser.new_context(**PHONE).new_page()  # type: ignore[arg-type]
    page.goto(f"{server['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{server['url']}/")
    return page


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def test_sorani_volunteer_gets_a_mirrored_page(browser: Browser, server: dict[str, object]) -> None:
    page = phone_login(browser, server, "Karwan")
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    no_sideways_scroll(page)
    page.goto(f"{server['url']}/s/gaza/ckb/u/{TITLE_ID}")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    assert "Noto Naskh Arabic" in font
    # The English source keeps its direction inside the Sorani page.
    assert page.locator(".source").evaluate("el => getComputedStyle(el).direction") == "ltr"
    # Buttons run right to left: "save draft" first, on the right.
    draft = page.locator("#save-draft").bounding_box()
    mark = page.locator("#mark-translated").bounding_box()
    assert draft and mark
    if abs(draft["y"] - mark["y"]) < 5:
        assert draft["x"] > mark["x"], "the buttons are not mirrored"
    else:
        assert draft["x"] + draft["width"] > mark["x"] + mark["width"] - 1
    assert page.locator("#save-draft").inner_text() == "پاشەکەوتکردن وەک ڕەشنووس"
    # "Next" points left, at the end of the line it reads.
    link = page.locator("#next-link")
    arrow = link.locator(".arrow")
    assert arrow.evaluate("el => getComputedStyle(el).transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    text_box, arrow_box = link.bounding_box(), arrow.bounding_box()
    assert text_box and arrow_box and arrow_box["x"] < text_box["x"] + text_box["width"] / 2
    no_sideways_scroll(page)
    shot(page, "interface-ckb-unit")
    page.goto(f"{server['url']}/s/gaza/ckb/")
    no_sideways_scroll(page)
    shot(page, "interface-ckb-units")


@pytest.mark.parametrize(("name", "lang"), [("Layla", "ar"), ("Xezal", "kmr")])
def test_arabic_and_kurmanji_phone_pages(
    browser: Browser, server: dict[str, object], name: str, lang: str
) -> None:
    page = phone_login(browser, server, name)
    direction = "rtl" if lang == "ar" else "ltr"
    assert page.evaluate("() => getComputedStyle(document.body).direction") == direction
    shot(page, f"interface-{lang}-dashboard")
    page.goto(f"{server['url']}/s/gaza/{lang}/u/{TITLE_ID}")
    assert page.evaluate("() => document.documentElement.lang") == lang
    no_sideways_scroll(page)
    shot(page, f"interface-{lang}-unit")
    # The labels keep the language's own case ("Çavkanî", not "ÇAVKANÎ").
    label = page.locator("h2.label").first
    assert label.evaluate("el => getComputedStyle(el).textTransform") == "none"
    # The crumbs' arrows point the way the page reads.
    flipped = "matrix(-1, 0, 0, 1, 0, 0)" if lang == "ar" else "none"
    arrows = page.locator(".crumbs .arrow")
    assert arrows.count() == 2
    assert arrows.first.evaluate("el => getComputedStyle(el).transform") == flipped


@pytest.mark.parametrize(("name", "lang"), [("Layla", "ar"), ("Xezal", "kmr")])
def test_progress_fills_the_way_the_page_reads(
    browser: Browser, server: dict[str, object], name: str, lang: str
) -> None:
    """Translated units fill the bar from the right in Arabic, from the left in Kurmanji."""
    page = phone_login(browser, server, name)
    api = f"{server['url']}/api/statements/gaza/{lang}/units/{TITLE_ID}"
    unit = page.request.get(api).json()
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    saved = page.request.post(
        api,
        data={"translation": "Daxuyanî", "state": "translated", "revision": unit["revision"]},
        headers={"X-CSRFToken": csrf},
    )
    assert saved.ok, saved.text()
    page.reload()
    bar = page.locator(".progress").first
    filled = bar.locator("rect.translated")
    box, fill = bar.bounding_box(), filled.bounding_box()
    assert box and fill and fill["width"] > 0
    if lang == "ar":
        assert abs(fill["x"] + fill["width"] - (box["x"] + box["width"])) < 1
    else:
        assert abs(fill["x"] - box["x"]) < 1
