"""Words and numbers of a text, in order, found in one linear scan.

Arabic diacritics, the tatweel and the zero-width non-joiner are removed first: they are
not letters to ``re``'s ``\\w``, and a word written with a shadda must stay one word.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..numbers import NUMBER

_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
# A number (digits with separators), a word (letters, with an inner apostrophe kept for
# English "don't"), or one punctuation mark.
_TOKEN = re.compile(
    rf"(?P<num>{NUMBER.pattern})|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)|(?P<mark>[^\w\s])"
)


class Token(NamedTuple):
    """One word, number or mark: its text, kind (``num``, ``word``, ``mark``) and
    character offsets in the cleaned text."""

    text: str
    kind: str
    start: int
    end: int


# What glossary.normalize_arabic does, as one translation table: hamza forms, ya and
# alef maqsura, ta marbuta and Sorani ە, kaf forms, diacritics.
_ARABIC_FOLD = str.maketrans(
    {
        **dict.fromkeys("أإآٱ", "ا"),
        **dict.fromkeys("ىيی", "ي"),
        **dict.fromkeys("ةە", "ه"),
        **dict.fromkeys("كک", "ك"),
        "ؤ": "و",
        "ئ": "ي",
        **dict.fromkeys([chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]),
    }
)


def fold_arabic(text: str) -> str:
    """Arabic-script text folded the way the glossary compares it (one C-level pass)."""
    return text.translate(_ARABIC_FOLD)


def clean(text: str) -> str:
    """The text without the marks that do not change what a word is."""
    return _IGNORED.sub("", text)


@lru_cache(maxsize=32)
def tokens(text: str) -> list[Token]:
    """Every word, number and mark of ``text`` (already :func:`clean`), in order.

    The list is cached and shared: do not change it.
    """
    return [
        Token(m.group(0), m.lastgroup or "mark", m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]
