"""Dates as day and month, by month name in every form used in Iraq.

Month names come from CLDR through Babel (Iraqi Arabic's كانون الثاني … كانون الأول and
the يناير … ديسمبر of Arabic, Sorani's تشرینی یەکەم, Kurmanji's cotmeh, English) plus the
alternates CLDR lacks: أكتوبر beside تشرين الأول in Iraqi text, ئۆکتۆبەر beside تشرینی یەکەم,
Oktober beside Cotmeh, Çile and Kanûn beside rêbendan and berfanbar. Sorani and Kurmanji
endings on a month (تشرینی یەکەمەوە, Cotmehê) and Arabic joined prepositions (بتشرين) are
read. A day is a number just before the month ("7th October", "٧ی تشرینی یەکەم", "7ê
Cotmehê", "السابع من تشرين الأول") or just after it ("October 7").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_month_names

from ..languages import get_language
from .numwords import Quantity, _fold, ordinal_suffix
from .tokens import Token

_ALTERNATES: dict[str, list[list[str]]] = {
    "ar": [
        ["كانون ثاني", "جانفي"],
        ["فبراير", "فيفري"],
        ["آذار", "مارس"],
        ["ابريل", "إبريل", "أفريل"],
        ["مايس", "ماي"],
        ["يونيه", "جوان"],
        ["يوليه", "جويلية"],
        ["اغسطس", "أوت"],
        ["سبتمبر"],
        ["تشرين أول"],
        ["تشرين ثاني"],
        ["كانون أول"],
    ],
    "ckb": [
        ["کانونی دووەم", "جەنیوەری", "یەنایەر"],
        ["شوبات", "فێبریوەری", "فیبرایەر"],
        ["مارس", "مارچ"],
        ["ئەپریل", "ئەبریل"],
        ["مەی", "مایس"],
        ["جوون", "یۆنیۆ", "حوزەیران"],
        ["جولای", "تەمموز", "یۆلیۆ"],
        ["ئۆگەست", "ئاگۆست"],
        ["سێپتەمبەر", "ئەیلول"],
        ["ئۆکتۆبەر"],
        ["نۆڤەمبەر", "نۆفەمبەر"],
        ["دیسەمبەر", "کانوونی یەکەم"],
    ],
    "kmr": [
        ["çile", "kanûna paşîn", "januar", "kanûna duyem"],
        ["şubat", "februar"],
        ["avdar", "mart"],
        ["april"],
        ["gulan", "mayîs"],
        ["pûşper", "hezîran", "juni"],
        ["tîrmeh", "temmûz", "juli"],
        ["gelawêj", "tebax", "august"],
        ["rezber", "îlon", "septembir", "september"],
        ["kewçêr", "cotmeh", "oktober", "teşrîna pêşîn", "çirîya pêşîn"],
        ["sermawez", "mijdar", "novembir", "november", "teşrîna paşîn", "çirîya paşîn"],
        ["berfanbar", "kanûn", "kanûna pêşîn", "desembir", "december"],
    ],
    "en": [
        ["jan"],
        ["feb"],
        ["mar"],
        ["apr"],
        ["may"],
        ["jun"],
        ["jul"],
        ["aug"],
        ["sep", "sept"],
        ["oct"],
        ["nov"],
        ["dec"],
    ],
}
# Babel locales beside the language's own whose month names are in use.
_MORE_LOCALES = {"ar": ["ar", "ar_IQ"], "ckb": ["ckb"], "kmr": ["ku"], "en": ["en"]}
# Endings on the last word of a month name, and joined prefixes on its first.
_ENDINGS = {
    "ckb": ("", "ی", "دا", "ەوە", "ەدا", "ی", "یش"),
    "kmr": ("", "ê", "a", "yê", "ya", "ê de"),
    "ar": ("",),
    "en": ("",),
}
_PREFIXES = {
    "ar": ("", "و", "ب", "ل", "في", "ف"),
    "ckb": ("", "و", "لە"),
    "kmr": ("",),
    "en": ("",),
}
# Month names that are also common words (مارس "practised", آب/أب "father", English "may"):
# they are a month only with a day next to them.
_AMBIGUOUS = {"ar": {"مارس", "اب", "ماي"}, "en": {"may", "march"}, "ckb": set(), "kmr": set()}
# Words allowed between a day and its month: "7th of October", "السابع من تشرين الأول".
_BETWEEN = {"ar": {"من"}, "ckb": set(), "kmr": set(), "en": {"of", "the"}}
_DAY_MARKS = ("-", "،", ",")


@dataclass(frozen=True)
class Date:
    """A month (1-12) with its day (None when the text names the month alone)."""

    day: int | None
    month: int
    text: str
    first: int
    last: int


@lru_cache(maxsize=8)
def month_names(lang: str) -> dict[tuple[str, ...], int]:
    """Every month name of a language, as a tuple of folded words, with its number."""
    names: dict[tuple[str, ...], int] = {}
    locales = [str(get_language(lang).locale), *_MORE_LOCALES.get(lang, [])]
    for locale in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    if lang == "kmr" and width == "abbreviated":
                        continue  # "cot", "adr": too short to tell from words
                    names[tuple(_fold(w, lang) for w in name.split())] = number
    for number, alternates in enumerate(_ALTERNATES.get(lang, []), start=1):
        for name in alternates:
            names[tuple(_fold(w, lang) for w in name.split())] = number
    return names


@lru_cache(maxsize=8)
def _index(lang: str) -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], int]:
    """Month names by their first word (with prefixes and endings applied)."""
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    longest = 1
    endings = [_fold(e, lang) for e in _ENDINGS.get(lang, ("",)) if " " not in e]
    prefixes = [_fold(p, lang) for p in _PREFIXES.get(lang, ("",))]
    for words, number in month_names(lang).items():
        longest = max(longest, len(words))
        for prefix in prefixes:
            for ending in endings:
                forms: tuple[str, ...] = (
                    (prefix + words[0] + ending,)
                    if len(words) == 1
                    else (prefix + words[0], *words[1:-1], words[-1] + ending)
                )
                by_first.setdefault(forms[0], []).append((forms, number))
    for entries in by_first.values():
        entries.sort(key=lambda item: -len(item[0]))
    return by_first, longest


@lru_cache(maxsize=8)
def _month_words(lang: str) -> frozenset[str]:
    """Every word of every form of a month's name (folded)."""
    by_first, _ = _index(lang)
    return frozenset(
        word for entries in by_first.values() for forms, _ in entries for word in forms
    )


