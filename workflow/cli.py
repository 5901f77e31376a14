"""The ``statements`` command: split, update, report, build (and more as the project grows).

Every error the user can act on is one line on stderr and a non-zero exit, never a traceback.
Each command imports what it uses inside its handler, so that ``statements --help`` and a
quick ``status`` do not wait for Markdown, fuzzy matching, MT engines or the web UI to load.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import WorkflowError
from .team.roles import ROLES

if TYPE_CHECKING:
    from .mt.pretranslate import LanguageSummary, ProgressCallback

BUNDLED_SLUG = "icssi-palestine-solidarity"
BUNDLED_SKIP = [
    "Iraqi Civil Society Solidarity Initiative",
    "The Iraqi Civil Society Solidarity Initiative (ICSSI) is dedicated to bringing together "
    "Iraqi and international civil societies through concrete actions to build together "
    "another Iraq, with peace and Human Rights for all.",
    "the image is by Mazen Kerbaj the image is by Mazen Kerbaj",
]

Handler = Callable[[argparse.Namespace], int]


def _root(args: argparse.Namespace) -> Path:
    from .config import default_root

    return Path(args.root) if args.root else default_root()


def cmd_new(args: argparse.Namespace) -> int:
    """``statements new FILE``: split a statement into a POT and one PO per language."""
    from .catalog.statement import create_statement
    from .config import load_config
    from .fileio import read_bytes

    root = _root(args)
    config = load_config(root)
    statement = create_statement(
        root,
        read_bytes(Path(args.file)),
        Path(args.file).name,
        slug=args.slug,
        source_language=args.source_lang or config.source_language,
        languages=args.lang or config.targets,
        skip=args.skip or (),
        fmt=args.format,
        omit_skipped=args.omit_skipped,
    )
    units = statement.document().units()
    print(
        f"Created {statement.slug}: {len(units)} units to translate into "
        f"{', '.join(statement.meta.languages)} in {statement.dir}"
    )
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    """``statements update SLUG [FILE]``: re-split the source and merge it into every PO."""
    from .catalog.statement import Statement, update_statement
    from .fileio import read_bytes

    statement = Statement.load(_root(args), args.slug)
    if args.file:
        reports = update_statement(statement, read_bytes(Path(args.file)), Path(args.file).name)
    else:
        reports = update_statement(statement)
    for lang, report in reports.items():
        print(
            f"{statement.slug} [{lang}]: {report.kept} unchanged, {report.outdated} outdated, "
            f"{report.new} new, {report.obsolete} obsolete"
            + (f", {report.revived} revived" if report.revived else "")
            + (f", {report.dropped} empty removed" if report.dropped else "")
            + (f"; {report.foreign} entries not made by this tool kept" if report.foreign else "")
            + (f"; numbers carried over in {report.numbers}" if report.numbers else "")
        )
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """``statements status [SLUG]``: per-language progress, as text or JSON."""
    from .catalog.state import STATES
    from .catalog.statement import Statement, list_statements
    from .catalog.status import statement_status

    root = _root(args)
    statements = [Statement.load(root, args.slug)] if args.slug else list_statements(root)
    records = [statement_status(statement) for statement in statements]
    if args.format == "json":
        print(json.dumps({"statements": records}, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print(f"No statements under {root} yet: add one with 'statements new FILE'.")
        return 0
    columns = ["total", *STATES]
    for record in records:
        print(f"{record['slug']}: {record['title']}")
        if record.get("needs_update"):
            print(
                "  the source changed after its catalogs were made: "
                f"run 'statements update {record['slug']}'"
            )
        print("  lang " + " ".join(f"{name:>12}" for name in columns))
        for lang, counts in record["languages"].items():
            print(f"  {lang:<4} " + " ".join(f"{counts[name]:>12}" for name in columns))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """``statements build SLUG``: write the statement per language and format."""
    from .catalog.statement import Statement
    from .config import load_config
    from .publishing.build import OUTPUT_FORMATS, build
    from .quality.checkcache import kept_counts

    statement = Statement.load(_root(args), args.slug)
    langs = args.lang or statement.meta.languages
    formats: list[str] = []
    for value in args.format or ["md,txt,html"]:
        formats.extend(part.strip() for part in value.split(",") if part.strip())
    for fmt in formats:
        if fmt not in OUTPUT_FORMATS:
            raise WorkflowError(f"unknown output format {fmt!r}: use md, txt or html")
    for lang in langs:
        if lang != statement.meta.source_language:
            statement.check_language(lang)
    paths = build(
        statement,
        langs,
        list(dict.fromkeys(formats)),
        Path(args.out),
        args.allow_unreviewed,
        jobs=args.jobs or _processors(),
    )
    for path in paths:
        print(path)
    # What the checks found before, without checking again: `check` and the publish
    # gate check every unit, and checking 2,000 changed units would double a build.
    targets = [lang for lang in langs if lang != statement.meta.source_language]
    errors, warnings, unchecked = kept_counts(statement, targets, load_config(_root(args)).allowed)
    if unchecked:
        print(
            f"note: {unchecked} unit(s) not checked since they last changed; run "
            f"'statements check {statement.slug}' (publishing checks them and refuses errors)",
            file=sys.stderr,
        )
    if errors or warnings:
        print(
            f"note: checks found {errors} error(s) and {warnings} warning(s); "
            f"see 'statements check {statement.slug}' (publishing refuses errors)",
            file=sys.stderr,
        )
    return 0


def _progress_bar() -> tuple[AbstractContextManager[object], ProgressCallback | None]:
    """A rich progress bar on a terminal; nothing (and no rich to import) otherwise."""
    if not sys.stderr.isatty():
        return nullcontext(), None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def on_progress(event: str, summary: LanguageSummary, done: int) -> None:
        if summary.lang not in tasks:
            tasks[summary.lang] = progress.add_task(
                f"{summary.lang} via {summary.engine}", total=summary.todo
            )
        progress.update(tasks[summary.lang], completed=done)

    return progress, on_progress


def cmd_pretranslate(args: argparse.Namespace) -> int:
    """``statements pretranslate SLUG``: machine suggestions for every untranslated unit."""
    from .catalog.statement import Statement
    from .catalog.unit import unit_id
    from .config import load_config
    from .mt.pretranslate import RetryPolicy, pretranslate

    root = _root(args)
    statement = Statement.load(root, args.slug)
    config = load_config(root)
    progress, on_progress = _progress_bar()
    policy = RetryPolicy(timeout=(min(5.0, args.timeout), args.timeout))
    with progress:
        summaries = pretranslate(
            statement,
            config,
            args.lang,
            engine=args.engine,
            engine_url=args.engine_url,
            workers=args.workers,
            force=args.force,
            policy=policy,
            on_progress=on_progress,
        )
    left: list[str] = []
    for summary in summaries:
        print(
            f"{statement.slug} [{summary.lang}] via {summary.engine}: "
            f"{summary.translated} translated, {summary.memory} from memory, "
            f"{summary.cache} from cache, {len(summary.failed)} failed, "
            f"{summary.chars_sent:,} characters sent in {summary.requests} requests"
        )
        for text, reason in summary.failed.items():
            print(f"  left untranslated: {summary.lang} {unit_id(text)}: {reason}")
            left.append(f"{summary.lang} {unit_id(text)}")
    if left:
        raise WorkflowError(
            f"{len(left)} unit(s) got no suggestion ({', '.join(left[:6])}"
            f"{' ...' if len(left) > 6 else ''}); run the command again to retry them"
        )
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """``statements publish SLUG``: pages, text, Markdown and PDF for every language ready."""
    from .catalog.statement import Statement
    from .publishing.publish import publish, publish_dir

    root = _root(args)
    statement = Statement.load(root, args.slug)
    out = Path(args.out) if args.out else publish_dir(root)
    report = publish(statement, out, args.lang)
    for lang, files in report.published.items():
        print(f"published {lang}: {', '.join(files)} in {out / statement.slug}")
    if report.pdf_skipped:
        print(report.pdf_skipped, file=sys.stderr)
    print(f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged")
    for lang, problems in report.held.items():
        print(f"not published {lang}: {len(problems)} unit(s) hold it back")
        for problem in problems:
            print(f"  {problem}")
    if report.held:
        raise WorkflowError(
            f"{', '.join(report.held)} not published: review and approve the units listed above"
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``statements check SLUG``: numbers, links, script, bidi, punctuation, glossary..."""
    from .catalog.statement import Statement
    from .config import load_config
    from .quality.checks import check_statement

    root = _root(args)
    statement = Statement.load(root, args.slug)
    langs = [statement.check_language(lang) for lang in (args.lang or statement.meta.languages)]
    statement.check_languages()  # a swapped catalog's findings would be another language's
    results = check_statement(statement, langs, load_config(root).allowed)
    open_results = [item for item in results if "accepted" not in item]
    errors = sum(1 for item in open_results if item["severity"] == "error")
    if args.format == "json":
        print(json.dumps({"results": results}, ensure_ascii=False, indent=2))
    else:
        for item in results:
            where = f"{item['lang']} {item['unit']} {item['severity']}"
            line = f"{where} [{item['check']}] {item['message']}"
            if "accepted" in item:
                accepted = item["accepted"]
                line += f" (accepted by {accepted['by']} {accepted['date']}: {accepted['reason']})"
            print(line)
        warnings = sum(1 for item in open_results if item["severity"] == "warning")
        hints = len(open_results) - errors - warnings
        accepted_count = len(results) - len(open_results)
        print(
            f"{statement.slug}: {errors} error(s), {warnings} warning(s), {hints} hint(s)"
            + (f", {accepted_count} accepted" if accepted_count else "")
            + f" in {', '.join(langs)}"
        )
    return 1 if errors else 0


