"""The interface's catalogs stay complete: every marked string is in the POT, translated into
Arabic, Sorani and Kurmanji, with its placeholders and markup, and accepted by ``msgfmt -c``.

When one of these fails after you added a string: ``make messages``, then translate the new
entries in ``webui/translations/*/LC_MESSAGES/messages.po`` (README, "For developers").
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from workflow.quality.checks import CHECKS, Context

from .conftest import REPO, msgfmt_check

FOLDER = REPO / "webui" / "translations"
POT = FOLDER / "messages.pot"
LANGS = ("ar", "ckb", "kmr")
NPLURALS = {"ar": 6, "ckb": 2, "kmr": 2}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%%|\{\w*\}")
_TAG = re.compile(r"</?[a-z][^>]*>")


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def _ids(catalog: Catalog) -> set[tuple[str | tuple[str, ...], str | None]]:
    # Babel types an id as ``str | tuple[str, ...] | list[str]``; a list would not be hashable.
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id), message.context)
        for message in catalog
        if message.id
    }


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """A message's id or string as its forms: one, or a plural's several.

    Babel types either as ``str | tuple[str, ...] | list[str]`` (a string also ``None``); read_po
    gives a plural a tuple, any other message a ``str``, and never ``None``."""
    assert value is not None
    return (value,) if isinstance(value, str) else tuple(value)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What ``pybabel extract`` finds in the code now (as ``make messages`` runs it)."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    result = subprocess.run(
        [str(pybabel), "extract", "-F", "babel.cfg", "--no-location", "-o", str(out), "."],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return _read(out)


def test_committed_pot_has_every_marked_string(extracted: Catalog) -> None:
    committed = _ids(_read(POT))
    new = sorted(str(key[0]) for key in _ids(extracted) - committed)
    gone = sorted(str(key[0]) for key in committed - _ids(extracted))
    assert not new, f"strings missing from messages.pot (run `make messages`): {new}"
    assert not gone, f"messages.pot has strings the code no longer uses: {gone}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_matches_the_pot(lang: str) -> None:
    catalog = _read(FOLDER / lang / "LC_MESSAGES" / "messages.po")
    assert _ids(catalog) == _ids(_read(POT)), "run `make messages`"


def _translations(lang: str) -> list[Message]:
    return [m for m in _read(FOLDER / lang / "LC_MESSAGES" / "messages.po") if m.id]


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_and_not_fuzzy(lang: str) -> None:
    problems = []
    for message in _translations(lang):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        if message.pluralizable and len(strings) != NPLURALS[lang]:
            problems.append(f"{len(strings)} plural forms, not {NPLURALS[lang]}: {message.id!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_placeholders_and_markup(lang: str) -> None:
    placeables = CHECKS["placeables"]
    problems = []
    for message in _translations(lang):
        sources = _forms(message.id)
        strings = _forms(message.string)
        for index, string in enumerate(strings):
            source = sources[min(index, len(sources) - 1)]
            wanted = Counter(_PLACEHOLDER.findall(source))
            found = Counter(_PLACEHOLDER.findall(string))
            # A singular form may leave the number out (Arabic: "وحدة واحدة").
            if found != wanted and not (message.pluralizable and found <= wanted):
                problems.append(f"placeholders {dict(found)} for {dict(wanted)}: {source!r}")
            if Counter(_TAG.findall(string)) != Counter(_TAG.findall(source)):
                problems.append(f"markup differs: {source!r} -> {string!r}")
            for finding in placeables(source, string, Context("en", lang)):
                problems.append(f"{finding.message} {source!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_passes_msgfmt_check(lang: str) -> None:
    msgfmt_check(FOLDER / lang / "LC_MESSAGES" / "messages.po")


def test_babel_checkers_accept_every_catalog() -> None:
    for lang in LANGS:
        catalog = _read(FOLDER / lang / "LC_MESSAGES" / "messages.po")
        errors = [(message.id, [str(e) for e in errs]) for message, errs in catalog.check()]
        assert not errors, f"{lang}: {errors}"


def _core_messages_unmarked(path: Path) -> list[str]:
    """Core calls whose user-facing message is a bare string instead of an ``N_`` template."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    errors = {"WorkflowError", "NotFound", "Forbidden", "BadInput"}
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        if node.func.id in errors and node.args:
            message = node.args[0]
        elif node.func.id == "Finding" and len(node.args) >= 3:
            message = node.args[2]
        else:
            continue
        if isinstance(message, ast.Constant | ast.JoinedStr | ast.BinOp):
            problems.append(f"{path.name}:{node.lineno}")
    return problems


def test_core_messages_are_marked_for_translation() -> None:
    # The CLI's own messages stay English; everything else can reach a page.
    # (collab.py's NoteError messages are still English: see docs of issue 14.)
    paths = [
        path
        for path in sorted((REPO / "workflow").glob("*.py"))
        if path.name not in ("cli.py", "collab.py")
    ]
    problems = [problem for path in paths for problem in _core_messages_unmarked(path)]
    assert not problems, f"mark these messages with N_(...) and parameters: {problems}"
