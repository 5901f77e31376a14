"""A faster reader of PO files that gives exactly what ``polib.pofile`` gives.

polib's parser is a state machine that spends most of its time on per-line overhead: a
regular expression looks for unescaped quotes on every string line, each line goes through
a dictionary of bound methods, and ``unescape`` runs a regular expression substitution on
every string. This is the same state machine (same states, transitions and handlers, so a
file wrapped by polib or Poedit, with contexts, plurals, obsolete entries or previous
msgids, reads the same), with those costs taken only where a line needs them.

Anything polib would refuse, or that this reader is not sure to read as polib does, is
handed to polib itself, so errors stay polib's errors.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import polib

_UNESCAPED_QUOTE = re.compile(r'([^\\]|^)"')
_BOM = codecs.BOM_UTF8.decode("utf-8")
_KEYWORDS = {"msgctxt": "ct", "msgid": "mi", "msgstr": "ms", "msgid_plural": "mp"}
_PREVIOUS = {"msgid_plural": "pp", "msgid": "pm", "msgctxt": "pc"}
_ALL = ["st", "he", "gc", "oc", "fl", "ct", "pc", "pm", "pp", "tc", "ms", "mp", "mx", "mi"]
# (symbol, state) -> next state, as polib's _POFileParser.__init__ sets them up.
_TRANSITIONS: dict[tuple[str, str], str] = {}
for _symbol, _states, _next in (
    ("tc", ["st", "he"], "he"),
    ("tc", ["gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mp", "mx", "mi"], "tc"),
    ("gc", _ALL, "gc"),
    ("oc", _ALL, "oc"),
    ("fl", _ALL, "fl"),
    ("pc", _ALL, "pc"),
    ("pm", _ALL, "pm"),
    ("pp", _ALL, "pp"),
    ("ct", ["st", "he", "gc", "oc", "fl", "tc", "pc", "pm", "pp", "ms", "mx"], "ct"),
    ("mi", ["st", "he", "gc", "oc", "fl", "ct", "tc", "pc", "pm", "pp", "ms", "mx"], "mi"),
    ("mp", ["tc", "gc", "pc", "pm", "pp", "mi"], "mp"),
    ("ms", ["mi", "mp", "tc"], "ms"),
    ("mx", ["mi", "mx", "mp", "tc"], "mx"),
    ("mc", ["ct", "mi", "mp", "ms", "mx", "pm", "pp", "pc"], "mc"),
):
    for _state in _states:
        _TRANSITIONS[(_symbol, _state)] = _next
# States after which a new comment or keyword starts a new entry.
_CLOSING = frozenset(("mc", "ms", "mx"))


class _Unsure(Exception):
    """This line is for polib to judge (a syntax error, most likely)."""


def _unescape(value: str) -> str:
    return polib.unescape(value) if "\\" in value else value


def _check_quotes(body: str) -> None:
    if '"' in body and _UNESCAPED_QUOTE.search(body):
        raise _Unsure


def _occurrences(places: str) -> list[tuple[str, str]]:
    """The (file, line) pairs of a ``#:`` line, as polib reads them."""
    found = []
    for occurrence in places.split():
        place, sep, line_number = occurrence.rpartition(":")
        found.append((place, line_number) if sep and line_number.isdigit() else (occurrence, ""))
    return found


def _continue(entry: polib.POEntry, state: str, index: int, value: str) -> None:
    """Append a continuation line's string to the field that ``state`` is in."""
    if state == "ct":
        entry.msgctxt += value
    elif state == "mi":
        entry.msgid += value
    elif state == "mp":
        entry.msgid_plural += value
    elif state == "ms":
        entry.msgstr += value
    elif state == "mx":
        entry.msgstr_plural[index] += value
    elif state == "pp":
        entry.previous_msgid_plural += value
    elif state == "pm":
        entry.previous_msgid += value
    elif state == "pc":
        entry.previous_msgctxt += value


