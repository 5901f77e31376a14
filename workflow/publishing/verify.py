"""Proof that an output holds exactly the units chosen for it, in order, and nothing else.

Each output (Markdown, text, HTML, the PDF's text) is rendered a second time with every
unit replaced by a sentinel word. That skeleton has the document's own literal text (list
markers, code blocks, blocks not for translation) and one sentinel where each unit goes;
putting each unit's expected visible text in place of its sentinel gives what a reader must
see. The real output is read back the way a reader's tool reads it (HTML by its blocks,
Markdown rendered to HTML, text as text, the PDF through ``pdftotext``) and compared word
by word. A translation that hides what follows it (``<!--``), vanishes, or adds a block of
its own is caught before anything is written, and the message names the unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from ..catalog.segment import quick_normalize

if TYPE_CHECKING:  # markdown-it is imported when a text needs the parser
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
from ..catalog.unit import unit_id
from ..errors import WorkflowError
from ..i18n import N_
from ..textrules import INVISIBLE

_SENTINEL = "qzx{}xzq"
_SENTINEL_WORD = re.compile(r"qzx(\d+)xzq")
# str.translate takes ~70 ns a character on Arabic text; a search finds the few texts that
# hold one of these at all.
_INVISIBLE = re.compile("[" + "".join(map(re.escape, sorted(INVISIBLE))) + "]")
_BOUNDARY = "\u00b6"


class OutputMismatch(WorkflowError):
    """An output does not hold exactly the units chosen for it."""


@dataclass(frozen=True)
class Sentinels:
    """Unit text → the sentinel word that stands for it in a skeleton."""

    by_text: dict[str, str]
    texts: tuple[str, ...]

    @classmethod
    def for_units(cls, texts: Iterable[str]) -> Sentinels:
        """One sentinel per distinct unit text."""
        unique = tuple(dict.fromkeys(texts))
        return cls({text: _SENTINEL.format(number) for number, text in enumerate(unique)}, unique)

    def unit_of(self, number: int) -> str:
        """The unit text of sentinel ``number``."""
        return self.texts[number]


def normalized_words(text: str) -> list[str]:
    """The words of ``text`` as a reader compares them: NFKC (the PDF's presentation
    forms become letters), invisible format characters dropped, any whitespace a separator."""
    text = unicodedata.normalize("NFKC", text)
    return (_INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text).split()


@lru_cache(maxsize=1)
def _inline() -> MarkdownIt:
    """The parser of inline Markdown (links, emphasis) that reads what a reader sees."""
    from markdown_it import MarkdownIt

    return quick_normalize(MarkdownIt("commonmark", {"html": False}))


# Where CommonMark's inline rules start (escapes, code, emphasis, links and images,
# autolinks, entities, line breaks) and what the parser's input normalisation changes.
INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>&!\n\r\x00]")
# Every byte but those ASCII characters: what is left of a text's UTF-8 once these are deleted
# says whether it holds one (quicker than the pattern on long texts).
_NOT_INLINE_SYNTAX = bytes(byte for byte in range(256) if not INLINE_SYNTAX.match(chr(byte)))
# A line that may hold a link reference definition ("[label]: …", up to three spaces in, maybe
# inside a quote or list item); without one there are no definitions.
_DEFINITION = re.compile(r"^[ \t>*+\-\d.)]*\[[^\]\n]+\]:", re.MULTILINE)


@lru_cache(maxsize=4)  # one document, asked once per language and output
def link_definitions(source: str) -> dict[str, Any]:
    """The reference link definitions (``[r]: https://…``) of a Markdown document (shared:
    do not change the dict)."""
    if "]:" not in source or not _DEFINITION.search(source):
        return {}  # most statements have none: no need to parse the whole document
    env: dict[str, Any] = {}
    _inline().parse(source, env)
    return dict(env.get("references", {}))


def markdown_visible(
    text: str, with_targets: bool = False, references: dict[str, Any] | None = None
) -> str:
    """What a reader sees of one unit of inline Markdown (links by their label, or with
    ``with_targets`` "label (target)" as the text output spells them); ``references`` are
    the document's link definitions, for ``[label][ref]`` links."""
    if not text.encode("utf-8", "surrogatepass").translate(None, _NOT_INLINE_SYNTAX):
        return text  # no character an inline rule starts at: the reader sees the text
    return parsed_visible(text, with_targets, references)


def parsed_visible(
    text: str, with_targets: bool = False, references: dict[str, Any] | None = None
) -> str:
    """:func:`markdown_visible` through the parser, whatever the text."""
    tokens = _inline().parseInline(text, {"references": dict(references or {})})
    children: list[Token] = tokens[0].children or [] if tokens else []
    out: list[str] = []
    targets: list[str] = []
    starts: list[int] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            targets.append(str(child.attrGet("href") or ""))
            starts.append(len(out))
        elif child.type == "link_close" and targets:
            target, begin = targets.pop(), starts.pop()
            label = "".join(out[begin:])
            if with_targets and target and target != label and f"mailto:{label}" != target:
                out.append(f" ({target})")
    return "".join(out)


def _normalized(text: str) -> str:
    return " ".join(normalized_words(text))


