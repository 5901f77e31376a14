"""Benchmark: 200 distinct paragraphs into Arabic against a loopback LibreTranslate server.

1. The anchor: a bare ``ThreadPoolExecutor`` over deep-translator's ``LibreTranslator`` with
   as many workers, in a separate process so that it runs deep-translator exactly as shipped
   (whole process, like the command).
2. ``statements pretranslate --workers N`` on the same paragraphs (target: at least 0.9× the
   bare pool's throughput), with 8 and 16 workers.
3. The same command again: it must send no request.
4. A fresh statement with 30% of requests failing (429, 500, garbage body): every unit
   must still end translated.
5. A plain deep-translator loop (one call after another), what the pool saves.

Every request takes 100 ms on the server.

    .venv/bin/python bench/pretranslate_bench.py [--paragraphs 200] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import paragraph  # noqa: E402
from figures import Figure, table  # noqa: E402

from tests.libre_server import LibreServer  # noqa: E402
from workflow.catalog.state import entry_state  # noqa: E402
from workflow.catalog.statement import Statement  # noqa: E402

STATEMENTS = str(Path(sys.executable).parent / "statements")
SECTION = "Machine pretranslation"

PLAIN_LOOP = """
import json, sys
from deep_translator import LibreTranslator
url, path = sys.argv[1], sys.argv[2]
for text in json.load(open(path, encoding="utf-8")):
    LibreTranslator(source="en", target="ar", api_key="unused", custom_url=url).translate(text)
"""

BARE_POOL = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from deep_translator import LibreTranslator
url, path, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = json.load(open(path, encoding="utf-8"))
def one(text):
    return LibreTranslator(source="en", target="ar", api_key="unused", custom_url=url).translate(
        text
    )
with ThreadPoolExecutor(workers) as pool:
    assert all(pool.map(one, texts))
"""


def statement_file(folder: Path, count: int, seed: int) -> Path:
    rng = random.Random(seed)
    texts = [paragraph(rng, 300) for _ in range(count)]
    path = folder / f"statement-{seed}.md"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    (folder / f"texts-{seed}.json").write_text(json.dumps(texts), encoding="utf-8")
    return path


def whole(command: list[str], check: bool = True) -> float:
    """Wall time of a whole process (which must succeed, with ``check``)."""
    start = time.perf_counter()
    subprocess.run(command, check=check, capture_output=True)
    return time.perf_counter() - start


def new(root: Path, source: Path, slug: str) -> None:
    subprocess.run(
        [STATEMENTS, "--root", str(root), "new", str(source), "--slug", slug, "--lang", "ar"],
        check=True,
        capture_output=True,
    )


def pretranslate(root: Path, slug: str, url: str, workers: int, check: bool = True) -> float:
    return whole(
        [
            STATEMENTS,
            "--root",
            str(root),
            "pretranslate",
            slug,
            "--engine",
            "libre",
            "--engine-url",
            url,
            "--workers",
            str(workers),
        ],
        check,
    )


def figures(
    paragraphs: int = 200,
    latency: float = 0.1,
    pools: tuple[int, ...] = (8, 16),
    plain: bool = True,
) -> list[Figure]:
    """Throughput against a bare thread pool, reruns, faults, and the plain loop."""
    section = (
        f"{SECTION} ({paragraphs} paragraphs into Arabic, {latency * 1000:.0f} ms per request)"
    )
    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    try:
        return _figures(work, section, paragraphs, latency, pools, plain)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _figures(
    work: Path,
    section: str,
    paragraphs: int,
    latency: float,
    pools: tuple[int, ...],
    plain: bool,
) -> list[Figure]:
    texts = str(work / "texts-1.json")
    source = statement_file(work, paragraphs, 1)
    found: list[Figure] = []
    with LibreServer(latency=latency) as server:
        for workers in pools:
            # A root of its own for each pool size: the cache would answer the second run.
            slug = f"bench-{workers}"
            root = work / f"translations-{workers}"
            new(root, source, slug)
            bare = whole([sys.executable, "-c", BARE_POOL, server.url, texts, str(workers)])
            before = server.translate_requests
            ours = pretranslate(root, slug, server.url, workers)
            sent = server.translate_requests - before
            assert sent == paragraphs, f"{sent} requests for {paragraphs} paragraphs"
            found.append(
                Figure(
                    section,
                    f"`statements pretranslate --workers {workers}`, units per second",
                    paragraphs / ours,
                    "/s",
                    f"bare ThreadPoolExecutor({workers}) over deep-translator",
                    paragraphs / bare,
                    min_ratio=0.9,
                    also=f"whole processes: {ours:.2f} s against {bare:.2f} s",
                )
            )
        before = server.translate_requests
        again = pretranslate(
            work / f"translations-{pools[0]}", f"bench-{pools[0]}", server.url, pools[0]
        )
        sent_again = server.translate_requests - before
        found.append(
            Figure(section, "the same command again (requests sent)", sent_again, "", max_value=0)
        )
        found.append(Figure(section, "the same command again", again, "s"))
        if plain:
            loop = whole([sys.executable, "-c", PLAIN_LOOP, server.url, texts])
            found.append(
                Figure(section, "plain deep-translator loop, one call after another", loop, "s")
            )

    root = work / "translations-faulty"
    new(root, statement_file(work, paragraphs, 2), "faulty")
    with LibreServer(latency=latency, fault_rate=0.3, faults=("429", "500", "garbage")) as server:
        # A unit whose five attempts all fail is left for the next run (exit 1): that is
        # the figure, not a failure of the benchmark.
        took = pretranslate(root, "faulty", server.url, pools[0], check=False)
        requests_sent = server.translate_requests
    catalog = Statement.load(root, "faulty").catalog("ar")
    states = [entry_state(entry) for entry in catalog]
    found.append(
        Figure(
            section,
            "30% of requests failing (429 / 500 / garbage): units left untranslated",
            len(states) - states.count("machine"),
            "",
            max_value=0,
            also=f"{took:.2f} s, {requests_sent} requests",
        )
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    args = parser.parse_args()
    print("\n".join(table(figures(args.paragraphs, args.latency))))


if __name__ == "__main__":
    main()
