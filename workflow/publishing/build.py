"""Reassemble a statement per language (Markdown, plain text, HTML) from its catalogs."""

from __future__ import annotations

import contextlib
import functools
import html
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import derived
from ..catalog.segment import Document, Slot, escape_block_start
from ..catalog.statement import Statement
from ..catalog.unit import unit_id
from ..errors import WorkflowError
from ..fileio import atomic_write_text
from ..i18n import N_, LanguageCode
from ..languages import get_language
from ..textrules import private_use
from .mdread import kept_markdown_blocks, markdown_blocks, markdown_parser

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

from .verify import (
    Sentinels,
    compare_blocks,
    expected_text,
    link_definitions,
    markdown_visible,
)

OUTPUT_FORMATS = ("md", "txt", "html")
# Private-use characters that survive Markdown rendering; they become marks in HTML: on the
# block itself when they wrap all of it (a <p lang="en" dir="ltr">), else a <span>.
_FALLBACK_OPEN, _FALLBACK_CLOSE, _SOURCE_OPEN, _DROPPED = "\ue000", "\ue001", "\ue002", "\ue003"
_FOREIGN_OPEN = "\ue004"
MARK_OPENERS = _FALLBACK_OPEN + _SOURCE_OPEN + _FOREIGN_OPEN
MARK_CLOSE = _FALLBACK_CLOSE
_EMPTY_BLOCK = re.compile("<(h[1-6]|p|li|td|th)>\ue003</\\1>\n?")
_WHOLE_BLOCK = re.compile(
    "<(h[1-6]|p|li|td|th)>([\ue000\ue002\ue004])([^\ue000-\ue004]*)\ue001</\\1>"
)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<&])")


@dataclass
class Rendition:
    """The texts chosen for one language, and which units fell back to the source."""

    lang: str
    texts: dict[str, str]
    fallback: list[str] = field(default_factory=list)


def choose_texts(statement: Statement, lang: str, allow_unreviewed: bool) -> Rendition:
    """The translation of every unit for ``lang``.

    By default every unit must be approved; otherwise one line names the units that are
    not. With ``allow_unreviewed`` translated and machine texts go through and empty units
    fall back to the source.
    """
    if lang == statement.meta.source_language:
        return Rendition(lang, {})
    # The template's units, as the publish gate and the checks count them.
    units = statement.unit_texts()
    entries = statement.unit_states(lang, units=units)
    rendition = Rendition(lang, {})
    held: list[str] = []
    for text in units:
        entry = entries.get(text)
        state = entry.state if entry is not None else "missing"
        if entry is not None and (state == "approved" or (allow_unreviewed and entry.msgstr)):
            if private_use(entry.msgstr):
                raise WorkflowError(
                    N_(
                        "Unit %(unit)s (%(lang)s) contains a private-use character, which this "
                        "tool uses internally; remove it and save again."
                    ),
                    unit=unit_id(text),
                    lang=lang,
                )
            rendition.texts[text] = entry.msgstr
        elif allow_unreviewed:
            rendition.fallback.append(text)
        else:
            held.append(f"{unit_id(text)} ({state})")
    if held:
        shown = ", ".join(held[:8]) + (f" and {len(held) - 8} more" if len(held) > 8 else "")
        raise WorkflowError(
            N_(
                "%(slug)s in %(language)s: units not approved (%(count)s): %(units)s; "
                "review them first"
            ),
            slug=statement.slug,
            language=LanguageCode(lang),
            count=len(held),
            units=shown,
        )
    return rendition


def _text_for(rendition: Rendition, mark: Callable[[str], str]) -> Callable[[Slot], str | None]:
    fallback = set(rendition.fallback)

    def text_for(slot: Slot) -> str | None:
        if slot.text in fallback:
            return mark(slot.text)
        return rendition.texts.get(slot.text)

    return text_for


