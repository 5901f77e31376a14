"""Benchmark: `statements new`, `update` (10% edited) and `build` on a 2,000-paragraph statement.

Compared with po4a-updatepo, po4a-translate and GNU msgmerge on the same input, each command
run as a whole process (what an editor waits for), median of several runs.

    .venv/bin/python bench/catalog_bench.py [--runs 5] [--paragraphs 2000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from workflow.state import apply_human
from workflow.statement import Statement

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit, markdown_statement

STATEMENTS = str(Path(sys.executable).parent / "statements")
SLUG = "bench"


def timed(runs: int, prepare: Callable[[], None], command: list[str], cwd: Path) -> float:
    """Median wall time of ``command`` over ``runs`` runs, ``prepare`` run before each."""
    times = []
    for _ in range(runs):
        prepare()
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def approve_identity(root: Path, langs: list[str]) -> None:
    """Give every unit an approved translation equal to its source (for `build`)."""
    statement = Statement.load(root, SLUG)
    for lang in langs:
        catalog = statement.catalog(lang)
        for entry in catalog:
            apply_human(entry, entry.msgid, "approved", "bench", date(2026, 11, 24))
        statement.save_catalog(lang, catalog)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    source = work / "big.md"
    edited = work / "big-edited.md"
    text = markdown_statement(args.paragraphs)
    source.write_text(text, encoding="utf-8")
    edited.write_text(edit(text), encoding="utf-8")
    print(
        f"input: {args.paragraphs} blocks, {len(text.encode()) / 1e6:.2f} MB; median of {args.runs}"
    )
    root = work / "translations"
    results: dict[str, float] = {}

    for langs in (["ar"], ["ar", "ckb", "kmr"]):
        tag = "1 lang" if len(langs) == 1 else "3 langs"
        lang_args = [arg for lang in langs for arg in ("--lang", lang)]

        def fresh() -> None:
            shutil.rmtree(root, ignore_errors=True)

        new_cmd = [STATEMENTS, "--root", str(root), "new", str(source), "--slug", SLUG, *lang_args]
        results[f"statements new ({tag})"] = timed(args.runs, fresh, new_cmd, work)

        def reset_update(new_cmd: list[str] = new_cmd, langs: list[str] = langs) -> None:
            shutil.rmtree(root, ignore_errors=True)
            subprocess.run(new_cmd, check=True, capture_output=True)
            approve_identity(root, langs)

        update_cmd = [STATEMENTS, "--root", str(root), "update", SLUG, str(edited)]
        results[f"statements update 10% edited ({tag})"] = timed(
            args.runs, reset_update, update_cmd, work
        )

        reset_update()
        subprocess.run(
            [STATEMENTS, "--root", str(root), "update", SLUG, str(source)],
            check=True,
            capture_output=True,
        )
        approve_identity(root, langs)
        build_cmd = [
            STATEMENTS,
            "--root",
            str(root),
            "build",
            SLUG,
            "--format",
            "md",
            "--out",
            str(work / "out"),
            *lang_args,
        ]
        results[f"statements build md ({tag})"] = timed(args.runs, lambda: None, build_cmd, work)
        assert (work / "out" / SLUG / "ar.md").read_text(encoding="utf-8") == text

    if shutil.which("po4a-updatepo"):
        po = work / "po4a.po"

        def no_po() -> None:
            po.unlink(missing_ok=True)

        base = ["-f", "text", "-o", "markdown", "-M", "UTF-8"]
        results["po4a-updatepo (new)"] = timed(
            args.runs, no_po, ["po4a-updatepo", *base, "-m", str(source), "-p", str(po)], work
        )

        def seeded_po() -> None:
            shutil.copy(root / SLUG / "ar.po", po)

        results["po4a-updatepo (update)"] = timed(
            args.runs, seeded_po, ["po4a-updatepo", *base, "-m", str(edited), "-p", str(po)], work
        )
        results["po4a-translate"] = timed(
            args.runs,
            lambda: None,
            [
                "po4a-translate",
                *base,
                "-m",
                str(source),
                "-p",
                str(po),
                "-l",
                str(work / "po4a.md"),
                "-k",
                "0",
            ],
            work,
        )
    if shutil.which("msgmerge"):
        subprocess.run(
            [
                STATEMENTS,
                "--root",
                str(work / "pot"),
                "new",
                str(edited),
                "--slug",
                SLUG,
                "--lang",
                "ar",
            ],
            check=True,
            capture_output=True,
        )
        results["msgmerge (update, 1 lang)"] = timed(
            args.runs,
            lambda: None,
            [
                "msgmerge",
                "-q",
                "--previous",
                "-o",
                str(work / "merged.po"),
                str(root / SLUG / "ar.po"),
                str(work / "pot" / SLUG / f"{SLUG}.pot"),
            ],
            work,
        )
    width = max(len(name) for name in results)
    for name, seconds in results.items():
        print(f"{name:<{width}}  {seconds:6.3f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
