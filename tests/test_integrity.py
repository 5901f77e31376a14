"""What is published is what was approved: records bound to their text, foreign entries,
outputs verified, consistent catalogs, findings on save and accepted on purpose."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow.catalog import segment
from workflow.catalog.pofile import catalog_text, read_catalog, write_catalog
from workflow.catalog.state import apply_human, entry_state, record, text_digest
from workflow.catalog.statement import Statement, create_statement, update_statement
from workflow.catalog.status import statement_status
from workflow.errors import WorkflowError
from workflow.publishing import publish as publish_module
from workflow.publishing.build import build
from workflow.publishing.htmlread import html_blocks
from workflow.publishing.mdread import markdown_blocks, markdown_parser
from workflow.publishing.publish import publish
from workflow.publishing.verify import (
    INLINE_SYNTAX,
    OutputMismatch,
    Sentinels,
    compare_blocks,
    expected_text,
    markdown_visible,
    normalized_words,
    parsed_visible,
    pdf_text,
)
from workflow.textrules import INVISIBLE

from .conftest import SEED_SKIP
from .seed_translations import AR, CKB, approve_seed


@pytest.fixture
def statement(root: Path, seed_path: Path) -> Statement:
    statement = create_statement(
        root, seed_path.read_bytes(), "statement.txt", slug="icssi", skip=SEED_SKIP
    )
    approve_seed(statement, "ar", AR)
    approve_seed(statement, "ckb", CKB)
    return statement


def _poedit_edit(path: Path, old: str, new: str) -> None:
    """Change a translation the way a person in a text editor or Poedit would."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_records_carry_the_digest_of_the_text_they_vouch_for(statement: Statement) -> None:
    entry = statement.catalog("ar")[1]
    approved = record(entry, "approved")
    assert approved is not None and approved.digest == text_digest(entry)
    assert approved.who == "Test reviewer" and approved.date == "2026-11-24"
    assert re.search(
        r"^# approved: Test reviewer 2026-11-24 text:[0-9a-f]{12}$",
        statement.po_path("ar").read_text(encoding="utf-8"),
        re.MULTILINE,
    )


def test_an_approved_text_changed_outside_the_tool_is_changed_not_approved(
    statement: Statement, tmp_path: Path
) -> None:
    _poedit_edit(statement.po_path("ar"), "أكثر من ٨٠٠٠", "أكثر من ٨٠٠")
    states = [entry_state(e) for e in statement.catalog("ar") if not e.obsolete]
    assert states.count("changed") == 1 and states.count("approved") == len(states) - 1
    counts = statement_status(statement)["languages"]["ar"]
    assert counts["changed"] == 1 and counts["approved"] == len(states) - 1
    report = publish(statement, tmp_path / "public")
    assert "ar" not in report.published and "ar" in report.held
    assert any("changed" in problem for problem in report.held["ar"])
    assert "ckb" in report.published


