"""Checks at the moment of saving, and findings accepted on purpose by a reviewer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from workflow.catalog.statement import Statement
from workflow.catalog.unit import unit_id
from workflow.config import load_config
from workflow.publishing.publish import gate_problems

from .webapp import login

UNIT = "Over 8000 Palestinians have been killed, including over 3000 children."
UNIT_ID = unit_id(UNIT)
RIGHT = "قُتل أكثر من ٨٠٠٠ فلسطيني، بينهم أكثر من ٣٠٠٠ طفل."
WRONG = "قُتل أكثر من ٨٠٠ فلسطيني، بينهم أكثر من ٣٠٠٠ طفل."
WORDS = "قُتل أكثر من 8 آلاف فلسطيني، بينهم أكثر من ٣٠٠٠ طفل."


def _unit(client: FlaskClient) -> dict[str, Any]:
    response = client.get(f"/api/statements/gaza/ar/units/{UNIT_ID}")
    assert response.status_code == 200
    return dict(response.json or {})


def _save(client: FlaskClient, csrf: str, text: str, state: str) -> Any:
    return client.post(
        f"/api/statements/gaza/ar/units/{UNIT_ID}",
        json={"translation": text, "state": state, "revision": _unit(client)["revision"]},
        headers={"X-CSRFToken": csrf},
    )


def _accept(client: FlaskClient, csrf: str, check: str, reason: str, revision: str) -> Any:
    return client.post(
        f"/api/statements/gaza/ar/units/{UNIT_ID}/accept",
        json={"check": check, "reason": reason, "revision": revision},
        headers={"X-CSRFToken": csrf},
    )


def test_a_save_answers_with_the_findings_of_the_text_as_saved(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Layla")
    saved = _save(client, csrf, WRONG, "draft")
    assert saved.status_code == 200
    findings = saved.json["findings"]
    assert [f["check"] for f in findings if f["severity"] == "error"] == ["numbers"]
    assert set(findings[0]) >= {"check", "severity", "message"}
    assert _unit(client)["findings"] == findings
    fixed = _save(client, csrf, RIGHT, "translated")
    assert fixed.status_code == 200
    assert [f for f in fixed.json["findings"] if f["severity"] == "error"] == []


def test_mark_translated_with_an_error_stays_on_the_unit_without_javascript(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Layla")
    revision = _unit(client)["revision"]
    response = client.post(
        f"/s/gaza/ar/u/{UNIT_ID}",
        data={
            "csrf_token": csrf,
            "translation": WRONG,
            "state": "translated",
            "revision": revision,
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/s/gaza/ar/u/{UNIT_ID}")
    page = client.get(response.headers["Location"]).text
    assert 'class="flash error"' in page and "a check found an error" in page
    assert "A number differs" in page and "ask a reviewer to accept it" in page
    assert _unit(client)["translation"] == WRONG  # the text is stored all the same
    assert " data-reviewer " not in page  # the script asks a reviewer too


def test_a_reviewer_is_told_to_accept_the_finding_not_to_ask_a_reviewer(
    client: FlaskClient, instance: Path
) -> None:
    """A reviewer who approves a text with an error can accept the finding on the page
    (with a reason): that is what they are told, not to ask a reviewer."""
    csrf = login(client, instance, "Rania")
    revision = _unit(client)["revision"]
    response = client.post(
        f"/s/gaza/ar/u/{UNIT_ID}",
        data={"csrf_token": csrf, "translation": WRONG, "state": "approved", "revision": revision},
    )
    page = client.get(response.headers["Location"]).text
    flashed = page.split('class="flash error"', 1)[1].split("</", 1)[0]
    assert "accept the finding below with a reason" in flashed and "ask a" not in flashed
    assert 'class="accept"' in page  # the form to do it
    assert " data-reviewer " in page
    strings = json.loads(page.split('id="ui-strings">', 1)[1].split("</script>", 1)[0])
    assert "accept the finding below" in strings["savedBlockedReviewer"]


def test_a_draft_with_an_error_is_not_reported_in_green(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Layla")
    revision = _unit(client)["revision"]
    response = client.post(
        f"/s/gaza/ar/u/{UNIT_ID}",
        data={"csrf_token": csrf, "translation": WRONG, "state": "draft", "revision": revision},
        follow_redirects=True,
    )
    assert 'class="flash ok"' not in response.text
    assert 'class="flash error"' in response.text


def test_a_reviewer_accepts_a_finding_and_an_edit_reopens_it(
    client: FlaskClient, instance: Path, statement: Statement, cli: Any
) -> None:
    csrf = login(client, instance, "Rania")
    saved = _save(client, csrf, WRONG, "approved")
    assert [f["check"] for f in saved.json["findings"] if f["severity"] == "error"] == ["numbers"]
    config = load_config(statement.root)
    assert any("numbers error" in p for p in gate_problems(statement, "ar", config))

    reason = "the coalition corrected the figure to 800; the English is being amended"
    stale = _accept(client, csrf, "numbers", reason, "000000000000")
    assert stale.status_code == 409
    accepted = _accept(client, csrf, "numbers", reason, saved.json["revision"])
    assert accepted.status_code == 200, accepted.text
    finding = next(f for f in accepted.json["findings"] if f["check"] == "numbers")
    assert finding["accepted"]["by"] == "Rania" and finding["accepted"]["reason"] == reason
    day = date.fromisoformat(finding["accepted"]["date"])
    assert finding["accepted"]["shown_date"] == f"{day:%B} {day.day}, {day.year}"  # English
    assert not any("numbers error" in p for p in gate_problems(statement, "ar", config))
    po = statement.po_path("ar").read_text(encoding="utf-8")
    assert "# accepted: numbers text:" in po and f'"Rania" {reason}' in po

    checked = json.loads(cli("check", "gaza", "--lang", "ar", "--format", "json").stdout)
    numbers = [r for r in checked["results"] if r["unit"] == UNIT_ID and r["check"] == "numbers"]
    assert numbers[0]["accepted"] == {
        "by": "Rania",
        "date": finding["accepted"]["date"],
        "reason": reason,
    }

    edited = _save(client, csrf, WRONG.replace("٣٠٠٠", "٣٠٠١"), "approved")
    assert all("accepted" not in f for f in edited.json["findings"])
    assert any("numbers error" in p for p in gate_problems(statement, "ar", config))


@pytest.mark.parametrize("who", ["Layla", "Karwan"])
def test_translators_cannot_accept(client: FlaskClient, instance: Path, who: str) -> None:
    csrf = login(client, instance, "Rania")
    saved = _save(client, csrf, WRONG, "translated")
    client.post("/logout", headers={"X-CSRFToken": csrf})
    other = client.application.test_client()
    csrf = login(other, instance, who)
    response = _accept(other, csrf, "numbers", "fine", saved.json["revision"])
    assert response.status_code == 403


def test_accepting_needs_a_reason_and_a_real_finding(client: FlaskClient, instance: Path) -> None:
    csrf = login(client, instance, "Rania")
    saved = _save(client, csrf, RIGHT, "translated")
    revision = saved.json["revision"]
    assert _accept(client, csrf, "numbers", "  ", revision).status_code == 400
    assert _accept(client, csrf, "numbers", "fine", revision).status_code == 400
    assert _accept(client, csrf, "numbers", "a\x04b", revision).status_code == 400


def test_the_unit_page_offers_accepting_to_reviewers_only(
    client: FlaskClient, instance: Path
) -> None:
    csrf = login(client, instance, "Rania")
    _save(client, csrf, WRONG, "translated")
    page = client.get(f"/s/gaza/ar/u/{UNIT_ID}").text
    assert "Accept this finding" in page
    translator = client.application.test_client()
    login(translator, instance, "Layla")
    assert "Accept this finding" not in translator.get(f"/s/gaza/ar/u/{UNIT_ID}").text


def test_editors_see_an_interrupted_update_and_finish_it(
    client: FlaskClient, instance: Path, statement: Statement
) -> None:
    csrf = login(client, instance, "Editor")
    path = statement.source_path
    path.write_bytes(path.read_bytes().replace(b"8000", b"9000"))
    page = client.get("/s/gaza/").text
    assert 'id="needs-update"' in page and "Update the catalogs" in page
    refused = client.post("/s/gaza/publish", data={"csrf_token": csrf}, follow_redirects=True)
    assert "Nothing can be published until the catalogs are updated" in refused.text
    assert "statements update" not in refused.text
    repaired = client.post("/s/gaza/repair", data={"csrf_token": csrf}, follow_redirects=True)
    assert "up to date with the source again" in repaired.text
    assert 'id="needs-update"' not in repaired.text
    assert not Statement.load(statement.root, "gaza").needs_update()


def test_only_editors_finish_an_update(client: FlaskClient, instance: Path) -> None:
    csrf = login(client, instance, "Rania")
    assert client.post("/s/gaza/repair", data={"csrf_token": csrf}).status_code == 403


def test_a_number_in_words_is_no_error(client: FlaskClient, instance: Path) -> None:
    csrf = login(client, instance, "Layla")
    saved = _save(client, csrf, WORDS, "translated")
    assert [f for f in saved.json["findings"] if f["severity"] == "error"] == []
