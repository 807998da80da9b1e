"""The builder as a pipeline: load -> validate -> cross-check (-> derive -> render -> site).

Each stage returns its output and its problems; each is timed for `--verbose`.
"""

from __future__ import annotations

import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from builder.checks import cross_check
from builder.load import display_path, load
from builder.model import Dataset
from builder.problems import Problem
from builder.validate import validate

T = TypeVar("T")


@dataclass
class Timings:
    stages: list[tuple[str, float]] = field(default_factory=list)

    def run(self, name: str, stage: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = stage()
        self.stages.append((name, time.perf_counter() - start))
        return result

    def report(self) -> str:
        return "  ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.stages)


DEFAULT_TIMEZONE = "Asia/Shanghai"


def today(timezone: str) -> date:
    """The only reading of the wall clock: the default as-of date, in the team's timezone."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
    return datetime.now(zone).date()


@dataclass(frozen=True)
class Checked:
    dataset: Dataset
    problems: list[Problem]
    as_of: date


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
