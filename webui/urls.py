"""Absolute links (login links, published pages to share) from the configured base URL.

Never from the request's ``Host`` header: anyone can send a request naming another host,
and a link built from it would send a volunteer elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from workflow.team.links import base_url, check_base_url


def site_base() -> str:
    """The review UI's address: the app's ``BASE_URL`` (or ``$STATEMENTS_BASE_URL``),
    ``base_url`` in workflow.toml, then the address the server listens on."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return check_base_url(str(configured))
    return base_url(
        Path(current_app.config["STATEMENTS_ROOT"]), current_app.config.get("LISTEN_URL")
    )


def absolute(path: str) -> str:
    """``path`` (from ``url_for``) as a link that works from another machine."""
    return site_base() + path
