"""Messages the web UI translates: the core marks them, the interface translates them.

The core never imports Flask (nor knows the interface language). A message a person may
read in the browser is written as a template marked with :func:`N_` (so that
``pybabel extract`` finds it) and carried with its parameters; the CLI shows it in English
(``str()``), the web UI looks the template up in its catalogs and fills in the parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def N_(template: str) -> str:
    """Mark ``template`` for extraction; it stays English here (``%(name)s`` placeholders)."""
    return template


class Phrase(str):
    """A parameter that is itself a marked phrase (``Phrase(N_("no answer in time"))``):
    English here, translated by the web UI with the message it goes into."""

    __slots__ = ()


class LanguageCode(str):
    """A parameter that names a language by its code (``ar``): the code here, the language's
    name in the interface language in the web UI."""

    __slots__ = ()


class EngineName(str):
    """A parameter that names a machine-translation engine by its id (``mymemory``): the id
    here (what ``--engine`` takes), its product name ("MyMemory") in the web UI."""

    __slots__ = ()


def params_to_json(params: Mapping[str, Any]) -> dict[str, Any]:
    """A message's parameters for a JSON file, each :class:`Phrase`,
    :class:`LanguageCode` and :class:`EngineName` kept as such (JSON knows only strings)."""
    kept: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, Phrase):
            kept[key] = {"phrase": str(value)}
        elif isinstance(value, LanguageCode):
            kept[key] = {"language": str(value)}
        elif isinstance(value, EngineName):
            kept[key] = {"engine": str(value)}
        else:
            kept[key] = value
    return kept


def params_from_json(data: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters :func:`params_to_json` wrote."""
    params: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and list(value) == ["phrase"]:
            params[key] = Phrase(value["phrase"])
        elif isinstance(value, dict) and list(value) == ["language"]:
            params[key] = LanguageCode(value["language"])
        elif isinstance(value, dict) and list(value) == ["engine"]:
            params[key] = EngineName(value["engine"])
        else:
            params[key] = value
    return params


def render(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with its ``%(name)s`` placeholders filled in (as is without parameters)."""
    return template % dict(params) if params else template


__all__ = [
    "N_",
    "EngineName",
    "LanguageCode",
    "Phrase",
    "params_from_json",
    "params_to_json",
    "render",
]
