"""Fill untranslated units with machine suggestions: concurrent, resumable, never trusted.

What deep-translator does not do is done here: a bounded pool of workers (a per-engine
limit), a timeout on every call, retries with exponential backoff and jitter on 429, 5xx,
timeouts, dropped connections and garbage answers (honouring ``Retry-After``), a second
round at the end of the run for the units whose attempts all met such faults, validation
of every result before it is stored, a cache so that nothing is sent twice, exact
translation-memory matches first, splitting of paragraphs longer than the provider's
limit, and saving as it goes so an interrupted run keeps every finished unit.

Every suggestion is stored as machine output (fuzzy, with the engine and the date): a
person reviews it before anything is published.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests

from ..catalog.entries import is_unit_entry
from ..catalog.state import apply_machine, apply_memory, entry_state
from ..catalog.statement import Statement
from ..catalog.unit import unit_id
from ..config import Config
from ..errors import WorkflowError
from ..git.history import configured_name, record
from ..i18n import N_, EngineName, LanguageCode
from ..languages import get_language
from .cache import TranslationCache
from .engine import Engine, accept_offer, preflight, resolve_engine
from .http import SHIM
from .memory import TranslationMemory
from .textops import protect, restore, split_for_limit

CACHE_NAME = ".cache/mt.sqlite3"
FLUSH_SECONDS = 2.0
FLUSH_UNITS = 100
_ENGINE_ERROR_TEXT = re.compile(
    r"MYMEMORY WARNING|YOU USED ALL AVAILABLE FREE TRANSLATIONS|QUERY LENGTH LIMIT|"
    r"INVALID LANGUAGE PAIR|PLEASE SELECT TWO DISTINCT LANGUAGES|'?AUTO'? IS AN INVALID",
    re.IGNORECASE,
)


@dataclass
class RetryPolicy:
    """How hard to try: attempts per request, backoff, the cap on Retry-After."""

    attempts: int = 5
    # A unit whose attempts all met passing faults (429, 5xx, timeouts, garbage) goes to the
    # back of the queue for another round: a burst of faults seldom lasts that long.
    rounds: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 30.0
    timeout: tuple[float, float] = (5.0, 30.0)


@dataclass
class LanguageSummary:
    """What a run did for one language."""

    lang: str
    engine: str
    todo: int = 0
    translated: int = 0
    memory: int = 0
    cache: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    chars_sent: int = 0
    requests: int = 0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly record (failed units by id)."""
        return {
            "lang": self.lang,
            "engine": self.engine,
            "todo": self.todo,
            "translated": self.translated,
            "memory": self.memory,
            "cache": self.cache,
            "failed": [
                {"unit": unit_id(text), "reason": reason} for text, reason in self.failed.items()
            ],
            "chars_sent": self.chars_sent,
            "requests": self.requests,
        }


ProgressCallback = Callable[[str, LanguageSummary, int], None]


class _Fatal(Exception):
    """A failure no retry can fix (a refused key, a used-up quota): the run stops."""


class _Unusable(Exception):
    """The engine answered, but not with a usable translation of this text."""


