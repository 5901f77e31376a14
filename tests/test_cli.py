"""The ``statements`` console script: new, update, status, build, and every bad input."""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from webui import server as webui_server
from workflow import cli as cli_module
from workflow import plugins
from workflow.catalog.state import text_digest
from workflow.catalog.statement import Statement

from .conftest import SEED_SKIP, msgfmt_check, snapshot

Cli = Callable[..., CompletedProcess[str]]
SLUG = "icssi-palestine-solidarity"


def new_seed(cli: Cli, seed_path: Path) -> CompletedProcess[str]:
    skips = [arg for text in SEED_SKIP for arg in ("--skip", text)]
    return cli("new", str(seed_path), "--slug", SLUG, *skips, check=True)


def approve_as_source(root: Path, lang: str) -> None:
    """Every unit of ``lang`` approved with the source text as its translation."""
    statement = Statement.load(root, SLUG)
    catalog = statement.catalog(lang)
    for entry in catalog:
        entry.msgstr = entry.msgid
        entry.tcomment = f"approved: test 2026-11-24 text:{text_digest(entry)}"
    statement.save_catalog(lang, catalog)


def assert_one_line_error(result: CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("statements: error: "), result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_new_status_json(cli: Cli, seed_path: Path, root: Path) -> None:
    result = new_seed(cli, seed_path)
    assert "5 units" in result.stdout
    folder = root / SLUG
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitattributes",
        "ar.po",
        "ckb.po",
        f"{SLUG}.pot",
        "kmr.po",
        "source.txt",
        "statement.toml",
    ]
    assert (folder / "source.txt").read_bytes() == seed_path.read_bytes()
    for path in folder.glob("*.po*"):
        msgfmt_check(path)
    status = json.loads(cli("status", "--format", "json", check=True).stdout)
    record = status["statements"][0]
    assert record["slug"] == SLUG
    assert record["languages"]["ar"] == {
        "total": 5,
        "untranslated": 5,
        "machine": 0,
        "outdated": 0,
        "draft": 0,
        "changed": 0,
        "translated": 0,
        "approved": 0,
        "foreign": 0,
    }
    assert set(record["languages"]) == {"ar", "ckb", "kmr"}
    text = cli("status", SLUG, check=True).stdout
    assert "ICSSI Statement in Solidarity with Palestine" in text and "ckb" in text


def test_blocks_not_for_translation_left_out_when_asked(
    cli: Cli, seed_path: Path, root: Path, tmp_path: Path
) -> None:
    """`new --omit-skipped` leaves them out of the published versions; so does the bundled
    statement, whose skipped blocks are its web page's (site name, photo credit)."""
    skips = [arg for text in SEED_SKIP for arg in ("--skip", text)]
    cli("new", str(seed_path), "--slug", "left-out", "--omit-skipped", *skips, check=True)
    assert Statement.load(root, "left-out").meta.omit_skipped
    cli("new", str(seed_path), "--slug", "kept", *skips, check=True)
    assert not Statement.load(root, "kept").meta.omit_skipped
    bundled = tmp_path / "bundled"
    env = {"STATEMENTS_INSTANCE": str(tmp_path / "inst")}
    cli("--root", str(bundled), "setup", "--seed", str(seed_path), env=env, check=True)
    assert Statement.load(bundled, cli_module.BUNDLED_SLUG).meta.omit_skipped


