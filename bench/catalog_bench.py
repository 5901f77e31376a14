"""Benchmark: `statements new`, `update` (10% edited) and `build` on a 2,000-paragraph statement.

Each command runs as a whole process (what an editor waits for), side by side in the same run
with translate-toolkit's ``txt2po``/``po2txt`` (the fastest anchor), po4a and GNU
``msgmerge`` on the same input; then again on catalogs saved by polib with its default
wrapping, as files come back from Poedit users. Peak memory is each process's own.

A build is measured as it comes between two rounds of review: with what ``new`` and the
last build kept (the source's split, the reading of the output's skeleton), every tenth
unit approved with a new text since. It is measured too as the first build after ``new``,
with nothing kept (``.cache`` removed, as in a fresh clone), and again with nothing changed.

    .venv/bin/python bench/catalog_bench.py [--runs 5] [--paragraphs 2000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import edit, markdown_statement
from figures import Figure, Run, run_process, table, timed

from workflow.catalog.state import apply_human
from workflow.catalog.statement import Statement

BIN = Path(sys.executable).parent
STATEMENTS = str(BIN / "statements")
SLUG = "bench"
SECTION = "Catalog pipeline"
THREE = ["ar", "ckb", "kmr"]


def approve_identity(root: Path, langs: list[str]) -> None:
    """Give every unit an approved translation equal to its source (for `build`)."""
    statement = Statement.load(root, SLUG)
    for lang in langs:
        catalog = statement.catalog(lang)
        for entry in catalog:
            apply_human(entry, entry.msgid, "approved", "bench", date(2026, 11, 24))
        statement.save_catalog(lang, catalog)


def retranslate(root: Path, langs: list[str], mark: str) -> None:
    """Approve a new translation of every tenth unit (its source followed by ``mark``), as
    reviewers do between two builds."""
    statement = Statement.load(root, SLUG)
    for lang in langs:
        catalog = statement.catalog(lang)
        for number, entry in enumerate(catalog):
            if number % 10 == 0:
                text = f"{entry.msgid} {mark}"
                apply_human(entry, text, "approved", "bench", date(2026, 12, 2))
        statement.save_catalog(lang, catalog)


def wrap_with_polib(root: Path, langs: list[str]) -> None:
    """Save every catalog again with polib's default wrapping (78 columns), as Poedit does."""
    statement = Statement.load(root, SLUG)
    for lang in [*langs, None]:
        path = statement.pot_path if lang is None else statement.po_path(lang)
        polib.pofile(str(path)).save(str(path))


def tool(name: str) -> str | None:
    """The anchor tool ``name`` from the virtualenv or the system, if installed."""
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


