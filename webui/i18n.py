"""The language of the interface: Flask-Babel over the catalogs in ``webui/translations``.

English is the source language of the interface; ``ar``, ``ckb`` and ``kmr`` have catalogs.
The language of a request is, in order: the one the user chose (kept in the user store), the
one chosen before logging in (a cookie), the user's first working language when the
interface has it, the browser's ``Accept-Language``, English. The page of a login link still
to be used speaks to its owner as if they were logged in (:func:`speak_to`). Kurmanji is
``kmr`` here and ``ku`` for Babel's CLDR data (dates, numbers, plural rules), as everywhere
in the project.

The ``.mo`` files are compiled by ``make install``; a catalog whose ``.mo`` is missing or
older than its ``.po`` is compiled in memory when the app starts, so a fresh checkout or a
just-corrected translation works without a build step.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import Any, cast

from babel import Locale
from babel import dates as babel_dates
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import (
    Blueprint,
    Flask,
    current_app,
    g,
    redirect,
    request,
)
from flask_babel import Babel, Domain, format_date, format_decimal, gettext, ngettext, refresh
from jinja2 import pass_context
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from workflow.config import load_config
from workflow.errors import WorkflowError
from workflow.i18n import N_, EngineName, LanguageCode, Phrase
from workflow.languages import get_language
from workflow.mt.engine import ENGINES
from workflow.team.users import User, UserStore

log = logging.getLogger(__name__)
bp = Blueprint("i18n", __name__)

SOURCE = "en"
INTERFACE = ("en", "ar", "ckb", "kmr")
COOKIE = "statements_lang"
FOLDER = Path(__file__).parent / "translations"
DOMAIN = "messages"
# Browsers send CLDR's ``ku`` for Kurmanji.
_ACCEPT = {"en": "en", "ar": "ar", "ckb": "ckb", "kmr": "kmr", "ku": "kmr"}

STATES = {
    "untranslated": N_("untranslated"),
    "machine": N_("machine"),
    "outdated": N_("outdated"),
    "draft": N_("draft"),
    "changed": N_("changed"),
    "translated": N_("translated"),
    "approved": N_("approved"),
}
ROLES = {"translator": N_("translator"), "reviewer": N_("reviewer"), "editor": N_("editor")}
KINDS = {
    "title": N_("title"),
    "heading": N_("heading"),
    "paragraph": N_("paragraph"),
    "list-item": N_("list item"),
    "quote": N_("quote"),
    "table-cell": N_("table cell"),
}
TERM_STATUSES = {"proposed": N_("proposed"), "confirmed": N_("confirmed")}
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "hint": N_("hint")}
# What each check of workflow.quality.checks looks at, as a sentence names it ("2 units have
# a numbers error"); "empty" is the finding of a translation with no text.
CHECK_NAMES = {
    "numbers": N_("numbers"),
    "placeables": N_("links and markup"),
    "unchanged": N_("untranslated text"),
    "empty": N_("empty text"),
    "script": N_("script"),
    "bidi": N_("text direction"),
    "punctuation": N_("punctuation"),
    "length": N_("length"),
    "sentences": N_("sentences"),
    "dates": N_("dates"),
    "negation": N_("negation"),
    "glossary": N_("glossary"),
}
JOB_STATUSES = {
    "starting": N_("starting"),
    "running": N_("running"),
    "done": N_("done"),
    "failed": N_("failed"),
}
# What static/app.js says, handed to it by the page (``<script type="application/json">``).
SCRIPT_STRINGS = {
    "saving": N_("Saving…"),
    "saved": N_("Saved."),
    "savedDraft": N_("Saved as draft."),
    # Said on the next unit, which a save as translated or approved opens.
    "savedNext": N_("Saved as translated. Here is the next unit."),
    "approvedNext": N_("Approved. Here is the next unit."),
    "conflict": N_("Not saved: someone else changed this unit. Choose below."),
    # The same conflict when the other version is the volunteer's own (another tab, phone).
    "conflictSelf": N_(
        "Not saved: you saved this unit meanwhile, in another tab or on another device. "
        "Choose below."
    ),
    "conflictSelfTitle": N_("You saved this unit meanwhile, in another tab or on another device"),
    "otherVersion": N_("Your other version"),
    "takeOther": N_("Take the other version"),
    "theirsInBox": N_("Their version is in the box."),
    "savedBlocked": N_(
        "Saved, but a check found an error: fix it, or ask a reviewer to accept it."
    ),
    "savedBlockedReviewer": N_(
        "Saved, but a check found an error: fix it, or accept the finding below with a reason."
    ),
    "acceptedBy": N_("accepted by %(name)s on %(date)s: %(reason)s"),
    "jobLanguage": N_(
        "%(language)s: %(done)s of %(todo)s (%(new)s new, %(cached)s cached, "
        "%(memory)s from memory, %(failed)s failed)"
    ),
    # The outbox (issue 15): saves kept on the phone until the server has them.
    "waiting": N_("Saved on this phone, waiting to send."),
    "waitingNext": N_("Saved on this phone, waiting to send. You can go on with the next unit."),
    "nextNeedsConnection": N_(
        "Saved on this phone, waiting to send. The next unit needs a connection to open."
    ),
    "waitingPrevious": N_(
        "The last unit is saved on this phone and will be sent when you are back online. "
        "Here is the next one."
    ),
    "allSent": N_("All sent."),
    "notSent": N_("Not sent: %(reason)s"),
    # What the server would refuse whatever the connection: said at once, nothing queued.
    "emptyNotDraft": N_("an empty translation can only be saved as a draft"),
    "tooLong": N_("the translation is longer than %(limit)s characters"),
    "counter": N_("%(n)s waiting to send"),
    "counterProblem": N_("%(n)s not sent: open to see why"),
    "markWaiting": N_("waiting to send"),
    "markProblem": N_("not sent"),
    "markConflict": N_("needs your choice"),
    "savedBy": N_("Saved by %(name)s"),
    "savedByOn": N_("Saved by %(name)s on %(date)s"),
    "restored": N_("What you typed here before was restored (not saved yet)."),
    "noConnection": N_("No connection: nothing was sent. Try again when you are back online."),
    "needsLogin": N_(
        "Your login has ended: nothing was sent. What you wrote is kept here; open a new "
        "link from your editor, then send it again."
    ),
    "needsConnection": N_(
        "No connection: nothing was sent. What you wrote is kept here; send it again when "
        "you are back online."
    ),
    "reasonLogin": N_(
        "your login has ended. Your text is kept on this phone: copy it, or open a new link "
        "from your editor and it will be sent."
    ),
    "reasonOtherUser": N_(
        "this was saved by %(name)s on this phone; log in as %(name)s to send it."
    ),
    "reasonRemoved": N_("this unit is no longer in the statement (the text was amended)."),
    "reasonForbidden": N_("you may not change this translation any more."),
    "reasonStatus": N_("the server answered with error %(n)s."),
    "reasonStorage": N_(
        "this phone's storage is full, so the text could not be kept here either: copy it "
        "before you leave this page."
    ),
    "copied": N_("Copied."),
    "discardConfirm": N_("Delete this text from this phone? It was not sent."),
    "logoutConfirmPlain": N_(
        "Log out? To come back you will need a new login link from your editor."
    ),
    "logoutConfirm": N_(
        "Saves waiting to send: %(n)s. Logging out now deletes them from this phone. "
        "Log out anyway?"
    ),
    "logoutConfirmWritten": N_(
        "Not sent yet: %(n)s saves, comments or proposals written on this phone. Logging "
        "out now deletes them from it. Log out anyway?"
    ),
}


def load_catalogs(folder: Path = FOLDER) -> dict[str, Translations]:
    """The compiled catalog of every interface language that has one."""
    catalogs: dict[str, Translations] = {}
    for code in INTERFACE:
        po = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po.exists():
            continue
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            with mo.open("rb") as handle:
                catalogs[code] = Translations(handle, domain=DOMAIN)
            continue
        log.info("%s is missing or older than its .po; compiling it in memory", mo.name)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=get_language(code).locale, domain=DOMAIN)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[code] = Translations(buffer, domain=DOMAIN)
    return catalogs


_NULL = NullTranslations()


class InterfaceDomain(Domain):
    """Flask-Babel's domain with catalogs loaded once, looked up by our language code."""

    def __init__(self, catalogs: Mapping[str, Translations]) -> None:
        super().__init__(domain=DOMAIN)
        self.catalogs = dict(catalogs)

    def get_translations(self) -> Translations | NullTranslations:
        """The catalog of the request's interface language (none for English)."""
        if "interface_translations" not in g:
            g.interface_translations = self.catalogs.get(interface_language()) or _NULL
        return g.interface_translations