def test_a_record_without_digest_vouches_for_no_text_until_saved_again(
    statement: Statement,
) -> None:
    """It may have been written, or copied onto another unit, by hand: its unit is changed
    (not published) until a person saves or approves it, which gives it its digest."""
    path = statement.po_path("ar")
    text = re.sub(r" text:[0-9a-f]{12}$", "", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")
    catalog = statement.catalog("ar")
    assert all(entry_state(e) == "changed" for e in catalog if not e.obsolete and e.msgstr)
    entry = catalog[0]
    apply_human(entry, entry.msgstr, "approved", "Rania", date(2026, 12, 1))
    assert record(entry, "approved") is not None
    assert record(entry, "approved").digest == text_digest(entry)  # type: ignore[union-attr]
    translated = record(entry, "translated")
    assert translated is not None and translated.who == "Test reviewer"
    assert translated.digest == text_digest(entry)
    assert entry_state(entry) == "approved"


def test_changing_the_text_in_the_tool_keeps_records_true(statement: Statement) -> None:
    catalog = statement.catalog("ar")
    entry = catalog[1]
    apply_human(entry, entry.msgstr + " نص", "translated", "Layla", date(2026, 12, 1))
    assert entry_state(entry) == "translated"
    assert record(entry, "approved") is None


def _add_entries(path: Path, block: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n" + block, encoding="utf-8")


TWIN_AND_PLURAL = """msgctxt "twin"
msgid "{msgid}"
msgstr "نص لم يوافق عليه أحد"

msgid "one child"
msgid_plural "{{n}} children"
msgstr[0] "طفل"
msgstr[1] "طفلان"
"""


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def test_a_msgctxt_twin_and_a_plural_entry_are_never_used_nor_lost(
    statement: Statement, tmp_path: Path, cli: Any
) -> None:
    path = statement.po_path("ar")
    unit = statement.unit_texts()[1]
    _add_entries(path, TWIN_AND_PLURAL.format(msgid=_quote(unit)))
    counts = statement_status(statement)["languages"]["ar"]
    assert counts["foreign"] == 2 and counts["approved"] == counts["total"] == 5
    report = publish(statement, tmp_path / "public")
    assert "ar" in report.published
    page = (tmp_path / "public" / "icssi" / "ar.html").read_text(encoding="utf-8")
    assert "لم يوافق عليه أحد" not in page
    assert "أكثر من ٨٠٠٠" in page

    checked = cli("check", "icssi", "--lang", "ar", "--format", "json")
    findings = json.loads(checked.stdout)["results"]
    foreign = [item for item in findings if item["check"] == "foreign"]
    assert len(foreign) == 2
    assert all(re.match(r"ar\.po:\d+: ", item["message"]) for item in foreign)
    assert all(item["severity"] == "warning" for item in foreign)

    reports = update_statement(statement)
    assert reports["ar"].foreign == 2
    catalog = read_catalog(path)
    assert [e.msgctxt for e in catalog if e.msgctxt] == ["twin"]
    assert [e.msgid_plural for e in catalog if e.msgid_plural] == ["{n} children"]
    units = {e.msgid: e for e in catalog if e.msgctxt is None and not e.msgid_plural}
    assert units[unit].msgstr == AR[1]
    assert entry_state(units[unit]) == "approved"


def test_obsolete_previous_msgids_survive_a_read_and_write(tmp_path: Path) -> None:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    gone = polib.POEntry(msgid="New text", msgstr="نص", previous_msgid='Old "text"')
    gone.flags.append("fuzzy")
    gone.obsolete = True
    catalog.append(gone)
    path = tmp_path / "ar.po"
    write_catalog(path, catalog)
    assert '#~| msgid "Old \\"text\\""' in path.read_text(encoding="utf-8")
    again = read_catalog(path)
    assert [e.previous_msgid for e in again] == ['Old "text"']
    assert catalog_text(again) == path.read_text(encoding="utf-8")


def _approve_all(statement: Statement, lang: str, texts: list[str]) -> None:
    catalog = statement.catalog(lang)
    entries = [entry for entry in catalog if not entry.obsolete]
    for entry, text in zip(entries, texts, strict=True):
        apply_human(entry, text, "approved", "Rania", date(2026, 12, 1))
    statement.save_catalog(lang, catalog)


def test_a_translation_ending_in_an_html_comment_hides_nothing(
    statement: Statement, tmp_path: Path
) -> None:
    texts = list(AR)
    texts[1] += " <!--"
    _approve_all(statement, "ar", texts)
    out = tmp_path / "public"
    report = publish(statement, out)
    assert "ar" in report.published
    for name in ("ar.html", "ar.md", "ar.txt"):
        text = (out / "icssi" / name).read_text(encoding="utf-8")
        assert "٨٠٠٠" in text, name
        assert AR[-1][:40] in text, name
    assert "٨٠٠٠" in pdf_text_of(out / "icssi" / "ar.pdf")
    built = build(statement, ["ar"], ["html", "md", "txt"], tmp_path / "build")
    assert all("٨٠٠٠" in path.read_text(encoding="utf-8") for path in built)


def pdf_text_of(path: Path) -> str:
    text = pdf_text(path.read_bytes())
    assert text is not None, "pdftotext is missing: apt-get install poppler-utils"
    return text


@pytest.mark.parametrize("mark", ["\ue003", "\ue002", "نص \ue000 نص"])
def test_private_use_marks_in_a_catalog_are_refused_at_publish(
    statement: Statement, tmp_path: Path, mark: str
) -> None:
    _poedit_edit(statement.po_path("ar"), AR[0], mark)
    # Re-vouch for the edited text so only the character itself is in question.
    catalog = statement.catalog("ar")
    entry = next(e for e in catalog if e.msgstr == mark)
    apply_human(entry, mark, "approved", "Rania", date(2026, 12, 1))
    statement.save_catalog("ar", catalog)
    out = tmp_path / "public"
    with pytest.raises(WorkflowError, match=r"Unit [0-9a-f]{10} \(ar\) contains a private-use"):
        publish(statement, out)
    assert not (out / "icssi" / "ar.html").exists()


BLOCKS = """# A title

First paragraph.

Second paragraph with 8000 people.

- First item.
- Second item.

> A quote.

| Name | Number |
|------|--------|
| Gaza | 2.2 million |
"""
HOSTILE = [
    "# عنوان",
    "<!-- فقرة أولى",
    "فقرة ثانية\n---\nفيها ٨٠٠٠ شخص",
    "1. بند أول\n> اقتباس",
    "بند ثان\n```",
    "اقتباس \\",
    "[x]: https://evil.example",
    "| عدد",
    "غزة ##",
    "٢٫٢ مليون\n===",
]


def test_block_syntax_in_translations_stays_text_in_every_output(
    root: Path, tmp_path: Path
) -> None:
    statement = create_statement(root, BLOCKS.encode(), "blocks.md", slug="blocks")
    assert len(statement.unit_texts()) == len(HOSTILE)
    _approve_all(statement, "ar", HOSTILE)
    out = tmp_path / "build"
    build(statement, ["ar"], ["html", "md", "txt"], out)
    page = (out / "blocks" / "ar.html").read_text(encoding="utf-8")
    main = page[page.index("<main>") : page.index("</main>")]
    assert main.count("<h1>") == 1 and "<h2" not in main and "<pre" not in main
    assert "<hr" not in main and main.count("<table>") == 1 and main.count("<blockquote>") == 1
    assert "&lt;!--" in main and "٨٠٠٠" in main and "evil.example" in main
    markdown = (out / "blocks" / "ar.md").read_text(encoding="utf-8")
    assert "\\<!--" in markdown and "\\---" in markdown and "\\```" in markdown


def test_verification_catches_a_translation_that_breaks_the_structure(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the escaping switched off, the `<!--` swallows what follows: the check must
    refuse, name the unit and write nothing."""
    statement = create_statement(root, BLOCKS.encode(), "blocks.md", slug="blocks")
    _approve_all(statement, "ar", HOSTILE)
    monkeypatch.setattr(segment, "escape_inline", lambda lines: lines)
    out = tmp_path / "build"
    for fmt in ("html", "md", "txt"):
        with pytest.raises(OutputMismatch, match=r"unit [0-9a-f]{10}"):
            build(statement, ["ar"], [fmt], out)
    assert not out.exists()


def test_a_source_edited_by_hand_needs_an_update_before_publishing(
    statement: Statement, tmp_path: Path, cli: Any
) -> None:
    assert not statement.needs_update()
    path = statement.source_path
    path.write_bytes(path.read_bytes().replace(b"8000", b"9000"))
    assert statement.needs_update()
    status = json.loads(cli("status", "--format", "json").stdout)
    assert status["statements"][0]["needs_update"] is True
    assert "statements update icssi" in cli("status").stdout
    with pytest.raises(WorkflowError, match="the source changed after its catalogs were made"):
        publish(statement, tmp_path / "public")
    with pytest.raises(WorkflowError, match="run `statements update icssi`"):
        build(statement, ["ar"], ["md"], tmp_path / "build")
    assert not (tmp_path / "public").exists() and not (tmp_path / "build").exists()
    assert cli("update", "icssi").returncode == 0
    again = Statement.load(statement.root, "icssi")
    assert not again.needs_update()
    assert (
        json.loads(cli("status", "--format", "json").stdout)["statements"][0]["needs_update"]
        is False
    )


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        (
            "# T\n\nRead the [full report][r] and [ICSSI].\n\n"
            "[r]: https://example.org/report\n[ICSSI]: https://icssi.org\n",
            "اقرأ [التقرير الكامل][r] و[ICSSI].",
        ),
        ("# T\n\nContact us at <info@icssi.org>.\n", "راسلونا على <info@icssi.org>."),
        ("# T\n\nSee <HTTPS://icssi.org>.\n", "انظر <HTTPS://icssi.org>."),
        (
            "# T\n\nA paragraph with ![Logo](logo.png) image.\n",
            "فقرة فيها ![الشعار](logo.png) صورة.",
        ),
        ("Introduction\n============\n\nText.\n", "1. مقدمة"),
    ],
)
def test_ordinary_markdown_is_not_a_false_alarm(
    root: Path, tmp_path: Path, source: str, translation: str
) -> None:
    """Reference links, autolinks, images and setext headings render and verify."""
    statement = create_statement(root, source.encode(), "s.md", slug="plain")
    texts = statement.unit_texts()
    _approve_all(statement, "ar", [translation, *(["نص."] * (len(texts) - 1))])
    build(statement, ["en", "ar"], ["html", "md", "txt"], tmp_path / "build")


def test_a_statement_made_before_digests_is_still_checked(
    statement: Statement, tmp_path: Path
) -> None:
    for path in [statement.pot_path, statement.po_path("ar"), statement.po_path("ckb")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'"X-Source-Digest: [0-9a-f]+\\n"\n', "", text), encoding="utf-8")
    assert not statement.needs_update()
    path = statement.source_path
    path.write_bytes(path.read_bytes() + b"\nA new paragraph nobody translated.\n")
    assert statement.needs_update()
    with pytest.raises(WorkflowError, match="statements update icssi"):
        publish(statement, tmp_path / "public")


def test_a_wrapped_obsolete_translation_keeps_its_previous_msgid(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#~| msgid "Old source text"\n#~ msgid "Gone text"\n#~ msgstr ""\n'
        '#~ "wrapped translation part one "\n#~ "part two"\n',
        encoding="utf-8",
    )
    assert [e.previous_msgid for e in read_catalog(path)] == ["Old source text"]


def test_code_spans_in_a_translation_show_their_text_as_written(root: Path, tmp_path: Path) -> None:
    source = b"# Title\n\nUse `<b>` for bold.\n\nThe last paragraph, with 8000.\n"
    statement = create_statement(root, source, "code.md", slug="code")
    # A "<" in a code span is shown as written (no backslash), and one that opens a comment
    # inside a code span hides nothing after it.
    _approve_all(
        statement, "ar", ["عنوان", "استخدم `<b>` و``<!--`` للخط.", "الفقرة الأخيرة، ٨٠٠٠."]
    )
    out = tmp_path / "build"
    build(statement, ["ar"], ["html", "md", "txt"], out)
    page = (out / "code" / "ar.html").read_text(encoding="utf-8")
    assert "<code>&lt;b&gt;</code>" in page and "<code>&lt;!--</code>" in page
    assert "٨٠٠٠" in page
    markdown = (out / "code" / "ar.md").read_text(encoding="utf-8")
    assert "`<b>`" in markdown and "\\<" not in markdown


@pytest.mark.parametrize(
    ("line", "spans"),
    [
        ("a `b` c", [(2, 5)]),
        ("``a ` b`` c", [(0, 9)]),
        ("`open only", []),
        ("\\`not code` `code`", [(10, 13)]),
        ("`a` `` b `` `c", [(0, 3), (4, 11)]),
    ],
)
def test_code_spans_are_found_as_commonmark_reads_them(
    line: str, spans: list[tuple[int, int]]
) -> None:
    assert segment.code_spans(line) == spans


def test_an_image_added_by_a_translation_holds_the_language_back(
    statement: Statement, tmp_path: Path
) -> None:
    texts = list(AR)
    texts[1] += " ![](https://evil.example/pixel.png)"
    _approve_all(statement, "ar", texts)
    report = publish(statement, tmp_path / "public")
    assert "ar" not in report.published
    assert any("markup error" in line for line in report.held["ar"])
    assert not (tmp_path / "public" / "icssi" / "ar.html").exists()


def test_a_line_of_invisible_characters_adds_no_blank_line(
    statement: Statement, tmp_path: Path
) -> None:
    texts = list(AR)
    texts[1] = texts[1] + "\n\u200b\u200f\n" + texts[1]
    _approve_all(statement, "ar", texts)
    out = tmp_path / "build"
    build(statement, ["ar"], ["txt", "md"], out)
    for name in ("ar.txt", "ar.md"):
        text = (out / "icssi" / name).read_text(encoding="utf-8")
        paragraphs = [p for p in text.split("\n\n") if AR[1][:30] in p]
        assert len(paragraphs) == 1, name
        assert all(line.strip("\u200b\u200f ") for line in paragraphs[0].splitlines()), name


def test_the_side_by_side_page_is_read_back_too(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell that would lose its words (here: a renderer that drops digits) is refused,
    naming the page and the unit."""
    _approve_all(statement, "ar", list(AR))
    renditions = {
        "en": publish_module.Rendition("en", {}, []),
        "ar": publish_module._texts(statement, "ar", False),
    }
    assert "index.html" not in publish_module.parallel_html(statement, renditions)
    real = publish_module._page_parser

    def dropping(*args: Any) -> Any:
        parser = real(*args)
        render_inline = parser.renderInline
        monkeypatch.setattr(
            parser,
            "renderInline",
            lambda text, env=None: re.sub(r"[0-9٠-٩]", "", render_inline(text)),
        )
        return parser

    monkeypatch.setattr(publish_module, "_page_parser", dropping)
    with pytest.raises(OutputMismatch, match=r"index\.html would not show unit [0-9a-f]{10}"):
        publish_module.parallel_html(statement, renditions)


def test_a_code_span_across_lines_does_not_let_html_through(root: Path, tmp_path: Path) -> None:
    """The backticks pair across the line break, so the second line's `<img>` is not in a
    code span and must be escaped in the Markdown output too."""
    statement = create_statement(root, b"# Title\n\nA paragraph.\n", "span.md", slug="span")
    _approve_all(statement, "ar", ["عنوان", "نص `\n` <img src=x onerror=alert(1)> `"])
    out = tmp_path / "build"
    build(statement, ["ar"], ["md", "html"], out)
    markdown = (out / "span" / "ar.md").read_text(encoding="utf-8")
    assert "\\<img" in markdown
    page = (out / "span" / "ar.html").read_text(encoding="utf-8")
    assert "<img" not in page


def test_an_image_in_the_source_publishes_with_its_side_by_side_page(
    root: Path, tmp_path: Path
) -> None:
    source = b"# Title\n\nA paragraph with ![Logo](logo.png) image.\n"
    statement = create_statement(root, source, "img.md", slug="img")
    _approve_all(statement, "ar", ["عنوان", "فقرة فيها ![الشعار](logo.png) صورة."])
    report = publish(statement, tmp_path / "public")
    assert "ar" in report.published
    index = (tmp_path / "public" / "img" / "index.html").read_text(encoding="utf-8")
    assert 'alt="الشعار"' in index


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"ab اب1 .,:;-#=+|()'\"\t~^{}$%@/\u200f\xa0\\`*_[]<>&!\n\r\x00", "&amp;", "  \n"]
        )
    ).map("".join)
)
def test_a_text_without_inline_syntax_reads_as_itself(text: str) -> None:
    """The verification takes a unit with none of the characters CommonMark's inline rules
    start at as its own visible text, without parsing it: the parser must agree."""
    assert markdown_visible(text) == parsed_visible(text)
    if INLINE_SYNTAX.search(text) is None:
        assert markdown_visible(text) is text
    plain = INLINE_SYNTAX.sub("", text)
    assert markdown_visible(plain) == plain
    assert " ".join(parsed_visible(plain).split()) == " ".join(plain.split())


