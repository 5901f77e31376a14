"""Characters that no text typed by a volunteer may carry into a catalog or a user store.

Control characters (C0 but tab and newline, DEL, C1 with U+0085) break gettext tools
(``msgfmt -c`` rejects U+0004) or hide text; line and paragraph separators (U+2028,
U+2029) split lines in some readers; private-use characters are what the project itself
uses as internal marks while it renders a page; bidi controls in a name can make it read
as another name.
"""

from __future__ import annotations

import re

from .errors import WorkflowError
from .i18n import N_

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SEPARATORS = re.compile("[\u2028\u2029]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# In UTF-8 every private-use character starts with one of these bytes (so do a few others).
_PRIVATE_USE_LEADS = (b"\xee", b"\xef")
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Characters a reader does not see: direction marks and isolates, zero-width spaces and
# joiners, the soft hyphen, the byte-order mark, and blanks that look like nothing (Hangul
# filler, braille blank). A line of nothing but these and spaces shows as nothing.
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u3164\u2800\ufeff\uffa0"
    + "".join(map(chr, range(0x200B, 0x2010)))
    + "".join(map(chr, range(0x202A, 0x202F)))
    + "".join(map(chr, range(0x2060, 0x2065)))
    + "".join(map(chr, range(0x2066, 0x2070)))
)


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def check_typed(text: str, *, allow_separators: bool = False) -> None:
    """Refuse control characters (and, unless allowed, U+2028/U+2029) in ``text``."""
    found = CONTROL.search(text)
    if found is None and not allow_separators:
        found = SEPARATORS.search(text)
    if found is not None:
        raise WorkflowError(
            N_(
                "The text contains the invisible control character %(code)s; remove it and "
                "save again."
            ),
            code=_code(found.group(0)),
        )


def check_translation(text: str, source: str) -> None:
    """What a translation may not contain: control characters, the project's internal
    marks, and line separators the source does not have."""
    check_typed(text, allow_separators=True)
    for separator in SEPARATORS.findall(text):
        if separator not in source:
            raise WorkflowError(
                N_(
                    "The translation contains the line separator %(code)s, which the source "
                    "does not have; use an ordinary line break."
                ),
                code=_code(separator),
            )
    private = private_use(text)
    if private is not None:
        raise WorkflowError(
            N_(
                "The translation contains the private-use character %(code)s, which shows as "
                "nothing or as a box; remove it."
            ),
            code=_code(private.group(0)),
        )


def check_name(name: str) -> None:
    """A person's name: no control characters, separators or bidi controls."""
    check_typed(name)
    bidi = BIDI_CONTROLS.search(name)
    if bidi is not None:
        raise WorkflowError(
            N_(
                "The name contains the direction control %(code)s, which can make it read as "
                "another name; remove it."
            ),
            code=_code(bidi.group(0)),
        )


def private_use(text: str) -> re.Match[str] | None:
    """The first private-use character of ``text`` (``PRIVATE_USE.search``, quicker on long
    texts without one: a byte search finds most cannot hold one)."""
    encoded = text.encode("utf-8", "surrogatepass")
    if not any(lead in encoded for lead in _PRIVATE_USE_LEADS):
        return None
    return PRIVATE_USE.search(text)
