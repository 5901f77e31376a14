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


def render(template: str, params: Mapping[str, Any]) -> str:
    """``template`` with its ``%(name)s`` placeholders filled in (as is without parameters)."""
    return template % dict(params) if params else template


__all__ = ["N_", "LanguageCode", "Phrase", "render"]
