"""A cache of machine translations keyed by engine, language pair and source text.

Duplicate paragraphs and reruns send nothing. It lives in ``<root>/.cache/`` (not in git):
a cache, never a source of truth.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS mt (
    key TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def cache_key(engine: str, source: str, target: str, text: str) -> str:
    """The cache key of one request."""
    raw = "\x1f".join((engine, source, target, text)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


class TranslationCache:
    """A small SQLite store shared by the threads of one run."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            # A cache: a commit need not wait for the disk (WAL stays consistent after a
            # crash; a power cut may lose the last answers, which are then asked again).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(SCHEMA)
            self._db.commit()

    def get(self, engine: str, source: str, target: str, text: str) -> str | None:
        """The cached translation, if any."""
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT translation FROM mt WHERE key = ?",
                (cache_key(engine, source, target, text),),
            ).fetchone()
        return row[0] if row else None

    def lookup(self, source: str, target: str, text: str) -> str | None:
        """The newest cached translation of ``text`` by any engine (shown as a suggestion)."""
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT translation FROM mt WHERE source = ? AND target = ? AND text = ? "
                "ORDER BY created DESC LIMIT 1",
                (source, target, text),
            ).fetchone()
        return row[0] if row else None

    def put(self, engine: str, source: str, target: str, text: str, translation: str) -> None:
        """Remember a validated translation."""
        if self._db is None:
            return
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO mt (key, engine, source, target, text, translation) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    cache_key(engine, source, target, text),
                    engine,
                    source,
                    target,
                    text,
                    translation,
                ),
            )
            self._db.commit()

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