def _from_accept_language() -> str | None:
    best = request.accept_languages.best_match(list(_ACCEPT))
    return _ACCEPT.get(best) if best else None


def interface_language() -> str:
    """The interface language of this request (see the module's docstring for the order)."""
    if "interface_language" in g:
        return str(g.interface_language)
    chosen = ""
    user = g.get("user") or g.get("link_user")
    if user is not None and user.interface in INTERFACE:
        chosen = user.interface
    if not chosen and request.cookies.get(COOKIE) in INTERFACE:
        chosen = request.cookies[COOKIE]
    if not chosen and user is not None:
        chosen = next((code for code in user.langs if code in INTERFACE), "")
    chosen = chosen or _from_accept_language() or SOURCE
    g.interface_language = chosen
    return chosen


def speak_to(user: User) -> None:
    """Speak to ``user`` (a login link's owner, not logged in yet) as to them once logged in:
    the first page a volunteer sees is then in their language, not their phone's English."""
    g.link_user = user
    for kept in ("interface_language", "interface_translations", "interface_dates"):
        g.pop(kept, None)  # worked out for the language before
    refresh()  # Flask-Babel keeps the locale it found first in this request


def interface_locale() -> Locale:
    """Babel's locale for the interface language (``ar_IQ``, ``ckb_IQ``, ``ku``, ``en``)."""
    return get_language(interface_language()).locale