def test_root_option_and_env(cli: Cli, seed_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    cli("new", str(seed_path), "--root", str(other), "--lang", "ar", check=True)
    # Without --skip the site name above the statement is taken as its title.
    assert (other / "iraqi-civil-society-solidarity-initiative" / "ar.po").is_file()
    listed = json.loads(cli("--root", str(other), "status", "--format", "json", check=True).stdout)
    assert len(listed["statements"]) == 1


def test_update_through_cli(cli: Cli, seed_path: Path, root: Path, tmp_path: Path) -> None:
    new_seed(cli, seed_path)
    amended = tmp_path / "amended.txt"
    amended.write_bytes(seed_path.read_bytes().replace(b"over 8000", b"over 9000"))
    result = cli("update", SLUG, str(amended), check=True)
    assert "ar]: 4 unchanged, 0 outdated, 1 new, 0 obsolete" in result.stdout
    assert (root / SLUG / "source.txt").read_bytes() == amended.read_bytes()
    result = cli("update", SLUG, check=True)
    assert "5 unchanged" in result.stdout


def test_build_refuses_unapproved_then_allows(
    cli: Cli, seed_path: Path, root: Path, tmp_path: Path
) -> None:
    new_seed(cli, seed_path)
    out = tmp_path / "out"
    for jobs in ("1", "2"):  # made one by one, or by two processes
        refused = cli("build", SLUG, "--out", str(out), "--jobs", jobs)
        assert_one_line_error(refused, "not approved", "49882ade64")
        assert not out.exists()
    assert "choose between 1 and 64" in cli("build", SLUG, "--jobs", "0").stderr
    allowed = cli(
        "build",
        SLUG,
        "--out",
        str(out),
        "--allow-unreviewed",
        "--lang",
        "ar",
        "--format",
        "html,md",
    )
    assert allowed.returncode == 0, allowed.stderr
    assert sorted(p.name for p in (out / SLUG).iterdir()) == ["ar.html", "ar.md"]
    page = (out / SLUG / "ar.html").read_text()
    assert '<html lang="ar" dir="rtl">' in page
    assert 'class="untranslated" lang="en" dir="ltr"' in page


def test_build_identity_is_byte_identical(
    cli: Cli, seed_path: Path, root: Path, tmp_path: Path
) -> None:
    new_seed(cli, seed_path)
    approve_as_source(root, "kmr")
    out = tmp_path / "out"
    cli("build", SLUG, "--lang", "kmr", "--format", "txt", "--out", str(out), check=True)
    assert (out / SLUG / "kmr.txt").read_bytes() == seed_path.read_bytes()


def test_build_tells_what_the_checks_found_without_checking_again(
    cli: Cli, seed_path: Path, root: Path, tmp_path: Path
) -> None:
    new_seed(cli, seed_path)
    approve_as_source(root, "kmr")  # the English source as translation: an error in each
    build = ("build", SLUG, "--lang", "kmr", "--format", "txt", "--out", str(tmp_path / "out"))
    first = cli(*build, check=True)
    assert "5 unit(s) not checked since they last changed" in first.stderr
    assert f"statements check {SLUG}" in first.stderr
    assert "checks found" not in first.stderr
    assert cli("check", SLUG, "--lang", "kmr").returncode == 1
    again = cli(*build, check=True)
    assert "not checked" not in again.stderr
    assert "checks found 7 error(s) and 10 warning(s)" in again.stderr


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Déclaration de solidarité".encode("latin-1"), "not UTF-8"),
        (b"<!-- notranslate -->\nonly this\n", "no text"),
    ],
)
def test_bad_source_files(
    cli: Cli, root: Path, tmp_path: Path, content: bytes | None, needle: str
) -> None:
    name = "statement.md" if content and content.startswith(b"<!--") else "statement.txt"
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli("new", str(path))
    assert_one_line_error(result, needle)
    assert snapshot(root) == {}


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--slug", "../escape"], "not a valid slug"),
        (["--slug", "a/b"], "not a valid slug"),
        (["--slug", "has space"], "not a valid slug"),
        (["--lang", "xx"], "unknown language"),
        (["--lang", "en"], "at least one target"),
        (["--source-lang", "zz"], "unknown language"),
    ],
)
def test_bad_options(cli: Cli, seed_path: Path, root: Path, args: list[str], needle: str) -> None:
    assert_one_line_error(cli("new", str(seed_path), *args), needle)
    assert snapshot(root) == {}


def test_existing_slug_is_refused(cli: Cli, seed_path: Path, root: Path) -> None:
    new_seed(cli, seed_path)
    before = snapshot(root)
    assert_one_line_error(cli("new", str(seed_path), "--slug", SLUG), "already exists")
    assert snapshot(root) == before


