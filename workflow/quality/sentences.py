"""Sentences as writers of these languages end them: . ! ? … and the Arabic ؟ and ۔.

An abbreviation ("Dr.", "e.g.", "U.N.", "Oct."), an initial ("J. Smith") or a decimal point
is not the end of a sentence. A text that ends without a mark still has its last sentence.
"""

from __future__ import annotations

import re
from functools import lru_cache

_END = re.compile(r"[.!?؟…۔]+[\"'”’»)\]]*(?=\s|$)")
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vs",
        "etc",
        "eg",
        "ie",
        "al",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "hon",
        "art",
        "para",
        "fig",
        "vol",
        "pp",
        "ed",
        "un",
        "us",
        "uk",
        "eu",
    ]
)


@lru_cache(maxsize=64)
def split(text: str) -> list[str]:
    """The sentences of a text, in order (an empty text has none); cached and shared, do
    not change the list."""
    sentences = []
    begin = 0
    for match in _END.finditer(text):
        if match.group(0)[0] == "." and _abbreviation(text, match.start()):
            continue
        piece = text[begin : match.end()].strip()
        if piece:
            sentences.append(piece)
        begin = match.end()
    rest = text[begin:].strip()
    if any(ch.isalnum() for ch in rest):
        sentences.append(rest)
    return sentences


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial."""
    start = dot
    while start > 0 and dot - start < 12 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    if not word or not word.replace(".", "").isascii():
        return False
    plain = word.replace(".", "").casefold()
    return plain in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word
