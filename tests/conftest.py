from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TypeVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
DEMO_AS_OF = "2026-11-20"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def child_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child process running this checkout's builder (wherever its cwd is),
    without what would make it a CI run or reveal a secret."""
    private = (
        *("CI", "GITHUB_ACTIONS", "GITEA_ACTIONS", "FORGEJO_ACTIONS", "GITLAB_CI", "JENKINS_URL", "CHANGE_ID", "DRONE"),
        *("GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "CI_PIPELINE_SOURCE", "CI_PROJECT_VISIBILITY", "CI_PIPELINE_EVENT"),
        *("WOODPECKER_URL", "PORTAL_DEBUG", "PORTAL_SITE_PASSWORD", "PORTAL_FEED_KEY", "PORTAL_SITE_DOOR"),
    )
    environment = {k: v for k, v in os.environ.items() if k not in private}
    environment["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [environment.get("PYTHONPATH")])])
    return environment | (env or {})


def portal(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, via: tuple[str, ...] = ("-m", "builder")
) -> Run:
    """Run the real `portal` command line in a child process (`via`: how Python is told to run it)."""
    done = subprocess.run(
        [sys.executable, *via, *args],
        cwd=cwd,
        env=child_env(env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def _copy_checkout(target: Path) -> None:
    """The checkout's files as git sees them (tracked or new, not ignored), copied to `target`."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)


def once_per_run(factory: pytest.TempPathFactory, worker_id: str, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` run once in a test run, whichever xdist worker asks first; the others get what
    it returned (pickled beside the folder). A failed attempt is made again by the next to ask."""
    from filelock import FileLock

    base = factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # the run's folder, above every worker's own
    folder, made = shared / name, shared / f"{name}.pickle"
    with FileLock(shared / f"{name}.lock"):
        if not made.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            made.write_bytes(pickle.dumps(make(folder)))
        found: T = pickle.loads(made.read_bytes())
        return found


def _wheel(folder: Path) -> Path:
    _copy_checkout(folder / "source")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(folder), str(folder / "source")],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return next(folder.glob("account_manager_portal-*.whl"))


@pytest.fixture(scope="session")
def portal_wheel(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """This checkout built into a wheel, as a release is: once per test run."""
    return once_per_run(tmp_path_factory, worker_id, "wheel", _wheel)


def demo_team(data: Path, profile: str, people: int, customers: int, months: int = 1) -> Path:
    """A demo team of `profile` written into the folder `data` by the real command line."""
    sizes = ("--people", str(people), "--customers", str(customers), "--months", str(months))
    run = portal("demo", "--profile", profile, "--out", str(data), *sizes)
    assert run.code == 0, run.err
    return data


def built_demo(work: Path, profile: str, people: int, customers: int, months: int) -> Path:
    """`work` holding a demo team of `profile` in data/ and its site in site/, built as of DEMO_AS_OF."""
    demo_team(work / "data", profile, people, customers, months)
    run = portal("build", "--data", str(work / "data"), "--site", str(work / "site"), "--as-of", DEMO_AS_OF, cwd=work)
    assert run.code == 0, run.err
    return work


def table_rows(html: str, anchor: str) -> list[list[str]]:
    """The rows, their cells as text, of the first table after the heading with id `anchor`."""
    part = html[html.index(f'id="{anchor}"') :]
    body = part[part.index("<tbody>") : part.index("</tbody>")]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write `files` (path under `root` -> text) into the folder `root`; returns `root`."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


INJECTED_CUSTOMER = """  - id: x01
    name: "<script>window.__pwned=1</script>李四"
    class: C
    phone: "13900001111"
    notes: '<img src=x onerror="window.__pwned=2">'
"""
INJECTED_LOG = """date: 2026-11-17
visits:
  - time: "09:30"
    customer: x01
    purpose: "</div><script>window.__pwned=3</script>"
    discussion: "[点我](javascript:window.__pwned=4) **粗体** 客户手机 13900002222，身份证 330106199001011234"
    effect: "{{ 7*7 }} {% raw %}"
calls:
  - {customer: x01, outcome: "<b>加粗</b> & 符号"}
"""


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo team, plus one customer and one log full of markup, built once into a site."""
    import shutil

    work = tmp_path_factory.mktemp("demo")
    data = work / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "customers" / "zhangwei.yaml").open("a", encoding="utf-8") as stream:
        stream.write(INJECTED_CUSTOMER)
    (data / "logs" / "zhangwei" / "2026-11-17.yaml").write_text(INJECTED_LOG, encoding="utf-8")
    run = portal("build", "--data", str(data), "--site", str(work / "site"), "--as-of", DEMO_AS_OF)
    assert run.code == 0, run.err
    return work / "site"
