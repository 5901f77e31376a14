"""How the core's refusals reach people: one mapping for the JSON API and the pages.

A stale revision is a 409 with the current text (the API) or the page's own conflict
choice; no right is 403, nothing there is 404, bad input is 400; each with one line in the
person's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import abort, jsonify

from workflow.errors import WorkflowError
from workflow.team.review import BadInput, Conflict, Forbidden, NotFound

from .i18n import date_label
from .messages import user_message

T = TypeVar("T")
STATUS: dict[type[WorkflowError], int] = {Forbidden: 403, NotFound: 404, BadInput: 400}
CURRENT = ("translation", "state", "revision", "translated_by", "approved_by")


def refuse(error: WorkflowError) -> NoReturn:
    """Answer with the status that ``error`` stands for, and its one line."""
    for kind, status in STATUS.items():
        if isinstance(error, kind):
            abort(status, user_message(error))
    raise error


def conflict_json(error: Conflict) -> tuple[Any, int]:
    """The API's 409: the error and the unit as it is now, with who saved it last
    (``saved_by``, the reviewer of an approved text) and when (``saved_on``, ISO, and
    ``saved_on_shown``, the day as the interface writes it)."""
    current = error.current
    shown = {key: current.get(key) for key in CURRENT}
    shown["saved_by"], shown["saved_on"] = saved_by(current)
    shown["saved_on_shown"] = date_label(shown["saved_on"]) if shown["saved_on"] else None
    return jsonify({"error": user_message(error), "current": shown}), 409


def saved_by(current: dict[str, Any]) -> tuple[str | None, str | None]:
    """Who saved a refused unit last and when: from its history where the refusal found it
    there, else from its records (nobody for a draft, which has none of its own)."""
    if current.get("saved_by"):
        return current["saved_by"], current.get("saved_on")
    if current.get("state") == "draft":
        return None, None  # its records are the text before, not this draft's
    mark = "approved" if current.get("state") == "approved" else "translated"
    return current.get(f"{mark}_by_name"), current.get(f"{mark}_on")


def api_call(action: Callable[[], T]) -> T | tuple[Any, int]:
    """Run a core action for the API: its result, or the answer to its refusal."""
    try:
        return action()
    except Conflict as exc:
        return conflict_json(exc)
    except (Forbidden, NotFound, BadInput) as exc:
        refuse(exc)
