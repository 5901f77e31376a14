"""Security headers, error pages and the login rate limiter."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workflow.errors import WorkflowError
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
        return _error(500, user_message(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        description = error.description
        if not description or description == type(error).description:
            description = _DEFAULT_DESCRIPTIONS.get(error.code or 500, _DEFAULT_DESCRIPTIONS[500])
        return _error(error.code or 500, gettext(description))


def _error(status: int, message: str) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), status
    return render_template("error.html", status=status, message=message), status


class RateLimiter:
    """At most ``limit`` failures per ``window`` seconds per client address (per process)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked(self, key: str) -> bool:
        """Whether this client has failed too often lately."""
        with self._lock:
            return len(self._trim(key, time.monotonic())) >= self.limit

    def fail(self, key: str) -> None:
        """Count one failure."""
        with self._lock:
            now = time.monotonic()
            self._trim(key, now).append(now)
