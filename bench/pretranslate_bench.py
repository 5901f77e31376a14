"""Benchmark: 200 distinct paragraphs into Arabic against a loopback LibreTranslate server.

1. A plain deep-translator loop (one LibreTranslator call after another, in a separate
   process so that it runs deep-translator exactly as shipped).
2. ``statements pretranslate --workers 8`` on the same paragraphs.
3. The same command again: it must send no request.
4. A fresh statement with 30% of requests failing (429, 500, garbage body): every unit
   must still end translated.

Every request takes 100 ms on the server.

    .venv/bin/python bench/pretranslate_bench.py [--paragraphs 200] [--latency 0.1]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import paragraph  # noqa: E402

from tests.libre_server import LibreServer  # noqa: E402
from workflow.state import entry_state  # noqa: E402
from workflow.statement import Statement  # noqa: E402

STATEMENTS = str(Path(sys.executable).parent / "statements")

PLAIN_LOOP = """
import json, sys, time
from deep_translator import LibreTranslator
url, path = sys.argv[1], sys.argv[2]
texts = json.load(open(path, encoding="utf-8"))
start = time.perf_counter()
for text in texts:
    LibreTranslator(source="en", target="ar", api_key="unused", custom_url=url).translate(text)
print(time.perf_counter() - start)
"""


def statement_file(folder: Path, count: int, seed: int) -> Path:
    rng = random.Random(seed)
    texts = [paragraph(rng, 300) for _ in range(count)]
    path = folder / f"statement-{seed}.md"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    (folder / f"texts-{seed}.json").write_text(json.dumps(texts), encoding="utf-8")
    return path


def pretranslate(root: Path, slug: str, url: str, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run(
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
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    root = work / "translations"
    source = statement_file(work, args.paragraphs, 1)
    subprocess.run(
        [STATEMENTS, "--root", str(root), "new", str(source), "--slug", "bench", "--lang", "ar"],
        check=True,
        capture_output=True,
    )
    with LibreServer(latency=args.latency) as server:
        loop = subprocess.run(
            [sys.executable, "-c", PLAIN_LOOP, server.url, str(work / "texts-1.json")],
            check=True,
            capture_output=True,
            text=True,
        )
        plain = float(loop.stdout.strip())
        before = server.translate_requests
        ours = pretranslate(root, "bench", server.url, args.workers)
        sent_first = server.translate_requests - before
        before = server.translate_requests
        again = pretranslate(root, "bench", server.url, args.workers)
        sent_again = server.translate_requests - before
    print(f"{args.paragraphs} paragraphs, {args.latency * 1000:.0f} ms per request")
    print(f"plain deep-translator loop: {plain:6.2f} s")
    print(
        f"statements pretranslate --workers {args.workers}: {ours:6.2f} s "
        f"({plain / ours:.1f}x faster, {sent_first} requests)"
    )
    print(f"second run: {again:6.2f} s, {sent_again} requests")

    faulty = statement_file(work, args.paragraphs, 2)
    subprocess.run(
        [STATEMENTS, "--root", str(root), "new", str(faulty), "--slug", "faulty", "--lang", "ar"],
        check=True,
        capture_output=True,
    )
    with LibreServer(
        latency=args.latency, fault_rate=0.3, faults=("429", "500", "garbage")
    ) as server:
        took = pretranslate(root, "faulty", server.url, args.workers)
        requests_sent = server.translate_requests
    catalog = Statement.load(root, "faulty").catalog("ar")
    states = [entry_state(entry) for entry in catalog]
    print(
        f"30% failing requests: {took:6.2f} s, {requests_sent} requests, "
        f"{states.count('machine')}/{len(states)} units translated"
    )


if __name__ == "__main__":
    main()
