"""Script and spelling: Latin words left in Arabic-script text, Persian/Sorani letters in
Arabic, Kurmanji typed without its letters, and words a dictionary does not know.

Kurmanji words are looked up in Debian's ``hunspell-kmr`` dictionary through pyenchant: a
word it does not know as typed but knows with ê î û ç ş restored was typed on an ASCII
keyboard. The dictionary is small (4,760 stems), so a word it does not know is no spelling
mistake by itself, and no hint is given for it. Arabic spelling is not checked: hunspell's
Arabic suggestions take up to a second a word, too slow for a check that runs on every save,
and Sorani's ``ckb_IQ`` lacks words as common as منداڵ.
"""

from __future__ import annotations

import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

KURMANJI_LETTERS = frozenset("êîûçşÊÎÛÇŞ")
# Letters of Persian and Sorani that Arabic does not use (ی ک ە ۆ ێ ڕ ڵ ڤ گ چ پ ژ are common
# slips from a Persian or Kurdish keyboard; گ چ پ ژ also write foreign names, so only the
# first seven count).
NOT_ARABIC = frozenset("یکەۆێڕڵ")
_DICTIONARIES = {"kmr": "kmr_Latn"}
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")
_PLAIN_TO_LETTER = {"e": "ê", "i": "î", "u": "û", "c": "ç", "s": "ş"}
_TO_LETTERS = str.maketrans("eiucs", "êîûçş")
# Kurmanji words typed without their letters that are no Kurmanji word as typed ("u" for û).
_ASCII_TELLS = frozenset({"u", "en", "yen", "bu", "iro", "cu", "ci"})
_lock = threading.Lock()


def is_latin(word: str) -> bool:
    """Whether a word is written in Latin letters."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in word)


def left_in_latin(
    pieces: Iterable[str],
    source_words: Callable[[], dict[str, bool]],
    keep: frozenset[str],
) -> list[str]:
    """Ordinary words in Latin letters inside Arabic-script text, given as its
    space-separated pieces (each distinct piece once is enough: no word holds a space).

    A word counts when it is written in lower case, or when the source uses it in lower
    case (not a name); acronyms, capitalised names and the words in ``keep`` (allowed words,
    glossary terms kept as they are) do not. ``source_words`` gives, when a Latin word is
    found, each folded source word and whether it appears in lower case there.
    """
    found = []
    for match in (m for piece in pieces for m in _LATIN_RUN.finditer(piece)):
        word = match.group(0)
        if len(word) < 2:
            continue
        folded = word.casefold()
        if folded in keep:
            continue
        lower_in_source = source_words().get(folded, False)
        if word.islower() or (lower_in_source and not word.isupper()):
            found.append(word)
    return found


def foreign_letters(words: Iterable[str]) -> list[str]:
    """Which of the words of an Arabic text (split at spaces) are written with Persian or
    Sorani letters (ی ک ە ۆ ێ ڕ ڵ), without their punctuation, each once, in order."""
    marked = [word.strip(".,،؛:!?؟()«»\"'") for word in words if not NOT_ARABIC.isdisjoint(word)]
    return list(dict.fromkeys(marked))


def without_kurmanji_letters(words: list[str]) -> bool:
    """Whether a Kurmanji text (its words) long enough to need ê î û ç ş has none of them."""
    latin = {word for word in set(words) if len(word) >= 3 and is_latin(word)}
    if sum(1 for word in words if word in latin) < 6:
        return False
    return not any(KURMANJI_LETTERS & set(word) for word in latin)


@lru_cache(maxsize=4)
def dictionary(lang: str) -> Any | None:
    """The hunspell dictionary of a language through pyenchant, or None where there is none."""
    tag = _DICTIONARIES.get(lang)
    if tag is None:
        return None
    try:
        import enchant
    except ImportError:  # pragma: no cover - pyenchant is a dependency
        return None
    try:
        return enchant.Dict(tag)
    except enchant.errors.Error:
        return None


def _plain(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFD", word) if unicodedata.category(ch) != "Mn"
    ).casefold()


def lettered(word: str, checker: Any) -> str | None:
    """The Kurmanji word ``word`` is when typed without its letters (kustin → kuştin)."""
    places = [i for i, ch in enumerate(word) if ch.casefold() in _PLAIN_TO_LETTER][:8]
    for choice in itertools.product((False, True), repeat=len(places)):
        if not any(choice):
            continue
        letters = list(word)
        for place, change in zip(places, choice, strict=True):
            if change:
                plain = letters[place]
                letter = _PLAIN_TO_LETTER[plain.casefold()]
                letters[place] = letter.upper() if plain.isupper() else letter
        candidate = "".join(letters)
        if checker.check(candidate):
            return candidate
    return None


def ascii_kurmanji(
    words: list[str], skip: frozenset[str], limit: int = 40
) -> list[tuple[str, str]]:
    """Kurmanji words typed without ê î û ç ş, each with the word it should be.

    A word counts when the dictionary does not know it as typed but knows it with the
    letters, or when it is a common word that cannot be typed so ("u" for "û"). At most
    ``limit`` unknown words are tried.
    """
    checker = dictionary("kmr")
    found: list[tuple[str, str]] = []
    tried = 0
    with _lock:  # enchant dictionaries are not thread-safe
        for word in dict.fromkeys(words):
            if not is_latin(word):
                continue
            if KURMANJI_LETTERS & set(word) or word.casefold() in skip:
                continue
            if word in _ASCII_TELLS:
                found.append((word, word.translate(_TO_LETTERS)))
                continue
            if checker is None or len(word) < 3 or tried >= limit or checker.check(word):
                continue
            tried += 1
            better = lettered(word, checker)
            if better is not None:
                found.append((word, better))
    return found
