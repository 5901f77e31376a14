"""The review UI: a Flask app over the :mod:`workflow` core.

``create_app(config)`` takes a mapping with at least ``STATEMENTS_ROOT`` (the translations
folder) and ``INSTANCE_DIR`` (users, hashed tokens, the secret key; outside git).
Flask and the blueprints are imported when an app is made, not with this package: the
``statements`` command loads :mod:`webui.server` for its ``serve`` subcommand on every run.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides settings (tests pass temporary folders)."""
    from flask import Flask, send_from_directory
    from flask_wtf.csrf import CSRFProtect

    from workflow.config import default_root
    from workflow.team.users import default_instance, secret_key

    from . import (
        api,
        auth,
        collab_api,
        dashboard,
        editor,
        glossary,
        i18n,
        messages,
        offline,
        published,
        review,
        security,
        together,
    )

    app = Flask(__name__)
    settings = dict(config or {})
    root = Path(settings.get("STATEMENTS_ROOT") or default_root()).resolve()
    instance = Path(settings.get("INSTANCE_DIR") or default_instance()).resolve()
    app.config.update(
        STATEMENTS_ROOT=root,
        INSTANCE_DIR=instance,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=os.environ.get("STATEMENTS_HTTPS") == "1",
        SESSION_COOKIE_NAME="statements_session",
        PERMANENT_SESSION_LIFETIME=60 * 60 * 24 * 30,
        # Requests that run side by side (the outbox, the offline copies, presence) would each
        # write the cookie back as they read it, and drop a message ("Accepted.") set meanwhile.
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=5 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        LOGIN_RATE_LIMIT=(10, 300),
        # Behind a reverse proxy: how many proxies set X-Forwarded-For (0: none, trust nothing).
        PROXY_FIX=int(os.environ.get("STATEMENTS_PROXIES") or 0),
        BASE_URL=os.environ.get("STATEMENTS_BASE_URL", ""),
    )
    app.config.update(settings)
    app.config["STATEMENTS_ROOT"] = Path(app.config["STATEMENTS_ROOT"]).resolve()
    app.config["INSTANCE_DIR"] = Path(app.config["INSTANCE_DIR"]).resolve()
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.config["INSTANCE_DIR"])
    if app.config["PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    security.init_app(app)
    auth.init_app(app)
    # After the user is loaded: a refused form is explained in that user's language.
    CSRFProtect(app)
    i18n.init_app(app)
    messages.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(review.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(glossary.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(published.bp)
    app.register_blueprint(collab_api.bp)
    app.register_blueprint(together.bp)
    app.register_blueprint(offline.bp)

    @app.get("/favicon.ico")
    def favicon() -> Any:
        # Browsers ask for it on every page, published ones included.
        return send_from_directory(
            Path(app.root_path) / "static", "favicon.svg", mimetype="image/svg+xml", max_age=86400
        )

    return app


__all__ = ["create_app"]