class Pipeline:
    """The benchmark's files and the commands that run on them."""

    def __init__(self, work: Path, paragraphs: int, runs: int) -> None:
        self.work = work
        self.runs = runs
        self.paragraphs = paragraphs
        self.source = work / "big.md"
        self.edited = work / "big-edited.md"
        self.text = markdown_statement(paragraphs)
        self.source.write_text(self.text, encoding="utf-8")
        self.edited.write_text(edit(self.text), encoding="utf-8")
        self.root = work / "translations"

    def statements(self, *args: str) -> list[str]:
        return [STATEMENTS, "--root", str(self.root), *args]

    def new_command(self, langs: list[str]) -> list[str]:
        lang_args = [arg for lang in langs for arg in ("--lang", lang)]
        return self.statements("new", str(self.source), "--slug", SLUG, *lang_args)

    def fresh(self, langs: list[str], wrapped: bool) -> None:
        """A statement in ``langs`` with every unit approved (wrapped by polib if asked)."""
        shutil.rmtree(self.root, ignore_errors=True)
        run_process(self.new_command(langs))
        approve_identity(self.root, langs)
        if wrapped:
            wrap_with_polib(self.root, langs)

    def new(self, langs: list[str], alongside: list[str] | None = None) -> Run:
        return timed(
            self.runs,
            self.new_command(langs),
            lambda: shutil.rmtree(self.root, ignore_errors=True),
            self.work,
            alongside=alongside,
        )

    def update(self, langs: list[str], wrapped: bool) -> Run:
        return timed(
            self.runs,
            self.statements("update", SLUG, str(self.edited)),
            lambda: self.fresh(langs, wrapped),
            self.work,
        )

    def build(
        self,
        langs: list[str],
        wrapped: bool,
        kept: str = "changed",
        alongside: list[str] | None = None,
    ) -> Run:
        """``build`` of ``langs`` (with the anchor ``alongside`` run after each), with
        ``kept``:

        - "changed": what the last build and ``new`` kept (.cache), every tenth unit
          approved with a new text since;
        - "after-new": the first build after ``new`` (the split it kept);
        - "nothing": nothing kept (.cache removed before each run, as in a fresh clone);
        - "unchanged": everything kept, nothing changed since the last build."""
        self.fresh(langs, wrapped)
        lang_args = [arg for lang in langs for arg in ("--lang", lang)]
        out = self.work / "out"
        command = self.statements("build", SLUG, "--format", "md", "--out", str(out), *lang_args)
        rounds: list[str] = []

        def change() -> None:
            rounds.append(f"(round {len(rounds) + 1})")
            retranslate(self.root, langs, rounds[-1])
            if wrapped:
                wrap_with_polib(self.root, langs)

        prepare: Callable[[], None] | None = None
        if kept in ("changed", "unchanged"):
            run_process(command, self.work)
            prepare = change if kept == "changed" else None
        elif kept == "after-new":
            prepare = lambda: self.fresh(langs, wrapped)  # noqa: E731
        else:
            prepare = lambda: shutil.rmtree(self.root / ".cache", ignore_errors=True)  # noqa: E731
        result = timed(self.runs, command, prepare, self.work, alongside=alongside)
        built = (out / SLUG / "ar.md").read_text(encoding="utf-8")
        if rounds:
            assert built.count(rounds[-1]) == (self.paragraphs + 9) // 10, "not the new texts"
        else:
            assert built == self.text, "build did not give back the statement"
        return result


class Anchors:
    """The same jobs done by translate-toolkit, po4a and GNU gettext."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.p = pipeline
        self.work = pipeline.work

    def txt2po(self) -> list[str] | None:
        """translate-toolkit's ``txt2po`` of the source (run beside ``new``)."""
        txt2po = tool("txt2po")
        if txt2po is None:
            return None
        return [txt2po, str(self.p.source), str(self.work / "tt.po")]

    def po2txt(self) -> list[str] | None:
        """translate-toolkit's ``po2txt`` of the source and a catalog whose every unit is
        filled (run beside each ``build``)."""
        txt2po, po2txt = tool("txt2po"), tool("po2txt")
        if txt2po is None or po2txt is None:
            return None
        po = self.work / "tt.po"
        run_process([txt2po, str(self.p.source), str(po)])
        catalog = polib.pofile(str(po))
        for entry in catalog:
            entry.msgstr = entry.msgid
        filled = self.work / "tt-filled.po"
        catalog.save(str(filled))
        return [po2txt, "-t", str(self.p.source), str(filled), str(self.work / "tt.md")]

    def po4a(self) -> dict[str, float]:
        if tool("po4a-updatepo") is None or tool("po4a-translate") is None:
            return {}
        po = self.work / "po4a.po"
        base = ["-f", "text", "-o", "markdown", "-M", "UTF-8"]
        found = {
            "new": timed(
                self.p.runs,
                ["po4a-updatepo", *base, "-m", str(self.p.source), "-p", str(po)],
                lambda: po.unlink(missing_ok=True),
            ).seconds
        }
        found["translate"] = timed(
            self.p.runs,
            [
                "po4a-translate",
                *base,
                "-m",
                str(self.p.source),
                "-p",
                str(po),
                "-l",
                str(self.work / "po4a.md"),
                "-k",
                "0",
            ],
        ).seconds
        return found

    def msgmerge(self) -> float | None:
        msgmerge = tool("msgmerge")
        if msgmerge is None:
            return None
        self.p.fresh(["ar"], wrapped=False)
        pot_root = self.work / "pot"
        shutil.rmtree(pot_root, ignore_errors=True)
        run_process(
            [
                STATEMENTS,
                "--root",
                str(pot_root),
                "new",
                str(self.p.edited),
                "--slug",
                SLUG,
                "--lang",
                "ar",
            ]
        )
        command = [
            msgmerge,
            "-q",
            "--previous",
            "-o",
            str(self.work / "merged.po"),
            str(self.p.root / SLUG / "ar.po"),
            str(pot_root / SLUG / f"{SLUG}.pot"),
        ]
        return timed(self.p.runs, command).seconds


