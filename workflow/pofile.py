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


def catalog_text(catalog: polib.POFile) -> str:
    """The catalog as PO text, one line per string, ending with a newline."""
    catalog.wrapwidth = 0
    text = catalog.__unicode__()
    return text if text.endswith("\n") else text + "\n"


def write_catalog(path: Path, catalog: polib.POFile) -> None:
    """Write a catalog atomically (temp file, fsync, rename)."""
    atomic_write_text(Path(path), catalog_text(catalog))
