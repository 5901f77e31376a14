"""Numbers as people write them: digits, scale words, numbers and ordinals in words.

"5 آلاف" = 5000 = "5 hezar"; "1.5 million" = "١٫٥ مليون" = "1,5 mîlyon"; "forty-two" = ٤٢
= "اثنان وأربعون" = "چل و دوو" = "çil û du"; "9th" = "التاسع" = "نۆیەم" = "nehemîn". Percent
in words ("في المئة", "لە سەدا", "ji sedî", "per cent") is read as the sign, not as 100.

The Arabic and English words are the ones num2words writes (a test reads its output back
for every number up to 10,000) plus the forms it does not write (case, gender, dual, the
definite article and joined conjunctions). No maintained library has Sorani or Kurmanji
numbers, so their tables are here, with tests.

A lone "one" or "first" (and "second") is not read as a number: in every language these are
also articles, pronouns and adverbs ("one of", "أحد", "یەک", "yek", "secondly"), and
reading them would raise alarms on correct text. They count inside a larger number
("twenty-one") and in dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .numbers import number_values
from .tokens import Token, fold_arabic

UNIT, TEEN, TEN, HUNDRED, HUNDREDS, SCALE, PLURAL_SCALE, TEN_MARK = (
    "unit",
    "teen",
    "ten",
    "hundred",
    "hundreds",
    "scale",
    "plural-scale",
    "ten-mark",
)


@dataclass(frozen=True)
class Word:
    """What a number word means: its value, its place in a number, whether ordinal."""

    value: int
    kind: str
    ordinal: bool = False


class Quantity(NamedTuple):
    """A number read from a text: the values it can have, as written, where (token span)."""

    values: frozenset[Decimal]
    text: str
    first: int
    last: int
    ordinal: bool = False
    words: bool = False


@lru_cache(maxsize=65536)  # a long text repeats its words: fold each once
def _fold(word: str, lang: str) -> str:
    if lang in ("ar", "ckb"):
        return fold_arabic(word)
    return word.casefold().replace("’", "'")


def _table(lang: str, groups: dict[str, list[tuple[str, int]]], ordinal: bool = False) -> dict:
    table: dict[str, Word] = {}
    for kind, entries in groups.items():
        for text, value in entries:
            for form in text.split("/"):
                table[_fold(form, lang)] = Word(value, kind, ordinal)
    return table


_AR_UNITS = [
    ("واحد/واحدة/أحد/إحدى/حادي/حادية", 1),
    ("اثنان/اثنين/اثنتان/اثنتين/اثنا/اثنتا/اثني/اثنتي", 2),
    ("ثلاث/ثلاثة", 3),
    ("أربع/أربعة", 4),
    ("خمس/خمسة", 5),
    ("ست/ستة", 6),
    ("سبع/سبعة", 7),
    ("ثمان/ثماني/ثمانية", 8),
    ("تسع/تسعة", 9),
]
_AR_TENS = [
    ("عشرون/عشرين", 20),
    ("ثلاثون/ثلاثين", 30),
    ("أربعون/أربعين", 40),
    ("خمسون/خمسين", 50),
    ("ستون/ستين", 60),
    ("سبعون/سبعين", 70),
    ("ثمانون/ثمانين", 80),
    ("تسعون/تسعين", 90),
]
_AR_HUNDREDS = [("مئتان/مئتين/مئتا/مائتان/مائتين/مائتا", 200)] + [
    (f"{stem}مئة/{stem}مائة", value * 100)
    for stem, value in (
        ("ثلاث", 3),
        ("أربع", 4),
        ("خمس", 5),
        ("ست", 6),
        ("سبع", 7),
        ("ثمان", 8),
        ("ثماني", 8),
        ("تسع", 9),
    )
]
_AR_ORDINALS = [
    ("أول/أولى", 1),
    ("ثاني/ثانية/ثان", 2),
    ("ثالث/ثالثة", 3),
    ("رابع/رابعة", 4),
    ("خامس/خامسة", 5),
    ("سادس/سادسة", 6),
    ("سابع/سابعة", 7),
    ("ثامن/ثامنة", 8),
    ("تاسع/تاسعة", 9),
]

_CKB_UNITS = [
    ("یەک", 1),
    ("دوو/دو", 2),
    ("سێ", 3),
    ("چوار", 4),
    ("پێنج", 5),
    ("شەش", 6),
    ("حەوت", 7),
    ("هەشت", 8),
    ("نۆ", 9),
]
_CKB_TEENS = [
    ("دە", 10),
    ("یازدە/یانزە", 11),
    ("دوازدە/دوانزە", 12),
    ("سێزدە/سیانزە/سیازدە", 13),
    ("چواردە", 14),
    ("پازدە/پانزە", 15),
    ("شازدە/شانزە", 16),
    ("حەڤدە/حەفدە", 17),
    ("هەژدە/هەژدە", 18),
    ("نۆزدە", 19),
]
_CKB_TENS = [
    ("بیست", 20),
    ("سی", 30),
    ("چل", 40),
    ("پەنجا", 50),
    ("شەست", 60),
    ("حەفتا", 70),
    ("هەشتا", 80),
    ("نەوەد/نەوەت", 90),
]

_KMR_UNITS = [
    ("yek", 1),
    ("du/didu", 2),
    ("sê", 3),
    ("çar", 4),
    ("pênc", 5),
    ("şeş", 6),
    ("heft", 7),
    ("heşt", 8),
    ("neh", 9),
]
_KMR_TEENS = [
    ("deh", 10),
    ("yazdeh/yanzdeh", 11),
    ("diwazdeh/dazdeh/donzdeh", 12),
    ("sêzdeh/sêzde", 13),
    ("çardeh/çarde", 14),
    ("panzdeh/pazdeh", 15),
    ("şanzdeh/şazdeh", 16),
    ("hivdeh/hevdeh", 17),
    ("hejdeh", 18),
    ("nozdeh", 19),
]
_KMR_TENS = [
    ("bîst", 20),
    ("sî", 30),
    ("çil", 40),
    ("pêncî", 50),
    ("şêst", 60),
    ("heftê", 70),
    ("heştê", 80),
    ("nod/not", 90),
]

_EN_UNITS = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
]
_EN_TEENS = [
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
]
_EN_TENS = [
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
]
_EN_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}


def _kurdish_ordinals(lang: str, cardinals: list[tuple[str, int]], kind: str) -> dict:
    """Sorani -ەم/-یەم/-ەمین and Kurmanji -em/-yem/-emîn/-yemîn ordinals of cardinals."""
    suffixes = ("ەم", "یەم", "ەمین", "یەمین") if lang == "ckb" else ("em", "yem", "emîn", "yemîn")
    table: dict[str, Word] = {}
    for text, value in cardinals:
        for form in text.split("/"):
            for suffix in suffixes:
                table[_fold(form + suffix, lang)] = Word(value, kind, True)
    return table


def _build(lang: str) -> dict[str, Word]:
    if lang == "ar":
        table = _table(
            lang,
            {
                UNIT: _AR_UNITS,
                TEN_MARK: [("عشر/عشرة", 10)],
                TEN: _AR_TENS,
                HUNDRED: [("مئة/مائة/مية", 100)],
                HUNDREDS: _AR_HUNDREDS,
                SCALE: [("ألف", 1000), ("مليون", 10**6), ("مليار/بليون", 10**9)],
                PLURAL_SCALE: [
                    ("آلاف/ألوف", 1000),
                    ("ملايين", 10**6),
                    ("مليارات/بلايين", 10**9),
                ],
            },
        )
        table.update(
            _table(
                lang,
                {
                    UNIT: _AR_ORDINALS,
                    TEN_MARK: [("عاشر/عاشرة", 10)],
                },
                ordinal=True,
            )
        )
        for dual, value in (
            ("ألفا/ألفان/ألفين/ألفي", 2000),
            ("مليونا/مليونان/مليونين/مليوني", 2 * 10**6),
            ("مليارا/ملياران/مليارين/ملياري", 2 * 10**9),
        ):
            table.update(_table(lang, {SCALE: [(dual, value)]}))
        return table
    if lang == "ckb":
        return _kurdish(
            lang,
            (_CKB_UNITS, _CKB_TEENS, _CKB_TENS, "سەد"),
            [(f"{u}سەد", v * 100) for text, v in _CKB_UNITS[1:] for u in text.split("/")],
            [("هەزار", 1000), ("ملیۆن/میلیۆن", 10**6), ("ملیار/میلیار", 10**9)],
            [("هەزاران", 1000), ("ملیۆنان/میلیۆنان", 10**6)],
        )
    if lang == "kmr":
        return _kurdish(
            lang,
            (_KMR_UNITS, _KMR_TEENS, _KMR_TENS, "sed"),
            [],
            [("hezar", 1000), ("mîlyon/milyon/mîlyon/milyon", 10**6), ("mîlyar/milyar", 10**9)],
            [("hezaran", 1000), ("mîlyonan/milyonan", 10**6)],
        )
    if lang == "en":
        table = _table(
            lang,
            {
                UNIT: _EN_UNITS,
                TEEN: _EN_TEENS,
                TEN: _EN_TENS,
                HUNDRED: [("hundred", 100)],
                SCALE: [("thousand", 1000), ("million", 10**6), ("billion", 10**9)],
                PLURAL_SCALE: [
                    ("thousands", 1000),
                    ("millions", 10**6),
                    ("billions", 10**9),
                ],
            },
        )
        for word, value in _EN_ORDINALS.items():
            kind = UNIT if value < 10 else TEEN if value < 20 else TEN
            kind = HUNDRED if value == 100 else SCALE if value == 1000 else kind
            table[word] = Word(value, kind, True)
        return table
    return {}


# Words that join the parts of a number ("and" only between number words).
_CONNECTORS = {"ar": {"و"}, "ckb": {"و"}, "kmr": {"û", "u"}, "en": {"and", "-", ","}}
# Joined prefixes that may stand before a number word: "وعشرون", "بالثالث", "والثلاثين".
_PREFIXES = {
    "ar": ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"),
    "ckb": ("و",),
}
# Percent written in words: the words that follow a number.
_PERCENT = {
    "ar": {"بالمئة", "بالمائة", "المئة", "المائة", "بالمية"},
    "ckb": {"سەدا", "لەسەدا"},
    "kmr": {"sedî", "sedê"},
    "en": {"percent", "cent"},
}
# Weekdays spelled like numbers (الأحد Sunday, الاثنين Monday).
_NOT_NUMBERS = {"ar": {"الأحد", "الاثنين", "الإثنين", "يوم"}}
# Suffixes of a number written in digits: "7th", "٧ی", "٧ەم", "7ê", "7emîn".
ORDINAL_SUFFIXES = {
    "en": {"th", "st", "nd", "rd"},
    "ckb": {"ی", "ەم", "یەم", "ەمین", "یەمین", "ەمی"},
    "kmr": {"ê", "an", "em", "emîn", "yemîn", "yem", "ên", "a"},
    "ar": set(),
}


def _kurdish(
    lang: str,
    words: tuple[list[tuple[str, int]], list[tuple[str, int]], list[tuple[str, int]], str],
    hundreds: list[tuple[str, int]],
    scales: list[tuple[str, int]],
    plural_scales: list[tuple[str, int]],
) -> dict[str, Word]:
    """Sorani's or Kurmanji's number words: units, teens, tens and the word for a hundred
    (``words``), whole hundreds written as one word, scales; ordinals by suffix."""
    units, teens, tens, hundred = words
    groups = {UNIT: units, TEEN: teens, TEN: tens, HUNDRED: [(hundred, 100)]}
    table = _table(lang, {**groups, HUNDREDS: hundreds, SCALE: scales, PLURAL_SCALE: plural_scales})
    for kind, group in groups.items():
        table.update(_kurdish_ordinals(lang, group, kind))
    return table


@lru_cache(maxsize=8)
def lexicon(lang: str) -> dict[str, Word]:
    """Every number word of a language, folded (Arabic script normalised, Latin case-folded)."""
    return _build(lang)


@lru_cache(maxsize=8)
def _folded_prefixes(lang: str) -> tuple[str, ...]:
    return tuple(_fold(p, lang) for p in _PREFIXES.get(lang, ()))


@lru_cache(maxsize=8)
def _folded_sets(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (
        frozenset(_fold(w, lang) for w in _PERCENT.get(lang, ())),
        frozenset(_fold(w, lang) for w in _NOT_NUMBERS.get(lang, ())),
        frozenset(_fold(w, lang) for w in ORDINAL_SUFFIXES.get(lang, ())),
    )


@lru_cache(maxsize=4096)
def percent_word(word: str, lang: str) -> bool:
    """Whether a word says "percent" ("المئة" after "في", "سەدا" after "لە", "sedî")."""
    return _fold(word, lang) in _folded_sets(lang)[0]


@lru_cache(maxsize=4096)
def ordinal_suffix(word: str, lang: str) -> bool:
    """Whether a word is the ending of a number written in digits ("th" of "7th", "ê")."""
    return _fold(word, lang) in _folded_sets(lang)[2]


def number_word(word: str, lang: str) -> Word | None:
    """What a single word means as a number, after its joined prefixes; None if nothing."""
    if len(word) <= _KEPT_WORD:
        return _number_word(word, lang)
    return _number_word.__wrapped__(word, lang)


# Words up to this length have their meaning kept once read (a language's words repeat
# across every unit); a longer "word" is read each time and not kept.
_KEPT_WORD = 64


@lru_cache(maxsize=65536)
def _number_word(word: str, lang: str) -> Word | None:
    table = lexicon(lang)
    folded = _fold(word, lang)
    if folded in _folded_sets(lang)[1]:
        return None
    found = table.get(folded)
    if found is not None:
        return found
    if lang == "ckb" and folded.endswith("ي") and len(folded) >= 3:
        found = table.get(folded[:-1])  # ezafe: حەوتی تشرینی یەکەم
        if found is not None:
            return found
    for folded_prefix in _folded_prefixes(lang):
        # The rest must be 3 letters or more: ل+ست is "لست" (I am not), not six.
        if folded.startswith(folded_prefix) and len(folded) >= len(folded_prefix) + 3:
            found = table.get(folded[len(folded_prefix) :])
            if found is not None:
                return found
    return None


class _Builder:
    """One number being read from words, place by place."""

    def __init__(self, first_unit: bool) -> None:
        self.first_unit = first_unit  # Arabic says the unit before the ten: ثلاثة وعشرون
        self.total = 0
        self.current = 0
        self.last_scale = 0
        self.words: list[Word] = []

    def add(self, word: Word) -> bool:
        """Add a word if it can continue this number; False when it starts another."""
        cur, kind = self.current, word.kind
        last = self.words[-1] if self.words else None
        if kind in (SCALE, PLURAL_SCALE):
            scale = word.value if word.value in (1000, 10**6, 10**9) else word.value // 2
            if self.last_scale and scale >= self.last_scale:
                return False
            if kind == PLURAL_SCALE and cur == 0:
                return False
            # After a number, ألفاً (written ألفا without its tanween) is "thousand", not
            # the dual "two thousand": أحد عشر ألفاً.
            multiplier = (cur or 1) if word.value == scale or cur else 2
            self.total += multiplier * scale
            self.current, self.last_scale = 0, scale
        elif kind == HUNDRED:
            if last is not None and last.kind == UNIT and 1 <= cur <= 9:
                self.current = cur * 100
            elif cur == 0:
                self.current = 100
            else:
                return False
        elif kind == HUNDREDS:
            if cur:
                return False
            self.current = word.value
        elif kind == TEN_MARK:
            if (last is not None and last.kind == UNIT and 1 <= cur % 100 <= 9) or cur % 100 == 0:
                self.current = cur + 10
            else:
                return False
        elif kind == TEEN:
            if cur % 100:
                return False
            self.current = cur + word.value
        elif kind == TEN:
            tail = cur % 100
            if tail == 0 or (self.first_unit and 1 <= tail <= 9 and last and last.kind == UNIT):
                self.current = cur + word.value
            else:
                return False
        else:  # a unit
            tail = cur % 100
            if tail == 0 or (not self.first_unit and tail % 10 == 0 and tail >= 20):
                self.current = cur + word.value
            else:
                return False
        self.words.append(word)
        return True

    @property
    def value(self) -> int:
        return self.total + self.current

    def meaningful(self) -> bool:
        """Whether this is worth comparing (not a lone "one", "first" or "second")."""
        if len(self.words) > 1:
            return True
        word = self.words[0]
        if word.kind == PLURAL_SCALE:
            return False
        return not (word.value == 1 or (word.ordinal and word.value == 2))


def may_count(text: str, kind: str, lang: str, words: bool = True) -> bool:
    """Whether :func:`read_quantities` reads a token of this text and kind: a number, a
    number word, and where the text has number words (``words``) a connector ("و", "and").
    Any other token ends a number as a gap does (a percent word included), so the reader
    can be given the tokens this accepts and nothing else."""
    return (
        kind == "num"
        or number_word(text, lang) is not None
        or (words and _fold(text, lang) in _CONNECTORS.get(lang, ()))
    )


def read_quantities(
    text: str,
    toks: list[Token],
    lang: str,
    skip: frozenset[int] = frozenset(),
    source: bool = False,
) -> list[Quantity]:
    """Every number in a token list: digits (with a scale word after them), words, ordinals.

    ``toks`` may leave out tokens :func:`may_count` refuses: a gap in their places ends a
    number as such a token would. ``skip`` holds the indexes of tokens that belong to
    something else (month names such as "تشرين الأول" or "تشرینی یەکەم"). ``source`` reads
    digits by the source's conventions (one value); a translation's digits keep every value
    they can mean.
    """
    connectors = _CONNECTORS.get(lang, set())
    first_unit = lang == "ar"
    found: list[Quantity] = []
    builder: _Builder | None = None
    start = end = 0
    pending_connector = False

    def close() -> None:
        nonlocal builder
        if builder is not None and builder.meaningful():
            found.append(
                Quantity(
                    frozenset({Decimal(builder.value)}),
                    text[toks[start].start : toks[end].end],
                    toks[start].place,
                    toks[end].place,
                    any(w.ordinal for w in builder.words),
                    True,
                )
            )
        builder = None

    place = 0
    count = len(toks)
    previous = -1
    while place < count:
        tok = toks[place]
        if tok.place != previous + 1:  # tokens left out: they end a number
            close()
            pending_connector = False
        previous = tok.place
        if tok.place in skip:
            close()
            place += 1
            continue
        if tok.kind == "num":
            close()
            values = number_values(tok.text, lang, source)
            last = place
            following = place + 1
            if (
                following < count
                and toks[following].place == tok.place + 1
                and toks[following].kind == "word"
                and toks[following].place not in skip
                and not percent_word(toks[following].text, lang)
            ):
                scale = number_word(toks[following].text, lang)
                if scale is not None and scale.kind in (SCALE, PLURAL_SCALE, HUNDRED):
                    factor = scale.value if scale.value in (100, 1000, 10**6, 10**9) else None
                    if factor is not None:
                        values = frozenset(v * factor for v in values)
                        last = following
            if values:
                found.append(
                    Quantity(
                        values,
                        text[tok.start : toks[last].end],
                        tok.place,
                        toks[last].place,
                    )
                )
            previous = toks[last].place
            place = last + 1
            continue
        if tok.kind == "word" and percent_word(tok.text, lang):
            close()
            place += 1
            continue
        word = number_word(tok.text, lang) if tok.kind in ("word", "mark") else None
        if word is None:
            folded = _fold(tok.text, lang)
            if builder is not None and folded in connectors and not pending_connector:
                pending_connector = True
                place += 1
                continue
            close()
            pending_connector = False
            place += 1
            continue
        if builder is not None and builder.add(word):
            end = place
        else:
            close()
            builder = _Builder(first_unit)
            if builder.add(word):
                start = end = place
            else:
                builder = None
        pending_connector = False
        place += 1
    close()
    return found
