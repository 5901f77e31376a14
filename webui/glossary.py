"""The glossary page: everyone reads it; reviewers and editors propose and confirm terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from workflow.errors import WorkflowError
from workflow.quality.glossary import Glossary

from .auth import current_user, login_required
from .i18n import TERM_STATUSES, label, language_in_interface
from .messages import user_message

bp = Blueprint("glossary", __name__)


def _glossary() -> Glossary:
    glossary = Glossary(Path(current_app.config["STATEMENTS_ROOT"]))
    glossary.seed()
    return glossary


@bp.get("/glossary")
@login_required
def index() -> str:
    """Every term with its translation per language."""
    user = current_user()
    assert user is not None
    terms: dict[str, list[Any]] = {}
    for item in _glossary().terms():
        if user.is_editor or item.lang in user.langs:
            terms.setdefault(item.term, []).append(item)
    return render_template("glossary/index.html", terms=terms)


@bp.post("/glossary")
@login_required
def change() -> Any:
    """Propose a translation for a term, or confirm one (reviewers of that language)."""
    user = current_user()
    assert user is not None
    lang = request.form.get("lang", "")
    if not user.can_approve(lang):
        abort(403, _("Only reviewers of this language and editors can change the glossary."))
    term = request.form.get("term", "")
    try:
        if request.form.get("action") == "confirm":
            entry = _glossary().confirm(term, lang, author=user.name)
        else:
            entry = _glossary().set(
                term,
                lang,
                request.form.get("translation", ""),
                request.form.get("note", ""),
                confirm=request.form.get("confirm") == "1",
                author=user.name,
            )
        flash(
            _(
                "%(term)s in %(language)s: %(translation)s (%(status)s).",
                term=entry.term,
                language=language_in_interface(entry.lang),
                translation=entry.translation,
                status=label(TERM_STATUSES, entry.status),
            ),
            "ok",
        )
    except WorkflowError as exc:
        flash(user_message(exc), "error")
    return redirect(url_for("glossary.index"))