class _GaveUp(_Unusable):
    """Every attempt met a fault that may pass (rate limits, server errors, garbage)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Abort(Exception):
    """The engine cannot be reached any more (network lost): stop sending."""


def validate(source: str, result: Any, target_script: str) -> str | None:
    """Why a machine result cannot be stored, or None if it can."""
    if not isinstance(result, str) or not result.strip():
        return "the engine returned nothing"
    if _ENGINE_ERROR_TEXT.search(result):
        return "the engine returned an error message instead of a translation"
    letters = [ch for ch in result if ch.isalpha()]
    if result.strip() == source.strip():
        # A name or an acronym alone (ICSSI) rightly stays as it is.
        if sum(ch.isalpha() for ch in source) >= 12:
            return "the engine returned the source unchanged"
        return None
    if letters:
        arabic = sum(
            1 for ch in letters if "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufeff"
        )
        if target_script == "Arab" and arabic / len(letters) < 0.5:
            return "the result is not in Arabic script"
        if target_script == "Latn" and arabic / len(letters) > 0.2:
            return "the result is not in Latin script"
    return None


def _retry_after(response: requests.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class _Worker:
    """Sends one unit's text to the engine with retries; runs in a pool thread."""

    def __init__(self, engine: Engine, policy: RetryPolicy, script: str) -> None:
        self.engine = engine
        self.policy = policy
        self.script = script
        self.lock = threading.Lock()
        self.chars_sent = 0
        self.requests = 0
        self.stop = threading.Event()
        # The pieces of paragraphs longer than the engine takes, once translated: a unit
        # that comes back for another round sends only the pieces it still lacks.
        self.pieces: dict[str, str] = {}

    def translate(self, text: str) -> str:
        """The validated translation of ``text`` (raises on failure)."""
        held, spans = protect(text)
        pieces = split_for_limit(held, self.engine.spec.max_chars)
        if len(pieces) == 1:
            translated = self._call(pieces[0])  # may be shorter: runs of spaces folded
        else:
            translated = " ".join(self._piece(piece) for piece in pieces)
        # Judged without the protected spans: a URL's letters say nothing of the script.
        reason = validate(held, translated, self.script)
        if reason:
            raise _Unusable(reason)
        restored = restore(translated, spans)
        if restored is None:
            raise _Unusable("the engine lost a link, address or hashtag")
        return restored

    def _piece(self, piece: str) -> str:
        with self.lock:
            known = self.pieces.get(piece)
        if known is None:
            known = self._call(piece)
            with self.lock:
                self.pieces[piece] = known
        return known

    def _call(self, text: str) -> str:
        SHIM.set_timeout(self.policy.timeout)
        last_reason = "no answer"
        for attempt in range(self.policy.attempts):
            if self.stop.is_set():
                raise _Abort("stopped")
            with self.lock:
                self.chars_sent += len(text)
                self.requests += 1
            wait_for: float | None = None
            try:
                result = self.engine.translate(text)
            except (requests.Timeout, requests.ConnectionError) as exc:
                last_reason = (
                    "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
                )
            except Exception as exc:  # deep-translator's own exceptions hide the status
                response = SHIM.last_response()
                status = response.status_code if response is not None else None
                if status in (401, 403):
                    raise _Fatal(
                        f"the {self.engine.name} engine refused the API key (HTTP {status})"
                    ) from None
                if status == 429:
                    last_reason = "rate limited (HTTP 429)"
                    wait_for = _retry_after(response)
                elif status is not None and status >= 500:
                    last_reason = f"server error (HTTP {status})"
                    wait_for = _retry_after(response)
                elif status is not None and 400 <= status < 500:
                    raise _Unusable(f"the engine rejected the request (HTTP {status})") from None
                else:
                    last_reason = f"unusable answer ({type(exc).__name__})"
            else:
                if isinstance(result, str) and result.strip():
                    if _ENGINE_ERROR_TEXT.search(result) and "FREE TRANSLATIONS" in result.upper():
                        raise _Fatal("the engine's free quota is used up for today")
                    return result
                last_reason = "empty answer"
            if attempt + 1 < self.policy.attempts:
                delay = wait_for if wait_for is not None else self._backoff(attempt)
                if self.stop.wait(min(delay, self.policy.max_retry_after)):
                    raise _Abort("stopped")
        raise _GaveUp(last_reason)

    def _backoff(self, attempt: int) -> float:
        base = min(self.policy.max_backoff, self.policy.backoff * (2**attempt))
        return base / 2 + random.uniform(0, base / 2)


def _cache_for(root: Path) -> TranslationCache:
    return TranslationCache(Path(root) / CACHE_NAME)


