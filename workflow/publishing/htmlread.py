"""HTML outputs read back as a reader's browser shows them, block by block (the page) or
cell by cell (the side-by-side page), for :mod:`.verify` to compare; html.parser is
imported only where a page is read."""

from __future__ import annotations

from html.parser import HTMLParser

from ..i18n import N_
from .verify import OutputMismatch

_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "pre", "dt", "dd"})
_HIDDEN = frozenset({"head", "style", "script", "nav", "footer", "title", "template"})
_VOID = frozenset(
    {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
)


class _Blocks(HTMLParser):
    """The text of each block element of an HTML page's main content, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.stack: list[str] = []
        self.hidden = 0
        self.in_main: bool | None = None
        self.buffers: list[list[str]] = [[]]
        self.broken: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        if tag in _VOID:
            if tag == "img" and not self.hidden and self.in_main is not False:
                self.buffers[-1].append(dict(attrs).get("alt") or "")
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in _HIDDEN or "date" in classes
        self.stack.append(tag + ("!" if hidden else ""))
        if hidden:
            self.hidden += 1
        elif tag in _BLOCKS and not self.hidden:
            self._flush()
            self.buffers.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.stack or self.stack[-1].rstrip("!") != tag:
            opened = self.stack[-1].rstrip("!") if self.stack else "nothing"
            self.broken = self.broken or f"</{tag}> closes <{opened}>"
            return
        opened = self.stack.pop()
        if opened.endswith("!"):
            self.hidden -= 1
        elif tag in _BLOCKS and not self.hidden:
            self._flush()
            self.buffers.pop()
        if tag == "main":
            self.in_main = False

    def handle_data(self, data: str) -> None:
        if not self.hidden and self.in_main is not False:
            self.buffers[-1].append(data)

    def _flush(self) -> None:
        text = "".join(self.buffers[-1])
        self.buffers[-1] = []
        if text.strip():
            self.blocks.append(text)

    def result(self) -> list[str]:
        self._flush()
        if self.stack:
            self.broken = self.broken or f"<{self.stack[-1].rstrip('!')}> is never closed"
        return self.blocks


def html_blocks(page: str) -> list[str]:
    """The visible text of an HTML page (its ``<main>`` if it has one) block by block."""
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    blocks = parser.result()
    if parser.in_main is None and "<main" in page:
        blocks = []
    if parser.broken:
        raise OutputMismatch(N_("The page's markup is broken (%(detail)s)."), detail=parser.broken)
    return blocks


class _Cells(HTMLParser):
    """The text of each cell of the side-by-side page: ``div.row`` > ``div``, per row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._divs: list[str] = []  # what each open div is: "row", "cell" or ""
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self._text is not None:
            self._text.append(" ")
        if tag == "img" and self._text is not None:
            self._text.append(dict(attrs).get("alt") or "")  # a reader sees the alt text
        if tag != "div":
            return
        classes = (dict(attrs).get("class") or "").split()
        if "row" in classes:
            self.rows.append([])
            self._divs.append("row")
        elif self._divs and self._divs[-1] == "row":
            self._text = []
            self._divs.append("cell")
        else:
            self._divs.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag != "div" or not self._divs:
            return
        if self._divs.pop() == "cell" and self._text is not None:
            self.rows[-1].append("".join(self._text))
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def parallel_cells(page: str) -> list[list[str]]:
    """The side-by-side page read back: each row's cells, as text."""
    parser = _Cells()
    parser.feed(page)
    parser.close()
    return parser.rows