def skeleton(document: Document, rendition: Rendition) -> tuple[Rendition, Sentinels]:
    """The rendition with every unit that has a chosen text replaced by a sentinel word
    (units that fall back to the source render the same in both and are left as they are)."""
    fallback = set(rendition.fallback)
    units = [unit.text for unit in document.units() if unit.text not in fallback]
    sentinels = Sentinels.for_units(units)
    return Rendition(rendition.lang, dict(sentinels.by_text), list(rendition.fallback)), sentinels


def visible_text(document: Document, rendition: Rendition, kind: str) -> Callable[[str], str]:
    """What a reader of output ``kind`` sees of a unit (given by its source text)."""

    source = document.source() if document.fmt == "md" else ""
    # Most statements have none; a long text is hashed as link_definitions' cache key.
    references = link_definitions(source) if "]:" in source else {}

    def visible(unit: str) -> str:
        chosen = rendition.texts.get(unit, unit)
        if document.fmt != "md":
            return chosen
        return markdown_visible(chosen, with_targets=kind == "txt", references=references)

    return visible


def read_back(kind: str, output: str) -> list[str]:
    """The blocks of an output as a reader's tool shows them."""
    if kind == "html":
        from .htmlread import html_blocks  # html.parser: only for a page

        return html_blocks(output)
    if kind == "md":
        return markdown_blocks(output)
    return [output]


def verify(
    kind: str,
    output: str,
    skeleton_output: Callable[[], str],
    sentinels: Sentinels,
    visible: Callable[[str], str],
    what: str,
    kept: Statement | None = None,
    made_from: str | None = None,
) -> None:
    """Refuse ``output`` unless it shows every unit's chosen text, once, in order, and
    nothing else (``skeleton_output()`` makes the same output from :func:`skeleton`).

    With ``kept`` the skeleton's reading of a long output is kept on disk for that
    statement's next command (:mod:`workflow.derived`), under ``made_from`` when given (a
    digest of everything the skeleton is made from: then it is made only when its reading
    is not kept), else under the skeleton's own text."""
    long = len(output) >= derived.KEEP_FROM
    if kept is not None and not long:
        for name in (f"readback-{what}", f"chunks-{what}"):
            derived.forget(kept.root, kept.slug, name)
    blocks = skeleton_blocks(kind, skeleton_output, kept if long else None, what, made_from)
    if kind == "md" and kept is not None and long:
        shown = kept_markdown_blocks(output, kept.root, kept.slug, f"chunks-{what}")
    else:
        shown = read_back(kind, output)
    compare_blocks(shown, expected_text(list(blocks), sentinels, visible), what)


def skeleton_blocks(
    kind: str,
    skeleton_output: Callable[[], str],
    kept: Statement | None = None,
    what: str = "",
    made_from: str | None = None,
) -> tuple[str, ...]:
    """:func:`read_back` of a skeleton (kept on disk for ``kept`` under ``what``, the
    output's name, and ``made_from`` or else the skeleton's text).

    It changes only with the source and the code: it holds sentinels, not translations,
    so it is the same for every language whose units are all chosen."""
    if kept is None:
        return _skeleton_blocks(kind, skeleton_output())
    if made_from is not None:  # not a text: no skeleton's text can give the same key
        key = _made_from_key(kind, made_from)
    else:
        key = derived.derived_key(derived.CODE, kind, skeleton_output())
    where = (str(kept.root), kept.slug, key)
    found = _READINGS.get(where)
    if found is None:
        found = derived.remembered(
            kept.root,
            kept.slug,
            f"readback-{what}",
            key,
            lambda: _skeleton_blocks(kind, skeleton_output()),
            list,
            _blocks_from_json,
        )
        _remember(where, found)
    return found


