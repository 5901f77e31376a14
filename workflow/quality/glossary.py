"""The project's glossary: one agreed translation per term and language, with a note.

Stored as ``translations/glossary.csv`` (term, lang, translation, status, note): a file a
person can edit in a spreadsheet. Entries start as ``proposed`` until a reviewer confirms
them. Terms are found in a source by word form (plural, possessive, hyphen or space
between words), and their translations in a target after Arabic-script normalisation
(hamza forms, ta marbuta, diacritics, clitic prefixes) or Latin case folding.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import GLOSSARY_NAME
from ..errors import WorkflowError
from ..fileio import ExclusiveLock, atomic_write_text
from ..i18n import N_, LanguageCode
from ..languages import check_codes
from ..textrules import check_typed

FIELDS = ("term", "lang", "translation", "status", "note")
STATUSES = ("proposed", "confirmed")
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")

# The terms a statement of this kind needs. Translations start as proposals: a reviewer
# who reads the language confirms or corrects them in the UI.
SEED: list[tuple[str, str, str, str]] = [
    ("occupation", "ar", "الاحتلال", "military occupation of a territory"),
    ("occupation", "ckb", "داگیرکاری", "military occupation of a territory"),
    ("occupation", "kmr", "dagirkerî", "military occupation of a territory"),
    ("apartheid", "ar", "الفصل العنصري", "the crime of apartheid (also أبارتهايد)"),
    ("apartheid", "ckb", "ئاپارتاید", "the crime of apartheid"),
    ("apartheid", "kmr", "apartheid", "the crime of apartheid"),
    ("ceasefire", "ar", "وقف إطلاق النار", ""),
    ("ceasefire", "ckb", "ئاگربەست", ""),
    ("ceasefire", "kmr", "agirbest", ""),
    ("siege", "ar", "الحصار", ""),
    ("siege", "ckb", "گەمارۆ", ""),
    ("siege", "kmr", "dorpêç", "also ablûqe"),
    ("administrative detention", "ar", "الاعتقال الإداري", "detention without charge or trial"),
    (
        "administrative detention",
        "ckb",
        "دەستبەسەرکردنی کارگێڕی",
        "detention without charge or trial",
    ),
    ("administrative detention", "kmr", "girtina îdarî", "detention without charge or trial"),
    ("civil society", "ar", "المجتمع المدني", ""),
    ("civil society", "ckb", "کۆمەڵگەی مەدەنی", ""),
    ("civil society", "kmr", "civaka sivîl", ""),
    ("humanitarian workers", "ar", "العاملين في المجال الإنساني", "also عمال الإغاثة"),
    ("humanitarian workers", "ckb", "کارمەندانی مرۆیی", ""),
    ("humanitarian workers", "kmr", "karkerên mirovî", ""),
    ("war crimes", "ar", "جرائم حرب", ""),
    ("war crimes", "ckb", "تاوانی جەنگ", ""),
    ("war crimes", "kmr", "sûcên şer", ""),
    ("crimes against humanity", "ar", "جرائم ضد الإنسانية", ""),
    ("crimes against humanity", "ckb", "تاوان دژی مرۆڤایەتی", ""),
    ("crimes against humanity", "kmr", "sûcên li dijî mirovahiyê", ""),
]


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    lang: str
    translation: str
    status: str = "proposed"
    note: str = ""


def normalize_arabic(text: str) -> str:
    """Arabic-script text with the differences that do not matter for matching removed."""
    text = _DIACRITICS.sub("", text)
    for variants, plain in (
        ("أإآٱ", "ا"),
        ("ىيی", "ي"),
        ("ةە", "ه"),
        ("كک", "ك"),
        ("ؤ", "و"),
        ("ئ", "ي"),
    ):
        for ch in variants:
            text = text.replace(ch, plain)
    return text


def _fold(text: str) -> str:
    return normalize_arabic(text).casefold()


def _term_pattern(term: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in term.split()]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"\b{body}(?:s|es|'s|’s)?\b", re.IGNORECASE)


def _stem(word: str) -> str:
    """A word with its inflection trimmed (Kurdish and Arabic add endings)."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


def target_has(translation: str, expected: str) -> bool:
    """Whether the agreed translation appears in a target text, in any of its word forms."""
    text = _fold(translation)
    for variant in re.split(r"\s*[/|]\s*", expected):
        words = [_stem(_fold(word).removeprefix("ال")) for word in variant.split()]
        if words and all(word in text for word in words):
            return True
    return False


