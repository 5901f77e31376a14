"""The published site, served as files with no login: what readers open and editors share.

``/published/`` lists every statement, ``/published/<slug>/`` is a statement's side-by-side
index and ``/published/<slug>/<lang>.<ext>`` each language's page, Markdown, text and PDF.
``[publish] serve = false`` in workflow.toml turns it off (the folder is uploaded elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, redirect, send_file, url_for
from flask_babel import gettext as _
from werkzeug.security import safe_join

from workflow.config import load_config
from workflow.publishing.publish import publish_dir

bp = Blueprint("published", __name__, url_prefix="/published")

TYPES = {
    ".html": "text/html",
    ".md": "text/markdown",
    ".txt": "text/plain",
    ".pdf": "application/pdf",
}
# The pages are self-contained: their own inline style, no script, nothing from elsewhere.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def serving(root: Path) -> bool:
    """Whether this app serves the published site (``[publish] serve``, on by default)."""
    return bool(load_config(root).publish.get("serve", True))


def _folder() -> Path:
    root = Path(current_app.config["STATEMENTS_ROOT"])
    if not serving(root):
        abort(404, _("This site does not serve the published statements."))
    return publish_dir(root)


def _send(folder: Path, name: str) -> Any:
    suffix = Path(name).suffix
    if name.startswith(".") or suffix not in TYPES:
        abort(404, _("There is no such published file."))
    path = safe_join(str(folder), name)
    if path is None or not Path(path).is_file():
        abort(404, _("There is no such published file."))
    response = send_file(path, mimetype=TYPES[suffix], conditional=True, max_age=0)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/")
def site() -> Any:
    """Every published statement, newest first."""
    folder = _folder()
    if not (folder / "index.html").is_file():
        abort(404, _("Nothing has been published yet."))
    return _send(folder, "index.html")


@bp.get("/<slug>")
def statement_redirect(slug: str) -> Any:
    """``/published/<slug>`` without the slash: the relative links need it."""
    return redirect(url_for("published.statement", slug=slug), 301)


@bp.get("/<slug>/")
def statement(slug: str) -> Any:
    """A statement's languages and its side-by-side version."""
    folder = _folder()
    if slug.startswith("."):
        abort(404, _("There is no such published statement."))
    return _send(folder / slug, "index.html")


@bp.get("/<slug>/<name>")
def published_file(slug: str, name: str) -> Any:
    """One language's page, Markdown, text or PDF."""
    folder = _folder()
    if slug.startswith("."):
        abort(404, _("There is no such published file."))
    return _send(folder / slug, name)
