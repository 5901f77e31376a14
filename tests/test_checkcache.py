"""Findings kept between runs: unchanged units are not checked again, nothing stale is used."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from workflow.catalog.statement import Statement, create_statement
from workflow.fileio import DiskFull
from workflow.i18n import N_
from workflow.quality import checkcache, checks
from workflow.quality.checkcache import CACHE_DIR, CheckCache
from workflow.quality.glossary import Glossary

from .conftest import SEED_SKIP
from .seed_translations import AR, approve_seed


@pytest.fixture
def statement(root: Path, seed_path: Path) -> Statement:
    made = create_statement(
        root, seed_path.read_bytes(), "statement.txt", slug="icssi", skip=SEED_SKIP
    )
    wrong = list(AR)
    wrong[1] = wrong[1].replace("٢٫٢", "٣٫٢")  # a numbers error to find
    approve_seed(made, "ar", wrong)
    return made


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the units really checked (not taken from the cache)."""
    seen: list[str] = []
    real = checks.check_unit

    def check_unit(source: str, target: str, ctx: Any) -> list[checks.Finding]:
        seen.append(source)
        return real(source, target, ctx)

    monkeypatch.setattr(checks, "check_unit", check_unit)
    return seen


def test_a_second_run_checks_nothing_and_finds_the_same(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = counting(monkeypatch)
    first = checks.check_statement(statement, ["ar"])
    assert len(seen) == len(AR) and any(r["check"] == "numbers" for r in first)
    assert (statement.root / CACHE_DIR / "icssi" / "ar.json").is_file()
    seen.clear()
    assert checks.check_statement(statement, ["ar"]) == first
    assert seen == []


def test_a_changed_translation_or_glossary_is_checked_again(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks.check_statement(statement, ["ar"])
    seen = counting(monkeypatch)
    approve_seed(statement, "ar", list(AR))
    fixed = checks.check_statement(statement, ["ar"])
    assert len(seen) == 1 and not any(r["check"] == "numbers" for r in fixed)
    seen.clear()
    Glossary(statement.root).set("ceasefire", "ar", "هدنة", confirm=True)
    after = checks.check_statement(statement, ["ar"])
    assert len(seen) == len(AR)
    assert any(r["check"] == "glossary" for r in after)


def test_allowed_words_are_part_of_the_key(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks.check_statement(statement, ["ar"])
    seen = counting(monkeypatch)
    checks.check_statement(statement, ["ar"], ["icssi"])
    assert len(seen) == len(AR)


@pytest.mark.parametrize("content", [b"{not json", b'{"units": [1, 2]}', b"\xff\xfe"])
def test_a_broken_cache_is_ignored_and_replaced(
    statement: Statement, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    first = checks.check_statement(statement, ["ar"])
    path = statement.root / CACHE_DIR / "icssi" / "ar.json"
    path.write_bytes(content)
    seen = counting(monkeypatch)
    assert checks.check_statement(statement, ["ar"]) == first
    assert len(seen) == len(AR)
    assert path.read_bytes() != content


def test_an_unwritable_cache_changes_nothing(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(statement.root / ".cache", ignore_errors=True)  # the split new kept
    (statement.root / ".cache").write_text("a file where the folder would be")
    first = checks.check_statement(statement, ["ar"])
    assert any(r["check"] == "numbers" for r in first)
    assert checks.check_statement(statement, ["ar"]) == first


@pytest.mark.parametrize(
    "units",
    [{"k": [["numbers", "error", "x"]]}, {"k": "text"}, {"k": [["a", "b", "c", "not params"]]}],
)
def test_a_damaged_entry_is_not_trusted(
    statement: Statement, monkeypatch: pytest.MonkeyPatch, units: dict[str, Any]
) -> None:
    first = checks.check_statement(statement, ["ar"])
    path = statement.root / CACHE_DIR / "icssi" / "ar.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["units"] = {key: next(iter(units.values())) for key in data["units"]}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert checks.check_statement(statement, ["ar"]) == first


def test_texts_cannot_collide_in_the_key(statement: Statement) -> None:
    cache = CheckCache.open(statement.root, "icssi", "ar", "en", "", "")
    assert cache._key("a\x1eb", "c") != cache._key("a", "b\x1ec")


def test_a_full_disk_leaves_the_checks_working(
    statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any, **kwargs: Any) -> None:
        raise DiskFull(N_("could not save: the disk is full (nothing was changed)"))

    monkeypatch.setattr(checkcache, "atomic_write_text", full)
    assert any(r["check"] == "numbers" for r in checks.check_statement(statement, ["ar"]))
