"""Shared fixtures: the seed statement, a fresh translations root, the installed CLI, the web
app over the test project (``app``, ``client``) and Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.test import TestResponse

from webui import create_app
from workflow.catalog.statement import Statement

from .webapp import make_project

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "statement.txt"
BUNDLED = REPO / "translations" / "icssi-palestine-solidarity" / "source.txt"
SEED_SKIP = [
    "Iraqi Civil Society Solidarity Initiative",
    "The Iraqi Civil Society Solidarity Initiative (ICSSI) is dedicated to bringing together "
    "Iraqi and international civil societies through concrete actions to build together "
    "another Iraq, with peace and Human Rights for all.",
    "the image is by Mazen Kerbaj the image is by Mazen Kerbaj",
]


@pytest.fixture
def seed_path() -> Path:
    """The bundled statement as copied from the coalition's web page."""
    path = SEED if SEED.is_file() else BUNDLED
    assert path.is_file(), "the seed statement is missing"
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """An empty translations folder."""
    path = tmp_path / "translations"
    path.mkdir()
    return path


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    """The instance folder (users, tokens, secrets) of the web app's tests."""
    return tmp_path / "instance"


@pytest.fixture
def statement(root: Path, instance: Path) -> Statement:
    """The web tests' project: the Gaza statement with its volunteers (``tests/webapp.py``)."""
    return make_project(root, instance)


@pytest.fixture
def app(root: Path, instance: Path, statement: Statement, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """The web app over the project, with git off (flaskr's ``app`` fixture)."""
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    return create_app({"STATEMENTS_ROOT": root, "INSTANCE_DIR": instance, "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client of :func:`app`."""
    return app.test_client()


def json_of(response: TestResponse) -> Any:
    """The JSON body of a test client's response, asserting that it is JSON.

    Werkzeug types ``response.json`` as ``Any | None`` (``None`` when the body is not JSON); a
    test that reads the body first checks that there is one to read."""
    assert response.is_json, f"not a JSON response: {response.status} {response.mimetype}"
    return response.get_json()


def _console_script() -> str:
    found = Path(sys.executable).parent / "statements"
    if found.is_file():
        return str(found)
    which = shutil.which("statements")
    assert which, "the statements console script is not installed (pip install -e .)"
    return which


@pytest.fixture
def cli(root: Path, tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the installed ``statements`` console script with ``--root`` set to the fixture root."""
    script = _console_script()

    def run(
        *args: str, check: bool = False, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "STATEMENTS_ROOT": str(root), **(env or {})}
        environment.pop("STATEMENTS_DEBUG", None)
        result = subprocess.run(
            [script, *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment,
            timeout=120,
        )
        if check:
            assert result.returncode == 0, result.stderr
        return result

    return run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove that nothing changed."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def msgfmt_check(path: Path) -> None:
    """Assert that GNU ``msgfmt -c`` accepts a catalog (msgfmt must be installed)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU msgfmt is missing: apt-get install gettext"
    result = subprocess.run(
        [msgfmt, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright (its own browser download cannot work here)."""
    assert Path(CHROMIUM).exists(), "Debian's Chromium is missing: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield launched
        launched.close()


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as a test artifact (looked at, not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
