"""A Markdown output's reading kept chunk by chunk is the reading of the whole output."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workflow import derived
from workflow.publishing import mdread
from workflow.publishing.mdread import (
    chunks,
    kept_markdown_blocks,
    markdown_blocks,
    parsed_blocks,
    plain_reading,
)

from .test_integrity import _MARKDOWN_PIECES

# Pieces that make chunks (a letter after an empty line) and that can run across them.
_PIECES = [
    *_MARKDOWN_PIECES,
    "\n\nWord",
    "\n\nنص",
    "\n\n\nWord ",
    "\n\n```\n",
    "\n\n~~~\n",
    "\n\n<pre>\n",
    "</pre>\n",
    "\n\n<!--\n",
    "\n\n<div>\n",
    "\n\n    code\n",
    "\n\n\tcode\n",
    "\n\n- item\n",
    "\n\n  more\n",
    "\n\n> quote\n",
    "| x |\n",
    "\n\nWord\n===\n",
    "\n\nWord\n---\n",
    "\n\nWord | w\n--- | ---\n",
    "  ",
    "\t",
    "\n\n## Heading",
    "\n\n# Title #",
    "\n\n####### seven",
    "#tag",
    "\n\n2.2 million",
    "\n\n1. item",
    "\n\n12) item",
    " &amp; ",
    "\u00a0",
    "!",
    "\\",
    "\n\nWord  \n",
]
_documents = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)
_counter = itertools.count()


def _kept_reading(root: Path, text: str, name: str) -> list[str]:
    return kept_markdown_blocks(text, root, "s", name)


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the reader's parser is asked to parse from now on."""
    parsed: list[str] = []
    parser = mdread._reader()
    real = parser.parse

    def counted(text: str, env: object = None) -> object:
        parsed.append(text)
        return real(text, env)  # type: ignore[arg-type]

    monkeypatch.setattr(parser, "parse", counted)
    return parsed


@settings(max_examples=400, deadline=None)
@given(_documents, _documents)
@example("```\ncode\n\nWord\n```\n\nWord", "Word\n```\n\nWord")
@example("<pre>\n\nWord\n</pre>\n\nWord", "")
@example("- a\n\nWord\n\n- b\n\n  c\n\nWord", "- a\n\nWord")
@example("<!--\n\nWord -->\n\nWord", "Word -->\n\nWord")
@example("    code\n\nWord\n\n    more", "")
@example("Word\n\n\tcode\n\nWord", "- a\n\n\tcode\n\nWord")
@example("Word\n\n1. b\n\nWord", "1. a\n\n1. b\n\nWord")
@example("Word\n\n```\ncode\n\nWord", "Word\n\n## Heading\n\nWord")
@example("<!--\n\nWord\n\nWord", "Word\n\n2.2 million\n\nWord")
def test_a_kept_reading_is_the_reading_of_the_whole(
    tmp_path_factory: pytest.TempPathFactory, first: str, second: str
) -> None:
    """Whatever two outputs follow each other (the second taking what the first kept, then
    the first again taking what the second kept), each reads as when read whole."""
    root = tmp_path_factory.getbasetemp() / "mdread"
    name = f"chunks-{next(_counter)}"
    assert "".join(chunks(first)) == first
    for text in (first, second, first, first):
        assert _kept_reading(root, text, name) == parsed_blocks(text)
    assert markdown_blocks(first) == parsed_blocks(first)


