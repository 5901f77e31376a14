"""Soft presence: who has a unit open and typed in it lately ("NAME is working on this").

Never a lock, only a hint so two volunteers do not translate the same paragraph twice.
Kept in a small SQLite file in the instance folder (shared by every server process, not
part of the translations and not in git).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

DB_NAME = "presence.sqlite3"
# An open unit page that was typed in during the last 5 minutes says so every minute
# (REFRESH_EVERY in together.js). Two and a half minutes without a word: the page was
# closed without saying so (a phone out of battery or out of its network), not still open.
WINDOW = 150


@contextmanager
def _connect(instance: Path) -> Iterator[sqlite3.Connection]:
    """A connection that commits on success and is always closed."""
    Path(instance).mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(str(Path(instance) / DB_NAME), timeout=5)
    with closing(connection), connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS presence (slug TEXT, lang TEXT, unit TEXT,"
            " name TEXT, seen REAL, PRIMARY KEY (slug, lang, unit, name))"
        )
        yield connection


def touch(instance: Path, slug: str, lang: str, unit: str, name: str) -> None:
    """Note that ``name`` is typing in this unit now."""
    now = time.time()
    with _connect(instance) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO presence VALUES (?, ?, ?, ?, ?)",
            (slug, lang, unit, name, now),
        )
        connection.execute("DELETE FROM presence WHERE seen < ?", (now - WINDOW,))


def leave(instance: Path, slug: str, lang: str, unit: str, name: str) -> None:
    """Forget ``name`` on this unit (they saved or left)."""
    with _connect(instance) as connection:
        connection.execute(
            "DELETE FROM presence WHERE slug = ? AND lang = ? AND unit = ? AND name = ?",
            (slug, lang, unit, name),
        )


def working_on(
    instance: Path, slug: str, lang: str, unit: str, besides: str, window: float = WINDOW
) -> list[str]:
    """The other people who typed in this unit during the last ``window`` seconds."""
    path = Path(instance) / DB_NAME
    if not path.exists():
        return []
    with _connect(instance) as connection:
        rows = connection.execute(
            "SELECT name FROM presence WHERE slug = ? AND lang = ? AND unit = ? AND name != ?"
            " AND seen >= ? ORDER BY seen DESC",
            (slug, lang, unit, besides, time.time() - window),
        ).fetchall()
    return [row[0] for row in rows]
