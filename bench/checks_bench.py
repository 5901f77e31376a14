"""The checks on their own test set: findings on careful translations, mistakes caught.

    .venv/bin/python bench/checks_bench.py            # print the tables
    .venv/bin/python bench/checks_bench.py --write    # and put them into bench/README.md

The test set is ``tests/check_corpus.py``: three statements (the bundled one and two
written for it) translated with care into Arabic, Sorani and Kurmanji, and realistic
mistakes made in those translations. The target is 0 errors and 0 warnings on the careful
translations and every mistake caught as an error or a warning.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.check_corpus import MISTAKES, TRANSLATIONS, apply, sources
from workflow.quality.checks import HINT, Context, check_unit
from workflow.quality.glossary import Glossary

README = Path(__file__).resolve().parent / "README.md"
START, END = "<!-- checks-bench:start -->", "<!-- checks-bench:end -->"
LANGS = ("ar", "ckb", "kmr")


def context(lang: str, glossary: Glossary) -> Context:
    return Context("en", lang, glossary, frozenset({"icssi"}))


def correct_table(glossary: Glossary) -> tuple[list[str], dict[str, list[float]]]:
    lines = [
        "| language | units | characters | errors | warnings | hints (never block) |",
        "|---|---|---|---|---|---|",
    ]
    ratios: dict[str, list[float]] = defaultdict(list)
    for lang in LANGS:
        counts: Counter[str] = Counter()
        units = chars = 0
        hints: Counter[str] = Counter()
        for slug, texts in TRANSLATIONS[lang].items():
            for source, target in zip(sources()[slug], texts, strict=True):
                units += 1
                chars += len(target)
                if len(source) >= 60:
                    ratios[lang].append(len(target) / len(source))
                for finding in check_unit(source, target, context(lang, glossary)):
                    counts[finding.severity] += 1
                    if finding.severity == HINT:
                        hints[finding.check] += 1
        hint_text = ", ".join(f"{n} {check}" for check, n in hints.items()) or "0"
        lines.append(
            f"| {lang} | {units} | {chars:,} | {counts['error']} | {counts['warning']} | "
            f"{hint_text} |"
        )
    return lines, ratios


def mistakes_table(glossary: Glossary) -> list[str]:
    per: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    missed: list[str] = []
    for mistake in MISTAKES:
        source, target = apply(mistake)
        found = [
            f
            for f in check_unit(source, target, context(mistake.lang, glossary))
            if f.severity != HINT
        ]
        row = per[(mistake.lang, mistake.check)]
        row[0] += 1
        own = [f for f in found if f.check == mistake.check]
        if own:
            row[1] += 1
            row[2 if any(f.severity == "error" for f in own) else 3] += 1
        if not found:
            missed.append(f"{mistake.lang}: {mistake.what}")
    lines = [
        "| language | check | mistakes | caught by it | as error | as warning |",
        "|---|---|---|---|---|---|",
    ]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (lang, check), (count, caught, errors, warnings) in sorted(per.items()):
        lines.append(f"| {lang} | {check} | {count} | {caught} | {errors} | {warnings} |")
        totals[lang][0] += count
        totals[lang][1] += caught
    lines.append("")
    lines.append(
        "Per language: "
        + "; ".join(f"{lang} {caught}/{count} caught" for lang, (count, caught) in totals.items())
        + f". Missed by every check: {', '.join(missed) if missed else 'none'}."
    )
    return lines


def timing(glossary: Glossary) -> list[str]:
    pairs = [
        (lang, source, target)
        for lang in LANGS
        for slug, texts in TRANSLATIONS[lang].items()
        for source, target in zip(sources()[slug], texts, strict=True)
    ]
    for lang, source, target in pairs:  # warm the dictionaries and tables
        check_unit(source, target, context(lang, glossary))
    times = []
    for _ in range(3):
        for lang, source, target in pairs:
            edited = target + " "  # a new text: nothing cached for it
            start = time.perf_counter()
            check_unit(source, edited, context(lang, glossary))
            times.append(time.perf_counter() - start)
    long_source = " ".join(sources()["icssi"][2] for _ in range(80))
    long_target = " ".join(TRANSLATIONS["ar"]["icssi"][2] for _ in range(80))
    start = time.perf_counter()
    check_unit(long_source, long_target, context("ar", glossary))
    long_time = time.perf_counter() - start
    times.sort()
    return [
        f"- every check on one unit (the {len(pairs)} units above, a new text each time, "
        f"3 rounds): median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms;",
        f"- a {len(long_target):,}-character Arabic paragraph (the bundled statement's longest, "
        f"80 times): {long_time:.2f} s.",
    ]


def report() -> str:
    with tempfile.TemporaryDirectory() as folder:
        glossary = Glossary(Path(folder))
        glossary.seed()
        correct, ratios = correct_table(glossary)
        units = sum(len(texts) for texts in sources().values())
        lines = [
            START,
            "",
            "    .venv/bin/python bench/checks_bench.py --write",
            "",
            f"Test set (`tests/check_corpus.py`): 3 statements ({units} units: the bundled "
            "one and two written for it, with a link, hashtags, an e-mail "
            "address, percentages, dates and numbers in words), translated with care into each "
            f"language; {len(MISTAKES)} realistic mistakes made in those translations.",
            "",
            "Findings on the careful translations (target: 0 errors, 0 warnings):",
            "",
            *correct,
            "",
            "Mistakes caught (target: every one, as an error or a warning):",
            "",
            *mistakes_table(glossary),
            "",
            "Length of a translation over its English source, units of 60 characters or more "
            "(the `length` check warns below the floor):",
            "",
            "| language | units | min | median | max | floor |",
            "|---|---|---|---|---|---|",
        ]
        from workflow.quality.checks import MIN_LENGTH_RATIO

        for lang in LANGS:
            values = sorted(ratios[lang])
            lines.append(
                f"| {lang} | {len(values)} | {values[0]:.2f} | {statistics.median(values):.2f} "
                f"| {values[-1]:.2f} | {MIN_LENGTH_RATIO[lang]:.2f} |"
            )
        lines += ["", "Time:", "", *timing(glossary), "", END]
        return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update bench/README.md")
    args = parser.parse_args()
    text = report()
    print(text)
    if args.write:
        readme = README.read_text(encoding="utf-8")
        if START in readme:
            before, rest = readme.split(START, 1)
            after = rest.split(END, 1)[1]
            readme = before + text + after
        else:
            readme = readme.rstrip("\n") + "\n\n## Checks (issue 12)\n\n" + text + "\n"
        README.write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    main()
