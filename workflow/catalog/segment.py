"""Split a statement (Markdown or plain text) into units and put it back together.

A :class:`Document` is the source cut into literal text (markup, blank lines, list markers,
line endings) and :class:`Slot` s, the exact characters of each unit. Rendering a document
with every unit left as its source gives the source back byte for byte; a translated unit
replaces only its own characters, so the structure of the document is kept.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import WorkflowError
from ..i18n import N_
from ..textrules import INVISIBLE
from .unit import Unit, unit_id

if TYPE_CHECKING:  # markdown-it is imported where a source is split, not by every command
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

FORMATS = ("md", "txt")

NOTRANSLATE = re.compile(r"^<!--\s*notranslate\s*-->\s*$", re.IGNORECASE)
NOTRANSLATE_START = re.compile(r"^<!--\s*notranslate:start\s*-->\s*$", re.IGNORECASE)
NOTRANSLATE_END = re.compile(r"^<!--\s*notranslate:end\s*-->\s*$", re.IGNORECASE)

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")
_TEXT_BULLET = re.compile(r"^([ \t]*(?:[-*+\u2022]|\d{1,9}[.)])[ \t]+)(\S.*)$")
_TEXT_QUOTE = re.compile(r"^([ \t]*>[ \t]?)(.*)$")
_HEADING_END = re.compile(r"[.!?:;,\u2026\u060c\u061b\u061f\u06d4\"'\u201d\u00bb)]$")
_BLOCK_START = re.compile(
    r"^(#{1,6}(\s|$)|[-+*](\s|$)|\d{1,9}[.)](\s|$)|>|=+\s*$|```|~~~|\||\[[^\]\n]{0,999}\]:)"
)
_ORDERED = re.compile(r"^(\d{1,9})[.)](?:\s|$)")
_RULE_CHARS = frozenset("-:|*_ \t=")
# "<" that could open raw HTML; CommonMark autolinks (<scheme:…>, <name@host>) are not HTML.
_HTML_START = re.compile(
    r"<(?=[A-Za-z/!?])(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[\w.!#$%&'*+/=?^`{|}~-]+@[\w.-]+>)"
)
_PIPE = re.compile(r"(?<!\\)\|")
_BACKTICKS = re.compile(r"`+")


@dataclass
class Slot:
    """The place of one unit in the document."""

    raw: str
    text: str
    kind: str
    line: int
    cont: str = ""
    hard_break: str = "  "
    skipped: bool = False

    @property
    def id(self) -> str:
        """The id of the unit this slot holds."""
        return unit_id(self.text)


@dataclass
class Document:
    """A statement cut into literal parts and unit slots."""

    fmt: str
    parts: list[str | Slot]
    eol: str = "\n"

    def to_json(self, source: str) -> dict[str, Any]:
        """The document split from ``source`` as JSON values (:meth:`from_json` makes it
        again from the same source): each part's characters by their place in the source,
        a slot's text left out where it is its raw characters, as most are."""
        parts: list[Any] = []
        offset = 0
        for part in self.parts:
            raw = part if isinstance(part, str) else part.raw
            where: Any = [offset, offset + len(raw)] if source.startswith(raw, offset) else raw
            offset += len(raw)
            if isinstance(part, str):
                parts.append(where)
                continue
            text = None if part.text == part.raw else part.text
            parts.append(
                [where, text, part.kind, part.line, part.cont, part.hard_break, part.skipped]
            )
        return {"fmt": self.fmt, "eol": self.eol, "parts": parts}

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str) -> Document:
        """The document :meth:`to_json` gave for ``source``."""

        parts: list[str | Slot] = []
        append = parts.append
        for part in data["parts"]:  # a 2,000-paragraph statement has 4,000 parts: no calls
            if isinstance(part, str):
                append(part)
            elif len(part) == 2:
                append(source[part[0] : part[1]])
            else:
                where, text, kind, line, cont, hard_break, skipped = part
                raw = where if isinstance(where, str) else source[where[0] : where[1]]
                append(
                    Slot(raw, raw if text is None else text, kind, line, cont, hard_break, skipped)
                )
        return cls(data["fmt"], parts, data["eol"])

    def slots(self) -> Iterator[Slot]:
        """Every slot in document order, skipped ones included."""
        for part in self.parts:
            if isinstance(part, Slot):
                yield part

    def units(self) -> list[Unit]:
        """The translatable units in order of first occurrence, duplicates merged."""
        seen: dict[str, Unit] = {}
        for slot in self.slots():
            if slot.skipped:
                continue
            unit = seen.get(slot.text)
            if unit is None:
                seen[slot.text] = Unit(slot.text, slot.kind, [slot.line])
            else:
                unit.lines.append(slot.line)
        return list(seen.values())

    def title(self) -> str | None:
        """The text of the title unit, if the statement has one."""
        for slot in self.slots():
            if slot.kind == "title" and not slot.skipped:
                return slot.text
        return None

    def source(self) -> str:
        """The text the document was split from (:meth:`render` with no translation)."""
        return "".join(part if isinstance(part, str) else part.raw for part in self.parts)

    def render(
        self,
        text_for: Callable[[Slot], str | None],
        keep: Callable[[str], str] | None = None,
    ) -> str:
        """Reassemble the document; ``text_for`` gives a slot's translation or None.

        Blocks not for translation are kept as written, passed through ``keep`` if given.
        """
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            if part.skipped and keep is not None:
                out.append(keep(part.raw))
                continue
            text = None if part.skipped else text_for(part)
            if text is None or text == part.text:
                out.append(part.raw)
            else:
                out.append(self._place(part, text))
        return "".join(out)

    def _place(self, slot: Slot, text: str) -> str:
        lines = [
            line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ]
        # A line of nothing but invisible characters (U+200B...) would read as a blank line:
        # a paragraph break the source does not have.
        lines = [line for line in lines if _visible(line)] or [""]
        if self.fmt == "txt":
            return (self.eol + slot.cont).join(lines)
        lines = escape_inline(lines)
        if slot.kind in ("title", "heading", "table-cell"):
            # A setext heading's text is a line of its own: "1. " there would start a list.
            joined = escape_block_start(" ".join(lines))
            if slot.kind == "table-cell":
                return _PIPE.sub(r"\\|", joined)
            # A closing run of # would be read as the end of the heading, not as text.
            return joined[:-1] + "\\#" if joined.endswith("#") else joined
        lines = [escape_block_start(line) for line in lines]
        return (slot.hard_break + self.eol + slot.cont).join(lines)


