"""Translation units: the paragraphs, headings, list items, quotes and cells of a statement."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

KINDS = ("title", "heading", "paragraph", "list-item", "quote", "table-cell")

_UNIT_ID = re.compile(r"^[0-9a-f]{10}$")


def unit_id(text: str) -> str:
    """The stable short id of a unit: 10 hex digits derived from its text alone."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()


def is_unit_id(value: str) -> bool:
    """Whether ``value`` has the shape of a unit id (used to refuse odd ids early)."""
    return bool(_UNIT_ID.match(value))


@dataclass
class Unit:
    """One translatable text of the statement, with every place it occurs.

    Identical paragraphs are a single unit with several occurrences.
    """

    text: str
    kind: str
    lines: list[int] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The unit's stable id."""
        return unit_id(self.text)