@given(st.text(alphabet=st.sampled_from(["a", "ب", " ", "\n", "\u00a0", *sorted(INVISIBLE)])))
def test_a_reader_compares_words_without_invisible_characters(text: str) -> None:
    dropped = dict.fromkeys(map(ord, INVISIBLE))
    assert normalized_words(text) == unicodedata.normalize("NFKC", text).translate(dropped).split()
    assert normalized_words("\ufefb a\u200fb\u200b") == ["\u0644\u0627", "ab"]  # NFKC too


_MARKDOWN_PIECES = [
    *"ab ب1.",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "# ",
    "    ",
    "  \n",
    "\\\n",
    "```\n",
    "~~~ x\n",
    "---\n",
    "***",
    "===\n",
    "| a | b |\n|---|---|\n| c | d |\n",
    "<div>\n",
    "</div>\n",
    "<!--",
    "-->",
    "<b>",
    "&amp;",
    "&#1576;",
    "`c`",
    "**s**",
    "_e_",
    "![alt *e*](u)",
    "[l](http://x 't')",
    "[r]\n\n[r]: http://y\n",
    "<http://a.b>",
    "qzx7xzq",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=40).map("".join))
@example("- a\n  ***\n  b")
@example("- a\n  - b\n- c\n\n  d")
@example("> q\n> r\n\n1. x\n2. y\n\n    code\n")
@example("| a | ![i *x*](u) |\n|---|---|\n| `c` <b> &amp; |  |")
@example("<div>\nraw\n</div>\n\npara  \nnext\\\nlast\n\n```\nf\n```")
def test_markdown_is_read_back_from_its_tokens_as_its_html_shows_it(source: str) -> None:
    """An output in Markdown is read from the parser's tokens, not from its HTML parsed
    again: block for block the words must be the ones the HTML shows."""
    html = html_blocks(markdown_parser().render(source))
    tokens = markdown_blocks(source)
    assert [normalized_words(block) for block in tokens] == [
        normalized_words(block) for block in html
    ]