def escape_block_start(line: str) -> str:
    """Keep a translated line from starting a block of its own: a heading, list item,
    quote, fence, table row, thematic break, setext underline or link definition."""
    ordered = _ORDERED.match(line)
    if ordered:
        # A backslash escapes punctuation only: "1\." is text, "\1." would show the "\".
        return line[: ordered.end(1)] + "\\" + line[ordered.end(1) :]
    if _BLOCK_START.match(line) or (set(line) <= _RULE_CHARS and line.strip()):
        return "\\" + line
    return line


def _visible(line: str) -> bool:
    """Whether a line shows anything: a character that is neither space nor invisible."""
    return any(not char.isspace() and char not in INVISIBLE for char in line)


def code_spans(line: str) -> list[tuple[int, int]]:
    """Where the code spans of a text are (a run of backticks up to the next run of the
    same length), found in one pass; text in them is shown as written, "<" included."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    later: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        later.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        while same and same[-1] <= index:
            same.pop()
        escaped = start > 0 and line[start - 1] == "\\"
        if same and not escaped:
            closing = same.pop()
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def escape_inline(lines: list[str]) -> list[str]:
    """Keep the lines of one translated block inside their own paragraph: no raw HTML (an
    unclosed ``<!--`` would hide everything after it; code spans show "<" as written and are
    left alone), no trailing backslash (a hard break).

    Code spans are found in the lines joined, as CommonMark finds them: a span may run from
    one line into the next, and a backtick paired across lines is not a span on its own."""
    text = "\n".join(lines)
    spans = code_spans(text) if "`" in text else []
    parts, last = [], 0
    for start, end in spans:
        parts.append(_HTML_START.sub(_escape_unescaped, text[last:start]))
        parts.append(text[start:end])
        last = end
    parts.append(_HTML_START.sub(_escape_unescaped, text[last:]))
    escaped = "".join(parts).split("\n")
    return [
        line + "\\"
        if line.endswith("\\") and (len(line) - len(line.rstrip("\\"))) % 2 == 1
        else line
        for line in escaped
    ]


def _escape_unescaped(match: re.Match[str]) -> str:
    text, before = match.string, match.start() - 1
    while before >= 0 and text[before] == "\\":
        before -= 1
    return "<" if (match.start() - 1 - before) % 2 else "\\<"


def fold(lines: Iterable[str]) -> str:
    """Fold hard-wrapped lines into one: whitespace around each line break becomes one space."""
    return " ".join(piece for piece in (line.strip() for line in lines) if piece)


class _Text:
    """The source split into lines, with maps between the parser's view and the original."""

    def __init__(self, text: str) -> None:
        self.original = text
        # Line breaks as a file opened in text mode finds them (not str.splitlines, which
        # also breaks at U+2028 and the like): contents and breaks alternate.
        if "\r" in text:
            pieces = _LINE_BREAK.split(text)
            self.contents: list[str] = pieces[0::2]
            self.eols: list[str] = [*pieces[1::2], ""]
        else:  # str.split is a hundred times quicker than a pattern on a long text
            self.contents = text.split("\n")
            self.eols = ["\n"] * (len(self.contents) - 1) + [""]
        if len(self.contents) > 1 and not self.contents[-1]:  # no line after the last break
            self.contents.pop()
            self.eols.pop()
        self.starts: list[int] = []
        self.norm_starts: list[int] = []
        offset = norm_offset = 0
        for content, eol in zip(self.contents, self.eols, strict=True):
            self.starts.append(offset)
            self.norm_starts.append(norm_offset)
            offset += len(content) + len(eol)
            norm_offset += len(content) + 1
        self.normalized = "\n".join(self.contents)
        self.eol = next((e for e in self.eols if e), "\n")

    def to_original(self, line: int, col: int) -> int:
        return self.starts[line] + col

    def line_of(self, norm_offset: int, hint: int) -> int:
        line = hint
        while line + 1 < len(self.norm_starts) and self.norm_starts[line + 1] <= norm_offset:
            line += 1
        return line


