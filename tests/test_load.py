"""The review UI under load and crashes: shortened versions of bench/load_bench.py."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from .conftest import msgfmt_check
from .load_client import crash_once, kill, project, run_clients, start_server, verify

pytestmark = pytest.mark.slow


def test_concurrent_saves_lose_nothing(tmp_path: Path) -> None:
    root, instance, statement = project(tmp_path, 100, 16)
    server, url = start_server(root, instance, workers=4)
    try:
        result = run_clients(url, instance, "load", "ar", clients=16, saves=400)
    finally:
        kill(server)
    assert result.errors == []
    assert len(result.acknowledged) + len(result.refused) == 400
    assert result.refused, "the hot units should have produced conflicts"
    assert verify(result, statement.po_path("ar")) == []
    msgfmt_check(statement.po_path("ar"))


def test_kill_9_in_the_middle_of_saves(tmp_path: Path) -> None:
    root, instance, statement = project(tmp_path, 60, 6)
    rng = random.Random(5)
    total = 0
    for iteration in range(5):
        acknowledged, problems = crash_once(
            root, instance, statement.po_path("ar"), iteration, rng.uniform(0.4, 0.9)
        )
        assert problems == []
        msgfmt_check(statement.po_path("ar"))
        total += acknowledged
    assert total > 0, "no save was acknowledged before the kills: the test proved nothing"