def figures(paragraphs: int = 2000, runs: int = 5) -> list[Figure]:
    """Every catalog figure, measured with its anchors in this run: translate-toolkit's
    beside each ``new`` and ``build`` (run for run), po4a and ``msgmerge`` once."""
    work = Path(tempfile.mkdtemp(prefix="bench-catalog-"))
    try:
        p = Pipeline(work, paragraphs, runs)
        anchors = Anchors(p)
        txt2po, po2txt, po4a, msgmerge = (
            anchors.txt2po(),
            anchors.po2txt(),
            anchors.po4a(),
            anchors.msgmerge(),
        )
        size = f"{paragraphs} paragraphs, {len(p.text.encode()) / 1e6:.2f} MB"
        s = f"{SECTION} ({size}, median of {runs})"
        found: list[Figure] = []
        new1, new3 = p.new(["ar"], alongside=txt2po), p.new(THREE)
        found.append(
            Figure(
                s,
                "`statements new` (split + POT + 1 PO)",
                new1.seconds,
                "s",
                "txt2po",
                new1.anchor_seconds,
                max_ratio=1.0,
                also=f"po4a-updatepo {po4a['new']:.3f} s" if po4a else "",
            )
        )
        found.append(Figure(s, "`statements new`, 3 languages", new3.seconds, "s"))
        peaks: dict[str, float] = {}
        also_translate = f"po4a-translate {po4a['translate']:.3f} s" if po4a else ""

        def build_figure(name: str, run: Run, langs: int = 1, target: bool = True) -> Figure:
            anchor = run.anchor_seconds
            return Figure(
                s,
                name,
                run.seconds,
                "s",
                "po2txt" if langs == 1 else f"{langs} × po2txt",
                langs * anchor if anchor is not None else None,
                max_ratio=1.0 if target else None,
                also=also_translate if langs == 1 and target else "",
            )

        for wrapped in (False, True):
            how = ", polib-wrapped catalogs" if wrapped else ""
            build1 = p.build(["ar"], wrapped, alongside=po2txt)
            build3 = p.build(THREE, wrapped, alongside=po2txt)
            update1 = p.update(["ar"], wrapped)
            found.append(build_figure(f"`statements build` md, 1 language{how}", build1))
            found.append(build_figure(f"`statements build` md, 3 languages{how}", build3, 3))
            found.append(
                Figure(
                    s,
                    f"`statements update` 10% edited, 1 language{how}",
                    update1.seconds,
                    "s",
                    "msgmerge",
                    msgmerge,
                    max_ratio=0.5,
                )
            )
            if not wrapped:
                update3 = p.update(THREE, wrapped)
                found.append(
                    Figure(
                        s,
                        "`statements update` 10% edited, 3 languages",
                        update3.seconds,
                        "s",
                        "3 × msgmerge",
                        3 * msgmerge if msgmerge is not None else None,
                        max_ratio=0.5,
                    )
                )
                peaks["build, 3 languages"] = build3.peak_mib
                peaks["update, 3 languages"] = update3.peak_mib
        for kept, what in (
            ("after-new", "the first build after `new`"),
            ("nothing", "nothing kept (a fresh clone's first build)"),
        ):
            run = p.build(["ar"], False, kept, alongside=po2txt)
            found.append(build_figure(f"`statements build` md, 1 language, {what}", run))
        run = p.build(["ar"], False, "unchanged", alongside=po2txt)
        found.append(
            build_figure(
                "`statements build` md, 1 language, again with nothing changed", run, target=False
            )
        )
        for name, peak in peaks.items():
            found.append(Figure(s, f"peak memory of {name}", peak, "MiB"))
        return found
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args()
    print("\n".join(table(figures(args.paragraphs, args.runs))))


if __name__ == "__main__":
    main()
