"""Metrics counted from records (`from:` in team.yaml): what the team already records is
counted, never typed twice — 回访户次 from visits by the callback method, 满意户次 from those
whose 满意度 is 满意 or 非常满意, 及时反馈的投诉 from complaints whose feedback step met its limit.

Each counted metric gives a figure per person and day, as a typed figure would (a visit on
its day, a complaint on the day it was received), so that every page sums, paces and ranks
it by the one definition in metrics.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from builder.derive.complaints import ComplaintCase
from builder.derive.records import CallMade, Records, VisitDone
from builder.fields import listed, matches
from builder.schema import Counted, Metric, RecordKind, Team

Figures = dict[str, dict[str, list[tuple[date, float]]]]  # person -> metric -> (day, value)

VISIT_KEYS = ("method", "customer")
VISIT_TEXTS = ("purpose", "discussion", "anomalies", "suggestions", "effect", "next_step", "strategy_done")
STEP_STATES = ("done", "on_time", "decided")
COMPLAINT_KEYS = ("category", "customer", *STEP_STATES)
CALL_KEYS = ("customer", "invitation")


def _written(value: Any, condition: Any) -> bool:
    """A condition on a record's value: `true` for a text means it is written, `false` that it is not."""
    if isinstance(condition, bool) and not isinstance(value, bool):
        return bool(str(value or "").strip()) is condition
    return matches(value, condition)


def _visit_value(visit: VisitDone, name: str) -> Any:
    if name == "method":
        return visit.method
    if name in type(visit.visit).model_fields:
        return getattr(visit.visit, name)
    return visit.visit.fields.get(name)


def _visit(counted: Counted) -> Callable[[VisitDone], float | None]:
    def value(visit: VisitDone) -> float | None:
        if not visit.done or not all(_written(_visit_value(visit, k), c) for k, c in counted.where.items()):
            return None
        if counted.sum is None:
            return 1.0
        number = _visit_value(visit, counted.sum)
        return float(number) if isinstance(number, (int, float)) and not isinstance(number, bool) else None

    return value


def _step_is(case: ComplaintCase, step_id: str, state: str) -> bool:
    """Whether the complaint's step is done (`done`), done within its limit (`on_time`), or
    done or past its limit (`decided`: whether it was on time is known)."""
    step = case.step(step_id)
    if step is None:
        return False
    if state == "done":
        return step.done is not None
    if state == "on_time":
        return step.done is not None and not step.late
    return step.done is not None or step.late


def _complaint(counted: Counted) -> Callable[[ComplaintCase], float | None]:
    def value(case: ComplaintCase) -> float | None:
        for name, condition in counted.where.items():
            if name in STEP_STATES:
                wanted = listed(condition)
                if not all(_step_is(case, str(step), name) for step in wanted):
                    return None
            elif not _written(getattr(case.complaint, name, None), condition):
                return None
        return 1.0

    return value


def _call(counted: Counted) -> Callable[[CallMade], float | None]:
    def value(call: CallMade) -> float | None:
        values = {"customer": call.call.customer, "invitation": call.call.invitation is not None}
        return 1.0 if all(_written(values.get(k), c) for k, c in counted.where.items()) else None

    return value


def typed_metrics(team: Team) -> list[Metric]:
    """The metrics a log's figures may hold: those not counted from records nor computed from two others."""
    return [m for m in team.metrics if m.counted is None and not m.of]


def counted_figures(metrics: Iterable[Metric], records: Records, as_of: date) -> Figures:
    """Person -> metric -> the figure of each day, for every metric counted from records."""
    found: Figures = {}
    for metric in metrics:
        counted = metric.counted
        if counted is None:
            continue
        values: Iterable[tuple[str, date, float | None]]
        if counted.records is RecordKind.VISITS:
            of_visit = _visit(counted)
            values = ((v.person, v.day, of_visit(v)) for v in records.visits)
        elif counted.records is RecordKind.COMPLAINTS:
            of_complaint = _complaint(counted)
            values = ((c.person, c.day, of_complaint(c)) for c in records.complaints)
        else:
            of_call = _call(counted)
            values = ((c.person, c.day, of_call(c)) for c in records.calls)
        days: dict[tuple[str, date], float] = {}
        for person, day, number in values:
            if day <= as_of and number is not None:
                days[person, day] = days.get((person, day), 0.0) + number
        for (person, day), total in sorted(days.items()):
            found.setdefault(person, {}).setdefault(metric.id, []).append((day, round(total, 2)))
    return found
