"""Logging in from a one-time link; who the current user is; role checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from workflow.users import User, UserStore

from .security import RateLimiter

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


def store() -> UserStore:
    """The user store of this app's instance folder."""
    return UserStore(current_app.config["INSTANCE_DIR"])


def init_app(app: Flask) -> None:
    """Load the current user before each request; expose it to templates."""
    limit, window = app.config["LOGIN_RATE_LIMIT"]
    app.extensions["login_limiter"] = RateLimiter(limit, window)

    @app.before_request
    def load_user() -> None:
        g.user = None
        name = session.get("user")
        if name:
            user = store().get(name)
            if user is not None and session.get("v") == user.session_version:
                g.user = user
            else:
                session.clear()

    @app.context_processor
    def inject_user() -> dict[str, Any]:
        return {"current_user": g.get("user")}


def current_user() -> User | None:
    """The logged-in user, if any."""
    return cast(User | None, g.get("user"))


def login_required(view: F) -> F:
    """Pages for logged-in users only (others see how to get a link)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            if request.path.startswith("/api/"):
                abort(401, _("Log in first: open the link your editor gave you."))
            return render_template("auth/needed.html"), 401
        return view(*args, **kwargs)

    return cast(F, wrapped)


def editor_required(view: F) -> F:
    """Pages for editors only."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None or not user.is_editor:
            abort(403, _("Only editors can do this."))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def _client() -> str:
    return request.remote_addr or "unknown"


@bp.get("/login/<token>")
def login_page(token: str) -> Any:
    """The page a login link opens: it asks to continue, so link previews use nothing up.

    A link that does not log in says why: used (and when), withdrawn, expired, or not a
    link of this site. Someone already logged in is not logged out by opening a link.
    """
    limiter: RateLimiter = current_app.extensions["login_limiter"]
    if limiter.blocked(_client()):
        abort(429, _("Too many attempts with invalid links; wait a few minutes and try again."))
    status = store().lookup(token) if len(token) < 200 else None
    if status is None or status.state != "open":
        limiter.fail(_client())
    user = current_user()
    if user is not None and status is not None and status.user.name == user.name:
        return redirect(url_for("dashboard.index"))
    if user is not None:
        owner = status.user.name if status is not None else None
        return render_template("auth/someone_else.html", owner=owner), 409
    if status is None:
        return render_template("auth/link.html", state="unknown", when=None), 403
    if status.state != "open":
        return render_template("auth/link.html", state=status.state, when=status.when), 403
    return render_template("auth/login.html", user=status.user, token=token)


@bp.post("/login/<token>")
def login(token: str) -> Any:
    """Use up the token and start a session."""
    limiter: RateLimiter = current_app.extensions["login_limiter"]
    if limiter.blocked(_client()):
        abort(429, _("Too many attempts with invalid links; wait a few minutes and try again."))
    user = store().redeem(token) if len(token) < 200 else None
    if user is None:
        limiter.fail(_client())
        status = store().lookup(token) if len(token) < 200 else None
        state = status.state if status is not None else "unknown"
        when = status.when if status is not None else None
        return render_template("auth/link.html", state=state, when=when), 403
    session.clear()
    session["user"] = user.name
    session["v"] = user.session_version
    session.permanent = True
    return redirect(url_for("dashboard.index"))


@bp.post("/logout")
def logout() -> Response:
    """End the session and clear what the site stored on this device (outbox, offline pages)."""
    session.clear()
    response = redirect(url_for("dashboard.index"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
