"""Concurrent review clients against a running `statements serve`, and the proof that no save
was lost.

Each client logs in through a one-time link, then saves units with the revision it last
saw, some of them on a small set of "hot" units that every client races for. A refused save
(409) takes the current revision from the answer. Afterwards :func:`verify` reads the PO
file: for every unit the acknowledged saves must form one chain (each built on the
revision the previous one returned: two acknowledged saves on the same revision would be
a lost update), and the catalog must hold the chain's last text (or, after a crash, a later
save whose answer never arrived).
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

from workflow.catalog.pofile import read_catalog
from workflow.catalog.statement import Statement, create_statement
from workflow.catalog.unit import unit_id
from workflow.team.users import UserStore

_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass
class Save:
    """One save as the client saw it."""

    unit: str
    text: str
    base: str
    status: int = 0
    revision: str = ""
    seconds: float = 0.0
    open_seconds: float = 0.0
    seen: str = ""  # the text the client saw when it opened the unit
    site: str = ""


@dataclass
class LoadResult:
    """Everything the clients did."""

    saves: list[Save] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> list[Save]:
        return [s for s in self.saves if s.status == 200]

    @property
    def refused(self) -> list[Save]:
        return [s for s in self.saves if s.status == 409]

    def latencies(self) -> list[float]:
        return sorted(s.seconds for s in self.saves if s.status in (200, 409))

    def open_latencies(self) -> list[float]:
        """How long opening a unit (``GET`` of one unit) took before each save."""
        return sorted(s.open_seconds for s in self.saves)


def project(base: Path, units: int, clients: int) -> tuple[Path, Path, Statement]:
    """A one-language statement of ``units`` paragraphs and users ``client-0``... to save it."""
    root, instance = base / "translations", base / "instance"
    text = "\n\n".join(
        f"Paragraph {n} of the statement on the siege of Gaza." for n in range(units)
    )
    statement = create_statement(root, text.encode(), "load.md", slug="load", languages=["ar"])
    store = UserStore(instance)
    for number in range(clients):
        store.add(f"client-{number}", "translator", ["ar"])
    store.add("editor", "editor", [])
    return root, instance, statement


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    root: Path, instance: Path, workers: int, git: bool = False, port: int | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """`statements serve` in its own process group, once it accepts connections (with
    ``git``, saves are commits)."""
    port = port or free_port()
    env = dict(os.environ)
    env.pop("STATEMENTS_NO_GIT", None)
    if not git:
        env["STATEMENTS_NO_GIT"] = "1"
    script = Path(sys.executable).parent / "statements"
    process = subprocess.Popen(
        [
            str(script),
            "serve",
            "--root",
            str(root),
            "--instance",
            str(instance),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/static/app.js", timeout=1).status_code == 200:
                return process, url
        except requests.RequestException:
            time.sleep(0.05)
    kill(process)
    raise RuntimeError("statements serve did not start")


def kill(process: subprocess.Popen[bytes]) -> None:
    """kill -9 the server and its workers, as a crash would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def login(url: str, instance: Path, name: str) -> tuple[requests.Session, str]:
    """A logged-in session and its CSRF token."""
    token = UserStore(instance).issue_token(name)
    session = requests.Session()
    page = session.get(f"{url}/login/{token}", timeout=10)
    csrf = _CSRF.search(page.text)
    assert csrf, "no CSRF token on the login page"
    session.post(f"{url}/login/{token}", data={"csrf_token": csrf.group(1)}, timeout=10)
    home = session.get(url + "/", timeout=10)
    csrf = _CSRF.search(home.text)
    assert csrf and home.status_code == 200, "login failed"
    return session, csrf.group(1)


def log_in_clients(url: str, instance: Path, clients: int) -> list[tuple[requests.Session, str]]:
    """One logged-in session per client (``client-0``, ``client-1``...)."""
    return [login(url, instance, f"client-{n}") for n in range(clients)]


