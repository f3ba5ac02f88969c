"""`./dev`: the Debian package names it asks for on each release, and one Python and one npm installation for
run and test.

The script runs in bash with fake `dpkg-query`, `apt-cache`, `id` and virtualenv on PATH, so the test
neither needs nor touches the machine's packages.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

DEV = REPO / "dev"
FAKES = {
    # dpkg-query -W -f='${Status}' NAME: installed when NAME is in $FAKE_INSTALLED
    "dpkg-query": 'for name; do :; done\n'
                  'case " $FAKE_INSTALLED " in *" $name "*) printf "install ok installed";; '
                  '*) echo "dpkg-query: no packages found matching $name" >&2; exit 1;; esac',
    # apt-cache show NAME: known when NAME is in $FAKE_KNOWN
    "apt-cache": 'case " $FAKE_KNOWN " in *" $2 "*) echo "Package: $2";; '
                 '*) echo "E: No packages found" >&2; exit 100;; esac',
    "id": 'echo 1000',  # not root: the script says what to run instead of running it
}


def executable(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def fake_bin(tmp_path) -> Path:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in FAKES.items():
        executable(bin_dir / name, body)
    return bin_dir


def bash(fake_bin: Path, script: str, *, installed: str = "", known: str = "", cwd: Path | None = None):
    env = {**os.environ, "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}", "PYTHON": "true",
           "FAKE_INSTALLED": installed, "FAKE_KNOWN": known}
    return subprocess.run(["bash", "-c", script, "dev", str(DEV)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("release", "installed", "known", "missing"), [
    ("Debian 12, fresh", "", "libdmtx0b libzbar0", "libdmtx0b libzbar0"),
    ("Debian 13 / Ubuntu 24.04, fresh", "", "libdmtx0t64 libzbar0t64", "libdmtx0t64 libzbar0t64"),
    ("Debian 12, ready", "libdmtx0b libzbar0", "libdmtx0b libzbar0", ""),
    ("Ubuntu 24.04, ready", "libdmtx0t64 libzbar0t64", "libdmtx0t64 libzbar0t64", ""),
    ("one of two", "libzbar0t64", "libdmtx0t64 libzbar0t64", "libdmtx0t64"),
    ("apt lists not fetched yet", "", "", "libdmtx0t64 libzbar0t64"),
])
def test_the_package_names_this_release_knows(fake_bin, release, installed, known, missing):
    done = bash(fake_bin, 'source "$1"; missing_packages', installed=installed, known=known)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == missing, release


def test_a_user_is_told_the_one_line_to_run(fake_bin, tmp_path):
    done = bash(fake_bin, 'source "$1"; install_system', known="libdmtx0t64 libzbar0t64")
    assert done.returncode == 1
    assert "  sudo apt-get install -y libdmtx0t64 libzbar0t64" in done.stderr


def fake_project(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ./dev in a project with a fake virtualenv that records what it is asked to do (in the log)."""
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(DEV, project / "dev")
    (project / "pyproject.toml").write_text("")
    log = tmp_path / "calls.log"
    for name in ("python", "medcheck"):
        executable(project / ".venv" / "bin" / name, f'echo "{name} $*" >> {log}')
    return project, log


def test_run_after_test_installs_nothing_again(fake_bin, tmp_path):
    project, log = fake_project(tmp_path)
    executable(fake_bin / "npm", f'echo "npm $* in ${{PWD##*/}}" >> {log}; mkdir -p node_modules')
    (project / "webapp").mkdir()
    (project / "webapp" / "package-lock.json").write_text("{}")
    installed = "libdmtx0b libzbar0 chromium chromium-driver"
    for command in ("test", "run", "test"):
        done = bash(fake_bin, f'"{project / "dev"}" {command}', installed=installed)
        assert done.returncode == 0, done.stderr
    calls = log.read_text().splitlines()
    assert [c for c in calls if "pip install" in c and "-e" in c] == ["python -m pip install -q -e .[test]"]
    assert [c for c in calls if c.startswith("npm")] == ["npm ci --no-audit --no-fund --loglevel=error in webapp"]
    assert calls[-3:] == ["python -m pytest", "medcheck run", "python -m pytest"]


def test_the_tests_also_get_chromium_and_its_driver(fake_bin):
    done = bash(fake_bin, 'source "$1"; missing_packages $BROWSER', installed="libdmtx0b libzbar0",
                known="libdmtx0b libzbar0 chromium chromium-driver")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "chromium chromium-driver"
    done = bash(fake_bin, 'source "$1"; install_system $BROWSER', installed="libdmtx0b libzbar0",
                known="chromium chromium-driver")
    assert done.returncode == 1 and "  sudo apt-get install -y chromium chromium-driver" in done.stderr


def test_without_a_command_it_says_how_to_use_it(fake_bin):
    done = bash(fake_bin, '"$1"')
    assert done.returncode == 2 and "usage: ./dev run | ./dev test" in done.stderr


def test_without_npm_the_bot_runs_and_the_tests_say_what_to_install(fake_bin, tmp_path):
    project, log = fake_project(tmp_path)
    installed = "libdmtx0b libzbar0 chromium chromium-driver"
    no_npm = f'NPM="{tmp_path}/no-such-npm" "{project / "dev"}"'
    ran = bash(fake_bin, f"{no_npm} run", installed=installed)
    assert ran.returncode == 0 and "Mini App off" in ran.stderr
    tested = bash(fake_bin, f"{no_npm} test", installed=installed)
    assert tested.returncode == 1 and "need Node.js 20 or newer with npm" in tested.stderr
    assert log.read_text().splitlines()[-1] == "medcheck run"  # the tests never started