_SHOWN = ["x", "x y", " x", "x\n", "\u200fx", "", "¶", "x ¶ y", "a", "(x"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["qzx0xzq", "qzx1xzq", "a qzx0xzq", " qzx1xzq", "(qzx0xzq", "a"]),
        min_size=1,
        max_size=3,
    ),
    st.lists(st.sampled_from(_SHOWN), min_size=2, max_size=2),
    st.lists(st.sampled_from([*_SHOWN, "x  y", "a x", "a  x"]), max_size=3),
)
@example(["qzx0xzq", "qzx1xzq"], ["x", "y"], ["x", "z"])
@example(["qzx0xzq"], ["x y"], ["x  y"])
@example(["a qzx0xzq"], [" x", ""], ["a x"])
def test_the_block_for_block_shortcut_agrees_with_the_whole_comparison(
    skeleton: list[str], shown: list[str], blocks: list[str]
) -> None:
    """Outputs shown block for block skip the normalised whole-text comparison: the two
    must give the same verdict."""
    sentinels = Sentinels.for_units(["u0", "u1"])

    def visible(unit: str) -> str:
        return shown[int(unit[1])]

    expected = expected_text(skeleton, sentinels, visible)
    whole = " ¶ ".join(" ".join(normalized_words(block)) for block in blocks) == expected.text
    if expected.shown_by(blocks):
        assert whole
    try:
        compare_blocks(blocks, expected_text(skeleton, sentinels, visible), "ar.md")
    except OutputMismatch:
        assert not whole
    else:
        assert whole
