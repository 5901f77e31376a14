"""README's settings example is the shipped workflow.toml, and its example ports do not collide."""

from __future__ import annotations

import re
import tomllib

from workflow.config import DEFAULT_TOML

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
SHIPPED = (REPO / "translations" / "workflow.toml").read_text(encoding="utf-8")
LOOPBACK_PORT = re.compile(r"(?:127\.0\.0\.1|localhost):(\d+)")


def _settings_example() -> str:
    """The TOML block under README's settings heading."""
    section = README.split("### Settings: `translations/workflow.toml`", 1)
    assert len(section) == 2, "README has no settings section"
    block = re.search(r"```toml\n(.*?)```", section[1], re.S)
    assert block, "README's settings section has no TOML example"
    return block.group(1)


def test_readme_settings_are_the_shipped_ones() -> None:
    example = tomllib.loads(_settings_example())
    shipped = tomllib.loads(SHIPPED)
    assert example == shipped, "README's settings example differs from translations/workflow.toml"
    assert tomllib.loads(DEFAULT_TOML) == shipped, "statements setup would write other settings"


def _make_default_port() -> int:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^PORT \?= (\d+)$", makefile, re.M)
    assert match, "the Makefile sets no default PORT"
    return int(match.group(1))


def test_example_ports_are_not_the_review_ui_port() -> None:
    """A LibreTranslate example on the review UI's own port would point the tool at itself."""
    review_ui = _make_default_port()
    for name, text in [
        ("README settings", _settings_example()),
        ("workflow.toml", SHIPPED),
        ("DEFAULT_TOML", DEFAULT_TOML),
    ]:
        ports = {int(port) for port in LOOPBACK_PORT.findall(text)}
        assert ports, f"{name} shows no example server"
        assert review_ui not in ports, f"{name} shows port {review_ui}, the review UI's"
