"""PO and POT file I/O: read into polib objects (see poparse), write atomically without wrapping.

Files are written one line per ``msgid``/``msgstr`` (no wrapping inside paragraphs) so a
git diff shows one changed paragraph as one changed line. polib is always given a path:
parsing from a string splits lines at U+2028 and U+0085, which copied web text contains.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ..errors import WorkflowError
from ..fileio import atomic_write_text
from ..i18n import N_
from .poparse import read_po

_LINE = re.compile(r"\(line (\d+)\)")


def read_catalog(path: Path) -> polib.POFile:
    """Parse a PO or POT file; a broken file raises one line naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise WorkflowError(N_("%(path)s: catalog not found"), path=path)
    try:
        data = path.read_bytes()
        catalog = read_po(path, wrapwidth=0, data=data)
    except UnicodeDecodeError:
        raise WorkflowError(N_("%(path)s: not a UTF-8 PO file"), path=path) from None
    except (OSError, ValueError) as exc:
        match = _LINE.search(str(exc))
        where = f"{path}:{match.group(1)}" if match else str(path)
        detail = str(exc).split(":", 1)[1].strip() if "unescaped" in str(exc) else "syntax error"
        raise WorkflowError(
            N_("%(where)s: %(detail)s in PO file; fix it by hand or restore it from git"),
            where=where,
            detail=detail,
        ) from None
    catalog.wrapwidth = 0
    _restore_obsolete_previous(data, catalog)
    return catalog


def _obsolete_previous(text: str) -> dict[tuple[str | None, str], str]:
    """``#~| msgid`` lines (which polib 1.2 does not read), by the obsolete entry they
    belong to: (msgctxt, msgid) → previous msgid. Wrapped strings are joined."""
    found: dict[tuple[str | None, str], str] = {}
    fields: dict[str, list[str]] = {}
    current = ""

    def close() -> None:
        if "previous" in fields and "msgid" in fields:
            context = "".join(fields["msgctxt"]) if "msgctxt" in fields else None
            found[(context, "".join(fields["msgid"]))] = "".join(fields["previous"])
        fields.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            close()
            current = ""
            continue
        if line.startswith(("#~ msgstr", "#~ msgid_plural")):
            current = ""
            continue
        for prefix, name in (
            ("#~| msgid ", "previous"),
            ("#~| ", "previous-continued"),
            ("#~ msgctxt ", "msgctxt"),
            ("#~ msgid ", "msgid"),
            ("#~ ", "continued"),
        ):
            if line.startswith(prefix):
                value = line[len(prefix) :]
                if not (value.startswith('"') and value.endswith('"')):
                    break
                body = polib.unescape(value[1:-1])
                if name == "previous-continued" and current == "previous":
                    fields["previous"].append(body)
                elif name == "continued" and current in ("msgctxt", "msgid"):
                    fields[current].append(body)
                elif name in ("previous", "msgctxt", "msgid"):
                    if name == "msgid" and "msgid" in fields:
                        break
                    fields[name] = [body]
                    current = name
                else:
                    current = ""
                break
        else:
            current = ""
    close()
    return found


def _restore_obsolete_previous(data: bytes, catalog: polib.POFile) -> None:
    if b"#~|" not in data:
        return
    previous = _obsolete_previous(data.decode("utf-8"))
    for entry in catalog:
        if entry.obsolete and entry.previous_msgid is None:
            entry.previous_msgid = previous.get((entry.msgctxt, entry.msgid))


# What a PO string escapes, the backslash first (the others add backslashes of their own).
_ESCAPES = (
    ("\\", "\\\\"),
    ("\t", "\\t"),
    ("\r", "\\r"),
    ("\n", "\\n"),
    ("\v", "\\v"),
    ("\b", "\\b"),
    ("\f", "\\f"),
    ('"', '\\"'),
)
# Every byte but those ASCII characters (in UTF-8 never part of another character): what is
# left of a string's UTF-8 once these are deleted says whether it has one to escape.
_PLAIN = bytes(byte for byte in range(256) if chr(byte) not in dict(_ESCAPES))


def _quote(value: str) -> str:
    # str.translate takes ~150 ns a character of Arabic; a byte pass and a few replace()
    # take a fortieth of that.
    if value.encode("utf-8", "surrogatepass").translate(None, _PLAIN):
        for char, escaped in _ESCAPES:
            if char in value:
                value = value.replace(char, escaped)
    return f'"{value}"'


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


def catalog_text(catalog: polib.POFile, entries: str | None = None) -> str:
    """The catalog as PO text: one line per string (no wrapping), as polib lays it out.

    polib's own writer wraps or splits long strings and is several times slower on large
    catalogs; this one keeps a changed paragraph to one changed line in a diff. ``entries``
    is :func:`entries_text` of the catalog, when the caller has it already.
    """
    return _header_text(catalog) + (entries_text(catalog) if entries is None else entries)


