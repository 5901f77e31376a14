"""Publishing: pages, text, Markdown and PDF per language; the gate; nothing rewritten twice."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import html5lib
import polib
import pytest
from babel.dates import format_date
from playwright.sync_api import Browser

from workflow.catalog.state import apply_human
from workflow.catalog.statement import Statement, create_statement
from workflow.languages import get_language
from workflow.publishing.publish import native_digits, publish
from workflow.publishing.readerwords import FOLDER, WORDS, reader_word

from .conftest import SEED_SKIP, shot
from .seed_translations import AR, CKB, approve_seed


@pytest.fixture
def statement(root: Path, seed_path: Path) -> Statement:
    statement = create_statement(
        root, seed_path.read_bytes(), "statement.txt", slug="icssi", skip=SEED_SKIP
    )
    approve_seed(statement, "ar", AR)
    approve_seed(statement, "ckb", CKB)
    return statement


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "public"


def pdf_text(path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: apt-get install poppler-utils"
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_ready_languages_are_published_others_held(statement: Statement, out: Path) -> None:
    report = publish(statement, out)
    assert set(report.published) == {"en", "ar", "ckb"}
    assert set(report.held) == {"kmr"}
    assert all("is untranslated" in problem for problem in report.held["kmr"])
    folder = out / "icssi"
    names = {p.name for p in folder.iterdir()}
    for lang in ("en", "ar", "ckb"):
        assert {f"{lang}.html", f"{lang}.md", f"{lang}.txt", f"{lang}.pdf"} <= names
    assert "kmr.html" not in names
    assert (folder / "en.txt").read_bytes() == statement.source_path.read_bytes()
    site = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="icssi/ar.html"' in site and "ICSSI Statement in Solidarity with Palestine" in site
    # Headed in every language published; the day each statement was made, in its own.
    isolated = " · ".join(
        f"\u2068{word}\u2069" for word in ("Statements", "البيانات", "بەیاننامەکان")
    )
    assert f"<title>{isolated}</title>" in site
    assert '<span lang="ar" dir="rtl">البيانات</span>' in site
    made = date.fromisoformat(statement.meta.created[:10])
    shown = f"{made:%B} {made.day}, {made.year}"
    assert f'<time class="date" datetime="{made}" lang="en" dir="ltr">{shown}</time>' in site


def test_pages_are_complete_self_contained_and_rtl(statement: Statement, out: Path) -> None:
    publish(statement, out)
    parser = html5lib.HTMLParser(strict=True)
    for lang in ("en", "ar", "ckb"):
        page = (out / "icssi" / f"{lang}.html").read_text(encoding="utf-8")
        parser.parse(page)
        language = get_language(lang)
        assert f'<html lang="{lang}" dir="{language.direction}">' in page
        assert not re.search(r'(src|href)="(https?:)?//', page), (
            "the page must make no external request"
        )
        assert "<script" not in page
        for native in ("English", "العربية", "کوردیی ناوەندی"):
            assert native in page
        assert '<meta property="og:title"' in page and '<meta name="description"' in page
        assert "@media print" in page
        created = date.fromisoformat(statement.meta.created[:10])
        assert format_date(created, format="long", locale=language.locale) in page
    arabic = (out / "icssi" / "ar.html").read_text(encoding="utf-8")
    assert '<bdi dir="ltr" lang="en">(ICSSI)</bdi>' in arabic
    assert "<title>بيان مبادرة التضامن" in arabic
    assert "تشرين" in arabic  # Iraqi month names (ar_IQ)
    # The copied page's header and photo credit: in English, marked so, their lines kept.
    assert (
        '<p class="source-text" lang="en" dir="ltr">the image is by Mazen Kerbaj<br />\n'
        "the image is by Mazen Kerbaj</p>"
    ) in arabic
    # The menu's own words are the page's language's, as the statement's are.
    assert '<nav class="languages" aria-label="اللغات">' in arabic
    assert 'title="كل اللغات جنبًا إلى جنب">⇆</a>' in arabic
    english = (out / "icssi" / "en.html").read_text(encoding="utf-8")
    assert 'aria-label="Languages"' in english and 'title="All languages side by side"' in english
    index = (out / "icssi" / "index.html").read_text(encoding="utf-8")
    parser.parse(index)
    assert index.count('class="row"') == 5 and 'dir="rtl"' in index
    assert index.count('class="row skipped"') == 3
    assert '<a href="ckb.txt" lang="ckb" dir="rtl">دەق</a>' in index
    assert "<h2>Side by side</h2>" in index  # an English statement's page


def test_the_published_pages_words_are_translated() -> None:
    """Each catalog of the published pages' words translates exactly the words the pages
    use, and gettext accepts it."""
    for lang in ("ar", "ckb", "kmr"):
        path = FOLDER / f"{lang}.po"
        catalog = polib.pofile(str(path))
        assert sorted(e.msgid for e in catalog if e.msgstr) == sorted(WORDS), lang
        assert not [e for e in catalog if "fuzzy" in e.flags or e.obsolete], lang
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
        assert all(reader_word(word, lang) != word for word in WORDS), lang
    assert reader_word("Languages", "fa") == "Languages"  # no catalog: English
    with pytest.raises(KeyError):
        reader_word("Contents", "ar")


CREDIT = "the image is by Mazen Kerbaj"


def test_blocks_not_for_translation_follow_one_rule(statement: Statement, out: Path) -> None:
    publish(statement, out)
    folder = out / "icssi"
    for lang in ("en", "ar", "ckb"):
        page = (folder / f"{lang}.html").read_text(encoding="utf-8")
        assert f'<p class="source-text" lang="en" dir="ltr">{CREDIT}<br />\n{CREDIT}</p>' in page
        assert f"\n{CREDIT}\n{CREDIT}\n" in (folder / f"{lang}.txt").read_text(encoding="utf-8")
        markdown = (folder / f"{lang}.md").read_text(encoding="utf-8")
        assert f"\n{CREDIT}\\\n{CREDIT}\n" in markdown
        assert "Iraqi Civil Society Solidarity Initiative (ICSSI) is dedicated" in markdown
        in_pdf = re.sub("[\u202a-\u202e\u2066-\u2069]", "", pdf_text(folder / f"{lang}.pdf"))
        assert f"{CREDIT} {CREDIT}" in in_pdf
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert (
        index.count('<div class="row skipped"><div class="source-text" lang="en" dir="ltr">') == 3
    )
    assert f"{CREDIT}<br>\n{CREDIT}" in index


def test_blocks_not_for_translation_can_be_left_out(root: Path, seed_path: Path, out: Path) -> None:
    statement = create_statement(
        root,
        seed_path.read_bytes(),
        "statement.txt",
        slug="icssi",
        skip=SEED_SKIP,
        omit_skipped=True,
    )
    approve_seed(statement, "ar", AR)
    assert "omit_skipped = true" in (statement.dir / "statement.toml").read_text(encoding="utf-8")
    publish(statement, out)
    for name in ("en.html", "en.md", "en.txt", "ar.html", "ar.md", "ar.txt", "index.html"):
        text = (out / "icssi" / name).read_text(encoding="utf-8")
        assert "Mazen Kerbaj" not in text and "is dedicated to" not in text, name
        assert not text.startswith("\n"), name
    assert "Mazen Kerbaj" not in pdf_text(out / "icssi" / "ar.pdf")


def test_pdfs_hold_arabic_and_sorani_in_logical_order(statement: Statement, out: Path) -> None:
    report = publish(statement, out)
    assert report.pdf_skipped is None, report.pdf_skipped
    arabic = pdf_text(out / "icssi" / "ar.pdf")
    assert "وندعو إلى وقف فوري لإطلاق النار في قطاع غزة" in arabic
    sorani = pdf_text(out / "icssi" / "ckb.pdf")
    assert "داوای ئاگربەستی دەستبەجێ لە کەرتی غەززە دەکەین" in sorani
    english = pdf_text(out / "icssi" / "en.pdf")
    assert "call for an immediate ceasefire in the Gaza Strip" in english


def test_gate_refuses_a_numbers_error(statement: Statement, out: Path) -> None:
    catalog = statement.catalog("ar")
    entry = next(e for e in catalog if "2.2 million Palestinians" in e.msgid)
    apply_human(entry, entry.msgstr.replace("٢٫٢", "٣٫٢"), "approved", "R", date(2026, 11, 24))
    statement.save_catalog("ar", catalog)
    report = publish(statement, out)
    assert "ar" in report.held and "ar" not in report.published
    assert any("numbers error" in problem for problem in report.held["ar"])


def test_second_publish_rewrites_nothing(statement: Statement, out: Path) -> None:
    first = publish(statement, out)
    assert first.written
    stamps = {p: p.stat().st_mtime_ns for p in (out / "icssi").iterdir() if p.suffix != ".json"}
    second = publish(statement, out)
    assert [p for p in second.written if p.name != "index.html" or p.parent.name == "icssi"] == []
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    catalog = statement.catalog("ckb")
    changed = CKB[0].replace("بەیاننامەی", "ڕاگەیەندراوی")
    apply_human(catalog[0], changed, "approved", "R", date(2026, 11, 24))
    statement.save_catalog("ckb", catalog)
    third = publish(statement, out)
    assert {p.name for p in third.written} >= {
        "ckb.html",
        "ckb.md",
        "ckb.txt",
        "ckb.pdf",
        "index.html",
    }
    assert not {p.name for p in third.written} & {"ar.html", "ar.pdf", "en.pdf"}


def test_native_digits_option(statement: Statement, out: Path, root: Path) -> None:
    assert (
        native_digits("8,000 and 2.2 at https://icssi.org/2023")
        == "٨٬٠٠٠ and ٢٫٢ at https://icssi.org/2023"
    )
    (root / "workflow.toml").write_text('[publish]\nnative_digits = ["ar"]\n', encoding="utf-8")
    catalog = statement.catalog("ar")
    entry = next(e for e in catalog if "2.2 million Palestinians" in e.msgid)
    apply_human(entry, entry.msgstr.replace("٢٫٢", "2.2"), "approved", "R", date(2026, 11, 24))
    statement.save_catalog("ar", catalog)
    publish(statement, out)
    page = (out / "icssi" / "ar.html").read_text(encoding="utf-8")
    assert "<bdi>2.2</bdi>" not in page and "٢٫٢ مليون" in page
    assert "2.2" in statement.catalog("ar")[1].msgstr  # the translator's text is not altered


def test_the_day_published_is_the_project_s_day(
    statement: Statement, out: Path, root: Path
) -> None:
    """A statement made at 22:30 UTC on 4 December was made on 5 December in Baghdad: its
    pages and the site's index say 5 December, in Arabic-Indic digits where the project
    publishes them."""
    (root / "workflow.toml").write_text(
        'timezone = "Asia/Baghdad"\n[publish]\nnative_digits = ["ar"]\n', encoding="utf-8"
    )
    statement.meta.created = "2026-12-04T22:30:00+00:00"
    statement.save_meta()
    publish(statement, out)
    arabic = (out / "icssi" / "ar.html").read_text(encoding="utf-8")
    assert '<p class="date"><time datetime="2026-12-05">٥ كانون الأول ٢٠٢٦</time></p>' in arabic
    english = (out / "icssi" / "en.html").read_text(encoding="utf-8")
    assert '<time datetime="2026-12-05">December 5, 2026</time>' in english
    site = (out / "index.html").read_text(encoding="utf-8")
    assert '<time class="date" datetime="2026-12-05" lang="en" dir="ltr">December 5, 2026' in site


def test_publish_cli_lists_what_holds_a_language_back(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    root: Path,
    seed_path: Path,
    tmp_path: Path,
) -> None:
    cli(
        "new",
        str(seed_path),
        "--slug",
        "icssi",
        *[a for s in SEED_SKIP for a in ("--skip", s)],
        check=True,
    )
    result = cli("publish", "icssi", "--out", str(tmp_path / "pub"))
    assert result.returncode == 1
    assert (
        "published en:" in result.stdout
        and "not published ar: 5 unit(s) hold it back" in result.stdout
    )
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .startswith("statements: error: ar, ckb, kmr not published")
    )


def test_pages_in_the_browser(statement: Statement, out: Path, browser: Browser) -> None:
    publish(statement, out)
    for lang in ("en", "ar", "ckb"):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto((out / "icssi" / f"{lang}.html").as_uri())
        direction = page.evaluate("() => getComputedStyle(document.body).direction")
        assert direction == get_language(lang).direction
        width = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1]
        shot(page, f"published-{lang}")
        page.close()


def test_missing_weasyprint_libraries_are_one_line(
    statement: Statement, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as without Pango
    report = publish(statement, out)
    assert report.pdf_skipped is not None and "\n" not in report.pdf_skipped
    assert report.pdf_skipped.startswith("PDF skipped: WeasyPrint cannot run here")
    names = {p.name for p in (out / "icssi").iterdir()}
    assert "ar.html" in names and "ar.pdf" not in names


def test_one_publish_of_a_statement_at_a_time(
    statement: Statement, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two publishes at once would leave the files of one and the record of the other: a
    second one waits for the first, and says so in one line when it waits too long."""
    from workflow.errors import WorkflowError
    from workflow.fileio import ExclusiveLock
    from workflow.publishing import publish as publishing

    monkeypatch.setattr(publishing, "PUBLISH_WAIT", 0.2)
    with ExclusiveLock(statement.dir / ".publish.lock", 1, "held by the test"):
        with pytest.raises(WorkflowError, match="another publish of this statement"):
            publish(statement, out)
        assert not (out / "icssi").exists()
    assert "ar" in publish(statement, out).published


