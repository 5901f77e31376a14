"""What editors do in the browser: add a statement, replace its source, start machine
pretranslation and watch it, download the outputs, manage volunteers' links."""

from __future__ import annotations

import json
import re
import secrets
import threading
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from markupsafe import Markup, escape

from workflow.catalog.statement import (
    Statement,
    create_statement,
    set_omit_skipped,
    update_statement,
)
from workflow.config import load_config
from workflow.errors import WorkflowError
from workflow.fileio import atomic_write_text
from workflow.i18n import N_, params_from_json, params_to_json
from workflow.i18n import render as render_message
from workflow.languages import get_language
from workflow.mt.engine import ENGINES
from workflow.mt.pretranslate import LanguageSummary, pretranslate
from workflow.publishing.build import OUTPUT_FORMATS, render
from workflow.publishing.publish import publish, publish_dir
from workflow.team.users import ROLES

from .auth import current_user, editor_required, store
from .i18n import join_list, language_in_interface, translate
from .messages import browser_template, user_message, without_paths
from .published import CSP as PAGE_CSP
from .urls import absolute

bp = Blueprint("editor", __name__)
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
CHOICES = ("ar", "ckb", "kmr", "en")
EMPTY_TEXT = N_("The text is empty: paste the statement or choose a file.")


def _root() -> Path:
    return Path(current_app.config["STATEMENTS_ROOT"])


def _load(slug: str) -> Statement:
    try:
        return Statement.load(_root(), slug)
    except WorkflowError:
        abort(404, _("There is no statement “%(slug)s”.", slug=slug))


def _author() -> str:
    user = current_user()
    assert user is not None
    return user.name


def _source_from_form() -> tuple[bytes, str]:
    upload = request.files.get("file")
    fmt = request.form.get("format", "md")
    if fmt not in ("md", "txt"):
        abort(400, _("Choose Markdown or plain text."))
    if upload is not None and upload.filename:
        return upload.read(), upload.filename
    return request.form.get("text", "").replace("\r\n", "\n").encode("utf-8"), f"statement.{fmt}"


@bp.route("/new", methods=["GET", "POST"])
@editor_required
def new() -> Any:
    """Add a statement by pasting or uploading it and choosing its languages."""
    config = load_config(_root())
    if request.method == "GET":
        return render_template("editor/new.html", choices=CHOICES, config=config, form={})
    data, name = _source_from_form()
    skip = [line.strip() for line in request.form.get("skip", "").splitlines() if line.strip()]
    if not data.strip():
        flash(_(EMPTY_TEXT), "error")
        return render_template(
            "editor/new.html", choices=CHOICES, config=config, form=request.form
        ), 400
    try:
        statement = create_statement(
            _root(),
            data,
            name,
            slug=request.form.get("slug", "").strip() or None,
            source_language=request.form.get("source_language", config.source_language),
            languages=request.form.getlist("languages"),
            skip=skip,
            fmt=None if request.files.get("file") else request.form.get("format", "md"),
            author=_author(),
            omit_skipped=request.form.get("omit_skipped") == "1",
        )
    except WorkflowError as exc:
        flash(user_message(exc), "error")
        return render_template(
            "editor/new.html", choices=CHOICES, config=config, form=request.form
        ), 400
    count = len(statement.document().units())
    flash(
        ngettext(
            "Added %(title)s: %(num)s unit to translate.",
            "Added %(title)s: %(num)s units to translate.",
            count,
            title=statement.meta.title,
        ),
        "ok",
    )
    return redirect(url_for("dashboard.statement", slug=statement.slug))


