"""Stage 3, cross-check: what a careful supervisor would catch across files.

Each check is a small function of the validated dataset that yields problems; they
are listed in CHECKS and run in order. A check that crashes becomes a problem too.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from builder.checks.names import check_names
from builder.checks.people import check_people
from builder.checks.plans import check_month_plans, check_week_plans
from builder.checks.profile import check_settings
from builder.checks.records import check_logs
from builder.checks.settings import check_customers, check_team
from builder.kept import Kept
from builder.load import display_path
from builder.model import Dataset
from builder.problems import Problem, Severity

Check = Callable[[Dataset, date], Iterator[Problem]]

CHECKS: tuple[Check, ...] = (
    check_team,
    check_settings,
    check_people,
    check_customers,
    check_logs,
    check_week_plans,
    check_month_plans,
    check_names,
)


def cross_check(
    ds: Dataset, as_of: date, checks: tuple[Check, ...] = CHECKS, store: Kept[Any] | None = None
) -> list[Problem]:
    """Every check's problems; `store` keeps each log's between builds (portal serve)."""
    problems: list[Problem] = []
    for check in checks:
        try:
            problems.extend(check_logs(ds, as_of, store) if check is check_logs else check(ds, as_of))
        except Exception as exc:  # a bug in one check must not hide the others' findings
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problems.append(
                Problem(
                    display_path(Path(where.filename)),
                    where.lineno or 0,
                    1,
                    Severity.ERROR,
                    "internal-error",
                    f"{check.__name__} 出错：{exc!r}",
                    "这是程序的问题，请报告给维护者",
                )
            )
    return once_a_folder(problems)


def once_a_folder(problems: list[Problem]) -> list[Problem]:
    """A folder named after no one is one cause: said once, at its first file, with how many it holds."""
    folders: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.code == "unknown-person-folder":
            folders.setdefault(problem.message, []).append(problem)
    kept = []
    for problem in problems:
        found = folders.get(problem.message) if problem.code == "unknown-person-folder" else None
        if found is None or len(found) == 1:
            kept.append(problem)
        elif problem is min(found, key=lambda p: p.path):
            kept.append(
                replace(problem, message=f"{problem.message}（这个文件夹的 {len(found)} 个文件都因此无法核对）")
            )
    return kept
