"""Segmentation of Markdown and plain text, and the byte-identical round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from workflow.catalog import segment
from workflow.catalog.segment import Document, Slot, split
from workflow.errors import WorkflowError

from .conftest import SEED_SKIP

EVERY_BLOCK = """# The title

Intro paragraph with *emphasis*, **strong**, `code` and a [link](https://icssi.org/a?b=1)
that is hard-wrapped
   across three lines.

## A heading

- first item
- second item with
  a lazy continuation
  - nested item

3. third
4. fourth

> A quoted paragraph
> on two lines.
>
> Second quote paragraph.

| Name | Figure |
|------|-------:|
| Gaza | 2.2 million \\| people |

Line with a hard break  
after two spaces and a backslash\\
break.

```
code block stays as is
```

<!-- notranslate -->
Photo: Mazen Kerbaj

***

Setext heading
--------------

Last paragraph without final newline"""


def identity(document: Document) -> str:
    return document.render(lambda slot: slot.text)


def kinds(document: Document) -> list[tuple[str, str]]:
    return [(slot.kind, slot.text) for slot in document.slots() if not slot.skipped]


def test_every_markdown_block_kind() -> None:
    document = split(EVERY_BLOCK, "md")
    found = kinds(document)
    assert found[0] == ("title", "The title")
    assert (
        "paragraph",
        "Intro paragraph with *emphasis*, **strong**, `code` and a [link](https://icssi.org/a?b=1) "
        "that is hard-wrapped across three lines.",
    ) in found
    assert ("heading", "A heading") in found
    assert ("list-item", "first item") in found
    assert ("list-item", "second item with a lazy continuation") in found
    assert ("list-item", "nested item") in found
    assert ("list-item", "third") in found
    assert ("quote", "A quoted paragraph on two lines.") in found
    assert ("quote", "Second quote paragraph.") in found
    assert ("table-cell", "Name") in found
    assert ("table-cell", "2.2 million \\| people") in found
    assert (
        "paragraph",
        "Line with a hard break\nafter two spaces and a backslash\nbreak.",
    ) in found
    assert ("heading", "Setext heading") in found
    assert ("paragraph", "Last paragraph without final newline") in found
    texts = [text for _, text in found]
    assert "code block stays as is" not in " ".join(texts)
    assert "Photo: Mazen Kerbaj" not in texts
    skipped = [slot.text for slot in document.slots() if slot.skipped]
    assert skipped == ["Photo: Mazen Kerbaj"]


def test_markdown_identity_is_byte_identical() -> None:
    assert identity(split(EVERY_BLOCK, "md")) == EVERY_BLOCK
    crlf = EVERY_BLOCK.replace("\n", "\r\n") + "\r\n"
    assert identity(split(crlf, "md")) == crlf
    bom = "\ufeff" + EVERY_BLOCK + "\n"
    assert identity(split(bom, "md")) == bom


def test_seed_identity_is_byte_identical(seed_path: Path) -> None:
    text = seed_path.read_bytes().decode("utf-8")
    document = split(text, "txt", SEED_SKIP)
    assert identity(document) == text
    assert document.render(lambda slot: None) == text == document.source()
    assert document.title() == "ICSSI Statement in Solidarity with Palestine"
    units = document.units()
    assert len(units) == 5
    assert all("Mazen Kerbaj" not in unit.text for unit in units)
    assert units[2].text.endswith("central areas of the Strip.")


def test_translation_replaces_only_its_unit_and_keeps_structure() -> None:
    document = split(EVERY_BLOCK, "md")
    translated = document.render(lambda slot: f"«{slot.text.upper()}»")
    assert translated.startswith("# «THE TITLE»\n\n")
    assert (
        "- «FIRST ITEM»\n- «SECOND ITEM WITH A LAZY CONTINUATION»\n  - «NESTED ITEM»" in translated
    )
    assert "3. «THIRD»\n4. «FOURTH»" in translated
    assert "> «A QUOTED PARAGRAPH ON TWO LINES.»\n>\n> «SECOND QUOTE PARAGRAPH.»" in translated
    assert "| «GAZA» | «2.2 MILLION \\| PEOPLE» |" in translated
    assert "```\ncode block stays as is\n```" in translated
    assert "Photo: Mazen Kerbaj" in translated
    assert translated.endswith("«LAST PARAGRAPH WITHOUT FINAL NEWLINE»")


def test_translated_line_breaks_keep_the_container() -> None:
    document = split("> one\n> two\n\n- item\n", "md")
    out = document.render(lambda slot: "سطر أول\nسطر ثان")
    assert out == "> سطر أول  \n> سطر ثان\n\n- سطر أول  \n  سطر ثان\n"


def test_translation_cannot_turn_a_paragraph_into_a_heading() -> None:
    document = split("Paragraph.\n", "md")
    assert document.render(lambda slot: "# not a heading") == "\\# not a heading\n"


def test_plain_text_blocks() -> None:
    text = "Title line\n\nA paragraph\nwrapped by hand.\n\n- one\n- two\n\n> quoted\n> text\n\nEnd."
    document = split(text, "txt")
    assert kinds(document) == [
        ("title", "Title line"),
        ("paragraph", "A paragraph wrapped by hand."),
        ("list-item", "one"),
        ("list-item", "two"),
        ("quote", "quoted text"),
        ("paragraph", "End."),
    ]
    assert identity(document) == text


def test_identical_paragraphs_are_one_unit_with_several_lines() -> None:
    document = split("Same.\n\nOther.\n\nSame.\n", "txt")
    units = document.units()
    assert [(unit.text, unit.lines) for unit in units] == [("Same.", [1, 5]), ("Other.", [3])]


def test_skip_by_text_or_id() -> None:
    document = split("Header\n\nBody text.\n", "txt")
    body_id = next(slot.id for slot in document.slots() if slot.text == "Body text.")
    assert [u.text for u in split("Header\n\nBody text.\n", "txt", ["Header"]).units()] == [
        "Body text."
    ]
    assert [u.text for u in split("Header\n\nBody text.\n", "txt", [body_id]).units()] == ["Header"]


def test_unusual_line_separators_stay_inside_units() -> None:
    text = "One\u2028line\u0085with separators.\n\nNext.\n"
    document = split(text, "txt")
    assert [u.text for u in document.units()] == ["One\u2028line\u0085with separators.", "Next."]
    assert identity(document) == text


@pytest.mark.parametrize("text", ["", "   \n\n", "<!-- notranslate -->\nonly this\n"])
def test_no_text_is_an_error(text: str) -> None:
    with pytest.raises(WorkflowError):
        split(text, "md")


def test_unit_ids_are_stable() -> None:
    slot = Slot("Same text", "Same text", "paragraph", 1)
    assert slot.id == split("Same text\n", "txt").units()[0].id
    assert len(slot.id) == 10


_words = st.text(
    alphabet=st.sampled_from([*"abcdefghij ABC,.;:!?-'0123456789", "ع", "ڕ", "ê", "\u00a0"]),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())


@st.composite
def markdown_documents(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["p", "h", "ul", "ol", "quote", "code", "wrapped"]))
        words = draw(_words).strip()
        if kind == "p":
            blocks.append(words)
        elif kind == "h":
            blocks.append("#" * draw(st.integers(1, 3)) + " " + words)
        elif kind == "ul":
            blocks.append(
                "\n".join(f"- {draw(_words).strip()}" for _ in range(draw(st.integers(1, 3))))
            )
        elif kind == "ol":
            blocks.append(
                "\n".join(
                    f"{i + 1}. {draw(_words).strip()}" for i in range(draw(st.integers(1, 3)))
                )
            )
        elif kind == "quote":
            blocks.append("> " + words + "\n> " + draw(_words).strip())
        elif kind == "code":
            blocks.append("```\n" + words + "\n```")
        else:
            blocks.append(words + "\n" + draw(_words).strip() + "  \n" + draw(_words).strip())
    separator = draw(st.sampled_from(["\n\n", "\r\n\r\n", "\n\n\n"]))
    ending = draw(st.sampled_from(["", "\n", "\r\n", "  \n"]))
    return separator.join(blocks) + ending


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_documents())
def test_property_markdown_identity(text: str) -> None:
    try:
        document = split(text, "md")
    except WorkflowError:
        return
    assert identity(document) == text
    assert document.render(lambda slot: None) == text == document.source()


@settings(max_examples=150, deadline=None)
@given(st.lists(_words, min_size=1, max_size=6), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_property_text_identity(paragraphs: list[str], eol: str, final: bool) -> None:
    text = (eol + eol).join(paragraphs) + (eol if final else "")
    document = split(text, "txt")
    assert identity(document) == text


def _lines_by_matching(text: str) -> tuple[list[str], list[int], list[str]]:
    """The lines of ``text`` as the splitter once found them, one match per line."""
    contents: list[str] = []
    starts: list[int] = []
    eols: list[str] = []
    for match in re.finditer(r"([^\r\n]*)(\r\n|\r|\n|$)", text):
        if match.start() == len(text) and not match.group(0) and contents:
            break
        contents.append(match.group(1))
        starts.append(match.start())
        eols.append(match.group(2))
    return contents, starts, eols


@given(
    st.lists(st.sampled_from(["a", "ب", " ", "\n", "\r", "\r\n", "\u2028", "\x85"])).map("".join)
)
@example("")
@example("a\r\n\r\nb\n")
def test_lines_are_found_as_a_file_in_text_mode_finds_them(text: str) -> None:
    source = segment._Text(text)
    assert (source.contents, source.starts, source.eols) == _lines_by_matching(text)
    for line, content in enumerate(source.contents):
        assert text[source.to_original(line, 0) :].startswith(content)
        assert source.normalized[source.norm_starts[line] :].startswith(content)


@given(
    st.lists(st.sampled_from(["a", "# h", "- i", "\n", "\r", "\r\n", "\x00", "`c`", " "])).map(
        "".join
    )
)
@example("a\r\nb\x00\r\r")
def test_the_quick_normalize_rule_gives_the_parsers_tokens(text: str) -> None:
    plain = MarkdownIt("commonmark").enable("table")
    quick = segment.quick_normalize(MarkdownIt("commonmark").enable("table"))
    assert quick.render(text) == plain.render(text)
    assert [token.as_dict() for token in quick.parse(text)] == [
        token.as_dict() for token in plain.parse(text)
    ]


# Lines of every kind the plain reading must take or leave to the parser.
_LINES = [
    "Word one, 2.2 million.",
    "نص عربي ١٧.",
    "Word *emphasis* and [a link](u) and `code` and <b>x</b> and &amp;.",
    "Word\\",
    "# Title",
    "## Heading",
    "###### Six",
    "####### seven",
    "# Closed #",
    "#tag",
    "#",
    "##  two spaces",
    "- item",
    "* item",
    "+ item",
    "1. item",
    "12) item",
    "1.\titem",
    "12)\titem",
    "2.2 million",
    "> quote",
    "    code",
    "\tcode",
    " lead",
    "trail ",
    "trail  ",
    "a | b",
    "<div>",
    "<!-- notranslate -->",
    "[r]: https://example.org",
    "```",
    "~~~",
    "===",
    "---",
    "___",
    "\u00a0nbsp",
    "",
    " ",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_LINES[:7] * 4 + _LINES), min_size=1, max_size=8),
    st.lists(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n", "\n \n"]), min_size=8, max_size=8),
    st.sampled_from(["", "\n", "\n\n", "\r\n", "\x00"]),
)
@example(["Word one.", "## Heading", "Word two."], ["\n\n"] * 8, "\n")
@example(["Word one.", "2.2 million"], ["\n\n"] * 8, "")
@example(["# Closed #"], ["\n\n"] * 8, "\n")
@example(["Word.", "##  two spaces"], ["\n\n"] * 8, "\n")
@example(["####### seven", "#tag", "#"], ["\n\n"] * 8, "")
@example(["Word.", "    code", "Word."], ["\n\n"] * 8, "")
@example(["1.\tfoo"], ["\n\n"] * 8, "")
@example(["Hello", "12.\tfoo"], ["\n\n"] * 8, "\n")
def test_plain_prose_is_split_as_the_parser_splits_it(
    lines: list[str], separators: list[str], ending: str
) -> None:
    """A source split without the parser (one line per block: a paragraph or an ATX
    heading) gives the same document as the parser's split, whatever the source."""
    pairs = zip(separators, lines[1:], strict=False)
    text = lines[0] + "".join(separator + line for separator, line in pairs) + ending
    try:
        found = split(text, "md")
    except WorkflowError:
        return
    plain = segment._plain_spans
    segment._plain_spans = lambda source: None
    try:
        assert split(text, "md") == found
    finally:
        segment._plain_spans = plain


def test_a_plain_source_is_split_without_the_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs and headings one empty line apart need no parser; anything else does."""
    text = "# Title\n\nWord *one*, 2.2 million.\n\n## Section\n\nنص عربي.\n"

    def refused() -> None:
        raise AssertionError("the parser was asked")

    monkeypatch.setattr(segment, "_block_parser", refused)
    document = split(text, "md")
    assert [(slot.kind, slot.text) for slot in document.slots()] == [
        ("title", "Title"),
        ("paragraph", "Word *one*, 2.2 million."),
        ("heading", "Section"),
        ("paragraph", "نص عربي."),
    ]
    assert document.source() == text
    with pytest.raises(AssertionError, match="parser was asked"):
        split(text + "\n- a list\n", "md")
