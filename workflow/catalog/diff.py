"""Word-level differences between two versions of a source paragraph."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

_TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Segments ``(op, text)`` with op ``equal``, ``delete`` or ``insert``, words kept whole."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    # A lone space between two changes reads better as part of one change.
    merged: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in opcodes:
        joinable = op != "equal" or "".join(before[i1:i2]).isspace()
        if merged and merged[-1][0] != "equal" and joinable:
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((op, i1, i2, j1, j2))
    segments: list[tuple[str, str]] = []
    for kind, i1, i2, j1, j2 in merged:
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if kind == "equal":
            segments.append(("equal", removed))
            continue
        if removed:
            segments.append(("delete", removed))
        if added:
            segments.append(("insert", added))
    return segments


@lru_cache(maxsize=4096)
def _cached(old: str, new: str) -> tuple[tuple[str, str], ...]:
    return tuple(word_diff(old, new))


def cached_diff(old: str, new: str) -> list[tuple[str, str]]:
    """:func:`word_diff`, remembered: a unit page shows the same proposals and versions
    against the same text on every load."""
    return list(_cached(old, new))
