# ruff: noqa: E501  (prose test data)
"""The published site and the statement page in Debian's Chromium: mixed-direction text
reads right (visible order, not only markup), publishing shows links that open and copy.

Screenshots go to ``test-artifacts/`` to be looked at (side-by-side at 360 and 1280 px).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page

from workflow.catalog.state import apply_human
from workflow.catalog.statement import create_statement
from workflow.publishing.publish import publish, publish_dir
from workflow.team.users import UserStore

from .conftest import shot
from .load_client import kill, start_server
from .test_offline import dismissed_question

pytestmark = pytest.mark.browser

SOURCE = """# Statement of the Iraqi Civil Society Solidarity Initiative (ICSSI)

We call for a ceasefire in Gaza now: #CeasefireNow. Free Palestine! Write to our coordination team at info@icssi.org or read the full text at https://www.icssi.org/statement.

Human Rights for all.

the image is by Mazen Kerbaj
the image is by Mazen Kerbaj
"""
CREDIT = "the image is by Mazen Kerbaj"
ARABIC = {
    "Statement of the Iraqi Civil Society Solidarity Initiative (ICSSI)": (
        "بيان مبادرة التضامن مع المجتمع المدني العراقي (ICSSI)"
    ),
    "We call for a ceasefire in Gaza now: #CeasefireNow. Free Palestine! Write to our "
    "coordination team at info@icssi.org or read the full text at "
    "https://www.icssi.org/statement.": (
        "ندعو إلى وقف فوري لإطلاق النار في غزة: #CeasefireNow. Free Palestine! راسلوا فريق "
        "التنسيق لدينا على info@icssi.org أو اقرؤوا النص الكامل على "
        "https://www.icssi.org/statement."
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A statement with mixed-direction Arabic, approved, and `statements serve` over it."""
    base = tmp_path_factory.mktemp("site")
    root, instance = base / "translations", base / "instance"
    for slug in ("mixed", "fresh"):  # published here / by the editor in the test
        statement = create_statement(
            root,
            SOURCE.encode(),
            "statement.md",
            slug=slug,
            languages=["ar"],
            skip=[f"{CREDIT} {CREDIT}", "Human Rights for all."],
        )
        with statement.lock("ar"):
            catalog = statement.catalog("ar")
            for entry in catalog:
                apply_human(entry, ARABIC[entry.msgid], "approved", "Rania", date(2026, 12, 1))
            statement.save_catalog("ar", catalog)
        if slug == "mixed":
            publish(statement, publish_dir(root))
    UserStore(instance).add("Editor", "editor", [])
    process, url = start_server(root, instance, workers=1)
    yield {"url": url, "root": root, "instance": instance}
    kill(process)


def log_in(browser: Browser, site: dict[str, object], **context: object) -> Page:
    token = UserStore(site["instance"]).issue_token("Editor")  # type: ignore[arg-type]
    page = browser.new_context(**context).new_page()  # type: ignore[arg-type]
    page.goto(f"{site['url']}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{site['url']}/")
    return page


# The left edge of each character of `text` inside `selector`, in the order of the text.
CHAR_LEFTS = """([selector, text]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let all = "", nodes = [];
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, all.length]);
    all += walker.currentNode.data;
  }
  const at = all.indexOf(text);
  if (at < 0) return null;
  const lefts = [];
  for (let i = at; i < at + text.length; i++) {
    const [node, offset] = nodes.filter(([n, o]) => o <= i).pop();
    const range = document.createRange();
    range.setStart(node, i - offset); range.setEnd(node, i - offset + 1);
    lefts.push(range.getBoundingClientRect().left);
  }
  return lefts;
}"""


def visual_ltr(page: Page, selector: str, text: str) -> bool:
    """Whether ``text`` is shown left to right, each character right of the one before."""
    lefts = page.evaluate(CHAR_LEFTS, [selector, text])
    assert lefts is not None, f"{text!r} is not in {selector}"
    shown = [left for char, left in zip(text, lefts, strict=True) if char != " "]
    return all(a < b for a, b in itertools.pairwise(shown))


