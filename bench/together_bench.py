"""Benchmark: search across statements and the unit page of a busy unit, through the server.

1. Search (``GET /api/search``) over 300 statements × 3 languages (ar, ckb, kmr), 25 units
   each with translations: 200 queries, English, Arabic (typed without diacritics or with
   other alef/yeh/ta-marbuta forms) and Kurmanji. Target p95 ≤ 100 ms.
2. The unit page (``GET /s/<slug>/ar/u/<id>``) of a unit with 50 comments, 20 proposals with
   votes and 20 saved versions, its catalog in a git work tree (the history is read from
   git): 100 loads. Target p95 ≤ 100 ms.

    .venv/bin/python bench/together_bench.py
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import requests  # noqa: E402
from flask import Flask  # noqa: E402

from tests.load_client import kill, login, start_server  # noqa: E402
from webui import create_app  # noqa: E402
from workflow.catalog.entries import now  # noqa: E402
from workflow.catalog.pofile import write_catalog  # noqa: E402
from workflow.catalog.state import apply_human  # noqa: E402
from workflow.catalog.statement import Statement, create_statement  # noqa: E402
from workflow.catalog.unit import unit_id  # noqa: E402
from workflow.team import collab  # noqa: E402
from workflow.team.users import UserStore  # noqa: E402


def words(text: str) -> list[str]:
    return text.split()


ENGLISH = words(
    "ceasefire siege occupation civilians humanitarian workers journalists Gaza Palestinian "
    "people civil society Iraq solidarity international law accountability administrative "
    "detention hospitals fuel water food medicine children families coalition demand"
)
ARABIC = words(
    "وقف إطلاق النار الحصار الاحتلال المدنيين الإنسانية العاملين الصحفيين غزة الفلسطيني "
    "الشعب المجتمع المدني العراق التضامن الدولي القانون المساءلة الاعتقال الإداري "
    "المستشفيات الوقود المياه الغذاء الدواء الأطفال العائلات التحالف نطالب مدرسة على"
)
SORANI = words(
    "ئاگربەست گەمارۆ داگیرکاری هاوڵاتیان مرۆیی کرێکاران ڕۆژنامەنووسان غەززە فەلەستینی "
    "خەڵک کۆمەڵگەی مەدەنی عێراق هاوپشتی نێودەوڵەتی یاسا لێپرسینەوە دەستگیرکردنی"
)
KURMANJI = words(
    "agirbest dorpêç dagirkerî sivîl mirovî karker rojnamevan Gaza Filistînî gel civaka "
    "sivîl Iraq piştgirî navneteweyî qanûn girtina îdarî nexweşxane sotemenî av xwarin"
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def sentence(rng: random.Random, words: list[str], length: int = 18) -> str:
    return " ".join(rng.choice(words) for _ in range(length)) + "."


def search_project(base: Path) -> tuple[Path, Path]:
    root, instance = base / "translations", base / "instance"
    rng = random.Random(14)
    for number in range(300):
        text = "\n\n".join(sentence(rng, ENGLISH) + f" {number}-{n}" for n in range(25))
        statement = create_statement(
            root, text.encode(), "s.md", slug=f"s-{number:03d}", languages=["ar", "ckb", "kmr"]
        )
        for lang, words in (("ar", ARABIC), ("ckb", SORANI), ("kmr", KURMANJI)):
            catalog = statement.catalog(lang)
            for entry in catalog:
                if rng.random() < 0.9:
                    apply_human(entry, sentence(rng, words), "translated", "bench", now().date())
            write_catalog(statement.po_path(lang), catalog)
    UserStore(instance).add("editor", "editor", [])
    return root, instance


def editor_session(url: str, instance: Path) -> requests.Session:
    """Logged in as the editor (without waiting for the dashboard of 300 statements)."""
    token = UserStore(instance).issue_token("editor")
    session = requests.Session()
    page = session.get(f"{url}/login/{token}", timeout=30)
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    answer = session.post(
        f"{url}/login/{token}", data={"csrf_token": csrf}, allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302
    return session


def cpu_times(app: Flask, name: str, paths: list[str]) -> list[float]:
    """CPU time (ms) the app spends on each request, in this process: unlike wall time on a
    shared machine, it does not grow while other programs hold the cores."""
    client = app.test_client()
    login_in_process(client, app.config["INSTANCE_DIR"], name)
    client.get(paths[0])
    times = []
    for path in paths:
        started = time.process_time()
        assert client.get(path).status_code == 200
        times.append((time.process_time() - started) * 1000)
    return times


def login_in_process(client: Any, instance: Path, name: str) -> None:
    token = UserStore(instance).issue_token(name)
    page = client.get(f"/login/{token}").text
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post(f"/login/{token}", data={"csrf_token": csrf})


def cpu_search(root: Path, instance: Path, queries: list[tuple[str, str]]) -> None:
    app = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance})
    paths = [f"/api/search?{urlencode({'q': q, 'lang': lang})}" for q, lang in queries]
    times = cpu_times(app, "editor", paths)
    print(
        f"search, CPU time per request in-process: p50 {statistics.median(times):.1f} ms, "
        f"p95 {percentile(times, 0.95):.1f} ms"
    )


def bench_search(work: Path) -> None:
    root, instance = search_project(work / "search")
    rng = random.Random(15)
    queries = []
    for index in range(200):
        kind = index % 4
        if kind == 0:
            queries.append(("administrative detention", ""))
        elif kind == 1:
            queries.append((rng.choice(["اطلاق النار", "مدرسه", "علي", "الاعتقال الاداري"]), "ar"))
        elif kind == 2:
            queries.append((rng.choice(KURMANJI), "kmr"))
        else:
            queries.append((rng.choice(ENGLISH) + " " + rng.choice(ENGLISH), ""))
    cpu_search(root, instance, queries)
    server, url = start_server(root, instance, workers=2)
    try:
        session = editor_session(url, instance)
        times, found = [], 0
        for query, lang in queries:
            started = time.perf_counter()
            response = session.get(f"{url}/api/search", params={"q": query, "lang": lang})
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            found += len(response.json())
    finally:
        kill(server)
    print(
        f"search: 300 statements × 3 languages (22,500 units), {len(queries)} queries, "
        f"{found} hits; p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms"
        f" (target ≤ 100 ms; first query {times[0]:.0f} ms)"
    )


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def busy_unit(base: Path) -> tuple[Path, Path, Statement, str]:
    root, instance = base / "translations", base / "instance"
    text = "\n\n".join(
        f"Paragraph {n} on the siege of Gaza and 2.2 million people." for n in range(40)
    )
    statement = create_statement(
        root, text.encode(), "s.md", slug="busy", languages=["ar", "ckb", "kmr"]
    )
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "start")
    store = UserStore(instance)
    for number in range(10):
        store.add(f"volunteer-{number}", "translator", ["ar"])
    store.add("reviewer", "reviewer", ["ar"])
    unit = unit_id("Paragraph 7 on the siege of Gaza and 2.2 million people.")
    return root, instance, statement, unit


def bench_unit_page(work: Path) -> None:
    root, instance, statement, unit = busy_unit(work / "unit")
    rng = random.Random(16)
    server, url = start_server(root, instance, workers=2)
    try:
        sessions = [login(url, instance, f"volunteer-{n}") for n in range(10)]
        api = f"{url}/api/statements/busy/ar/units/{unit}"
        for number in range(20):
            session, csrf = sessions[number % 10]
            revision = session.get(api).json()["revision"]
            body = {
                "translation": sentence(rng, ARABIC),
                "state": "translated",
                "revision": revision,
            }
            assert session.post(api, json=body, headers={"X-CSRFToken": csrf}).status_code == 200
        for number in range(20):
            proposal = collab.add_proposal(
                statement, "ar", unit, sentence(rng, ARABIC), f"volunteer-{number % 10}"
            )
            for voter in range(number % 6):
                collab.vote(statement, "ar", unit, proposal.id, f"volunteer-{voter}")
        asked: list[str] = []
        for number in range(50):
            reply = asked[-1] if asked and number % 3 else None
            made = collab.add_comment(
                statement,
                "ar",
                unit,
                sentence(rng, ARABIC, 25),
                f"volunteer-{number % 10}",
                reply_to=reply,
            )
            if reply is None:
                asked.append(made.id)
        app = create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance})
        cpu = cpu_times(app, "reviewer", [f"/s/busy/ar/u/{unit}"] * 100)
        print(
            f"unit page, CPU time per request in-process: p50 {statistics.median(cpu):.1f} ms, "
            f"p95 {percentile(cpu, 0.95):.1f} ms"
        )
        reviewer, _ = login(url, instance, "reviewer")
        page_url = f"{url}/s/busy/ar/u/{unit}"
        times = []
        for _ in range(100):
            started = time.perf_counter()
            response = reviewer.get(page_url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            assert response.text.count('class="proposal"') == 20
            assert response.text.count('class="version"') == 20
    finally:
        kill(server)
    comments = response.text.count('class="comment')
    print(
        f"unit page: {comments} comments, 20 proposals, 20 versions from git; "
        f"p50 {statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms "
        f"(target ≤ 100 ms; first load {times[0]:.0f} ms)"
    )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="together-bench-"))
    try:
        bench_search(work)
        bench_unit_page(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