class Expected:
    """What a reader must see: the skeleton's blocks with each sentinel replaced by its
    unit's visible text (:attr:`text`), and which unit each stretch of it belongs to
    (:attr:`spans`); worked out only when an output is not shown block for block."""

    def __init__(
        self, skeleton: list[str], sentinels: Sentinels, visible: Callable[[str], str]
    ) -> None:
        self.skeleton, self.sentinels, self.visible = skeleton, sentinels, visible
        self._shown: dict[int, str] = {}

    def _visible(self, number: int) -> str:
        shown = self._shown.get(number)
        if shown is None:
            shown = self._shown[number] = self.visible(self.sentinels.unit_of(number))
        return shown

    def shown_by(self, blocks: list[str]) -> bool:
        """Whether ``blocks`` show the same words as the skeleton's blocks with the units in
        place, block for block: then :func:`compare_blocks` would find them the same, and
        the blocks that are exactly one unit's text need no normalising."""
        if len(blocks) != len(self.skeleton):
            return False
        for block, bones in zip(blocks, self.skeleton, strict=True):
            lone = _SENTINEL_WORD.fullmatch(bones)
            if lone is not None and block == self._visible(int(lone.group(1))):
                continue
            if _normalized(block) != self._piece(bones):
                return False
        return True

    def _piece(self, bones: str) -> str:
        return _SENTINEL_WORD.sub(
            lambda match: _normalized(self._visible(int(match.group(1)))), _normalized(bones)
        )

    @cached_property
    def _flat(self) -> tuple[str, list[tuple[int, int, str]]]:
        flat = f" {_BOUNDARY} ".join(_normalized(block) for block in self.skeleton)
        out: list[str] = []
        spans: list[tuple[int, int, str]] = []
        length = 0
        last = 0
        seen: dict[int, str] = {}
        for match in _SENTINEL_WORD.finditer(flat):
            out.append(flat[last : match.start()])
            length += match.start() - last
            number = int(match.group(1))
            if number not in seen:
                seen[number] = _normalized(self._visible(number))
            spans.append((length, length + len(seen[number]), self.sentinels.unit_of(number)))
            out.append(seen[number])
            length += len(seen[number])
            last = match.end()
        out.append(flat[last:])
        return "".join(out), spans

    @property
    def text(self) -> str:
        """Every block's normalised words, the blocks joined by a boundary mark."""
        return self._flat[0]

    @property
    def spans(self) -> list[tuple[int, int, str]]:
        """(start, end, unit text) of each unit's words in :attr:`text`."""
        return self._flat[1]

    def owner(self, position: int) -> str | None:
        """The unit text at (or, in the document's own text, just before) ``position``."""
        before = None
        for start, end, unit in self.spans:
            if start <= position < end:
                return unit
            if start > position:
                return before or unit
            before = unit
        return before


def expected_text(
    skeleton: list[str], sentinels: Sentinels, visible: Callable[[str], str]
) -> Expected:
    """The skeleton's blocks with each sentinel replaced by its unit's visible text."""
    return Expected(skeleton, sentinels, visible)


def _mismatch_at(expected: str, actual: str) -> int | None:
    if expected == actual:
        return None
    limit = min(len(expected), len(actual))
    for index in range(limit):
        if expected[index] != actual[index]:
            return index
    return limit


def _refuse(what: str, unit: str | None) -> None:
    if unit is None:
        raise OutputMismatch(
            N_("%(file)s would not show the statement's own text exactly; nothing was written."),
            file=what,
        )
    raise OutputMismatch(
        N_(
            "%(file)s would not show unit %(unit)s exactly as chosen (text missing, changed, "
            "moved or added); nothing was written."
        ),
        file=what,
        unit=unit_id(unit),
    )


def compare_blocks(blocks: list[str], expected: Expected, what: str) -> None:
    """Refuse an output whose blocks differ from what a reader must see."""
    if expected.shown_by(blocks):
        return
    actual = f" {_BOUNDARY} ".join(_normalized(block) for block in blocks)
    position = _mismatch_at(expected.text, actual)
    if position is None:
        return
    _refuse(what, expected.owner(position))


def letters_and_digits(text: str) -> Counter[str]:
    """How many times each letter and digit occurs (NFKC, combining marks left out)."""
    return Counter(
        char
        for char in unicodedata.normalize("NFKC", text)
        if unicodedata.category(char)[0] == "L" or unicodedata.category(char) == "Nd"
    )


def compare_pdf_text(text: str, expected: Expected, what: str) -> None:
    """Refuse a PDF whose text lacks letters or digits of the page it was printed from.

    A PDF's text comes back in the order its glyphs were laid out: around a change of
    direction pdftotext moves punctuation, marks and whole runs ("(ICSSI)" reads
    "()ICSSI", a word with a shadda comes back in two pieces), and page furniture (the
    date) comes between. The page itself was verified for order and completeness; here
    every letter and digit of it must be in the PDF, counted.
    """
    missing = letters_and_digits(expected.text) - letters_and_digits(text)
    missing.pop(_BOUNDARY, None)
    if not missing:
        return
    unit = next(
        (
            unit
            for start, end, unit in expected.spans
            if set(missing) & set(expected.text[start:end])
        ),
        expected.spans[0][2] if expected.spans else None,
    )
    _refuse(what, unit)


def pdf_text(data: bytes) -> str | None:
    """The text of a PDF through poppler's ``pdftotext`` (None when it is not installed)."""
    import shutil  # both only for a PDF
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    result = subprocess.run(
        [tool, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=False
    )
    if result.returncode != 0:
        raise OutputMismatch(N_("The PDF could not be read back to check it; nothing was written."))
    return result.stdout.decode("utf-8", "replace")


def compare_cells(page: str, expected: list[tuple[str | None, list[str]]], what: str) -> None:
    """Refuse a side-by-side page unless each row holds its unit's chosen text in each
    language, in order (``expected``: per row, the unit's source text, or None for a block
    not for translation, and the text each cell must show)."""
    from .htmlread import parallel_cells

    rows = parallel_cells(page)
    for index, (unit, cells) in enumerate(expected):
        found = rows[index] if index < len(rows) else []
        if [_normalized(cell) for cell in found] != [_normalized(cell) for cell in cells]:
            _refuse(what, unit)
    if len(rows) != len(expected):
        _refuse(what, None)