def skeleton_at_hand(kind: str, kept: Statement, what: str, made_from: str) -> bool:
    """Whether :func:`skeleton_blocks` has the reading of this skeleton without reading it:
    in this process's memory, or kept on disk (then it is taken into memory)."""
    key = _made_from_key(kind, made_from)
    where = (str(kept.root), kept.slug, key)
    if where in _READINGS:
        return True
    found = derived.kept(kept.root, kept.slug, f"readback-{what}", key)
    if found is None:
        return False
    try:
        _remember(where, _blocks_from_json(found))
    except TypeError:  # damaged: read again
        return False
    return True


def _made_from_key(kind: str, made_from: str) -> str:
    return derived.derived_key(derived.CODE, kind, "made from", made_from)


def _remember(where: tuple[str, str, str], reading: tuple[str, ...]) -> None:
    while len(_READINGS) >= 8:
        del _READINGS[next(iter(_READINGS))]
    _READINGS[where] = reading


def _blocks_from_json(data: Any) -> tuple[str, ...]:
    """A kept reading: texts only (anything else is damage, worked out again)."""
    if not isinstance(data, list) or not all(isinstance(block, str) for block in data):
        raise TypeError("not a reading")
    return tuple(data)


# The skeletons' readings this process found or kept, by statement and key (a build's
# workers inherit them; a server keeps the last few).
_READINGS: dict[tuple[str, str, str], tuple[str, ...]] = {}


@functools.lru_cache(maxsize=8)
def _skeleton_blocks(kind: str, skeleton_output: str) -> tuple[str, ...]:
    """:func:`read_back` of a skeleton, once per process."""
    return tuple(read_back(kind, skeleton_output))


def _omitted(text: str) -> str:
    """Text with the blank lines an omitted block leaves behind folded."""
    return re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")


def render_markdown(document: Document, rendition: Rendition, omit_skipped: bool = False) -> str:
    """The statement as Markdown (the source reassembled when it is Markdown).

    Blocks not for translation are kept as written, or left out with ``omit_skipped``."""
    drop = (lambda raw: "") if omit_skipped else None
    if document.fmt == "md":
        text = document.render(
            _text_for(rendition, lambda text: f"\\[untranslated\\] {text}"), drop
        )
        return _omitted(text) if omit_skipped else text
    return text_to_markdown(document, _text_for(rendition, lambda text: text), omit=omit_skipped)


def render_text(document: Document, rendition: Rendition, omit_skipped: bool = False) -> str:
    """The statement as plain text (the source reassembled when it is plain text).

    Blocks not for translation are kept as written, or left out with ``omit_skipped``."""
    drop = (lambda raw: "") if omit_skipped else None
    if document.fmt == "txt":
        text = document.render(_text_for(rendition, lambda text: f"[untranslated] {text}"), drop)
        return _omitted(text) if omit_skipped else text
    return markdown_to_text(document.render(_text_for(rendition, lambda text: text), drop))


