"""Language facts from Babel's CLDR data, with the few mappings CLDR gets wrong for us.

CLDR calls Kurmanji ``ku`` and Babel's ``Locale.parse('kmr')`` quietly returns ``ku_TR``
("Kurdish (Türkiye)"); we map our codes to CLDR locales ourselves. Arabic uses ``ar_IQ``
so that dates read with Iraqi month names (تشرين الأول).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .errors import WorkflowError
from .i18n import N_

if TYPE_CHECKING:
    from babel import Locale

# Our code -> (CLDR locale, English name, native name); names default to CLDR's
_CLDR: dict[str, tuple[str, str | None, str | None]] = {
    "ar": ("ar_IQ", None, None),
    "ckb": ("ckb_IQ", None, None),
    "kmr": ("ku", "Kurdish (Kurmanji)", "Kurdî (Kurmancî)"),
    "ku": ("ku", "Kurdish (Kurmanji)", "Kurdî (Kurmancî)"),
    "en": ("en", None, None),
}

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    """What the workflow needs to know about one language."""

    code: str
    locale: Locale
    english_name: str
    native_name: str
    direction: str
    script: str
    plural_forms: str
    decimal: str
    group: str
    percent: str

    @property
    def rtl(self) -> bool:
        """True for right-to-left languages (Arabic, Sorani)."""
        return self.direction == "rtl"


def _script(locale: Locale) -> str:
    from babel.core import get_global

    if locale.script:
        return str(locale.script)
    likely = get_global("likely_subtags")
    full = likely.get(str(locale)) or likely.get(locale.language) or ""
    parts = full.split("_")
    return parts[1] if len(parts) > 1 else "Latn"


@cache
def get_language(code: str) -> Language:
    """The :class:`Language` for one of our codes (``ar``, ``ckb``, ``kmr``, ``en``, ...).

    Raises :class:`WorkflowError` with one plain line for a code CLDR does not know.
    """
    from babel import Locale, UnknownLocaleError
    from babel.messages.plurals import get_plural

    if not isinstance(code, str) or not _CODE.match(code):
        raise WorkflowError(
            N_("%(code)s is not a language code (try ar, ckb, kmr or en)"),
            code=repr(code),
        )
    cldr, english, native = _CLDR.get(code, (code, None, None))
    try:
        locale = Locale.parse(cldr.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise WorkflowError(
            N_("unknown language code %(code)s (try ar, ckb, kmr or en)"),
            code=repr(code),
        ) from None
    if code not in _CLDR and locale.language != code.split("_")[0].split("-")[0]:
        raise WorkflowError(
            N_("unknown language code %(code)s (try ar, ckb, kmr or en)"),
            code=repr(code),
        )
    base = Locale(locale.language)
    symbols = locale.number_symbols.get("latn", {})
    nplurals, expr = get_plural(locale)
    return Language(
        code=code,
        locale=locale,
        english_name=english or base.english_name or code,
        native_name=native or base.get_display_name(base) or code,
        direction=locale.text_direction,
        script=_script(locale),
        plural_forms=f"nplurals={nplurals}; plural={expr};",
        decimal=symbols.get("decimal", "."),
        group=symbols.get("group", ","),
        percent=symbols.get("percentSign", "%"),
    )


def check_codes(codes: list[str]) -> list[str]:
    """Validate a list of language codes, dropping repeats, keeping the order."""
    result: list[str] = []
    for code in codes:
        if code not in _CLDR:  # ours are known good: reading a statement need not load CLDR
            get_language(code)
        if code not in result:
            result.append(code)
    return result
