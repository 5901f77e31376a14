"""The word forms a glossary term takes in a translation.

Arabic joins conjunctions, prepositions and the article to a word (والحصار، بالحصار،
للاحتلال) and ends it for gender, number and possession (حصارات، حصارها); Sorani ends a noun
for definiteness and number (گەمارۆکە، گەمارۆکان، گەمارۆیەک) and leaves it singular after a
numeral (پەنجا و سێ کارمەندی مرۆیی for کارمەندانی مرۆیی); Kurmanji adds the ezafe (-ê, -a,
-ên, -yê) and plural -an. A term is found when each of its words, reduced to its stems,
meets the stems of consecutive words of the translation.
"""

from __future__ import annotations

from functools import lru_cache

from .tokens import clean, fold_arabic, scan, tokens

_PREFIXES = {
    "ar": ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك"),
    "ckb": ("و",),
    "kmr": (),
    "en": (),
}
_SUFFIXES = {
    "ar": ("اتها", "اتهم", "ات", "ون", "ين", "ان", "تها", "ها", "هم", "ه", "ي", "يه", "يا"),
    "ckb": (
        "هكانيان",
        "هكاني",
        "هكان",
        "هكهي",
        "هكه",
        "يهكان",
        "يهكه",
        "انيان",
        "اني",
        "ان",
        "يهك",
        "ێك",
        "كاني",
        "كان",
        "كهي",
        "كه",
        "يهكي",
        "يش",
        "ش",
        "يان",
        "دا",
        "هوه",
        "ي",
        "ه",
    ),
    "kmr": (
        "iyên",
        "iyê",
        "iya",
        "yên",
        "yê",
        "ya",
        "ên",
        "ê",
        "a",
        "an",
        "eke",
        "ekê",
        "ek",
        "î",
        "e",
    ),
    "en": ("'s", "’s", "es", "s"),
}


def fold(word: str, lang: str) -> str:
    """A word as the glossary compares it."""
    if lang in ("ar", "ckb"):
        return fold_arabic(word)
    return word.casefold()


@lru_cache(maxsize=8192)
def stems(word: str, lang: str) -> frozenset[str]:
    """A word and what is left of it without one joined prefix and one ending."""
    folded = fold(word, lang)
    bases = {folded}
    for prefix in _PREFIXES.get(lang, ()):
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 3:
            bases.add(folded[len(prefix) :])
    result = set(bases)
    for base in bases:
        for suffix in _SUFFIXES.get(lang, ()):
            suffix = fold(suffix, lang)
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                result.add(base[: -len(suffix)])
    return frozenset(result)


@lru_cache(maxsize=32)
def _word_stems(text: str, lang: str) -> list[frozenset[str]]:
    """The stems of every word of ``text`` (cached: the glossary asks once per term)."""
    words = scan(clean(text)).words
    stemmed = {word: stems(word, lang) for word in set(words)}
    return list(map(stemmed.__getitem__, words))


def has_term(text: str, expected: str, lang: str) -> bool:
    """Whether ``expected`` (alternatives split by / or |) occurs in ``text`` in any form."""
    words = _word_stems(text, lang)
    for variant in expected.replace("|", "/").split("/"):
        wanted = [stems(t.text, lang) for t in tokens(clean(variant)) if t.kind == "word"]
        if not wanted:
            continue
        first = wanted[0]
        for start, found in enumerate(words):
            if first & found and all(
                start + offset < len(words) and need & words[start + offset]
                for offset, need in enumerate(wanted[1:], start=1)
            ):
                return True
    return False
