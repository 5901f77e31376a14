"""The dashboard: every statement and its progress per language."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template

from workflow.errors import WorkflowError
from workflow.history import problem
from workflow.languages import get_language
from workflow.statement import Statement, list_statements
from workflow.status import statement_status

from .auth import current_user, login_required

bp = Blueprint("dashboard", __name__)


def root() -> Any:
    """The translations folder this app serves."""
    return current_app.config["STATEMENTS_ROOT"]


@bp.app_template_global()
def language(code: str) -> Any:
    """Language facts for templates (name, direction)."""
    return get_language(code)


def visible_status() -> list[dict[str, Any]]:
    """Every statement's status in the languages the current user works in (all: editors)."""
    user = current_user()
    assert user is not None
    records = []
    for statement in list_statements(root()):
        record = statement_status(statement)
        if not user.is_editor:
            record["languages"] = {k: v for k, v in record["languages"].items() if k in user.langs}
            if not record["languages"]:
                continue
        records.append(record)
    return records


@bp.get("/")
@login_required
def index() -> str:
    """Statements, newest first, with progress in the languages the user works in."""
    records = visible_status()
    codes = {code for record in records for code in record["languages"]}
    names = {code: (get_language(code).native_name, get_language(code).direction) for code in codes}
    user = current_user()
    history = problem(root()) if user is not None and user.is_editor else None
    return render_template(
        "dashboard/index.html", records=records, names=names, history_problem=history
    )


@bp.get("/s/<slug>/")
@login_required
def statement(slug: str) -> str:
    """One statement: its languages, their progress and (for editors) what to do next."""
    try:
        item = Statement.load(root(), slug)
    except WorkflowError:
        abort(404, f"There is no statement {slug!r}.")
    user = current_user()
    assert user is not None
    if not user.is_editor and not set(item.meta.languages) & set(user.langs):
        abort(404, f"There is no statement {slug!r}.")
    record = statement_status(item)
    if not user.is_editor:
        record["languages"] = {k: v for k, v in record["languages"].items() if k in user.langs}
    return render_template("dashboard/statement.html", statement=item, record=record)
