"""Two offices, one remote: two clones of a bare repository, a live server on each, volunteers
saving on both (the same units too) while ``statements sync`` runs at both sites.

Shared by the test (short) and ``bench/sites_bench.py`` (long). Afterwards every
acknowledged save must still be there at both sites, as the unit's text or as a kept
``also saved`` text, unless a volunteer saw it and replaced it with a later save.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from workflow.catalog.pofile import read_catalog
from workflow.catalog.statement import Statement, create_statement
from workflow.catalog.unit import unit_id
from workflow.git.history import has_conflict_markers
from workflow.git.threeway import alternatives, parse_alternative
from workflow.team.collab import load_notes
from workflow.team.users import UserStore

from .load_client import LoadResult, kill, log_in_clients, run_clients, start_server

SITES = ("baghdad", "erbil")
_BOTH = re.compile(r"(\d+) unit\(s\) changed at both sites")


@dataclass
class SitesResult:
    """What the run did and what it found."""

    saves: LoadResult = field(default_factory=LoadResult)
    syncs: int = 0
    sync_failures: list[str] = field(default_factory=list)
    both_sides: int = 0
    lost: list[str] = field(default_factory=list)
    catalogs: list[Path] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    identical: bool = False
    seconds: float = 0.0


def _statements() -> str:
    return str(Path(sys.executable).parent / "statements")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("STATEMENTS_NO_GIT", None)
    return env


def sync_site(root: Path, name: str) -> subprocess.CompletedProcess[str]:
    """``statements sync`` at one site, as its administrator's cron job would run it."""
    return subprocess.run(
        [_statements(), "sync", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**_env(), "STATEMENTS_AUTHOR": f"{name} office"},
    )


def prepare(base: Path, units: int, clients: int) -> dict[str, tuple[Path, Path]]:
    """The bare remote with one statement, and each site's clone and instance folder."""
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    text = "\n\n".join(
        f"Paragraph {n} of the statement on the siege of Gaza." for n in range(units)
    )
    sites: dict[str, tuple[Path, Path]] = {}
    for number, name in enumerate(SITES):
        work = base / name
        subprocess.run(
            ["git", "clone", "-q", str(remote), str(work)], check=True, capture_output=True
        )
        root, instance = work / "translations", base / f"{name}-instance"
        if number == 0:  # the first office adds the statement; the second clones it
            root.mkdir()
            create_statement(root, text.encode(), "load.md", slug="load", languages=["ar"])
            done = sync_site(root, name)
            assert done.returncode == 0, done.stderr
        store = UserStore(instance)
        for client in range(clients):
            store.add(f"client-{client}", "translator", ["ar"])
        sites[name] = (root, instance)
    return sites


def run_two_sites(
    base: Path, units: int = 40, clients: int = 3, saves: int = 150, sync_pause: float = 0.5
) -> SitesResult:
    """Save on both sites while both sync; then sync until quiet and check everything."""
    result = SitesResult()
    sites = prepare(base, units, clients)
    servers = {}
    try:
        for name, (root, instance) in sites.items():
            servers[name] = start_server(root, instance, workers=2, git=True)
        sessions = {
            name: log_in_clients(url, sites[name][1], clients) for name, (_, url) in servers.items()
        }
        stop = threading.Event()
        outcomes: dict[str, LoadResult] = {}
        lock = threading.Lock()

        def volunteers(name: str, seed: int) -> None:
            _, url = servers[name]
            outcomes[name] = run_clients(
                url,
                sites[name][1],
                "load",
                "ar",
                clients=clients,
                saves=saves,
                hot_share=0.4,
                hot_units=6,
                seed=seed,
                think=0.01,
                sessions=sessions[name],
            )

        def syncer(name: str) -> None:
            root = sites[name][0]
            while not stop.is_set():
                done = sync_site(root, name)
                with lock:
                    result.syncs += 1
                    if done.returncode:
                        result.sync_failures.append(f"{name}: {done.stderr.strip()}")
                    else:
                        merged = _BOTH.search(done.stdout)
                        result.both_sides += int(merged.group(1)) if merged else 0
                time.sleep(sync_pause)

        started = time.perf_counter()
        savers = [
            threading.Thread(target=volunteers, args=(name, n + 1)) for n, name in enumerate(SITES)
        ]
        syncers = [threading.Thread(target=syncer, args=(name,)) for name in SITES]
        for thread in [*savers, *syncers]:
            thread.start()
        for thread in savers:
            thread.join()
        stop.set()
        for thread in syncers:
            thread.join()
        result.seconds = time.perf_counter() - started
    finally:
        for process, _ in servers.values():
            kill(process)
    for name in (*SITES, SITES[0]):  # until both hold the same history
        done = sync_site(sites[name][0], name)
        result.syncs += 1
        if done.returncode:
            result.sync_failures.append(f"{name} (final): {done.stderr.strip()}")
    for name in SITES:
        result.saves.saves.extend(outcomes.get(name, LoadResult()).saves)
        result.saves.errors.extend(outcomes.get(name, LoadResult()).errors)
    check(result, {name: root for name, (root, _) in sites.items()})
    return result


def check(result: SitesResult, roots: dict[str, Path]) -> None:
    """Fill in what was lost, the catalogs to check with msgfmt, any conflict markers."""
    acknowledged = result.saves.acknowledged
    replaced = {save.seen for save in acknowledged}
    texts = {}
    for name, root in roots.items():
        po = root / "load" / "ar.po"
        result.catalogs.append(po)
        for path in root.rglob("*"):
            if (
                path.is_file()
                and ".git" not in path.parts
                and path.suffix in (".po", ".pot", ".toml", ".csv")
            ) and has_conflict_markers(path.read_text(encoding="utf-8")):
                result.markers.append(str(path))
        kept: dict[str, set[str]] = {}
        notes = load_notes(Statement.load(root, "load"))
        for entry in read_catalog(po):
            if entry.obsolete:
                continue
            unit = unit_id(entry.msgid)
            others = {parse_alternative(item)[1] for item in alternatives(entry)}
            proposed = {p.translation for p in notes.unit_proposals("ar", unit)}
            kept[unit] = {entry.msgstr, *others, *proposed}
        texts[name] = kept
        for save in acknowledged:
            if save.text in replaced:
                continue  # a volunteer saw this text and saved another over it
            if save.text not in kept.get(save.unit, set()):
                result.lost.append(f"{name}: {save.unit} lost {save.text!r}")
    first, second = (roots[name] / "load" / "ar.po" for name in SITES)
    result.identical = first.read_bytes() == second.read_bytes()