def pretranslate(
    statement: Statement,
    config: Config,
    langs: list[str] | None = None,
    *,
    engine: str | None = None,
    engine_url: str | None = None,
    workers: int | None = None,
    force: bool = False,
    policy: RetryPolicy | None = None,
    on_progress: ProgressCallback | None = None,
    cache: TranslationCache | None = None,
    memory: TranslationMemory | None = None,
    environ: dict[str, str] | None = None,
    author: str | None = None,
) -> list[LanguageSummary]:
    """Give every untranslated unit (every unit with ``force``) a machine suggestion.

    Engines are configured and checked for every language before any request is sent,
    and reached once before any catalog is touched. Progress goes to ``on_progress``
    (event name, summary so far, units done). Under git each language's run is one commit
    by ``author`` (default: the configured name), also when the run stops half way.
    """
    policy = policy or RetryPolicy()
    langs = [statement.check_language(lang) for lang in (langs or statement.meta.languages)]
    source = statement.meta.source_language
    engines: dict[str, Engine] = {}
    for lang in langs:
        name = engine or config.engine_for(lang)
        url = (
            engine_url
            or config.engine_options.get(f"{name}_url")
            or config.engine_options.get("libre_url")
        )
        engines[lang] = resolve_engine(
            name, source, lang, url if name == "libre" else None, environ
        )
    offers: dict[str, dict[str, str]] = {}
    for lang in langs:
        chosen = engines[lang]
        if chosen.describe() not in offers:
            offers[chosen.describe()] = preflight(chosen)
        accept_offer(chosen, offers[chosen.describe()])
        try:  # deep-translator checks the pair when a translator is made: once, up front
            chosen.translator()
        except Exception as exc:
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
            raise WorkflowError(
                N_("the %(engine)s engine refuses %(source)s → %(target)s: %(detail)s"),
                engine=EngineName(chosen.name),
                source=source,
                target=lang,
                detail=detail,
            ) from None
    own_cache = cache is None
    cache = cache if cache is not None else _cache_for(statement.root)
    if memory is None:
        memory = TranslationMemory.load(statement.root, exclude=statement.slug)
    summaries = []
    try:
        who = author or configured_name(statement.root)
        for lang in langs:
            summary = LanguageSummary(lang, engines[lang].describe())
            try:
                _run_language(
                    summary,
                    statement,
                    lang,
                    engines[lang],
                    workers,
                    force,
                    policy,
                    on_progress,
                    cache,
                    memory,
                    config.today(),
                )
            finally:
                record(
                    statement.root,
                    who,
                    _run_message(statement.slug, who, summary),
                    [statement.po_path(lang)],
                )
            summaries.append(summary)
    finally:
        if own_cache:
            cache.close()
    return summaries


def _run_message(slug: str, author: str, summary: LanguageSummary) -> str:
    """``Editor: pretranslate gaza ar via libre: 12 machine, 3 from memory``."""
    failed = f", {len(summary.failed)} failed" if summary.failed else ""
    return (
        f"{author}: pretranslate {slug} {summary.lang} via {summary.engine}: "
        f"{summary.translated + summary.cache} machine, {summary.memory} from memory{failed}"
    )


