"""Translation memory: every approved unit of every statement, searchable.

Exact matches may be reused by ``pretranslate`` (still marked for review); fuzzy matches
(similarity 75% and above, rapidfuzz) are only ever shown to a person: adding or removing
one "not" changes far less than 25% of a paragraph and reverses its meaning.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .errors import WorkflowError
from .state import entry_state, markers
from .statement import list_statements

FUZZY_CUTOFF = 75.0
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
        self._by_lang: dict[str, list[MemoryEntry]] = {}
        self._exact: dict[tuple[str, str], MemoryEntry] = {}
        self._sources: dict[str, list[str]] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: MemoryEntry) -> None:
        """Add one entry (the newest approval of a source text wins for exact lookups)."""
        self._by_lang.setdefault(entry.lang, []).append(entry)
        self._sources.setdefault(entry.lang, []).append(entry.source)
        key = (entry.lang, entry.source)
        current = self._exact.get(key)
        if current is None or entry.date >= current.date:
            self._exact[key] = entry

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
                    catalog = statement.catalog(lang)
                except WorkflowError:
                    continue
                for po_entry in catalog:
                    if po_entry.obsolete or entry_state(po_entry) != "approved":
                        continue
                    stamp = markers(po_entry).get("approved", "")
                    day = stamp.rsplit(" ", 1)[-1] if stamp else statement.meta.updated[:10]
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
        found = process.extract(
            text, sources, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 3
        )
        entries = self._by_lang[lang]
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