def cmd_memory(args: argparse.Namespace) -> int:
    """``statements memory search TEXT --lang L``: approved translations of similar text."""
    from .languages import get_language
    from .mt.memory import TranslationMemory

    get_language(args.lang)
    memory = TranslationMemory.load(_root(args))
    matches = memory.search(args.text, args.lang, limit=args.limit)
    if args.format == "json":
        records = [
            {
                "score": round(m.score, 1),
                "source": m.entry.source,
                "translation": m.entry.translation,
                "slug": m.entry.slug,
                "date": m.entry.date,
            }
            for m in matches
        ]
        print(json.dumps({"matches": records}, ensure_ascii=False, indent=2))
        return 0
    if not matches:
        print(f"No approved {args.lang} translation of a similar text ({len(memory)} in memory).")
    for match in matches:
        kind = "exact" if match.score >= 100 else f"{match.score:.0f}%"
        print(f"[{kind}] {match.entry.slug} {match.entry.date}")
        print(f"  {match.entry.source}")
        print(f"  {match.entry.translation}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    """``statements search TEXT [--lang L]``: a word or phrase in every statement."""
    from .catalog.search import search
    from .languages import get_language

    langs = [get_language(code).code for code in args.lang] if args.lang else None
    hits = search(_root(args), args.text, langs, limit=args.limit)
    if args.format == "json":
        print(json.dumps({"hits": [h.as_json() for h in hits]}, ensure_ascii=False, indent=2))
        return 0
    if not hits:
        print(f"Nothing found for {args.text!r}.")
    for hit in hits:
        print(f"{hit.slug} [{hit.lang}] {hit.row.unit} ({hit.row.state})")
        print(f"  {hit.row.source}")
        if hit.row.translation:
            print(f"  {hit.row.translation}")
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    """``statements questions [SLUG] [--lang L]``: questions nobody has resolved yet."""
    from .catalog.statement import Statement, list_statements
    from .team.collab import open_questions

    root = _root(args)
    statements = [Statement.load(root, args.slug)] if args.slug else list_statements(root)
    found = [
        (statement.slug, question)
        for statement in statements
        for question in open_questions(statement, args.lang)
    ]
    if args.format == "json":
        records = [
            {"slug": slug, "lang": q.lang, "unit": q.unit} | q.as_json() for slug, q in found
        ]
        print(json.dumps({"questions": records}, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("No open questions.")
    for slug, question in found:
        print(f"{slug} [{question.lang}] {question.unit} {question.author} {question.date[:10]}")
        print(f"  {question.text}")
    return 0


def cmd_glossary(args: argparse.Namespace) -> int:
    """``statements glossary list|set|confirm``: the project's agreed terms."""
    from .quality.glossary import Glossary

    glossary = Glossary(_root(args))
    glossary.seed()
    if args.action == "list":
        for term in glossary.terms():
            if args.lang and term.lang not in args.lang:
                continue
            print(f"{term.term}\t{term.lang}\t{term.translation}\t{term.status}\t{term.note}")
        return 0
    if not args.term or not args.lang or len(args.lang) != 1:
        raise WorkflowError(f"glossary {args.action} needs a TERM and one --lang")
    if args.action == "confirm":
        entry = glossary.confirm(args.term, args.lang[0])
    else:
        if not args.translation:
            raise WorkflowError("glossary set needs --translation")
        entry = glossary.set(
            args.term, args.lang[0], args.translation, args.note or "", args.confirm
        )
    print(f"{entry.term} [{entry.lang}] = {entry.translation} ({entry.status})")
    return 0


def _instance(args: argparse.Namespace) -> Path:
    from .team.users import default_instance

    return Path(args.instance) if getattr(args, "instance", None) else default_instance()


def _base_url(args: argparse.Namespace) -> str:
    """STATEMENTS_BASE_URL, base_url in workflow.toml, --base-url, the running server's
    address, in that order."""
    from .team.links import base_url, recorded_listen_url

    fallback = args.base_url or recorded_listen_url(_instance(args))
    return base_url(_root(args), fallback)


def _print_link(label: str, link: str) -> None:
    from urllib.parse import urlsplit

    from .team.links import is_local

    print(f"{label}: {link}")
    if is_local(link):
        print(
            "  This address works on this computer only. For phones: set base_url in "
            "translations/workflow.toml (or STATEMENTS_BASE_URL) to this machine's network "
            "address, or start with HOST=0.0.0.0 (phones on the same network), or put the UI "
            "behind an HTTPS reverse proxy (README: 'Reaching the review UI from phones')."
        )
    elif urlsplit(link).scheme == "http":
        print("  Phones must be on the same network as this machine (the same Wi-Fi) to open it.")


def cmd_users(args: argparse.Namespace) -> int:
    """``statements users add|link|revoke|list``: volunteers and their one-time links."""
    from .team.users import TOKEN_DAYS, UserStore

    store = UserStore(_instance(args))
    if args.action == "list":
        for user in store.all():
            langs = ",".join(user.langs) or "all"
            print(f"{user.name}\t{user.role}\t{langs}\t{len(user.open_tokens)} open link(s)")
        return 0
    if not args.name:
        raise WorkflowError(f"users {args.action} needs a NAME")
    if args.action == "add":
        store.add(args.name, args.role, args.lang or [])
    elif args.action == "revoke":
        store.revoke(args.name)
        print(f"Revoked {args.name}'s links and sessions.")
        return 0
    elif store.get(args.name) is None:
        raise WorkflowError(f"no user {args.name!r}; add them with 'statements users add'")
    token = store.issue_token(args.name)
    _print_link(
        f"Login link for {args.name} (works once, for {TOKEN_DAYS} days)",
        f"{_base_url(args)}/login/{token}",
    )
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    """``statements setup``: project settings, the bundled statement, an editor's link."""
    from .catalog.statement import create_statement, list_statements
    from .config import ensure_config
    from .quality.glossary import Glossary
    from .team.users import UserStore, secret_key

    root = _root(args)
    root.mkdir(parents=True, exist_ok=True)
    ensure_config(root)
    Glossary(root).seed()
    if not list_statements(root) and args.seed and Path(args.seed).is_file():
        statement = create_statement(
            root,
            Path(args.seed).read_bytes(),
            Path(args.seed).name,
            slug=BUNDLED_SLUG,
            skip=BUNDLED_SKIP,
            # The blocks skipped are the web page's own (its site name, a photo credit), not
            # the statement's: a translation leaves them out.
            omit_skipped=True,
        )
        print(f"Set up the bundled statement in {statement.dir}")
    count = len(list_statements(root))
    print(f"{count} statement(s) in {root.resolve()}")
    from .git.history import configured_name, keep_out_of_history
    from .git.history import record as record_change
    from .git.sync import register_driver
    from .publishing.publish import publish_dir

    if register_driver(root):
        keep_out_of_history(root, [_instance(args), publish_dir(root)])
        who = configured_name(root)
        record_change(root, who, f"{who}: set up statement-workflow")
        print("History: every change is a commit; 'statements sync' shares it with the remote")
    store = UserStore(_instance(args))
    if store.get(args.editor) is None:
        store.add(args.editor, "editor", [])
    secret_key(_instance(args))
    token = store.issue_token(args.editor)
    _print_link("Editor login link (works once)", f"{_base_url(args)}/login/{token}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    """``statements sync``: commit, fetch, merge unit by unit and push the translations."""
    from .git.history import configured_name
    from .git.sync import sync

    root = _root(args)
    print(sync(root, configured_name(root)).message())
    return 0


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        default=argparse.SUPPRESS,
        help="the translations folder (default: $STATEMENTS_ROOT or ./translations)",
    )


def _add_instance(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--instance",
        help="users, tokens and the secret key (default: $STATEMENTS_INSTANCE or ./instance)",
    )


def positive(value: str) -> int:
    """An argparse type: a whole number from 1 to 64."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not 1 <= number <= 64:
        raise argparse.ArgumentTypeError("choose between 1 and 64")
    return number


BASE_URL_HELP = (
    "where the review UI is reached, for the link, when neither STATEMENTS_BASE_URL nor "
    "base_url in workflow.toml says (0.0.0.0: this machine's network address)"
)


def _define_new(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements new``."""
    parser.add_argument("file", help="the statement: Markdown (.md) or plain text")
    parser.add_argument("--slug", help="folder name (default: from the title)")
    parser.add_argument("--source-lang", help="language the statement is written in (default: en)")
    parser.add_argument(
        "--lang", action="append", help="target language (repeat; default from workflow.toml)"
    )
    parser.add_argument(
        "--skip",
        action="append",
        metavar="TEXT_OR_ID",
        help="a block not for translation, by its text or unit id (repeat)",
    )
    parser.add_argument(
        "--omit-skipped",
        action="store_true",
        help="leave the blocks not for translation out of every published version "
        "(default: kept as written, marked as not translated)",
    )
    parser.add_argument(
        "--format", choices=["md", "txt"], help="source format (default: from the file name)"
    )


def _define_update(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements update``."""
    parser.add_argument("slug")
    parser.add_argument("file", nargs="?", help="the new source (default: re-read the stored one)")


def _define_status(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements status``."""
    parser.add_argument("slug", nargs="?")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def _define_build(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements build``."""
    parser.add_argument("slug")
    parser.add_argument("--lang", action="append", help="language (repeat; default: all)")
    parser.add_argument("--format", action="append", help="md,txt,html (default: all three)")
    parser.add_argument("--out", default="build", help="output folder (default: ./build)")
    parser.add_argument(
        "--allow-unreviewed",
        action="store_true",
        help="let translated and machine units through; empty ones fall back to the source",
    )
    parser.add_argument(
        "--jobs",
        type=positive,
        help="outputs made at once, one process each (default: one per processor)",
    )


def _define_pretranslate(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements pretranslate``."""
    parser.add_argument("slug")
    parser.add_argument("--lang", action="append", help="language (repeat; default: all)")
    parser.add_argument("--engine", help="google, mymemory, deepl, microsoft, libre or qcri")
    parser.add_argument(
        "--engine-url", help="the LibreTranslate server, e.g. http://127.0.0.1:5050/"
    )
    parser.add_argument("--workers", type=positive, help="requests at once (capped per engine)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for one answer"
    )
    parser.add_argument("--force", action="store_true", help="also replace existing translations")


def _define_publish(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements publish``."""
    parser.add_argument("slug")
    parser.add_argument("--out", help="output folder (default: public/ beside translations/)")
    parser.add_argument("--lang", action="append", help="language (repeat; default: all)")


def _define_check(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements check``."""
    parser.add_argument("slug")
    parser.add_argument("--lang", action="append", help="language (repeat; default: all)")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def _define_memory(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements memory``."""
    parser.add_argument("action", choices=["search"])
    parser.add_argument("text")
    parser.add_argument("--lang", required=True)
    parser.add_argument("--limit", type=positive, default=5)
    parser.add_argument("--format", choices=["text", "json"], default="text")


def _define_search(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements search``."""
    parser.add_argument("text")
    parser.add_argument("--lang", action="append", help="only this language (repeat)")
    parser.add_argument("--limit", type=positive, default=100)
    parser.add_argument("--format", choices=["text", "json"], default="text")


def _define_questions(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements questions``."""
    parser.add_argument("slug", nargs="?")
    parser.add_argument("--lang", action="append", help="only this language (repeat)")
    parser.add_argument("--format", choices=["text", "json"], default="text")


def _define_glossary(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements glossary``."""
    parser.add_argument("action", choices=["list", "set", "confirm"])
    parser.add_argument("term", nargs="?")
    parser.add_argument("--lang", action="append")
    parser.add_argument("--translation")
    parser.add_argument("--note")
    parser.add_argument("--confirm", action="store_true", help="agreed, not just proposed")


def _define_users(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements users``."""
    parser.add_argument("action", choices=["add", "link", "revoke", "list"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("--role", choices=list(ROLES), default="translator")
    parser.add_argument("--lang", action="append", help="a language they work in (repeat)")
    parser.add_argument("--base-url", help=BASE_URL_HELP)


def _define_setup(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``statements setup``."""
    parser.add_argument("--seed", help="statement to set up when the folder has none")
    parser.add_argument("--editor", default="editor", help="the editor's user name")
    parser.add_argument("--base-url", help=BASE_URL_HELP)


# Each built-in command: its one line in the overview, its handler and what defines its
# arguments. Others (``serve``) come from the ``statements.commands`` entry points, which
# are looked up only when another command (or the overview) is asked for.
_COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None] | None]] = {
    "new": ("split a statement file into catalogs", cmd_new, _define_new),
    "update": ("merge an amended source into every catalog", cmd_update, _define_update),
    "status": ("progress per statement and language", cmd_status, _define_status),
    "build": ("write the statement per language", cmd_build, _define_build),
    "pretranslate": (
        "machine suggestions for untranslated units",
        cmd_pretranslate,
        _define_pretranslate,
    ),
    "publish": ("publish every language that is ready", cmd_publish, _define_publish),
    "check": ("quality checks of the translations", cmd_check, _define_check),
    "memory": ("search the translation memory", cmd_memory, _define_memory),
    "search": ("find text in every statement", cmd_search, _define_search),
    "questions": ("open questions on units", cmd_questions, _define_questions),
    "glossary": ("the project's agreed terms", cmd_glossary, _define_glossary),
    "users": ("volunteers and their login links", cmd_users, _define_users),
    "setup": ("settings, bundled statement and an editor link", cmd_setup, _define_setup),
    "sync": ("commit, fetch, merge (unit by unit) and push the translations", cmd_sync, None),
}
BUILT_IN = tuple(_COMMANDS)
# The commands that read the instance folder (every plugin's too).
_WITH_INSTANCE = frozenset({"users", "setup"})


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, finding the terminal's width as :func:`shutil.get_terminal_size`
    does without importing shutil: argparse makes a formatter for every argument it adds, and
    shutil (with bz2, lzma and fnmatch) took 2 ms of every command."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _columns() -> int:
    """The terminal's width: ``COLUMNS`` when set, else standard output's, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help is laid out by :class:`_Formatter` (so are the parsers
    of its subcommands, made of the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def make_parser(plugins: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every subcommand (``plugins``: with the commands other
    packages add through entry points), or with the built-in command ``only`` alone (what
    running it needs: building every command's arguments takes longer than some commands)."""
    parser = _Parser(
        prog="statements",
        description="Translate a statement into Arabic, Kurdish and English via gettext catalogs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--root", default=None, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name, (summary, handler, define) in _COMMANDS.items():
        if only is not None and name != only:
            continue
        sub = commands.add_parser(name, help=summary)
        if define is not None:
            define(sub)
        sub.set_defaults(handler=handler)
        _add_root(sub)
        if name in _WITH_INSTANCE:
            _add_instance(sub)
    if plugins and only is None:
        from .plugins import entry_points, load  # scanning installed packages takes time

        for _name, value in entry_points():
            sub = load(value)(commands)
            _add_root(sub)
            _add_instance(sub)
    return parser


def _processors() -> int:
    """How many processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


# A bug, not a refusal: distinct from 1 so that scripts and tests can tell them apart.
INTERNAL_ERROR = 70


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``statements`` console script (``argv``: the arguments, when not
    called as the program)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    program = argv is None and _command(arguments) in BUILT_IN
    if program:
        # A command reads a statement into many small objects that refcounting frees, few in
        # cycles: a pass of the young generation each time 700 more container objects were
        # made than freed (CPython's default) took ~6% of `new` and `build` of 2,000
        # paragraphs on CPython 3.11. The older generations keep their own pace.
        gc.set_threshold(100_000, 10, 10)
    code = _run(arguments)
    if program:  # the program, about to exit
        # What is left is for the exit to free, not for the collector to walk: finishing the
        # interpreter walks every object several times (~18 ms after a 2,000-paragraph build).
        # A plugin's command may leave objects whose finalisers must run: not frozen.
        gc.freeze()
    return code


def _run(arguments: list[str]) -> int:
    args = parser_for(arguments).parse_args(arguments)
    handler: Handler = args.handler
    try:
        return handler(args)
    except WorkflowError as exc:
        print(f"statements: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("statements: interrupted; finished work is saved", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, with a way to see the details
        if os.environ.get("STATEMENTS_DEBUG"):
            raise
        print(
            f"statements: unexpected error: {type(exc).__name__}: {exc} "
            "(set STATEMENTS_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


def _command(arguments: list[str]) -> str | None:
    """The command named on the command line (None for ``--help`` or ``--version`` alone)."""
    rest = iter(arguments)
    for argument in rest:
        if argument == "--root":
            next(rest, None)
        elif not argument.startswith("-"):
            return argument
    return None


def parser_for(arguments: list[str]) -> argparse.ArgumentParser:
    """The parser that reads ``arguments``: a built-in command's own when it is named first
    (:func:`_only_command`), else every command's, plugins' included."""
    only = _only_command(arguments)
    return make_parser(plugins=only is None, only=only)


def _only_command(arguments: list[str]) -> str | None:
    """The built-in command that ``arguments`` run when nothing but ``--root`` comes before
    its name (its parser alone then reads them all); None otherwise."""
    rest = iter(arguments)
    for argument in rest:
        if argument == "--root":
            next(rest, None)
        elif not argument.startswith("--root="):
            return argument if argument in BUILT_IN else None
    return None


if __name__ == "__main__":
    sys.exit(main())
