"""Concordance: find a word or phrase in the sources and translations of every statement.

Text is folded before comparing, per language: Arabic ignores diacritics, tatweel and the
alef, hamza, ta marbuta and yeh variants people type interchangeably; Arabic and Sorani
treat ی/ي/ى and ک/ك as one letter; Kurmanji and English are only case-folded (ê and e are
different letters in Kurmanji). Each catalog's folded rows are kept until its file changes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .filecache import Key, cached_by_identity
from .pofile import read_catalog
from .state import entry_state
from .statement import Statement, list_statements
from .unit import unit_id

MIN_QUERY = 2
MAX_QUERY = 200
LIMIT = 100
# Harakat, Quranic marks, superscript alef, tatweel, and zero-width (non-)joiners.
_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d]")
_SPACE = re.compile(r"\s+")
_SAME_LETTER = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك"})
_ARABIC = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ة": "ه",
        "ی": "ي",
        "ى": "ي",
        "ک": "ك",
    }
)
_ARABIC_FOLDED = ("ar",)
_ARABIC_SCRIPT = ("ar", "ckb", "fa", "ur", "ps")


def fold(text: str, lang: str) -> str:
    """``text`` as search compares it in language ``lang``."""
    text = unicodedata.normalize("NFC", text)
    base = lang.split("-")[0].split("_")[0]
    if base in _ARABIC_SCRIPT:
        text = _MARKS.sub("", text)
        text = text.translate(_ARABIC if base in _ARABIC_FOLDED else _SAME_LETTER)
    return _SPACE.sub(" ", text.casefold()).strip()


@dataclass(frozen=True)
class Row:
    """One unit of one catalog, with its folded texts."""

    unit: str
    source: str
    translation: str
    state: str
    folded_source: str
    folded_translation: str


@dataclass(frozen=True)
class Hit:
    """A unit where the text was found."""

    slug: str
    title: str
    lang: str
    row: Row

    def as_json(self) -> dict[str, Any]:
        """The API's shape of a hit."""
        return {
            "slug": self.slug,
            "title": self.title,
            "lang": self.lang,
            "unit": self.row.unit,
            "source": self.row.source,
            "translation": self.row.translation,
            "state": self.row.state,
        }


_ROWS: dict[str, tuple[Key, list[Row]]] = {}


def _rows(path: Path, source_lang: str, lang: str) -> list[Row]:
    rows = []
    for entry in read_catalog(path):
        if entry.obsolete:
            continue
        rows.append(
            Row(
                unit=unit_id(entry.msgid),
                source=entry.msgid,
                translation=entry.msgstr,
                state=entry_state(entry),
                folded_source=fold(entry.msgid, source_lang),
                folded_translation=fold(entry.msgstr, lang),
            )
        )
    return rows


def catalog_rows(statement: Statement, lang: str) -> list[Row]:
    """The folded rows of one catalog (computed again only when the file changes)."""
    source_lang = statement.meta.source_language
    return cached_by_identity(
        _ROWS, statement.po_path(lang), lambda path: _rows(path, source_lang, lang)
    )


def search(root: Path, query: str, langs: list[str] | None = None, limit: int = LIMIT) -> list[Hit]:
    """Units whose source or translation contains ``query``, in the languages ``langs``
    (None: all), newest statements first (at most ``limit``)."""
    query = query.strip()
    if not MIN_QUERY <= len(query) <= MAX_QUERY:
        return []
    hits: list[Hit] = []
    wanted: dict[str, str] = {}
    for statement in list_statements(root):
        source_lang = statement.meta.source_language
        if source_lang not in wanted:
            wanted[source_lang] = fold(query, source_lang)
        in_source = wanted[source_lang]
        for lang in statement.meta.languages:
            if langs is not None and lang not in langs:
                continue
            if lang not in wanted:
                wanted[lang] = fold(query, lang)
            in_target = wanted[lang]
            for row in catalog_rows(statement, lang):
                if in_target in row.folded_translation or in_source in row.folded_source:
                    hits.append(Hit(statement.slug, statement.meta.title, lang, row))
                    if len(hits) >= limit:
                        return hits
    return hits
