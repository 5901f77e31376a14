"""Quality checks on realistic Arabic, Sorani and Kurmanji sentences; glossary; memory."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from workflow.catalog.state import apply_human, entry_state, markers
from workflow.catalog.statement import create_statement, update_statement
from workflow.mt.memory import MemoryEntry, TranslationMemory
from workflow.quality.checks import Context, check_unit
from workflow.quality.glossary import Glossary, target_has
from workflow.quality.numbers import carry_numbers, find_numbers, number_values


def ids(
    source: str, target: str, lang: str = "ar", glossary: Glossary | None = None
) -> set[tuple[str, str]]:
    """Errors and warnings (hints are advice, tested in test_quality.py)."""
    ctx = Context("en", lang, glossary, frozenset({"icssi"}))
    return {(f.check, f.severity) for f in check_unit(source, target, ctx) if f.severity != "hint"}


@pytest.mark.parametrize(
    ("written", "lang", "value"),
    [
        ("8000", "ar", "8000"),
        ("8,000", "ar", "8000"),
        ("٨٠٠٠", "ar", "8000"),
        ("٨٬٠٠٠", "ar", "8000"),
        ("۸۰۰۰", "ckb", "8000"),
        ("۸٬۰۰۰", "ckb", "8000"),
        ("8.000", "kmr", "8000"),
        ("2.2", "ar", "2.2"),
        ("٢٫٢", "ar", "2.2"),
        ("۲٫۲", "ckb", "2.2"),
        ("2,2", "kmr", "2.2"),
        ("40", "ar", "40"),
        ("٤٠", "ar", "40"),
    ],
)
def test_digit_and_separator_forms(written: str, lang: str, value: str) -> None:
    from decimal import Decimal

    (token,) = find_numbers(written)
    assert Decimal(value) in number_values(token.text, lang)


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Over 8000 Palestinians were killed.", "قُتل أكثر من ٨٠٠٠ فلسطيني.", "ar"),
        ("Over 8,000 Palestinians were killed.", "قُتل أكثر من ٨٬٠٠٠ فلسطيني.", "ar"),
        ("the siege of 2.2 million people", "حصار ٢٫٢ مليون شخص", "ar"),
        ("40% of the buildings", "٪٤٠ من المباني", "ar"),
        ("40% of the buildings", "٤٠٪ من المباني", "ar"),
        ("over 3000 children", "زیاتر لە ۳۰۰۰ منداڵ", "ckb"),
        ("over 8000 Palestinians", "zêdetirî 8.000 Filistînî", "kmr"),
        ("2.2 million people", "2,2 milyon kes", "kmr"),
        ("40% of the buildings", "%40ê avahiyan", "kmr"),
    ],
)
def test_numbers_right_in_any_digits(source: str, target: str, lang: str) -> None:
    assert not any(check == "numbers" for check, _ in ids(source, target, lang))


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Over 8000 Palestinians were killed.", "قُتل أكثر من ٩٠٠٠ فلسطيني.", "ar"),
        ("Since 2023 the siege", "منذ عام ٢٠٢٤ الحصار", "ar"),
        ("over 3000 children", "زیاتر لە ۳۰۰ منداڵ", "ckb"),
        ("2.2 million people", "22 milyon kes", "kmr"),
    ],
)
def test_wrong_number_is_an_error(source: str, target: str, lang: str) -> None:
    assert ("numbers", "error") in ids(source, target, lang)


def test_a_missing_number_is_named_as_the_source_writes_it() -> None:
    """A volunteer looks for the number in the source: "2200000" is not there."""
    ctx = Context("en", "ar", None, frozenset())
    source = "The siege of 2.2 million people, over 8,000 killed in seventeen days."
    messages = [f.message for f in check_unit(source, "الحصار مستمر.", ctx) if f.check == "numbers"]
    assert messages == [
        "2.2 million (2200000), 8,000, seventeen (17) from the source is not in the "
        "translation, in digits or in words; check that it says the same."
    ]


def test_ordinal_in_words_is_read() -> None:
    source = "Since 7th October, over 8000 were killed."
    assert ids(source, "منذ السابع من تشرين الأول، قُتل أكثر من ٨٠٠٠.") == set()
    found = ids(source, "منذ الثامن من تشرين الأول، قُتل أكثر من ٨٠٠٠.")
    assert ("dates", "error") in found and ("numbers", "warning") in found


def test_links_addresses_and_markup() -> None:
    source = "Read [the report](https://icssi.org/r) or write to info@icssi.org #Gaza."
    good = "اقرأوا [التقرير](https://icssi.org/r) أو اكتبوا إلى info@icssi.org #Gaza."
    assert ids(source, good) == set()
    assert ("markup", "error") in ids(
        source, good.replace("https://icssi.org/r", "https://icssi.org/x")
    )
    assert ("placeables", "error") in ids(source, good.replace("info@icssi.org", "info@icssi.com"))
    assert ("placeables", "error") in ids(source, good.replace("#Gaza", "#غزة"))
    assert ("markup", "warning") in ids("A **bold** claim.", "ادعاء **جريء.")


def test_unchanged_and_script() -> None:
    assert ("unchanged", "error") in ids("We demand a ceasefire.", "We demand a ceasefire.", "kmr")
    assert ids("ICSSI", "ICSSI", "kmr") == set()
    assert ("script", "error") in ids(
        "We demand a ceasefire now.", "We demand a ceasefire now, yes.", "ar"
    )
    assert ("script", "error") in ids(
        "We demand a ceasefire.", "Em daxwaza agirbestê دەکەین.", "kmr"
    )
    assert not {
        c for c, _ in ids("ICSSI calls for a ceasefire.", "تدعو ICSSI إلى وقف إطلاق النار.")
    } & {"script"}


def test_sorani_letters() -> None:
    assert ("sorani-letters", "warning") in ids(
        "We demand a ceasefire.", "ئيمە داواي ئاگربەست دەکەين.", "ckb"
    )
    arabic = "نطالب بوقف فوري لإطلاق النار ورفع الحصار عن غزة وإنهاء الاحتلال للأراضي الفلسطينية."
    assert ("sorani-letters", "warning") in ids(
        "We demand an immediate ceasefire and the end of the siege.", arabic, "ckb"
    )
    sorani = "داوای ئاگربەستی دەستبەجێ و کۆتاییهێنان بە گەمارۆی غەززە دەکەین."
    assert not {
        c
        for c, _ in ids("We demand an immediate ceasefire and the end of the siege.", sorani, "ckb")
    } & {"sorani-letters"}


def test_bidi_controls() -> None:
    assert ("bidi", "error") in ids("Gaza", "غزة\u202e")
    assert ("bidi", "error") in ids("Gaza", "غزة \u2067ICSSI")
    assert ("bidi", "error") in ids("Gaza", "غزة \u2069")
    assert ids("ICSSI", "\u2066ICSSI\u2069") == set()


def test_punctuation_and_spacing() -> None:
    assert ids("Where is the justice?", "أين العدالة؟") == set()
    assert ("punctuation", "warning") in ids("Where is the justice?", "أين العدالة.")
    assert ids("We demand, and we insist.", "نطالب، ونصرّ.") == set()
    assert ("punctuation", "warning") in ids("We demand justice.", "نطالب بالعدالة")
    assert ("spacing", "warning") in ids("We demand justice.", "نطالب  بالعدالة.")


def test_length() -> None:
    source = (
        "We demand an immediate ceasefire. We demand the end of the siege. We demand justice now."
    )
    assert ("length", "warning") in ids(source, "نطالب بوقف فوري لإطلاق النار.")
    assert not {
        c
        for c, _ in ids(
            source, "نطالب بوقف فوري لإطلاق النار. نطالب بإنهاء الحصار. نطالب بالعدالة الآن."
        )
    } & {"length"}


def test_glossary_word_forms(root: Path) -> None:
    glossary = Glossary(root)
    glossary.seed()
    source = "The occupation's sieges and the Israeli occupation must end."
    assert ("glossary", "warning") not in ids(
        source, "يجب أن ينتهي حصار الاحتلال الإسرائيلي وحصاراته.", "ar", glossary
    )
    assert ("glossary", "warning") in ids(
        source, "يجب أن تنتهي سيطرة إسرائيل وحصارها.", "ar", glossary
    )
    assert target_has("والاحتلال", "الاحتلال") and target_has("Dagirkeriya Îsraîlê", "dagirkerî")
    found = [
        t.term for t in glossary.found_in("Humanitarian-workers and civil society groups", "kmr")
    ]
    assert found == ["civil society", "humanitarian workers"]


def test_glossary_proposals_and_confirmation(root: Path) -> None:
    glossary = Glossary(root)
    glossary.seed()
    assert {t.status for t in glossary.terms()} == {"proposed"}
    glossary.confirm("ceasefire", "ar")
    assert (
        next(t for t in glossary.terms() if t.term == "ceasefire" and t.lang == "ar").status
        == "confirmed"
    )
    changed = glossary.set("ceasefire", "ar", "هدنة")
    assert changed.status == "proposed"
    assert "ceasefire,ar,هدنة,proposed" in glossary.path.read_text(encoding="utf-8")


def test_memory_exact_and_fuzzy() -> None:
    memory = TranslationMemory(
        [
            MemoryEntry(
                "We demand an immediate ceasefire in Gaza.",
                "نطالب بوقف فوري لإطلاق النار في غزة.",
                "ar",
                "old",
                "2026-10-01",
            ),
            MemoryEntry(
                "We demand the end of the occupation.",
                "نطالب بإنهاء الاحتلال.",
                "ar",
                "old",
                "2026-10-01",
            ),
        ]
    )
    assert memory.exact("We demand an immediate ceasefire in Gaza.", "ar") is not None
    assert memory.exact("We demand an immediate ceasefire in Gaza.", "ckb") is None
    matches = memory.search("We demand an immediate ceasefire in the Gaza Strip.", "ar")
    assert matches and 75 <= matches[0].score < 100
    assert memory.search("Something else entirely different here.", "ar") == []


def test_number_only_amendment_carries_translation(root: Path) -> None:
    source = (
        b"Over 8000 Palestinians were killed, including 3000 children.\n\nWe demand a ceasefire.\n"
    )
    statement = create_statement(root, source, "s.txt", languages=["ar", "ckb", "kmr"])
    texts = {
        "ar": "قُتل أكثر من ٨٠٠٠ فلسطيني، بينهم ٣٠٠٠ طفل.",
        "ckb": "زیاتر لە ۸۰۰۰ فەلەستینی کوژران، لەوانە ۳۰۰۰ منداڵ.",
        "kmr": "Zêdetirî 8.000 Filistînî hatin kuştin, di nav wan de 3.000 zarok.",
    }
    for lang, text in texts.items():
        catalog = statement.catalog(lang)
        apply_human(catalog[0], text, "approved", "Rania", date(2026, 11, 1))
        statement.save_catalog(lang, catalog)
    reports = update_statement(statement, source.replace(b"8000", b"9000"), "s.txt")
    assert all(report.numbers == 1 for report in reports.values())
    expected = {"ar": "٩٠٠٠", "ckb": "۹۰۰۰", "kmr": "9.000"}
    for lang, number in expected.items():
        entry = statement.catalog(lang)[0]
        assert number in entry.msgstr and entry_state(entry) == "outdated"
        assert markers(entry)["numbers"] == "numbers updated: 8000 → 9000"


def test_ambiguous_number_is_left_alone() -> None:
    result, note = carry_numbers(
        "8000 and 8000 more", "9000 and 8000 more", "٨٠٠٠ و٨٠٠٠ أخرى", "en", "ar"
    )
    assert result is None and "more than once" in note


Cli = Callable[..., CompletedProcess[str]]


def test_check_cli_formats_and_exit_codes(cli: Cli, root: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.txt"
    path.write_text("Over 8000 were killed.\n\nWe demand a ceasefire.\n", encoding="utf-8")
    cli("new", str(path), "--slug", "s", "--lang", "ar", check=True)
    from workflow.catalog.statement import Statement

    statement = Statement.load(root, "s")
    catalog = statement.catalog("ar")
    apply_human(catalog[0], "قُتل أكثر من ٨٠٠٠.", "approved", "R", date(2026, 11, 1))
    apply_human(catalog[1], "نطالب بوقف إطلاق النار.", "approved", "R", date(2026, 11, 1))
    statement.save_catalog("ar", catalog)
    clean = cli("check", "s")
    assert clean.returncode == 0 and "0 error(s)" in clean.stdout
    catalog = statement.catalog("ar")
    apply_human(catalog[0], "قُتل أكثر من ٩٠٠٠.", "approved", "R", date(2026, 11, 1))
    statement.save_catalog("ar", catalog)
    failing = cli("check", "s", "--format", "json")
    assert failing.returncode == 1
    results = json.loads(failing.stdout)["results"]
    assert results[0] == {
        "slug": "s",
        "lang": "ar",
        "unit": results[0]["unit"],
        "check": "numbers",
        "severity": "error",
        "message": "A number differs: the source has 8000, the translation has ٩٠٠٠.",
    }
    memory = cli(
        "memory",
        "search",
        "We demand a ceasefire now.",
        "--lang",
        "ar",
        "--format",
        "json",
        check=True,
    )
    match = json.loads(memory.stdout)["matches"][0]
    assert (
        match["translation"] == "نطالب بوقف إطلاق النار."
        and match["slug"] == "s"
        and match["score"] >= 75
    )
    text = cli("memory", "search", "We demand a ceasefire.", "--lang", "ar", check=True).stdout
    assert "[exact]" in text
