"""Numbers in any digit system with any separators: their values, and rewriting them.

Babel gives a locale's separators but never converts digits (with ``numbering_system=
"arab"`` it prints 8٬000); the standard library's ``unicodedata`` knows every decimal
digit, so values are read here: 8,000 = 8000 = ٨٠٠٠ = ٨٬٠٠٠ = ۸۰۰۰; 2.2 = ٢٫٢ = 2,2 (in
Kurmanji, where "." groups thousands).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..languages import get_language

_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_SEPARATOR = r"[.,\u066b\u066c'\u00a0\u202f\u2009]"
NUMBER = re.compile(rf"{_DIGIT}+(?:{_SEPARATOR}{_DIGIT}+)*")
ARABIC_GROUP, ARABIC_DECIMAL = "\u066c", "\u066b"
_ALWAYS_GROUP = {ARABIC_GROUP, "\u00a0", "\u202f", "\u2009", "'"}
_ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0"}


@dataclass(frozen=True)
class NumberToken:
    """A number as written: its text, where it is, and how it is written."""

    text: str
    start: int
    end: int

    @property
    def digits(self) -> str:
        """The digit system: ``latn`` (0-9), ``arab`` (٠-٩) or ``arabext`` (۰-۹)."""
        for ch in self.text:
            if "\u0660" <= ch <= "\u0669":
                return "arab"
            if "\u06f0" <= ch <= "\u06f9":
                return "arabext"
        return "latn"

    @property
    def separators(self) -> list[str]:
        """The separator characters, in order."""
        return [ch for ch in self.text if unicodedata.decimal(ch, None) is None]


def find_numbers(text: str) -> list[NumberToken]:
    """Every number written with digits in ``text``."""
    return [NumberToken(m.group(0), m.start(), m.end()) for m in NUMBER.finditer(text)]


def _ascii(text: str) -> str:
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch
        for ch in text
    )


def _parse(text: str, group: set[str], decimal: set[str]) -> Decimal | None:
    """The value under one convention, or None when the grouping does not fit it."""
    plain = _ascii(text)
    parts = re.split(r"(\D)", plain)
    numbers, seps = parts[0::2], parts[1::2]
    integer, fraction = numbers[0], ""
    seen_decimal = False
    for sep, chunk in zip(seps, numbers[1:], strict=True):
        if sep in decimal and not seen_decimal and sep not in group:
            seen_decimal = True
            fraction = chunk
        elif sep in group and not seen_decimal and len(chunk) == 3:
            integer += chunk
        else:
            return None
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation:
        return None


def conventions(lang: str) -> tuple[set[str], set[str]]:
    """Group and decimal separators of a language (CLDR's, plus the Arabic signs)."""
    language = get_language(lang)
    group = {language.group, *_ALWAYS_GROUP}
    decimal = {language.decimal, ARABIC_DECIMAL}
    return group - decimal, decimal


# Values are kept for numbers up to this long: a long text repeats its numbers, and a
# volunteer's run of 200,000 digits must not stay in memory.
_CACHED_LENGTH = 64


def number_values(text: str, lang: str, source: bool = False) -> frozenset[Decimal]:
    """The values a number written as ``text`` can have. In a translation (the default):
    every way of reading it (its language's separators, the English way copied from the
    source, the Arabic signs). In the source (``source``): the one value the source
    language's conventions give, or none when they cannot read it."""
    kept = len(text) <= _CACHED_LENGTH
    if text.isdecimal():  # digits alone (NUMBER's digits): one value under every convention
        return _digits_value(text) if kept else frozenset({Decimal(text)})
    return _number_values(text, lang, source) if kept else _read_values(text, lang, source)


@lru_cache(maxsize=8192)
def _digits_value(text: str) -> frozenset[Decimal]:
    return frozenset({Decimal(text)})


def _read_values(text: str, lang: str, source: bool) -> frozenset[Decimal]:
    if source:
        group, decimal = conventions(lang)
        value = _parse(text, group, decimal)
        if value is None:
            value = _parse(text, {",", *_ALWAYS_GROUP}, {".", ARABIC_DECIMAL})
        return frozenset() if value is None else frozenset({value})
    values = set()
    for group, decimal in (
        conventions(lang),
        ({",", *_ALWAYS_GROUP}, {".", ARABIC_DECIMAL}),
        ({".", *_ALWAYS_GROUP}, {",", ARABIC_DECIMAL}),
    ):
        value = _parse(text, group, decimal)
        if value is not None:
            values.add(value)
    return frozenset(values)


_number_values = lru_cache(maxsize=8192)(_read_values)


def same_but_numbers(old: str, new: str) -> bool:
    """Whether two texts differ only in their numbers (and do differ)."""
    return old != new and NUMBER.sub("#", old) == NUMBER.sub("#", new)


def render_like(value: Decimal, model: NumberToken, lang: str) -> str:
    """``value`` written the way ``model`` is: same digits, same separators."""
    group, decimal = conventions(lang)
    seps = model.separators
    used_group = next((s for s in seps if s in group), None)
    used_decimal = next((s for s in seps if s in decimal and s not in group), None)
    text = format(value.normalize(), "f")
    integer, _, fraction = text.partition(".")
    if used_group and len(integer) > 3:
        chunks: list[str] = []
        while len(integer) > 3:
            chunks.insert(0, integer[-3:])
            integer = integer[:-3]
        integer = used_group.join([integer, *chunks])
    if fraction:
        mark = used_decimal or (
            ARABIC_DECIMAL if model.digits != "latn" else get_language(lang).decimal
        )
        integer = f"{integer}{mark}{fraction}"
    zero = _ZEROS[model.digits]
    return "".join(chr(ord(zero) + int(ch)) if ch.isdigit() else ch for ch in integer)


def carry_numbers(
    old_source: str, new_source: str, translation: str, source_lang: str, lang: str
) -> tuple[str | None, str]:
    """Rewrite the numbers that changed between two versions of a source in its translation.

    Returns the new translation (None when a changed number cannot be found exactly once
    in the translation) and a note for the reviewer.
    """
    old_tokens, new_tokens = find_numbers(old_source), find_numbers(new_source)
    changes = []
    for before, after in zip(old_tokens, new_tokens, strict=True):
        old_value = number_values(before.text, source_lang, source=True)
        new_value = number_values(after.text, source_lang, source=True)
        if old_value and new_value and old_value != new_value:
            (a,), (b,) = old_value, new_value
            changes.append((a, b, before.text, after.text))
    if not changes:
        return None, "no number changed"
    result = translation
    for a, b, old_text, _ in changes:
        candidates = [t for t in find_numbers(result) if a in number_values(t.text, lang)]
        if len(candidates) != 1:
            where = "is not" if not candidates else "appears more than once"
            return None, f"{old_text} {where} in the translation: update it by hand"
        token = candidates[0]
        result = result[: token.start] + render_like(b, token, lang) + result[token.end :]
    summary = ", ".join(f"{old} → {new}" for _, _, old, new in changes)
    return result, f"numbers updated: {summary}"
