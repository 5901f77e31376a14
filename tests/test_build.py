"""Reassembly per language: structure kept, identity exact, pages complete and escaped."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import subprocess
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import html5lib
import polib
import pytest

from workflow import derived, filecache
from workflow.catalog import segment as segment_module
from workflow.catalog import statement as statement_module
from workflow.catalog.segment import Document, split
from workflow.catalog.state import apply_human, apply_machine
from workflow.catalog.statement import Statement, create_statement
from workflow.catalog.unit import unit_id
from workflow.errors import UsageError, WorkflowError
from workflow.publishing import build as build_module
from workflow.publishing.build import build, markdown_to_text, render

from .test_segment import EVERY_BLOCK

Cli = Callable[..., subprocess.CompletedProcess[str]]


def translate(statement: Statement, lang: str, state: str = "approved") -> None:
    catalog = statement.catalog(lang)
    for entry in catalog:
        text = "ترجمة " + entry.msgid.replace("<", "&lt;")
        if state == "machine":
            apply_machine(entry, text, "libre", date(2026, 11, 24))
        else:
            apply_human(entry, text, state, "Layla", date(2026, 11, 24))
    statement.save_catalog(lang, catalog)


@pytest.fixture
def statement(root: Path) -> Statement:
    return create_statement(root, EVERY_BLOCK.encode(), "every.md", languages=["ar", "kmr"])


def test_identity_build_of_markdown_is_byte_identical(statement: Statement, tmp_path: Path) -> None:
    catalog = statement.catalog("kmr")
    for entry in catalog:
        apply_human(entry, entry.msgid, "approved", "Rêzan", date(2026, 11, 24))
    statement.save_catalog("kmr", catalog)
    build(statement, ["kmr"], ["md"], tmp_path)
    assert (tmp_path / statement.slug / "kmr.md").read_text(encoding="utf-8") == EVERY_BLOCK


def test_translated_markdown_keeps_structure(statement: Statement) -> None:
    translate(statement, "ar")
    out = render(statement, "ar", "md")
    assert out.startswith("# ترجمة The title\n")
    assert "\n- ترجمة first item\n" in out
    assert "\n3. ترجمة third\n4. ترجمة fourth\n" in out
    assert "\n> ترجمة A quoted paragraph on two lines.\n>\n" in out
    assert "<!-- notranslate -->\nPhoto: Mazen Kerbaj" in out


def test_html_page_is_complete_rtl_and_escaped(root: Path) -> None:
    source = "# Title\n\nA <script>alert(1)</script> paragraph.\n\n<div onclick=x>raw</div>\n"
    statement = create_statement(root, source.encode(), "x.md", languages=["ar"])
    translate(statement, "ar")
    page = render(statement, "ar", "html")
    assert '<html lang="ar" dir="rtl">' in page
    assert "<script>" not in page and "onclick" not in page.replace("&lt;div onclick", "")
    assert "&lt;script&gt;" in page
    english = render(statement, "en", "html")
    assert "A &lt;script&gt;alert(1)&lt;/script&gt; paragraph." in english
    assert "<div" not in english.split("<main>")[1]
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(page)


def test_text_output_of_markdown_drops_markup(statement: Statement) -> None:
    translate(statement, "kmr")
    text = render(statement, "kmr", "txt")
    assert "*" not in text.split("```")[0].replace("\\*", "")
    assert "- ترجمة first item" in text


def test_machine_units_need_allow_unreviewed(statement: Statement) -> None:
    translate(statement, "ar", "machine")
    with pytest.raises(WorkflowError, match="not approved"):
        render(statement, "ar", "md")
    assert "ترجمة The title" in render(statement, "ar", "md", allow_unreviewed=True)


def test_source_language_is_the_source(statement: Statement) -> None:
    assert render(statement, "en", "md") == EVERY_BLOCK
    assert '<html lang="en" dir="ltr">' in render(statement, "en", "html")


def test_markdown_to_text() -> None:
    text = markdown_to_text("# T\n\nSee [ICSSI](https://icssi.org) *now*.\n\n1. a\n2. b\n")
    assert text == "T\n\nSee ICSSI (https://icssi.org) now.\n\n1. a\n2. b\n"


@pytest.mark.parametrize("allow_unreviewed", [False, True])
def test_a_build_in_several_processes_writes_what_one_process_writes(
    statement: Statement, tmp_path: Path, cli: Cli, allow_unreviewed: bool
) -> None:
    """Through the command line: a process of its own, with one thread, so it forks."""
    translate(statement, "ar")
    translate(statement, "kmr", "machine" if allow_unreviewed else "approved")
    command = [statement.slug, "--format", "md,txt,html", "--lang", "ar", "--lang", "kmr"]
    command += ["--lang", "en", *(["--allow-unreviewed"] if allow_unreviewed else [])]
    cli("build", *command, "--out", str(tmp_path / "one"), "--jobs", "1", check=True)
    cli("build", *command, "--out", str(tmp_path / "many"), "--jobs", "3", check=True)
    one = sorted((tmp_path / "one" / statement.slug).iterdir())
    many = sorted((tmp_path / "many" / statement.slug).iterdir())
    assert [path.name for path in many] == [path.name for path in one] and len(many) == 9
    for first, second in zip(one, many, strict=True):
        assert second.read_bytes() == first.read_bytes()


def test_a_refusal_in_a_worker_process_is_the_same_refusal(
    statement: Statement, tmp_path: Path, cli: Cli
) -> None:
    translate(statement, "ar")
    catalog = statement.catalog("kmr")
    for entry in catalog:
        apply_human(entry, entry.msgid + " \ue003", "approved", "Rêzan", date(2026, 11, 24))
    statement.save_catalog("kmr", catalog)
    command = ["build", statement.slug, "--lang", "ar", "--lang", "kmr", "--format", "md,html"]
    alone = cli(*command, "--out", str(tmp_path / "one"), "--jobs", "1")
    forked = cli(*command, "--out", str(tmp_path / "many"), "--jobs", "2")
    assert forked.returncode == alone.returncode == 1
    assert forked.stderr == alone.stderr and "(kmr) contains a private-use" in forked.stderr
    assert not (tmp_path / "many").exists() and not (tmp_path / "one").exists()


def test_a_refusal_keeps_its_fields_across_processes() -> None:
    """What a worker process raises reaches the parent whole (pickled): the browser's
    sentence of a UsageError, a WorkflowError's template and parameters."""
    error = UsageError("use --lang %(code)s", "tick %(code)s", code="ar")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is UsageError and str(again) == str(error) == "use --lang ar"
    assert (again.template, again.params, again.browser) == (
        error.template,
        error.params,
        error.browser,
    )
    refusal = pickle.loads(pickle.dumps(WorkflowError("no unit %(unit)s", unit="'x'")))
    assert (refusal.template, refusal.params, str(refusal)) == (
        "no unit %(unit)s",
        {"unit": "'x'"},
        "no unit 'x'",
    )


