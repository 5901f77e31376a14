"""The few words of the published pages that are not the statement's own (the language
menu's label, a link's title, a heading of the side-by-side page and of the site's index),
in the page's language.

They have a small gettext catalog per language in ``locale/`` beside this module, apart from
the web interface's: publishing runs from the command line too, and the core does not read
the web app's files. A language without a catalog (or a word it lacks) reads English.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polib

FOLDER = Path(__file__).parent / "locale"

# Every word the published pages use; the catalogs translate exactly these.
WORDS = ("Languages", "All languages side by side", "Side by side", "text", "Statements")


@functools.cache
def _catalog(lang: str) -> dict[str, str]:
    path = FOLDER / f"{lang}.po"
    if not path.is_file():
        return {}
    return {
        entry.msgid: entry.msgstr
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


def reader_word(word: str, lang: str) -> str:
    """``word`` (one of :data:`WORDS`) as readers of ``lang`` read it."""
    if word not in WORDS:
        raise KeyError(f"{word!r} is not among the published pages' words")
    return _catalog(lang).get(word, word)
