"""What the unit page and the API's unit add to a unit for working together."""

from __future__ import annotations

from typing import Any

from flask import current_app

from workflow.catalog.statement import Statement
from workflow.team import presence, teamwork

from .auth import current_user


def together(statement: Statement, lang: str, view: dict[str, Any]) -> dict[str, Any]:
    """What the API's unit and the unit page add to a unit: comments, proposals, the other
    languages and who else is working on it."""
    user = current_user()
    assert user is not None
    return teamwork.notes_view(statement, lang, view["id"], view["translation"]) | {
        "other_languages": teamwork.other_languages(statement, lang, view["source"]),
        "working": presence.working_on(
            current_app.config["INSTANCE_DIR"], statement.slug, lang, view["id"], user.name
        ),
    }
