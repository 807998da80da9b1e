"""The versions of the weekly plans in git, so that feeds know when each visit last changed.

A published feed has no memory of its own; git has. For every plan file we read
each committed version (and the working copy when it differs), so an event's
SEQUENCE counts the times its content changed and LAST-MODIFIED is the commit that
last changed it: the same commit always gives the same feed. Outside a git
repository every plan has one version, dated by the as-of day.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Version:
    time: datetime  # UTC
    text: str


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _blobs(root: Path, wanted: list[str]) -> list[bytes | None]:
    """The contents of `commit:path` objects, read through one `git cat-file --batch`."""
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{w}\n" for w in wanted).encode())
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


def plan_versions(plans: list[Path], as_of: date) -> dict[Path, list[Version]]:
    """Each plan file's versions, oldest first; the last one is the file as it is now."""
    now = {path: path.read_text(encoding="utf-8-sig") for path in plans}
    fallback = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
    if not plans:
        return {}
    top = _git(plans[0].parent, "rev-parse", "--show-toplevel")
    head_time = _git(plans[0].parent, "log", "-1", "--format=%ct")
    if top is None or not head_time:
        return {path: [Version(fallback, text)] for path, text in now.items()}
    root = Path(top.decode().strip())
    head = datetime.fromtimestamp(int(head_time.decode().strip()), UTC)
    relative = {path: path.resolve().relative_to(root).as_posix() for path in plans}
    folders = sorted({str(Path(r).parent.parent) for r in relative.values()})
    log = _git(root, "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--", *folders) or b""
    touched: dict[str, list[tuple[str, datetime]]] = {}
    for entry in log.decode().split("\x00")[1:]:
        lines = [line for line in entry.splitlines() if line.strip()]
        commit, stamp = lines[0].split()
        for name in lines[1:]:
            touched.setdefault(name, []).append((commit, datetime.fromtimestamp(int(stamp), UTC)))
    wanted = [(path, commit, when) for path, rel in relative.items() for commit, when in touched.get(rel, [])]
    blobs = _blobs(root, [f"{commit}:{relative[path]}" for path, commit, _ in wanted])
    versions: dict[Path, list[Version]] = {path: [] for path in plans}
    for (path, _, when), blob in zip(wanted, blobs, strict=True):
        if blob is not None:
            versions[path].append(Version(when, blob.decode("utf-8-sig", errors="replace")))
    for path, found in versions.items():
        found.sort(key=lambda v: v.time)
        if not found or found[-1].text != now[path]:
            found.append(Version(head + timedelta(seconds=1), now[path]))  # changed since the last commit
    return versions
