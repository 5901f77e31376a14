"""Benchmark: working offline, in Debian's Chromium against `statements serve --workers 2`.

1. A save made offline, then the connection returns (`context.set_offline(False)`): seconds
   until the server holds it (polled through the API every 10 ms), over ``--runs`` saves.
2. What the service worker adds to a page load: a unit page loaded ``--loads`` times with
   service workers blocked, and with the worker controlling the page (network first, the
   copy kept as it passes), interleaved; and the same page opened offline from the
   worker's cache.
   Navigation timing from the page (`performance` entry: start to load event end).
3. Keeping a 300-unit language for offline use: seconds from the first page until the worker
   has every unit page.

    .venv/bin/python bench/offline_bench.py [--runs 20] [--loads 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import requests  # noqa: E402
from playwright.sync_api import BrowserContext, Page, sync_playwright  # noqa: E402

from tests.conftest import CHROMIUM  # noqa: E402
from tests.load_client import kill, project, start_server  # noqa: E402
from tests.webapp import make_project  # noqa: E402
from workflow.catalog.unit import unit_id  # noqa: E402
from workflow.team.users import UserStore  # noqa: E402

UNIT = unit_id("Free the detainees.")
LOAD_JS = """() => {
  const entry = performance.getEntriesByType("navigation")[0];
  return entry.loadEventEnd - entry.startTime;
}"""


def log_in(context: BrowserContext, url: str, instance: Path, name: str) -> Page:
    token = UserStore(instance).issue_token(name)
    page = context.new_page()
    page.goto(f"{url}/login/{token}")
    page.click("#continue")
    page.wait_for_url(f"{url}/")
    return page


def api(url: str, instance: Path, name: str) -> requests.Session:
    session = requests.Session()
    token = UserStore(instance).issue_token(name)
    page = session.get(f"{url}/login/{token}").text
    csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
    session.post(f"{url}/login/{token}", data={"csrf_token": csrf})
    return session


def kept_offline(page: Page) -> None:
    page.wait_for_function("() => document.documentElement.dataset.offlineReady !== undefined")
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def reconnect(context: BrowserContext, url: str, instance: Path, runs: int) -> list[float]:
    page = log_in(context, url, instance, "Layla")
    page.goto(f"{url}/s/gaza/ar/u/{UNIT}")
    kept_offline(page)
    check = api(url, instance, "Editor")
    seconds = []
    for run in range(runs):
        text = f"أطلقوا سراح المعتقلين ({run})."
        context.set_offline(True)
        page.fill("#translation", text)
        page.click("button[value=draft]")
        page.wait_for_selector("#message.waiting")
        time.sleep(0.5)
        context.set_offline(False)
        start = time.perf_counter()
        while check.get(f"{url}/api/statements/gaza/ar/units/{UNIT}").json()["translation"] != text:
            time.sleep(0.01)
        seconds.append(time.perf_counter() - start)
        page.wait_for_selector("#outbox", state="hidden")
    return seconds


def loads(page: Page, target: str, count: int) -> list[float]:
    times = []
    for _ in range(count):
        page.goto(target)
        times.append(page.evaluate(LOAD_JS))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--loads", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        base = Path(folder)
        root, instance = base / "translations", base / "instance"
        make_project(root, instance)
        process, url = start_server(root, instance, workers=2)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            took = reconnect(browser.new_context(), url, instance, args.runs)
            print(
                f"queued save reaches the server after reconnecting: median "
                f"{statistics.median(took):.3f} s, max {max(took):.3f} s ({len(took)} saves)"
            )
            target = f"{url}/s/gaza/ar/u/{UNIT}"
            plain = log_in(browser.new_context(service_workers="block"), url, instance, "Layla")
            worker = browser.new_context()
            page = log_in(worker, url, instance, "Layla")
            page.goto(target)
            kept_offline(page)
            without: list[float] = []
            controlled: list[float] = []
            for _ in range(args.loads):  # interleaved, so that a busy machine hits both alike
                without += loads(plain, target, 1)
                controlled += loads(page, target, 1)
            worker.set_offline(True)
            offline = loads(page, target, args.loads)
            for name, figures in (
                ("no service worker", without),
                ("service worker, online", controlled),
                ("service worker, offline (kept copy)", offline),
            ):
                print(f"unit page load, {name}: median {statistics.median(figures):.1f} ms")
        finally:
            browser.close()
            kill(process)

        big = base / "big"
        root, instance, _ = project(big, units=300, clients=1)
        UserStore(instance).add("Layla", "translator", ["ar"])
        process, url = start_server(root, instance, workers=2)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = log_in(browser.new_context(), url, instance, "Layla")
            start = time.perf_counter()
            page.goto(f"{url}/s/load/ar/")
            page.wait_for_function(
                "() => document.documentElement.dataset.offlineReady !== undefined",
                timeout=120_000,
            )
            kept = int(page.evaluate("() => document.documentElement.dataset.offlineReady"))
            print(
                f"keeping a 300-unit language offline: {time.perf_counter() - start:.2f} s "
                f"({kept} pages and assets)"
            )
        finally:
            browser.close()
            kill(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