def render_body(
    document: Document,
    rendition: Rendition,
    source_lang: str,
    parser: MarkdownIt | None = None,
    drop_skipped: bool = False,
) -> str:
    """The statement's body as HTML, every text escaped, raw HTML in the source dropped.

    Units shown in the source language (blocks not for translation, and with
    ``--allow-unreviewed`` empty units) carry the source's ``lang`` and direction, on the
    block itself when they are all of it; so does a translation wholly in the other
    direction than the page's (a name, an English motto in an Arabic page). A block not for
    translation keeps its lines. With ``drop_skipped`` those blocks are left out.
    """
    from .bidi import foreign_block  # its patterns take 5 ms to compile: pages only

    page_dir = get_language(rendition.lang).direction

    def mark(text: str) -> str:
        return f"{_FALLBACK_OPEN}{text}{_FALLBACK_CLOSE}"

    def keep(text: str) -> str:
        return f"{_SOURCE_OPEN}{text}{_FALLBACK_CLOSE}"

    chosen = _text_for(rendition, mark)

    def marked(slot: Slot) -> str | None:
        text = chosen(slot)
        if (
            text is not None
            and not text.startswith(_FALLBACK_OPEN)
            and foreign_block(text, page_dir)
        ):
            return f"{_FOREIGN_OPEN}{text}{_FALLBACK_CLOSE}"
        return text

    keep_source: Callable[[str], str] | None = keep
    if drop_skipped:
        keep_source = lambda text: _DROPPED  # noqa: E731
    if document.fmt == "md":
        source = document.render(marked, keep_source and _keeping_lines(keep_source))
    else:
        source = text_to_markdown(document, marked, keep_source)
    direction = get_language(source_lang).direction
    other = "ltr" if page_dir == "rtl" else "rtl"
    foreign_lang = f' lang="{source_lang}"' if direction == other else ""
    attributes = {
        _FALLBACK_OPEN: f'class="untranslated" lang="{source_lang}" dir="{direction}"',
        _SOURCE_OPEN: f'class="source-text" lang="{source_lang}" dir="{direction}"',
        _FOREIGN_OPEN: f'class="other-direction"{foreign_lang} dir="{other}"',
    }
    body = (parser if parser is not None else markdown_parser()).render(source)
    body = _EMPTY_BLOCK.sub("", body).replace(_DROPPED, "")
    body = _WHOLE_BLOCK.sub(
        lambda m: f"<{m.group(1)} {attributes[m.group(2)]}>{m.group(3)}</{m.group(1)}>", body
    )
    for opener, attrs in attributes.items():
        body = body.replace(opener, f"<span {attrs}>")
    return body.replace(_FALLBACK_CLOSE, "</span>")


def _keeping_lines(keep: Callable[[str], str]) -> Callable[[str], str]:
    """``keep`` for a Markdown block whose lines must stay lines (hard breaks)."""

    def keep_lines(raw: str) -> str:
        lines = raw.split("\n")
        return keep("\\\n".join([line.rstrip() for line in lines[:-1]] + lines[-1:]))

    return keep_lines


def text_to_markdown(
    document: Document,
    text_for: Callable[[Slot], str | None],
    keep: Callable[[str], str] | None = None,
    omit: bool = False,
) -> str:
    """Markdown from a plain-text statement; blocks not for translation keep their lines
    (or are left out with ``omit``)."""
    blocks: list[str] = []
    previous_kind = ""
    for slot in document.slots():
        if slot.skipped and omit:
            continue
        if slot.skipped:
            lines = [" ".join(line.split()) for line in slot.raw.splitlines() if line.strip()]
            escaped = "\\\n".join(
                escape_block_start(_MD_SPECIAL.sub(r"\\\1", line)) for line in lines
            )
        else:
            text = " ".join((text_for(slot) or slot.text).split())
            escaped = escape_block_start(_MD_SPECIAL.sub(r"\\\1", text))
            if slot.kind in ("title", "heading") and escaped.endswith("#"):
                escaped = escaped[:-1] + "\\#"
        if slot.skipped and keep is not None:
            escaped = keep(escaped)
        if slot.kind == "title":
            block = f"# {escaped}"
        elif slot.kind == "heading":
            block = f"## {escaped}"
        elif slot.kind == "list-item":
            block = f"- {escaped}"
        elif slot.kind == "quote":
            block = f"> {escaped}"
        else:
            block = escaped
        if slot.kind == "list-item" and previous_kind == "list-item":
            blocks[-1] += "\n" + block
        else:
            blocks.append(block)
        previous_kind = slot.kind
    return "\n\n".join(blocks) + "\n"


