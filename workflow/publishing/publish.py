"""Publishing: the Arabic, Kurdish and English versions, ready to share.

For each language that passes the gate (by default every unit approved and no check
error) ``public/<slug>/`` gets a self-contained page (``<lang>.html``), Markdown and text
for e-mail and social posts, and a PDF (WeasyPrint: Pango shapes Arabic properly). The
source language is published from the source as written. ``<slug>/index.html`` offers the
languages and a side-by-side version; ``public/index.html`` lists every statement.

Publishing again rewrites only what changed: a manifest keeps a digest of what each file
was made from.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date

from .. import __version__
from ..catalog.segment import Document
from ..catalog.state import entry_state
from ..catalog.statement import Statement, list_statements
from ..catalog.unit import unit_id
from ..config import Config, load_config
from ..errors import WorkflowError
from ..fileio import ExclusiveLock, atomic_write_bytes, atomic_write_text
from ..i18n import N_
from ..languages import get_language
from ..quality.checks import check_statement
from ..quality.placeables import find_protected
from .bidi import foreign_block, isolate_runs
from .build import (
    MARK_CLOSE,
    MARK_OPENERS,
    Rendition,
    choose_texts,
    markdown_parser,
    page_title,
    read_back,
    render_body,
    render_markdown,
    render_text,
    skeleton,
    skeleton_made_from,
    verify,
    visible_text,
)
from .readerwords import reader_word
from .verify import compare_cells, compare_pdf_text, expected_text, markdown_visible, pdf_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MANIFEST = ".published.json"
GATES = ("approved", "translated")
_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
# Latin first: its face has no Arabic letters, so Arabic falls through to Naskh, while Latin
# words and digits in Arabic text get the matching Noto Sans instead of DejaVu Sans.
_FALLBACK_FONTS = '"Noto Sans", "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif'


@dataclass
class PublishReport:
    """What a publish run did."""

    published: dict[str, list[str]] = field(default_factory=dict)
    held: dict[str, list[str]] = field(default_factory=dict)
    holds: dict[str, list[Hold]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    pdf_skipped: str | None = None


@dataclass
class Hold:
    """One unit that holds its language back, and why."""

    number: int  # the unit's place in the statement, from 1, as the review list numbers it
    unit: str
    source: str
    reason: str  # the unit's state ("translated", "machine"...) or "<check> error"
    message: str = ""
    check: str = ""  # the check whose error (nobody accepted it) holds the unit, if one does

    def line(self) -> str:
        """The hold as one line, as the CLI prints it."""
        if self.message:
            return f"{self.unit} has a {self.reason}: {self.message}"
        return f"{self.unit} is {self.reason}"


def gate_holds(statement: Statement, lang: str, config: Config) -> list[Hold]:
    """Every unit that keeps ``lang`` from being published (empty when it can be)."""
    gate = str(config.publish.get("gate", "approved"))
    if gate not in GATES:
        raise WorkflowError(
            N_("publish.gate must be one of %(gates)s, not %(gate)s"),
            gates=", ".join(GATES),
            gate=repr(gate),
        )
    accepted = {"approved"} if gate == "approved" else {"approved", "translated"}
    entries = statement.entries_by_unit(lang)
    texts = statement.unit_texts()
    numbers = {unit_id(text): (number, text) for number, text in enumerate(texts, 1)}
    holds = []
    for number, text in enumerate(texts, 1):
        entry = entries.get(text)
        state = entry_state(entry) if entry is not None else "missing from the catalog"
        if state not in accepted:
            holds.append(Hold(number, unit_id(text), text, state))
    for result in check_statement(statement, [lang], config.allowed):
        if result["severity"] == "error" and "accepted" not in result:
            number, source = numbers.get(result["unit"], (0, ""))
            holds.append(
                Hold(
                    number,
                    result["unit"],
                    source,
                    f"{result['check']} error",
                    result["message"],
                    result["check"],
                )
            )
    return holds


def gate_problems(statement: Statement, lang: str, config: Config) -> list[str]:
    """Why ``lang`` cannot be published yet, one line per unit (empty when it can)."""
    return [hold.line() for hold in gate_holds(statement, lang, config)]


def native_digits(text: str) -> str:
    """Latin digits as Arabic-Indic ones (8,000.5 → ٨٬٠٠٠٫٥), links and addresses untouched."""
    pieces, last = [], 0
    for span in find_protected(text):
        pieces.append(_to_native(text[last : span.start]))
        pieces.append(span.text)
        last = span.end
    pieces.append(_to_native(text[last:]))
    return "".join(pieces)


def _to_native(text: str) -> str:
    text = re.sub(r"(?<=\d),(?=\d{3})", "٬", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "٫", text)
    return text.translate(_ARABIC_DIGITS)


def _page_parser(direction: str, run_lang: str | None) -> MarkdownIt:
    """Markdown to HTML for a published page: raw HTML dropped, bare addresses linked, and
    runs of the other direction isolated (:mod:`workflow.publishing.bidi`), except inside blocks
    already marked as wholly in another language or direction."""
    parser = markdown_parser()
    parser.options["linkify"] = True
    parser.enable("linkify")
    inside = [False]
    marks = re.compile(f"([{MARK_OPENERS}{MARK_CLOSE}])")

    def text(renderer: Any, tokens: Any, idx: int, *rest: Any) -> str:
        out = []
        for piece in marks.split(tokens[idx].content):
            if piece and piece in MARK_OPENERS:
                inside[0] = True
                out.append(piece)
            elif piece == MARK_CLOSE:
                inside[0] = False
                out.append(piece)
            elif inside[0]:
                out.append(html.escape(piece, quote=False))
            else:
                out.append(isolate_runs(piece, direction, run_lang))
        return "".join(out)

    parser.add_render_rule("text", text)
    return parser


def _run_lang(statement: Statement, direction: str) -> str | None:
    """The ``lang`` of runs of the other direction in a page: the source's, when it is
    written in that direction (English names and acronyms in an Arabic page)."""
    source = statement.meta.source_language
    return source if get_language(source).direction != direction else None


def _texts(statement: Statement, lang: str, digits: bool) -> Rendition:
    rendition = choose_texts(statement, lang, allow_unreviewed=False)
    if digits:
        rendition.texts = {key: native_digits(value) for key, value in rendition.texts.items()}
    return rendition


STYLE = """
:root { color-scheme: light; }
body { margin: 0; color: #1d2327; background: #fff; line-height: 1.7;
  font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; }
