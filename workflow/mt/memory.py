"""Translation memory: every approved unit of every statement, searchable.

Exact matches may be reused by ``pretranslate`` (still marked for review); fuzzy matches
(similarity 75% and above, rapidfuzz) are only ever shown to a person: adding or removing
one "not" changes far less than 25% of a paragraph and reverses its meaning.
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..catalog.entries import is_unit_entry
from ..catalog.state import entry_state, record
from ..catalog.statement import list_statements
from ..errors import WorkflowError

FUZZY_CUTOFF = 75.0
RARE_WORDS = 12  # the query's rarest words that pick the candidates
RARE_SHARE, RARE_MIN = 0.02, 50  # a word in more entries than this is too common to help
_WORD = re.compile(r"[^\W\d_]{3,}")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


_CACHE: dict[str, tuple[tuple[tuple[str, int], ...], TranslationMemory]] = {}
_CACHE_LOCK = threading.Lock()


@dataclass(frozen=True)
class MemoryEntry:
    """One approved translation and where it comes from."""

    source: str
    translation: str
    lang: str
    slug: str
    date: str


@dataclass(frozen=True)
class MemoryMatch:
    """A search result: the entry and its similarity (100 for an exact match)."""

    entry: MemoryEntry
    score: float


class TranslationMemory:
    """Approved units by language, with exact and fuzzy lookup."""

    def __init__(self, entries: list[MemoryEntry]) -> None:
        self._exact: dict[tuple[str, str], MemoryEntry] = {}
        by_lang: dict[str, list[MemoryEntry]] = {}
        for entry in entries:
            by_lang.setdefault(entry.lang, []).append(entry)
            key = (entry.lang, entry.source)
            current = self._exact.get(key)
            if current is None or entry.date >= current.date:
                self._exact[key] = entry
        # Entries sorted by source length: a similarity of 75% is impossible between texts
        # whose lengths differ by more than a factor 0.6, so a lookup compares only a band.
        self._by_lang = {
            lang: sorted(items, key=lambda e: len(e.source)) for lang, items in by_lang.items()
        }
        self._sources = {lang: [e.source for e in items] for lang, items in self._by_lang.items()}
        self._lengths = {lang: [len(s) for s in sources] for lang, sources in self._sources.items()}
        # Which entries hold each word: a lookup compares only entries that share one of the
        # query's rarer words (what a trigram index does in a database), scanning the length
        # band only when the query has no word rare enough to narrow it down.
        self._postings: dict[str, dict[str, list[int]]] = {}
        for lang, sources in self._sources.items():
            postings: dict[str, list[int]] = {}
            for index, source in enumerate(sources):
                for word in set(_words(source)):
                    postings.setdefault(word, []).append(index)
            self._postings[lang] = postings

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._by_lang.values())

    @classmethod
    def cached(cls, root: Path) -> TranslationMemory:
        """The memory of every statement, reused until a catalog changes (for the web UI)."""
        key = tuple(
            (str(path), path.stat().st_mtime_ns) for path in sorted(Path(root).glob("*/*.po"))
        )
        with _CACHE_LOCK:
            cached = _CACHE.get(str(root))
            if cached is not None and cached[0] == key:
                return cached[1]
        memory = cls.load(root)
        with _CACHE_LOCK:
            _CACHE[str(root)] = (key, memory)
        return memory

    @classmethod
    def load(cls, root: Path, exclude: str | None = None) -> TranslationMemory:
        """Every approved unit under ``root`` (leaving out the statement ``exclude``)."""
        entries: list[MemoryEntry] = []
        for statement in list_statements(root):
            if statement.slug == exclude:
                continue
            for lang in statement.meta.languages:
                try:
                    catalog = statement.cached_catalog(lang)
                except WorkflowError:
                    continue
                for po_entry in catalog:
                    if not is_unit_entry(po_entry) or entry_state(po_entry) != "approved":
                        continue
                    approved = record(po_entry, "approved")
                    day = (approved.date if approved else "") or statement.meta.updated[:10]
                    entries.append(
                        MemoryEntry(po_entry.msgid, po_entry.msgstr, lang, statement.slug, day)
                    )
        return cls(entries)

    def exact(self, text: str, lang: str) -> MemoryEntry | None:
        """The approved translation of exactly this text, if there is one."""
        return self._exact.get((lang, text))

    def search(
        self, text: str, lang: str, limit: int = 5, cutoff: float = FUZZY_CUTOFF
    ) -> list[MemoryMatch]:
        """Exact and fuzzy matches for ``text`` in ``lang``, best first."""
        sources = self._sources.get(lang, [])
        if not sources:
            return []
        # Indel similarity s needs shorter/longer >= s / (2 - s): outside that band, no match.
        factor = (cutoff / 100) / (2 - cutoff / 100)
        lengths = self._lengths[lang]
        low = bisect.bisect_left(lengths, math.floor(len(text) * factor))
        high = bisect.bisect_right(lengths, math.ceil(len(text) / factor))
        postings = self._postings[lang]
        common = max(RARE_MIN, int(len(sources) * RARE_SHARE))
        rare = sorted(
            (postings[word] for word in set(_words(text)) if word in postings),
            key=len,
        )
        rare = [hits for hits in rare if len(hits) <= common][:RARE_WORDS]
        if rare:
            indices = sorted({i for hits in rare for i in hits if low <= i < high})
        else:
            indices = list(range(low, high))
        choices = [sources[i] for i in indices]
        found = process.extract(
            text, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 3
        )
        entries = [self._by_lang[lang][i] for i in indices]
        results: list[MemoryMatch] = []
        seen: set[tuple[str, str]] = set()
        for _, score, index in found:
            entry = entries[index]
            key = (entry.source, entry.translation)
            if key in seen:
                continue
            seen.add(key)
            results.append(MemoryMatch(entry, float(score)))
            if len(results) == limit:
                break
        return results
