"""The data folder's history in git, as the published site saw it, so feeds know when each event changed.

A published feed has no memory of its own; git has. We follow the first-parent
line of HEAD, oldest first: each commit on it is one state the site was built
from, and a merge counts as one change, made when it was merged (the commits of
a merged branch were never published one by one). For each such commit we read
the files it changed among those the feeds show (`wanted`), and finally the
working copy when it differs from HEAD. Commit times only ever move forward, so
LAST-MODIFIED never goes back. The same commit always gives the same history.

A shallow clone has lost the history; we deepen it when it has a remote, and
otherwise stop with a message, since every SEQUENCE would silently restart at 0.
Outside a git repository the data has one version, dated by the as-of day.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    time: datetime  # UTC
    changed: dict[str, bytes | None]  # path under the data folder -> content, None when deleted


class HistoryError(Exception):
    """The history cannot be read as it must be; the message says what to do, in Chinese."""


def git_output(root: Path, *args: str, stdin: bytes | None = None, timeout: int = 120) -> bytes | None:
    """What `git -C root args…` prints, or None when git is missing, fails or takes too long."""
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=false", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=timeout,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _blobs(root: Path, wanted: list[str]) -> list[bytes | None]:
    """The contents of `commit:path` objects, read through one `git cat-file --batch`."""
    if not wanted:
        return []
    out = git_output(root, "cat-file", "--batch", stdin="".join(f"{w}\n" for w in wanted).encode(), timeout=600)
    if out is None:
        return [None] * len(wanted)
    found: list[bytes | None] = []
    position = 0
    for _ in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found.append(out[end + 1 : end + 1 + size])
            position = end + 1 + size + 1
        else:
            found.append(None)
            position = end + 1
    return found


def _deepen(root: Path) -> None:
    """Fetch the whole history of a shallow clone, or stop with what to do."""
    if (git_output(root, "rev-parse", "--is-shallow-repository") or b"").strip() != b"true":
        return
    remotes = (git_output(root, "remote") or b"").split()
    if remotes and git_output(root, "fetch", "--quiet", "--unshallow", remotes[0].decode(), timeout=600) is not None:
        return
    where = root / ".git" / "shallow"
    tried = "从远程仓库补全历史失败" if remotes else "这个克隆没有远程仓库，无法补全历史"
    raise HistoryError(
        f"{where}:1: 错误: 这是一个浅克隆（只有最近的提交），{tried}；"
        "日历订阅要从完整的提交历史得出每个日程的 SEQUENCE 和 LAST-MODIFIED，否则日历应用不会更新改过的日程。"
        "（运行 git fetch --unshallow；CI 中设置 fetch-depth: 0（GitHub Actions）或 GIT_DEPTH: 0（GitLab CI））"
    )


def name_in(data: Path, path: Path) -> str:
    """A data file's path under the data folder, as git names it there."""
    try:
        return path.relative_to(data).as_posix()
    except ValueError:
        return path.resolve().relative_to(data.resolve()).as_posix()


def data_history(
    data: Path, wanted: Callable[[str], bool], fallback: datetime, now: Mapping[str, bytes]
) -> list[Commit]:
    """The changes to the wanted files under `data`, oldest first; applied in turn they give the
    files `now` (the wanted files as they are now, by name)."""
    top = git_output(data, "rev-parse", "--show-toplevel")
    head = git_output(data, "log", "-1", "--format=%ct")
    if top is None or not head:
        return [Commit(fallback, dict(now))]
    root = Path(top.decode().strip())
    _deepen(root)
    prefix = data.resolve().relative_to(root.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    log = git_output(
        root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--topo-order",
        "--reverse",
        "--no-renames",
        "--format=%x00%H %ct",
        "--name-only",
        "--",
        prefix or ".",
        timeout=600,
    )
    commits: list[tuple[str, int, list[str]]] = []
    for entry in (log or b"").decode("utf-8", errors="replace").split("\x00")[1:]:
        lines = [line for line in entry.splitlines() if line.strip()]
        commit, stamp = lines[0].split()
        names = [n[len(prefix) :] for n in lines[1:] if n.startswith(prefix) and wanted(n[len(prefix) :])]
        if names:
            commits.append((commit, int(stamp), names))
    blobs = iter(_blobs(root, [f"{commit}:{prefix}{name}" for commit, _, names in commits for name in names]))
    history: list[Commit] = []
    state: dict[str, bytes] = {}
    latest = datetime.fromtimestamp(0, UTC)
    for _, seconds, names in commits:
        latest = max(latest, datetime.fromtimestamp(seconds, UTC))
        changed = {name: next(blobs) for name in names}
        history.append(Commit(latest, changed))
        for name, blob in changed.items():
            if blob is None:
                state.pop(name, None)
            else:
                state[name] = blob
    edits: dict[str, bytes | None] = {n: b for n, b in now.items() if state.get(n) != b}
    edits.update({n: None for n in state if n not in now})
    if edits:  # changed since the last commit
        head_time = max(latest, datetime.fromtimestamp(int(head.decode().strip()), UTC))
        history.append(Commit(head_time + timedelta(seconds=1), edits))
    return history
