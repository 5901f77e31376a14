"""Helpers shared by the web UI tests: a project with users, logging in, CSRF tokens."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient

from webui.i18n import COOKIE
from workflow.catalog.statement import Statement, create_statement
from workflow.team.users import UserStore

SOURCE = """# Statement on Gaza

We call for an immediate ceasefire and an end to the siege of 2.2 million people.

Over 8000 Palestinians have been killed, including over 3000 children.

- Protect humanitarian workers.
- Free the detainees.
"""

PEOPLE = {
    "Editor": ("editor", []),
    "Layla": ("translator", ["ar"]),
    "Rania": ("reviewer", ["ar"]),
    "Karwan": ("translator", ["ckb"]),
}


def make_project(root: Path, instance: Path) -> Statement:
    """A statement in ar, ckb and kmr, and one user of each kind."""
    statement = create_statement(
        root, SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar", "ckb", "kmr"]
    )
    store = UserStore(instance)
    for name, (role, langs) in PEOPLE.items():
        store.add(name, role, langs)
    return statement


def csrf_from(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert match, "the page carries no CSRF token"
    return match.group(1)


def login(client: FlaskClient, instance: Path, name: str, interface: str | None = "en") -> str:
    """Log ``name`` in through a one-time link; returns a CSRF token for later posts.

    The interface is English unless ``interface`` names another language (as if chosen in
    the menu before logging in); ``None`` leaves it to the defaults (the working language).
    """
    if interface is not None:
        client.set_cookie(COOKIE, interface)
    token = UserStore(instance).issue_token(name)
    page = client.get(f"/login/{token}")
    assert page.status_code == 200
    response = client.post(f"/login/{token}", data={"csrf_token": csrf_from(page.text)})
    assert response.status_code == 302
    return csrf_from(client.get("/").text)
