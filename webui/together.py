"""Working together from the pages (forms that work without JavaScript): comments and
questions, proposals and votes, restoring a version, and the search page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from workflow.catalog.search import MIN_QUERY
from workflow.catalog.search import search as find_text
from workflow.catalog.statement import list_statements
from workflow.team import teamwork
from workflow.team.review import BadInput, Conflict, Forbidden, NotFound

from .answers import refuse
from .auth import current_user, login_required
from .messages import user_message
from .review import findings_notice, open_language

bp = Blueprint("together", __name__)
UNIT = "/s/<slug>/<lang>/u/<unit_id>"
_DIFF_TAGS = {"delete": "del", "insert": "ins"}


@bp.app_template_filter("word_diff_html")
def word_diff_html(segments: list[tuple[str, str]]) -> Markup:
    """A word diff as escaped HTML with ``<del>`` and ``<ins>`` (one call, not a macro per
    segment: a busy unit page shows forty of them)."""
    parts = []
    previous = ""
    for op, text in segments:
        tag = _DIFF_TAGS.get(op)
        if op == "insert" and previous == "delete":
            # Apart: else the last letter of the old word joins the first of the new one in
            # Arabic script (and Latin words run together).
            parts.append(" ")
        parts.append(f"<{tag}>{escape(text)}</{tag}>" if tag else str(escape(text)))
        previous = op
    return Markup("".join(parts))


def _back(slug: str, lang: str, unit_id: str, anchor: str) -> Response:
    return redirect(url_for("review.unit", slug=slug, lang=lang, unit_id=unit_id) + anchor)


def _act(
    slug: str,
    lang: str,
    unit_id: str,
    anchor: str,
    done: str,
    action: Callable[[Any], Any],
    saves: bool = False,
) -> Response:
    """Run one action for the current user and go back to the unit with a message (and,
    for an action that ``saves`` a text, what the checks found in it)."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    try:
        result = action((statement, user))
    except Conflict:
        flash(
            _("Not saved: someone else changed this unit meanwhile. Look again and retry."), "error"
        )
        return _back(slug, lang, unit_id, "")
    except (Forbidden, NotFound) as exc:
        refuse(exc)
    except BadInput as exc:
        flash(user_message(exc), "error")
        return _back(slug, lang, unit_id, anchor)
    flash(done, "ok")
    if saves:
        findings_notice(result, user.can_approve(lang))
    return _back(slug, lang, unit_id, anchor)


@bp.post(UNIT + "/comments")
@login_required
def comment(slug: str, lang: str, unit_id: str) -> Response:
    """Ask, answer or remark."""
    payload: dict[str, Any] = {
        "text": request.form.get("text", ""),
        "reply_to": request.form.get("reply_to") or None,
    }
    if request.form.get("kind") == "remark":
        payload["question"] = False
    done = _("Answer added.") if payload["reply_to"] else _("Comment added.")
    return _act(
        slug,
        lang,
        unit_id,
        "#comments",
        done,
        lambda su: teamwork.comment(su[0], lang, unit_id, payload, su[1]),
    )


@bp.post(UNIT + "/comments/<cid>/resolve")
@login_required
def resolve(slug: str, lang: str, unit_id: str, cid: str) -> Response:
    """Mark a question resolved, or open it again."""
    resolved = request.form.get("resolved", "1") == "1"
    return _act(
        slug,
        lang,
        unit_id,
        "#comments",
        _("Marked resolved.") if resolved else _("Opened again."),
        lambda su: teamwork.resolve(su[0], lang, unit_id, cid, su[1], resolved),
    )


@bp.post(UNIT + "/proposals")
@login_required
def propose(slug: str, lang: str, unit_id: str) -> Response:
    """Propose another translation."""
    payload = {"translation": request.form.get("translation", "")}
    return _act(
        slug,
        lang,
        unit_id,
        "#proposals",
        _("Proposal added."),
        lambda su: teamwork.propose(su[0], lang, unit_id, payload, su[1]),
    )


@bp.post(UNIT + "/proposals/<pid>/vote")
@login_required
def vote(slug: str, lang: str, unit_id: str, pid: str) -> Response:
    """Vote for a proposal, or take the vote back."""
    undo = request.form.get("undo") == "1"
    return _act(
        slug,
        lang,
        unit_id,
        "#proposals",
        _("Vote taken back.") if undo else _("Vote counted."),
        lambda su: teamwork.vote(su[0], lang, unit_id, pid, su[1], undo),
    )


@bp.post(UNIT + "/proposals/<pid>/accept")
@login_required
def accept(slug: str, lang: str, unit_id: str, pid: str) -> Response:
    """Make a proposal the translation."""
    payload = {"revision": request.form.get("revision", "")}
    return _act(
        slug,
        lang,
        unit_id,
        "",
        _("Proposal accepted: it is the translation now."),
        lambda su: teamwork.accept(su[0], lang, unit_id, pid, payload, su[1]),
        saves=True,
    )


@bp.post(UNIT + "/proposals/<pid>/dismiss")
@login_required
def dismiss(slug: str, lang: str, unit_id: str, pid: str) -> Response:
    """Set a proposal aside."""
    return _act(
        slug,
        lang,
        unit_id,
        "#proposals",
        _("Proposal dismissed."),
        lambda su: teamwork.dismiss(su[0], lang, unit_id, pid, su[1]),
    )


@bp.post(UNIT + "/restore")
@login_required
def restore(slug: str, lang: str, unit_id: str) -> Response:
    """Save an earlier version again."""
    try:
        number = int(request.form.get("version", ""))
    except ValueError:
        abort(400, _("Choose a version to restore."))
    payload = {
        "version": number,
        "revision": request.form.get("revision", ""),
        "id": request.form.get("id") or None,
    }
    return _act(
        slug,
        lang,
        unit_id,
        "",
        _("Version restored: it is the translation now."),
        lambda su: teamwork.restore(su[0], lang, unit_id, payload, su[1]),
        saves=True,
    )


def search_languages(wanted: str) -> list[str] | None:
    """The languages a search covers: ``wanted`` if the user works in it, else all of theirs
    (None: every language, for editors)."""
    user = current_user()
    assert user is not None
    if wanted:
        if not user.can_edit(wanted):
            abort(403, _("You do not work on the %(lang)s translation.", lang=wanted))
        return [wanted]
    return None if user.is_editor else list(user.langs)


@bp.get("/search")
@login_required
def search() -> str:
    """The search page: a word or phrase in every statement, in the user's languages."""
    query = request.args.get("q", "").strip()
    wanted = request.args.get("lang", "")
    langs = search_languages(wanted)
    hits = find_text(current_app.config["STATEMENTS_ROOT"], query, langs) if query else []
    user = current_user()
    assert user is not None
    if user.is_editor:
        root = current_app.config["STATEMENTS_ROOT"]
        choices = sorted({code for s in list_statements(root) for code in s.meta.languages})
    else:
        choices = list(user.langs)
    return render_template(
        "together/search.html",
        choices=choices,
        query=query,
        wanted=wanted,
        hits=hits,
        too_short=bool(query) and len(query) < MIN_QUERY,
    )
