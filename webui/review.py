"""Reviewing one language of a statement, unit by unit (works with and without JavaScript)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from workflow.catalog.diff import word_diff
from workflow.catalog.state import STATES
from workflow.catalog.statement import Statement
from workflow.config import load_config
from workflow.errors import WorkflowError
from workflow.fileio import DiskFull
from workflow.git.history import NotReady
from workflow.mt.cache import TranslationCache
from workflow.mt.memory import TranslationMemory
from workflow.mt.pretranslate import CACHE_NAME
from workflow.publishing.publish import gate_holds
from workflow.quality.checks import context_for
from workflow.team.review import (
    MAX_TRANSLATION,
    BadInput,
    Conflict,
    Forbidden,
    NotFound,
    accept,
    blocking,
    find_entry,
    findings_for,
    load_statement,
    save_unit,
    unit_views,
)
from workflow.team.teamwork import current_entry
from workflow.team.unithistory import unit_history

from .answers import refuse, saved_by
from .auth import current_user, login_required
from .dashboard import hold_groups
from .i18n import STATES as STATE_LABELS
from .i18n import label, language_in_interface, translate
from .messages import user_message
from .security import status_for
from .unitextras import together

bp = Blueprint("review", __name__)
OPEN_STATES = ("untranslated", "machine", "outdated", "draft", "changed")


def open_language(slug: str, lang: str) -> Statement:
    """The statement for a review page, checking that the user works in ``lang``."""
    try:
        statement = load_statement(current_app.config["STATEMENTS_ROOT"], slug, lang)
    except NotFound as exc:
        abort(404, user_message(exc))
    user = current_user()
    if user is None or not user.can_edit(lang):
        abort(
            403,
            _(
                "You do not work on the %(language)s translation.",
                language=language_in_interface(lang),
            ),
        )
    return statement


def views_for(statement: Statement, lang: str) -> list[dict[str, Any]]:
    """Unit views with machine suggestions from the cache where a person replaced them."""
    path = statement.root / CACHE_NAME
    cache = TranslationCache(path if path.exists() else None)
    try:
        return unit_views(statement, lang, cache)
    finally:
        cache.close()


def open_states(lang: str) -> tuple[str, ...]:
    """The states of the units that still need the current user's work in ``lang``: for
    those who approve, translated units too (they wait for approval)."""
    user = current_user()
    if user is not None and user.can_approve(lang):
        return (*OPEN_STATES, "translated")
    return OPEN_STATES


def next_open(
    views: list[dict[str, Any]], after: str | None, states: tuple[str, ...] = OPEN_STATES
) -> dict[str, Any] | None:
    """The next unit (after ``after``, wrapping round) in one of ``states``."""
    start = next((i for i, v in enumerate(views) if v["id"] == after), -1) + 1
    for view in views[start:] + views[:start]:
        if view["state"] in states and view["id"] != after:
            return view
    return None


@bp.get("/s/<slug>/<lang>/")
@login_required
def units(slug: str, lang: str) -> str:
    """Every unit of one language, filterable by state."""
    statement = open_language(slug, lang)
    views = views_for(statement, lang)
    wanted = request.args.get("state", "")
    if wanted and wanted not in STATES and wanted != "open":
        abort(400, _("There is no state “%(state)s”.", state=wanted))
    counts = {state: sum(1 for v in views if v["state"] == state) for state in STATES}
    open_now = open_states(lang)
    # What the checks found that holds the language back, even with every unit approved
    # (none shown when the settings' gate is wrong: the editor's page and publish say so).
    try:
        holds = gate_holds(statement, lang, load_config(statement.root))
    except WorkflowError:
        holds = []
    errors = [hold for hold in holds if hold.check]
    shown = [
        v
        for v in views
        if not wanted or v["state"] == wanted or (wanted == "open" and v["state"] in open_now)
    ]
    return render_template(
        "review/units.html",
        statement=statement,
        lang=lang,
        units=shown,
        counts=counts,
        wanted=wanted,
        states=STATES,
        first_open=next_open(views, None, open_now),
        approving="translated" in open_now,
        blocked=hold_groups(errors),
        blocked_units={hold.unit for hold in errors},
    )


@bp.get("/s/<slug>/<lang>/u/<unit_id>")
@login_required
def unit(slug: str, lang: str, unit_id: str, typed: str | None = None) -> str:
    """One unit: the source, the translation box, the suggestion, what changed."""
    statement = open_language(slug, lang)
    views = views_for(statement, lang)
    view = next((v for v in views if v["id"] == unit_id), None)
    if view is None:
        abort(404, _("There is no unit “%(unit)s” in this statement.", unit=unit_id))
    position = views.index(view) + 1
    if typed is not None:
        view = {**view, "translation": typed}
    ctx = context_for(statement, lang, load_config(statement.root).allowed)
    findings = unit_findings(statement, lang, unit_id)
    terms = ctx.glossary.found_in(view["source"], lang) if ctx.glossary else []
    memory = [
        (match, word_diff(match.entry.source, view["source"]))
        for match in TranslationMemory.cached(statement.root).search(view["source"], lang, limit=3)
        if not (match.entry.slug == statement.slug and match.entry.source == view["source"])
    ]
    return render_template(
        "review/unit.html",
        statement=statement,
        lang=lang,
        unit=view,
        position=position,
        total=len(views),
        next_unit=next_open(views, unit_id, open_states(lang)),
        findings=findings,
        terms=terms,
        memory=memory,
        extra=together(statement, lang, view),
        history=unit_history(statement, lang, current_entry(statement, lang, unit_id)),
        max_translation=MAX_TRANSLATION,
    )


def unit_findings(statement: Statement, lang: str, unit_id: str) -> list[dict[str, Any]]:
    """The findings on one unit as it is on disk now."""
    entry = find_entry(statement.cached_catalog(lang), unit_id)
    return findings_for(statement, lang, entry)


def findings_notice(saved: dict[str, Any], reviewer: bool) -> str | None:
    """Flash what the checks found in a saved unit that nobody accepted (an error, else a
    warning; to a ``reviewer``, who can accept a finding, or to a translator, who asks one
    to), and say which: ``"error"``, ``"warning"``, or None when they found nothing."""
    errors = blocking(saved["findings"])
    warnings = [
        item
        for item in saved["findings"]
        if item["severity"] == "warning" and "accepted" not in item
    ]
    state = label(STATE_LABELS, saved["state"])
    if errors:
        message = translate(errors[0]["template"], errors[0]["params"])
        if reviewer:
            said = _(
                "Saved as %(state)s, but a check found an error: %(message)s Fix it, or accept "
                "the finding below with a reason.",
                state=state,
                message=message,
            )
        else:
            said = _(
                "Saved as %(state)s, but a check found an error: %(message)s Fix it, or ask a "
                "reviewer to accept it.",
                state=state,
                message=message,
            )
        flash(said, "error")
        return "error"
    if warnings:
        flash(
            _(
                "Saved as %(state)s. Please look at this: %(message)s",
                state=state,
                message=translate(warnings[0]["template"], warnings[0]["params"]),
            ),
            "warning",
        )
        return "warning"
    return None


def _findings_flash(saved: dict[str, Any], reviewer: bool) -> bool:
    """Flash what a save did; True when the unit has an error nobody accepted."""
    found = findings_notice(saved, reviewer)
    if found is None:
        flash(_("Saved as %(state)s.", state=label(STATE_LABELS, saved["state"])), "ok")
    return found == "error"


@bp.post("/s/<slug>/<lang>/u/<unit_id>/accept")
@login_required
def accept_finding(slug: str, lang: str, unit_id: str) -> Any:
    """Accept one finding on purpose, from the form under the finding."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    payload = {
        "check": request.form.get("check", ""),
        "reason": request.form.get("reason", ""),
        "revision": request.form.get("revision", ""),
    }
    try:
        accept(statement, lang, unit_id, payload, user)
    except Conflict:
        flash(
            _("Someone saved this unit meanwhile: look at the text again before accepting."),
            "error",
        )
    except (Forbidden, NotFound) as exc:
        refuse(exc)
    except BadInput as exc:
        flash(user_message(exc), "error")
    else:
        flash(_("Accepted: this finding no longer holds the language back."), "ok")
    return redirect(url_for("review.unit", slug=slug, lang=lang, unit_id=unit_id))


