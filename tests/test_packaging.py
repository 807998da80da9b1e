"""The portal as a team gets it: a wheel, installed with its locked dependencies into a fresh virtual
environment that sees nothing of this machine's Python; a team repository made by that install's
`portal init`, installed again on a "new machine" by the first commands of its own README."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT

DAY = "2026-11-23"
LOCKS = ROOT / "builder" / "init" / "locks"


def _venv(where: Path) -> tuple[Path, dict[str, str]]:
    """A new virtual environment without system site packages, and an environment that uses it alone."""
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, timeout=300)
    bin_dir = where / ("Scripts" if os.name == "nt" else "bin")
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "CI", "PORTAL_SITE_PASSWORD", "PORTAL_FEED_KEY", "PORTAL_DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env['PATH']}", VIRTUAL_ENV=str(where), PIP_DISABLE_PIP_VERSION_CHECK="1")
    return bin_dir, env


def _run(args: list[str] | str, cwd: Path, env: dict[str, str], timeout: int = 900) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=env, shell=isinstance(args, str), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _package_files() -> set[str]:
    """What the wheel must hold: every file of the package folders, as the wheel names them."""
    found = set()
    for base, prefix in ((ROOT / "builder", "builder"), (ROOT / "site_templates", "builder/site_templates")):
        for path in base.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                found.add(f"{prefix}/{path.relative_to(base).as_posix()}")
    return found


def test_the_wheel_holds_every_file_of_the_package_and_nothing_else(portal_wheel):
    with zipfile.ZipFile(portal_wheel) as wheel:
        names = {n for n in wheel.namelist() if not n.split("/")[0].endswith(".dist-info")}
    assert names == _package_files()


def test_the_shipped_lock_pins_every_dependency_by_hash():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lock = (LOCKS / "portal.txt").read_text(encoding="utf-8")
    pins: dict[str, list[str]] = {}
    for name, pinned in re.findall(r"^([A-Za-z0-9._-]+)==([^\s;]+)", lock, re.M):
        pins.setdefault(name.lower().replace("_", "-").replace(".", "-"), []).append(pinned)
    for line in project["dependencies"]:
        wanted = Requirement(line)
        name = wanted.name.lower().replace("_", "-").replace(".", "-")
        assert name in pins, f"{name} is not in builder/init/locks/portal.txt: refresh the lock (README)"
        assert all(wanted.specifier.contains(v) for v in pins[name]), (name, pins[name], str(wanted.specifier))
    blocks = re.findall(r"^[^\s#].*?(?=^[^\s#]|\Z)", lock, re.M | re.S)  # a pin and its indented lines
    assert len(blocks) == lock.count("==") and all("--hash=sha256:" in b for b in blocks)


def test_a_team_installs_and_publishes_its_portal_from_a_wheel_on_a_fresh_machine(tmp_path, portal_wheel):
    # 1. the release: its wheel and locked dependencies in a venv of its own
    _, env = _venv(tmp_path / "venv")
    started = time.monotonic()
    _run(["python", "-m", "pip", "install", "-q", "--require-hashes", "-r", str(LOCKS / "build.txt")], tmp_path, env)
    _run(
        [
            "python",
            "-m",
            "pip",
            "install",
            "-q",
            "--require-hashes",
            "--no-build-isolation",
            "-r",
            LOCKS / "portal.txt",
        ],
        tmp_path,
        env,
    )
    _run(["python", "-m", "pip", "install", "-q", "--no-deps", str(portal_wheel)], tmp_path, env)
    print(f"release installed in {time.monotonic() - started:.1f} s; wheel {portal_wheel.stat().st_size} bytes")
    imported = _run(
        [
            "python",
            "-I",
            "-c",
            "import pkgutil, sys, builder\n"
            "for m in pkgutil.walk_packages(builder.__path__, 'builder.'):\n"
            "    if m.name != 'builder.__main__': __import__(m.name)\n"
            "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] == 'builder'))",
        ],
        tmp_path,
        env,
    ).stdout.split()
    assert len(imported) > 80 and all(Path(f).is_relative_to(tmp_path / "venv") for f in imported), imported

    # 2. its own portal init: the repository carries the installed release, made again from its files
    _run(["portal", "init", "team", "--profile", "credit_union", "--date", DAY], tmp_path, env)
    team = tmp_path / "team"
    carried = next((team / "portal").glob("*.whl"))
    with zipfile.ZipFile(carried) as made, zipfile.ZipFile(portal_wheel) as built:
        contents = {n: made.read(n) for n in made.namelist() if not n.endswith("RECORD")}
        assert contents == {n: built.read(n) for n in built.namelist() if not n.endswith("RECORD")}
    _run(["portal", "check", "--as-of", DAY], team, env)
    _run(["portal", "demo", "--profile", "securities", "--people", "2", "--customers", "12", "--months", "1", "--out",
          str(tmp_path / "demo")], tmp_path, env)  # fmt: skip
    _run(["portal", "build", "--data", str(tmp_path / "demo"), "--site", str(tmp_path / "demo-site"), "--as-of",
          "2026-11-20"], team, env)  # fmt: skip
    assert (tmp_path / "demo-site" / "index.html").is_file()

    # 3. a new machine: a clone of the team's repository and the first two commands of its README
    fresh = tmp_path / "clone"
    _run(["git", "clone", "-q", str(team), str(fresh)], tmp_path, env)
    readme = (fresh / "README.md").read_text(encoding="utf-8")
    first, second = re.search(r"```bash\n(.*?)\n```", readme, re.S).group(1).splitlines()[:2]  # type: ignore[union-attr]
    _, env2 = _venv(tmp_path / "venv2")
    started = time.monotonic()
    _run(first, fresh, env2)
    print(f"team repository installed in {time.monotonic() - started:.1f} s")
    where = _run(["python", "-I", "-c", "import builder; print(builder.__file__)"], fresh, env2).stdout
    assert Path(where.strip()).is_relative_to(tmp_path / "venv2")
    _run(second + f" --as-of {DAY}", fresh, env2)
    page = (fresh / "site" / "handbook" / "index.html").read_text(encoding="utf-8")
    assert "```" not in page and (fresh / "site" / "search" / "search_index.json").is_file()
    assert "portal serve" in readme
    _serves(fresh, env2)


def _serves(repository: Path, env: dict[str, str]) -> None:
    """`portal serve`, as the README says, answers with the team's home page."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        ["portal", "serve", "--port", str(port), "--as-of", DAY],
        cwd=repository,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200 and "首页" in response.read().decode("utf-8")
                    return
            except OSError:
                time.sleep(0.5)
        pytest.fail("portal serve did not answer")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _portal_with(prelude: str, *args: str, cwd: Path, debug: bool = False) -> subprocess.CompletedProcess[str]:
    """The portal command of this checkout, with `prelude` run first in its process (a module taken away,
    a fault put in)."""
    drop = ("CI", "PORTAL_DEBUG", "PORTAL_FEED_KEY")
    env = {k: v for k, v in os.environ.items() if k not in drop} | {"PYTHONPATH": str(ROOT)}
    if debug:
        env["PORTAL_DEBUG"] = "1"
    script = prelude + "from builder.cli import main\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_portal_runs_without_posix_only_modules(tmp_path):
    """As on Windows: no fcntl, resource, termios, fork, O_NOFOLLOW. Every module imports; check and build run."""
    blocked = ("fcntl", "resource", "termios", "pwd", "grp")
    prelude = (
        "import os, sys, pkgutil\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "del os.fork, os.O_NOFOLLOW, os.O_NONBLOCK, os.getuid\n"
        "import builder\n"
        "for m in pkgutil.walk_packages(builder.__path__, 'builder.'):\n"
        "    if m.name != 'builder.__main__': __import__(m.name)\n"
    )
    demo = _portal_with(
        prelude, "demo", "--out", "data", "--people", "2", "--customers", "10", "--months", "1", cwd=tmp_path
    )
    assert demo.returncode == 0, demo.stderr
    done = _portal_with(prelude, "check", "--as-of", "2026-11-20", cwd=tmp_path)
    assert done.returncode == 0 and "0 个错误" in done.stderr, done.stderr
    done = _portal_with(prelude, "build", "--as-of", "2026-11-20", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file() and "peak memory" not in done.stderr


def test_a_fault_inside_a_stage_is_exit_3_with_one_line_or_the_traceback(tmp_path):
    """An internal error is not a data error: exit 3, a one-line apology, the traceback under PORTAL_DEBUG=1."""
    prelude = (
        "import builder.site.generate as g\n"
        "def broken(*args, **kwargs): raise KeyError('injected')\n"
        "g.derive = broken\n"
    )
    args = ("build", "--data", str(ROOT / "data"), "--site", str(tmp_path / "site"))
    done = _portal_with(prelude, *args, cwd=tmp_path)
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "门户程序自己的错误" in lines[0] and "PORTAL_DEBUG=1" in lines[0], done.stderr
    assert "KeyError('injected')" in lines[0] and "builder/site/generate.py:" in lines[0]
    assert not (tmp_path / "site").exists()
    debug = _portal_with(prelude, *args, cwd=tmp_path, debug=True)
    assert debug.returncode == 3
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'injected'" in debug.stderr
