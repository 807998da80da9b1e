"""The builder as a pipeline: load -> validate -> cross-check -> derive -> render -> site.

`check` runs the first three stages, `build` all of them (the last three live in
builder/site/generate.py). Each stage returns its output and its problems and is
timed for `--verbose`.
"""

from __future__ import annotations

import fcntl
import shutil
import tempfile
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from builder.checks import cross_check
from builder.feeds.history import HistoryError
from builder.load import display_path, load
from builder.model import Checked
from builder.problems import Problem, errors
from builder.site.generate import make_site
from builder.site.writer import replace_folder
from builder.timings import Timings
from builder.validate import validate

DEFAULT_TIMEZONE = "Asia/Shanghai"


def today(timezone: str) -> date:
    """The only reading of the wall clock: the default as-of date, in the team's timezone."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
    return datetime.now(zone).date()


def check(root: Path, as_of: date | None = None, timings: Timings | None = None) -> Checked:
    timings = timings or Timings()
    documents, problems = timings.run("load", lambda: load(root))
    dataset, found = timings.run("validate", lambda: validate(display_path(root), documents))
    problems += found
    as_of = as_of or today(dataset.team.timezone if dataset.team else DEFAULT_TIMEZONE)
    problems += timings.run("cross-check", lambda: cross_check(dataset, as_of))
    return Checked(dataset, sorted(set(problems)), as_of)


def within(problems: list[Problem], paths: Sequence[Path]) -> list[Problem]:
    """The problems in the given files or folders (all of them if none are given)."""
    if not paths:
        return problems
    wanted = [p.resolve() for p in paths]

    def inside(problem: Problem) -> bool:
        where = Path(problem.path).resolve()
        return any(where == w or w in where.parents for w in wanted)

    return [p for p in problems if inside(p)]


@dataclass(frozen=True)
class Built:
    checked: Checked
    pages: int
    files: int


class BuildFailed(Exception):
    """A stage after the check failed; the previous site is left in place."""


def build(
    root: Path,
    as_of: date | None,
    site: Path,
    *,
    config_file: Path = Path("mkdocs.yml"),
    content: Path = Path("content"),
    work: Path = Path("build"),
    timings: Timings | None = None,
) -> Built | Checked:
    """Check, then build the site into `site`; returns the Checked result alone when the check failed."""
    timings = timings or Timings()
    checked = check(root, as_of, timings)
    if errors(checked.problems):
        return checked
    work.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=work))
    try:
        made = make_site(checked, staging, config_file, content, timings)
        with (work / ".swap.lock").open("w") as lock:  # two builds at once swap one after the other
            fcntl.flock(lock, fcntl.LOCK_EX)
            replace_folder(made.docs, work / "docs")
            replace_folder(made.site, site)
    except HistoryError as exc:
        raise BuildFailed(str(exc)) from exc
    except Exception as exc:
        raise BuildFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Built(checked, made.pages, made.files)