def read_po(path: Path, wrapwidth: int = 0, data: bytes | None = None) -> polib.POFile:
    """``polib.pofile(path, wrapwidth=wrapwidth, encoding="utf-8")``, faster (``data``: the
    file's bytes, when the caller has read them)."""
    try:
        text = (Path(path).read_bytes() if data is None else data).decode("utf-8")
        laid_out = _parse_layout(text, str(path), wrapwidth)
        return laid_out if laid_out is not None else _parse(text, str(path), wrapwidth)
    except Exception:  # _Unsure, or anything polib would turn into its own error
        return polib.pofile(str(path), wrapwidth=wrapwidth, encoding="utf-8")


def _parse_layout(data: str, fpath: str, wrapwidth: int) -> polib.POFile | None:
    """The catalogs this project writes, read entry by entry (None for any other file).

    The writer puts each string on one line and one blank line between entries, so a
    blank line ends an entry and each line's first characters say what it is; polib (and
    so Poedit) writes the same, with long strings, comments and places wrapped over lines.
    Only those lines are read here (translator and extracted comments, places, flags, a
    previous msgid, msgid, msgstr), each as :func:`_parse` reads it; a file with anything
    else in an entry (a context, plurals, an obsolete entry) is left to :func:`_parse`.
    The header goes through :func:`_parse` too."""
    laid_out = layout_blocks(data, fpath, wrapwidth)
    if laid_out is None:
        return None
    instance, blocks = laid_out
    entries: list[polib.POEntry] = []
    for block, start in blocks:
        entry = layout_entry(block, start)
        if entry is None:
            return None
        entries.append(entry)
    instance.extend(entries)
    return instance


def layout_blocks(
    data: str, fpath: str, wrapwidth: int
) -> tuple[polib.POFile, list[tuple[str, int]]] | None:
    """The header of a file laid out as :func:`_parse_layout` reads it (as a catalog
    without entries) and each entry's block with the number of its first line; None for
    a file that is not. A block may still be one :func:`layout_entry` does not read, and
    then the whole file is for the full reader."""
    if "\r" in data or data.startswith(_BOM):
        return None
    chunks = (data[:-1] if data.endswith("\n") else data).split("\n\n")
    header = chunks[0].rstrip("\n").rsplit("\n", 1)[-1].strip()
    if not header.startswith(('"', 'msgstr "')):  # comments after it belong to the next entry
        return None
    try:
        instance = _parse(chunks[0] + "\n", fpath, wrapwidth)
    except _Unsure:  # for the full reader (or polib) to judge, with the whole file
        return None
    if len(instance) or not instance.metadata:  # the first block is the header, only it
        return None
    number = chunks[0].count("\n") + 3  # the next block's first line
    blocks: list[tuple[str, int]] = []
    for chunk in chunks[1:]:
        start, number = number, number + chunk.count("\n") + 2
        if chunk:
            blocks.append((chunk, start))
    return instance, blocks


def layout_strings(block: str) -> tuple[str, str] | None:
    """The msgid and msgstr of an entry's block (:func:`layout_blocks`), as
    :func:`layout_entry` reads them, without the lines above them; None when it would not
    read the block."""
    parts = _layout_parts(block)
    return None if parts is None else (parts[1], parts[2])


def _layout_parts(block: str) -> tuple[int, str, str] | None:
    """Where a block's msgid line starts, its msgid and its msgstr (:func:`layout_strings`)."""
    at = 0 if block.startswith('msgid "') else block.find('\nmsgid "') + 1
    if at == 0 and not block.startswith('msgid "'):
        return None
    to = block.find('\nmsgstr "', at)
    msgid = _strings(block[at + 6 : to]) if to > 0 else None
    msgstr = _strings(block[to + 8 :]) if msgid else None
    if not msgid or msgstr is None:  # an empty msgid: polib may take it for the header
        return None
    return at, msgid, msgstr


def layout_entry(block: str, start: int) -> polib.POEntry | None:
    """One entry's block of :func:`layout_blocks`, whose first line is line ``start``, read
    as polib reads it; None when this reader is not sure to."""
    parts = _layout_parts(block)
    if parts is None:
        return None
    at, msgid, msgstr = parts
    entry = polib.POEntry(linenum=start)
    if at and not _layout_comments(entry, block[: at - 1].split("\n")):
        return None
    entry.msgid, entry.msgstr = msgid, msgstr
    entry.obsolete = 0  # as _parse sets it (polib's own parser too)
    return entry