class Glossary:
    """The glossary file, read and written under a lock."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / GLOSSARY_NAME
        self._lock_path = Path(root) / f".{GLOSSARY_NAME}.lock"
        self._cache: tuple[float, list[Term]] | None = None
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._mutex = threading.Lock()

    def _lock(self) -> ExclusiveLock:
        """The lock for changing the file."""
        return ExclusiveLock(
            self._lock_path, 10, N_("the glossary is busy (another change holds it); try again")
        )

    def terms(self) -> list[Term]:
        """Every entry (cached until the file changes)."""
        if not self.path.exists():
            return []
        mtime = self.path.stat().st_mtime
        with self._mutex:
            if self._cache is None or self._cache[0] != mtime:
                self._cache = (mtime, self._read())
            return list(self._cache[1])

    def _read(self) -> list[Term]:
        import csv  # here and in _write: a command that does not read the glossary skips it

        try:
            rows = list(csv.DictReader(io.StringIO(self.path.read_text(encoding="utf-8"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise WorkflowError(
                N_("%(path)s: cannot read the glossary (%(error)s)"),
                path=self.path,
                error=exc,
            ) from None
        terms = []
        for number, row in enumerate(rows, start=2):
            if not row.get("term") or not row.get("lang"):
                raise WorkflowError(
                    N_("%(path)s:%(line)s: a glossary row needs a term and a language"),
                    path=self.path,
                    line=str(number),
                )
            status = row.get("status") or "proposed"
            terms.append(
                Term(
                    row["term"].strip(),
                    row["lang"].strip(),
                    (row.get("translation") or "").strip(),
                    status if status in STATUSES else "proposed",
                    (row.get("note") or "").strip(),
                )
            )
        return terms

    def _write(self, terms: list[Term]) -> None:
        import csv

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for item in sorted(terms, key=lambda t: (t.term.casefold(), t.lang)):
            writer.writerow(
                {
                    "term": item.term,
                    "lang": item.lang,
                    "translation": item.translation,
                    "status": item.status,
                    "note": item.note,
                }
            )
        atomic_write_text(self.path, out.getvalue())

    def seed(self) -> None:
        """Create the glossary with the seed terms if the project has none."""
        if not self.path.exists():
            self._write(
                [Term(term, lang, text, "proposed", note) for term, lang, text, note in SEED]
            )

    def set(
        self,
        term: str,
        lang: str,
        translation: str,
        note: str = "",
        confirm: bool = False,
        author: str | None = None,
    ) -> Term:
        """Add or change an entry; a changed translation is a proposal unless confirmed.

        Under git the change is a commit by ``author`` (default: the configured name)."""
        for text in (term, translation, note):
            check_typed(text)
        term, translation = " ".join(term.split()), translation.strip()
        if not term or len(term) > 100 or len(translation) > 200:
            raise WorkflowError(
                N_("a glossary term needs 1-100 characters and a translation of at most 200")
            )
        lang = check_codes([lang])[0]
        with self._lock():
            terms = self._read() if self.path.exists() else []
            current = next(
                (t for t in terms if t.term.casefold() == term.casefold() and t.lang == lang), None
            )
            status = "confirmed" if confirm else "proposed"
            if current is not None and not confirm and current.translation == translation:
                status = current.status
            entry = Term(
                term, lang, translation, status, note if note else (current.note if current else "")
            )
            terms = [t for t in terms if t is not current] + [entry]
            self._write(terms)
            self._cache = None
        self._record(author, f"glossary {entry.term} [{lang}] = {entry.translation} ({status})")
        return entry

    def confirm(self, term: str, lang: str, author: str | None = None) -> Term:
        """A reviewer confirms a proposed translation (a commit by ``author`` under git)."""
        with self._lock():
            terms = self._read()
            for index, item in enumerate(terms):
                if item.term.casefold() == term.casefold() and item.lang == lang:
                    terms[index] = replace(item, status="confirmed")
                    self._write(terms)
                    self._cache = None
                    break
            else:
                raise WorkflowError(
                    N_("no glossary entry %(term)s for %(language)s"),
                    term=repr(term),
                    language=LanguageCode(lang),
                )
        entry = terms[index]
        self._record(author, f"glossary {entry.term} [{lang}] = {entry.translation} confirmed")
        return entry

    def _record(self, author: str | None, what: str) -> None:
        from ..git.history import configured_name, record  # git only for a change

        who = author or configured_name(self.path.parent)
        record(self.path.parent, who, f"{who}: {what}", [self.path])

    def found_in(self, source: str, lang: str) -> list[Term]:
        """The entries for ``lang`` whose term occurs in ``source`` (any word form)."""
        found = []
        for item in self.terms():
            if item.lang != lang or not item.translation:
                continue
            pattern = self._patterns.get(item.term)
            if pattern is None:
                pattern = self._patterns[item.term] = _term_pattern(item.term)
            if pattern.search(source):
                found.append(item)
        return found
