"""The dashboard: every statement and its progress per language."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from typing import Any

from flask import Blueprint, abort, current_app, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from workflow.catalog.statement import Statement, list_statements
from workflow.catalog.status import statement_status
from workflow.config import load_config
from workflow.errors import WorkflowError
from workflow.git.history import problem
from workflow.languages import get_language
from workflow.mt.engine import ENGINES
from workflow.publishing.publish import Hold, gate_holds, publish_dir, published_versions
from workflow.team.collab import open_questions

from .auth import current_user, login_required
from .i18n import CHECK_NAMES, join_list, label, language_in_interface, progress_words
from .published import serving
from .urls import absolute

# The order in which the reasons a language is held back are listed: what to do first.
REASONS = ("untranslated", "machine", "draft", "outdated", "changed", "translated")
SHOWN_UNITS = 8

bp = Blueprint("dashboard", __name__)
MAX_CARDS = 4096
_CARDS: OrderedDict[tuple[str, str], Markup] = OrderedDict()
_CARDS_LOCK = threading.Lock()


def engine_choices(languages: list[str]) -> list[tuple[str, str]]:
    """The engines an editor can choose, each as its id and what the menu says: its
    product name, the statement's languages it cannot translate, and whether this server
    lacks the key it needs (the job would stop at once)."""
    choices = []
    for name, spec in ENGINES.items():
        shown = spec.label
        missing = [lang for lang in languages if lang not in spec.codes]
        if missing:
            shown += " · " + _(
                "not for %(languages)s",
                languages=join_list(language_in_interface(lang) for lang in missing),
            )
        if spec.key_env and name != "libre" and not os.environ.get(spec.key_env):
            shown += " · " + _("needs an API key on the server")
        choices.append((name, shown))
    return choices


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


def statement_card(
    record: dict[str, Any], names: dict[str, tuple[str, str]], words: dict[str, Any]
) -> Markup:
    """One statement's card on the dashboard, kept until its record or the interface
    language changes (with 300 statements, rendering every card took most of a page load)."""
    # Not sort_keys: the order of the languages is part of the card.
    key = (str(get_locale()), json.dumps(record, ensure_ascii=False, default=str))
    with _CARDS_LOCK:
        hit = _CARDS.get(key)
        if hit is not None:
            _CARDS.move_to_end(key)
            return hit
    macros = current_app.jinja_env.get_template("dashboard/_macros.html").module
    card = Markup(macros.card(record, names, words))  # type: ignore[attr-defined]
    with _CARDS_LOCK:
        _CARDS[key] = card
        while len(_CARDS) > MAX_CARDS:
            _CARDS.popitem(last=False)
    return card


@bp.get("/")
@login_required
def index() -> str:
    """Statements, newest first, with progress in the languages the user works in."""
    records = visible_status()
    codes = {code for record in records for code in record["languages"]}
    names = {code: (get_language(code).native_name, get_language(code).direction) for code in codes}
    user = current_user()
    history = problem(root()) if user is not None and user.is_editor else None
    totals = [counts["total"] for record in records for counts in record["languages"].values()]
    words = progress_words(totals)
    return render_template(
        "dashboard/index.html",
        records=records,
        cards=[statement_card(record, names, words) for record in records],
        history_problem=history,
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
    if not user.is_editor and not set(item.meta.languages) & set(user.langs):
        abort(404, _("There is no statement “%(slug)s”.", slug=slug))
    record = statement_status(item)
    if not user.is_editor:
        record["languages"] = {k: v for k, v in record["languages"].items() if k in user.langs}
    record["open_questions"] = question_records(item, list(record["languages"]))
    words = progress_words([counts["total"] for counts in record["languages"].values()])
    if not user.is_editor:
        return render_template(
            "dashboard/statement.html", statement=item, record=record, words=words
        )
    config = load_config(root())
    held = {}
    for lang in item.meta.languages:
        groups = hold_groups(gate_holds(item, lang, config))
        if groups:
            held[lang] = groups
    versions = published_versions(item, publish_dir(root()))
    served = serving(root())
    return render_template(
        "dashboard/statement.html",
        statement=item,
        record=record,
        words=words,
        held=held,
        # What "the project's setting" is, engine by engine, in the languages' order.
        default_engines=join_list(
            ENGINES[name].label if name in ENGINES else name
            for name in dict.fromkeys(map(config.engine_for, item.meta.languages))
        ),
        engines=engine_choices(item.meta.languages),
        versions=versions,
        served=served,
        share={
            lang: absolute(url_for("published.published_file", slug=slug, name=f"{lang}.html"))
            for lang in versions
        }
        if served
        else {},
    )


def reason_sentence(reason: str, count: int, check: str = "") -> str:
    """Why ``count`` units hold a language back, as a sentence for editors (``check``: the
    check whose errors hold them, when it is not their state)."""
    if check:
        return ngettext(
            "%(num)d unit has a %(check)s error",
            "%(num)d units have a %(check)s error",
            count,
            check=label(CHECK_NAMES, check),
        )
    if reason == "untranslated":
        return ngettext(
            "%(num)d unit is not translated yet", "%(num)d units are not translated yet", count
        )
    if reason == "machine":
        return ngettext(
            "%(num)d unit is a machine suggestion nobody has reviewed",
            "%(num)d units are machine suggestions nobody has reviewed",
            count,
        )
    if reason == "draft":
        return ngettext("%(num)d unit is a draft", "%(num)d units are drafts", count)
    if reason == "outdated":
        return ngettext(
            "%(num)d unit was translated before the source changed",
            "%(num)d units were translated before the source changed",
            count,
        )
    if reason == "changed":
        return ngettext(
            "%(num)d unit changed after it was approved",
            "%(num)d units changed after they were approved",
            count,
        )
    if reason == "translated":
        return ngettext(
            "%(num)d unit is translated but not approved",
            "%(num)d units are translated but not approved",
            count,
        )
    return ngettext("%(num)d unit is %(state)s", "%(num)d units are %(state)s", count, state=reason)


def first_words(text: str, count: int = 6) -> str:
    """The first words of a unit, to recognise it by (a title, a paragraph's opening)."""
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def hold_groups(holds: list[Hold]) -> list[dict[str, Any]]:
    """Holds grouped by reason (states first, in :data:`REASONS` order, then check errors),
    each with the first units to show and how many more there are."""
    by_reason: dict[str, list[Hold]] = {}
    for hold in holds:
        group = by_reason.setdefault(hold.reason, [])
        if all(other.unit != hold.unit for other in group):
            group.append(hold)
    order = sorted(
        by_reason,
        key=lambda reason: (REASONS.index(reason) if reason in REASONS else len(REASONS), reason),
    )
    return [
        {
            "reason": reason,
            "sentence": reason_sentence(reason, len(by_reason[reason]), by_reason[reason][0].check),
            "units": [
                {"hold": hold, "words": first_words(hold.source)}
                for hold in sorted(by_reason[reason], key=lambda h: h.number)[:SHOWN_UNITS]
            ],
            "more": max(0, len(by_reason[reason]) - SHOWN_UNITS),
        }
        for reason in order
    ]