def _strings(part: str) -> str | None:
    """The string of a keyword's quoted lines (``"one"`` or, wrapped as polib and Poedit
    wrap a long string, ``""\n"one "\n"two"``), unescaped; None unless every line is
    exactly one quoted string."""
    if "\n" not in part:  # one line, as this project writes every string
        if len(part) < 2 or part[0] != '"' or part[-1] != '"':
            return None
        body = part[1:-1]
        try:
            _check_quotes(body)
        except _Unsure:
            return None
        return _unescape(body)
    if part[0] != '"' or part[-1] != '"':
        return None
    bodies = part[1:-1].split('"\n"')
    joined = "\n".join(bodies)
    if joined.count("\n") != len(bodies) - 1:  # a line not one quoted string (or one quote)
        return None
    try:
        _check_quotes(joined)  # as each line's, where no quote can follow \n
    except _Unsure:
        return None
    if "\\" not in joined:  # nothing to unescape in any line
        return "".join(bodies)
    return "".join([_unescape(body) for body in bodies])


def _layout_comments(entry: polib.POEntry, lines: list[str]) -> bool:
    """Read the lines above an entry's msgid into it, as :func:`_parse` reads them;
    False at any line the workflow or polib's wrapping does not write there."""
    tcomments: list[str] = []
    comments: list[str] = []
    previous: list[str] | None = None
    following = False  # whether a '#| "' line continues the previous msgid
    for raw in lines:
        line = raw.strip()
        if line.startswith('#| "'):
            if not following or previous is None or len(line) < 5 or line[-1] != '"':
                return False
            previous.append(line[4:-1])
            continue
        following = False
        if line.startswith("# "):
            tcomments.append(line[2:])  # what polib keeps of "# text" (the line is stripped)
        elif line.startswith("#. "):
            comments.append(line[3:])
        elif line.startswith("#: "):
            entry.occurrences += _occurrences(line[3:])
        elif line.startswith("#, "):
            entry.flags += [flag.strip() for flag in line[3:].split(",")]
        elif line.startswith('#| msgid "') and line[-1] == '"' and len(line) > 10:
            if previous is not None:
                return False
            previous, following = [line[10:-1]], True
        else:
            return False
    if previous is not None:
        try:
            for piece in previous:
                _check_quotes(piece)
        except _Unsure:
            return False
        entry.previous_msgid = "".join(_unescape(piece) for piece in previous)
        if not entry.previous_msgid:
            return False
    entry.tcomment = "\n".join(tcomments)
    entry.comment = "\n".join(comments)
    return True