def split(text: str, fmt: str, skip: Iterable[str] = ()) -> Document:
    """Split ``text`` in format ``fmt`` ("md" or "txt") into a :class:`Document`.

    ``skip`` holds unit texts or unit ids that are not for translation; Markdown sources can
    also mark blocks with ``<!-- notranslate -->`` (the next block) or a
    ``<!-- notranslate:start -->`` ... ``<!-- notranslate:end -->`` region.
    """
    if fmt not in FORMATS:
        raise WorkflowError(N_("unknown source format %(format)s: use md or txt"), format=repr(fmt))
    bom = ""
    if text.startswith("\ufeff"):
        bom, text = "\ufeff", text[1:]
    source = _Text(text)
    if fmt == "txt":
        spans = _text_spans(source)
    else:
        plain = _plain_spans(source)
        spans = _markdown_spans(source) if plain is None else plain
    # A block of separators only (Python's whitespace is wider than Markdown's) has nothing
    # to translate: it stays in the literal text around the units.
    spans = [span for span in spans if span[2].text.strip()]
    skip_set = set(skip)
    title_done = False
    for _, _, slot in spans:
        if skip_set and (slot.text in skip_set or slot.id in skip_set):
            slot.skipped = True
        if slot.kind == "title":
            if title_done or slot.skipped:
                slot.kind = "heading"
            else:
                title_done = True
    if fmt == "txt" and not title_done:
        for _, _, slot in spans:
            if slot.kind == "heading" and not slot.skipped:
                slot.kind = "title"
                break
    parts: list[str | Slot] = [bom] if bom else []
    cursor = 0
    for start, end, slot in sorted(spans, key=lambda span: span[0]):
        if start < cursor:
            continue
        if start > cursor:
            parts.append(text[cursor:start])
        parts.append(slot)
        cursor = end
    if cursor < len(text):
        parts.append(text[cursor:])
    document = Document(fmt, parts, source.eol)
    if not any(not slot.skipped for slot in document.slots()):
        raise WorkflowError(N_("the statement has no text to translate"))
    return document


Span = tuple[int, int, Slot]


def _text_spans(source: _Text) -> list[Span]:
    spans: list[Span] = []
    block: list[int] = []
    for index, content in enumerate([*source.contents, ""]):
        if content.strip():
            block.append(index)
            continue
        if block:
            spans.extend(_text_block(source, block))
            block = []
    return spans


