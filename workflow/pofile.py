"""PO and POT file I/O: read through polib from a path, write atomically without wrapping.

Files are written one line per ``msgid``/``msgstr`` (no wrapping inside paragraphs) so a
git diff shows one changed paragraph as one changed line. polib is always given a path:
parsing from a string splits lines at U+2028 and U+0085, which copied web text contains.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from .errors import WorkflowError
from .fileio import atomic_write_text

_LINE = re.compile(r"\(line (\d+)\)")


def read_catalog(path: Path) -> polib.POFile:
    """Parse a PO or POT file; a broken file raises one line naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise WorkflowError(f"{path}: catalog not found")
    try:
        catalog = polib.pofile(str(path), wrapwidth=0, encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkflowError(f"{path}: not a UTF-8 PO file") from None
    except (OSError, ValueError) as exc:
        match = _LINE.search(str(exc))
        where = f"{path}:{match.group(1)}" if match else str(path)
        detail = str(exc).split(":", 1)[1].strip() if "unescaped" in str(exc) else "syntax error"
        raise WorkflowError(
            f"{where}: {detail} in PO file; fix it by hand or restore it from git"
        ) from None
    catalog.wrapwidth = 0
    return catalog


_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "\t": "\\t",
        "\r": "\\r",
        "\n": "\\n",
        "\v": "\\v",
        "\b": "\\b",
        "\f": "\\f",
        '"': '\\"',
    }
)


def _quote(value: str) -> str:
    return '"' + value.translate(_ESCAPES) + '"'


def _entry_lines(entry: polib.POEntry) -> list[str]:
    lines: list[str] = []
    if entry.tcomment:
        lines.extend(f"# {line}" for line in entry.tcomment.split("\n"))
    if not entry.obsolete:
        if entry.comment:
            lines.extend(f"#. {line}" for line in entry.comment.split("\n"))
        if entry.occurrences:
            places = (f"{path}:{line}" if line else path for path, line in entry.occurrences)
            lines.append("#: " + " ".join(places))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.append(f"{previous}msgctxt {_quote(entry.previous_msgctxt)}")
    if entry.previous_msgid is not None:
        lines.append(f"{previous}msgid {_quote(entry.previous_msgid)}")
    if entry.previous_msgid_plural is not None:
        lines.append(f"{previous}msgid_plural {_quote(entry.previous_msgid_plural)}")
    mark = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.append(f"{mark}msgctxt {_quote(entry.msgctxt)}")
    lines.append(f"{mark}msgid {_quote(entry.msgid)}")
    if entry.msgid_plural:
        lines.append(f"{mark}msgid_plural {_quote(entry.msgid_plural)}")
    if entry.msgstr_plural:
        for index in sorted(entry.msgstr_plural):
            lines.append(f"{mark}msgstr[{index}] {_quote(entry.msgstr_plural[index])}")
    else:
        lines.append(f"{mark}msgstr {_quote(entry.msgstr)}")
    return lines


def catalog_text(catalog: polib.POFile) -> str:
    """The catalog as PO text: one line per string (no wrapping), as polib lays it out.

    polib's own writer wraps or splits long strings and is several times slower on large
    catalogs; this one keeps a changed paragraph to one changed line in a diff.
    """
    out: list[str] = []
    for line in catalog.header.split("\n") if catalog.header else []:
        out.append("#" if not line else f"#{line}" if line[:1] in ",:" else f"# {line}")
    if catalog.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    out.extend(_quote(f"{name}: {value}\n") for name, value in catalog.ordered_metadata())
    for entry in catalog:
        if not entry.obsolete:
            out.append("")
            out.extend(_entry_lines(entry))
    for entry in catalog:
        if entry.obsolete:
            out.append("")
            out.extend(_entry_lines(entry))
    return "\n".join(out) + "\n"


def write_catalog(path: Path, catalog: polib.POFile) -> None:
    """Write a catalog atomically (temp file, fsync, rename)."""
    atomic_write_text(Path(path), catalog_text(catalog))
