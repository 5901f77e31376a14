"""Quality checks that read Arabic, Sorani and Kurmanji correctly.

Each check has an id, a severity (``error`` blocks publishing, ``warning`` informs,
``hint`` is advice that never blocks nor alarms) and a plain message. In a political
statement a wrong number, a dropped name, a dropped "not" or an inconsistent term is worse
than a clumsy sentence, so numbers are compared by value whatever the digit system or the
words (8000 = ٨٠٠٠ = ٨٬٠٠٠ = ۸۰۰۰ = 8 آلاف = "eight thousand"), dates by day and month
whatever the month's name (7th October = السابع من تشرين الأول = ٧ی تشرینی یەکەم = 7ê
Cotmehê), Arabic punctuation counts as the same marks (؟ is a question mark), and bidi
control characters that can hide or reorder text are errors. What each language's words
mean is read in :mod:`workflow.quality`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polib
from babel.dates import get_month_names

from ..catalog.entries import foreign_entries
from ..catalog.state import current_acceptances, entry_state
from ..catalog.statement import Statement
from ..catalog.unit import unit_id
from ..i18n import N_, render
from ..languages import get_language
from . import negation, script, sentences
from .checkcache import CheckCache, statement_cache
from .dates import Date, find_dates, find_months, may_date, month_word
from .forms import has_term
from .glossary import Glossary, target_has
from .numwords import Quantity, may_count, number_word, read_quantities
from .placeables import blank_placeables, find_emails, find_tags, find_urls, link_targets
from .tokens import Token, clean, scan

ERROR, WARNING, HINT = "error", "warning", "hint"
SEVERITIES = (ERROR, WARNING, HINT)


@dataclass(frozen=True)
class Finding:
    """One problem found in one unit.

    ``template`` is an English sentence marked with :func:`~workflow.i18n.N_`, with
    ``%(name)s`` placeholders for ``params``; ``message`` is it filled in (CLI, JSON), and the
    web UI shows the template translated into the interface language.
    """

    check: str
    severity: str
    template: str
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def message(self) -> str:
        """The finding as one English sentence."""
        return render(self.template, self.params)


@dataclass
class Context:
    """What a check needs besides the two texts."""

    source_lang: str
    lang: str
    glossary: Glossary | None = None
    allowed: frozenset[str] = frozenset()


Check = Callable[[str, str, Context], Iterable[Finding]]
_BIDI_OPEN = {
    "\u202a": "\u202c",
    "\u202b": "\u202c",
    "\u2066": "\u2069",
    "\u2067": "\u2069",
    "\u2068": "\u2069",
}
_OVERRIDES = {"\u202d", "\u202e"}
_BIDI_CONTROLS = {*_BIDI_OPEN, *_OVERRIDES, "\u202c", "\u2069"}
_END_MARKS = {
    "?": "?",
    "؟": "?",
    "!": "!",
    ".": ".",
    "۔": ".",
    "…": "…",
    ":": ":",
    ";": ";",
    "؛": ";",
    ",": ",",
    "،": ",",
}
_SORANI_LETTERS = set("ڕڵۆێە")
_WORD = re.compile(r"[^\W\d_]+")
_ARABIC_SCRIPT = re.compile("[\u0600-\u08ff\ufb50-\ufeff]")
# How much shorter than its English source a translation may be before it looks like a
# dropped clause: below the shortest ratio measured on the careful translations of the
# checks' test set (ar 0.73, ckb 0.89, kmr 0.91; bench/checks_bench.py), with a margin.
MIN_LENGTH_RATIO = {"ar": 0.65, "ckb": 0.78, "kmr": 0.8, "en": 0.5}


@dataclass(frozen=True)
class Reading:
    """What the checks read in one text: its numbers and dates."""

    text: str
    quantities: list[Quantity]
    dates: list[Date]


@lru_cache(maxsize=64)
def read(text: str, lang: str, source: bool = False) -> Reading:
    """The numbers and dates of a text (month names are not read as numbers).

    Only the tokens that can be part of a number or a date are read
    (:func:`number_tokens`)."""
    text = clean(text)
    toks = number_tokens(text, lang)
    months = find_months(toks, lang)
    skip = frozenset(i for first, last, _ in months for i in range(first, last + 1))
    quantities = read_quantities(text, toks, lang, skip, source=source)
    return Reading(text, quantities, find_dates(text, toks, lang, months, quantities))


def number_tokens(text: str, lang: str) -> list[Token]:
    """The tokens of a cleaned text that the number and date readers read, from its
    :func:`~workflow.quality.tokens.scan`: numbers and number words, connectors where the
    text has number words, month names and the words between a day and its month where it
    names a month. The readers take the gaps for the words left out."""
    seen = scan(text)
    kinds = seen.kinds()
    words = any(kind != "num" and number_word(t, lang) is not None for t, kind in kinds.items())
    dated = any(kind == "word" and month_word(t, lang) for t, kind in kinds.items())
    return seen.select(
        lambda t, kind: may_count(t, kind, lang, words) or (dated and may_date(t, kind, lang))
    )


def _numbers(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    wanted = [q for q in read(source, ctx.source_lang, True).quantities if q.values]
    found = read(target, ctx.lang).quantities
    by_value: dict[Any, list[int]] = {}
    for index, quantity in enumerate(found):
        for value in quantity.values:
            by_value.setdefault(value, []).append(index)
    used = [False] * len(found)
    position: dict[Any, int] = {}
    missing = []
    for quantity in wanted:
        value = next(iter(quantity.values))
        candidates = by_value.get(value, [])
        at = position.get(value, 0)
        while at < len(candidates) and used[candidates[at]]:
            at += 1
        if at < len(candidates):
            used[candidates[at]] = True
            at += 1
        else:
            missing.append(quantity)
        position[value] = at
    extra = [q for q, taken in zip(found, used, strict=True) if not taken]
    shown = ", ".join(_written(q) for q in missing)
    others = ", ".join(q.text for q in extra)
    if missing and extra:
        # Digits in the translation are read for sure; a number in words there might be
        # another word ("سبع"), so that alone is a warning.
        certain = any(not q.words for q in extra)
        yield Finding(
            "numbers",
            ERROR if certain else WARNING,
            N_("A number differs: the source has %(source)s, the translation has %(target)s."),
            {"source": shown, "target": others},
        )
    elif missing:
        yield Finding(
            "numbers",
            WARNING,
            N_(
                "%(source)s from the source is not in the translation, in digits or in words; "
                "check that it says the same."
            ),
            {"source": shown},
        )
    elif extra:
        yield Finding(
            "numbers",
            WARNING,
            N_("The translation has %(target)s, which the source does not."),
            {"target": others},
        )


def _written(quantity: Quantity) -> str:
    """A source number for a message as the source writes it ("2.2 million", "seventeen"),
    with its value where that reads otherwise (the value alone, 2200000, is not to be found
    in the source by a volunteer who looks for it)."""
    value = _show(next(iter(quantity.values)))
    spelled = any(char.isalpha() for char in quantity.text)
    return f"{quantity.text} ({value})" if spelled else quantity.text


def _dates(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    wanted = read(source, ctx.source_lang, True).dates
    if not wanted:
        return
    found = list(read(target, ctx.lang).dates)
    lost: list[Date] = []
    for date in sorted(wanted, key=lambda d: d.day is None):
        same = next(
            (d for d in found if d.month == date.month and (d.day == date.day or date.day is None)),
            None,
        )
        if same is not None:
            found.remove(same)
        else:
            lost.append(date)
    for date in lost:
        other = next(
            (
                d
                for d in found
                if d.day is not None and (d.month == date.month or d.day == date.day)
            ),
            None,
        ) or next((d for d in found if d.month != date.month), None)
        if other is not None:
            found.remove(other)
            yield Finding(
                "dates",
                ERROR,
                N_(
                    "A date differs: the source has %(source)s (%(source_date)s), the "
                    "translation has %(target)s (%(target_date)s)."
                ),
                {
                    "source": date.text,
                    "source_date": _date_name(date),
                    "target": other.text,
                    "target_date": _date_name(other),
                },
            )
        elif any(d.month == date.month for d in found):
            yield Finding(
                "dates",
                WARNING,
                N_(
                    "The day of %(source)s (%(source_date)s) is not next to its month in the "
                    "translation; check it."
                ),
                {"source": date.text, "source_date": _date_name(date)},
            )
        else:
            yield Finding(
                "dates",
                WARNING,
                N_(
                    "The date %(source)s (%(source_date)s) is not in the translation by day "
                    "and month; check it."
                ),
                {"source": date.text, "source_date": _date_name(date)},
            )


def _date_name(date: Date) -> str:
    month = get_month_names("wide", locale="en")[date.month]
    return f"{date.day} {month}" if date.day is not None else month


def _show(value: Any) -> str:
    return format(value.normalize(), "f")


def _placeables(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    for finder, template in (
        (find_urls, N_("The address %(items)s must appear unchanged in the translation.")),
        (find_emails, N_("The e-mail address %(items)s must appear unchanged in the translation.")),
        (
            find_tags,
            N_("The hashtag or handle %(items)s must appear unchanged in the translation."),
        ),
    ):
        expected = Counter(span.text for span in finder(source))
        found = Counter(span.text for span in finder(target))
        lost = expected - found
        if lost:
            yield Finding("placeables", ERROR, template, {"items": ", ".join(sorted(lost))})
    links, found_links = Counter(link_targets(source)), Counter(link_targets(target))
    if links != found_links:
        yield Finding(
            "markup",
            ERROR,
            N_("The link targets differ from the source's: keep every [text](address)."),
        )
    for mark, template in (
        ("**", N_("The bold markers (%(mark)s) do not match the source's.")),
        ("`", N_("The code markers (%(mark)s) do not match the source's.")),
    ):
        if source.count(mark) != target.count(mark):
            yield Finding("markup", WARNING, template, {"mark": mark})
    single = lambda text: text.replace("**", "").count("*")  # noqa: E731
    if single(source) % 2 == 0 and single(target) % 2 == 1:
        yield Finding("markup", WARNING, N_("An emphasis marker (*) is not closed."))


def _unchanged(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    if not target.strip():
        yield Finding("empty", ERROR, N_("The translation is empty."))
        return
    if target.strip() == source.strip():
        words = [w for w in _WORD.findall(source) if w.casefold() not in ctx.allowed]
        if len(words) >= 2:
            yield Finding(
                "unchanged", ERROR, N_("The translation is the source text, untranslated.")
            )


def _script(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    stripped = blank_placeables(target)
    pieces = Counter(stripped.split())  # a long text repeats its words: read each once
    letters = arabic = 0
    for word, count in _word_counts(pieces).items():
        if word.casefold() not in ctx.allowed:
            letters += len(word) * count
            arabic += _arabic_letters(word) * count
    if not letters:
        return
    script_name = get_language(ctx.lang).script
    if script_name == "Arab" and arabic / letters < 0.5:
        yield Finding("script", ERROR, N_("Most of this is not in Arabic script."))
        return
    if script_name == "Latn" and arabic:
        yield Finding(
            "script",
            ERROR,
            N_("Kurmanji is written in Latin letters; this has Arabic script in it."),
        )
    if ctx.lang == "ckb" and arabic:
        if "ي" in target or "ك" in target:
            yield Finding(
                "sorani-letters",
                WARNING,
                N_("Uses the Arabic letters ي or ك; Sorani writes ی and ک."),
            )
        elif arabic >= 40 and not any(ch in target for ch in _SORANI_LETTERS):
            yield Finding(
                "sorani-letters",
                WARNING,
                N_("Has none of the Sorani letters ڕ ڵ ۆ ێ ە: is it Arabic?"),
            )
    if ctx.lang == "ar":
        foreign = script.foreign_letters(pieces)
        if foreign:
            yield Finding(
                "arabic-letters",
                WARNING,
                N_(
                    "Persian or Sorani letters in Arabic text: %(words)s. Arabic writes ي and "
                    "ك (not ی and ک), and has no ە ۆ ێ ڕ ڵ."
                ),
                {"words": _few(foreign)},
            )
    if script_name == "Arab":
        latin = script.left_in_latin(pieces, lambda: _source_words(source), _kept(ctx))
        if latin:
            yield Finding(
                "latin-words",
                WARNING,
                N_(
                    "Words left in Latin letters: %(words)s. Translate them, or add them to "
                    "the allowed words if they stay as they are."
                ),
                {"words": _few(latin)},
            )
    yield from _spelling(source, stripped, ctx)


def _word_counts(pieces: Counter[str]) -> Counter[str]:
    """How often each word (``_WORD``) occurs in a text, from how often each of its
    space-separated pieces does (no word holds a space)."""
    counts: Counter[str] = Counter()
    for piece, times in pieces.items():
        for word in _WORD.findall(piece):
            counts[word] += times
    return counts


def _arabic_letters(word: str) -> int:
    """How many letters of ``word`` are in Arabic script (kept for words of ordinary length:
    a 200,000-letter "word" must not stay in memory)."""
    return _counted(word) if len(word) <= 64 else _counted.__wrapped__(word)


@lru_cache(maxsize=8192)
def _counted(word: str) -> int:
    return len(_ARABIC_SCRIPT.findall(word))


def _spelling(source: str, text: str, ctx: Context) -> Iterable[Finding]:
    """Kurmanji typed without its letters: a warning, or a hint for a single word."""
    if ctx.lang != "kmr":
        return
    words = scan(clean(text)).words
    skip = _kept(ctx) | frozenset(_source_words(source))
    typed = script.ascii_kurmanji(words, skip)
    if typed and (script.without_kurmanji_letters(words) or len(typed) >= 2):
        yield Finding(
            "kurmanji-letters",
            WARNING,
            N_("Written without the Kurmanji letters ê î û ç ş: %(words)s."),
            {"words": ", ".join(f"{word} → {better}" for word, better in typed[:5])},
        )
    elif script.without_kurmanji_letters(words):
        yield Finding(
            "kurmanji-letters",
            WARNING,
            N_(
                "Written without the Kurmanji letters ê î û ç ş; type them where the "
                "words need them."
            ),
        )
    elif typed:
        word, better = typed[0]
        yield Finding(
            "spelling",
            HINT,
            N_("%(word)s: did you mean %(better)s?"),
            {"word": word, "better": better},
        )


def _few(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    more = len(unique) - 5
    return ", ".join(unique[:5]) + (f" (+{more})" if more > 0 else "")


@lru_cache(maxsize=64)
def _source_words(source: str) -> dict[str, bool]:
    """Each word of the source (folded), and whether it appears there in lower case."""
    words: dict[str, bool] = {}
    for word in dict.fromkeys(scan(clean(source)).words):
        folded = word.casefold()
        words[folded] = words.get(folded, False) or word.islower()
    return words


def _kept(ctx: Context) -> frozenset[str]:
    """Words that may stay in Latin letters: allowed words and glossary terms kept as is."""
    kept = set(ctx.allowed)
    if ctx.glossary is not None:
        for term in ctx.glossary.terms():
            if term.lang == ctx.lang and script.is_latin(term.translation.replace(" ", "")):
                kept.update(w.casefold() for w in term.translation.split())
    return frozenset(kept)


def _bidi(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    # One substring search per control character: a set of a long text's characters
    # would build a string object for each of them.
    if not any(ch in target for ch in _BIDI_CONTROLS):
        return
    if any(ch in target for ch in _OVERRIDES):
        yield Finding(
            "bidi",
            ERROR,
            N_("Contains a bidi override character (U+202D/U+202E) that can reorder text."),
        )
    stack: list[str] = []
    for ch in target:
        if ch in _BIDI_OPEN:
            stack.append(_BIDI_OPEN[ch])
        elif ch in ("\u202c", "\u2069") and (not stack or stack.pop() != ch):
            yield Finding("bidi", ERROR, N_("A bidi control character closes nothing."))
            return
    if stack:
        yield Finding("bidi", ERROR, N_("Contains a bidi control character that is never closed."))


def _punctuation(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    end_source = _END_MARKS.get(source.rstrip()[-1:], "")
    end_target = _END_MARKS.get(target.rstrip().rstrip("»”\"')")[-1:], "")
    if end_source in ("?", "!") and end_target != end_source:
        template = (
            N_("The source ends with a question mark; the translation does not.")
            if end_source == "?"
            else N_("The source ends with an exclamation mark; the translation does not.")
        )
        yield Finding("punctuation", WARNING, template)
    elif end_source == "." and not end_target:
        yield Finding(
            "punctuation",
            WARNING,
            N_("The source ends a sentence; the translation has no end mark."),
        )
    if target != target.strip() and source == source.strip():
        yield Finding("spacing", WARNING, N_("Leading or trailing spaces."))
    if "  " in target and "  " not in source:
        yield Finding("spacing", WARNING, N_("Doubled spaces."))


def _length(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    if len(source) < 60:
        return
    ratio = len(target) / len(source)
    if ratio < MIN_LENGTH_RATIO.get(ctx.lang, 0.5):
        yield Finding(
            "length",
            WARNING,
            N_("Much shorter than the source (%(percent)s%%): is a sentence missing?"),
            {"percent": round(ratio * 100)},
        )


def _sentences(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    wanted, found = len(sentences.split(source)), len(sentences.split(target))
    if found < wanted:
        yield Finding(
            "sentences",
            WARNING,
            N_("The source has %(source)s sentences, the translation %(target)s: is one missing?"),
            {"source": wanted, "target": found},
        )


def _negation(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    pieces, translated = sentences.split(source), sentences.split(target)
    if len(pieces) != len(translated) or len(pieces) < 2:
        pieces, translated = [source], [target]
    for number, (piece, done) in enumerate(zip(pieces, translated, strict=True), start=1):
        said = negation.negations(piece, ctx.source_lang, source=True)
        if not said or negation.negations(done, ctx.lang):
            continue
        if len(pieces) > 1:
            yield Finding(
                "negation",
                WARNING,
                N_(
                    "Sentence %(number)s of the source says “%(word)s”, and the translation "
                    "has no negation there: check that it does not say the opposite."
                ),
                {"number": number, "word": said[0]},
            )
        else:
            yield Finding(
                "negation",
                WARNING,
                N_(
                    "The source says “%(word)s”, and the translation has no negation: check "
                    "that it does not say the opposite."
                ),
                {"word": said[0]},
            )


def _glossary(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    if ctx.glossary is None:
        return
    for term in ctx.glossary.found_in(source, ctx.lang):
        if not (
            has_term(target, term.translation, ctx.lang) or target_has(target, term.translation)
        ):
            if term.status == "confirmed":
                template = N_(
                    "“%(term)s” has the agreed translation “%(translation)s”, not found here."
                )
            else:
                template = N_(
                    "“%(term)s” has the proposed translation “%(translation)s”, not found here."
                )
            yield Finding(
                "glossary", WARNING, template, {"term": term.term, "translation": term.translation}
            )


CHECKS: dict[str, Check] = {
    "numbers": _numbers,
    "placeables": _placeables,
    "unchanged": _unchanged,
    "script": _script,
    "bidi": _bidi,
    "punctuation": _punctuation,
    "length": _length,
    "sentences": _sentences,
    "dates": _dates,
    "negation": _negation,
    "glossary": _glossary,
}


def check_unit(source: str, target: str, ctx: Context) -> list[Finding]:
    """Every finding for one translated unit (none for an empty, untranslated one)."""
    if not target:
        return []
    findings: list[Finding] = []
    for check in CHECKS.values():
        findings.extend(check(source, target, ctx))
    return findings


def context_for(statement: Statement, lang: str, allowed: Iterable[str] = ()) -> Context:
    """The check context of one language of a statement (glossary and allowed words)."""
    return Context(
        statement.meta.source_language,
        lang,
        Glossary(statement.root),
        frozenset(word.casefold() for word in allowed),
    )


def _findings(source: str, target: str, ctx: Context, cache: CheckCache | None) -> list[Finding]:
    """:func:`check_unit`, or what ``cache`` kept for the same texts and context."""
    if cache is None:
        return check_unit(source, target, ctx)
    kept = cache.get(source, target)
    if kept is not None:
        return [
            Finding(check, severity, template, params) for check, severity, template, params in kept
        ]
    found = check_unit(source, target, ctx)
    cache.put(source, target, [(f.check, f.severity, f.template, dict(f.params)) for f in found])
    return found


def check_entry(
    entry: polib.POEntry,
    ctx: Context,
    with_templates: bool = False,
    cache: CheckCache | None = None,
) -> list[dict[str, Any]]:
    """The findings of one unit as dicts (``check``, ``severity``, ``message``), with
    ``accepted`` (``by``, ``date``, ``reason``) on those a reviewer accepted for this text.

    ``with_templates`` adds each message's ``template`` and ``params``, for an interface
    that shows it in another language; ``cache`` keeps findings between runs.
    """
    accepted = current_acceptances(entry)
    results = []
    for finding in _findings(entry.msgid, entry.msgstr, ctx, cache):
        result: dict[str, Any] = {
            "check": finding.check,
            "severity": finding.severity,
            "message": finding.message,
        }
        if with_templates:
            result["template"], result["params"] = finding.template, dict(finding.params)
        acceptance = accepted.get(finding.check)
        if acceptance is not None:
            result["accepted"] = {
                "by": acceptance.who,
                "date": acceptance.date,
                "reason": acceptance.reason,
            }
        results.append(result)
    return results


def check_statement(
    statement: Statement, langs: Iterable[str], allowed: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """Findings for every translated unit, as ``statements check --format json`` lists them.

    Entries the project did not make (a context, a plural, a text not in the statement)
    are listed as ``foreign`` warnings with their file and line.
    """
    results: list[dict[str, Any]] = []
    units = statement.unit_texts()
    for lang in langs:
        ctx = context_for(statement, lang, allowed)
        cache = statement_cache(statement, lang, ctx.allowed)
        catalog = statement.cached_catalog(lang)
        for entry in statement.entries_by_unit(lang, catalog).values():
            if entry_state(entry) == "untranslated":
                continue
            for result in check_entry(entry, ctx, cache=cache):
                results.append(
                    {"slug": statement.slug, "lang": lang, "unit": unit_id(entry.msgid), **result}
                )
        for foreign in foreign_entries(catalog, statement.po_path(lang).name, units):
            results.append(
                {
                    "slug": statement.slug,
                    "lang": lang,
                    "unit": unit_id(foreign.msgid),
                    "check": "foreign",
                    "severity": WARNING,
                    "message": foreign.describe(),
                }
            )
        cache.save()
    return results