def markdown_to_text(source: str) -> str:
    """Plain text from Markdown: markup dropped, list markers and quotes kept, links spelled out."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    blocks: list[str] = []
    prefixes: list[str] = []
    counters: list[int] = []
    item_open = new_list = False
    for token in tokens:
        if token.type == "bullet_list_open":
            counters.append(0)
            new_list = True
        elif token.type == "ordered_list_open":
            counters.append(int(token.attrGet("start") or 1))
            new_list = True
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
        elif token.type == "list_item_open":
            if counters and counters[-1] > 0:
                prefixes.append(f"{counters[-1]}{token.markup} ")
                counters[-1] += 1
            else:
                prefixes.append("- ")
            item_open = True
        elif token.type == "list_item_close":
            prefixes.pop()
        elif token.type == "blockquote_open":
            prefixes.append("> ")
        elif token.type == "blockquote_close":
            prefixes.pop()
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            outer = "".join(p if p == "> " else " " * len(p) for p in prefixes[:-1])
            last = prefixes[-1] if prefixes else ""
            lead = outer + (last if item_open or last == "> " else " " * len(last))
            if item_open and (not new_list or len(counters) > 1) and blocks:
                blocks[-1] += "\n" + lead + text
            else:
                blocks.append(lead + text)
            item_open = new_list = False
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n\n".join(blocks) + "\n"


def _inline_text(children: list[Token]) -> str:
    out: list[str] = []
    href: list[str | None] = []
    start: list[int] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            href.append(str(child.attrGet("href") or ""))
            start.append(len(out))
        elif child.type == "link_close" and href:
            target, begin = href.pop(), start.pop()
            label = "".join(out[begin:])
            if target and target != label and f"mailto:{label}" != target:
                out.append(f" ({target})")
    return "".join(out)


def page(title: str, body: str, lang: str) -> str:
    """A complete, self-contained HTML page for one language."""
    language = get_language(lang)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}" dir="{language.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ max-width: 42rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7;
  font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans", sans-serif; }}
html[dir="rtl"] body {{ font-size: 1.15rem; }}
.untranslated {{ background: #fff3cd; }}
</style>
</head>
<body>
<main>
{body}</main>
</body>
</html>
"""


def render(statement: Statement, lang: str, fmt: str, allow_unreviewed: bool = False) -> str:
    """The statement in one language and one output format, verified to hold exactly the
    chosen units (:func:`verify`)."""
    _check_request(statement, lang, fmt)
    statement.check_consistent()
    return _render(statement, lang, fmt, allow_unreviewed)


def _check_request(statement: Statement, lang: str, fmt: str) -> None:
    if fmt not in OUTPUT_FORMATS:
        raise WorkflowError(
            N_("unknown output format %(format)s: use md, txt or html"),
            format=repr(fmt),
        )
    if lang != statement.meta.source_language:
        statement.check_language(lang)


def _render(
    statement: Statement,
    lang: str,
    fmt: str,
    allow_unreviewed: bool,
    wait_for_child: Callable[[], None] | None = None,
) -> str:
    """:func:`render` once the language and the statement's consistency are checked
    (``wait_for_child``: when another process reads the template's units and the skeleton
    meanwhile, :func:`_read_ahead`)."""
    document = statement.document()  # first: a unit index read from the template keeps less
    translated = lang != statement.meta.source_language
    if wait_for_child is not None and translated:
        statement.entry_states(lang)  # the catalog, while the child reads the template
        wait_for_child()
    rendition = choose_texts(statement, lang, allow_unreviewed)
    title = page_title(statement, document, rendition)
    omit = statement.meta.omit_skipped  # once: the output and its skeleton's key agree
    output = _output(statement, document, rendition, fmt, title, omit)
    bones, sentinels = skeleton(document, rendition)
    if wait_for_child is not None and not translated:  # the source: only its skeleton
        wait_for_child()
    verify(
        fmt,
        output,
        lambda: _output(statement, document, bones, fmt, title, omit),
        sentinels,
        visible_text(document, rendition, fmt),
        f"{lang}.{fmt}",
        statement,
        skeleton_made_from(statement, document, rendition, fmt, omit),
    )
    return output


def skeleton_made_from(
    statement: Statement, document: Document, rendition: Rendition, fmt: str, omit: bool
) -> str | None:
    """A digest of everything the Markdown or text skeleton of ``rendition`` is made from
    (:func:`verify`'s ``made_from``): the statement's ``document``, the units that fall
    back to the source and whether skipped blocks are left out (``omit``). None for a page,
    whose skeleton holds its title and languages too."""
    document_key = statement.document_key(document)
    if fmt == "html" or document_key is None:
        return None
    skipped = "omit" if omit else "keep"
    return derived.derived_key(document_key, fmt, skipped, *sorted(set(rendition.fallback)))


