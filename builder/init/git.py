"""The git steps of `portal init` and `portal upgrade`, through the git command where there is one.

Each returns what it did as a sentence for the person at the terminal; none fails the command,
since the files are written either way and git can be run by hand.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# the author of a commit where git knows nobody yet: what made the files
FALLBACK = ("-c", "user.name=portal init", "-c", "user.email=portal-init@localhost")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, encoding="utf-8", check=False)


def _identity(folder: Path) -> tuple[str, ...]:
    known = all(_git(folder, "config", key).stdout.strip() for key in ("user.name", "user.email"))
    return () if known else FALLBACK


def first_commit(folder: Path, message: str) -> str:
    if shutil.which("git") is None:
        return (
            "这台电脑没有 git：文件已写好，但还不是 git 仓库；"
            "装好 git 后在这个文件夹运行 git init -b main、git add -A、git commit"
        )
    done = _git(folder, "init", "-q", "-b", "main")
    if done.returncode != 0:  # git before 2.28 has no -b
        done = _git(folder, "init", "-q")
        _git(folder, "symbolic-ref", "HEAD", "refs/heads/main")
    if done.returncode != 0:
        return f"git init 没有成功（{done.stderr.strip()}）：文件已写好，请手动建仓库"
    _git(folder, "add", "-A")
    identity = _identity(folder)
    done = _git(folder, *identity, "commit", "-q", "-m", message)
    if done.returncode != 0:
        return f"git commit 没有成功（{done.stderr.strip()}）：文件已暂存，请手动提交"
    who = "，作者记为 portal init（git 还没有设置 user.name 和 user.email）" if identity else ""
    return f"已建成 git 仓库（分支 main）并提交了第一次提交{who}"


def commit_upgrade(folder: Path, paths: list[str], release: str) -> str:
    """Commit the upgrade's files alone, on a branch of their own, to be reviewed as a merge request."""
    if shutil.which("git") is None or _git(folder, "rev-parse", "--git-dir").returncode != 0:
        return "这里不是 git 仓库：文件已更新，请自行提交"
    branch = f"portal-{release}"
    done = _git(folder, "switch", "-q", "-c", branch)
    if done.returncode != 0:
        return f"没有建分支 {branch}（{done.stderr.strip()}）：文件已更新，请自行提交"
    _git(folder, "add", "-A", "--", *paths)
    done = _git(folder, *_identity(folder), "commit", "-q", "-m", f"门户升级到 {release}", "--", *paths)
    if done.returncode != 0:
        return f"在分支 {branch} 上提交没有成功（{done.stderr.strip()}）：文件已更新，请自行提交"
    return (
        f"已在新分支 {branch} 上提交（只含上面这些文件）。推送：git push -u origin {branch}，"
        "然后开合并请求（Pull Request / Merge Request）：检查通过、看过改动后再合并"
    )
