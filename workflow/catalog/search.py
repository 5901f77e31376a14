"""Concordance: find a word or phrase in the sources and translations of every statement.

Text is folded before comparing, per language: Arabic ignores diacritics, tatweel and the
alef, hamza, ta marbuta and yeh variants people type interchangeably; Arabic and Sorani
treat ی/ي/ى and ک/ك as one letter; Kurmanji and English are only case-folded (ê and e are
different letters in Kurmanji). Each catalog's folded rows are kept until its file changes.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from ..filecache import Key, identity
from .pofile import read_catalog
from .state import entry_state
from .statement import META_NAME, SLUG, Meta
from .unit import unit_id

T = TypeVar("T")

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


@dataclass(frozen=True)
class Rows:
    """The folded rows of one catalog, and all of their texts joined (to skip a catalog that
    cannot contain the query with one look)."""

    rows: list[Row]
    all_sources: str
    all_translations: str


_ROWS: dict[str, tuple[Key, Rows]] = {}
_META: dict[str, tuple[Key, Meta]] = {}


def _meta(slug: str, path: str) -> Meta:
    return Meta.from_toml(slug, Path(path))


def _rows(source_lang: str, lang: str, path: str) -> Rows:
    rows = []
    for entry in read_catalog(Path(path)):
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
    return Rows(
        rows,
        "\n".join(row.folded_source for row in rows),
        "\n".join(row.folded_translation for row in rows),
    )


def _cached(cache: dict[str, tuple[Key, T]], path: str, load: Callable[[str], T]) -> T | None:
    """Like :func:`workflow.filecache.cached_by_identity` on plain strings: search looks at
    every catalog of every statement, where pathlib's overhead is most of the time."""
    key = identity(path)
    if key is None:
        return None
    hit = cache.get(path)
    if hit is not None and hit[0] == key:
        return hit[1]
    value = load(path)
    cache[path] = (key, value)
    return value


def _statements(root: Path) -> list[Meta]:
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            if not SLUG.match(entry.name) or not entry.is_dir():
                continue
            meta = _cached(_META, os.path.join(entry.path, META_NAME), partial(_meta, entry.name))
            if meta is not None:
                found.append(meta)
    return sorted(found, key=lambda m: (m.created, m.slug), reverse=True)


def search(root: Path, query: str, langs: list[str] | None = None, limit: int = LIMIT) -> list[Hit]:
    """Units whose source or translation contains ``query``, in the languages ``langs``
    (None: all), newest statements first (at most ``limit``)."""
    query = query.strip()
    if not MIN_QUERY <= len(query) <= MAX_QUERY or not Path(root).is_dir():
        return []
    hits: list[Hit] = []
    folded: dict[str, str] = {}
    for meta in _statements(Path(root)):
        source_lang = meta.source_language
        if source_lang not in folded:
            folded[source_lang] = fold(query, source_lang)
        in_source = folded[source_lang]
        folder = os.path.join(root, meta.slug)
        for lang in meta.languages:
            if langs is not None and lang not in langs:
                continue
            if lang not in folded:
                folded[lang] = fold(query, lang)
            in_target = folded[lang]
            catalog = _cached(
                _ROWS, os.path.join(folder, f"{lang}.po"), partial(_rows, source_lang, lang)
            )
            if catalog is None or (
                in_target not in catalog.all_translations and in_source not in catalog.all_sources
            ):
                continue
            for row in catalog.rows:
                if in_target in row.folded_translation or in_source in row.folded_source:
                    hits.append(Hit(meta.slug, meta.title, lang, row))
                    if len(hits) >= limit:
                        return hits
    return hits