def test_a_format_changed_by_hand_is_one_line(cli: Cli, seed_path: Path, root: Path) -> None:
    """``format = "md"`` written into statement.toml of a text statement: the commands
    stopped with 'unexpected error: FileNotFoundError'."""
    new_seed(cli, seed_path)
    meta = root / SLUG / "statement.toml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace('format = "txt"', 'format = "md"'),
        encoding="utf-8",
    )
    before = snapshot(root)
    for command in (("status",), ("publish", SLUG), ("build", SLUG), ("update", SLUG)):
        assert_one_line_error(
            cli(*command), "format = 'md', but the source is source.txt", "back to 'txt'"
        )
    assert snapshot(root) == before


def test_check_refuses_a_catalog_copied_over_another(cli: Cli, seed_path: Path, root: Path) -> None:
    """``cp ar.po ckb.po``: check reported the Arabic findings as Sorani ones."""
    new_seed(cli, seed_path)
    shutil.copy(root / SLUG / "ar.po", root / SLUG / "ckb.po")
    assert_one_line_error(cli("check", SLUG), "ckb.po holds the ar translation")


def test_broken_po_is_named_with_its_line(cli: Cli, seed_path: Path, root: Path) -> None:
    new_seed(cli, seed_path)
    po = root / SLUG / "ckb.po"
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[20] = 'msgstr "broken " quote"\n'
    po.write_text("".join(lines), encoding="utf-8")
    before = snapshot(root)
    result = cli("update", SLUG)
    assert_one_line_error(result, "ckb.po:21")
    assert snapshot(root) == before
    assert_one_line_error(cli("status"), "ckb.po:21")


def test_unknown_statement_and_language(cli: Cli, seed_path: Path) -> None:
    new_seed(cli, seed_path)
    assert_one_line_error(cli("status", "nope"), "no statement 'nope'")
    assert_one_line_error(cli("build", SLUG, "--lang", "fr"), "not translated into 'fr'")
    assert_one_line_error(cli("build", SLUG, "--format", "pdfx"), "unknown output format")


def test_built_in_commands_need_no_plugin_lookup(cli: Cli) -> None:
    """A built-in command starts without scanning installed packages for plugin commands;
    the overview and any other command still find them (``serve``)."""
    parser = cli_module.make_parser(plugins=False)
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert tuple(commands.choices) == cli_module.BUILT_IN
    assert cli_module._command(["--root", "status", "status", "--format", "json"]) == "status"
    assert cli_module._command(["--help"]) is None
    assert cli_module._command(["serve", "--port", "8000"]) == "serve"
    assert "serve" in cli("--help", check=True).stdout
    assert "--workers" in cli("serve", "--help", check=True).stdout


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = commands.choices[name]
    assert isinstance(found, argparse.ArgumentParser)
    return found


def _described(parser: argparse.ArgumentParser) -> list[dict[str, object]]:
    """Each argument of ``parser`` as it reads it (not the group that holds it)."""
    return [
        {key: value for key, value in vars(action).items() if key != "container"}
        for action in parser._actions
    ]


@pytest.mark.parametrize("name", cli_module.BUILT_IN)
def test_a_built_in_command_alone_reads_its_arguments_as_every_command_would(name: str) -> None:
    """Run by name first, a built-in command builds its own parser only: the same
    arguments, help and defaults as in the parser of every command."""
    every = _subparser(cli_module.make_parser(plugins=False), name)
    alone = cli_module.make_parser(plugins=False, only=name)
    assert _subparser(alone, name).format_help() == every.format_help()
    assert _described(_subparser(alone, name)) == _described(every)
    assert _subparser(alone, name).get_default("handler") is every.get_default("handler")
    commands = next(a for a in alone._actions if isinstance(a, argparse._SubParsersAction))
    assert list(commands.choices) == [name]


def _help_texts(parser: argparse.ArgumentParser) -> list[str]:
    """The help of ``parser`` and of every subcommand's parser below it."""
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                texts += _help_texts(sub)
    return texts


