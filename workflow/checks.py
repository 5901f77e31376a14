"""Quality checks that read Arabic, Sorani and Kurmanji correctly.

Each check has an id, a severity (``error`` blocks publishing, ``warning`` informs) and a
plain message. In a political statement a wrong number, a dropped name or an inconsistent
term is worse than a clumsy sentence, so numbers are compared by value whatever the digit
system (8000 = ٨٠٠٠ = ٨٬٠٠٠ = ۸۰۰۰), Arabic punctuation counts as the same marks (؟ is a
question mark), and bidi control characters that can hide or reorder text are errors.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polib

from .catalog import foreign_entries
from .glossary import Glossary, target_has
from .i18n import N_, render
from .languages import get_language
from .numbers import find_numbers, possible_values, source_value
from .placeables import blank_placeables, find_emails, find_tags, find_urls, link_targets
from .state import current_acceptances, entry_state
from .statement import Statement
from .unit import unit_id

ERROR, WARNING = "error", "warning"


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
# How much shorter than its source a translation may be before it looks like a dropped
# sentence (Arabic script is compact; these are generous on purpose).
MIN_LENGTH_RATIO = {"ar": 0.45, "ckb": 0.45, "kmr": 0.5, "en": 0.5}


def _numbers(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    wanted = [
        v for v in (source_value(t, ctx.source_lang) for t in find_numbers(source)) if v is not None
    ]
    tokens = find_numbers(target)
    unmatched = list(tokens)
    missing = []
    for value in wanted:
        match = next((t for t in unmatched if value in possible_values(t, ctx.lang)), None)
        if match is None:
            missing.append(value)
        else:
            unmatched.remove(match)
    shown = ", ".join(_show(v) for v in missing)
    if missing and unmatched:
        extra = ", ".join(t.text for t in unmatched)
        yield Finding(
            "numbers",
            ERROR,
            N_("A number differs: the source has %(source)s, the translation has %(target)s."),
            {"source": shown, "target": extra},
        )
    elif missing:
        yield Finding(
            "numbers",
            WARNING,
            N_(
                "%(source)s from the source is not in the translation as digits; if it is "
                "written out as a word or a date, check that it says the same."
            ),
            {"source": shown},
        )
    elif unmatched:
        extra = ", ".join(t.text for t in unmatched)
        yield Finding(
            "numbers",
            WARNING,
            N_("The translation has %(target)s, which the source does not."),
            {"target": extra},
        )


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
    letters = [
        ch for word in _WORD.findall(stripped) if word.casefold() not in ctx.allowed for ch in word
    ]
    if not letters:
        return
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff")
    script = get_language(ctx.lang).script
    if script == "Arab" and arabic / len(letters) < 0.5:
        yield Finding("script", ERROR, N_("Most of this is not in Arabic script."))
    elif script == "Latn" and arabic:
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
        elif arabic >= 40 and not _SORANI_LETTERS & set(target):
            yield Finding(
                "sorani-letters",
                WARNING,
                N_("Has none of the Sorani letters ڕ ڵ ۆ ێ ە: is it Arabic?"),
            )


def _bidi(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    present = set(target)
    if not present & _BIDI_CONTROLS:
        return
    if _OVERRIDES & present:
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


def _glossary(source: str, target: str, ctx: Context) -> Iterable[Finding]:
    if ctx.glossary is None:
        return
    for term in ctx.glossary.found_in(source, ctx.lang):
        if not target_has(target, term.translation):
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


def check_entry(
    entry: polib.POEntry, ctx: Context, with_templates: bool = False
) -> list[dict[str, Any]]:
    """The findings of one unit as dicts (``check``, ``severity``, ``message``), with
    ``accepted`` (``by``, ``date``, ``reason``) on those a reviewer accepted for this text.

    ``with_templates`` adds each message's ``template`` and ``params``, for an interface
    that shows it in another language.
    """
    accepted = current_acceptances(entry)
    results = []
    for finding in check_unit(entry.msgid, entry.msgstr, ctx):
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
        catalog = statement.catalog(lang)
        for entry in statement.entries_by_unit(lang, catalog).values():
            if entry_state(entry) == "untranslated":
                continue
            for result in check_entry(entry, ctx):
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
    return results