@bp.route("/s/<slug>/source", methods=["GET", "POST"])
@editor_required
def source(slug: str) -> Any:
    """Replace the source of a statement; catalogs are merged as ``statements update`` does."""
    statement = _load(slug)
    if request.method == "GET":
        return render_template(
            "editor/source.html", statement=statement, text=statement.source_text()
        )
    data, name = _source_from_form()
    if not request.files.get("file"):
        name = statement.meta.source_name
    if not data.strip():
        flash(_(EMPTY_TEXT), "error")
        return render_template("editor/source.html", statement=statement, text=""), 400
    try:
        reports = update_statement(statement, data, name, author=_author())
    except WorkflowError as exc:
        flash(user_message(exc), "error")
        return render_template(
            "editor/source.html", statement=statement, text=data.decode("utf-8", "replace")
        ), 400
    for lang, report in reports.items():
        flash(
            _(
                "%(language)s: %(kept)s unchanged, %(outdated)s outdated, %(new)s new, "
                "%(removed)s removed.",
                language=language_in_interface(lang),
                kept=report.kept,
                outdated=report.outdated,
                new=report.new,
                removed=report.obsolete,
            ),
            "ok",
        )
    return redirect(url_for("dashboard.statement", slug=slug))


def _jobs_dir() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "jobs"


def job_status(job_id: str) -> dict[str, Any]:
    """The recorded progress of a job (any server process can read it)."""
    if not _JOB_ID.match(job_id) or not (_jobs_dir() / f"{job_id}.json").exists():
        abort(404, _("There is no such job."))
    return dict(json.loads((_jobs_dir() / f"{job_id}.json").read_text(encoding="utf-8")))


def job_message(job: dict[str, Any]) -> str:
    """A job's closing message in the interface language (it is stored as a template)."""
    template = job.get("template")
    if isinstance(template, str):
        return without_paths(translate(template, params_from_json(job.get("params") or {})))
    return without_paths(str(job.get("message", "")))


def _finish(state: dict[str, Any], template: str, **params: Any) -> None:
    state["template"], state["params"] = template, params_to_json(params)
    state["message"] = render_message(template, params)


def _run_job(
    path: Path,
    statement: Statement,
    langs: list[str],
    engine: str | None,
    url: str | None,
    author: str,
) -> None:
    state: dict[str, Any] = {
        "status": "running",
        "slug": statement.slug,
        "languages": {},
        "message": "",
    }
    lock = threading.Lock()

    def write() -> None:
        atomic_write_text(path, json.dumps(state, ensure_ascii=False))

    def on_progress(event: str, summary: LanguageSummary, done: int) -> None:
        with lock:
            record = summary.as_dict()
            record["done"] = done
            state["languages"][summary.lang] = record
            if event != "unit" or done % 5 == 0 or done == summary.todo:
                write()

    try:
        config = load_config(statement.root)
        summaries = pretranslate(
            statement,
            config,
            langs,
            engine=engine,
            engine_url=url,
            on_progress=on_progress,
            author=author,
        )
        failed = sum(len(s.failed) for s in summaries)
        state["status"] = "done"
        _finish(
            state,
            N_(
                "Finished: %(machine)s machine suggestions, %(memory)s from memory, "
                "%(failed)s failed."
            ),
            machine=sum(s.translated + s.cache for s in summaries),
            memory=sum(s.memory for s in summaries),
            failed=failed,
        )
    except WorkflowError as exc:
        state["status"] = "failed"
        _finish(state, browser_template(exc) or exc.template, **exc.params)
    except Exception as exc:  # the job thread must always leave a readable status
        state["status"] = "failed"
        _finish(state, N_("unexpected error: %(error)s"), error=f"{type(exc).__name__}: {exc}")
    with lock:
        write()


@bp.post("/s/<slug>/pretranslate")
@editor_required
def start_pretranslate(slug: str) -> Any:
    """Start machine pretranslation in the background and show its progress."""
    statement = _load(slug)
    langs = [lang for lang in request.form.getlist("languages") if lang in statement.meta.languages]
    engine = request.form.get("engine") or None
    if engine is not None and engine not in ENGINES:
        abort(400, _("There is no engine “%(engine)s”.", engine=engine))
    url = request.form.get("engine_url", "").strip() or None
    job_id = secrets.token_hex(8)
    path = _jobs_dir() / f"{job_id}.json"
    atomic_write_text(
        path, json.dumps({"status": "starting", "slug": slug, "languages": {}, "message": ""})
    )
    thread = threading.Thread(
        target=_run_job,
        args=(path, statement, langs or statement.meta.languages, engine, url, _author()),
        name=f"pretranslate-{slug}",
        daemon=True,
    )
    thread.start()
    return redirect(url_for("editor.job", job_id=job_id))


