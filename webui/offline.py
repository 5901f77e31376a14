"""Working through a dropped connection: the service worker, the session probe the page's
outbox sends through, the list of pages a volunteer's phone keeps for offline use, and the
interface strings the page's JavaScript shows.

The outbox itself lives in the browser (``static/app.js``); the server only answers saves as
it always did. A save's answer is what takes it out of the outbox.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, send_from_directory, url_for
from flask_wtf.csrf import generate_csrf
from werkzeug.wrappers import Response

from .auth import current_user, login_required
from .review import open_language, views_for

bp = Blueprint("offline", __name__)


def js_strings() -> dict[str, str]:
    """Every string the page's JavaScript shows, handed to it in the page (no literals in JS).

    ``{n}``, ``{name}``, ``{date}``, ``{reason}`` are filled in by the script.
    """
    return {
        "saving": "Saving…",
        "saved": "Saved.",
        "saved_draft": "Saved as draft.",
        "waiting": "Saved on this phone, waiting to send.",
        "waiting_next": "Saved on this phone, waiting to send. You can go on with the next unit.",
        "not_sent": "Not sent: {reason}",
        "counter": "{n} waiting to send",
        "counter_problem": "{n} not sent: open to see why",
        "mark_waiting": "waiting to send",
        "mark_problem": "not sent",
        "mark_conflict": "needs your choice",
        "conflict": "Not saved: someone else changed this unit. Choose below.",
        "saved_by": "Saved by {name}",
        "saved_by_on": "Saved by {name} on {date}",
        "theirs_in_box": "Their version is in the box.",
        "restored": "What you typed here before was restored (not saved yet).",
        "reason_login": "your login has ended. Your text is kept on this phone: copy it, "
        "or open a new link from your editor and it will be sent.",
        "reason_other_user": "this was saved by {name} on this phone; log in as {name} to send it.",
        "reason_removed": "this unit is no longer in the statement (the text was amended).",
        "reason_forbidden": "you may not change this translation any more.",
        "reason_status": "the server answered with error {n}.",
        "reason_storage": "this phone's storage is full, so the text could not be kept here "
        "either: copy it before you leave this page.",
        "copied": "Copied.",
        "discard_confirm": "Delete this text from this phone? It was not sent.",
        "logout_confirm": "Saves waiting to send: {n}. Logging out now deletes them from this "
        "phone. Log out anyway?",
        "next_needs_connection": "Saved on this phone, waiting to send. The next unit needs a "
        "connection to open.",
        "errors_stay": "Saved, but the checks found errors: fix them before marking it translated.",
    }


def init_app(app: Any) -> None:
    """Hand the strings to every page."""

    @app.context_processor
    def inject_strings() -> dict[str, Any]:
        return {"js_strings": js_strings}


@bp.get("/sw.js")
def service_worker() -> Response:
    """The service worker, served from the root so that it may cover every page."""
    response = send_from_directory(current_app.static_folder or "static", "sw.js", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


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
        *revisions,
    ]
    assets = [url_for("static", filename=name) for name in ("style.css", "app.js")]
    # With each unit page's revision, a phone fetches again only the units that changed.
    return jsonify({"pages": pages, "assets": assets, "revisions": revisions})
