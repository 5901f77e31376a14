"""Language facts from CLDR, with Kurmanji mapped by hand."""

from __future__ import annotations

import pytest
from babel import Locale
from babel.messages.plurals import get_plural

from workflow.errors import WorkflowError
from workflow.languages import ENGLISH_NAMES, PLURAL_FORMS, get_language


def test_arabic_uses_iraqi_data() -> None:
    arabic = get_language("ar")
    assert arabic.rtl and arabic.script == "Arab"
    assert arabic.locale.months["format"]["wide"][10] == "تشرين الأول"
    assert arabic.native_name == "العربية"
    assert arabic.plural_forms.startswith("nplurals=6;")


def test_sorani_is_right_to_left_arabic_script() -> None:
    sorani = get_language("ckb")
    assert sorani.direction == "rtl" and sorani.script == "Arab"
    assert sorani.native_name == "کوردیی ناوەندی"


def test_kurmanji_is_not_kurdish_turkiye() -> None:
    kurmanji = get_language("kmr")
    assert kurmanji.native_name == "Kurdî (Kurmancî)"
    assert kurmanji.direction == "ltr" and kurmanji.script == "Latn"
    assert str(kurmanji.locale) == "ku"
    assert (kurmanji.decimal, kurmanji.group) == (",", ".")


@pytest.mark.parametrize("code", ["xx", "../etc", "ar/../x", "", "a", "EN US"])
def test_unknown_codes_are_refused(code: str) -> None:
    with pytest.raises(WorkflowError):
        get_language(code)


@pytest.mark.parametrize(
    ("code", "other", "name"),
    [
        ("en", "ar", "الإنجليزية"),
        ("ckb", "ar", "السورانية الكردية"),
        ("kmr", "ar", "الكرمانجية"),  # CLDR says just "Kurdish"
        ("kmr", "ckb", "کورمانجی"),
        ("ar", "kmr", "erebî"),
        ("ckb", "en", "Central Kurdish"),
        ("kmr", "en", "Kurdish (Kurmanji)"),
        ("ar", "ar", "العربية"),
    ],
)
def test_a_language_named_in_another(code: str, other: str, name: str) -> None:
    assert get_language(code).name_in(get_language(other)) == name


@pytest.mark.parametrize("code", sorted(ENGLISH_NAMES))
def test_the_english_names_kept_are_cldrs(code: str) -> None:
    assert ENGLISH_NAMES[code] == Locale(code).english_name == get_language(code).english_name


@pytest.mark.parametrize("code", sorted(PLURAL_FORMS))
def test_the_plural_forms_kept_are_babels(code: str) -> None:
    nplurals, expression = get_plural(get_language(code).locale)
    assert PLURAL_FORMS[code] == f"nplurals={nplurals}; plural={expression};"