def run_clients(
    url: str,
    instance: Path,
    slug: str,
    lang: str,
    clients: int,
    saves: int,
    hot_share: float = 0.3,
    hot_units: int = 8,
    seed: int = 1,
    stop: threading.Event | None = None,
    think: float = 0.0,
    sessions: list[tuple[requests.Session, str]] | None = None,
) -> LoadResult:
    """``clients`` threads sending ``saves`` saves in all; a share goes to a few hot units."""
    result = LoadResult()
    lock = threading.Lock()
    if sessions is None:
        sessions = log_in_clients(url, instance, clients)
    listing = sessions[0][0].get(f"{url}/api/statements/{slug}/{lang}/units", timeout=10).json()
    units = [item["id"] for item in listing]
    base = {item["id"]: item["revision"] for item in listing}
    hot = units[:hot_units]
    per_client = [saves // clients + (1 if n < saves % clients else 0) for n in range(clients)]

    def client(number: int) -> None:
        session, csrf = sessions[number]
        rng = random.Random(seed * 1000 + number)
        known = dict(base)
        for index in range(per_client[number]):
            if stop is not None and stop.is_set():
                return
            if think:
                time.sleep(rng.uniform(0, 2 * think))  # a person reads and types
            unit = rng.choice(hot) if rng.random() < hot_share else rng.choice(units)
            # A reviewer opens the unit, then saves: races happen when two open the same one.
            opening = time.perf_counter()
            try:
                opened = session.get(f"{url}/api/statements/{slug}/{lang}/units/{unit}", timeout=30)
                known[unit] = opened.json()["revision"]
                seen = opened.json()["translation"]
            except (requests.RequestException, ValueError) as exc:
                with lock:
                    result.errors.append(f"open: {type(exc).__name__}")
                return
            # Unique texts: revisions are content digests, so a repeated text would repeat one.
            save = Save(unit, f"ترجمة {seed}-{number}-{index}", known[unit], seen=seen, site=url)
            save.open_seconds = time.perf_counter() - opening
            with lock:
                result.saves.append(save)
            started = time.perf_counter()
            try:
                response = session.post(
                    f"{url}/api/statements/{slug}/{lang}/units/{unit}",
                    json={"translation": save.text, "state": "translated", "revision": save.base},
                    headers={"X-CSRFToken": csrf},
                    timeout=30,
                )
            except requests.RequestException as exc:
                with lock:
                    result.errors.append(f"{type(exc).__name__}")
                return
            save.seconds = time.perf_counter() - started
            save.status = response.status_code
            if response.status_code == 200:
                save.revision = response.json()["revision"]
                known[unit] = save.revision
            elif response.status_code == 409:
                known[unit] = response.json()["current"]["revision"]
            else:
                with lock:
                    result.errors.append(f"HTTP {response.status_code}: {response.text[:200]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def verify(result: LoadResult, po: Path, crashed: bool = False) -> list[str]:
    """Problems found (empty when every acknowledged save is accounted for)."""
    problems = []
    catalog = read_catalog(po)
    final = {unit_id(entry.msgid): entry.msgstr for entry in catalog if not entry.obsolete}
    by_unit: dict[str, list[Save]] = defaultdict(list)
    for save in result.acknowledged:
        by_unit[save.unit].append(save)
    for unit, acked in by_unit.items():
        bases = [save.base for save in acked]
        if len(set(bases)) != len(bases):
            problems.append(f"{unit}: two acknowledged saves on one revision (a lost update)")
            continue
        returned = {save.revision for save in acked}
        starts = [save for save in acked if save.base not in returned]
        if len(starts) != 1:
            problems.append(f"{unit}: the acknowledged saves do not form one chain")
            continue
        chain, current = [], starts[0]
        following = {save.base: save for save in acked}
        while True:
            chain.append(current)
            if current.revision not in following:
                break
            current = following[current.revision]
        if len(chain) != len(acked):
            problems.append(f"{unit}: the acknowledged saves do not form one chain")
            continue
        last = chain[-1]
        allowed = {last.text}
        if crashed:
            allowed |= {s.text for s in result.saves if s.unit == unit and s.status == 0}
        if final.get(unit) not in allowed:
            problems.append(
                f"{unit}: the catalog has {final.get(unit)!r}, "
                f"the last acknowledged save was {last.text!r}"
            )
    return problems


def crash_once(
    root: Path, instance: Path, po: Path, seed: int, delay: float
) -> tuple[int, list[str]]:
    """Start the server, save from 6 clients, kill -9 it after ``delay`` seconds of saving.

    Returns how many saves were acknowledged and the problems :func:`verify` found.
    """
    server, url = start_server(root, instance, workers=2)
    try:
        sessions = log_in_clients(url, instance, 6)
    except BaseException:
        kill(server)
        raise
    stop = threading.Event()
    outcome: dict[str, LoadResult] = {}

    def save() -> None:
        outcome["result"] = run_clients(
            url,
            instance,
            "load",
            "ar",
            clients=6,
            saves=600,
            stop=stop,
            seed=seed,
            sessions=sessions,
        )

    thread = threading.Thread(target=save)
    thread.start()
    time.sleep(delay)
    kill(server)
    stop.set()
    thread.join(timeout=60)
    result = outcome["result"]
    return len(result.acknowledged), verify(result, po, crashed=True)