def test_a_chunk_read_before_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the chunks not read before (and the last, which nothing follows) are parsed."""
    paragraphs = [f"Paragraph {number} with *emphasis* and [a link](u)." for number in range(50)]
    output = "# Title\n\n" + "\n\n".join(paragraphs) + "\n"
    assert _kept_reading(tmp_path, output, "chunks-ar.md") == parsed_blocks(output)
    edited = output.replace("Paragraph 7 ", "Paragraph seven ")
    whole = parsed_blocks(edited)
    parsed = _count_parses(monkeypatch)
    assert _kept_reading(tmp_path, edited, "chunks-ar.md") == whole
    seven = "Paragraph seven with *emphasis* and [a link](u).\n\n"
    assert parsed == [seven + paragraphs[-1] + "\n"]


# Mostly prose, so that many chunks are plain; any character Markdown reads now and then.
_LINE = st.text(
    st.sampled_from([*"aaaaبببzz     1199..", *"#-*_>[]()&<`~|=+:!\\\t\u00a0\n"]), max_size=14
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=4).map("\n\n".join), st.sampled_from(["", "\n\n"]))
@example("Word\n\n## Heading", "\n\n")
@example("Word\n\n2.2 million", "")
@example("Word\n\n1. item", "")
@example("Word \u00a0", "")
@example("Word\n\n> quote", "")
@example("Word\n\n- item", "")
@example("Word\n\n+ item", "")
@example("Word\n\n1) item", "")
@example("Word\n\n=== rule", "")
@example("Word\n\n___", "")
@example("Word\n\n#### ", "")
def test_a_plain_chunk_reads_as_the_parser_reads_it(text: str, end: str) -> None:
    """Whatever :func:`plain_reading` reads without the parser, the parser reads the same."""
    chunk = "Word " + text + end
    found = plain_reading(chunk)
    assert found is None or found == parsed_blocks(chunk)
    assert markdown_blocks(chunk) == parsed_blocks(chunk)


def test_plain_prose_is_read_without_the_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output of plain paragraphs and headings needs no parser (markdown-it is not even
    imported), and keeps nothing; one chunk with markup is read with the last one."""
    output = "# Title\n\n" + "\n\n".join(f"Paragraph {n}, 2.2 million." for n in range(9))
    output += "\n\n## Section 2\n\nنص عربي 17.\n"
    whole = parsed_blocks(output)

    def refused() -> None:
        raise AssertionError("the parser was asked")

    monkeypatch.setattr(mdread, "_reader", refused)
    assert _kept_reading(tmp_path, output, "chunks-ar.md") == whole
    assert not (tmp_path / derived.CACHE_DIR / "s" / "chunks-ar.md.json").exists()
    monkeypatch.undo()
    edited = output.replace("Paragraph 4,", "Paragraph *four*,")
    whole = parsed_blocks(edited)
    parsed = _count_parses(monkeypatch)
    assert _kept_reading(tmp_path, edited, "chunks-ar.md") == whole
    assert parsed == ["Paragraph *four*, 2.2 million.\n\n" + "نص عربي 17.\n"]


def test_a_command_that_reads_plain_prose_back_does_not_import_markdown_it(
    tmp_path: Path,
) -> None:
    """The import alone is a tenth of a build: a build whose output is plain prose does
    not pay it (nor does any module imported by the command line)."""
    import subprocess
    import sys

    script = (
        "import sys, pathlib\n"
        "import workflow.cli, workflow.publishing.build, workflow.publishing.publish\n"
        "from workflow.publishing.mdread import kept_markdown_blocks\n"
        f"text = 'Word one.\\n\\n## Two\\n\\nWord three.\\n\\n' * {derived.KEEP_FROM}\n"
        f"kept_markdown_blocks(text, pathlib.Path({str(tmp_path)!r}), 's', 'n')\n"
        "print(any(name.startswith('markdown_it') for name in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "False"


@pytest.mark.parametrize(
    "damage",
    [
        '{"key": ',
        json.dumps({"key": "KEY", "value": {"CHUNK": 1}}),
        json.dumps({"key": "KEY", "value": ["own text"]}),
        json.dumps({"key": "KEY", "value": {"CHUNK": [1]}}),
    ],
)
def test_a_damaged_kept_reading_is_read_again(tmp_path: Path, damage: str) -> None:
    """Damage under a real chunk's digest: trusted, it would give other blocks or fail."""
    output = "Word *one*.\n\nWord *two*.\n\nWord *three*.\n"
    damage = damage.replace("CHUNK", mdread._digest(chunks(output)[0]))
    _kept_reading(tmp_path, output, "chunks-ar.md")
    path = tmp_path / derived.CACHE_DIR / "s" / "chunks-ar.md.json"
    assert path.is_file()
    path.write_text(damage.replace("KEY", mdread._KEY), encoding="utf-8")
    assert _kept_reading(tmp_path, output, "chunks-ar.md") == parsed_blocks(output)


def test_link_definitions_are_read_with_the_whole_output(tmp_path: Path) -> None:
    """A link in one chunk may use a definition in another: such an output is read whole
    (and keeps nothing)."""
    output = "Word [a][r].\n\nWord.\n\n[r]: https://example.org\n"
    assert _kept_reading(tmp_path, output, "chunks-ar.md") == parsed_blocks(output)
    assert "a" in parsed_blocks(output)[0] and "[r]" not in parsed_blocks(output)[0]
    assert not (tmp_path / derived.CACHE_DIR / "s" / "chunks-ar.md.json").exists()