def test_a_process_with_threads_builds_one_output_after_another(
    statement: Statement, tmp_path: Path
) -> None:
    """A thread that holds a lock at the moment of a fork would leave the child waiting for
    it forever: with other threads running, nothing is forked."""
    translate(statement, "ar")
    stop = threading.Event()

    def take_and_give_back() -> None:  # as a server's threads take the file caches' lock
        while not stop.is_set():
            with filecache._LOCK:
                time.sleep(0.001)

    busy = threading.Thread(target=take_and_give_back, daemon=True)
    busy.start()
    written: list[Path] = []
    builder = threading.Thread(
        target=lambda: written.extend(
            build(statement, ["ar", "en"], ["md", "txt"], tmp_path / "out", jobs=4)
        ),
        daemon=True,
    )
    try:
        builder.start()
        builder.join(60)
        assert not builder.is_alive(), "the build waits for a lock its forked copy holds"
        assert len(written) == 4
    finally:
        stop.set()
        busy.join()


def _kept(statement: Statement) -> Path:
    return statement.root / ".cache" / "derived" / statement.slug


# A statement long enough for its split and skeletons to be kept (derived.KEEP_FROM).
LONG = EVERY_BLOCK + "".join(
    f"\n\nParagraph {number}: " + "words of a long statement " * 32 for number in range(130)
)