def _text_block(source: _Text, block: list[int]) -> list[Span]:
    lines = [source.contents[i] for i in block]
    bullets = [_TEXT_BULLET.match(line) for line in lines]
    if all(bullets):
        spans = []
        for index, match in zip(block, bullets, strict=True):
            assert match is not None
            body = match.group(2).rstrip()
            start = source.to_original(index, match.start(2))
            slot = Slot(body, fold([body]), "list-item", index + 1)
            spans.append((start, start + len(body), slot))
        return spans
    quotes = [_TEXT_QUOTE.match(line) for line in lines]
    if all(quotes):
        first, last = quotes[0], quotes[-1]
        assert first is not None and last is not None
        start_col = first.start(2) + len(first.group(2)) - len(first.group(2).lstrip())
        end_col = len(lines[-1].rstrip())
        start = source.to_original(block[0], start_col)
        end = source.to_original(block[-1], end_col)
        text = fold(match.group(2) for match in quotes if match)
        slot = Slot(source.original[start:end], text, "quote", block[0] + 1, cont="> ")
        return [(start, end, slot)] if text else []
    start_col = len(lines[0]) - len(lines[0].lstrip())
    end_col = len(lines[-1].rstrip())
    start = source.to_original(block[0], start_col)
    end = source.to_original(block[-1], end_col)
    text = fold(lines)
    heading = len(block) == 1 and len(text) <= 120 and not _HEADING_END.search(text)
    kind = "heading" if heading else "paragraph"
    return [(start, end, Slot(source.original[start:end], text, kind, block[0] + 1))]


_ATX_MARKS = re.compile(r"#{1,6} ")
# What may begin a block other than a paragraph or an ATX heading, or continue one: a
# quote, a list, a rule, a fence, HTML, a link's definition, an indent, a setext underline.
OTHER_BLOCK = re.compile(r"[>+\-*=_`~<\[ \t]|\d{1,9}[.)](?:[ \t]|$)")


def atx_title(line: str) -> int | None:
    """Where the title of a one-line ATX heading (``## Title``) begins, for marks followed
    by one space and a title without ``#`` (no closing sequence) or spaces around it;
    None for any other line."""
    marks = _ATX_MARKS.match(line)
    if marks is None:
        return None
    title = line[marks.end() :]
    if not title or "#" in title or title != title.strip():
        return None
    return marks.end()


def _plain_spans(source: _Text) -> list[Span] | None:
    """The spans of a Markdown source whose blocks are each one line, a paragraph or an
    ATX heading, one empty line apart, as the parser finds them (None for any other
    source: then the parser reads it). Most statements are such prose; the parser's
    import and block rules were most of the time of splitting one."""
    if "\0" in source.original or "\r" in source.original:
        return None  # the parser's normalisation changes these
    spans: list[Span] = []
    for index, line in enumerate(source.contents):
        if index % 2:
            if line:
                return None
            continue
        if not line or line != line.strip() or "|" in line:  # a table's row, maybe
            return None
        if line.startswith("#"):
            title = atx_title(line)
            if title is None:
                return None
            col = title
            kind, cont = ("title" if col == 2 else "heading"), line[:col]
        elif OTHER_BLOCK.match(line):
            return None
        else:
            kind, col, cont = "paragraph", 0, ""
        body = line[col:]
        start = source.starts[index] + col
        spans.append((start, start + len(body), Slot(body, body, kind, index + 1, cont)))
    return spans


def _normalize(state: StateCore) -> None:
    """markdown-it's ``normalize`` rule (line breaks to ``\\n``, NUL to U+FFFD), without
    its two passes over a text that has neither, as most have (8 ms a pass on 1.6 MB)."""
    if "\r" in state.src or "\0" in state.src:
        from markdown_it.rules_core import normalize

        normalize(state)


def quick_normalize(parser: MarkdownIt) -> MarkdownIt:
    """``parser`` with :func:`_normalize` for its first rule (the same tokens, quicker)."""
    parser.core.ruler.at("normalize", _normalize)
    return parser