def language_name(code: str) -> str:
    """A language's own name (العربية, کوردیی ناوەندی, Kurdî (Kurmancî)...); the code if unknown."""
    try:
        return get_language(code).native_name
    except WorkflowError:
        return code


def language_in_interface(code: str) -> str:
    """A language's name in the interface language ("الإنجليزية" in an Arabic interface), as
    a sentence names it; its own name where CLDR has none, the code if unknown."""
    try:
        return get_language(code).name_in(get_language(interface_language()))
    except WorkflowError:
        return code


def date_label(value: Any) -> str:
    """An ISO date, a timestamp or a date as the interface locale writes a day (Iraqi months
    in Arabic); a moment's day is the one in the project's time zone. Anything else is shown
    as it is."""
    day = _day(value)
    if day is None:
        return str(value)
    shown: dict[date, str] = g.setdefault("interface_dates", {})
    if day not in shown:
        shown[day] = str(format_date(day, "long"))
    return shown[day]


def time_label(value: Any) -> str:
    """A moment (``2026-12-04T01:46:00Z``, ``2026-12-04 01:46`` or a datetime; UTC unless
    it says otherwise) as the interface locale writes a day and its time, to the minute, in
    the project's time zone (``timezone`` in workflow.toml): the day as :func:`date_label`
    writes it and the time in the locale's short form, joined as CLDR joins them
    ("4 كانون الأول 2026، 4:46 ص"). A date alone is :func:`date_label`'s; anything else is
    shown as it is."""
    when = _moment(value)
    if when is None:
        return date_label(value)
    locale = interface_locale()
    clock = babel_dates.format_time(when, "short", locale=locale)
    joined = locale.datetime_formats.get("medium", "{1} {0}")
    day = date_label(when.date())  # the day already in the zone: not converted again
    return str(joined).replace("'", "").replace("{0}", clock).replace("{1}", day)


def _moment(value: Any) -> datetime | None:
    """A moment in the project's time zone (naive, as Babel writes it); None for a day alone
    or anything that is not a moment."""
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date) or len(str(value)) <= 10:
        return None
    else:
        try:
            when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            return None
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return aware.astimezone(_time_zone()).replace(tzinfo=None)


def _day(value: Any) -> date | None:
    """The day of a date, an ISO date or a moment (in the project's time zone)."""
    when = _moment(value)
    if when is not None:
        return when.date()
    if isinstance(value, date):
        return value
    if len(str(value)) != 10:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _time_zone() -> tzinfo:
    """The project's time zone for this request (UTC when its settings cannot be read:
    the page that needs them says so)."""
    if "interface_zone" not in g:
        try:
            g.interface_zone = load_config(Path(current_app.config["STATEMENTS_ROOT"])).zone
        except WorkflowError:
            g.interface_zone = UTC
    return cast(tzinfo, g.interface_zone)


# CLDR has no list patterns for Sorani (Babel falls back to "A, B, C" with Latin commas);
# Sorani writes "A، B و C", as Kurdish style guides and the Sorani press do.
SORANI_LIST = {"ckb": ("، ", " و ")}


def join_list(items: Iterable[Any]) -> Markup:
    """Items joined as the interface locale joins a list ("A وB وC" in Arabic, "A, B, and C"
    in English), each escaped unless it is markup already (a name in its ``<bdi>``)."""
    shown = [escape(item) for item in items]
    marks = [f"\x00{number}\x00" for number in range(len(shown))]
    locale = interface_locale()
    if locale.language in SORANI_LIST and len(marks) > 1:
        comma, conjunction = SORANI_LIST[locale.language]
        joined = escape(comma.join(marks[:-1]) + conjunction + marks[-1])
    else:
        joined = escape(format_list(marks, locale=locale))
    for mark, item in zip(marks, shown, strict=True):
        joined = joined.replace(mark, item)
    return Markup(joined)


def count(value: Any) -> str:
    """A number the interface locale's way (Latin digits; small counts without Babel's cost)."""
    if isinstance(value, int) and not isinstance(value, bool) and -1000 < value < 1000:
        return str(value)
    return str(format_decimal(value))