def page_title(statement: Statement, document: Document, rendition: Rendition | None) -> str:
    """The title a page of ``rendition`` (None: the source's) shows in its head: the chosen
    text of the statement's title unit, never the title in statement.toml where that unit
    has one (the setting is not reviewed, and a hand edit there would reach every page)."""
    unit = document.title() or statement.meta.title  # no heading: the editor's title
    return unit if rendition is None else rendition.texts.get(unit, unit)


def _output(
    statement: Statement,
    document: Document,
    chosen: Rendition,
    fmt: str,
    title: str,
    omit: bool,
) -> str:
    """One output of ``chosen`` (the texts of a language, or the sentinels of a skeleton),
    the blocks not for translation left out with ``omit``."""
    if fmt == "md":
        return render_markdown(document, chosen, omit)
    if fmt == "txt":
        return render_text(document, chosen, omit)
    body = render_body(document, chosen, statement.meta.source_language, drop_skipped=omit)
    return page(title, body, chosen.lang)


def build(
    statement: Statement,
    langs: list[str],
    formats: list[str],
    out: Path,
    allow_unreviewed: bool = False,
    jobs: int = 1,
) -> list[Path]:
    """Write ``out/<slug>/<lang>.<fmt>`` for every language and format; returns the paths.

    Every language is checked before anything is written, so a refusal writes nothing.
    With ``jobs`` above 1 the outputs are made by that many processes at once, forked
    where that is safe (Linux, a process with one thread): for a command line. One output
    is made here, the template's units and its skeleton read meanwhile by a child
    (:func:`_read_ahead`).
    """
    for lang in langs:
        for fmt in formats:
            _check_request(statement, lang, fmt)
    # Once for the whole build: it hashes the source and reads every catalog's header.
    statement.check_consistent()
    tasks = [(lang, fmt) for lang in langs for fmt in formats]
    outputs = _render_all(statement, tasks, allow_unreviewed, jobs)
    written = []
    for (lang, fmt), text in zip(tasks, outputs, strict=True):
        path = Path(out) / statement.slug / f"{lang}.{fmt}"
        atomic_write_text(path, text)
        written.append(path)
    return written


# The statement a forked worker renders from, set before the workers start (inherited,
# not sent: it holds the parsed source and template).
_FORKED: dict[str, Statement] = {}


def _render_all(
    statement: Statement, tasks: list[tuple[str, str]], allow_unreviewed: bool, jobs: int
) -> list[str]:
    """The output of every (language, format) in ``tasks``, in order; the first refusal in
    that order is raised, as one process making them one by one would."""
    # Forking is safe where the process has one thread (another may hold a lock the child
    # would wait on forever) and on Linux (macOS forbids it for some system libraries).
    forkable = threading.active_count() == 1 and sys.platform.startswith("linux")
    if jobs > 1 and len(tasks) == 1 and forkable and not allow_unreviewed:
        lang, fmt = tasks[0]
        wait = _read_ahead(statement, lang, fmt)
        try:
            return [_render(statement, lang, fmt, allow_unreviewed, wait)]
        finally:
            if wait is not None:
                wait()  # a refusal came first: the child is waited for all the same
    if jobs <= 1 or len(tasks) <= 1 or not forkable:
        return [_render(statement, lang, fmt, allow_unreviewed) for lang, fmt in tasks]
    import multiprocessing  # 15 ms to import: only for a build that forks
    from concurrent.futures import ProcessPoolExecutor

    document = statement.document()  # read once here, shared by every worker
    statement.unit_index()
    if not allow_unreviewed:  # then no unit falls back: one skeleton per format
        omit = statement.meta.omit_skipped
        long = statement.source_path.stat().st_size >= derived.KEEP_FROM
        first = {fmt: lang for lang, fmt in reversed(tasks)}  # each format's first language
        for fmt, lang in first.items():
            if fmt == "html":  # a page's skeleton has its language and title
                continue
            made_from = skeleton_made_from(statement, document, Rendition(lang, {}), fmt, omit)
            _read_approved_skeleton(
                statement, document, lang, fmt, statement if long else None, made_from
            )
    _FORKED[statement.slug] = statement
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(tasks)), mp_context=multiprocessing.get_context("fork")
        ) as pool:
            futures = [
                pool.submit(_render_forked, statement.slug, lang, fmt, allow_unreviewed)
                for lang, fmt in tasks
            ]
            return [future.result() for future in futures]
    finally:
        del _FORKED[statement.slug]


