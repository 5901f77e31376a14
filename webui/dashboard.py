"""The dashboard: every statement and its progress per language."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, render_template
from flask_babel import gettext as _

from workflow.collab import open_questions
from workflow.errors import WorkflowError
from workflow.languages import get_language
from workflow.statement import Statement, list_statements
from workflow.status import statement_status

from .auth import current_user, login_required
from .i18n import progress_words

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
        record["open_questions"] = question_records(statement, list(record["languages"]))
        records.append(record)
    return records


def question_records(statement: Statement, langs: list[str]) -> list[dict[str, Any]]:
    """The statement's open questions in ``langs``, each with where it is asked."""
    return [
        {"lang": q.lang, "unit": q.unit} | q.as_json() for q in open_questions(statement, langs)
    ]


@bp.get("/")
@login_required
def index() -> str:
    """Statements, newest first, with progress in the languages the user works in."""
    records = visible_status()
    codes = {code for record in records for code in record["languages"]}
    names = {code: (get_language(code).native_name, get_language(code).direction) for code in codes}
    totals = [counts["total"] for record in records for counts in record["languages"].values()]
    return render_template(
        "dashboard/index.html", records=records, names=names, words=progress_words(totals)
    )


@bp.get("/s/<slug>/")
@login_required
def statement(slug: str) -> str:
    """One statement: its languages, their progress and (for editors) what to do next."""
    try:
        item = Statement.load(root(), slug)
    except WorkflowError:
        abort(404, _("There is no statement “%(slug)s”.", slug=slug))
    user = current_user()
    assert user is not None
    record = statement_status(item)
    if not user.is_editor:
        record["languages"] = {k: v for k, v in record["languages"].items() if k in user.langs}
    record["open_questions"] = question_records(item, list(record["languages"]))
    totals = [counts["total"] for counts in record["languages"].values()]
    return render_template(
        "dashboard/statement.html", statement=item, record=record, words=progress_words(totals)
    )