@bp.post("/s/<slug>/<lang>/u/<unit_id>")
@login_required
def save(slug: str, lang: str, unit_id: str) -> Any:
    """Save from the form (the page's JavaScript uses the API instead)."""
    statement = open_language(slug, lang)
    user = current_user()
    assert user is not None
    payload = {
        "translation": request.form.get("translation", ""),
        "state": request.form.get("state", "draft"),
        "revision": request.form.get("revision", ""),
    }
    try:
        saved = save_unit(statement, lang, unit_id, payload, user)
    except Conflict as exc:
        return render_template(
            "review/conflict.html",
            statement=statement,
            lang=lang,
            mine=payload,
            theirs=exc.current,
            saved=saved_by(exc.current),
            unit_id=unit_id,
        ), 409
    except (Forbidden, NotFound) as exc:
        refuse(exc)
    except BadInput as exc:
        flash(user_message(exc), "error")
        return redirect(url_for("review.unit", slug=slug, lang=lang, unit_id=unit_id))
    except (NotReady, DiskFull) as exc:
        # Nothing was saved: show the page again with the text the person typed.
        flash(_("Not saved: %(error)s", error=user_message(exc)), "error")
        return unit(slug, lang, unit_id, typed=payload["translation"]), status_for(exc)
    has_error = _findings_flash(saved, user.can_approve(lang))
    if payload["state"] != "draft" and not has_error:
        following = next_open(views_for(statement, lang), unit_id, open_states(lang))
        if following is not None:
            return redirect(url_for("review.unit", slug=slug, lang=lang, unit_id=following["id"]))
        return redirect(url_for("review.units", slug=slug, lang=lang))
    return redirect(url_for("review.unit", slug=slug, lang=lang, unit_id=unit_id))
