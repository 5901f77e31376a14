"""Machine pretranslation: the real deep-translator code over real HTTP to a loopback server."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from subprocess import CompletedProcess
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from workflow.catalog.state import apply_human, entry_state, markers
from workflow.catalog.statement import Statement, create_statement
from workflow.config import Config
from workflow.errors import WorkflowError
from workflow.mt.cache import TranslationCache
from workflow.mt.engine import ENGINES, resolve_engine
from workflow.mt.memory import TranslationMemory
from workflow.mt.pretranslate import LanguageSummary, RetryPolicy, pretranslate, validate

from .conftest import msgfmt_check, snapshot
from .libre_server import LibreServer, fake_translate

FAST = RetryPolicy(attempts=5, backoff=0.01, max_backoff=0.05, timeout=(1.0, 0.5))
SOURCE = """# Statement on Gaza

We call for an immediate ceasefire and an end to the siege of 2.2 million people.

Read more at https://icssi.org/statement?id=7 or write to info@icssi.org #Gaza.

We call for an immediate ceasefire and an end to the siege of 2.2 million people.

- Protect humanitarian workers.
- Free the detainees.
"""


@pytest.fixture
def statement(root: Path) -> Statement:
    return create_statement(root, SOURCE.encode(), "gaza.md", languages=["ar", "ckb", "kmr"])


def run(statement: Statement, server: LibreServer, **kwargs: object) -> list[LanguageSummary]:
    options: dict[str, object] = {"engine": "libre", "engine_url": server.url, "policy": FAST}
    options.update(kwargs)
    return pretranslate(statement, Config(), **options)  # type: ignore[arg-type]


def test_every_unit_gets_a_machine_suggestion(statement: Statement) -> None:
    with LibreServer() as server:
        summaries = run(statement, server)
        assert server.translate_requests == 3 * 5  # the repeated paragraph is sent once
        sent = {params["target"] for params in server.seen_params}
        assert sent == {"ar", "ckb", "kmr"}
        assert all(
            params["source"] == "en" and params["format"] == "text" for params in server.seen_params
        )
    assert [s.translated for s in summaries] == [5, 5, 5]
    for lang in ("ar", "ckb", "kmr"):
        catalog = statement.catalog(lang)
        assert {entry_state(e) for e in catalog} == {"machine"}
        assert all(markers(e)["machine"] == f"libre {date.today().isoformat()}" for e in catalog)
        assert all(
            e.msgstr == fake_translate(e.msgid, lang) or "https://" in e.msgid for e in catalog
        )
        msgfmt_check(statement.po_path(lang))


def test_links_addresses_and_hashtags_come_back_intact(statement: Statement) -> None:
    with LibreServer() as server:
        run(statement, server, langs=["ar"])
        sent = [p["q"] for p in server.seen_params if "Read more" in p["q"]]
    assert sent and "https://" not in sent[0] and "@" not in sent[0] and "⟦1⟧" in sent[0]
    entry = next(e for e in statement.catalog("ar") if "Read more" in e.msgid)
    assert "https://icssi.org/statement?id=7" in entry.msgstr
    assert "info@icssi.org" in entry.msgstr and "#Gaza" in entry.msgstr


def test_second_run_sends_nothing(statement: Statement) -> None:
    with LibreServer() as server:
        run(statement, server)
        first = server.translate_requests
        summaries = run(statement, server)
        assert server.translate_requests == first
        assert all(s.todo == 0 for s in summaries)
        # --force redoes every unit, but the cache answers: still nothing sent.
        forced = run(statement, server, force=True)
        assert server.translate_requests == first
        assert [s.cache for s in forced] == [5, 5, 5]


@pytest.mark.parametrize("fault", ["429", "500", "garbage", "drop", "hang"])
def test_faults_are_retried(statement: Statement, fault: str) -> None:
    with LibreServer(hang_seconds=2.0) as server:
        server.script = [fault, fault]
        summaries = run(statement, server, langs=["ar"], workers=1)
    assert summaries[0].translated == 5 and not summaries[0].failed
    assert {entry_state(e) for e in statement.catalog("ar")} == {"machine"}


def test_retry_after_is_honoured(statement: Statement) -> None:
    with LibreServer(retry_after="1") as server:
        server.script = ["429"]
        started = time.monotonic()
        run(statement, server, langs=["ar"], workers=1)
        assert time.monotonic() - started >= 1.0


def test_a_unit_that_keeps_failing_is_reported_and_left_empty(statement: Statement) -> None:
    with LibreServer(fault_rate=1.0, faults=("500",)) as server:
        summaries = run(statement, server, langs=["ar"])
        assert server.translate_requests == 5 * 5 * 2  # two rounds of five attempts each
    assert len(summaries[0].failed) == 5
    assert all(
        "gave up after 2 rounds of 5 attempts: server error (HTTP 500)" in r
        for r in summaries[0].failed.values()
    )
    assert {entry_state(e) for e in statement.catalog("ar")} == {"untranslated"}


def test_a_unit_whose_attempts_all_fail_gets_a_second_round(statement: Statement) -> None:
    with LibreServer() as server:
        server.script = ["500"] * 5  # one worker: the first unit's five attempts
        summaries = run(statement, server, langs=["ar"], workers=1)
        assert server.translate_requests == 5 + 4 + 1
    assert summaries[0].translated == 5 and not summaries[0].failed
    assert {entry_state(e) for e in statement.catalog("ar")} == {"machine"}


def test_a_second_round_sends_only_the_pieces_still_missing(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paragraph longer than the engine takes goes in pieces; when one piece's attempts
    all fail, the next round sends that piece, not the ones already translated."""
    long = " ".join(f"Sentence {n} of an appeal for the detainees." for n in range(120))
    statement = create_statement(root, long.encode(), "long.txt", languages=["ar"])
    monkeypatch.setitem(ENGINES, "libre", replace(ENGINES["libre"], max_chars=len(long) // 2 + 40))
    with LibreServer() as server:
        server.script = [""] + ["500"] * 5  # the first piece passes, the second fails 5 times
        summaries = run(statement, server, workers=1)
        sent = [params["q"] for params in server.seen_params]
    assert summaries[0].translated == 1 and not summaries[0].failed
    assert len(sent) == 1 + 5 + 1
    assert sent.count(sent[0]) == 1 and sent[0] != sent[-1]
    assert sent[0].startswith("Sentence 0 ") and sent[-1].endswith("detainees.")
    entry = statement.catalog("ar")[0]
    assert entry.msgstr == " ".join(fake_translate(piece, "ar") for piece in (sent[0], sent[-1]))


def test_a_unit_just_over_the_limit_goes_as_its_one_folded_piece(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut for the engine's limit, a text whose runs of spaces fold fits in one piece: that
    piece is sent, not the text over the limit."""
    text = "We stand with the people of Gaza.   We call for a ceasefire now."
    statement = create_statement(root, text.encode(), "s.txt", languages=["ar"])
    [unit] = [e.msgid for e in statement.catalog("ar")]
    assert "   " in unit  # the segmenter keeps the run
    monkeypatch.setitem(ENGINES, "libre", replace(ENGINES["libre"], max_chars=len(unit) - 1))
    with LibreServer() as server:
        summaries = run(statement, server, workers=1)
        sent = [params["q"] for params in server.seen_params]
    assert summaries[0].translated == 1
    assert sent == [" ".join(unit.split())] and len(sent[0]) < len(unit)


def test_one_round_only_when_asked(statement: Statement) -> None:
    with LibreServer() as server:
        server.script = ["500"] * 5
        summaries = run(statement, server, langs=["ar"], workers=1, policy=replace(FAST, rounds=1))
    assert list(summaries[0].failed.values()) == [
        "gave up after 5 attempts: server error (HTTP 500)"
    ]
    states = [entry_state(e) for e in statement.catalog("ar")]
    assert sorted(states) == ["machine"] * 4 + ["untranslated"]


def test_human_translations_are_kept_unless_forced(statement: Statement) -> None:
    catalog = statement.catalog("ar")
    apply_human(catalog[0], "بيان بشأن غزة", "translated", "Layla", date(2026, 11, 24))
    statement.save_catalog("ar", catalog)
    with LibreServer() as server:
        run(statement, server, langs=["ar"])
        assert statement.catalog("ar")[0].msgstr == "بيان بشأن غزة"
        run(statement, server, langs=["ar"], force=True)
    assert statement.catalog("ar")[0].msgstr != "بيان بشأن غزة"


def test_exact_memory_matches_come_first(root: Path, statement: Statement) -> None:
    earlier = create_statement(
        root, b"Free the detainees.\n", "old.txt", slug="older", languages=["ar"]
    )
    catalog = earlier.catalog("ar")
    apply_human(catalog[0], "أطلقوا سراح المعتقلين.", "approved", "Layla", date(2026, 10, 1))
    earlier.save_catalog("ar", catalog)
    with LibreServer() as server:
        summaries = run(statement, server, langs=["ar"])
        assert "Free the detainees." not in [p["q"] for p in server.seen_params]
    assert summaries[0].memory == 1
    entry = next(e for e in statement.catalog("ar") if e.msgid == "Free the detainees.")
    assert entry.msgstr == "أطلقوا سراح المعتقلين."
    assert markers(entry)["memory"] == "older 2026-10-01"
    assert entry_state(entry) == "machine"


def test_interrupted_run_keeps_finished_units(statement: Statement) -> None:
    calls = []

    def interrupt(event: str, summary: LanguageSummary, done: int) -> None:
        calls.append(done)
        if event == "unit" and done == 2:
            raise KeyboardInterrupt

    with LibreServer(latency=0.05) as server:
        with pytest.raises(KeyboardInterrupt):
            run(statement, server, langs=["ar"], workers=1, on_progress=interrupt)
        kept = sum(1 for e in statement.catalog("ar") if e.msgstr)
        assert kept >= 2
        before = server.translate_requests
        summaries = run(statement, server, langs=["ar"], workers=1)
        assert summaries[0].todo == 5 - kept
        assert server.translate_requests - before <= 5 - kept + 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_server_fails_fast_and_touches_nothing(
    statement: Statement, root: Path
) -> None:
    before = snapshot(root / statement.slug)
    # The first probe decides: no unit is tried (and retried) against a server that is not there.
    with pytest.raises(WorkflowError, match="cannot reach the LibreTranslate server"):
        pretranslate(
            statement, Config(), engine="libre", engine_url=f"http://127.0.0.1:{_closed_port()}/"
        )
    assert snapshot(root / statement.slug) == before


def test_configuration_errors_come_before_any_request(statement: Statement) -> None:
    with LibreServer(
        languages=[{"code": "en", "name": "English"}, {"code": "ar", "name": "Arabic"}]
    ) as server:
        with pytest.raises(WorkflowError, match="does not offer 'ckb'"):
            run(statement, server)
        assert server.translate_requests == 0
    with pytest.raises(WorkflowError, match="cannot translate 'ckb'"):
        pretranslate(statement, Config(), engine="deepl", environ={"DEEPL_API_KEY": "k"})
    with pytest.raises(WorkflowError, match="DEEPL_API_KEY"):
        pretranslate(statement, Config(), ["ar"], engine="deepl", environ={})
    with pytest.raises(WorkflowError, match="needs a server address"):
        pretranslate(statement, Config(), engine="libre")
    with pytest.raises(WorkflowError, match="unknown engine"):
        pretranslate(statement, Config(), engine="babelfish")


def test_language_maps_are_explicit() -> None:
    assert ENGINES["google"].codes == {"en": "en", "ar": "ar", "ckb": "ckb", "kmr": "ku"}
    assert ENGINES["microsoft"].codes["ckb"] == "ku" and ENGINES["microsoft"].codes["kmr"] == "kmr"
    assert ENGINES["mymemory"].codes == {
        "en": "en-GB",
        "ar": "ar-SA",
        "ckb": "ckb-IQ",
        "kmr": "kmr-TR",
    }
    assert "ckb" not in ENGINES["deepl"].codes and "kmr" not in ENGINES["qcri"].codes
    for spec in ENGINES.values():
        # 'ku' is ambiguous: only ever a provider's code for one of ours, never ours.
        assert "ku" not in spec.codes


def test_a_fresh_translator_per_call() -> None:
    engine = resolve_engine("google", "en", "ar")
    assert engine.translator() is not engine.translator()


@pytest.mark.parametrize(
    ("result", "script", "reason"),
    [
        (None, "Arab", "returned nothing"),
        ("", "Arab", "returned nothing"),
        (
            "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY",
            "Arab",
            "error message",
        ),
        ("We call for a ceasefire now.", "Arab", "unchanged"),
        ("Em ji bo agirbestê bang dikin.", "Arab", "not in Arabic script"),
        ("ئێمە داوای ئاگربەست دەکەین.", "Latn", "not in Latin script"),
    ],
)
def test_bad_answers_are_refused(result: object, script: str, reason: str) -> None:
    found = validate("We call for a ceasefire now.", result, script)
    assert found is not None and reason in found


def test_good_answers_pass() -> None:
    assert validate("ICSSI", "ICSSI", "Arab") is None
    assert validate("Over 8000 killed.", "قُتل أكثر من 8000 شخص في ICSSI.", "Arab") is None
    assert validate("We call for a ceasefire.", "Em bang li agirbestê dikin.", "Latn") is None


def _query(request: responses.PreparedRequest) -> dict[str, list[str]]:
    """The query parameters of a mocked request (requests types its ``url`` as ``str | None``)."""
    assert request.url is not None
    return parse_qs(urlparse(request.url).query)


def _google_page(text: str) -> str:
    return f'<html><body><div class="result-container">{text}</div></body></html>'


@responses.activate
def test_google_request_level(statement: Statement) -> None:
    responses.add(responses.HEAD, "https://translate.google.com/", status=200)
    targets: list[str] = []

    def answer(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        params = {k: v[0] for k, v in _query(request).items()}
        targets.append(params["tl"])
        page = _google_page(fake_translate(params["q"], "kmr" if params["tl"] == "ku" else "ckb"))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page

    responses.add_callback(responses.GET, "https://translate.google.com/m", callback=answer)
    summaries = pretranslate(statement, Config(), ["ckb", "kmr"], engine="google", policy=FAST)
    assert set(targets) == {"ckb", "ku"}
    assert [s.translated for s in summaries] == [5, 5]


@responses.activate
def test_google_unchanged_answer_is_not_stored(statement: Statement) -> None:
    responses.add(responses.HEAD, "https://translate.google.com/", status=200)
    responses.add(responses.GET, "https://translate.google.com/m", body=_google_page("We call for"))
    summaries = pretranslate(statement, Config(), ["kmr"], engine="google", policy=FAST)
    assert summaries[0].translated < 5


@responses.activate
def test_mymemory_codes_limit_and_quota(root: Path) -> None:
    long_text = " ".join(["The siege must end now, and aid must reach every family in Gaza."] * 12)
    statement = create_statement(root, long_text.encode(), "long.txt", languages=["ckb"])
    responses.add(responses.HEAD, "http://api.mymemory.translated.net/", status=200)
    pairs: list[str] = []
    sizes: list[int] = []

    def answer(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        import json

        params = {k: v[0] for k, v in _query(request).items()}
        pairs.append(params["langpair"])
        sizes.append(len(params["q"]))
        body = {"responseData": {"translatedText": "گەمارۆ دەبێت کۆتایی پێبێت."}, "matches": []}
        return 200, {}, json.dumps(body)

    responses.add_callback(responses.GET, "http://api.mymemory.translated.net/get", callback=answer)
    summaries = pretranslate(statement, Config(), engine="mymemory", policy=FAST)
    assert summaries[0].translated == 1
    assert set(pairs) == {"en-GB|ckb-IQ"} and len(sizes) > 1 and max(sizes) <= 480

    responses.replace(
        responses.GET,
        "http://api.mymemory.translated.net/get",
        json={
            "responseData": {
                "translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS"
            }
        },
    )
    with pytest.raises(WorkflowError, match="quota"):
        pretranslate(
            statement,
            Config(),
            engine="mymemory",
            policy=FAST,
            force=True,
            cache=TranslationCache(None),
        )


@responses.activate
def test_microsoft_request_level(statement: Statement) -> None:
    responses.add(responses.HEAD, "https://api.cognitive.microsofttranslator.com/", status=200)
    responses.add(
        responses.GET,
        "https://api.cognitive.microsofttranslator.com/languages",
        json={
            "translation": {
                c: {"name": n}
                for c, n in [
                    ("en", "English"),
                    ("ar", "Arabic"),
                    ("ku", "Central Kurdish"),
                    ("kmr", "Northern Kurdish"),
                ]
            }
        },
    )
    seen: list[str] = []

    def answer(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        import json

        to = _query(request)["to"][0]
        seen.append(to)
        assert request.headers["Ocp-Apim-Subscription-Key"] == "secret"
        assert request.body is not None
        text = fake_translate(json.loads(request.body)[0]["text"], "ckb" if to == "ku" else "kmr")
        return 200, {}, json.dumps([{"translations": [{"text": text, "to": to}]}])

    responses.add_callback(
        responses.POST, "https://api.cognitive.microsofttranslator.com/translate", callback=answer
    )
    summaries = pretranslate(
        statement,
        Config(),
        ["ckb", "kmr"],
        engine="microsoft",
        policy=FAST,
        environ={"MICROSOFT_API_KEY": "secret"},
        memory=TranslationMemory([]),
    )
    assert set(seen) == {"ku", "kmr"}
    assert [s.translated for s in summaries] == [5, 5]


Cli = Callable[..., CompletedProcess[str]]


def test_cli_pretranslate_and_offline(cli: Cli, root: Path, tmp_path: Path) -> None:
    source = tmp_path / "gaza.md"
    source.write_text(SOURCE, encoding="utf-8")
    cli("new", str(source), "--slug", "gaza", "--lang", "ar", check=True)
    with LibreServer() as server:
        result = cli(
            "pretranslate",
            "gaza",
            "--engine",
            "libre",
            "--engine-url",
            server.url,
            "--workers",
            "4",
            check=True,
        )
    assert "gaza [ar] via libre" in result.stdout and "5 translated" in result.stdout
    before = snapshot(root)
    # One probe of the unreachable server decides (no retry per unit): one line, nothing written.
    offline = cli(
        "pretranslate",
        "gaza",
        "--force",
        "--engine",
        "libre",
        "--engine-url",
        f"http://127.0.0.1:{_closed_port()}/",
    )
    assert offline.returncode == 1
    assert offline.stderr.strip().count("\n") == 0 and "Traceback" not in offline.stderr
    assert "cannot reach" in offline.stderr
    assert snapshot(root) == before


def test_a_server_naming_ku_kurmanji_gets_kmr_but_bare_ku_is_refused(statement: Statement) -> None:
    kurmanji = [
        {"code": "en", "name": "English"},
        {"code": "ku", "name": "Kurdish (Kurmanji)"},
    ]
    with LibreServer(languages=kurmanji) as server:
        run(statement, server, langs=["kmr"])
        assert {p["target"] for p in server.seen_params} == {"ku"}
        with pytest.raises(WorkflowError, match="does not offer 'ckb'"):
            run(statement, server, langs=["ckb"])
    bare = [{"code": "en", "name": "English"}, {"code": "ku", "name": "Kurdish"}]
    with (
        LibreServer(languages=bare) as server,
        pytest.raises(WorkflowError, match="does not offer 'kmr'"),
    ):
        run(statement, server, langs=["kmr"])


@responses.activate
def test_deepl_request_level(root: Path) -> None:
    statement = create_statement(root, b"We demand a ceasefire.\n", "s.txt", languages=["ar"])
    responses.add(responses.HEAD, "https://api.deepl.com/", status=200)
    seen: list[dict[str, str]] = []

    def answer(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        import json

        params = {k: v[0] for k, v in _query(request).items()}
        seen.append(params)
        body = {"translations": [{"text": fake_translate(params["text"], "ar")}]}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    responses.add_callback(
        responses.GET, "https://api-free.deepl.com/v2/translate", callback=answer
    )
    summaries = pretranslate(
        statement, Config(), engine="deepl", policy=FAST, environ={"DEEPL_API_KEY": "secret:fx"}
    )
    assert summaries[0].translated == 1
    assert seen[0]["target_lang"] == "ar" and seen[0]["auth_key"] == "secret:fx"


@responses.activate
def test_qcri_request_level(root: Path) -> None:
    statement = create_statement(root, b"We demand a ceasefire.\n", "s.txt", languages=["ar"])
    responses.add(responses.HEAD, "https://mt.qcri.org/", status=200)
    seen: list[dict[str, str]] = []

    def answer(request: responses.PreparedRequest) -> tuple[int, dict[str, str], str]:
        import json

        params = {k: v[0] for k, v in _query(request).items()}
        seen.append(params)
        body = {"translatedText": fake_translate(params["text"], "ar")}
        return 200, {"Content-Type": "application/json"}, json.dumps(body)

    responses.add_callback(responses.GET, "https://mt.qcri.org/api/v1/translate", callback=answer)
    summaries = pretranslate(
        statement, Config(), engine="qcri", policy=FAST, environ={"QCRI_API_KEY": "k"}
    )
    assert summaries[0].translated == 1
    assert seen[0]["langpair"] == "en-ar" and seen[0]["domain"] == "general"


def test_units_stopped_in_their_second_round_say_why_their_first_ended(
    statement: Statement,
) -> None:
    with LibreServer(fault_rate=1.0, faults=("drop",)) as server:
        summaries = run(statement, server, langs=["ar"], workers=1)
    failed = summaries[0].failed
    assert len(failed) == 5
    gave_up = [reason for reason in failed.values() if reason.startswith("gave up")]
    assert len(gave_up) == 3  # three lost connections in a row stop the run
    assert set(gave_up) == {"gave up after 5 attempts: connection failed"}
    assert sorted(set(failed.values()) - set(gave_up)) == ["stopped before it was sent"]


@responses.activate
@pytest.mark.parametrize(
    ("status", "body", "needle"),
    [
        (404, "<html>Not Found</html>", "answered /languages with HTTP 404"),
        (200, "<html>a web page</html>", "did not answer /languages like a LibreTranslate"),
        (200, '{"error": "no"}', "did not answer /languages like a LibreTranslate"),
    ],
)
def test_a_server_that_is_not_libretranslate_is_named_as_such(
    status: int, body: str, needle: str
) -> None:
    """The server was reached: the line says what it answered, not that it could not be
    reached, and names no exception."""
    from workflow.mt.engine import preflight

    responses.get("http://mt.example.org/languages", body=body, status=status)
    engine = resolve_engine("libre", "en", "ar", url="http://mt.example.org/")
    with pytest.raises(WorkflowError) as raised:
        preflight(engine)
    message = str(raised.value)
    assert needle in message and "cannot reach" not in message and "Error" not in message
