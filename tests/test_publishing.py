"""CI configuration, the pre-commit hook, and the documentation of every command."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from ruamel.yaml import YAML

from conftest import ROOT, child_env

BIN = Path(sys.executable).parent  # where pip put the scripts: actionlint, pre-commit, portal


def test_actionlint_accepts_the_publish_workflow():
    done = subprocess.run(
        ["actionlint", str(ROOT / ".github" / "workflows" / "publish.yml")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_checks_pull_requests_and_publishes_main_daily():
    flow = YAML(typ="safe").load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]
    assert {"pull_request", "push", "schedule"} <= set(triggers)
    steps = flow["jobs"]["build"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in steps)
    assert flow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    for step in steps + flow["jobs"]["deploy"]["steps"]:
        if "uses" in step:
            assert re.search(r"@[0-9a-f]{40}$", step["uses"]), step["uses"]  # a commit; the tag is in a comment


def test_gitlab_ci_has_the_equivalent_pages_job():
    ci = YAML(typ="safe").load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert ci["variables"]["GIT_DEPTH"] == "0"
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert any("--site public" in line for line in ci["pages"]["script"])
    assert ci["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-bookworm", ci["image"])


def test_the_pre_commit_hook_checks_changed_data_files(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "corpus" / "data", repo / "data")
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    validate = subprocess.run(["pre-commit", "validate-config"], cwd=repo, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    # the hook runs `portal` from PATH: this checkout's, whatever this machine has installed
    shims = tmp_path / "bin"
    shims.mkdir()
    (shims / "portal").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m builder "$@"\n', encoding="utf-8")
    (shims / "portal").chmod(0o755)
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"}

    run = subprocess.run(
        ["pre-commit", "run", "portal-check", "--files", "data/logs/zhangwei/2026-11-05.yaml"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=child_env(env),
        timeout=300,
    )
    assert run.returncode == 1
    assert "data/logs/zhangwei/2026-11-05.yaml:5:5: error: 未知字段 'custmer'" in run.stdout
    assert "2026-11-06" not in run.stdout  # only the files given are reported
