"""Working through a dropped connection: the service worker, the session probe the page's
outbox sends through, and the list of pages a volunteer's phone keeps for offline use.

The outbox itself lives in the browser (``static/app.js``); the server only answers saves as
it always did. A save's answer is what takes it out of the outbox. The strings the script
shows are in :data:`webui.i18n.SCRIPT_STRINGS`, translated like every other.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from .auth import current_user, login_required
from .review import open_language, views_for

bp = Blueprint("offline", __name__)


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, served from the root so that it may cover every page."""
    response = send_from_directory(current_app.static_folder or "static", "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
@login_required
def fallback() -> str:
    """What a phone shows, with no connection, for a page it did not keep (the glossary,
    search, another statement): kept with the pages below, in the volunteer's language."""
    return render_template("offline/fallback.html")


@bp.get("/api/session")
@login_required
def session_probe() -> Response:
    """Who is logged in and a fresh CSRF token (cached pages carry stale ones)."""
    user = current_user()
    assert user is not None
    return jsonify(
        {"user": user.name, "role": user.role, "langs": user.langs, "csrf": generate_csrf()}
    )


@bp.get("/api/statements/<slug>/<lang>/offline")
@login_required
def offline_pages(slug: str, lang: str) -> Response:
    """The pages a phone keeps to work through this language offline (the user's own only)."""
    statement = open_language(slug, lang)
    revisions = {
        url_for("review.unit", slug=slug, lang=lang, unit_id=view["id"]): view["revision"]
        for view in views_for(statement, lang)
    }
    pages = [
        url_for("dashboard.index"),
        url_for("dashboard.statement", slug=slug),
        url_for("review.units", slug=slug, lang=lang),
        url_for("offline.fallback"),
        *revisions,
    ]
    assets = [url_for("static", filename=name) for name in ("style.css", "app.js")]
    # With each unit page's revision, a phone fetches again only the units that changed.
    return jsonify({"pages": pages, "assets": assets, "revisions": revisions})
