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

from workflow.build import OUTPUT_FORMATS, render
from workflow.config import load_config
from workflow.engine import ENGINES
from workflow.errors import WorkflowError
from workflow.fileio import atomic_write_text
from workflow.languages import get_language
from workflow.pretranslate import LanguageSummary, pretranslate
from workflow.publish import publish, publish_dir
from workflow.statement import Statement, create_statement, update_statement
from workflow.users import ROLES

from .auth import current_user, editor_required, store

bp = Blueprint("editor", __name__)
_JOB_ID = re.compile(r"^[0-9a-f]{16}$")
CHOICES = ("ar", "ckb", "kmr", "en")


def _root() -> Path:
    return Path(current_app.config["STATEMENTS_ROOT"])


def _load(slug: str) -> Statement:
    try:
        return Statement.load(_root(), slug)
    except WorkflowError:
        abort(404, f"There is no statement {slug!r}.")


def _author() -> str:
    user = current_user()
    assert user is not None
    return user.name


def _source_from_form() -> tuple[bytes, str]:
    upload = request.files.get("file")
    fmt = request.form.get("format", "md")
    if fmt not in ("md", "txt"):
        abort(400, "Choose Markdown or plain text.")
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
        )
    except WorkflowError as exc:
        flash(str(exc), "error")
        return render_template(
            "editor/new.html", choices=CHOICES, config=config, form=request.form
        ), 400
    flash(
        f"Added {statement.meta.title}: {len(statement.document().units())} units to translate.",
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
    try:
        reports = update_statement(statement, data, name, author=_author())
    except WorkflowError as exc:
        flash(str(exc), "error")
        return render_template(
            "editor/source.html", statement=statement, text=data.decode("utf-8", "replace")
        ), 400
    for lang, report in reports.items():
        flash(
            f"{lang}: {report.kept} unchanged, {report.outdated} outdated, {report.new} new, "
            f"{report.obsolete} removed.",
            "ok",
        )
    return redirect(url_for("dashboard.statement", slug=slug))


def _jobs_dir() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / "jobs"


def job_status(job_id: str) -> dict[str, Any]:
    """The recorded progress of a job (any server process can read it)."""
    if not _JOB_ID.match(job_id):
        abort(404, "No such job.")
    path = _jobs_dir() / f"{job_id}.json"
    if not path.exists():
        abort(404, "No such job.")
    return dict(json.loads(path.read_text(encoding="utf-8")))


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
        state["message"] = (
            f"Finished: {sum(s.translated + s.cache for s in summaries)} machine suggestions, "
            f"{sum(s.memory for s in summaries)} from memory, {failed} failed."
        )
    except WorkflowError as exc:
        state["status"] = "failed"
        state["message"] = str(exc)
    except Exception as exc:  # the job thread must always leave a readable status
        state["status"] = "failed"
        state["message"] = f"unexpected error: {type(exc).__name__}: {exc}"
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
        abort(400, f"Unknown engine {engine!r}.")
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
    return render_template("editor/job.html", job_id=job_id, job=job_status(job_id))


@bp.get("/s/<slug>/download/<lang>.<fmt>")
@editor_required
def download(slug: str, lang: str, fmt: str) -> Any:
    """Build one language in one format and download it."""
    statement = _load(slug)
    if fmt not in OUTPUT_FORMATS:
        abort(404, f"Unknown format {fmt!r}.")
    if lang != statement.meta.source_language and lang not in statement.meta.languages:
        abort(404, f"{slug} has no language {lang!r}.")
    try:
        text = render(statement, lang, fmt, allow_unreviewed=request.args.get("unreviewed") == "1")
    except WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(url_for("dashboard.statement", slug=slug))
    mime = {"md": "text/markdown", "txt": "text/plain", "html": "text/html"}[fmt]
    response = Response(text, mimetype=mime)
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-{lang}.{fmt}"'
    return response


@bp.post("/s/<slug>/publish")
@editor_required
def publish_statement(slug: str) -> Any:
    """Publish every language that passes the gate; say what holds the others back."""
    statement = _load(slug)
    out = publish_dir(_root())
    try:
        report = publish(statement, out)
    except WorkflowError as exc:
        flash(str(exc), "error")
        return redirect(url_for("dashboard.statement", slug=slug))
    if report.published:
        names = ", ".join(get_language(lang).native_name for lang in report.published)
        flash(f"Published {names} in {out / slug} ({len(report.written)} file(s) written).", "ok")
    if report.pdf_skipped:
        flash(report.pdf_skipped, "error")
    for lang, problems in report.held.items():
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        flash(f"{get_language(lang).native_name} is not published yet: {shown}", "error")
    return redirect(url_for("dashboard.statement", slug=slug))


def _link(token: str) -> str:
    base = current_app.config.get("BASE_URL") or request.host_url
    return base.rstrip("/") + url_for("auth.login_page", token=token)


@bp.route("/users", methods=["GET", "POST"])
@editor_required
def users() -> Any:
    """Volunteers and their links: create a link, make a new one, revoke one."""
    link = None
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
                    raise WorkflowError("you cannot revoke your own access")
                store().revoke(name)
                flash(f"{name}'s links and sessions were revoked.", "ok")
            else:
                abort(400, "Unknown action.")
        except WorkflowError as exc:
            flash(str(exc), "error")
    return render_template(
        "editor/users.html", users=store().all(), roles=ROLES, choices=CHOICES, link=link
    )


@bp.app_template_filter("language_name")
def language_name(code: str) -> str:
    """A language's own name for templates (العربية, Kurdî (Kurmancî)...)."""
    try:
        return get_language(code).native_name
    except WorkflowError:
        return code
