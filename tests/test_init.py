"""`portal init`: a new team's repository for every kind of team, working with the builder
installed as a package (a wheel in a fresh virtual environment, outside this project)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from builder import profiles
from builder.init import THIS_REPOSITORY, ci_files
from builder.pipeline import check
from builder.site.howto import howto_pages
from conftest import ROOT, portal

DAY = "2026-11-23"
BLOCK = re.compile(r'(`{3,})yaml title="data/([^"]+)"\n(.*?)\n\1', re.S)
HELP = re.compile(r'(`{3,})text title="(portal [^"]+ --help)"\n(.*?)\n\1', re.S)


@pytest.mark.parametrize("profile", profiles.names())
def test_a_new_team_of_every_kind_checks_clean(tmp_path, profile):
    run = portal("init", str(tmp_path / "team"), "--profile", profile, "--date", DAY)
    assert run.code == 0, run.err
    files = {p.relative_to(tmp_path / "team").as_posix() for p in (tmp_path / "team").rglob("*") if p.is_file()}
    assert {
        "data/team.yaml",
        "data/people.yaml",
        "mkdocs.yml",
        "content/team.md",
        ".github/workflows/publish.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "schemas/customers.schema.json",
        "requirements.txt",
    } <= files
    assert sum(f.startswith(("data/customers/", "data/logs/", "data/plans/")) for f in files) == 4
    run = portal("check", "--data", str(tmp_path / "team" / "data"), "--as-of", DAY)
    assert run.code == 0 and run.out == "", run.out
    assert "0 个错误，0 个警告" in run.err


def test_init_refuses_a_folder_that_is_not_empty_and_an_unknown_profile(tmp_path):
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    run = portal("init", str(tmp_path), "--profile", "bank")
    assert run.code == 1 and "不是空文件夹" in run.err
    run = portal("init", str(tmp_path / "new"), "--profile", "tobaco")
    assert run.code == 2 and "tobacco" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("profile", profiles.names())
def test_the_handbook_examples_of_every_kind_of_team_pass_the_check(tmp_path, profile):
    (tmp_path / "team.yaml").write_text(f"profile: {profile}\nname: 示例团队\n", encoding="utf-8")
    team = check(tmp_path).dataset.team
    assert team is not None
    handbook = howto_pages(team, date(2026, 11, 23))["handbook.md"]
    blocks = BLOCK.findall(handbook)
    assert {path.split("/")[0] for _, path, _ in blocks} >= {"team.yaml", "people.yaml", "customers", "logs", "plans"}
    data = tmp_path / "data"
    for _, path, body in blocks:
        (data / path).parent.mkdir(parents=True, exist_ok=True)
        (data / path).write_text(body + "\n", encoding="utf-8")
    run = portal("check", "--data", str(data), "--as-of", DAY)
    assert run.code == 0 and run.out == "", run.out


def test_every_help_text_in_the_pages_is_the_commands_own():
    team = check(ROOT / "data").dataset.team
    assert team is not None
    pages = "".join(howto_pages(team, date(2026, 11, 20)).values())
    blocks = HELP.findall(pages)
    assert {c for _, c, _ in blocks} >= {
        f"portal {c} --help" for c in ("new log", "new plan", "review", "feeds", "check", "build", "serve", "init")
    }
    for _, command, text in blocks:
        run = portal(*command.split()[1:])
        assert run.code == 0 and run.out.rstrip("\n") == text, command


def test_this_repositorys_ci_files_are_the_ones_init_writes():
    for path, text in ci_files(THIS_REPOSITORY).items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, path
    assert (ROOT / "mkdocs.yml").read_text(encoding="utf-8") == (
        ROOT / "builder" / "init" / "templates" / "mkdocs.yml"
    ).read_text(encoding="utf-8")


def test_a_team_builds_with_the_portal_installed_from_a_wheel(tmp_path):
    """A non-editable install in a fresh virtual environment, used in a folder outside the project."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    wheel = next(wheels.glob("*.whl"))
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    team = tmp_path / "team"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "PORTAL_SITE_PASSWORD", "PORTAL_FEED_KEY")}
        return subprocess.run(
            [str(venv / "bin" / "portal"), *args], cwd=team, capture_output=True, text=True, timeout=600, env=env
        )

    team.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import builder; print(builder.__file__)"], cwd=team, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel, not this checkout
    done = subprocess.run(
        [str(venv / "bin" / "portal"), "init", str(team / "repo"), "--profile", "telecom", "--date", DAY],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    team = team / "repo"
    built = run("build", "--as-of", DAY)
    assert built.returncode == 0, built.stderr
    handbook = (team / "site" / "handbook" / "index.html").read_text(encoding="utf-8")
    assert "政企部经理" in handbook and "第一中学" in handbook  # the telecom words and its example
    assert (team / "site" / "assets" / "portal.css").is_file()
    assert "```" not in handbook  # code blocks are rendered, not shown as fences
    assert Path(team / "site" / "search" / "search_index.json").is_file()


def test_a_licence_number_can_be_a_customer_id(tmp_path):
    run = portal("init", str(tmp_path / "t"), "--profile", "tobacco", "--date", DAY)
    assert run.code == 0
    for path in (tmp_path / "t" / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("id: r0001", "id: '330102106543'").replace("customer: r0001", "customer: 330102106543")
        path.write_text(text, encoding="utf-8")
    run = portal("check", "--data", str(tmp_path / "t" / "data"), "--as-of", DAY)
    assert run.code == 0 and run.out == "", run.out  # quoted where defined, a number where referred to: one id
