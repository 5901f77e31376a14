"""Mixed-direction text in published pages: what to isolate, so that it reads right.

Arabic and Sorani text often carries Latin runs (names, acronyms, hashtags, addresses), and
a page can hold a block left in English. Unicode's bidi algorithm gets these wrong at their
edges: neutral characters (brackets, ``#``, ``@``, a final full stop) take the direction of
the text around them, so "(ICSSI)" shows as ")ICSSI(" pieces and "#CeasefireNow" as
"CeasefireNow#". The fixes here add markup only, never characters, so that a page's text
is exactly the approved text:

- a block, cell or sentence wholly in the other direction is one isolated run with its own
  ``lang`` and ``dir`` (:func:`foreign_block`);
- inside text of the page's direction, each run of the other direction is isolated together
  with what belongs to it: the brackets or quotes around it, a hashtag's ``#`` or a handle's
  ``@``, the full stop of a sentence wholly in that direction (:func:`isolate_runs`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_HAS_ARABIC = re.compile(f"[{_ARABIC}]")
_HAS_LATIN = re.compile(f"[{_LATIN}]")
# A run of the other direction: from its first to its last strong character (or digit),
# with nothing of the page's script inside, on one line.
_RUNS = {
    "rtl": re.compile(f"[{_LATIN}0-9][^{_ARABIC}\\n]*[{_LATIN}0-9]|[{_LATIN}]"),
    "ltr": re.compile(f"[{_ARABIC}][^{_LATIN}\\n]*[{_ARABIC}]|[{_ARABIC}]"),
}
_NEEDS = {"rtl": _HAS_LATIN, "ltr": _HAS_ARABIC}
_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", '"': '"', "«": "»", "‘": "’", "'": "'"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items() if open_ != close}
_WORD = re.compile(f"[{_LATIN}{_ARABIC}0-9_]")
_SENTENCE_END = ".!?…"
_SENTENCE_GAP = re.compile(r"(?<=[.!?…])\s+")
_PREFIXES = "#@"


def direction_of(text: str) -> str | None:
    """``rtl`` or ``ltr`` when ``text`` has letters of one direction only, else None."""
    arabic, latin = bool(_HAS_ARABIC.search(text)), bool(_HAS_LATIN.search(text))
    if arabic and not latin:
        return "rtl"
    if latin and not arabic:
        return "ltr"
    return None


def foreign_block(text: str, page_dir: str) -> bool:
    """Whether ``text`` is wholly in the direction opposite to ``page_dir``."""
    found = direction_of(text)
    return found is not None and found != page_dir


def runs(text: str, page_dir: str) -> Iterator[tuple[int, int]]:
    """Start and end of each run of the other direction in ``text``, with its brackets,
    quotes, ``#``/``@`` and (for a whole sentence) its final punctuation."""
    pattern, needs = _RUNS[page_dir], _NEEDS[page_dir]
    for match in pattern.finditer(text):
        # A run never spans a sentence end: "#CeasefireNow. Free Palestine!" is a hashtag
        # ending one sentence and a sentence of its own.
        low = match.start()
        bounds = []
        for gap in _SENTENCE_GAP.finditer(text, match.start(), match.end()):
            bounds.append((low, gap.start()))
            low = gap.end()
        bounds.append((low, match.end()))
        for low, high in bounds:
            span = _run_span(text, low, high, needs)
            if span is not None:
                yield span


def _run_span(text: str, low: int, high: int, needs: re.Pattern[str]) -> tuple[int, int] | None:
    """The isolated run in ``text[low:high]``: from its first letter to its last, with the
    punctuation that belongs to it."""
    letters = [m.span() for m in needs.finditer(text, low, high)]
    if not letters:
        return None  # digits alone read the same either way
    # From the first word with a letter to the last one: a number after a bracket
    # ("(ICSSI) 2.2 مليون") belongs to the text around it, not to the run.
    start, end = letters[0][0], letters[-1][1]
    while start > low and _WORD.match(text[start - 1]):
        start -= 1
    while end < high and _WORD.match(text[end]):
        end += 1
    while True:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        piece = text[start:end]
        if before and before in _PREFIXES:
            start -= 1
        elif before in _PAIRS and after == _PAIRS[before]:
            start, end = start - 1, end + 1
        elif after in _CLOSERS and piece.count(_CLOSERS[after]) > piece.count(after):
            end += 1
        elif before in _PAIRS and piece.count(_PAIRS[before]) > piece.count(before):
            start -= 1
        elif after == "." and text[end : end + 3] == "...":
            end += 3
        elif (
            after
            and after in _SENTENCE_END
            and (not text[:start].strip() or text[:start].rstrip()[-1] in ".!?؟\n")
        ):
            end += 1
        else:
            break
    return start, end


def isolate_runs(text: str, page_dir: str, lang: str | None = None) -> str:
    """``text`` as escaped HTML with each run of the other direction in one ``<bdi>``."""
    other = "ltr" if page_dir == "rtl" else "rtl"
    lang_attr = f' lang="{html.escape(lang)}"' if lang else ""
    out, last = [], 0
    for start, end in runs(text, page_dir):
        out.append(html.escape(text[last:start]))
        out.append(f'<bdi dir="{other}"{lang_attr}>{html.escape(text[start:end])}</bdi>')
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)
