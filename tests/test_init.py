"""`portal init`: a new team's repository for every kind of team, working with the builder
installed as a package (a wheel in a fresh virtual environment, outside this project)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from builder import profiles
from builder.cli import help_texts
from builder.init import THIS_REPOSITORY, ci_files
from builder.init.release import version
from builder.pipeline import check
from builder.site.howto import howto_pages
from conftest import ROOT, portal

DAY = "2026-11-23"
BLOCK = re.compile(r'(`{3,})yaml title="data/([^"]+)"\n(.*?)\n\1', re.S)
HELP = re.compile(r'(`{3,})text title="(portal [^"]+ --help)（命令说明）"\n(.*?)\n\1', re.S)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("profile", profiles.names())
def test_a_new_team_of_every_kind_checks_clean_and_is_committed(tmp_path, profile, portal_wheel):
    team = tmp_path / "team"
    run = portal("init", str(team), "--profile", profile, "--date", DAY, "--wheel", str(portal_wheel))
    assert run.code == 0, run.err
    files = {p.relative_to(team).as_posix() for p in team.rglob("*") if p.is_file() and ".git" not in p.parts}
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
        "portal/build.txt",
        f"portal/{portal_wheel.name}",
    } <= files
    assert (team / "portal" / portal_wheel.name).read_bytes() == portal_wheel.read_bytes()
    digest = hashlib.sha256(portal_wheel.read_bytes()).hexdigest()
    assert f"./portal/{portal_wheel.name} --hash=sha256:{digest}" in (team / "requirements.txt").read_text("utf-8")
    assert sum(f.startswith(("data/customers/", "data/logs/", "data/plans/")) for f in files) == 4
    run = portal("check", "--data", str(team / "data"), "--as-of", DAY)
    assert run.code == 0 and run.out == "", run.out
    assert "0 个错误，0 个警告" in run.err
    assert _git(team, "branch", "--show-current").strip() == "main"
    assert _git(team, "status", "--porcelain") == ""  # everything is in the first commit
    assert set(_git(team, "ls-files").split()) == files
    assert len(_git(team, "log", "--format=%H").split()) == 1


def test_init_refuses_a_folder_that_is_not_empty_and_an_unknown_profile(tmp_path, portal_wheel):
    (tmp_path / "old.txt").write_text("x", encoding="utf-8")
    run = portal("init", str(tmp_path), "--profile", "bank", "--wheel", str(portal_wheel))
    assert run.code == 1 and "不是空文件夹" in run.err
    run = portal("init", str(tmp_path / "new"), "--profile", "tobaco")
    assert run.code == 2 and "tobacco" in run.err and "Traceback" not in run.err


def test_a_portal_run_from_source_needs_a_wheel_of_its_own_release(tmp_path, portal_wheel):
    run = portal("init", str(tmp_path / "a"), "--profile", "bank")  # this checkout: no installed files to pack
    assert run.code == 1 and "--wheel" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "a").exists()
    other = tmp_path / portal_wheel.name.replace(f"-{version()}-", "-0.0.1-")
    shutil.copy(portal_wheel, other)
    run = portal("init", str(tmp_path / "b"), "--profile", "bank", "--wheel", str(other))
    assert run.code == 1 and "0.0.1" in run.err and version() in run.err
    assert not (tmp_path / "b").exists()


def test_upgrade_moves_a_team_to_this_release_in_one_commit_of_its_own(tmp_path, portal_wheel):
    team = tmp_path / "team"
    assert portal("init", str(team), "--profile", "tobacco", "--date", DAY, "--wheel", str(portal_wheel)).code == 0
    fresh = {p: p.read_bytes() for p in team.rglob("*") if p.is_file() and ".git" not in p.parts}
    # the repository as an older release left it
    old = "account_manager_portal-0.0.9-py3-none-any.whl"
    (team / "portal" / portal_wheel.name).rename(team / "portal" / old)
    requirements = (team / "requirements.txt").read_text("utf-8")
    (team / "requirements.txt").write_text(
        re.sub(r"\./portal/\S+ --hash=\S+", f"./portal/{old} --hash=sha256:00", requirements)
    )
    (team / ".gitlab-ci.yml").write_text("# old\n", encoding="utf-8")
    _git(team, "add", "-A")
    _git(team, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "older release")
    (team / "data" / "people.yaml").write_text(
        (team / "data" / "people.yaml").read_text("utf-8") + "# 未提交\n", "utf-8"
    )

    run = portal("upgrade", "--repo", str(team), "--wheel", str(portal_wheel))
    assert run.code == 0, run.err
    assert sorted(run.out.split()) == sorted(
        [".gitlab-ci.yml", f"portal/{old}", f"portal/{portal_wheel.name}", "requirements.txt"]
    )
    for path, content in fresh.items():
        if path.name != "people.yaml":
            assert path.read_bytes() == content, path
    assert not (team / "portal" / old).exists()
    assert _git(team, "branch", "--show-current").strip() == f"portal-{version()}"
    committed = _git(team, "show", "--name-only", "--no-renames", "--format=%s", "HEAD").split()
    assert committed[0] == "门户升级到" and committed[1] == version()
    assert sorted(committed[2:]) == sorted(run.out.split())
    assert _git(team, "status", "--porcelain").strip() == "M data/people.yaml"  # the manager's edit stays theirs

    again = portal("upgrade", "--repo", str(team), "--wheel", str(portal_wheel))
    assert again.code == 0 and again.out == "" and "没有要改的文件" in again.err


def test_upgrade_refuses_a_folder_that_is_not_a_team_repository(tmp_path, portal_wheel):
    run = portal("upgrade", "--repo", str(tmp_path), "--wheel", str(portal_wheel))
    assert run.code == 1 and "data/team.yaml" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("profile", profiles.names())
def test_the_handbook_examples_of_every_kind_of_team_pass_the_check(tmp_path, profile):
    (tmp_path / "team.yaml").write_text(f"profile: {profile}\nname: 示例团队\n", encoding="utf-8")
    team = check(tmp_path).dataset.team
    assert team is not None
    handbook = howto_pages(team, date(2026, 11, 23), help_texts())["handbook.md"]
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
    pages = "".join(howto_pages(team, date(2026, 11, 20), help_texts()).values())
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


def test_a_licence_number_can_be_a_customer_id(tmp_path, portal_wheel):
    run = portal("init", str(tmp_path / "t"), "--profile", "tobacco", "--date", DAY, "--wheel", str(portal_wheel))
    assert run.code == 0
    for path in (tmp_path / "t" / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("id: r0001", "id: '330102106543'").replace("customer: r0001", "customer: 330102106543")
        path.write_text(text, encoding="utf-8")
    run = portal("check", "--data", str(tmp_path / "t" / "data"), "--as-of", DAY)
    assert run.code == 0 and run.out == "", run.out  # quoted where defined, a number where referred to: one id


def test_init_commits_as_portal_init_where_git_knows_nobody_and_says_so_where_there_is_no_git(tmp_path, portal_wheel):
    nobody = {"HOME": str(tmp_path), "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    run = portal("init", str(tmp_path / "a"), "--profile", "bank", "--wheel", str(portal_wheel), env=nobody)
    assert run.code == 0, run.err
    assert _git(tmp_path / "a", "log", "--format=%an <%ae>").strip() == "portal init <portal-init@localhost>"
    assert "作者记为 portal init" in run.err

    no_git = tmp_path / "bin"
    no_git.mkdir()
    run = portal(
        "init", str(tmp_path / "b"), "--profile", "bank", "--wheel", str(portal_wheel), env={"PATH": str(no_git)}
    )
    assert run.code == 0, run.err
    assert "没有 git" in run.err and not (tmp_path / "b" / ".git").exists()
    assert (tmp_path / "b" / "data" / "team.yaml").is_file()
