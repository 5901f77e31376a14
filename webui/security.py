"""Security headers, error pages and the login rate limiter."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workflow.errors import WorkflowError
from workflow.fileio import DiskFull
from workflow.git.history import NotReady
from workflow.i18n import N_

from .messages import user_message

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


# What Werkzeug's own errors (an unknown address, a wrong method...) say, in our words.
_DEFAULT_DESCRIPTIONS = {
    400: N_("The request was not understood; reload the page and try again."),
    401: N_("Log in first: open the link your editor gave you."),
    403: N_("You are not allowed to do this."),
    404: N_("There is no page at this address."),
    405: N_("This address does not take that kind of request."),
    413: N_("The file is too large."),
    429: N_("Too many attempts; wait a few minutes and try again."),
    500: N_("Something went wrong on the server; try again in a moment."),
}


def init_app(app: Flask) -> None:
    """Add the headers to every response and plain error pages (JSON under /api)."""

    @app.after_request
    def headers(response: Response) -> Response:
        # Published pages bring their own (stricter, with their inline style).
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"  # HTTPS CSRF checks need it
        response.headers.setdefault("Cache-Control", "no-store")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[Response | str, int]:
        return _error(
            400,
            gettext(
                "The form expired or was not sent from this site; reload the page and try again."
            ),
        )

    @app.errorhandler(WorkflowError)
    def workflow_error(error: WorkflowError) -> tuple[Response | str, int]:
        # A broken catalog, a busy lock...: the one-line message says what and where.
        return _error(status_for(error), user_message(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        description = error.description
        if not description or description == type(error).description:
            description = _DEFAULT_DESCRIPTIONS.get(error.code or 500, _DEFAULT_DESCRIPTIONS[500])
        return _error(error.code or 500, gettext(description))


def status_for(error: WorkflowError) -> int:
    """The HTTP status of a core error: 503 while the history is not ready (try again
    soon), 507 when the disk is full, 500 for anything else."""
    if isinstance(error, NotReady):
        return 503
    if isinstance(error, DiskFull):
        return 507
    return 500


def _error(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, message=message), status
