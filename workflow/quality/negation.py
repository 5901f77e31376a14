"""Negation in English, Arabic, Sorani and Kurmanji, word by word.

In a source, the words that say "not" (not, no, never, without, nor, n't; the un-/il-/in-
words whose translations keep the negation: illegal, unlawful, inhumane, unacceptable …;
not "indiscriminate" or "unwavering", which are translated without one). In a translation,
everything a careful translator uses for it: Arabic لا لم لن ليس غير عدم دون بلا and the
prefix اللا; Sorani نا/نە/نی verb prefixes (also after a preverb: هەڵنەگرت), نییە, بێ/بەبێ;
Kurmanji ne, na, nîne, tune, bê and the ne-/na- verb prefixes, and the words for refusing
("نرفض", "ڕەتدەکەینەوە", "red dikin") that translate "we do not accept".
"""

from __future__ import annotations

from functools import lru_cache

from .tokens import clean, fold_arabic, scan

_EN_SOURCE = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "nor",
        "neither",
        "none",
        "nothing",
        "nobody",
        "cannot",
        "illegal",
        "illegally",
        "illegitimate",
        "unlawful",
        "unlawfully",
        "unacceptable",
        "unjust",
        "unjustified",
        "inhumane",
        "inhuman",
        "unconditional",
        "unconditionally",
        "unprecedented",
        "impossible",
    ]
)
_AR = frozenset(
    fold_arabic(w)
    for w in [
        "لا",
        "لم",
        "لن",
        "ليس",
        "ليست",
        "ليسوا",
        "ليسا",
        "لسنا",
        "لست",
        "لستم",
        "غير",
        "عدم",
        "دون",
        "بدون",
        "بلا",
        "لما",
        "كلا",
        "انعدام",
    ]
)
_AR_TARGET_MORE = frozenset(
    fold_arabic(w)
    for w in [
        "نرفض",
        "رفض",
        "يرفض",
        "ترفض",
        "رفضنا",
        "الرفض",
        "غياب",
        "حرمان",
        "محروم",
        "محرومين",
        "محرومون",
    ]
)
# Words that begin with ال + لا and are not the negation اللا (اللاجئين, اللازم, لاهاي …).
_AR_LA_WORDS = tuple(
    fold_arabic(w) for w in ("جئ", "زم", "يح", "حق", "عب", "فت", "هاي", "تين", "ذق", "مع")
)
_CKB = frozenset(
    fold_arabic(w)
    for w in ["نا", "نە", "نەک", "نییە", "نیە", "نین", "نیم", "نیت", "نییە", "بێ", "بەبێ", "هیچ"]
)
_CKB_TARGET_MORE = frozenset(
    fold_arabic(w) for w in ["ڕەتدەکەینەوە", "ڕەتدەکاتەوە", "ڕەتکردنەوەی", "ڕەتکردنەوە"]
)
_CKB_PREFIXES = tuple(fold_arabic(p) for p in ("نا", "نە", "نی", "بێ"))
_CKB_PREVERBS = tuple(fold_arabic(p) for p in ("هەڵ", "دەر", "ڕا", "وەر", "تێ", "پێ", "لێ", "دا"))
# Sorani words that begin like a negation and are not one (ناو "inside", نەخۆش "ill" …).
_CKB_NOT = tuple(
    fold_arabic(w)
    for w in [
        "ناو",
        "ناس",
        "نامە",
        "نان",
        "نارد",
        "نەخۆش",
        "نەوەد",
        "نەتەوە",
        "نەوت",
        "نەریت",
        "نیشان",
        "نیشتمان",
        "نیو",
        "نیگ",
        "نیز",
        "بێژ",
        "بێست",
        "نەهێ",
        "نەخش",
        "نیش",
    ]
)
_KMR = frozenset(
    [
        "ne",
        "na",
        "nîne",
        "nînin",
        "nîn",
        "tune",
        "tuneye",
        "tuneyin",
        "bê",
        "bêyî",
        "qet",
        "hîç",
        "neke",
        "nake",
    ]
)
_KMR_TARGET_MORE = frozenset(["red", "redkirin", "redkirina"])
_KMR_PREFIXES = ("ne", "na", "bê", "nika", "niza")  # nikare "cannot", nizane
_KMR_NOT = [
    "nav",
    "nas",
    "nexweş",
    "netew",
    "nehem",
    "nerm",
    "name",
    "nan",
    "nakok",
    "natur",
    "nasyon",
    "neft",
    "nebat",
    "nexş",
    "nefes",
    "nêz",
    "nêr",
    "nerîn",
    "nepen",
    "bêtir",
    "bêhtir",
    "bêje",
    "bêj",
    "bêhn",
    "bêrî",
    "bêder",
]


def negations(text: str, lang: str, source: bool = False) -> list[str]:
    """The words of a text that say "not" (in a source, only in the strict sense)."""
    seen = scan(clean(text))
    negative = {
        word
        for word, kind in seen.kinds().items()
        if kind == "word" and _negative(word, lang, source)
    }
    return [word for word in seen.words if word in negative] if negative else []


@lru_cache(maxsize=8192)
def _negative(word: str, lang: str, source: bool) -> bool:
    if lang == "en":
        folded = word.casefold().replace("’", "'")
        return folded in _EN_SOURCE or folded.endswith("n't")
    if lang == "ar":
        folded = fold_arabic(word)
        for prefix in ("", "و", "ف", "ب"):
            rest = folded[len(prefix) :] if folded.startswith(prefix) else None
            if rest is None:
                continue
            if rest in _AR or (not source and rest in _AR_TARGET_MORE):
                return True
        for prefix in ("", "و", "ف", "ب"):
            rest = folded.removeprefix(prefix)
            if rest.startswith("لاا") or (
                rest.startswith("اللا") and not rest[4:].startswith(_AR_LA_WORDS)
            ):
                return True
        return False
    if lang == "ckb":
        folded = fold_arabic(word).removeprefix("و")
        if folded in _CKB or (not source and folded in _CKB_TARGET_MORE):
            return True
        for preverb in ("", *_CKB_PREVERBS):
            if not folded.startswith(preverb):
                continue
            rest = folded[len(preverb) :]
            if len(rest) >= 4 and rest.startswith(_CKB_PREFIXES) and not rest.startswith(_CKB_NOT):
                return True
        return False
    if lang == "kmr":
        folded = word.casefold()
        if folded in _KMR or (not source and folded in _KMR_TARGET_MORE):
            return True
        if folded in ("neh", "nehan"):  # nine
            return False
        return (
            len(folded) >= 4
            and folded.startswith(_KMR_PREFIXES)
            and not folded.startswith(tuple(_KMR_NOT))
        )
    return False