def _parse(data: str, fpath: str, wrapwidth: int) -> polib.POFile:
    # Lines as a file opened in text mode gives them (universal newlines), not splitlines(),
    # which would also split at U+2028, U+0085 and other separators inside strings.
    if "\r" in data:
        data = data.replace("\r\n", "\n").replace("\r", "\n")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    instance = polib.POFile(pofile=fpath, encoding="utf-8", check_for_duplicates=False)
    entries: list[polib.POEntry] = []
    header = ""
    entry = polib.POEntry(linenum=0)
    state = "st"
    index = 0
    first_token = ""
    number = 0
    transitions = _TRANSITIONS
    pending: list[str] = []  # the continuation lines of the string being read

    for raw in lines:
        number += 1
        if number == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM) :]
        line = raw.strip()
        if not line:
            continue
        if line[0] == '"':  # a continuation: what polib's checks below come to, quicker
            first_token = '"'
            _check_quotes(line[1:-1])
            symbol, token = "mc", line
            if ("mc", state) not in transitions:
                raise _Unsure
            # Joined when the string ends: adding each line to the field would copy the
            # string so far once per line (a 200 KB unit wrapped at 78 columns: 2,600 lines).
            pending.append(_unescape(token[1:-1]))
            continue
        if pending:
            _continue(entry, state, index, "".join(pending))
            pending = []
        tokens = line.split(None, 2)
        count = len(tokens)
        first_token = tokens[0]
        if first_token == "#~|":
            continue
        obsolete = 0
        if first_token == "#~" and count > 1:
            line = line[3:].strip()
            tokens = tokens[1:]
            count -= 1
            obsolete = 1
            first_token = tokens[0]
        keyword = _KEYWORDS.get(first_token) if count > 1 else None
        if keyword is not None:
            line = line[len(first_token) :].lstrip()
            _check_quotes(line[1:-1])
            symbol, token = keyword, line
        elif first_token == "#:":
            if count <= 1:
                continue
            symbol, token = "oc", line
        elif line[:1] == '"':
            _check_quotes(line[1:-1])
            symbol, token = "mc", line
        elif line[:7] == "msgstr[":
            symbol, token = "mx", line
        elif first_token == "#,":
            if count <= 1:
                continue
            symbol, token = "fl", line
        elif first_token == "#" or first_token.startswith("##"):
            symbol, token = "tc", line
        elif first_token == "#.":
            if count <= 1:
                continue
            symbol, token = "gc", line
        elif first_token == "#|":
            if count <= 1:
                raise _Unsure
            line = line[2:].lstrip()
            if tokens[1].startswith('"'):
                symbol, token = "mc", line
            else:
                if count == 2 or tokens[1] not in _PREVIOUS:
                    raise _Unsure
                symbol, token = _PREVIOUS[tokens[1]], line[len(tokens[1]) :].lstrip()
        else:
            raise _Unsure

        following = transitions.get((symbol, state))
        if following is None:
            raise _Unsure
        if symbol == "mc":
            _continue(entry, state, index, _unescape(token[1:-1]))
            continue  # a continuation keeps the state
        if following == "he":
            header = f"{header}\n{token[2:]}" if header != "" else token[2:]
            state = following
            continue
        if state in _CLOSING and symbol not in ("mp", "ms", "mx"):
            entries.append(entry)
            entry = polib.POEntry(linenum=number)
        if symbol == "tc":
            comment = token.lstrip("#")
            if comment.startswith(" "):
                comment = comment[1:]
            entry.tcomment = f"{entry.tcomment}\n{comment}" if entry.tcomment != "" else comment
        elif symbol == "gc":
            value = token[3:]
            entry.comment = f"{entry.comment}\n{value}" if entry.comment != "" else value
        elif symbol == "oc":
            entry.occurrences += _occurrences(token[3:])
        elif symbol == "fl":
            entry.flags += [flag.strip() for flag in token[3:].split(",")]
        elif symbol == "pp":
            entry.previous_msgid_plural = _unescape(token[1:-1])
        elif symbol == "pm":
            entry.previous_msgid = _unescape(token[1:-1])
        elif symbol == "pc":
            entry.previous_msgctxt = _unescape(token[1:-1])
        elif symbol == "ct":
            entry.msgctxt = _unescape(token[1:-1])
        elif symbol == "mi":
            entry.obsolete = obsolete
            entry.msgid = _unescape(token[1:-1])
        elif symbol == "mp":
            entry.msgid_plural = _unescape(token[1:-1])
        elif symbol == "ms":
            entry.msgstr = _unescape(token[1:-1])
        else:  # mx
            index = int(token[7])
            entry.msgstr_plural[index] = _unescape(token[token.find('"') + 1 : -1])
        state = following

    if pending:
        _continue(entry, state, index, "".join(pending))
    if entry and first_token and not first_token.startswith("#"):
        entries.append(entry)
    instance.header = header
    instance.extend(entries)
    metadata_entry = instance.find("")
    if metadata_entry:
        instance.remove(metadata_entry)
        instance.metadata_is_fuzzy = metadata_entry.flags
        key = None
        for message in metadata_entry.msgstr.splitlines():
            try:
                key, value = message.split(":", 1)
                instance.metadata[key] = value.strip()
            except (ValueError, KeyError):
                if key is not None:
                    instance.metadata[key] += "\n" + message.strip()
    instance.wrapwidth = wrapwidth
    return instance