@bp.get("/jobs/<job_id>")
@editor_required
def job(job_id: str) -> str:
    """The progress page of a job (its script polls the API; without it, it refreshes)."""
    state = job_status(job_id)
    return render_template(
        "editor/job.html", job_id=job_id, job=state | {"message": job_message(state)}
    )


@bp.get("/s/<slug>/download/<lang>.<fmt>")
@editor_required
def download(slug: str, lang: str, fmt: str) -> Any:
    """Build one language in one format and download it."""
    statement = _load(slug)
    if fmt not in OUTPUT_FORMATS:
        abort(404, _("There is no format “%(format)s”.", format=fmt))
    if lang != statement.meta.source_language and lang not in statement.meta.languages:
        abort(404, _("This statement has no language “%(language)s”.", language=lang))
    draft = request.args.get("unreviewed") == "1"
    try:
        text = render(statement, lang, fmt, allow_unreviewed=draft)
    except WorkflowError as exc:
        flash(user_message(exc), "error")
        return redirect(url_for("dashboard.statement", slug=slug))
    name = f"{slug}-{lang}-draft.{fmt}" if draft else f"{slug}-{lang}.{fmt}"
    if draft:  # so that nobody takes the preview, or passes it on, for the approved text
        text = _marked_draft(text, fmt)
    mime = {"md": "text/markdown", "txt": "text/plain", "html": "text/html"}[fmt]
    response = Response(text, mimetype=mime)
    # A page's preview opens in the browser (a phone would file it under downloads), with
    # a published page's policy (its own style and nothing else, no script), sandboxed: it
    # holds texts nobody reviewed yet, and is then of no origin, not the review UI's.
    shown = "inline" if draft and fmt == "html" else "attachment"
    response.headers["Content-Disposition"] = f'{shown}; filename="{name}"'
    response.headers["Content-Security-Policy"] = f"{PAGE_CSP}; sandbox"
    return response


def _marked_draft(text: str, fmt: str) -> str:
    """A draft preview with a line at its top that says it is not the approved text."""
    line = _("Draft preview: texts not yet approved are in it. Do not publish or pass it on.")
    if fmt == "html" and "<body>" in text:
        banner = (
            '<p role="note" style="border:2px solid #b00;padding:.5rem;font-weight:bold" '
            f'dir="auto">{escape(line)}</p>'
        )
        return text.replace("<body>", "<body>\n" + banner, 1)
    return f"{line}\n\n{text}"


SPLIT_CHANGED = N_(
    "The blocks not for translation were changed in statement.toml after the catalogs were "
    "made. Nothing can be published until the catalogs are updated: use “Update the "
    "catalogs” on this page."
)
NEEDS_UPDATE = N_(
    "The source changed after its catalogs were made (an update was interrupted, or the "
    "source was edited by hand). Nothing can be published until the catalogs are updated: "
    "use “Update the catalogs” on this page."
)


@bp.post("/s/<slug>/repair")
@editor_required
def repair(slug: str) -> Any:
    """Finish an interrupted update: merge the source on disk into every catalog."""
    statement = _load(slug)
    try:
        update_statement(statement)
    except WorkflowError as exc:
        flash(user_message(exc), "error")
    else:
        flash(_("The catalogs are up to date with the source again."), "ok")
    return redirect(url_for("dashboard.statement", slug=slug))


