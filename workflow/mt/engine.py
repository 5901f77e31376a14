"""Machine translation engines through deep-translator, with explicit language maps.

Each engine names its own codes for our languages (Google: Sorani ``ckb``, Kurmanji ``ku``;
Microsoft: ``ku`` is Sorani and ``kmr`` Kurmanji; MyMemory wants ``ar-SA``, ``ckb-IQ``,
``kmr-TR``). ``ku`` is never passed through unmapped. An engine that cannot do a language
is a configuration error raised before any request is sent.

A fresh translator instance is made for every call: Google, MyMemory and Microsoft keep
per-call state on the instance, so sharing one between threads mixes translations up.
Keys are read from the environment here and passed explicitly (deep-translator reads its
variables at import time).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import deep_translator.deepl
import deep_translator.google
import deep_translator.libre
import deep_translator.microsoft
import deep_translator.mymemory
import deep_translator.qcri
import requests
from deep_translator import (
    DeeplTranslator,
    GoogleTranslator,
    LibreTranslator,
    MicrosoftTranslator,
    MyMemoryTranslator,
    QcriTranslator,
)
from deep_translator.base import BaseTranslator
from deep_translator.constants import BASE_URLS

from ..errors import UsageError, WorkflowError
from ..i18n import N_, EngineName, Phrase
from .http import SHIM, install

# deep-translator's modules call requests.get/post without a timeout: they get the stand-in.
install(
    [
        deep_translator.google,
        deep_translator.mymemory,
        deep_translator.deepl,
        deep_translator.microsoft,
        deep_translator.libre,
        deep_translator.qcri,
    ]
)


@dataclass(frozen=True)
class EngineSpec:
    """What we know about one engine (``label``: its product name, as people know it)."""

    name: str
    label: str
    codes: dict[str, str]
    max_chars: int
    workers: int
    max_workers: int
    key_env: str | None = None
    host: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)


ENGINES: dict[str, EngineSpec] = {
    "google": EngineSpec(
        "google",
        "Google Translate",
        {"en": "en", "ar": "ar", "ckb": "ckb", "kmr": "ku"},
        max_chars=1800,
        workers=2,
        max_workers=4,
        host="https://translate.google.com/",
    ),
    "mymemory": EngineSpec(
        "mymemory",
        "MyMemory",
        {"en": "en-GB", "ar": "ar-SA", "ckb": "ckb-IQ", "kmr": "kmr-TR"},
        max_chars=480,
        workers=4,
        max_workers=8,
        host="http://api.mymemory.translated.net/",
        extra_env={"email": "MYMEMORY_EMAIL"},
    ),
    "deepl": EngineSpec(
        "deepl",
        "DeepL",
        {"en": "en", "ar": "ar"},
        max_chars=4500,
        workers=8,
        max_workers=16,
        key_env="DEEPL_API_KEY",
        host="https://api.deepl.com/",
    ),
    "microsoft": EngineSpec(
        "microsoft",
        "Microsoft Translator",
        {"en": "en", "ar": "ar", "ckb": "ku", "kmr": "kmr"},
        max_chars=9000,
        workers=8,
        max_workers=16,
        key_env="MICROSOFT_API_KEY",
        host="https://api.cognitive.microsofttranslator.com/",
        extra_env={"region": "MICROSOFT_REGION"},
    ),
    "libre": EngineSpec(
        "libre",
        "LibreTranslate",
        {"en": "en", "ar": "ar", "ckb": "ckb", "kmr": "kmr"},
        max_chars=4500,
        workers=8,
        max_workers=32,
        key_env="LIBRE_API_KEY",
    ),
    "qcri": EngineSpec(
        "qcri",
        "QCRI",
        {"en": "en", "ar": "ar"},
        max_chars=4500,
        workers=4,
        max_workers=8,
        key_env="QCRI_API_KEY",
        host="https://mt.qcri.org/",
    ),
}


class _Libre(LibreTranslator):
    """deep-translator's LibreTranslator without its two obstacles for self-hosted servers.

    It refuses to run without an API key (self-hosted servers need none) and checks codes
    against a built-in list that has no Kurdish; the server's own ``/languages`` decides.
    """

    def __init__(self, source: str, target: str, url: str, api_key: str, languages: dict[str, str]):
        self.api_key = api_key
        BaseTranslator.__init__(
            self, base_url=url, source=source, target=target, languages=languages
        )


class _DeepL(DeeplTranslator):
    """deep-translator's DeeplTranslator with DeepL's Arabic, which its 2023 list lacks."""

    def __init__(self, source: str, target: str, api_key: str, free: bool) -> None:
        self.version = "v2"
        self.api_key = api_key
        url = BASE_URLS["DEEPL_FREE" if free else "DEEPL"].format(version=self.version)
        languages = {"english": "en", "arabic": "ar"}
        BaseTranslator.__init__(
            self, base_url=url, source=source, target=target, languages=languages
        )


class _Microsoft(MicrosoftTranslator):
    """MicrosoftTranslator that fetches the language list once, not on every call."""

    _languages_cache: dict[str, str] | None = None
    _languages_lock = threading.Lock()

    def _get_supported_languages(self) -> dict[str, str]:
        with _Microsoft._languages_lock:
            if _Microsoft._languages_cache is None:
                _Microsoft._languages_cache = super()._get_supported_languages()
            return _Microsoft._languages_cache


@dataclass
class Engine:
    """A configured engine for one language pair: makes a fresh translator per call."""

    spec: EngineSpec
    source: str
    target: str
    url: str = ""
    key: str = ""
    options: dict[str, str] = field(default_factory=dict)
    server_codes: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.codes = {**self.spec.codes, **self.codes}

    @property
    def name(self) -> str:
        """The engine's name as configured (``google``, ``libre``...)."""
        return self.spec.name

    def translator(self) -> Any:
        """A new deep-translator instance for one call."""
        source, target = self.codes[self.source], self.codes[self.target]
        name = self.spec.name
        if name == "google":
            return GoogleTranslator(source=source, target=target)
        if name == "mymemory":
            return MyMemoryTranslator(source=source, target=target, **self.options)
        if name == "deepl":
            return _DeepL(source, target, self.key, free=self.key.endswith(":fx"))
        if name == "microsoft":
            return _Microsoft(source=source, target=target, api_key=self.key, **self.options)
        if name == "libre":
            return _Libre(source, target, self.url, self.key, self.server_codes)
        return QcriTranslator(source=source, target=target, api_key=self.key)

    def translate(self, text: str) -> Any:
        """One call to the provider through deep-translator (may raise anything)."""
        translator = self.translator()
        if self.spec.name == "qcri":
            return translator.translate(text, domain="general")
        return translator.translate(text)

    def describe(self) -> str:
        """A short name for messages: the engine and, for LibreTranslate, its server."""
        return f"{self.spec.name} ({self.url})" if self.url else self.spec.name

    def endpoint(self) -> str:
        """The address the engine talks to."""
        return self.url or self.spec.host


