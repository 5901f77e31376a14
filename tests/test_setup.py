"""A fresh machine: the Debian package check that `make run`, `make test` and CI share."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

from .conftest import REPO

SCRIPT = REPO / "deps" / "debian.sh"
PACKAGES = REPO / "deps" / "debian.txt"
NOBODY = 65534


def _open_folder(tmp_path: Path) -> Path:
    """A folder any user may read, with a copy of the script (tmp_path itself is private)."""
    folder = Path(tempfile.mkdtemp(prefix=f"{tmp_path.name}-"))
    folder.chmod(0o755)
    shutil.copy(SCRIPT, folder / "debian.sh")
    return folder


def _check(
    package_list: Path,
    *,
    as_user: str = "self",
    path: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the check on ``package_list`` as this user, as a non-root user or as root."""
    bash = shutil.which("bash")
    assert bash
    command = [bash, str(package_list.parent / "debian.sh"), str(package_list)]
    uid = os.geteuid()
    if as_user == "non-root" and uid == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to check the message non-root users get"
        command = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command]
    if as_user == "root" and uid != 0:
        unshare = shutil.which("unshare")
        assert unshare, "unshare (util-linux) is needed to run the check as root in a namespace"
        command = [unshare, "--user", "--map-root-user", *command]
    environment = {"PATH": path or os.environ["PATH"], "HOME": "/nonexistent", **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


def _write(folder: Path, text: str) -> Path:
    package_list = folder / "packages.txt"
    package_list.write_text(text, encoding="utf-8")
    package_list.chmod(0o644)
    return package_list


def _fake_apt_get(folder: Path, installs: Path | None) -> Path:
    """An ``apt-get`` that logs its arguments and, on install, creates ``installs``."""
    bin_dir = folder / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "apt-get"
    create = f'touch "{installs}"' if installs else "true"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> "{folder}/apt-get.log"\n'
        f'if [ "$1" = install ]; then {create}; fi\n',
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir


def test_the_shipped_list_is_satisfied_here() -> None:
    """CI installed everything in deps/debian.txt: the check then says nothing and passes."""
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_one_list_used_by_ci_and_by_make() -> None:
    """The package names live in deps/debian.txt only; CI and make run its check first."""
    ci = [
        line
        for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ci[-2:] == ["bash deps/debian.sh", "make test"]
    names = [
        line.split()[0]
        for line in PACKAGES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert {"gettext", "chromium", "poppler-utils", "libpango-1.0-0"} <= set(names)
    for name in names:
        assert not any(name in line.split() for line in ci), f"{name} is named in .ci/run"
    for target in ("run", "test"):
        dry = subprocess.run(
            ["make", "--no-print-directory", "-n", "-B", target, "PORT=5999"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert dry.returncode == 0, dry.stderr
        assert "deps/debian.sh" in dry.stdout.splitlines()[0], dry.stdout


def test_missing_package_names_the_command_to_run(tmp_path: Path) -> None:
    """Not root: one line naming `sudo apt-get install` with what is missing, nothing else."""
    folder = _open_folder(tmp_path)
    try:
        package_list = _write(
            folder,
            "# a comment\n"
            f"bash-is-here   file /bin/bash\n"
            f"no-such-pkg-a  file {folder}/absent-a   # trailing comment\n"
            "no-such-pkg-b  command no-such-command-b\n",
        )
        result = _check(
            package_list, as_user="non-root", path=f"{_fake_apt_get(folder, None)}:/usr/bin:/bin"
        )
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == (
            "Missing Debian packages; install them with: "
            "sudo apt-get install no-such-pkg-a no-such-pkg-b\n"
        )
        assert not (folder / "apt-get.log").exists(), "apt-get ran without root"
    finally:
        shutil.rmtree(folder)


def test_without_apt_get_the_line_names_what_is_missing(tmp_path: Path) -> None:
    """A machine that is not Debian: the same single line names the missing things."""
    folder = _open_folder(tmp_path)
    try:
        bin_dir = folder / "bin"
        bin_dir.mkdir()
        for tool in ("dirname", "find", "id"):
            found = shutil.which(tool)
            assert found, tool
            (bin_dir / tool).symlink_to(found)
        package_list = _write(
            folder,
            "gettext      command no-such-msgfmt\n"
            f"chromium     file {folder}/chromium\n"
            "libpango0    library no-such-pango\n"
            "fonts-x      font NoSuchFont-Regular.ttf\n"
            "sh-is-here   file /bin/sh\n",
        )
        result = _check(package_list, path=str(bin_dir))
        assert result.returncode == 1
        assert result.stderr == (
            "Missing: the command no-such-msgfmt (Debian: gettext), "
            f"{folder}/chromium (Debian: chromium), "
            "the library libno-such-pango (Debian: libpango0), "
            "the font NoSuchFont-Regular.ttf (Debian: fonts-x); "
            "install them with this system's package manager.\n"
        )
    finally:
        shutil.rmtree(folder)


def test_root_installs_what_is_missing_with_apt_get(tmp_path: Path) -> None:
    """As root, apt-get installs only the missing packages, then the check passes."""
    folder = _open_folder(tmp_path)
    try:
        installed = folder / "installed"
        package_list = _write(folder, f"sh-is-here  file /bin/sh\nno-such-pkg file {installed}\n")
        bin_dir = _fake_apt_get(folder, installed)
        result = _check(package_list, as_user="root", path=f"{bin_dir}:/usr/bin:/bin")
        assert result.returncode == 0, result.stderr
        assert result.stdout == "Installing Debian packages: no-such-pkg\n"
        log = (folder / "apt-get.log").read_text(encoding="utf-8").splitlines()
        assert log == ["update -qq", "install -y -qq --no-install-recommends no-such-pkg"]
    finally:
        shutil.rmtree(folder)


def test_root_says_what_apt_get_did_not_bring(tmp_path: Path) -> None:
    """A package that does not bring what the list expects is named, not passed over."""
    folder = _open_folder(tmp_path)
    try:
        package_list = _write(folder, "no-such-pkg command no-such-command\n")
        bin_dir = _fake_apt_get(folder, None)
        result = _check(package_list, as_user="root", path=f"{bin_dir}:/usr/bin:/bin")
        assert result.returncode == 1
        assert (
            result.stderr == "Still missing after apt-get install: the command no-such-command.\n"
        )
    finally:
        shutil.rmtree(folder)


def test_a_malformed_line_is_named(tmp_path: Path) -> None:
    folder = _open_folder(tmp_path)
    try:
        package_list = _write(
            folder, "gettext command msgfmt\nchromium somewhere /usr/bin/chromium\n"
        )
        result = _check(package_list)
        assert result.returncode == 2
        assert result.stderr == (
            f"{package_list}:2: expected 'PACKAGE KIND ARGUMENT' (see the comments at its top)\n"
        )
    finally:
        shutil.rmtree(folder)