def _formatted(value: Any) -> Any:
    if isinstance(value, Phrase):
        return str(gettext(value))
    if isinstance(value, LanguageCode):
        return language_in_interface(value)
    if isinstance(value, EngineName):
        return ENGINES[value].label if value in ENGINES else str(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return count(value)


def translate(template: str, params: Mapping[str, Any] | None = None) -> str:
    """A message of the core (a marked template and its parameters) in the interface language.

    Numbers among the parameters are written the interface locale's way.
    """
    text = str(gettext(template))
    if not params:
        return text
    return text % {key: _formatted(value) for key, value in params.items()}


def public_findings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings as the API gives them: the message in the interface language, and the day
    of an acceptance as the interface writes it (``shown_date``) beside its ISO ``date``."""
    shown = []
    for finding in findings:
        item: dict[str, Any] = {"check": finding["check"], "severity": finding["severity"]}
        item["message"] = translate(finding["template"], finding["params"])
        if "accepted" in finding:
            accepted = finding["accepted"]
            item["accepted"] = accepted | {"shown_date": date_label(accepted["date"])}
        shown.append(item)
    return shown


def label(kind: Mapping[str, str], value: str) -> str:
    """The shown name of a state, role, severity or job status (the value itself if unknown)."""
    return str(gettext(kind[value])) if value in kind else value


def _label_filter(names: Mapping[str, str]) -> Callable[[Any, str], str]:
    @pass_context
    def shown(context: Any, value: str) -> str:
        return label(names, value)

    return shown


def script_strings() -> dict[str, Any]:
    """Every string app.js shows, translated, plus the state and job-status names."""
    strings: dict[str, Any] = {key: str(gettext(text)) for key, text in SCRIPT_STRINGS.items()}
    strings["states"] = {state: label(STATES, state) for state in STATES}
    strings["jobStatuses"] = {status: label(JOB_STATUSES, status) for status in JOB_STATUSES}
    strings["severities"] = {severity: label(SEVERITIES, severity) for severity in SEVERITIES}
    strings["languageNames"] = {code: get_language(code).native_name for code in INTERFACE}
    return strings


def progress_words(totals: Iterable[int]) -> dict[str, Any]:
    """The words of the progress lines of a page, translated once for the page (a dashboard
    has hundreds of lines); ``units`` holds "of N units" for each total."""
    # Escaped here, once, rather than on each of the page's lines.
    words: dict[str, Any] = {state: escape(label(STATES, state)) for state in STATES}
    words["empty"] = escape(gettext("empty"))
    words["summary"] = escape(
        gettext("approved: %(approved)s, translated: %(translated)s, in all: %(total)s")
    )
    words["units"] = {
        total: escape(ngettext("of %(num)s unit", "of %(num)s units", total))
        for total in set(totals)
    }
    return words


def menu() -> list[dict[str, str]]:
    """The language menu: each interface language in its own name."""
    return [
        {
            "code": code,
            "name": get_language(code).native_name,
            "dir": get_language(code).direction,
        }
        for code in INTERFACE
    ]


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.post("/language")
def choose() -> Response:
    """Switch the interface language: remembered for the user and in a cookie."""
    code = request.form.get("lang", "")
    response = redirect(_safe_next(request.form.get("next")))
    if code not in INTERFACE:
        return response
    user = g.get("user")
    if user is not None:
        UserStore(current_app.config["INSTANCE_DIR"]).set_interface(user.name, code)
    response.set_cookie(
        COOKIE,
        code,
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def init_app(app: Flask) -> None:
    """Flask-Babel with our catalogs, language selector and template helpers."""
    babel = Babel(app, locale_selector=interface_locale)
    babel.domain_instance = InterfaceDomain(load_catalogs(app.config.get("I18N_FOLDER", FOLDER)))
    app.register_blueprint(bp)
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    @app.context_processor
    def inject_interface() -> dict[str, Any]:
        code = interface_language()
        return {
            "interface": {
                "lang": code,
                "dir": get_language(code).direction,
                "menu": menu(),
                "strings": script_strings(),
            },
        }

    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(language_in_interface, "language_in_interface")
    app.add_template_filter(date_label, "date_label")
    app.add_template_filter(time_label, "time_label")
    app.add_template_filter(count, "count")
    app.add_template_filter(join_list, "join_list")

    # pass_context: Jinja would otherwise fold ``"approved" | state_label`` into the compiled
    # template in whichever language rendered it first.
    for name, names in (
        ("kind_label", KINDS),
        ("term_status_label", TERM_STATUSES),
        ("state_label", STATES),
        ("role_label", ROLES),
        ("severity_label", SEVERITIES),
        ("job_status_label", JOB_STATUSES),
    ):
        app.add_template_filter(_label_filter(names), name)

    @app.template_filter("finding_text")
    def finding_text(finding: Any) -> str:
        if isinstance(finding, dict):
            return translate(finding["template"], finding["params"])
        return translate(finding.template, finding.params)
