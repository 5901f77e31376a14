"""The JSON body of an API request, refused in one line when it is unusable."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, request
from flask_babel import gettext as _

# A save is at most 20,000 characters; \uXXXX escapes take six bytes each.
MAX_JSON_BYTES = 256 * 1024


def json_body(required: bool = True) -> Any:
    """The request's JSON, or a 400 with a one-line reason (too large, malformed, too deep).

    Without ``required`` an empty body is ``None`` (actions whose body is optional)."""
    too_large = _("The request is too large (at most %(size)s KB).", size=MAX_JSON_BYTES // 1024)
    if (request.content_length or 0) > MAX_JSON_BYTES:
        abort(400, too_large)
    data = request.get_data(cache=False)
    if not data and not required:
        return None
    if not request.is_json:
        abort(400, _("Send the save as JSON."))
    if len(data) > MAX_JSON_BYTES:
        abort(400, too_large)
    try:
        return json.loads(data)
    except RecursionError:
        abort(400, _("The request's JSON is nested too deeply."))
    except (ValueError, UnicodeDecodeError):
        abort(400, _("The request is not valid JSON."))
