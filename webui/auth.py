"""Logging in from a one-time link; who the current user is; role checks."""

from __future__ import annotations

import secrets
import time
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

from workflow.team.users import User, UserStore

from .guard import Guard
from .i18n import speak_to

bp = Blueprint("auth", __name__)
F = TypeVar("F", bound=Callable[..., Any])


def store() -> UserStore:
    """The user store of this app's instance folder."""
    return UserStore(current_app.config["INSTANCE_DIR"])


def init_app(app: Flask) -> None:
    """Load the current user before each request; expose it to templates."""
    limit, window = app.config["LOGIN_RATE_LIMIT"]
    app.extensions["login_guard"] = Guard(app.config["INSTANCE_DIR"], limit, window)

    @app.before_request
    def load_user() -> None:
        g.user = None
        name = session.get("user")
        if name:
            user = store().get(name)
            sid = session.get("sid")
            if (
                user is not None
                and session.get("v") == user.session_version
                and isinstance(sid, str)
                and not guard().ended(sid)
            ):
                g.user = user
                # The cookie is written only when the session changes (see create_app), so
                # a background request cannot overwrite a message a page is about to show;
                # a daily mark keeps the 30 days counting from the last visit.
                today = int(time.time() // 86400)
                if session.get("day") != today:
                    session["day"] = today
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


def guard() -> Guard:
    """Failed logins and ended sessions, shared by every server process."""
    return cast(Guard, current_app.extensions["login_guard"])


def _keys(token: str) -> list[str]:
    # By address (behind a proxy, the real one: see PROXY_FIX) and by the link's first
    # characters, so that neither many links from one place nor one link from many
    # places can be tried without limit.
    return [f"addr:{request.remote_addr or 'unknown'}", f"token:{token[:8]}"]


def _count_failure(token: str) -> None:
    """An unknown, used or expired link: count it, or 429 once there were too many."""
    keys = _keys(token)
    if guard().blocked(keys):
        abort(429, _("Too many attempts with invalid links; wait a few minutes and try again."))
    guard().fail(keys)


@bp.get("/login/<token>")
def login_page(token: str) -> Any:
    """The page a login link opens: it asks to continue, so link previews use nothing up.

    A valid link always works, however many invalid ones were tried before it. A link that
    does not log in says why: used (and when), withdrawn, expired, or not a link of this site.
    Someone already logged in is not logged out by opening a link.
    """
    status = store().lookup(token) if len(token) < 200 else None
    if status is None or status.state != "open":
        _count_failure(token)
    user = current_user()
    if user is None and status is not None and status.state == "open":
        speak_to(status.user)  # not for a used or withdrawn link: whoever holds it now
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
    user = store().redeem(token) if len(token) < 200 else None
    if user is None:
        _count_failure(token)
        status = store().lookup(token) if len(token) < 200 else None
        state = status.state if status is not None else "unknown"
        when = status.when if status is not None else None
        return render_template("auth/link.html", state=state, when=when), 403
    session.clear()
    session["user"] = user.name
    session["v"] = user.session_version
    session["sid"] = secrets.token_urlsafe(16)
    session.permanent = True
    return redirect(url_for("dashboard.index"))


@bp.post("/logout")
def logout() -> Response:
    """End the session on the server too (a copy of the cookie no longer logs in) and clear
    what the site stored on this device (outbox, offline pages)."""
    sid = session.get("sid")
    if isinstance(sid, str):
        guard().end_session(sid, current_app.permanent_session_lifetime.total_seconds())
    session.clear()
    response = redirect(url_for("dashboard.index"))
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
