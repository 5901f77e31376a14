"""Markdown read back as a reader's tool shows it (the check that an output holds exactly
its units), and that reading kept between builds, chunk by chunk.

A build or publish reads every Markdown output back with the same parser that renders it,
which on a 2,000-paragraph statement is a fifth of the build; between two rounds of review
most paragraphs are as they were. An output is cut into *chunks* where a line that begins
with a letter follows an empty line, and the reading of each chunk is kept under a digest of
its text. A chunk read on its own is read as in the whole output when nothing before it is
still open there, and that holds at such a line: a paragraph, table, quote or indented code
ends at the empty line, a list at the letter (it is neither an item nor indented), and
headings and rules are one line. Only a fenced code block or an HTML block can go on
through an empty line and a letter, and then its token runs from one chunk into the next,
which the reading sees: those chunks are read with the whole output and not kept. Link
reference definitions are the output's own (one chunk's link may use another's
definition), so an output with any ``]:`` is read whole.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import derived
from ..catalog.segment import OTHER_BLOCK, atx_title, quick_normalize

if TYPE_CHECKING:  # markdown-it is imported when an output needs the parser
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Where rendered HTML starts a block of its own (the elements html_blocks reads by).
_BLOCK_OPEN = frozenset({"paragraph_open", "heading_open", "list_item_open", "th_open", "td_open"})
_BLOCK_CLOSE = frozenset(
    {"paragraph_close", "heading_close", "list_item_close", "th_close", "td_close"}
)
# How a kept reading says "one block: the chunk's own text without the empty lines after it".
_OWN_TEXT = "own text"


def markdown_parser() -> MarkdownIt:
    """Markdown to HTML with raw HTML dropped (blocks) or escaped (inline)."""
    from markdown_it import MarkdownIt

    parser = quick_normalize(MarkdownIt("commonmark").enable("table"))
    # Rules are bound as methods: the renderer comes first.
    parser.add_render_rule("html_block", lambda renderer, tokens, idx, *rest: "")
    parser.add_render_rule(
        "html_inline", lambda renderer, tokens, idx, *rest: html.escape(tokens[idx].content)
    )
    return parser


@functools.lru_cache(maxsize=1)
def _reader() -> MarkdownIt:
    """One :func:`markdown_parser` for reading outputs back (its parse keeps no state)."""
    return markdown_parser()


def markdown_blocks(source: str) -> list[str]:
    """The blocks of Markdown as its HTML (:func:`markdown_parser`) shows them to
    :func:`~.htmlread.html_blocks`, read from the parser's tokens instead of the HTML.

    The same text block for block (a line break may come back as a space): each
    paragraph, heading, list item, table cell and code block, raw HTML blocks left out
    and inline HTML shown as written, an image by its alternative text. Plain prose
    (:func:`plain_reading`) is read without the parser."""
    if _markup_free(source):  # else some chunk is not plain: parse at once
        readings = [plain_reading(text, markup_free=True) for text in chunks(source)]
        if all(found is not None for found in readings):
            return _joined(readings)
    return parsed_blocks(source)


def parsed_blocks(source: str) -> list[str]:
    """:func:`markdown_blocks` by the parser, whatever the text."""
    return [block for _, block in _blocks(_reader().parse(source))]


def _blocks(tokens: list[Token]) -> list[tuple[int, str]]:
    """:func:`markdown_blocks` of ``tokens``, each block with the first line of the
    outermost block it is in."""
    parser = _reader()
    renderer = parser.renderer
    from markdown_it.renderer import RendererHTML

    assert isinstance(renderer, RendererHTML)
    as_text = renderer.renderInlineAsText
    blocks: list[tuple[int, str]] = []
    buffers: list[list[str]] = [[]]
    top = 0

    def flush() -> None:
        text = "".join(buffers[-1])
        buffers[-1] = []
        if text.strip():
            blocks.append((top, text))

    for token in tokens:
        kind = token.type
        if token.level == 0 and token.map is not None:
            top = token.map[0]
        if token.hidden:  # the paragraphs of a tight list item are the item's own text
            continue
        if kind == "inline":
            out = buffers[-1]
            for child in token.children or ():
                if child.type in ("text", "code_inline", "html_inline", "text_special"):
                    out.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    out.append("\n")
                elif child.type == "image":
                    out.append(as_text(child.children, parser.options, {}))
        elif kind in _BLOCK_OPEN:
            flush()
            buffers.append([])
        elif kind in _BLOCK_CLOSE:
            flush()
            buffers.pop()
        elif kind in ("code_block", "fence"):
            flush()
            buffers[-1].append(token.content)
            flush()
        elif kind != "html_block":  # a rule, a list or quote around: a line break in HTML
            buffers[-1].append("\n")
    flush()
    return blocks


def chunks(text: str) -> list[str]:
    """``text`` cut before every line that begins with a letter and follows an empty line
    (the pieces join to ``text``)."""
    pieces = text.split("\n\n")
    found: list[str] = []
    start = 0
    for number in range(1, len(pieces)):
        if pieces[number][:1].isalpha():
            found.append("\n\n".join(pieces[start:number]) + "\n\n")
            start = number
    found.append("\n\n".join(pieces[start:]))
    return found


def _read(texts: list[str]) -> tuple[list[list[str]], list[bool]]:
    """The blocks of each chunk of ``texts`` read together as one text, and whether each
    was read on its own (no block of the text runs into or out of it)."""
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + text.count("\n"))
    tokens = _reader().parse("".join(texts))
    alone = [True] * len(texts)
    for token in tokens:
        if token.level == 0 and token.map is not None:
            first = bisect.bisect_right(starts, token.map[0]) - 1
            last = bisect.bisect_right(starts, token.map[1] - 1) - 1
            if first != last:
                alone[first : last + 1] = [False] * (last + 1 - first)
    readings: list[list[str]] = [[] for _ in texts]
    for line, block in _blocks(tokens):
        readings[bisect.bisect_right(starts, line) - 1].append(block)
    return readings, alone


# What Markdown reads in a line besides its text: escapes, code, emphasis, links and
# images, raw HTML and autolinks, entities, tables and strikethrough; tabs (indents) and
# NUL (the parser makes it U+FFFD).
_MARKUP = re.compile(r"[\\`*_\[\]<&~|\t\r\x00]")
# Every byte but those: what is left of a text's UTF-8 once these are deleted says whether
# it holds one (three times quicker than the pattern on a whole output).
_NOT_MARKUP = bytes(byte for byte in range(256) if not _MARKUP.match(chr(byte)))


def plain_reading(chunk: str, markup_free: bool = False) -> list[str] | None:
    """The blocks of a :func:`chunks` chunk read without the parser, when it is plain prose
    (None otherwise): each piece between its empty lines one line without markup, an ATX
    heading (``## Title``) or a paragraph. Markdown reads each as its own text (a heading's
    without its marks), and none of them leaves a block open for the next chunk.
    ``markup_free`` says that the chunk was found to hold no :data:`_MARKUP`."""
    blocks = []
    for piece in chunk.rstrip("\n").split("\n\n"):
        if piece.startswith("#"):
            title = atx_title(piece)
            if title is None:
                return None
            piece = piece[title:]
        elif OTHER_BLOCK.match(piece):  # a table's "|" is markup
            return None
        if not piece or "\n" in piece or piece != piece.strip():
            return None
        if not markup_free and _MARKUP.search(piece):
            return None
        blocks.append(piece)
    return blocks


def kept_markdown_blocks(output: str, root: Path, slug: str, name: str) -> list[str]:
    """:func:`markdown_blocks` of ``output``: the chunks of plain prose read without the
    parser (:func:`plain_reading`), the others read before taken from the reading kept
    under ``root`` for ``slug``'s ``name`` (:mod:`workflow.derived`), which is then
    replaced by this output's."""
    if "\r" in output or "]:" in output:  # lines counted otherwise, or link definitions
        derived.forget(root, slug, name)
        return markdown_blocks(output)
    texts = chunks(output)
    free = _markup_free(output)
    readings: list[list[str] | None] = [plain_reading(text, free) for text in texts]
    if all(found is not None for found in readings):
        derived.forget(root, slug, name)
        return _joined(readings)
    # The last chunk is read with the others: a code block or HTML left open in one of
    # them runs into it, which the reading sees. It is never kept: nothing follows it, so
    # nothing shows whether it ends.
    readings[-1] = None
    keys = {
        number: _digest(texts[number])
        for number, found in enumerate(readings[:-1])
        if found is None
    }
    kept = _kept(derived.kept(root, slug, name, _KEY))
    for number, key in keys.items():
        readings[number] = _decoded(kept.get(key), texts[number])
    todo = [number for number, found in enumerate(readings) if found is None]
    alone: list[bool] | None = None  # per chunk: whether its reading is its own
    if len(todo) < len(texts):  # the others read together: each is followed by a letter
        found, together = _read([texts[number] for number in todo])
        if all(together):
            for number, blocks in zip(todo, found, strict=True):
                readings[number] = blocks
            alone = [True] * len(texts)
    if alone is None:  # a block ran across chunks: the whole output
        read, alone = _read(texts)
        readings = list(read)
    value = {
        key: _encoded(reading, texts[number])
        for number, key in keys.items()
        if alone[number] and (reading := readings[number]) is not None
    }
    if value != kept:
        derived.keep(root, slug, name, _KEY, value)
    return _joined(readings)


def _markup_free(text: str) -> bool:
    """Whether ``text`` holds none of :data:`_MARKUP` (by bytes: a third of the pattern's
    time on a whole output)."""
    return not text.encode("utf-8", "surrogatepass").translate(None, _NOT_MARKUP)


def _joined(readings: list[list[str] | None]) -> list[str]:
    return [block for blocks in readings if blocks is not None for block in blocks]


# The kept readings hold no input: they depend on the code alone (markdown-it-py's version).
_KEY = derived.derived_key(derived.CODE, "markdown chunks")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _kept(value: Any) -> dict[str, Any]:
    """The kept readings by chunk digest ({} when missing or damaged)."""
    if not isinstance(value, dict):
        return {}
    for blocks in value.values():
        if not (
            blocks == _OWN_TEXT
            or (isinstance(blocks, list) and all(isinstance(block, str) for block in blocks))
        ):
            return {}
    return value


def _encoded(blocks: list[str], text: str) -> Any:
    return _OWN_TEXT if blocks == [text.rstrip("\n")] else blocks


def _decoded(value: Any, text: str) -> list[str] | None:
    if value is None:
        return None
    return [text.rstrip("\n")] if value == _OWN_TEXT else list(value)
