"""Building gettext catalogs (POT template, PO per language) from a statement's units."""

from __future__ import annotations

from datetime import datetime

import polib

from . import __version__
from .languages import get_language
from .unit import Unit

DATE_FORMAT = "%Y-%m-%d %H:%M%z"


def now() -> datetime:
    """The current local time with its offset, as PO headers want it."""
    return datetime.now().astimezone()


def po_date(moment: datetime) -> str:
    """A date in the PO header format (``2026-11-24 08:35+0000``)."""
    return moment.strftime(DATE_FORMAT)


def header(project: str, lang: str | None, created: datetime) -> dict[str, str]:
    """The header fields of a template (``lang`` None) or of one language's catalog."""
    fields = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": po_date(created),
        "PO-Revision-Date": po_date(created) if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": lang or "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        fields["Plural-Forms"] = get_language(lang).plural_forms
    fields["X-Generator"] = f"statement-workflow {__version__}"
    return fields


def entry_for(unit: Unit, source_name: str) -> polib.POEntry:
    """A fresh, untranslated entry for a unit."""
    return polib.POEntry(
        msgid=unit.text,
        msgstr="",
        comment=unit.kind,
        occurrences=[(source_name, str(line)) for line in unit.lines],
    )


def template(units: list[Unit], project: str, source_name: str, created: datetime) -> polib.POFile:
    """The POT template of a statement."""
    pot = polib.POFile(wrapwidth=0)
    pot.header = f"Template for translations of the statement {project}."
    pot.metadata = header(project, None, created)
    for unit in units:
        pot.append(entry_for(unit, source_name))
    return pot


def for_language(pot: polib.POFile, lang: str, created: datetime) -> polib.POFile:
    """A new, empty catalog for ``lang`` from the template."""
    project = pot.metadata.get("Project-Id-Version", "")
    catalog = polib.POFile(wrapwidth=0)
    language = get_language(lang)
    catalog.header = f"{language.english_name} translation of the statement {project}."
    catalog.metadata = header(project, lang, created)
    for entry in pot:
        catalog.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr="",
                comment=entry.comment,
                occurrences=list(entry.occurrences),
            )
        )
    return catalog


def active(catalog: polib.POFile) -> list[polib.POEntry]:
    """The entries that are not obsolete."""
    return [entry for entry in catalog if not entry.obsolete]