@lru_cache(maxsize=8)
def _between(lang: str) -> frozenset[str]:
    return frozenset(_fold(w, lang) for w in _BETWEEN.get(lang, set()))


def month_word(text: str, lang: str) -> bool:
    """Whether a word is one of the words of a month's name (in any of its forms)."""
    return _fold(text, lang) in _month_words(lang)


def may_date(text: str, kind: str, lang: str) -> bool:
    """Whether :func:`find_months` or :func:`find_dates` read a token of this text and
    kind: a word of a month's name, a word or mark allowed between a day and its month.
    Any other token ends a date, so they can be given these tokens and numbers only (and
    numbers alone where the text names no month)."""
    folded = _fold(text, lang)
    return (
        folded in _month_words(lang)
        or folded in _between(lang)
        or ordinal_suffix(text, lang)
        or text in _DAY_MARKS
    )


def find_months(toks: list[Token], lang: str) -> list[tuple[int, int, int]]:
    """Month names in a token list: (first token, last token, month), by token index.

    ``toks`` may leave out tokens :func:`may_date` refuses."""
    by_first, _ = _index(lang)
    words = [
        (t.place, _fold(t.text, lang))
        for t in toks
        if t.kind == "word" and (lang != "en" or t.text[:1].isupper())  # English capitalises
    ]
    found = []
    position = 0
    while position < len(words):
        index, folded = words[position]
        match = None
        for forms, number in by_first.get(folded, ()):
            span = words[position : position + len(forms)]
            if (
                len(span) == len(forms)
                and all(w == f for (_, w), f in zip(span, forms, strict=True))
                and span[-1][0] - index == len(forms) - 1  # the words are adjacent
            ):
                match = (index, span[-1][0], number, len(forms))
                break
        if match is None:
            position += 1
            continue
        found.append(match[:3])
        position += match[3]
    return found


def find_dates(
    text: str,
    toks: list[Token],
    lang: str,
    months: list[tuple[int, int, int]],
    quantities: list[Quantity],
) -> list[Date]:
    """Each month with the day written next to it (a number from 1 to 31).

    ``toks`` may leave out tokens that neither :func:`may_date` nor
    :func:`~.numwords.may_count` accepts."""
    at = {t.place: t for t in toks} if months else {}
    ending_at = {q.last: q for q in quantities}
    starting_at = {q.first: q for q in quantities}
    between = _between(lang)
    dates = []
    ambiguous = _AMBIGUOUS.get(lang, set())

    def joins(index: int) -> bool:
        """Whether the token at ``index`` may stand between a day and its month."""
        tok = at.get(index)
        return tok is not None and (
            ordinal_suffix(tok.text, lang)
            or _fold(tok.text, lang) in between
            or tok.text in _DAY_MARKS
        )

    for first, last, month in months:
        day: Quantity | None = None
        before = first - 1
        while before >= 0 and joins(before) and first - before <= 3:
            before -= 1
        candidate = ending_at.get(before)
        if candidate is not None and _day(candidate) is not None:
            day = candidate
        else:
            after = last + 1
            while after in at and _fold(at[after].text, lang) in between:
                after += 1
            candidate = starting_at.get(after)
            if candidate is not None and _day(candidate) is not None:
                day = candidate
        if day is None and first == last and _fold(at[first].text, lang) in ambiguous:
            continue
        start = day.first if day is not None and day.first < first else first
        end = day.last if day is not None and day.last > last else last
        written = text[at[start].start : at[end].end]
        dates.append(Date(_day(day) if day else None, month, written, start, end))
    return dates


def _day(quantity: Quantity) -> int | None:
    days = [int(v) for v in quantity.values if v == v.to_integral_value() and 1 <= v <= 31]
    return days[0] if len(days) == 1 else None