def _with_argparse_formatter(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _with_argparse_formatter(sub)


@pytest.mark.parametrize("columns", [None, "", "x", "-3", "0", "40", "80", "200"])
def test_help_is_laid_out_as_argparse_lays_it_out(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command's help, at any terminal width (``COLUMNS`` or, unset or not a
    number, standard output's), is argparse's own to the byte."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    ours = cli_module.make_parser(plugins=True)
    theirs = cli_module.make_parser(plugins=True)
    _with_argparse_formatter(theirs)
    assert _help_texts(ours) == _help_texts(theirs)
    assert len(_help_texts(ours)) > len(cli_module.BUILT_IN)  # the commands' own included
    assert cli_module._columns() == shutil.get_terminal_size().columns


def test_the_commands_start_without_shutil(cli: Cli, seed_path: Path, root: Path) -> None:
    """argparse imports shutil to find the terminal's width (2 ms, with bz2 and lzma);
    the program's parsers find it themselves, so neither a command nor its help loads it."""
    script = (
        "import sys\n"
        "from workflow.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('shutil' in sys.modules, file=sys.stderr)\n"
    )
    for args in (
        ["--help"],
        ["build", "--help"],
        ["--root", str(root), "new", str(seed_path), "--slug", "s"],
        ["--root", str(root), "status"],
    ):
        ran = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
        )
        assert ran.stderr.splitlines()[-1] == "False", (args, ran.stderr)


def test_only_a_command_named_first_is_parsed_alone() -> None:
    only = cli_module._only_command
    assert only(["--root", "build", "build", "s"]) == "build"
    assert only(["--root=x", "status"]) == "status"
    assert only(["status", "--format", "json"]) == "status"
    # Anything else before the name (help, an abbreviated option) or another command: all.
    assert only(["--help", "build"]) is None
    assert only(["--ro", "new", "build", "s"]) is None
    assert only(["serve"]) is None
    assert only([]) is None
    assert only(["--root"]) is None


@pytest.mark.parametrize(
    "line",
    [
        ["--root", "build", "build", "s"],
        ["--root", "-h", "build"],
        ["--root", "--", "build", "s"],
        ["build", "s", "--ro", "x"],
        ["build", "-h"],
        ["build"],
        ["status", "--format", "xml"],
        ["users", "add", "Layla", "--instance", "i", "--root", "r"],
        ["memory", "search", "text", "--lang", "ar", "--limit", "0"],
        ["-h", "build"],
        ["--ro", "new", "build", "s"],
    ],
)
def test_a_command_line_reads_the_same_with_one_command_s_parser(
    line: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The parser ``main`` builds for a command line reads it as the parser of every
    command does: the same arguments, or the same message and exit code."""

    def read(parser: argparse.ArgumentParser) -> tuple[object, str, str]:
        try:
            found: object = vars(parser.parse_args(line))
        except SystemExit as exit:
            found = ("exit", exit.code)
        out = capsys.readouterr()
        return found, out.out, out.err

    every = read(cli_module.make_parser(plugins=True))
    assert read(cli_module.parser_for(line)) == every


@pytest.mark.parametrize("group", ["statements.commands", "console_scripts"])
def test_plugins_are_found_as_importlib_metadata_finds_them(group: str) -> None:
    from importlib.metadata import entry_points as from_metadata

    expected = [(entry.name, entry.value) for entry in from_metadata(group=group)]
    assert expected  # this project installs both
    assert plugins.entry_points(group) == expected
    assert plugins.load("webui.server:register") is webui_server.register
    assert plugins.load("workflow.cli") is cli_module
    assert plugins.load("workflow.cli:INTERNAL_ERROR") == 70


def test_a_zip_on_the_path_leaves_plugins_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugin.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("extra-1.0.dist-info/METADATA", "Name: extra\nVersion: 1.0\n")
        zipped.writestr(
            "extra-1.0.dist-info/entry_points.txt", "[statements.commands]\nextra = extra:add\n"
        )
    monkeypatch.syspath_prepend(str(archive))
    assert ("extra", "extra:add") in plugins.entry_points()


def test_the_first_copy_of_a_plugin_on_the_path_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib.metadata import entry_points as from_metadata

    for place, version, target in (("a", "2.0", "new_extra:add"), ("b", "1.0", "old:add")):
        info = tmp_path / place / f"Extra_Plugin-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Name: extra.plugin\nVersion: {version}\n")
        (info / "entry_points.txt").write_text(
            f"# made by hand\n[console_scripts]\nx = y:z\n\n[statements.commands]\n"
            f"extra = {target} [web]\n"
        )
    monkeypatch.syspath_prepend(str(tmp_path / "b"))
    monkeypatch.syspath_prepend(str(tmp_path / "a"))
    found = plugins.entry_points()
    assert ("extra", "new_extra:add [web]") in found and ("extra", "old:add") not in found
    assert found == [(entry.name, entry.value) for entry in from_metadata(group=plugins.GROUP)]


def test_an_egg_on_the_path_leaves_plugins_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = tmp_path / "extra-1.0-py3.11.egg" / "EGG-INFO"
    info.mkdir(parents=True)
    (info / "PKG-INFO").write_text("Name: extra\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[statements.commands]\nextra = extra:add\n")
    monkeypatch.syspath_prepend(str(info.parent))
    assert ("extra", "extra:add") in plugins.entry_points()


def test_the_program_leaves_its_objects_to_the_exit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the program, main() runs a built-in command with the collector at a slower pace
    and freezes it once the command is done (finishing the interpreter would walk every
    object left); called with arguments, or for a plugin's command (whose objects'
    finalisers may have work to do), it leaves the collector alone."""
    frozen: list[bool] = []
    paces: list[tuple[int, ...]] = []
    monkeypatch.setattr(cli_module.gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr(cli_module.gc, "set_threshold", lambda *pace: paces.append(pace))
    monkeypatch.setattr(sys, "argv", ["statements", "--root", str(root), "status"])
    run = cli_module._run
    paced_first: list[bool] = []

    def running(arguments: list[str]) -> int:
        paced_first.append(len(paces) == 1)
        return run(arguments)

    monkeypatch.setattr(cli_module, "_run", running)
    assert cli_module.main() == 0 and frozen == [True] and paced_first == [True]
    assert paces[0][0] > gc.get_threshold()[0]
    assert cli_module.main(["--root", str(root), "status"]) == 0 and frozen == [True]
    monkeypatch.setattr(cli_module, "_run", lambda arguments: 0)
    monkeypatch.setattr(sys, "argv", ["statements", "--root", str(root), "export", "x"])
    assert cli_module.main() == 0 and frozen == [True] and len(paces) == 1


def test_the_commands_leave_nothing_for_the_collector_to_close(
    root: Path, seed_path: Path, tmp_path: Path
) -> None:
    """The collector is frozen at the program's end, so nothing may rely on it there: each
    command, run without the freeze in Python's development mode, leaves no file, socket or
    other resource unclosed for finalisers to find."""
    program = "import sys; from workflow.cli import main; sys.exit(main(sys.argv[1:]))"
    out = tmp_path / "out"
    commands = [
        ["new", str(seed_path), "--slug", "icssi", *(f"--skip={s}" for s in SEED_SKIP)],
        ["status"],
        ["check", "icssi"],
        ["build", "icssi", "--allow-unreviewed", "--out", str(out), "--jobs", "2"],
        ["glossary", "set", "siege", "--lang", "ar", "--translation", "الحصار"],
        ["search", "siege"],
    ]
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", program,
             "--root", str(root), *command],
            capture_output=True, text=True, timeout=120, cwd=tmp_path,
            env={**os.environ, "STATEMENTS_NO_GIT": "1"},
        )  # fmt: skip
        assert "ResourceWarning" not in result.stderr, (command, result.stderr)
        assert result.returncode in (0, 1), (command, result.stderr)
    assert (out / "icssi").is_dir()