def test_statement_page_after_publishing(browser: Browser, site: dict[str, object]) -> None:
    page = log_in(browser, site, viewport={"width": 1280, "height": 900})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=str(site["url"]))
    page.goto(f"{site['url']}/s/fresh/")
    assert page.locator("#not-published").is_visible()
    page.click("#publish")
    page.wait_for_selector(".versions")
    assert page.locator(".flash.ok").inner_text().startswith("Published English and العربية")
    version = page.locator('.version[data-lang="ar"]')
    assert "up to date" in version.inner_text()
    shot(page, "statement-published")
    pdf = version.locator("a.file-pdf")
    response = page.context.request.get(f"{site['url']}{pdf.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download:
        pdf.click(modifiers=["Alt"])  # Alt+click saves the link, as a reader would the PDF
    assert download.value.suggested_filename == "ar.pdf"
    version.locator("button.copy-link").click()
    version.locator(".copied").wait_for()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == f"{site['url']}/published/fresh/ar.html"
    # The copied link opens for anyone, with no login.
    reader = browser.new_page()
    reader.goto(copied)
    assert reader.locator("h1").inner_text().startswith("بيان مبادرة التضامن")
    reader.close()


def test_mixed_direction_reads_right(browser: Browser, site: dict[str, object]) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    response = page.goto(f"{site['url']}/published/mixed/ar.html")
    assert response is not None and response.status == 200
    blocks = page.locator("main > h1, main > p:not(.date)")
    texts = [text.strip() for text in blocks.all_inner_texts()]
    directions = blocks.evaluate_all("els => els.map(e => getComputedStyle(e).direction)")
    assert texts == [
        ARABIC["Statement of the Iraqi Civil Society Solidarity Initiative (ICSSI)"],
        ARABIC[next(k for k in ARABIC if k.startswith("We call"))],
        "Human Rights for all.",
        f"{CREDIT}\n{CREDIT}",
    ]
    assert directions == ["rtl", "rtl", "ltr", "ltr"]
    # The Latin runs read left to right with their brackets, '#' and address in place.
    assert visual_ltr(page, "main h1", "(ICSSI)")
    assert visual_ltr(page, "main p:nth-of-type(2)", "#CeasefireNow")
    assert visual_ltr(page, "main p:nth-of-type(2)", "info@icssi.org")
    assert visual_ltr(page, "main p:nth-of-type(2)", "Free Palestine!")
    english = page.locator("main p:nth-of-type(3)")
    assert english.get_attribute("lang") == "en" and english.get_attribute("dir") == "ltr"
    assert visual_ltr(page, "main p:nth-of-type(3)", "all.")
    # Bare addresses are links; Latin text uses Noto Sans, Arabic the Naskh face.
    assert page.locator('a[href="mailto:info@icssi.org"]').count() == 1
    assert page.locator('a[href="https://www.icssi.org/statement"]').count() == 1
    family = page.evaluate(
        "() => getComputedStyle(document.querySelector('main h1 bdi')).fontFamily"
    )
    assert family.startswith('"Noto Sans"') and "Noto Naskh Arabic" in family
    shot(page, "published-mixed-ar")


@pytest.mark.parametrize("width", [360, 1280])
def test_side_by_side_page(browser: Browser, site: dict[str, object], width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site['url']}/published/mixed/")
    cells = page.locator('.parallel .row > div[lang="ar"]')
    assert cells.first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    skipped = page.locator(".row.skipped > div")
    assert skipped.all_inner_texts() == ["Human Rights for all.", f"{CREDIT}\n{CREDIT}"]
    assert skipped.evaluate_all("els => els.map(e => getComputedStyle(e).direction)") == [
        "ltr",
        "ltr",
    ]
    assert visual_ltr(page, '.parallel .row > div[lang="ar"]', "(ICSSI)")
    size = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert size[0] <= size[1], f"the side-by-side page scrolls sideways at {width} px"
    shot(page, f"side-by-side-{width}")


def test_ctrl_enter_hint_only_with_a_keyboard(browser: Browser, site: dict[str, object]) -> None:
    for context, shown in (
        ({"viewport": {"width": 1280, "height": 800}}, True),
        ({"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}, False),
    ):
        page = log_in(browser, site, **context)
        page.goto(f"{site['url']}/s/mixed/ar/")
        page.locator(".unit a").first.click()
        page.wait_for_selector("#translation")
        # The script decides once the page has loaded (under load, after the box is there).
        page.wait_for_function("() => document.readyState === 'complete'")
        hint = page.locator(".hint.keyboard-only")
        hint.wait_for(state="visible" if shown else "hidden")
        assert hint.is_visible() is shown


def test_revoking_a_volunteer_asks_first(browser: Browser, site: dict[str, object]) -> None:
    """Revoke ends a volunteer's links and logins at once (and what their phone has not sent
    stays unsent): the page asks first, and a "no" changes nothing."""
    store = UserStore(site["instance"])  # type: ignore[arg-type]
    store.add("Hawre", "translator", ["ar"])
    store.issue_token("Hawre")
    page = log_in(browser, site)
    page.goto(f"{site['url']}/users")
    revoke = "form.revoke:has(input[value='Hawre']) button"
    question = dismissed_question(page, revoke)
    assert "Hawre" in question and "not be sent" in question
    assert "withdrawn" not in page.locator("tr:has-text('Hawre')").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click(revoke)
    assert "withdrawn" in page.locator("tr:has-text('Hawre')").inner_text()
