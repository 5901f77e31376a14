"""Bad input, generated: the splitter, the source decoder, the PO reader, the API's JSON, the CLI.

No traceback reaches a user: every outcome is a result or a one-line WorkflowError, and bad
input writes nothing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webui import create_app
from workflow.catalog.pofile import read_catalog
from workflow.catalog.segment import split
from workflow.catalog.statement import create_statement
from workflow.cli import main
from workflow.errors import WorkflowError
from workflow.fileio import decode_source

from .conftest import json_of, msgfmt_check, snapshot
from .webapp import csrf_from, login, make_project

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_weird = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Z", "Cc", "Cf"]),
    max_size=300,
)


def test_control_characters_are_refused() -> None:
    with pytest.raises(WorkflowError, match=r"control character U\+0004 on line 2"):
        decode_source(b"Title\nA \x04 paragraph.\n", "s.md")


@FUZZ
@given(_weird, st.sampled_from(["md", "txt"]))
def test_splitter_round_trips_or_refuses(text: str, fmt: str) -> None:
    try:
        document = split(text, fmt)
    except WorkflowError:
        return
    assert document.render(lambda slot: slot.text) == text
    assert all(unit.text.strip() for unit in document.units())


@FUZZ
@given(st.binary(max_size=300))
def test_source_decoder(data: bytes) -> None:
    try:
        text = decode_source(data, "upload")
    except WorkflowError as exc:
        assert "\n" not in str(exc)
        return
    assert text.encode("utf-8") == data
    assert not re.search("[\x01-\x08\x0e-\x1f\x7f]", text)  # every control is refused


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_po_reader_reads_or_names_the_problem(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + data
    )
    try:
        read_catalog(path)
    except WorkflowError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_weird)
def test_any_statement_gives_catalogs_msgfmt_accepts(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    try:
        statement = create_statement(root, text.encode("utf-8"), "s.md", languages=["ar"])
    except WorkflowError:
        assert snapshot(root) == {}
        return
    for path in (statement.pot_path, statement.po_path("ar")):
        result = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    assert [e.msgid for e in read_catalog(statement.po_path("ar"))] == [
        u.text for u in statement.document().units()
    ]


@FUZZ
@given(st.binary(max_size=200))
def test_cli_new_on_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    base = tmp_path_factory.mktemp("cli")
    source = base / "statement.txt"
    source.write_bytes(data)
    root = base / "translations"
    code = main(["new", str(source), "--root", str(root), "--lang", "ar"])
    assert code in (0, 1), "an internal error, not a one-line refusal"
    if code == 1:
        assert not root.exists() or snapshot(root) == {}


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
_payloads = _json | st.fixed_dictionaries(
    {
        "translation": _json | st.text(max_size=50),
        "state": _json | st.sampled_from(["draft", "translated", "approved"]),
        "revision": _json | st.text(max_size=14),
    }
)


@pytest.fixture
def app(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    make_project(root, tmp_path / "instance")
    return create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": tmp_path / "instance"})


@FUZZ
@given(payload=_payloads, raw=st.booleans())
def test_api_answers_any_json_without_a_server_error(
    app: Flask, root: Path, tmp_path: Path, payload: Any, raw: bool
) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Rania")
    unit = json_of(client.get("/api/statements/gaza/ar/units"))[0]["id"]
    if raw:
        response = client.post(
            f"/api/statements/gaza/ar/units/{unit}",
            data=repr(payload),
            headers={"X-CSRFToken": csrf},
            content_type="application/json",
        )
    else:
        response = client.post(
            f"/api/statements/gaza/ar/units/{unit}", json=payload, headers={"X-CSRFToken": csrf}
        )
    assert response.status_code in (200, 400, 409), response.text
    body = json_of(response)  # asserts that the answer is JSON
    assert "error" in body or "revision" in body
    read_catalog(root / "gaza" / "ar.po")


_typed = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]),
    max_size=80,
) | st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Z", "Cc", "Cf", "Co"]),
    max_size=80,
)


def test_api_saves_of_any_text_leave_catalogs_msgfmt_accepts(
    app: Flask, root: Path, tmp_path: Path
) -> None:
    """Saves with a valid revision reach the write path; every written catalog passes
    ``msgfmt -c`` and every refused save leaves the file as it was."""
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Rania")
    path = root / "gaza" / "ar.po"
    outcomes = {"saved": 0, "refused": 0}

    @FUZZ
    @given(
        text=_typed,
        state=st.sampled_from(["draft", "translated", "approved"]),
        index=st.integers(0, 4),
    )
    def save(text: str, state: str, index: int) -> None:
        unit = json_of(client.get("/api/statements/gaza/ar/units"))[index]
        before = path.read_bytes()
        response = client.post(
            f"/api/statements/gaza/ar/units/{unit['id']}",
            json={"translation": text, "state": state, "revision": unit["revision"]},
            headers={"X-CSRFToken": csrf},
        )
        assert response.status_code in (200, 400), response.text
        if response.status_code == 200:
            outcomes["saved"] += 1
            read_catalog(path)
            msgfmt_check(path)
        else:
            outcomes["refused"] += 1
            assert path.read_bytes() == before
            assert "\n" not in json_of(response)["error"]

    save()
    assert outcomes["saved"] > outcomes["refused"], outcomes


def _routes(app: Flask) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        # Public on purpose: logging in, choosing the interface language, the published
        # site and the icon; the service worker is a static file served from the root (its
        # scope).
        if rule.endpoint in (
            "static",
            "i18n.choose",
            "favicon",
            "offline.service_worker",
        ) or rule.endpoint.startswith(("auth.", "published.")):
            continue
        values = {
            arg: {
                "slug": "gaza",
                "lang": "ar",
                "unit_id": "0123456789",
                "job_id": "0" * 16,
                "fmt": "html",
                "cid": "0" * 8,
                "pid": "0" * 8,
            }[arg]
            for arg in rule.arguments
        }
        built = rule.build(values)  # (subdomain, path), or None when a value does not convert
        assert built is not None and rule.methods is not None
        path = built[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, path))
    return found


def test_every_route_needs_login(app: Flask) -> None:
    client: FlaskClient = app.test_client()
    csrf = csrf_from(client.get("/").text)  # the "log in first" page still carries a token
    for method, path in _routes(app):
        response = client.open(
            path, method=method, data={"csrf_token": csrf}, headers={"X-CSRFToken": csrf}
        )
        assert response.status_code == 401, (method, path, response.status_code)


def test_editor_routes_refuse_other_roles(app: Flask, tmp_path: Path) -> None:
    client = app.test_client()
    csrf = login(client, tmp_path / "instance", "Rania")
    editor_only = [
        (m, p)
        for m, p in _routes(app)
        if p.startswith(("/new", "/users", "/jobs", "/api/jobs"))
        or p.endswith(("/source", "/pretranslate", "/publish", "/download/ar.html"))
    ]
    assert len(editor_only) >= 9
    for method, path in editor_only:
        response = client.open(path, method=method, data={"csrf_token": csrf})
        assert response.status_code == 403, (method, path, response.status_code)
