"""Words and numbers of a text, in order, found in one linear scan.

Arabic diacritics, the tatweel and the zero-width non-joiner are removed first: they are
not letters to ``re``'s ``\\w``, and a word written with a shadda must stay one word.

A long text repeats its words, so :func:`scan` reads each distinct space-separated piece
once and lets a check ask only for the tokens it reads (numbers, month names): the rest
of the text costs C-level splitting and counting, not a Python step per word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from itertools import chain, compress, count
from typing import NamedTuple

from .numbers import NUMBER

_IGNORED = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
# A number (digits with separators), a word (letters, with an inner apostrophe kept for
# English "don't"), or one punctuation mark.
_TOKEN = re.compile(
    rf"(?P<num>{NUMBER.pattern})|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)|(?P<mark>[^\w\s])"
)


class Token(NamedTuple):
    """One word, number or mark: its text, kind (``num``, ``word``, ``mark``), character
    offsets in the cleaned text and its place among the text's tokens."""

    text: str
    kind: str
    start: int
    end: int
    place: int


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


# The same as (character, replacement) pairs: no replacement is folded again, so applying
# them one after another is the table's single pass.
_ARABIC_FOLD_PAIRS = tuple((chr(code), folded or "") for code, folded in _ARABIC_FOLD.items())


def fold_arabic(text: str) -> str:
    """Arabic-script text folded the way the glossary compares it.

    str.translate looks each character up (~80 ns a character of Arabic): quicker for a
    word, but on a paragraph a search and a replace() per folded character take a fifth."""
    if len(text) < 24:
        return text.translate(_ARABIC_FOLD)
    for char, folded in _ARABIC_FOLD_PAIRS:
        if char in text:
            text = text.replace(char, folded)
    return text


@lru_cache(maxsize=64)  # every check of a unit asks for the same two texts
def clean(text: str) -> str:
    """The text without the marks that do not change what a word is."""
    return _IGNORED.sub("", text)


@lru_cache(maxsize=32)
def tokens(text: str) -> list[Token]:
    """Every word, number and mark of ``text`` (already :func:`clean`), in order.

    The list is cached and shared: do not change it.
    """
    return [
        Token(m.group(0), m.lastgroup or "mark", m.start(), m.end(), index)
        for index, m in enumerate(_TOKEN.finditer(text))
    ]


# A piece's tokens: text, kind, and offsets within the piece.
_Piece = tuple[tuple[str, str, int, int], ...]
# Pieces up to this length are kept once read: texts share most of their words. Longer ones
# are read each time, so what a volunteer types cannot fill the memory.
_KEPT_PIECE = 64


def _read_piece(chunk: str) -> _Piece:
    return tuple(
        (m.group(0), m.lastgroup or "mark", m.start(), m.end()) for m in _TOKEN.finditer(chunk)
    )


_kept_piece = lru_cache(maxsize=65536)(_read_piece)


def _piece(chunk: str) -> _Piece:
    """The tokens of one space-separated piece of a text."""
    if chunk.isdigit() and chunk.isascii():  # one number, the commonest piece not a word
        return ((chunk, "num", 0, len(chunk)),)
    return _kept_piece(chunk) if len(chunk) <= _KEPT_PIECE else _read_piece(chunk)


class Scan:
    """The tokens of one cleaned text, read piece by piece (see :func:`scan`).

    No token holds U+0020 (a number's group separators are other spaces), so the tokens
    of the space-separated pieces, in order, are exactly :func:`tokens` of the text.
    """

    def __init__(self, text: str) -> None:
        self._chunks = text.split(" ")
        self._pieces: dict[str, _Piece] = {chunk: _piece(chunk) for chunk in set(self._chunks)}

    def kinds(self) -> dict[str, str]:
        """Each distinct token text of the text, with its kind."""
        return {text: kind for piece in self._pieces.values() for text, kind, _, _ in piece}

    @cached_property
    def words(self) -> list[str]:
        """Every word of the text, in order."""
        words_of = {
            chunk: tuple(text for text, kind, _, _ in piece if kind == "word")
            for chunk, piece in self._pieces.items()
        }
        return list(chain.from_iterable(map(words_of.__getitem__, self._chunks)))

    def select(self, keep: Callable[[str, str], bool]) -> list[Token]:
        """The tokens whose text and kind ``keep`` accepts, in order, each with its offsets
        and its place among all the text's tokens (a gap in the places is the tokens left
        out)."""
        verdicts: dict[str, bool] = {}  # a token's kind follows from its text

        def kept_here(text: str, kind: str) -> bool:
            verdict = verdicts.get(text)
            if verdict is None:
                verdict = verdicts[text] = keep(text, kind)
            return verdict

        kept: dict[str, list[int]] = {}
        for chunk, piece in self._pieces.items():
            places = [i for i, (text, kind, _, _) in enumerate(piece) if kept_here(text, kind)]
            if places:
                kept[chunk] = places
        if not kept:
            return []
        chunks = self._chunks
        counts = {chunk: len(piece) for chunk, piece in self._pieces.items()}
        found = []
        # Where each kept piece starts (a space after each piece) and the place of its first
        # token: the pieces between two kept ones are summed in C, without a Python step each.
        offset = first = previous = 0
        for number in compress(count(), map(kept.__contains__, chunks)):
            between = chunks[previous:number]
            offset += sum(map(len, between)) + len(between)
            first += sum(map(counts.__getitem__, between))
            previous = number
            chunk = chunks[number]
            piece = self._pieces[chunk]
            for place in kept[chunk]:
                text, kind, start, end = piece[place]
                found.append(Token(text, kind, offset + start, offset + end, first + place))
        return found


@lru_cache(maxsize=32)
def scan(text: str) -> Scan:
    """The :class:`Scan` of ``text`` (already :func:`clean`), cached and shared."""
    return Scan(text)