def resolve_engine(
    name: str,
    source: str,
    target: str,
    url: str | None = None,
    environ: dict[str, str] | None = None,
) -> Engine:
    """A configured :class:`Engine`, or one clear configuration error (no request sent)."""
    env = dict(os.environ if environ is None else environ)
    spec = ENGINES.get(name)
    if spec is None:
        raise WorkflowError(
            N_("unknown engine %(name)s: use one of %(engines)s"),
            name=repr(name),
            engines=", ".join(ENGINES),
        )
    for code in (source, target):
        if code not in spec.codes:
            raise UsageError(
                "the %(engine)s engine cannot translate %(code)s; "
                "choose another engine for it in workflow.toml or with --engine",
                N_("the %(engine)s engine cannot translate %(code)s; choose another engine for it"),
                engine=EngineName(name),
                code=repr(code),
            )
    key = env.get(spec.key_env, "") if spec.key_env else ""
    if spec.key_env and not key and name != "libre":
        raise WorkflowError(
            N_("the %(engine)s engine needs an API key in the environment variable %(variable)s"),
            engine=EngineName(name),
            variable=spec.key_env,
        )
    options = {option: env[var] for option, var in spec.extra_env.items() if env.get(var)}
    engine = Engine(spec, source, target, key=key, options=options)
    if name == "libre":
        if not url:
            raise UsageError(
                "the libre engine needs a server address (--engine-url, or libre_url in "
                "workflow.toml)",
                N_("LibreTranslate needs the address of your server: fill it in"),
            )
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise WorkflowError(
                N_("%(url)s is not an http(s) address of a LibreTranslate server"),
                url=repr(url),
            )
        engine.url = url if url.endswith("/") else url + "/"
    return engine


