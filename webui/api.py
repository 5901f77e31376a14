"""The JSON API (used by the review page itself; documented in README.md).

* ``GET /api/statements``
* ``GET /api/statements/<slug>/<lang>/units``
* ``POST /api/statements/<slug>/<lang>/units/<unit_id>`` with
  ``{"translation", "state", "revision"}``: 200 with the new revision, 409 with the current
  text on a stale revision, 403, 400, 404. Every POST needs ``X-CSRFToken``.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from workflow.review import (
    BadInput,
    Conflict,
    Forbidden,
    NotFound,
    locate,
    save_unit,
    unit_view,
)

from .auth import current_user, editor_required, login_required
from .dashboard import visible_status
from .editor import job_status
from .review import open_language, views_for

bp = Blueprint("api", __name__, url_prefix="/api")
# A save is at most 20,000 characters; \uXXXX escapes take six bytes each.
MAX_JSON_BYTES = 256 * 1024


def json_body() -> Any:
    """The request's JSON, or a 400 with a one-line reason (too large, malformed, too deep)."""
    too_large = _("The request is too large (at most %(size)s KB).", size=MAX_JSON_BYTES // 1024)
    if (request.content_length or 0) > MAX_JSON_BYTES:
        abort(400, too_large)
    if not request.is_json:
        abort(400, _("Send the save as JSON."))
    data = request.get_data(cache=False)
    if len(data) > MAX_JSON_BYTES:
        abort(400, too_large)
    try:
        return json.loads(data)
    except RecursionError:
        abort(400, _("The request's JSON is nested too deeply."))
    except (ValueError, UnicodeDecodeError):
        abort(400, _("The request is not valid JSON."))


@bp.get("/statements")
@login_required
def statements() -> Response:
    """Every statement with its progress (a user sees the languages they work in)."""
    records = visible_status()
    return jsonify(records)


@bp.get("/statements/<slug>/<lang>/units")
@login_required
def units(slug: str, lang: str) -> Response:
    """Every unit of one language."""
    statement = open_language(slug, lang)
    fields = ("id", "source", "previous_source", "translation", "state", "revision", "suggestion")
    return jsonify(
        [
            {key: view[key] for key in fields} | {"engine": view["engine"]}
            for view in views_for(statement, lang)
        ]
    )


@bp.get("/statements/<slug>/<lang>/units/<unit_id>")
@login_required
def unit(slug: str, lang: str, unit_id: str) -> Response:
    """One unit, as it is now (what a reviewer opens before editing)."""
    statement = open_language(slug, lang)
    try:
        entry, _ = locate(
            statement, lang, unit_id, statement.po_path(lang).read_text(encoding="utf-8")
        )
    except NotFound as exc:
        abort(404, str(exc))
    view = unit_view(entry)
    fields = ("id", "source", "previous_source", "translation", "state", "revision", "suggestion")
    return jsonify({key: view[key] for key in fields} | {"engine": view["engine"]})


@bp.post("/statements/<slug>/<lang>/units/<unit_id>")
@login_required
def save(slug: str, lang: str, unit_id: str) -> Any:
    """Save one unit."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    payload = json_body()
    try:
        view = save_unit(statement, lang, unit_id, payload, user)
    except Conflict as exc:
        current = exc.current
        return jsonify(
            {
                "error": str(exc),
                "current": {key: current[key] for key in ("translation", "state", "revision")},
            }
        ), 409
    except Forbidden as exc:
        abort(403, str(exc))
    except NotFound as exc:
        abort(404, str(exc))
    except BadInput as exc:
        abort(400, str(exc))
    return jsonify({"id": view["id"], "revision": view["revision"], "state": view["state"]})


@bp.get("/jobs/<job_id>")
@editor_required
def job(job_id: str) -> Response:
    """Progress of a background job (machine pretranslation)."""
    return jsonify(job_status(job_id))