@bp.post("/s/<slug>/blocks")
@editor_required
def skipped_blocks(slug: str) -> Any:
    """Keep the blocks not for translation in the published versions, or leave them out."""
    omit = request.form.get("omit_skipped") == "1"
    set_omit_skipped(_load(slug), omit, author=_author())
    if omit:
        flash(_("The blocks not to translate will be left out of the published versions."), "ok")
    else:
        flash(_("The blocks not to translate will be kept in the published versions."), "ok")
    return redirect(url_for("dashboard.statement", slug=slug) + "#publishing")


@bp.post("/s/<slug>/publish")
@editor_required
def publish_statement(slug: str) -> Any:
    """Publish every language that passes the gate; say what holds the others back."""
    statement = _load(slug)
    out = publish_dir(_root())
    if statement.needs_update():
        flash(_(NEEDS_UPDATE if statement.source_changed() else SPLIT_CHANGED), "error")
        return redirect(url_for("dashboard.statement", slug=slug))
    try:
        report = publish(statement, out)
    except WorkflowError as exc:
        flash(user_message(exc), "error")
        return redirect(url_for("dashboard.statement", slug=slug))
    source = statement.meta.source_language
    translations = [lang for lang in report.published if lang != source]
    if translations:
        changed = sum(1 for path in report.written if path.parent.name == slug)
        written = ngettext("%(num)d file written", "%(num)d files written", changed)
        if report.unchanged:
            message = _(
                "Published %(names)s: %(written)s, %(unchanged)s unchanged. The links are below."
            )
        else:
            message = _("Published %(names)s: %(written)s. The links are below.")
        flash(
            escape(message)
            % {
                "names": _names(list(report.published)),
                "written": written,
                "unchanged": len(report.unchanged),
            },
            "ok",
        )
    else:
        message = _(
            "No translation was published: none is ready yet (see below what holds each "
            "language back). Only the %(name)s original is on the published site."
        )
        flash(escape(message) % {"name": language_in_interface(source)}, "error")
    if report.pdf_skipped:
        flash(
            _("The PDFs could not be made on this server (a system library is missing)."), "error"
        )
    if report.held and translations:  # with none published, the line above says it
        message = _("Not published yet: %(names)s. What holds each back is listed below.")
        flash(escape(message) % {"names": _names(list(report.held))}, "warning")
    return redirect(url_for("dashboard.statement", slug=slug))


def _names(langs: list[str]) -> Markup:
    """Languages' own names, each isolated (Arabic-script names followed by digits or
    punctuation would otherwise be reordered in an English sentence), joined as the
    interface's language joins a list."""
    return join_list(
        Markup('<bdi lang="{}">{}</bdi>').format(lang, get_language(lang).native_name)
        for lang in langs
    )


def _link(token: str) -> str:
    return absolute(url_for("auth.login_page", token=token))


@bp.route("/users", methods=["GET", "POST"])
@editor_required
def users() -> Any:
    """Volunteers and their links: create a link, make a new one, revoke one."""
    link = None
    kept: dict[str, Any] = {}  # what was typed into a refused "Add someone", shown again
    if request.method == "POST":
        action = request.form.get("action", "add")
        name = request.form.get("name", "")
        try:
            if action == "add":
                store().add(
                    name, request.form.get("role", "translator"), request.form.getlist("languages")
                )
                link = (name, _link(store().issue_token(name)))
            elif action == "link":
                link = (name, _link(store().issue_token(name)))
            elif action == "revoke":
                user = current_user()
                if user is not None and user.name == name:
                    raise WorkflowError(N_("You cannot revoke your own access."))
                store().revoke(name)
                flash(_("The links and sessions of %(name)s were revoked.", name=name), "ok")
            else:
                abort(400, _("There is no such action."))
        except WorkflowError as exc:
            flash(user_message(exc), "error")
            if action == "add":
                kept = {
                    "name": name,
                    "role": request.form.get("role", ""),
                    "languages": request.form.getlist("languages"),
                }
    return render_template(
        "editor/users.html",
        users=store().all(),
        roles=ROLES,
        choices=CHOICES,
        link=link,
        kept=kept,
    )