def preflight(engine: Engine, timeout: float = 3.0) -> dict[str, str]:
    """Reach the engine once; for LibreTranslate, return what its ``/languages`` offers.

    Raises one clear line when it cannot: without a network the run ends here, within
    seconds, before any catalog is touched.
    """
    if engine.name == "libre":
        try:
            response = SHIM.session().get(engine.url + "languages", timeout=(timeout, timeout * 2))
        except requests.RequestException as exc:
            raise WorkflowError(
                N_("cannot reach the LibreTranslate server at %(url)s: %(reason)s"),
                url=engine.url,
                reason=_reason(exc),
            ) from None
        try:
            offered = response.json()
        except ValueError:  # requests' JSONDecodeError too, which is also a RequestException
            offered = None
        if not response.ok:
            raise WorkflowError(
                N_("%(url)s answered /languages with HTTP %(status)s"),
                url=engine.url,
                status=str(response.status_code),
            )
        if not isinstance(offered, list):
            raise WorkflowError(
                N_("%(url)s did not answer /languages like a LibreTranslate server"),
                url=engine.url,
            )
        return {
            str(item.get("code")): str(item.get("name", item.get("code")))
            for item in offered
            if isinstance(item, dict)
        }
    host = urlparse(engine.endpoint()).hostname or engine.endpoint()
    try:
        SHIM.session().head(engine.endpoint(), timeout=(timeout, timeout), allow_redirects=False)
    except requests.RequestException as exc:
        raise UsageError(
            "cannot reach the %(engine)s engine at %(host)s: %(reason)s; "
            "check the network, or use --engine libre with a local server",
            N_(
                "cannot reach %(engine)s: %(reason)s. Check the network, or choose "
                "LibreTranslate with a server of your own"
            ),
            engine=EngineName(engine.name),
            host=host,
            reason=_reason(exc),
        ) from None
    return {}


def accept_offer(engine: Engine, offered: dict[str, str]) -> None:
    """Check a LibreTranslate server's languages against the pair this engine needs."""
    if engine.name != "libre":
        return
    for ours in (engine.source, engine.target):
        theirs = engine.spec.codes[ours]
        if theirs not in offered:
            # A server may call one Kurdish variety "ku": accepted only when its name says
            # which one, never taken as either by default.
            named = _KU_NAMES.get(ours)
            name = offered.get("ku", "").lower()
            if named and "ku" in offered and any(word in name for word in named):
                engine.codes[ours] = "ku"
                continue
            raise WorkflowError(
                N_(
                    "the LibreTranslate server at %(url)s does not offer %(code)s "
                    "(it offers %(offered)s)"
                ),
                url=engine.url,
                code=repr(ours),
                offered=", ".join(sorted(offered)) or "—",
            )
    engine.server_codes = {name.lower(): code for code, name in offered.items()}


_KU_NAMES = {"ckb": ("sorani", "central"), "kmr": ("kurmanji", "northern")}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, requests.Timeout):
        return Phrase(N_("no answer in time"))
    if isinstance(exc, requests.ConnectionError):
        return Phrase(N_("connection refused or network unreachable"))
    return type(exc).__name__
