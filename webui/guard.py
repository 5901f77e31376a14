"""Failed login attempts and ended sessions, kept where every server process sees them.

A small SQLite database in the instance folder (``security.sqlite3``): gunicorn's workers
are separate processes, so a per-process counter would let an attacker try ``workers``
times as often, and a session ended in one worker would live on in the others.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

DB_NAME = "security.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_key ON failures (key, at);
CREATE TABLE IF NOT EXISTS ended (sid TEXT PRIMARY KEY, until REAL NOT NULL);
"""


class Guard:
    """At most ``limit`` failed logins per ``window`` seconds per key; ended session ids."""

    def __init__(self, instance: Path, limit: int, window: float) -> None:
        self.path = Path(instance) / DB_NAME
        self.limit = limit
        self.window = window
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        # One connection per thread and process (a forked worker must not share its parent's).
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None or getattr(self._local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            os.chmod(self.path, 0o600)
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def blocked(self, keys: Iterable[str]) -> bool:
        """Whether any of these keys (an address, a token prefix) failed too often lately."""
        since = time.time() - self.window
        db = self._db()
        for key in keys:
            (count,) = db.execute(
                "SELECT count(*) FROM failures WHERE key = ? AND at > ?", (key, since)
            ).fetchone()
            if count >= self.limit:
                return True
        return False

    def fail(self, keys: Iterable[str]) -> None:
        """Count one failed attempt under every key."""
        now = time.time()
        db = self._db()
        with db:
            db.executemany("INSERT INTO failures VALUES (?, ?)", [(key, now) for key in keys])
            db.execute("DELETE FROM failures WHERE at < ?", (now - self.window,))

    def end_session(self, sid: str, lifetime: float) -> None:
        """Retire a session id for good (its cookie may have been copied)."""
        now = time.time()
        db = self._db()
        with db:
            db.execute("INSERT OR REPLACE INTO ended VALUES (?, ?)", (sid, now + lifetime))
            db.execute("DELETE FROM ended WHERE until < ?", (now,))

    def ended(self, sid: str) -> bool:
        """Whether a session id was ended by logging out."""
        row = self._db().execute("SELECT 1 FROM ended WHERE sid = ?", (sid,)).fetchone()
        return row is not None