def _header_text(catalog: polib.POFile) -> str:
    out: list[str] = []
    for line in catalog.header.split("\n") if catalog.header else []:
        out.append("#" if not line else f"#{line}" if line[:1] in ",:" else f"# {line}")
    if catalog.metadata_is_fuzzy:
        out.append("#, fuzzy")
    out.append('msgid ""')
    out.append('msgstr ""')
    out.extend(_quote(f"{name}: {value}\n") for name, value in catalog.ordered_metadata())
    return "\n".join(out) + "\n"


def entries_text(catalog: polib.POFile) -> str:
    """The entries of :func:`catalog_text` (what follows the header): the same for every
    catalog with the same entries, such as a template and the new catalogs made from it."""
    out: list[str] = []
    for entry in catalog:
        if not entry.obsolete:
            out.append("")
            out.extend(_entry_lines(entry))
    for entry in catalog:
        if entry.obsolete:
            out.append("")
            out.extend(_entry_lines(entry))
    return "\n".join(out) + "\n" if out else ""


def write_catalog(path: Path, catalog: polib.POFile, entries: str | None = None) -> str:
    """Write a catalog atomically (temp file, fsync, rename); ``entries`` as for
    :func:`catalog_text`. Returns the text written."""
    text = catalog_text(catalog, entries)
    atomic_write_text(Path(path), text)
    return text


# One entry at a time. A review save changes one entry: in a file laid out by this writer
# (one line per string, entries separated by one blank line) the entry is found by its
# msgid line, read, changed and written back without parsing the rest of the catalog.
# Anything else (a file saved by Poedit with wrapped lines, msgctxt, plurals) returns None
# and the caller parses the whole catalog.

_BODY = re.compile(r'^(?:[^"\\]|\\.)*$')
_REVISION_DATE = re.compile(r'^"PO-Revision-Date: [^"\n]*\\n"$', re.MULTILINE)


def _unquoted(line: str, prefix: str) -> str | None:
    if not (line.startswith(prefix + '"') and line.endswith('"')):
        return None
    body = line[len(prefix) + 1 : -1]
    return polib.unescape(body) if _BODY.match(body) else None


def entry_span(text: str, msgid: str) -> tuple[int, int] | None:
    """Where the active entry of ``msgid`` stands in the PO text (start, end), if laid out
    as this module writes it."""
    needle = "\nmsgid " + _quote(msgid) + "\n"
    found = text.find(needle)
    if found < 0 or text.find(needle, found + 1) >= 0:
        return None
    start = text.rfind("\n\n", 0, found + 1)
    end = text.find("\n\n", found + 1)
    if start < 0:
        return None
    return start + 2, len(text) if end < 0 else end + 1


def parse_entry(block: str) -> polib.POEntry | None:
    """One entry as this module writes it, or None for any other layout."""
    entry = polib.POEntry(msgid=None, msgstr=None)
    for line in block.rstrip("\n").split("\n"):
        if line.startswith("#."):
            entry.comment = f"{entry.comment}\n{line[3:]}" if entry.comment else line[3:]
        elif line.startswith("#:"):
            for place in line[3:].split():
                path, _, number = place.rpartition(":")
                entry.occurrences.append(
                    (path, number) if path and number.isdigit() else (place, "")
                )
        elif line.startswith("#,"):
            entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif line.startswith("#|"):
            value = _unquoted(line, "#| msgid ")
            if value is None:
                return None
            entry.previous_msgid = value
        elif line.startswith(("#~", "msgctxt", "msgid_plural", "msgstr[")):
            return None
        elif line.startswith("#"):
            comment = line[1:].removeprefix(" ")
            entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment else comment
        elif line.startswith("msgid "):
            entry.msgid = _unquoted(line, "msgid ")
        elif line.startswith("msgstr "):
            entry.msgstr = _unquoted(line, "msgstr ")
        else:
            return None
    if entry.msgid is None or entry.msgstr is None:
        return None
    return entry


def read_entry(text: str, msgid: str) -> polib.POEntry | None:
    """The active entry of ``msgid`` read on its own, or None (then parse the catalog)."""
    span = entry_span(text, msgid)
    return None if span is None else parse_entry(text[span[0] : span[1]])


def replace_entry(text: str, entry: polib.POEntry, revised: str) -> str | None:
    """The PO text with ``entry`` written in place of its old version and the revision date
    set, or None when the entry cannot be found on its own."""
    span = entry_span(text, entry.msgid)
    if span is None:
        return None
    block = "\n".join(_entry_lines(entry)) + "\n"
    updated = text[: span[0]] + block + text[span[1] :]
    return _REVISION_DATE.sub(f'"PO-Revision-Date: {revised}\\\\n"', updated, count=1)