@pytest.fixture
def long_statement(root: Path) -> Statement:
    assert len(LONG) >= derived.KEEP_FROM
    return create_statement(root, LONG.encode(), "long.md", slug="long", languages=["ar"])


def test_a_second_command_reads_the_split_and_the_skeleton_kept_by_the_first(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The source's split, the template's units and the skeleton's reading are kept on
    disk by the command that works them out: the next process (a new Statement, empty
    caches in memory) works none out again, and builds the same."""
    translate(long_statement, "ar")
    loaded = Statement.load(long_statement.root, long_statement.slug)
    first = build(loaded, ["ar"], ["md", "txt", "html"], tmp_path / "first")
    kept = sorted(path.name for path in _kept(long_statement).iterdir())
    assert kept == [
        "chunks-ar.md.json",
        "document.json",
        "readback-ar.html.json",
        "readback-ar.md.json",
        "readback-ar.txt.json",
        "states-ar.json",
        "template.json",
    ]

    def not_again(*args: object) -> None:
        raise AssertionError("worked out again")

    # Neither the template nor the catalog is read whole: the units' states are kept.
    monkeypatch.setattr(segment_module, "split", not_again)
    monkeypatch.setattr(build_module, "_skeleton_blocks", not_again)
    monkeypatch.setattr(build_module, "_READINGS", {})
    monkeypatch.setattr(statement_module, "read_catalog", not_again)
    monkeypatch.setattr(statement_module, "_INDEX_CACHE", {})
    monkeypatch.setattr(statement_module, "_CATALOG_CACHE", {})
    monkeypatch.setattr(statement_module, "_STATES_CACHE", {})
    again = Statement.load(long_statement.root, long_statement.slug)
    second = build(again, ["ar"], ["md", "txt", "html"], tmp_path / "second")
    for one, two in zip(first, second, strict=True):
        assert two.read_bytes() == one.read_bytes()


def _fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty the caches a new process starts with."""
    for name in ("_INDEX_CACHE", "_CATALOG_CACHE", "_STATES_CACHE"):
        monkeypatch.setattr(statement_module, name, {})
    monkeypatch.setattr(build_module, "_READINGS", {})
    if hasattr(build_module._skeleton_blocks, "cache_clear"):  # not replaced by a test
        build_module._skeleton_blocks.cache_clear()


def _reads_noted(monkeypatch: pytest.MonkeyPatch, notes: Path, fail_in_child: bool = False) -> int:
    """Note in ``notes`` the process that reads a skeleton; returns this process's id."""
    parent = os.getpid()
    real = build_module._skeleton_blocks.__wrapped__

    def noted(kind: str, output: str) -> tuple[str, ...]:
        with notes.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        if os.getpid() != parent:
            time.sleep(0.2)  # slower than the build: it must wait for the child
            if fail_in_child:
                raise OSError("the child's disk is full")
        return real(kind, output)

    monkeypatch.setattr(build_module, "_skeleton_blocks", noted)
    return parent


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The children builds fork, as in the command: a process with one thread (the test
    session's other threads, idle servers of other tests, are not the build's)."""
    forked: list[int] = []
    fork = os.fork

    def recorded() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(build_module.os, "fork", recorded)
    monkeypatch.setattr(build_module.threading, "active_count", lambda: 1)
    with warnings.catch_warnings():  # Python 3.12+ warns of a fork beside those threads
        warnings.filterwarnings("ignore", "This process .* is multi-threaded", DeprecationWarning)
        yield forked


def _waited(pid: int) -> bool:
    """Whether child ``pid`` was waited for (it is no longer this process's child)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_one_output_reads_its_skeleton_in_a_child_meanwhile(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    """A build of one Markdown output, nothing kept: a forked child reads the skeleton and
    keeps the reading while the build reads the catalog; the build takes it from there,
    and writes what a build in one process writes."""
    translate(long_statement, "ar")
    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    notes = tmp_path / "notes"
    parent = _reads_noted(monkeypatch, notes)
    _fresh_process(monkeypatch)
    loaded = Statement.load(long_statement.root, "long")
    [ahead] = build(loaded, ["ar"], ["md"], tmp_path / "ahead", jobs=2)
    readers = notes.read_text(encoding="utf-8").split()
    assert len(children) == 1 and _waited(children[0])
    assert len(readers) == 1 and int(readers[0]) == children[0] != parent
    shutil.rmtree(_kept(long_statement))
    _fresh_process(monkeypatch)
    [alone] = build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "one")
    assert ahead.read_bytes() == alone.read_bytes()


@pytest.mark.parametrize("fail_in_child", [False, True])
def test_the_child_reads_the_template_while_the_build_reads_the_catalog(
    long_statement: Statement,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    children: list[int],
    fail_in_child: bool,
) -> None:
    """Nothing kept: the child reads the template's units (and keeps them) while the build
    reads the catalog, and the build takes them from what the child kept; a child that
    fails to read them leaves them to the build. The output is the same either way."""
    translate(long_statement, "ar")
    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    parent, notes = os.getpid(), tmp_path / "notes"
    real = statement_module.read_catalog

    def noted(path: Path) -> polib.POFile:
        if Path(path).suffix == ".pot":
            with notes.open("a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
            if fail_in_child and os.getpid() != parent:
                raise OSError("the child's disk is full")
        return real(path)

    monkeypatch.setattr(statement_module, "read_catalog", noted)
    _fresh_process(monkeypatch)
    [ahead] = build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path, jobs=2)
    readers = [int(pid) for pid in notes.read_text(encoding="utf-8").split()]
    assert len(children) == 1 and _waited(children[0])
    assert readers == ([children[0], parent] if fail_in_child else [children[0]])
    shutil.rmtree(_kept(long_statement))
    _fresh_process(monkeypatch)
    [alone] = build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "1")
    assert ahead.read_bytes() == alone.read_bytes()


def test_a_child_that_fails_leaves_the_skeleton_to_the_build(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    translate(long_statement, "ar")
    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    notes = tmp_path / "notes"
    parent = _reads_noted(monkeypatch, notes, fail_in_child=True)
    _fresh_process(monkeypatch)
    [built] = build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path, jobs=2)
    readers = [int(pid) for pid in notes.read_text(encoding="utf-8").split()]
    assert readers == [children[0], parent] and _waited(children[0])
    assert "ترجمة Paragraph 7:" in built.read_text(encoding="utf-8")


def test_no_child_when_the_skeleton_is_kept_or_threads_run_and_none_left_by_a_refusal(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    translate(long_statement, "ar")
    build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "one")
    _fresh_process(monkeypatch)
    build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "two", jobs=2)
    assert children == []  # the reading was kept
    shutil.rmtree(_kept(long_statement))
    _fresh_process(monkeypatch)
    with monkeypatch.context() as patched:  # another thread may hold a lock the child needs
        patched.setattr(build_module.threading, "active_count", lambda: 2)
        build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "3", jobs=2)
    assert children == []
    # A unit not approved: the build refuses after the child started, and waits for it.
    shutil.rmtree(_kept(long_statement))
    _fresh_process(monkeypatch)
    translate(long_statement, "ar", state="translated")
    with pytest.raises(WorkflowError, match="not approved"):
        build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path / "4", jobs=2)
    assert len(children) == 1 and _waited(children[0])


def test_a_ctrl_c_held_back_during_the_fork_waits_for_the_child(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    """Ctrl-C during the fork is let through once the child is made: the build stops, the
    child is waited for and Ctrl-C is no longer held back."""
    translate(long_statement, "ar")
    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    _fresh_process(monkeypatch)
    real = signal.pthread_sigmask
    parent = os.getpid()

    def pending(how: int, mask: Iterable[int]) -> set[int | signal.Signals]:
        found = real(how, mask)
        if how == signal.SIG_SETMASK and os.getpid() == parent:
            raise KeyboardInterrupt  # as the held-back Ctrl-C does when it is let through
        return found

    monkeypatch.setattr(build_module.signal, "pthread_sigmask", pending)
    with pytest.raises(KeyboardInterrupt):
        build(Statement.load(long_statement.root, "long"), ["ar"], ["md"], tmp_path, jobs=2)
    assert len(children) == 1 and _waited(children[0])
    assert signal.SIGINT not in real(signal.SIG_BLOCK, ())


def test_a_kept_skeleton_reading_spares_making_the_skeleton(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Markdown or text skeleton is made only when its reading is not kept: the next
    process makes each output once, not twice."""
    translate(long_statement, "ar")
    build(Statement.load(long_statement.root, long_statement.slug), ["ar"], ["md"], tmp_path)
    made: list[str] = []
    real = build_module.render_markdown

    def counted(document: Document, rendition: Any, omit: bool = False) -> str:
        output = real(document, rendition, omit)
        made.append(output)
        return output

    monkeypatch.setattr(build_module, "render_markdown", counted)
    monkeypatch.setattr(build_module, "_READINGS", {})
    again = Statement.load(long_statement.root, long_statement.slug)
    build(again, ["ar"], ["md"], tmp_path / "again")
    assert len(made) == 1 and "ترجمة" in made[0]


@pytest.mark.parametrize("in_process", [True, False])
def test_a_kept_skeleton_reading_follows_what_the_skeleton_is_made_from(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_process: bool
) -> None:
    """Leaving the skipped blocks out, a unit falling back to the source, a changed source:
    each makes another skeleton, so the reading kept for the last one is not taken (the
    verification would refuse the output)."""
    source = "Kept as written.\n\n" + LONG
    statement = create_statement(
        root, source.encode(), "long.md", slug="long", languages=["ar"], skip=["Kept as written."]
    )
    translate(statement, "ar")

    def built(allow_unreviewed: bool = False) -> str:
        if not in_process:
            monkeypatch.setattr(build_module, "_READINGS", {})
        loaded = Statement.load(root, "long")
        out = tmp_path / str(len(list(tmp_path.iterdir())))
        for fmt in ("md", "txt"):
            build(loaded, ["ar"], [fmt], out, allow_unreviewed=allow_unreviewed)
        return (out / "long" / "ar.md").read_text(encoding="utf-8")

    assert built().startswith("Kept as written.")
    statement.source_path.write_text(source + "\n\nOne more.\n", encoding="utf-8")
    statement_module.update_statement(Statement.load(root, "long"))
    translate(statement, "ar")
    assert built().rstrip().endswith("One more.")
    statement_module.set_omit_skipped(statement, True)
    assert not built().startswith("Kept as written.")
    catalog = statement.catalog("ar")
    catalog[3].msgstr = ""
    statement.save_catalog("ar", catalog)
    assert "untranslated" in built(allow_unreviewed=True)


def test_new_and_update_keep_the_template_s_units_as_the_document_s(
    root: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    """The template new and update write is kept as the units of the document it was made
    from: the next command reads neither file for them; once the source no longer is that
    document (edited by hand, no update yet), the template itself is read."""
    text = "# Long\n\n" + "".join(f"Paragraph {n}: " + "words " * 150 + "\n\n" for n in range(130))
    assert len(text) >= derived.KEEP_FROM
    made = create_statement(root, text.encode(), "long.md", slug="long", languages=["ar"])
    pot = statement_module.read_catalog(made.pot_path)
    from_template = {unit_id(entry.msgid): entry.msgid for entry in pot}
    read_catalog = statement_module.read_catalog

    def catalog_only(path: Path) -> object:
        assert path.suffix == ".po", "the template read again"
        return read_catalog(path)

    with monkeypatch.context() as patched:
        patched.setattr(statement_module, "read_catalog", catalog_only)
        patched.setattr(statement_module, "_INDEX_CACHE", {})
        assert Statement.load(root, "long").unit_index() == from_template
    source = made.source_path
    source.write_text(text.replace("Paragraph 5:", "Paragraph five:"), encoding="utf-8")
    monkeypatch.setattr(statement_module, "_INDEX_CACHE", {})
    assert Statement.load(root, "long").unit_index() == from_template  # not the source's
    cli("update", "long", str(source), check=True)
    monkeypatch.setattr(statement_module, "_INDEX_CACHE", {})
    updated = {unit_id(e.msgid): e.msgid for e in read_catalog(made.pot_path)}
    assert list(updated.values())[6].startswith("Paragraph five:")
    monkeypatch.setattr(statement_module, "read_catalog", catalog_only)
    assert Statement.load(root, "long").unit_index() == updated
    # A template saved by Poedit (wrapped) is read once, and kept the same way when the
    # document is at hand and its units are the template's.
    monkeypatch.setattr(statement_module, "read_catalog", read_catalog)
    polib.pofile(str(made.pot_path)).save(str(made.pot_path))
    monkeypatch.setattr(statement_module, "_INDEX_CACHE", {})
    wrapped = Statement.load(root, "long")
    wrapped.document()
    assert wrapped.unit_index() == updated
    kept = json.loads((_kept(made) / "template.json").read_text(encoding="utf-8"))["value"]
    assert isinstance(kept, dict) and kept["ids"] == list(updated)
    monkeypatch.setattr(statement_module, "_INDEX_CACHE", {})
    monkeypatch.setattr(statement_module, "read_catalog", catalog_only)
    assert Statement.load(root, "long").unit_index() == updated


@pytest.mark.parametrize("damage", [b"\x01", b"\xff"])
def test_a_source_that_cannot_be_read_leaves_the_template_s_units_readable(
    root: Path, cli: Cli, damage: bytes
) -> None:
    """The units kept as a document's are taken from the template when the source cannot be
    read any more (edited by hand into bytes that are not text): status says it needs an
    update, as for any statement."""
    text = "# Long\n\n" + "".join(f"Paragraph {n}: " + "words " * 150 + "\n\n" for n in range(130))
    made = create_statement(root, text.encode(), "long.md", slug="long", languages=["ar"])
    made.source_path.write_bytes(text.encode().replace(b"Paragraph 5:", b"Paragraph " + damage))
    status = cli("status", "--format", "json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["statements"][0]["needs_update"] is True
    assert cli("check", "long", "--lang", "ar").returncode == 0


def test_a_short_statement_keeps_nothing(statement: Statement, tmp_path: Path) -> None:
    """Worked out again quicker than found: nothing is kept for a statement of a few pages."""
    translate(statement, "ar")
    build(Statement.load(statement.root, statement.slug), ["ar"], ["md"], tmp_path / "out")
    assert not _kept(statement).exists()


def test_a_changed_source_or_a_damaged_file_is_worked_out_again(
    long_statement: Statement, tmp_path: Path, cli: Cli
) -> None:
    statement = long_statement
    translate(statement, "ar")
    cli("build", statement.slug, "--lang", "ar", "--format", "md", "--out", str(tmp_path / "a"))
    document = _kept(statement) / "document.json"
    readback = _kept(statement) / "readback-ar.md.json"
    first_key = json.loads(document.read_text(encoding="utf-8"))["key"]
    document.write_text('{"key": ', encoding="utf-8")  # cut short
    readback.write_text(json.dumps({"key": "another", "value": ["nothing"]}), encoding="utf-8")
    cli("build", statement.slug, "--lang", "ar", "--format", "md", "--out", str(tmp_path / "b"))
    assert (tmp_path / "b" / statement.slug / "ar.md").read_bytes() == (
        tmp_path / "a" / statement.slug / "ar.md"
    ).read_bytes()
    assert json.loads(document.read_text(encoding="utf-8"))["key"] == first_key
    assert json.loads(readback.read_text(encoding="utf-8"))["value"] != ["nothing"]
    reading = json.loads(readback.read_text(encoding="utf-8"))
    readback.write_text(json.dumps({"key": reading["key"], "value": [1, 2]}), encoding="utf-8")
    cli("build", statement.slug, "--lang", "ar", "--format", "md", "--out", str(tmp_path / "c"))
    assert json.loads(readback.read_text(encoding="utf-8")) == reading
    kept_key = json.loads(document.read_text(encoding="utf-8"))["key"]

    source = statement.source_path
    source.write_text(source.read_text(encoding="utf-8") + "\n\nOne more paragraph.\n")
    cli("update", statement.slug, str(source), check=True)
    changed = Statement.load(statement.root, statement.slug)
    assert any(u.text == "One more paragraph." for u in changed.document().units())
    assert json.loads(document.read_text(encoding="utf-8"))["key"] != kept_key

    template = _kept(statement) / "template.json"
    statement_module._INDEX_CACHE.clear()
    assert changed.unit_texts()[-1] == "One more paragraph."  # the new template's, kept
    index = changed.unit_index()
    for damage in (
        '{"key": ',
        json.dumps({"key": "x", "value": 1}),
        json.dumps({"key": "x", "value": [[1, 2]]}),
        json.dumps({"key": "x", "value": {"document": None, "ids": [1]}}),
        json.dumps({"key": "x", "value": {"ids": "x"}}),
        "[]",
    ):
        statement_module._INDEX_CACHE.clear()
        kept_index = json.loads(template.read_text(encoding="utf-8"))
        template.write_text(damage.replace('"x"', json.dumps(kept_index["key"])), encoding="utf-8")
        assert changed.unit_index() == index


def test_what_a_statement_grown_short_kept_is_removed(
    long_statement: Statement, tmp_path: Path, cli: Cli
) -> None:
    statement = long_statement
    translate(statement, "ar")
    cli("build", statement.slug, "--lang", "ar", "--format", "md", "--out", str(tmp_path / "a"))
    assert sorted(path.name for path in _kept(statement).iterdir()) == [
        "chunks-ar.md.json",
        "document.json",
        "readback-ar.md.json",
        "states-ar.json",
        "template.json",
    ]
    source = statement.source_path
    source.write_text(EVERY_BLOCK, encoding="utf-8")
    cli("update", statement.slug, str(source), check=True)
    assert not (_kept(statement) / "document.json").exists()
    short = Statement.load(statement.root, statement.slug)
    translate(short, "ar")
    cli("build", statement.slug, "--lang", "ar", "--format", "md", "--out", str(tmp_path / "b"))
    assert list(_kept(statement).iterdir()) == []


def test_a_value_kept_by_other_code_is_worked_out_again(
    long_statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key holds the digest of the code taken as it was imported: a server updated
    under its feet keeps its values under its own code's key, not the new code's."""
    document = Statement.load(long_statement.root, long_statement.slug).document()
    monkeypatch.setattr(derived, "CODE", "the code of another version")
    calls: list[object] = []
    real_split = segment_module.split

    def counted(*args: Any, **kwargs: Any) -> Document:
        calls.append(args)
        return real_split(*args, **kwargs)

    monkeypatch.setattr(segment_module, "split", counted)
    assert Statement.load(long_statement.root, long_statement.slug).document() == document
    assert len(calls) == 1


def test_the_code_digest_follows_every_file_of_its_folders(tmp_path: Path) -> None:
    for folder in ("", "catalog", "publishing"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "module.py").write_text("X = 1\n", encoding="utf-8")
    folders = ("", "catalog", "publishing")
    first = derived._fingerprint(folders, tmp_path)
    assert derived._fingerprint(folders, tmp_path) == first
    for folder in folders:
        path = tmp_path / folder / "module.py"
        path.write_text("X = 2\n", encoding="utf-8")
        assert derived._fingerprint(folders, tmp_path) != first, folder
        path.write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "catalog" / "new.py").write_text("", encoding="utf-8")
    assert derived._fingerprint(folders, tmp_path) != first
    assert derived._fingerprint(folders) == derived.CODE  # the files under test, unchanged


def test_a_template_replaced_while_it_is_read_is_not_kept_under_the_old_bytes(
    long_statement: Statement, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process (the server, an update) may replace the template between the read
    that makes the key and the parse: the units of the new file are never kept under the
    old file's bytes, which may come back (an edit undone, a checkout)."""
    pot = long_statement.pot_path
    before = pot.read_bytes()
    after = before.replace(b"Paragraph 0:", b"Paragraph ZERO:")
    assert after != before
    read_catalog = statement_module.read_catalog

    def replaced_meanwhile(path: Path) -> object:
        if path == pot:
            pot.write_bytes(after)
        return read_catalog(path)

    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    statement_module._INDEX_CACHE.clear()
    monkeypatch.setattr(statement_module, "read_catalog", replaced_meanwhile)
    long_statement.unit_index()
    monkeypatch.setattr(statement_module, "read_catalog", read_catalog)
    pot.write_bytes(before)
    statement_module._INDEX_CACHE.clear()
    index = Statement.load(long_statement.root, long_statement.slug).unit_index()
    assert index == {unit_id(entry.msgid): entry.msgid for entry in read_catalog(pot)}


def test_a_read_only_cache_changes_nothing_but_the_speed(
    long_statement: Statement, tmp_path: Path
) -> None:
    statement = long_statement
    translate(statement, "ar")
    first = build(statement, ["ar"], ["md"], tmp_path / "first")
    shutil.rmtree(statement.root / ".cache" / "derived")
    (statement.root / ".cache" / "derived").write_text("not a folder", encoding="utf-8")
    again = Statement.load(statement.root, statement.slug)
    second = build(again, ["ar"], ["md"], tmp_path / "second")
    assert second[0].read_bytes() == first[0].read_bytes()


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_a_kept_document_is_the_document(statement: Statement, bom: str) -> None:
    source = bom + statement.source_text()
    document = split(source, "md")
    kept = json.loads(json.dumps(document.to_json(source)))
    assert Document.from_json(kept, source) == document
    assert any(slot.text != slot.raw for slot in document.slots())  # both shapes round-trip
    assert all(isinstance(part, list) for part in kept["parts"])  # places, not the text again
    odd = Document("md", [*document.parts[:-1], "not the source"], document.eol)
    assert Document.from_json(json.loads(json.dumps(odd.to_json(source))), source) == odd


def test_the_source_s_output_reads_no_template_in_the_child(
    long_statement: Statement, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    """The source's own output needs no unit of the template: its child reads the skeleton
    only, and the build makes what one process makes."""
    shutil.rmtree(_kept(long_statement), ignore_errors=True)
    notes = tmp_path / "notes"
    real = statement_module.read_catalog

    def noted(path: Path) -> polib.POFile:
        if Path(path).suffix == ".pot":
            with notes.open("a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
        return real(path)

    monkeypatch.setattr(statement_module, "read_catalog", noted)
    _fresh_process(monkeypatch)
    source = long_statement.meta.source_language
    [ahead] = build(Statement.load(long_statement.root, "long"), [source], ["md"], tmp_path, jobs=2)
    assert len(children) == 1 and _waited(children[0])
    readers = notes.read_text(encoding="utf-8").split() if notes.exists() else []
    assert str(children[0]) not in readers
    assert ahead.read_text(encoding="utf-8") == long_statement.source_text()