@functools.lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The parser of a source's blocks: inline parsing is switched off (it is most of the
    cost). Made when a source is split, not by every command that imports this module."""
    from markdown_it import MarkdownIt

    return quick_normalize(
        MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    )


def _markdown_spans(source: _Text) -> list[Span]:
    tokens = _block_parser().parse(source.normalized)
    spans: list[Span] = []
    containers: list[str] = []
    skip_pending: int | None = None
    skip_range: tuple[int, int] | None = None
    in_region = False
    for index, token in enumerate(tokens):
        if token.type == "html_block":
            content = token.content.strip()
            if NOTRANSLATE.match(content):
                skip_pending = token.level
            elif NOTRANSLATE_START.match(content):
                in_region = True
            elif NOTRANSLATE_END.match(content):
                in_region = False
            continue
        if skip_pending is not None and token.map and token.level == skip_pending:
            skip_range = (token.map[0], token.map[1])
            skip_pending = None
        if token.nesting == 1:
            containers.append(token.type)
        elif token.nesting == -1:
            containers.pop()
        new: list[Span] = []
        if token.type == "tr_open" and token.map:
            new = _table_row(source, token.map[0])
        elif token.type == "inline" and token.map:
            parent = tokens[index - 1].type
            if parent in ("heading_open", "paragraph_open"):
                new = [_inline_span(source, token, _kind(tokens[index - 1], containers))]
        for span in new:
            line = span[2].line - 1
            if in_region or (skip_range and skip_range[0] <= line < skip_range[1]):
                span[2].skipped = True
        spans.extend(new)
    return spans


def _kind(parent: Token, containers: list[str]) -> str:
    if parent.type == "heading_open":
        return "title" if parent.tag == "h1" else "heading"
    if "list_item_open" in containers:
        return "list-item"
    if "blockquote_open" in containers:
        return "quote"
    return "paragraph"


def _inline_span(source: _Text, token: Token, kind: str) -> Span:
    assert token.map is not None
    norm = source.normalized
    pieces = token.content.split("\n")
    cursor = source.norm_starts[token.map[0]]
    first_start = last_end = -1
    located: list[int] = []
    for piece in pieces:
        stripped = piece.strip()
        found = norm.find(stripped, cursor)
        if found < 0:
            raise WorkflowError(
                N_("line %(line)s: cannot place this block in the source"),
                line=str(token.map[0] + 1),
            )
        located.append(found)
        if first_start < 0:
            first_start = found
        last_end = found + len(stripped)
        cursor = last_end
    hard_break = "  "
    folded: list[str] = []
    for number, piece in enumerate(pieces):
        last = number == len(pieces) - 1
        if not last and piece.endswith("\\"):
            hard_break = "\\"
            folded.append(piece.strip()[:-1].rstrip() + "\n")
        elif not last and piece.endswith("  "):
            folded.append(piece.strip() + "\n")
        else:
            folded.append(piece.strip() + ("" if last else " "))
    text = "".join(folded).strip(" ")
    start_line = source.line_of(first_start, token.map[0])
    end_line = source.line_of(last_end, start_line)
    start = source.to_original(start_line, first_start - source.norm_starts[start_line])
    end = source.to_original(end_line, last_end - source.norm_starts[end_line])
    prefix = source.contents[start_line][: first_start - source.norm_starts[start_line]]
    if len(located) > 1:
        second_line = source.line_of(located[1], start_line)
        cont = source.contents[second_line][: located[1] - source.norm_starts[second_line]]
    else:
        cont = _LIST_MARKER.sub(lambda m: " " * len(m.group(0)), prefix)
    slot = Slot(source.original[start:end], text, kind, start_line + 1, cont, hard_break)
    return (start, end, slot)


def _table_row(source: _Text, line: int) -> list[Span]:
    content = source.contents[line]
    lead = len(content) - len(content.lstrip(" \t>"))
    spans: list[Span] = []
    bounds = [lead - 1, *(m.start() for m in _PIPE.finditer(content, lead)), len(content)]
    for left, right in itertools.pairwise(bounds):
        cell = content[left + 1 : right]
        body = cell.strip()
        if not body or (left + 1 == lead and right == len(content) and "|" not in content):
            continue
        col = left + 1 + (len(cell) - len(cell.lstrip()))
        start = source.to_original(line, col)
        slot = Slot(body, body, "table-cell", line + 1)
        spans.append((start, start + len(body), slot))
    return spans
