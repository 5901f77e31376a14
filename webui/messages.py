"""Messages from the core as people in the browser should read them.

The core's messages are written for the command line: they may name options (``--slug``)
and server paths. In the browser an error carries its browser wording when it has one
(:class:`workflow.errors.UsageError`), and paths are shown from the project folder
(``translations/gaza/ar.po:12``), never as the server's absolute paths.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, get_flashed_messages, request
from werkzeug.wrappers import Response

from .i18n import translate


def server_folders() -> list[Path]:
    """The folders whose paths are not shown (the app's project and instance folders)."""
    return [
        Path(current_app.config["STATEMENTS_ROOT"]).parent,
        Path(current_app.config["INSTANCE_DIR"]).parent,
    ]


def browser_template(error: Exception) -> str | None:
    """The template ``error`` is shown with in the browser (its browser wording when it has
    one), or None for an error that is not the core's."""
    browser = getattr(error, "browser", None)
    if isinstance(browser, str):
        return browser
    template = getattr(error, "template", None)
    return template if isinstance(template, str) else None


def without_paths(text: str, folders: list[Path] | None = None) -> str:
    """``text`` with the server's folders cut from the paths in it."""
    for folder in sorted(
        folders or server_folders(), key=lambda path: len(str(path)), reverse=True
    ):
        if str(folder) != os.sep:
            text = text.replace(str(folder) + os.sep, "")
    return text


def user_message(error: Exception) -> str:
    """``error`` as one line for the browser, in the interface language."""
    template = browser_template(error)
    text = translate(template, getattr(error, "params", None)) if template else str(error)
    return without_paths(text)


# A page that shows a message ("Saved.") says so: the service worker keeps no copy of it,
# which would show the message again, offline, days later.
MESSAGES_HEADER = "X-Statements-Messages"
KEEP_HEADER = "X-Statements-Keep"  # sent by the service worker's background copies


def page_messages() -> list[tuple[str, str]]:
    """The messages for the page being made: none for a background copy (the messages stay
    for the page the person is looking at)."""
    if request.headers.get(KEEP_HEADER):
        return []
    messages: list[tuple[str, str]] = get_flashed_messages(with_categories=True)  # type: ignore[assignment]
    if messages:
        g.page_messages = True
    return messages


def init_app(app: Flask) -> None:
    """Hand :func:`page_messages` to the templates and mark the pages that show messages."""

    @app.context_processor
    def inject_messages() -> dict[str, Any]:
        return {"page_messages": page_messages}

    @app.after_request
    def mark(response: Response) -> Response:
        if g.get("page_messages"):
            response.headers[MESSAGES_HEADER] = "1"
        return response