def _run_language(
    summary: LanguageSummary,
    statement: Statement,
    lang: str,
    engine: Engine,
    workers: int | None,
    force: bool,
    policy: RetryPolicy,
    on_progress: ProgressCallback | None,
    cache: TranslationCache,
    memory: TranslationMemory,
    today: date,
) -> None:
    catalog = statement.catalog(lang)
    todo = [
        entry.msgid
        for entry in catalog
        if is_unit_entry(entry) and (entry_state(entry) == "untranslated" or force)
    ]
    summary.todo = len(todo)
    done: dict[str, tuple[str, str, str]] = {}  # msgid -> (kind, text, origin)
    pending_flush: dict[str, tuple[str, str, str]] = {}
    queue: list[str] = []
    for text in todo:
        remembered = memory.exact(text, lang)
        cached = cache.get(engine.name, engine.source, lang, text)
        if remembered is not None:
            done[text] = ("memory", remembered.translation, f"{remembered.slug} {remembered.date}")
            summary.memory += 1
        elif cached is not None:
            done[text] = ("machine", cached, engine.name)
            summary.cache += 1
        else:
            queue.append(text)
    pending_flush.update(done)
    progress = len(done)

    def notify(event: str) -> None:
        if on_progress is not None:
            on_progress(event, summary, progress)

    notify("start")
    worker = _Worker(engine, policy, get_language(lang).script)
    size = max(1, min(workers or engine.spec.workers, engine.spec.max_workers))
    last_flush = time.monotonic()
    consecutive_network = 0
    executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix=f"mt-{lang}")
    futures: dict[Future[str], str] = {}
    rounds: dict[str, int] = {}  # text -> the round it is in, once it needed a second
    gave_up: dict[str, str] = {}  # text -> why its last round ended
    try:
        for text in queue:
            futures[executor.submit(worker.translate, text)] = text
        remaining = set(futures)
        while remaining:
            finished, remaining = wait(
                remaining, timeout=FLUSH_SECONDS, return_when=FIRST_COMPLETED
            )
            for future in finished:
                text = futures[future]
                try:
                    translation = future.result()
                except _Fatal as exc:
                    worker.stop.set()
                    raise WorkflowError(
                        N_("%(language)s: %(error)s; finished units are saved"),
                        language=LanguageCode(lang),
                        error=str(exc),
                    ) from None
                except _Abort:
                    summary.failed[text] = (
                        _gave_up(policy, rounds[text] - 1, gave_up[text])
                        if text in gave_up
                        else "stopped before it was sent"
                    )
                except _GaveUp as exc:
                    network = exc.reason in ("connection failed", "timed out")
                    consecutive_network = consecutive_network + 1 if network else 0
                    rounds[text] = rounds.get(text, 1) + 1
                    gave_up[text] = exc.reason
                    if rounds[text] <= policy.rounds and not worker.stop.is_set():
                        again = executor.submit(worker.translate, text)
                        futures[again] = text
                        remaining.add(again)
                        continue  # not done yet: counted when its last round ends
                    summary.failed[text] = _gave_up(policy, rounds[text] - 1, exc.reason)
                except _Unusable as exc:
                    summary.failed[text] = str(exc)
                    consecutive_network = 0
                else:
                    consecutive_network = 0
                    cache.put(engine.name, engine.source, lang, text, translation)
                    pending_flush[text] = ("machine", translation, engine.name)
                    summary.translated += 1
                progress += 1
                notify("unit")
            if consecutive_network >= max(3, size) and not worker.stop.is_set():
                worker.stop.set()
            if pending_flush and (
                len(pending_flush) >= FLUSH_UNITS or time.monotonic() - last_flush >= FLUSH_SECONDS
            ):
                _flush(statement, lang, pending_flush, force, today)
                pending_flush.clear()
                last_flush = time.monotonic()
    except BaseException:
        worker.stop.set()
        executor.shutdown(wait=False, cancel_futures=True)
        for future, text in futures.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                pending_flush[text] = ("machine", future.result(), engine.name)
        if pending_flush:
            _flush(statement, lang, pending_flush, force, today)
        raise
    executor.shutdown(wait=True)
    if pending_flush:
        _flush(statement, lang, pending_flush, force, today)
    summary.chars_sent = worker.chars_sent
    summary.requests = worker.requests
    notify("done")


def _gave_up(policy: RetryPolicy, rounds: int, reason: str) -> str:
    """Why a unit was left: ``gave up after 5 attempts: server error (HTTP 500)``."""
    if rounds > 1:
        return f"gave up after {rounds} rounds of {policy.attempts} attempts: {reason}"
    return f"gave up after {policy.attempts} attempts: {reason}"


def _flush(
    statement: Statement,
    lang: str,
    results: dict[str, tuple[str, str, str]],
    force: bool,
    today: date,
) -> None:
    """Store finished units under the catalog's lock, re-reading it first.

    A volunteer may have saved a unit in the meantime: only units that are still
    untranslated are filled (any unit that is not approved, with ``force``).
    """
    with statement.lock(lang):
        catalog = statement.catalog(lang)
        changed = False
        for entry in catalog:
            if not is_unit_entry(entry) or entry.msgid not in results:
                continue
            if entry_state(entry) != "untranslated" and not force:
                continue
            kind, text, origin = results[entry.msgid]
            if kind == "memory":
                apply_memory(entry, text, origin, today)
            else:
                apply_machine(entry, text, origin, today)
            changed = True
        if changed:
            statement.save_catalog(lang, catalog)