def _read_ahead(statement: Statement, lang: str, fmt: str) -> Callable[[], None] | None:
    """Start reading the template's units and the skeleton of one Markdown or text output
    of a long statement in a forked child, which keeps both readings on disk, while this
    process reads the catalog; returns what waits for the child (None when the skeleton's
    reading is at hand already, none is kept for this output, or no child could be
    started). A child that fails leaves the readings to this process, as when nothing is
    kept. Two cores then share what one did: in a fresh clone, where nothing is kept yet,
    the template takes half as long to read as the catalog, and the skeleton a third.

    Only for a build whose every unit is approved: then no unit falls back to the source,
    and the skeleton is known before the catalog is read (as :func:`_render_all` knows it
    for several outputs)."""
    if fmt == "html" or statement.source_path.stat().st_size < derived.KEEP_FROM:
        return None
    document = statement.document()
    omit = statement.meta.omit_skipped
    made_from = skeleton_made_from(statement, document, Rendition(lang, {}), fmt, omit)
    if made_from is None or skeleton_at_hand(fmt, statement, f"{lang}.{fmt}", made_from):
        return None
    # Ctrl-C reaches the child too: there it must end the child, not run this process's
    # handler (which would go on with the build's code in the child). It is held back from
    # before the fork until the child has the default action.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())  # nothing changed if interrupted
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        pid = os.fork()
    except OSError:  # no process to spare: this one reads the skeleton in its turn
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        return None
    except BaseException:  # interrupted before the fork: no child
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    if pid == 0:  # the child: read, keep, and leave without running the parent's exit
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            if lang != statement.meta.source_language:  # the source's output reads none
                statement.unit_index()  # first: the build needs it first
            _read_approved_skeleton(statement, document, lang, fmt, statement, made_from)
            code = 0
        finally:
            os._exit(code)
    waited: list[bool] = []

    def wait() -> None:
        if waited:
            return
        with contextlib.suppress(ChildProcessError):  # waited for already (SIGCHLD ignored)
            os.waitpid(pid, 0)
        waited.append(True)

    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    except BaseException:  # a Ctrl-C held back during the fork: the child is waited for
        wait()
        raise
    return wait


def _read_approved_skeleton(
    statement: Statement,
    document: Document,
    lang: str,
    fmt: str,
    kept: Statement | None,
    made_from: str | None,
) -> None:
    """Read the skeleton of ``lang``'s Markdown or text output of a build whose every unit
    is approved (none falls back to the source), for :func:`skeleton_blocks` to find: kept
    on disk for ``kept`` under ``made_from``, in memory in any case."""
    bones, _ = skeleton(document, Rendition(lang, {}))
    omit = statement.meta.omit_skipped
    skeleton_blocks(
        fmt,
        functools.partial(_output, statement, document, bones, fmt, "", omit),
        kept,
        f"{lang}.{fmt}",
        made_from,
    )


def _render_forked(slug: str, lang: str, fmt: str, allow_unreviewed: bool) -> str:
    return _render(_FORKED[slug], lang, fmt, allow_unreviewed)
