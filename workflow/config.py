"""Project-wide settings in ``translations/workflow.toml``: languages, engines, publishing."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from .errors import WorkflowError
from .fileio import atomic_write_text
from .i18n import N_
from .languages import check_codes

CONFIG_NAME = "workflow.toml"
GLOSSARY_NAME = "glossary.csv"  # the project's terms (workflow.quality.glossary), in the root
ROOT_ENV = "STATEMENTS_ROOT"

DEFAULT_TOML = """\
# statement-workflow project settings. Keys are documented in README.md.

# Where phones and other computers reach the review UI; every link the tool makes
# (login links, published pages) starts with it. Without it the server's own address is used.
# base_url = "http://192.168.1.20:5000"

# The time zone the review UI writes times in (an IANA name: "Asia/Baghdad", "Europe/Berlin",
# "UTC"); what is stored stays in UTC.
timezone = "Asia/Baghdad"

[languages]
# The language statements are usually written in, and the languages they go into.
source = "en"
targets = ["ar", "ckb", "kmr"]

[engines]
# Machine translation engine per target language: google, mymemory, deepl, microsoft,
# libre (a LibreTranslate server) or qcri. API keys come from environment variables.
default = "google"
# ckb = "libre"
# A LibreTranslate server of your own, e.g. `libretranslate --port 5050` (its usual port 5000
# is the review UI's).
# libre_url = "http://127.0.0.1:5050/"

[publish]
# A language is published when every unit is approved and no check reports an error.
gate = "approved"
# The review UI shows the published site at /published/ (false: it is uploaded elsewhere).
serve = true
# Languages whose pages show native digits (٨٠٠٠ instead of 8000).
native_digits = []

[checks]
# Words that may stay as they are in a translation (names, acronyms).
allowed = ["ICSSI"]
"""


@dataclass
class Config:
    """The project's settings, with defaults for anything the file leaves out."""

    source_language: str = "en"
    targets: list[str] = field(default_factory=lambda: ["ar", "ckb", "kmr"])
    engines: dict[str, str] = field(default_factory=lambda: {"default": "google"})
    engine_options: dict[str, Any] = field(default_factory=dict)
    publish: dict[str, Any] = field(default_factory=lambda: {"gate": "approved"})
    allowed: list[str] = field(default_factory=list)
    base_url: str = ""
    timezone: str = "UTC"

    @property
    def zone(self) -> tzinfo:
        """The project's time zone (``timezone``)."""
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    def today(self) -> date:
        """Today in the project's time zone: the day a record of a save carries (the one
        the review UI writes the save's moment on)."""
        return datetime.now(self.zone).date()

    def engine_for(self, lang: str) -> str:
        """The engine configured for ``lang`` (or the default one)."""
        return self.engines.get(lang) or self.engines.get("default", "google")


def default_root() -> Path:
    """The translations folder: ``$STATEMENTS_ROOT`` or ``./translations``."""
    return Path(os.environ.get(ROOT_ENV) or "translations")


def load_config(root: Path) -> Config:
    """Read ``workflow.toml`` under ``root``; a missing file means the defaults."""
    path = Path(root) / CONFIG_NAME
    if not path.is_file():
        return Config()
    import tomllib  # only for a folder that has the file

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WorkflowError(
            N_("%(path)s: not valid TOML (%(error)s)"),
            path=path,
            error=exc,
        ) from None
    config = Config()
    base = data.get("base_url", "")
    if not isinstance(base, str):
        raise WorkflowError(N_("%(path)s: base_url must be an address in quotes"), path=path)
    config.base_url = base
    config.timezone = _time_zone(data.get("timezone", "UTC"), path)
    languages = data.get("languages", {})
    if not isinstance(languages, dict):
        raise WorkflowError(N_("%(path)s: [languages] must be a table"), path=path)
    if "source" in languages:
        config.source_language = check_codes([str(languages["source"])])[0]
    if "targets" in languages:
        targets = languages["targets"]
        if not isinstance(targets, list) or not targets:
            raise WorkflowError(
                N_("%(path)s: languages.targets must be a list of codes"),
                path=path,
            )
        config.targets = check_codes([str(code) for code in targets])
    engines = data.get("engines", {})
    if not isinstance(engines, dict):
        raise WorkflowError(N_("%(path)s: [engines] must be a table"), path=path)
    for key, value in engines.items():
        if isinstance(value, str) and not key.endswith("_url"):
            config.engines[key] = value
        else:
            config.engine_options[key] = value
    publish = data.get("publish", {})
    if isinstance(publish, dict):
        config.publish.update(publish)
    checks = data.get("checks", {})
    allowed = checks.get("allowed", []) if isinstance(checks, dict) else []
    if not isinstance(allowed, list):
        raise WorkflowError(N_("%(path)s: checks.allowed must be a list of words"), path=path)
    config.allowed = [str(word) for word in allowed]
    return config


def _time_zone(name: Any, path: Path) -> str:
    """The name of the IANA time zone ``name``, refused with one line when it is none."""
    from zoneinfo import ZoneInfo  # only for a folder that has the file

    try:
        valid = isinstance(name, str) and ZoneInfo(name) is not None
    except (ValueError, OSError, KeyError):  # a path, or no such zone (a KeyError)
        valid = False
    if not valid:
        raise WorkflowError(
            N_('%(path)s: timezone must be a time zone\'s name in quotes, such as "Asia/Baghdad"'),
            path=path,
        )
    return str(name)


def ensure_config(root: Path) -> Path:
    """Create ``workflow.toml`` with commented defaults if the project has none."""
    path = Path(root) / CONFIG_NAME
    if not path.exists():
        atomic_write_text(path, DEFAULT_TOML)
    return path
