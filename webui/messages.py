"""Messages from the core as people in the browser should read them.

The core's messages are written for the command line: they may name options (``--slug``)
and server paths. In the browser an error carries its browser wording when it has one
(:class:`workflow.errors.UsageError`), and paths are shown from the project folder
(``translations/gaza/ar.po:12``), never as the server's absolute paths.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app, has_request_context

from workflow.i18n import render

from .i18n import error_text, translate


def server_folders() -> list[Path]:
    """The folders whose paths are not shown (the app's project and instance folders)."""
    return [
        Path(current_app.config["STATEMENTS_ROOT"]).parent,
        Path(current_app.config["INSTANCE_DIR"]).parent,
    ]


def user_message(error: Exception, folders: list[Path] | None = None) -> str:
    """``error`` as one line for the browser (``folders``: outside a request)."""
    browser = getattr(error, "browser", None)
    if not has_request_context():  # a background job: English, as its status is stored
        text = render(browser, getattr(error, "params", {})) if browser else str(error)
    elif isinstance(browser, str):
        text = translate(browser, getattr(error, "params", None))
    else:
        text = error_text(error)
    for folder in sorted(
        folders or server_folders(), key=lambda path: len(str(path)), reverse=True
    ):
        if str(folder) != os.sep:
            text = text.replace(str(folder) + os.sep, "")
    return text
