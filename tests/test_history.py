"""Every change is a commit; sync merges catalogs unit by unit; a person's git pull too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import polib
import pytest

from workflow.catalog.pofile import read_catalog
from workflow.catalog.state import apply_human, entry_state
from workflow.catalog.statement import Statement, create_statement, update_statement
from workflow.catalog.unit import unit_id
from workflow.config import Config
from workflow.errors import WorkflowError
from workflow.git import may_be_under_git
from workflow.git.history import NotReady, check_ready, has_conflict_markers, problem, record
from workflow.git.sync import sync
from workflow.git.threeway import alternatives, merge_catalogs
from workflow.mt.pretranslate import pretranslate
from workflow.quality.glossary import Glossary
from workflow.team.collab import load_notes
from workflow.team.review import save_unit, unit_view
from workflow.team.users import User

from .conftest import msgfmt_check, snapshot
from .libre_server import LibreServer
from .webapp import SOURCE

GIT = ["git", "-c", "user.name=Site Admin", "-c", "user.email=admin@example.org"]
LAYLA = User("Layla", "translator", ["ar"])
RANIA = User("Rania", "reviewer", ["ar"])
TITLE = unit_id("Statement on Gaza")
CEASEFIRE = unit_id(
    "We call for an immediate ceasefire and an end to the siege of 2.2 million people."
)


def run_git(work: Path, *args: str) -> str:
    result = subprocess.run([*GIT, "-C", str(work), *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(autouse=True)
def _git_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STATEMENTS_NO_GIT", raising=False)
    monkeypatch.setenv("STATEMENTS_AUTHOR", "Editor Name")


def site(base: Path, remote: Path, name: str) -> Path:
    """A clone of ``remote`` (a site's translations are its ``translations/`` folder)."""
    work = base / name
    subprocess.run(["git", "clone", "-q", str(remote), str(work)], check=True, capture_output=True)
    return work / "translations"


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """A bare remote holding one statement, committed by the first site."""
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    first = site(tmp_path, bare, "seed")
    first.mkdir()
    create_statement(first, SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar", "ckb"])
    sync(first, "Editor Name")
    return bare


def save(root: Path, user: User, unit: str, text: str, state: str = "translated") -> dict:
    statement = Statement.load(root, "gaza")
    entry = next(e for e in statement.catalog("ar") if unit_id(e.msgid) == unit)
    payload = {"translation": text, "state": state, "revision": unit_view(entry)["revision"]}
    return save_unit(statement, "ar", unit, payload, user)


def log(root: Path) -> list[str]:
    return run_git(root, "log", "--format=%an|%s").splitlines()


def git_site(tmp_path: Path) -> tuple[Path, Path]:
    """A git work tree with the Gaza statement in Arabic under ``translations/``."""
    work = tmp_path / "site"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    root = work / "translations"
    root.mkdir()
    create_statement(root, SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar"])
    return work, root


def test_git_is_looked_for_before_it_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder outside any work tree is seen as such without git (nor the history module,
    which `statements new` then does not load); one inside is, unless git is off."""
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not may_be_under_git(plain)
    work, root = git_site(tmp_path)
    assert may_be_under_git(work) and may_be_under_git(root)
    assert not may_be_under_git(root / "missing")
    script = (
        "import sys; from pathlib import Path\n"
        "from workflow.catalog.statement import create_statement\n"
        f"create_statement(Path({str(plain)!r}), b'One.\\n\\nTwo.', 'a.md', languages=['ar'])\n"
        "print('workflow.git.history' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.split() == ["False"]
    assert (plain / "one").is_dir()
    monkeypatch.setenv("STATEMENTS_NO_GIT", "1")
    assert not may_be_under_git(root)


def test_every_change_is_a_commit_by_its_author(tmp_path: Path) -> None:
    work = tmp_path / "site"
    subprocess.run(["git", "init", "-q", str(work)], check=True)
    root = work / "translations"
    root.mkdir()
    statement = create_statement(root, SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar"])
    assert log(root)[0].startswith("Editor Name|Editor Name: new statement gaza (5 units; ar)")
    save(root, LAYLA, TITLE, "بيان بشأن غزة")
    assert log(root)[0] == "Layla|Layla: gaza ar #1 translated"
    update_statement(
        statement, SOURCE.replace("Free the detainees.", "Free all detainees.").encode()
    )
    assert log(root)[0] == "Editor Name|Editor Name: update gaza: 1 new"
    with LibreServer() as server:
        pretranslate(statement, Config(), engine="libre", engine_url=server.url, author="Karwan")
    assert log(root)[0].startswith("Karwan|Karwan: pretranslate gaza ar via libre")
    Glossary(root).set("ceasefire", "ar", "وقف إطلاق النار", author="Rania")
    Glossary(root).confirm("ceasefire", "ar", author="Rania")
    assert [line.split("|")[0] for line in log(root)[:2]] == ["Rania", "Rania"]
    status = run_git(work, "status", "--porcelain")
    assert status == "", f"changes left out of the history: {status}"
    tracked = run_git(work, "ls-files").split()
    assert "translations/gaza/source.md" in tracked and "translations/gaza/gaza.pot" in tracked
    assert not any(name.endswith(".lock") or "/.cache/" in name for name in tracked)


def test_a_failed_commit_is_shown_then_retried(tmp_path: Path) -> None:
    work, root = git_site(tmp_path)
    lock = work / ".git" / "index.lock"
    lock.write_text("")  # a git killed mid-commit; fresh, so it is not yet stale
    save(root, LAYLA, TITLE, "بيان بشأن غزة")
    assert "index.lock" in (problem(root) or "")
    assert "Layla" not in "".join(log(root))
    old = time.time() - 120
    os.utime(lock, (old, old))
    save(root, RANIA, CEASEFIRE, "نطالب بوقف فوري لإطلاق النار", "approved")
    assert not lock.exists(), "a stale index.lock must be removed"
    assert problem(root) is None
    assert run_git(work, "status", "--porcelain") == ""
    shown = run_git(work, "show", "HEAD", "--", "translations/gaza/ar.po")
    assert "بيان بشأن غزة" in shown, "the earlier save is committed with the next one"


def test_saves_wait_while_the_repository_is_not_ready(tmp_path: Path) -> None:
    work, root = git_site(tmp_path)
    head = run_git(work, "rev-parse", "HEAD").strip()
    (work / ".git" / "MERGE_HEAD").write_text(head + "\n")
    before = (root / "gaza" / "ar.po").read_bytes()
    with pytest.raises(NotReady, match="merge is in progress"):
        save(root, LAYLA, TITLE, "بيان")
    assert (root / "gaza" / "ar.po").read_bytes() == before
    (work / ".git" / "MERGE_HEAD").unlink()
    assert has_conflict_markers('<<<<<<< HEAD\nmsgstr "a"\n=======\n>>>>>>> theirs\n')
    with pytest.raises(NotReady, match="unresolved merge conflicts"):
        check_ready(root, before.decode() + "<<<<<<< HEAD\n")


def test_sync_merges_a_unit_saved_at_both_sites(tmp_path: Path, remote: Path) -> None:
    baghdad, erbil = site(tmp_path, remote, "baghdad"), site(tmp_path, remote, "erbil")
    save(baghdad, LAYLA, TITLE, "بيان بشأن غزة")
    save(baghdad, LAYLA, CEASEFIRE, "نطالب بوقف فوري", "draft")
    save(erbil, RANIA, TITLE, "بيان حول غزة", "approved")
    other = unit_id("Protect humanitarian workers.")
    save(erbil, RANIA, other, "احموا العاملين في المجال الإنساني")
    sync(baghdad, "Baghdad office")
    report = sync(erbil, "Erbil office")
    assert report.both_sides == 1 and report.received >= 2
    sync(baghdad, "Baghdad office")
    for root in (baghdad, erbil):
        po = root / "gaza" / "ar.po"
        text = po.read_text(encoding="utf-8")
        assert not has_conflict_markers(text)
        msgfmt_check(po)
        entries = {unit_id(e.msgid): e for e in read_catalog(po)}
        assert entries[TITLE].msgstr == "بيان حول غزة"  # approved beats translated
        assert entry_state(entries[TITLE]) == "approved"
        assert alternatives(entries[TITLE]) == [], "kept texts became proposals"
        proposals = load_notes(Statement.load(root, "gaza")).unit_proposals("ar", TITLE)
        assert [(p.translation, p.author) for p in proposals] == [("بيان بشأن غزة", "Layla")]
        assert entries[CEASEFIRE].msgstr == "نطالب بوقف فوري"  # one side only
        assert entries[other].msgstr == "احموا العاملين في المجال الإنساني"
        assert run_git(root, "status", "--porcelain") == ""
    assert (baghdad / "gaza" / "ar.po").read_bytes() == (erbil / "gaza" / "ar.po").read_bytes()


def test_equal_states_keep_the_later_save(tmp_path: Path) -> None:
    po = tmp_path / "ar.po"
    create_statement(tmp_path / "t", SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar"])
    base = read_catalog(tmp_path / "t" / "gaza" / "ar.po")
    ours, theirs = (
        read_catalog(po.parent / "t" / "gaza" / "ar.po"),
        read_catalog(po.parent / "t" / "gaza" / "ar.po"),
    )
    apply_human(ours[0], "أقدم", "translated", "Layla", date(2026, 11, 30))
    apply_human(theirs[0], "أحدث", "translated", "Rania", date(2026, 12, 1))
    for first, second in ((ours, theirs), (theirs, ours)):
        merged, stats = merge_catalogs(base, first, second)
        assert merged[0].msgstr == "أحدث" and stats.both == 1
        assert any("أقدم" in item for item in alternatives(merged[0]))


def test_a_losing_draft_is_not_credited_to_whoever_translated_before_it(
    tmp_path: Path,
) -> None:
    """A draft records nobody and keeps the record of the text before it: the kept text
    named that record's translator as its author (a proposal in their name)."""
    create_statement(tmp_path / "t", SOURCE.encode(), "gaza.md", slug="gaza", languages=["ar"])
    po = tmp_path / "t" / "gaza" / "ar.po"
    base = read_catalog(po)
    apply_human(base[0], "بيان", "translated", "Layla", date(2026, 11, 30))
    ours, theirs = read_catalog(po), read_catalog(po)
    for catalog in (ours, theirs):
        catalog[0].msgstr, catalog[0].tcomment = base[0].msgstr, base[0].tcomment
    apply_human(ours[0], "بيان بشأن غزة", "approved", "Rania", date(2026, 12, 1))
    apply_human(theirs[0], "مسودة بيان", "draft", "Karwan", date(2026, 12, 1))
    merged, _ = merge_catalogs(base, ours, theirs)
    assert merged[0].msgstr == "بيان بشأن غزة"
    assert alternatives(merged[0]) == ["draft: مسودة بيان"]  # not "draft by Layla …"


def test_a_plain_git_pull_uses_the_merge_driver(tmp_path: Path, remote: Path, cli: object) -> None:
    baghdad, erbil = site(tmp_path, remote, "baghdad"), site(tmp_path, remote, "erbil")
    setup = subprocess.run(
        [*_statements(), "setup", "--root", str(erbil), "--instance", str(tmp_path / "i")],
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr
    assert "merge=statements" in (erbil / ".gitattributes").read_text()
    save(baghdad, LAYLA, TITLE, "بيان بشأن غزة")
    sync(baghdad, "Baghdad office")
    save(erbil, RANIA, TITLE, "بيان حول غزة")
    pulled = subprocess.run(
        [*GIT, "-C", str(erbil), "pull", "--no-rebase", "--no-edit", "-q"],
        capture_output=True,
        text=True,
    )
    assert pulled.returncode == 0, pulled.stderr
    text = (erbil / "gaza" / "ar.po").read_text(encoding="utf-8")
    assert not has_conflict_markers(text)
    assert "بيان بشأن غزة" in text and "بيان حول غزة" in text
    msgfmt_check(erbil / "gaza" / "ar.po")


def _statements() -> list[str]:
    import sys

    return [str(Path(sys.executable).parent / "statements")]


def test_a_merge_that_cannot_be_done_changes_nothing(tmp_path: Path, remote: Path) -> None:
    baghdad, erbil = site(tmp_path, remote, "baghdad"), site(tmp_path, remote, "erbil")
    for root, text in ((baghdad, "Free all detainees."), (erbil, "Free the prisoners.")):
        statement = Statement.load(root, "gaza")
        update_statement(statement, SOURCE.replace("Free the detainees.", text).encode())
    sync(baghdad, "Baghdad office")
    head = run_git(erbil, "rev-parse", "HEAD")
    files = snapshot(erbil)
    with pytest.raises(WorkflowError, match=r"could not merge gaza/(gaza\.pot|source\.md)"):
        sync(erbil, "Erbil office")
    assert run_git(erbil, "rev-parse", "HEAD") == head
    assert run_git(erbil, "status", "--porcelain") == ""
    assert snapshot(erbil) == files
    assert not (erbil.parent / ".git" / "MERGE_HEAD").exists()
    save(erbil, RANIA, TITLE, "بيان حول غزة")  # the site keeps working


def test_sync_outside_git_and_with_a_failed_commit_record(tmp_path: Path) -> None:
    with pytest.raises(WorkflowError, match="not inside a git repository"):
        sync(tmp_path, "x")
    assert record(tmp_path, "x", "nothing") is False


def test_an_office_set_up_as_the_readme_says_syncs_with_nothing_to_commit(
    tmp_path: Path, remote: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README: clone, then ``statements setup`` in the clone (its users beside
    ``translations/``). The users, tokens and secret key stay out of git, and a sync with
    nothing of this office's to commit still takes the other office's work."""
    monkeypatch.delenv("STATEMENTS_AUTHOR")
    baghdad = site(tmp_path, remote, "baghdad")
    office = tmp_path / "erbil"
    subprocess.run(["git", "clone", "-q", str(remote), str(office)], check=True)
    run_git(office, "config", "user.name", "Erbil Admin")
    env = {k: v for k, v in os.environ.items() if k not in ("STATEMENTS_AUTHOR",)}
    setup = subprocess.run(
        [*_statements(), "setup"], cwd=office, capture_output=True, text=True, env=env
    )
    assert setup.returncode == 0, setup.stderr
    assert (office / "instance").is_dir()
    assert "instance" not in run_git(office, "status", "--porcelain", "--untracked-files=all")
    assert run_git(office, "log", "-1", "--format=%an") == "Erbil Admin\n"  # git's user.name
    save(baghdad, LAYLA, TITLE, "بيان بشأن غزة")
    sync(baghdad, "Baghdad office")
    for _ in range(2):  # nothing of Erbil's own to commit, the second time nothing at all
        synced = subprocess.run(
            [*_statements(), "sync"], cwd=office, capture_output=True, text=True, env=env
        )
        assert synced.returncode == 0, synced.stderr
    assert "بيان بشأن غزة" in (office / "translations" / "gaza" / "ar.po").read_text("utf-8")


def test_nothing_to_commit_beside_untracked_files_is_no_failure(tmp_path: Path) -> None:
    """A save that changes nothing, in a work tree with files git does not track beside the
    translations (an office that never ran setup's exclusion), records no problem."""
    work, root = git_site(tmp_path)
    record(root, "Editor Name", "the statement")
    (work / "notes.txt").write_text("not the project's", encoding="utf-8")
    assert record(root, "Editor Name", "nothing new", [root / "gaza" / "ar.po"]) is False
    assert problem(root) is None


def test_an_unreachable_remote_is_named_with_git_s_reason(tmp_path: Path, remote: Path) -> None:
    """git ends every failure to reach a remote with the same two lines; the message gives
    the line before them, which says what is wrong, and the next sync catches up."""
    baghdad = site(tmp_path, remote, "baghdad")
    save(baghdad, LAYLA, TITLE, "بيان بشأن غزة")
    missing = tmp_path / "moved.git"
    run_git(baghdad, "remote", "set-url", "origin", str(missing))
    with pytest.raises(WorkflowError) as failed:
        sync(baghdad, "Baghdad office")
    assert str(failed.value) == (
        f"could not fetch from origin: '{missing}' does not appear to be a git repository"
    )
    run_git(baghdad, "remote", "set-url", "origin", str(remote))
    assert sync(baghdad, "Baghdad office").sent >= 1


def test_a_text_saved_while_the_other_office_amends_its_source_becomes_a_proposal(
    tmp_path: Path, remote: Path
) -> None:
    """Baghdad translates a paragraph while Erbil amends it (``update``): after the syncs the
    amended unit carries Baghdad's text as a proposal at both offices, where before it was
    left in an obsolete entry that no page shows."""
    baghdad, erbil = site(tmp_path, remote, "baghdad"), site(tmp_path, remote, "erbil")
    save(baghdad, LAYLA, CEASEFIRE, "نطالب بوقف فوري لإطلاق النار وإنهاء حصار 2.2 مليون إنسان")
    amended = SOURCE.replace("2.2 million people", "2.3 million people")
    update_statement(Statement.load(erbil, "gaza"), amended.encode())
    new_unit = unit_id(
        "We call for an immediate ceasefire and an end to the siege of 2.3 million people."
    )
    sync(baghdad, "Baghdad office")
    sync(erbil, "Erbil office")
    sync(baghdad, "Baghdad office")
    for root in (baghdad, erbil):
        statement = Statement.load(root, "gaza")
        proposals = load_notes(statement).unit_proposals("ar", new_unit)
        assert [(p.translation, p.author) for p in proposals] == [
            ("نطالب بوقف فوري لإطلاق النار وإنهاء حصار 2.2 مليون إنسان", "Layla")
        ]
        assert run_git(root, "status", "--porcelain") == ""
        msgfmt_check(root / "gaza" / "ar.po")


def test_a_killed_sync_s_merge_tree_is_removed_by_the_next(tmp_path: Path, remote: Path) -> None:
    """kill -9 during a merge left its temporary work tree registered in git for ever."""
    baghdad, erbil = site(tmp_path, remote, "baghdad"), site(tmp_path, remote, "erbil")
    stale = tmp_path / "statements-merge-killed"
    run_git(erbil, "worktree", "add", "--detach", "--quiet", str(stale), "HEAD")
    save(baghdad, LAYLA, TITLE, "بيان بشأن غزة")
    sync(baghdad, "Baghdad office")
    save(erbil, RANIA, CEASEFIRE, "نطالب بوقف فوري")
    sync(erbil, "Erbil office")  # both sides have new work: a merge
    listed = run_git(erbil, "worktree", "list", "--porcelain")
    assert "statements-merge-" not in listed and not stale.exists()


def test_a_paragraph_removed_at_one_office_gives_no_proposal_to_a_unit_the_other_added() -> None:
    """Only a unit the amending office added can take the amended one's place."""
    base, ours, theirs = (polib.POFile(wrapwidth=0) for _ in range(3))
    old = "Free the detainees held without charge."
    base.append(polib.POEntry(msgid=old, msgstr=""))
    theirs.append(polib.POEntry(msgid=old, msgstr="حرّروا المعتقلين"))
    theirs.append(polib.POEntry(msgid="Free the detainees held without trial.", msgstr=""))
    merged, _ = merge_catalogs(base, ours, theirs)
    assert all(not alternatives(entry) for entry in merged if not entry.obsolete)
    assert [e.msgstr for e in merged if e.obsolete] == ["حرّروا المعتقلين"]


def test_the_history_of_an_accepted_proposal_names_its_author_and_approver(
    tmp_path: Path,
) -> None:
    """Committed as the proposal's author, the approval was shown as theirs."""
    from workflow.team.unithistory import unit_history

    _, root = git_site(tmp_path)
    record(root, "Editor Name", "the statement")
    statement = Statement.load(root, "gaza")
    entry = next(e for e in statement.catalog("ar") if unit_id(e.msgid) == TITLE)
    payload = {
        "translation": "بيان بشأن غزة",
        "state": "approved",
        "revision": unit_view(entry)["revision"],
    }
    save_unit(statement, "ar", TITLE, payload, RANIA, credit="Layla")
    entry = next(e for e in statement.catalog("ar") if unit_id(e.msgid) == TITLE)
    newest = unit_history(statement, "ar", entry)[0]
    assert (newest["author"], newest["approved_by"]) == ("Layla", "Rania")