def test_what_is_published_is_read_while_no_save_or_update_can_land(
    statement: Statement, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save between a language's gate and its texts would be published unchecked, and an
    update between the texts and the source would publish its new English into a
    translation: the gates, texts, fingerprints and source are all read while every
    catalog is locked (a save or an update would wait)."""
    from workflow.catalog.statement import CatalogLock
    from workflow.errors import WorkflowError
    from workflow.publishing import publish as publishing

    seen: list[tuple[str, str]] = []

    def all_locked() -> None:
        for lang in statement.meta.languages:
            lock = CatalogLock(statement.dir / f".{lang}.po.lock", timeout=0.05)
            with pytest.raises(WorkflowError, match="busy"), lock:
                pass

    def watched(owner: object, name: str) -> None:
        real = getattr(owner, name)

        def call(*args: object) -> object:
            all_locked()
            lang = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
            seen.append((name, lang))
            return real(*args)

        monkeypatch.setattr(owner, name, call)

    for name in ("gate_holds", "_texts", "approved_digest"):
        watched(publishing, name)
    for name in ("document", "source_text", "check_consistent"):
        watched(Statement, name)
    report = publish(statement, out)
    assert {"ar", "ckb"} <= set(report.published)
    for lang in ("ar", "ckb"):
        assert [name for name, found in seen if found == lang] == [
            "gate_holds",
            "_texts",
            "approved_digest",
        ]
    assert {"document", "source_text", "check_consistent"} <= {name for name, _ in seen}


def test_a_published_file_changed_since_is_written_again(statement: Statement, out: Path) -> None:
    """The record of a publish says which inputs each file was made from and what it held:
    a file that no longer holds that (changed by hand, or by another program) is made again,
    even though the inputs are the same."""
    publish(statement, out)
    page = out / "icssi" / "ar.md"
    published = page.read_bytes()
    page.write_bytes(published.replace("غزة".encode(), b"XXX", 1))
    assert page.read_bytes() != published
    report = publish(statement, out)
    assert page in report.written and page.read_bytes() == published
    again = publish(statement, out)
    assert page in again.unchanged and not again.written


def test_swapped_catalogs_are_refused_not_published(statement: Statement, out: Path) -> None:
    """Two catalogs swapped (or one copied over another): the Sorani texts would go out as
    the Arabic page. Each catalog's header says which language it holds; publishing and
    building refuse, in one line, and write nothing."""
    from workflow.errors import WorkflowError
    from workflow.publishing.build import build

    ar, ckb = statement.po_path("ar"), statement.po_path("ckb")
    ar_text, ckb_text = ar.read_bytes(), ckb.read_bytes()
    ar.write_bytes(ckb_text)
    ckb.write_bytes(ar_text)
    with pytest.raises(WorkflowError, match=r"ar\.po holds the ckb translation"):
        publish(statement, out)
    with pytest.raises(WorkflowError, match=r"ar\.po holds the ckb translation"):
        build(statement, ["ar"], ["md"], out / "built")
    assert not out.exists()
    ar.write_bytes(ar_text)
    ckb.write_bytes(ckb_text)
    assert {"ar", "ckb"} <= set(publish(statement, out).published)


def test_a_change_to_what_the_files_are_made_from_makes_them_again(
    statement: Statement, out: Path
) -> None:
    """Besides the texts, the published files are made from the statement's title, date,
    format and blocks not for translation: a change to any of them makes them again."""
    publish(statement, out)
    assert not publish(statement, out).written
    statement.meta.title = "A new title"
    statement.save_meta()
    again = publish(statement, out)
    assert out / "icssi" / "ar.html" in again.written
    # Made again, but its head still shows the reviewed title unit (the next test).
    assert "A new title" not in (out / "icssi" / "ar.html").read_text(encoding="utf-8")


def test_a_published_file_gone_is_made_again_whatever_the_record_says(
    statement: Statement, out: Path
) -> None:
    """A record without the digest of a file's bytes (edited, merged, restored) does not
    let a missing file count as unchanged."""
    import json

    publish(statement, out)
    record = out / "icssi" / ".published.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    del data["contents"]
    record.write_text(json.dumps(data), encoding="utf-8")
    (out / "icssi" / "ar.md").unlink()
    report = publish(statement, out)
    assert (out / "icssi" / "ar.md").is_file() and out / "icssi" / "ar.md" in report.written


@pytest.mark.parametrize(
    ("recorded", "lang", "ours", "held"),
    [
        ("ckb", "ar", ["en", "ar", "ckb"], "ckb"),  # swapped
        ("ckb-IQ", "ar", ["en", "ar", "ckb"], "ckb"),
        ("en", "ar", ["en", "ar"], "en"),  # the template copied over it
        ("ckb_IQ", "ckb", ["en", "ar", "ckb"], None),  # the same language, with its region
        ("ku", "kmr", ["en", "ar", "ckb", "kmr"], None),  # Kurmanji as Poedit may name it
        ("", "ar", ["en", "ar"], None),  # no Language in the header
        ("fr", "ar", ["en", "ar"], None),  # not one of the statement's
        ("pt_BR", "pt_BR", ["en", "pt", "pt_BR"], None),  # variants of one language
        ("pt", "pt", ["en", "pt", "pt_BR"], None),
        ("pt_BR", "pt", ["en", "pt", "pt_BR"], "pt_BR"),
        ("pt_PT", "pt_BR", ["en", "pt_BR", "pt_PT"], "pt_PT"),
    ],
)
def test_which_header_says_another_language(
    recorded: str, lang: str, ours: list[str], held: str | None
) -> None:
    from workflow.catalog.statement import _other_language

    assert _other_language(recorded, lang, ours) == held


@pytest.mark.parametrize(
    "damage", [{"files": "x"}, {"files": [1], "contents": 5}, [], {"versions": [1]}]
)
def test_a_damaged_record_of_a_publish_makes_every_file_again(
    statement: Statement, out: Path, damage: object
) -> None:
    import json

    publish(statement, out)
    (out / "icssi" / ".published.json").write_text(json.dumps(damage), encoding="utf-8")
    report = publish(statement, out)
    assert out / "icssi" / "ar.md" in report.written and not report.unchanged
    from workflow.publishing.publish import published_versions

    assert "ar" in published_versions(statement, out)


def test_a_title_edited_in_statement_toml_reaches_no_page(statement: Statement, out: Path) -> None:
    """The pages' titles are the reviewed title unit's texts: the title in statement.toml
    is not reviewed, and a hand edit of it reached every page's head and the index."""
    meta = statement.dir / "statement.toml"
    text = meta.read_text(encoding="utf-8")
    assert 'title = "ICSSI Statement in Solidarity with Palestine"' in text
    meta.write_text(text.replace("ICSSI Statement in", "HACKED TITLE in"), encoding="utf-8")
    publish(Statement.load(statement.root, "icssi"), out)
    for path in sorted(out.rglob("*.html")):
        assert "HACKED" not in path.read_text(encoding="utf-8"), path.name
    page = (out / "icssi" / "ar.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*)</title>", page)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page)
    assert title and heading
    assert title.group(1) == re.sub(r"<[^>]+>", "", heading.group(1)) != ""
    assert "<title>ICSSI Statement in Solidarity with Palestine</title>" in (
        out / "icssi" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_record_without_a_digest_approves_no_text(statement: Statement, out: Path) -> None:
    """``approved: NAME DATE`` with no ``text:`` (hand-written, or copied from another unit)
    vouched for whatever text stood under it, and that text was published."""
    with statement.lock("ar"):
        catalog = statement.catalog("ar")
        entry = next(e for e in catalog if e.msgstr and not e.obsolete)
        entry.msgstr += " وألف آخرين"
        entry.tcomment = "approved: nobody 2026-12-03"
        statement.save_catalog("ar", catalog)
    report = publish(statement, out)
    assert "ar" not in report.published
    assert any("is changed" in line for line in report.held["ar"])
    assert not (out / "icssi" / "ar.html").exists()


def test_publishing_one_language_keeps_the_others_listed(statement: Statement, out: Path) -> None:
    """``--lang ckb`` after a full publish made the menus and the site's list name only
    English and Sorani, while the Arabic files stayed online, linked from nowhere."""
    publish(statement, out)
    report = publish(statement, out, ["ckb"])
    assert set(report.published) == {"en", "ckb"}
    for name in ("en.html", "ckb.html", "index.html"):
        assert 'href="ar.html"' in (out / "icssi" / name).read_text(encoding="utf-8"), name
    assert 'href="icssi/ar.html"' in (out / "index.html").read_text(encoding="utf-8")
    shutil.rmtree(out / "icssi")
    publish(statement, out, ["ckb"])  # never published: not listed
    assert 'href="ar.html"' not in (out / "icssi" / "ckb.html").read_text(encoding="utf-8")


def test_blocks_to_skip_edited_in_statement_toml_hold_publishing_until_an_update(
    statement: Statement, out: Path
) -> None:
    """An approved unit's id added to ``skip`` by hand left it out of every page, with
    nothing said (the statement's status still counted it approved)."""
    from workflow.catalog.statement import update_statement
    from workflow.catalog.unit import unit_id
    from workflow.errors import WorkflowError

    publish(statement, out)
    last = statement.unit_texts()[-1]
    meta = statement.dir / "statement.toml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("skip = [", f'skip = [\n    "{unit_id(last)}",', 1), "utf-8")
    edited = Statement.load(statement.root, "icssi")
    assert edited.needs_update()
    with pytest.raises(WorkflowError, match="blocks not for translation changed"):
        publish(edited, out)
    update_statement(edited)
    assert not Statement.load(statement.root, "icssi").needs_update()
    assert last not in Statement.load(statement.root, "icssi").unit_texts()


def test_a_template_made_before_the_split_was_recorded_is_compared_unit_by_unit(
    statement: Statement, out: Path
) -> None:
    """Every statement made before the template recorded its split: the hand-edited skip
    is seen by comparing the template's units with the split's."""
    from workflow.catalog.unit import unit_id
    from workflow.errors import WorkflowError

    pot = statement.pot_path
    text = pot.read_text(encoding="utf-8")
    header = re.search(r'"X-Split-Digest: [0-9a-f]+\\n"\n', text)
    assert header
    pot.write_text(text.replace(header.group(0), ""), encoding="utf-8")
    assert not Statement.load(statement.root, "icssi").needs_update()
    publish(statement, out)
    meta = statement.dir / "statement.toml"
    last = statement.unit_texts()[-1]
    meta.write_text(
        meta.read_text(encoding="utf-8").replace(
            "skip = [", f'skip = [\n    "{unit_id(last)}",', 1
        ),
        "utf-8",
    )
    with pytest.raises(WorkflowError, match="blocks not for translation changed"):
        publish(Statement.load(statement.root, "icssi"), out)