html[dir="rtl"] body, :lang(ar), :lang(ckb) { font-family: %(fonts)s; }
html[dir="rtl"] body { font-size: 1.12rem; line-height: 1.95; }
header.site, main, footer { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: 1rem; }
nav.languages { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; font-size: 0.95rem; }
nav.languages a[aria-current] { font-weight: 700; text-decoration: none; color: inherit; }
.date { color: #5f6b73; margin: 0.3rem 0 1.2rem; }
h1 { font-size: 1.7rem; line-height: 1.35; }
blockquote { margin: 1rem 0; padding: 0 1rem; border-inline-start: 4px solid #d9dee2; }
a { color: #0a58a0; }
table { border-collapse: collapse; }
.source-text { color: #3d474e; }
.parallel .row.skipped { display: block; }
td, th { border: 1px solid #d9dee2; padding: 0.3rem 0.5rem; }
.parallel { display: grid; gap: 0.5rem 1.5rem; }
.parallel .row { display: grid; gap: 1rem;
  grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  border-top: 1px solid #e6e9ec; padding: 0.6rem 0; }
footer { color: #5f6b73; font-size: 0.85rem; padding-bottom: 2rem; }
@page { size: A4; margin: 2cm 2cm 2.2cm; }
@media print {
  nav.languages, footer .share { display: none; }
  body { font-size: 11.5pt; }
  a { color: inherit; text-decoration: none; }
  h1, h2 { break-after: avoid; }
  p, li, blockquote { orphans: 3; widows: 3; }
}
""".replace("%(fonts)s", _FALLBACK_FONTS)


def _switcher(slug: str, langs: list[str], current: str) -> str:
    links = []
    for code in langs:
        language = get_language(code)
        mark = ' aria-current="page"' if code == current else ""
        links.append(
            f'<a href="{code}.html" hreflang="{code}" lang="{code}" '
            f'dir="{language.direction}"{mark}>'
            f"{html.escape(language.native_name)}</a>"
        )
    title = html.escape(reader_word("All languages side by side", current))
    label = html.escape(reader_word("Languages", current))
    side_by_side = f'<a href="index.html" title="{title}">⇆</a>'
    return f'<nav class="languages" aria-label="{label}">{" ".join(links)} {side_by_side}</nav>'


def _description(rendition: Rendition, document: Document) -> str:
    for slot in document.slots():
        if slot.kind == "paragraph" and not slot.skipped:
            text = rendition.texts.get(slot.text, slot.text)
            plain = re.sub(r"[*_`\[\]]|\(https?://[^)]*\)", "", text)
            return plain if len(plain) <= 200 else plain[:197].rsplit(" ", 1)[0] + "…"
    return ""


def page_html(
    statement: Statement, lang: str, rendition: Rendition, langs: list[str], document: Document
) -> str:
    """The published page of one language: complete, self-contained, printable (made from
    ``document``, the statement's split its texts were chosen for)."""
    language = get_language(lang)
    body = render_body(
        document,
        rendition,
        statement.meta.source_language,
        _page_parser(language.direction, _run_lang(statement, language.direction)),
        statement.meta.omit_skipped,
    )
    title = page_title(statement, document, rendition)
    made = written_day(statement.meta.created, lang, load_config(statement.root))
    description = _description(rendition, document)
    locale = str(language.locale)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{language.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<meta name="description" content="{html.escape(description)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:description" content="{html.escape(description)}">
<meta property="og:locale" content="{locale}">
<meta name="generator" content="statement-workflow {__version__}">
{"".join(f'<link rel="alternate" hreflang="{c}" href="{c}.html">' for c in langs if c != lang)}
<style>{STYLE}</style>
</head>
<body>
<header class="site">{_switcher(statement.slug, langs, lang)}</header>
<main>
{_with_date(body, made) if made else body}</main>
<footer><p>{html.escape(language.native_name)}</p></footer>
</body>
</html>
"""


def _with_date(body: str, made: tuple[date, str]) -> str:
    """The body with the statement's date under its title (or first, without a title)."""
    day, shown = made
    stamp = f'<p class="date"><time datetime="{day.isoformat()}">{html.escape(shown)}</time></p>\n'
    if "</h1>\n" in body:
        return body.replace("</h1>\n", "</h1>\n" + stamp, 1)
    return stamp + body


def written_day(created: str, lang: str, config: Config) -> tuple[date, str] | None:
    """The day a statement was made (``created``, its stamp) and how readers of ``lang``
    write it: the day in the project's time zone (``timezone``), CLDR's long date, with
    Arabic-Indic digits where the project publishes them (``native_digits``). None when the
    stamp holds no day."""
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(config.zone)
    shown = format_date(when.date(), format="long", locale=get_language(lang).locale)
    if lang in _native_langs(config):
        shown = native_digits(shown)
    return when.date(), shown


def _native_langs(config: Config) -> list[str]:
    value = config.publish.get("native_digits", [])
    return [str(code) for code in value] if isinstance(value, list) else []


def parallel_html(
    statement: Statement,
    renditions: dict[str, Rendition],
    document: Document | None = None,
    listed: list[str] | None = None,
) -> str:
    """The statement's index: the language chooser (``listed``: every language published,
    also those not made now) and a side-by-side version of ``renditions``, verified to show
    in each row every language's chosen text of its unit (of ``document`` when given, as
    :func:`page_html`)."""
    if document is None:
        document = statement.document()
    page, expected = _parallel(statement, renditions, document, listed or list(renditions))
    compare_cells(page, expected, "index.html")
    return page


def _parallel(
    statement: Statement, renditions: dict[str, Rendition], document: Document, listed: list[str]
) -> tuple[str, list[tuple[str | None, list[str]]]]:
    """The side-by-side page, and what each of its cells must show."""
    langs = list(renditions)
    expected: list[tuple[str | None, list[str]]] = []
    source = statement.meta.source_language
    rows = []
    parsers = {
        lang: _page_parser(
            get_language(lang).direction, _run_lang(statement, get_language(lang).direction)
        )
        for lang in langs
    }
    source_dir = get_language(source).direction
    for slot in document.slots():
        if slot.skipped:
            if statement.meta.omit_skipped:
                continue
            # Not for translation: once across the row, in the source language, its lines kept.
            lines = "<br>\n".join(
                html.escape(" ".join(line.split()), quote=False)
                for line in slot.raw.splitlines()
                if line.strip()
            )
            expected.append((None, [" ".join(slot.raw.split())]))
            rows.append(
                f'<div class="row skipped"><div class="source-text" lang="{source}" '
                f'dir="{source_dir}">{lines}</div></div>'
            )
            continue
        cells = []
        shown = []
        for lang in langs:
            language = get_language(lang)
            translated = renditions[lang].texts.get(slot.text)
            text = slot.text if lang == source or translated is None else translated
            cell_lang, cell_dir = (lang, language.direction)
            if text == slot.text and lang != source:
                cell_lang, cell_dir = source, source_dir
            elif foreign_block(text, language.direction):
                cell_dir = "ltr" if language.rtl else "rtl"
            inner = (
                parsers[lang].renderInline(text)
                if cell_dir == language.direction
                else (html.escape(text, quote=False))
            )
            cells.append(f'<div lang="{cell_lang}" dir="{cell_dir}">{inner}</div>')
            shown.append(markdown_visible(text) if cell_dir == language.direction else text)
        expected.append((slot.text, shown))
        rows.append(f'<div class="row">{"".join(cells)}</div>')
    links = "".join(
        f'<li><a href="{c}.html" hreflang="{c}" lang="{c}" dir="{get_language(c).direction}">'
        f"{html.escape(get_language(c).native_name)}</a> · "
        f'<a href="{c}.pdf">PDF</a> · <a href="{c}.txt" lang="{c}" '
        f'dir="{get_language(c).direction}">{html.escape(reader_word("text", c))}</a></li>'
        for c in listed
    )
    title = html.escape(page_title(statement, document, None))
    page = f"""<!DOCTYPE html>
<html lang="{source}" dir="{get_language(source).direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta property="og:title" content="{title}">
<style>{STYLE} main {{ max-width: 80rem; }}</style>
</head>
<body>
<main>
<h1>{title}</h1>
<ul class="chooser">{links}</ul>
<h2>{html.escape(reader_word("Side by side", source))}</h2>
<div class="parallel">{"".join(rows)}</div>
</main>
</body>
</html>
"""
    return page, expected


def site_index(out: Path, root: Path) -> str:
    """``public/index.html``: every published statement, newest first, each with the day it
    was made written in its own language; headed "Statements" in every language published."""
    items = []
    readers: list[str] = []  # every language published, in the order the statements have them
    config = load_config(root)
    for statement in list_statements(root):
        manifest = _read_manifest(out / statement.slug)
        langs = manifest.get("languages", [])
        if not langs:
            continue
        readers += [lang for lang in langs if lang not in readers]
        links = " · ".join(
            f'<a href="{statement.slug}/{c}.html" hreflang="{c}" lang="{c}" '
            f'dir="{get_language(c).direction}">'
            f"{html.escape(get_language(c).native_name)}</a>"
            for c in langs
        )
        items.append(
            f'<li><a href="{statement.slug}/index.html">'
            f"{html.escape(str(manifest.get('title') or statement.meta.title))}</a>"
            f" {_made_on(statement.meta.created, statement.meta.source_language, config)}"
            f"<br>{links}</li>"
        )
    words: dict[str, str] = {}  # each word once, with the first language that reads it
    for lang in readers or ["en"]:
        words.setdefault(reader_word("Statements", lang), lang)
    heading = " · ".join(
        f'<span lang="{lang}" dir="{get_language(lang).direction}">{html.escape(word)}</span>'
        for word, lang in words.items()
    )
    # Each word isolated (FSI … PDI): two right-to-left words with a dot between them would
    # otherwise be one run, shown in the other order.
    title = html.escape(" · ".join(f"\u2068{word}\u2069" for word in words))
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<ul>{"".join(items)}</ul>
</main>
</body>
</html>
"""


def _made_on(created: str, lang: str, config: Config) -> str:
    """The day a statement was made, as readers of its language write a date (its ISO form
    for machines), or as it is recorded when that is not a day."""
    made = written_day(created, lang, config)
    if made is None:
        return f'<span class="date">{html.escape(created)}</span>'
    direction = get_language(lang).direction
    return (
        f'<time class="date" datetime="{made[0].isoformat()}" lang="{lang}" dir="{direction}">'
        f"{html.escape(made[1])}</time>"
    )


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except ValueError:
        return {}


def _versions(manifest: dict[str, Any]) -> dict[str, Any]:
    """The published version of each language in a record ({} when damaged there)."""
    found = manifest.get("versions")
    return dict(found) if isinstance(found, dict) else {}


def _names(value: Any) -> dict[str, str]:
    """A record's digests by file name ({} when the record is damaged there: every file is
    then made again)."""
    if not isinstance(value, dict):
        return {}
    return {str(name): digest for name, digest in value.items() if isinstance(digest, str)}


def _no_fetch(url: str) -> dict[str, Any]:
    # A page is self-contained: nothing a translation names is fetched while printing it.
    raise ValueError(f"not fetched while printing: {url}")


def _pdf(page: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=page, url_fetcher=_no_fetch).write_pdf())


def pdf_available() -> str | None:
    """None when WeasyPrint works here, else one line saying what is missing."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return (
            f"PDF skipped: WeasyPrint cannot run here ({first}); "
            "install its system libraries (Pango)"
        )
    return None


def publish_dir(root: Path) -> Path:
    """Where published files go: ``publish.out`` in workflow.toml, else ``public/`` beside
    the translations folder."""
    configured = load_config(root).publish.get("out")
    base = Path(root).resolve().parent
    return base / str(configured) if configured else base / "public"


def publish(statement: Statement, out: Path, langs: list[str] | None = None) -> PublishReport:
    """Publish every language of ``statement`` that passes the gate into ``out/<slug>/``.

    One publish of a statement at a time (the web app's workers and the command line may
    start two): the files of one and the record of the other would otherwise be left
    together, the record saying the files are current. The gates, texts, fingerprints and
    source are read under every catalog's lock, so a save or an update that lands meanwhile
    is in all of them or in none."""
    with ExclusiveLock(statement.dir / ".publish.lock", PUBLISH_WAIT, _BUSY):
        return _publish(statement, out, langs)


# How long a publish waits for another one of the same statement (under the web app's
# request timeout, 60 s).
PUBLISH_WAIT = 45
_BUSY = N_("another publish of this statement is under way; try again in a minute")


def _publish(statement: Statement, out: Path, langs: list[str] | None) -> PublishReport:
    config = load_config(statement.root)
    report = PublishReport()
    wanted = [statement.check_language(lang) for lang in (langs or statement.meta.languages)]
    source_lang = statement.meta.source_language
    renditions: dict[str, Rendition] = {source_lang: Rendition(source_lang, {})}
    native = _native_langs(config)
    # What the files are made from is read while no save or update can change it (saves
    # wait for the gates, not for the files to be made): every language from one state.
    with statement.lock_all():
        statement.check_consistent()
        fingerprints = {source_lang: approved_digest(statement, source_lang)}
        for lang in wanted:
            holds = gate_holds(statement, lang, config)
            if holds:
                report.holds[lang] = holds
                report.held[lang] = [hold.line() for hold in holds]
                continue
            renditions[lang] = _texts(statement, lang, lang in native)
            fingerprints[lang] = approved_digest(statement, lang)
        document = statement.document()
        source = statement.source_text()
    folder = Path(out) / statement.slug
    manifest = _read_manifest(folder)
    digests = _names(manifest.get("files"))
    contents = _names(manifest.get("contents"))
    report.pdf_skipped = pdf_available()
    # Languages published before and not made now (another --lang, or held back) keep their
    # files, so they stay in every page's menu and in the site's list.
    listed = manifest.get("languages")
    before = set(listed) if isinstance(listed, list) else set()
    langs_out = [
        lang
        for lang in [source_lang, *statement.meta.languages]
        if lang in renditions or (lang in before and (folder / f"{lang}.html").is_file())
    ]
    meta = statement.meta
    # What every file is made from besides its texts: the source and how it is split and
    # shown (its format, the blocks not for translation, the title and date on the page).
    made_from = [
        source,
        meta.format,
        meta.skip,
        meta.omit_skipped,
        meta.title,
        meta.created,
        __version__,
    ]
    pending: list[tuple[Path, bytes]] = []
    for lang, rendition in renditions.items():
        outputs = _Outputs(statement, document, lang, rendition, langs_out)
        files: dict[str, Any] = {
            f"{lang}.html": outputs.html,
            f"{lang}.md": outputs.markdown,
            f"{lang}.txt": outputs.text,
        }
        if report.pdf_skipped is None:
            files[f"{lang}.pdf"] = outputs.pdf
        key = json.dumps([rendition.texts, made_from, langs_out, native], sort_keys=True)
        for name, make in files.items():
            _plan(folder / name, f"{name}:{key}", make, (digests, contents), report, pending)
        report.published[lang] = list(files)
    index_key = json.dumps([{k: v.texts for k, v in renditions.items()}, made_from, langs_out])
    _plan(
        folder / "index.html",
        index_key,
        lambda: parallel_html(statement, renditions, document, langs_out),
        (digests, contents),
        report,
        pending,
    )
    versions = _versions(manifest)
    moment = datetime.now(UTC).isoformat(timespec="seconds")
    for lang in renditions:
        digest = fingerprints[lang]
        previous = versions.get(lang)
        if not (isinstance(previous, dict) and previous.get("digest") == digest):
            versions[lang] = {"time": moment, "digest": digest}
    # Every output is made and verified before the first file is written.
    for path, data in pending:
        if not path.exists() or path.read_bytes() != data:
            atomic_write_bytes(path, data)
        report.written.append(path)
    atomic_write_text(
        folder / MANIFEST,
        json.dumps(
            {
                "languages": langs_out,
                "title": page_title(statement, document, None),
                "files": digests,
                "contents": contents,
                "versions": versions,
            },
            ensure_ascii=False,
            indent=1,
        ),
    )
    site = site_index(Path(out), statement.root)
    site_path = Path(out) / "index.html"
    if not site_path.exists() or site_path.read_text(encoding="utf-8") != site:
        atomic_write_text(site_path, site)
        report.written.append(site_path)
    return report


def approved_digest(statement: Statement, lang: str) -> str:
    """A fingerprint of what would be published of ``lang`` now: the source, every approved
    translation and whether blocks not for translation are left out (a published version with
    another one is older than the catalog)."""
    texts: dict[str, str] = {}
    if lang != statement.meta.source_language:
        texts = {
            text: entry.msgstr
            for text, entry in statement.entries_by_unit(lang).items()
            if entry_state(entry) == "approved"
        }
    parts: list[Any] = [statement.source_text(), texts]
    if statement.meta.omit_skipped:  # only then, so that versions published before stay current
        parts.append({"omit_skipped": True})
    data = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass
class Version:
    """The published version of one language: when, which files, and whether it is older
    than what is approved now."""

    lang: str
    time: datetime
    files: list[str]
    stale: bool
    altered: list[str] = field(default_factory=list)  # files changed since (by hand?)


def published_versions(statement: Statement, out: Path) -> dict[str, Version]:
    """What is published of ``statement`` under ``out``, per language (none: not published)."""
    folder = Path(out) / statement.slug
    manifest = _read_manifest(folder)
    versions, contents = _versions(manifest), _names(manifest.get("contents"))
    found: dict[str, Version] = {}
    for lang in [statement.meta.source_language, *statement.meta.languages]:
        record = versions.get(lang)
        if not isinstance(record, dict) or "time" not in record:
            continue
        files = [f"{lang}.{ext}" for ext in ("html", "md", "txt", "pdf")]
        files = [name for name in files if (folder / name).is_file()]
        if not files:
            continue
        try:
            moment = datetime.fromisoformat(str(record["time"]))
        except ValueError:
            continue
        stale = record.get("digest") != approved_digest(statement, lang)
        altered = [
            name
            for name in files
            if name in contents and contents[name] != _file_digest(folder / name)
        ]
        found[lang] = Version(lang, moment, files, stale, altered)
    return found


class _Outputs:
    """The published files of one language, each verified to hold exactly the chosen units
    (the PDF is printed from the same HTML, made at most once)."""

    def __init__(
        self,
        statement: Statement,
        document: Document,
        lang: str,
        rendition: Rendition,
        langs: list[str],
    ) -> None:
        self.statement, self.document, self.lang = statement, document, lang
        self.rendition, self.langs = rendition, langs
        self.omit = statement.meta.omit_skipped  # once: each output and its skeleton's key agree
        self.bones, self.sentinels = skeleton(document, rendition)

    def _checked(self, kind: str, make: Any) -> str:
        output: str = make(self.rendition)
        visible = visible_text(self.document, self.rendition, kind)
        what = f"{self.lang}.{kind}"
        verify(
            kind,
            output,
            lambda: make(self.bones),
            self.sentinels,
            visible,
            what,
            self.statement,
            skeleton_made_from(self.statement, self.document, self.rendition, kind, self.omit),
        )
        return output

    @functools.cached_property
    def _page(self) -> str:
        return self._checked(
            "html",
            lambda chosen: page_html(self.statement, self.lang, chosen, self.langs, self.document),
        )

    def html(self) -> str:
        """The page."""
        return self._page

    def markdown(self) -> str:
        """The Markdown version."""
        return self._checked("md", lambda chosen: render_markdown(self.document, chosen, self.omit))

    def text(self) -> str:
        """The plain-text version."""
        return self._checked("txt", lambda chosen: render_text(self.document, chosen, self.omit))

    def pdf(self) -> bytes:
        """The PDF, printed from the page; its text is read back and checked too."""
        data = _pdf(self._page)
        text = pdf_text(data)
        if text is not None:
            bones = page_html(self.statement, self.lang, self.bones, self.langs, self.document)
            visible = visible_text(self.document, self.rendition, "html")
            expected = expected_text(read_back("html", bones), self.sentinels, visible)
            compare_pdf_text(text, expected, f"{self.lang}.pdf")
        return data


def _plan(
    path: Path,
    key: str,
    make: Any,
    recorded: tuple[dict[str, str], dict[str, str]],
    report: PublishReport,
    pending: list[tuple[Path, bytes]],
) -> None:
    """Make the file at ``path`` (into ``pending``) unless the record says it was made from
    ``key`` and it still holds what was written then (``recorded``: the digests of each
    file's key and of its bytes, by name, updated here)."""
    digests, contents = recorded
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
    held = contents.get(path.name)
    if digests.get(path.name) == digest and held is not None and held == _file_digest(path):
        report.unchanged.append(path)
        return
    content = make()
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    digests[path.name] = digest
    contents[path.name] = hashlib.sha256(data).hexdigest()
    pending.append((path, data))


def _file_digest(path: Path) -> str | None:
    """The sha256 of a file's bytes (None when there is no such file)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
