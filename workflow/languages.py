"""Language facts from Babel's CLDR data, with the few mappings CLDR gets wrong for us.

CLDR calls Kurmanji ``ku`` and Babel's ``Locale.parse('kmr')`` quietly returns ``ku_TR``
("Kurdish (Türkiye)"); we map our codes to CLDR locales ourselves. Arabic uses ``ar_IQ``
so that dates read with Iraqi month names (تشرين الأول).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

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

# Names CLDR gets wrong for us in another language: (our code, the other language) -> name.
# CLDR calls Kurmanji just "Kurdish" in Arabic and Sorani, beside its name for Sorani.
_NAMES_IN: dict[tuple[str, str], str] = {
    ("kmr", "ar"): "الكرمانجية",
    ("kmr", "ckb"): "کورمانجی",
    ("ku", "ar"): "الكرمانجية",
    ("ku", "ckb"): "کورمانجی",
}

# CLDR's own English names of the languages every statement has: reading one loads the whole
# English locale data (tens of milliseconds a command); the tests compare them (and the
# plural forms below) with what Babel gives.
ENGLISH_NAMES: dict[str, str] = {"ar": "Arabic", "ckb": "Central Kurdish", "en": "English"}
# Babel's gettext plural forms of the same (its babel.messages takes 35 ms to import).
_TWO_FORMS = "nplurals=2; plural=(n != 1);"
PLURAL_FORMS: dict[str, str] = {
    "ar": "nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && "
    "n % 100 <= 10 ? 3 : n % 100 >= 11 && n % 100 <= 99 ? 4 : 5);",
    "ckb": _TWO_FORMS,
    "kmr": _TWO_FORMS,
    "en": _TWO_FORMS,
}

_CODE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    """What the workflow needs to know about one language.

    Each fact is read from CLDR when first asked for: loading a locale's data takes tens of
    milliseconds, and most commands need one or two facts of a language, or none."""

    code: str
    cldr: str  # the CLDR locale's name
    english: str | None = None  # a name CLDR gets wrong for us
    native: str | None = None

    @cached_property
    def locale(self) -> Locale:
        """The CLDR locale (Babel's): its data is read on first use."""
        from babel import Locale

        return Locale.parse(self.cldr)

    @cached_property
    def english_name(self) -> str:
        """The language's name in English."""
        return self.english or ENGLISH_NAMES.get(self.code) or self._base.english_name or self.code

    @cached_property
    def native_name(self) -> str:
        """The language's name in itself."""
        return self.native or self._base.get_display_name(self._base) or self.code

    def name_in(self, other: Language) -> str:
        """The language's name in ``other`` ("الإنجليزية" for English in Arabic); its own name
        where CLDR has none."""
        if other.code == self.code:
            return self.native_name
        if other.code == "en":
            return self.english_name
        if (self.code, other.code) in _NAMES_IN:
            return _NAMES_IN[self.code, other.code]
        name = other.locale.languages.get(self.locale.language)
        return str(name) if name else self.native_name

    @cached_property
    def direction(self) -> str:
        """``rtl`` or ``ltr``."""
        return str(self.locale.text_direction)

    @cached_property
    def script(self) -> str:
        """The ISO 15924 script (``Arab``, ``Latn``)."""
        return _script(self.locale)

    @cached_property
    def plural_forms(self) -> str:
        """The gettext ``Plural-Forms`` header value."""
        if self.code in PLURAL_FORMS:
            return PLURAL_FORMS[self.code]
        from babel.messages.plurals import get_plural

        nplurals, expr = get_plural(self.locale)
        return f"nplurals={nplurals}; plural={expr};"

    @cached_property
    def decimal(self) -> str:
        """The decimal separator (Latin digits)."""
        return str(self._symbols.get("decimal", "."))

    @cached_property
    def group(self) -> str:
        """The group separator (Latin digits)."""
        return str(self._symbols.get("group", ","))

    @cached_property
    def percent(self) -> str:
        """The percent sign (Latin digits)."""
        return str(self._symbols.get("percentSign", "%"))

    @property
    def rtl(self) -> bool:
        """True for right-to-left languages (Arabic, Sorani)."""
        return self.direction == "rtl"

    @cached_property
    def _base(self) -> Locale:
        from babel import Locale

        return Locale(self.locale.language)

    @cached_property
    def _symbols(self) -> Any:
        return self.locale.number_symbols.get("latn", {})


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
    if not isinstance(code, str) or not _CODE.match(code):
        raise WorkflowError(
            N_("%(code)s is not a language code (try ar, ckb, kmr or en)"),
            code=repr(code),
        )
    if code in _CLDR:  # known to CLDR: Babel (4 ms to import) only when a fact is asked
        return Language(code, *_CLDR[code])
    from babel import Locale, UnknownLocaleError

    cldr = code.replace("-", "_")
    try:
        locale = Locale.parse(cldr)
    except (UnknownLocaleError, ValueError):
        raise WorkflowError(
            N_("unknown language code %(code)s (try ar, ckb, kmr or en)"),
            code=repr(code),
        ) from None
    if locale.language != code.split("_")[0].split("-")[0]:
        raise WorkflowError(
            N_("unknown language code %(code)s (try ar, ckb, kmr or en)"),
            code=repr(code),
        )
    return Language(code, cldr)


def check_codes(codes: list[str]) -> list[str]:
    """Validate a list of language codes, dropping repeats, keeping the order."""
    result: list[str] = []
    for code in codes:
        if code not in _CLDR:  # ours are known good: reading a statement need not load CLDR
            get_language(code)
        if code not in result:
            result.append(code)
    return result
