"""The team's work rules, each a small function over one person's window of days."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive.complaints import ComplaintCase
from builder.derive.links import log_url
from builder.derive.records import DayCounts, VisitDone
from builder.labels import LABELS
from builder.model import LogRecord
from builder.schema import Rules
from builder.workdays import WorkCalendar


@dataclass(frozen=True)
class Violation:
    person: str
    day: date
    rule: str
    detail: str
    url: str  # the log it is about, or "" when there is none


@dataclass(frozen=True)
class Window:
    """What one person did from `start` to `end` (never after the as-of day)."""

    person: str
    start: date
    end: date
    logs: tuple[LogRecord, ...]
    visits: tuple[VisitDone, ...]
    complaints: tuple[ComplaintCase, ...]
    missing_logs: tuple[date, ...]
    days: dict[date, DayCounts]  # what each log counts (records.day_counts)
    rules: Rules
    calendar: WorkCalendar
    as_of: date
    active_from: date  # the person's first day on the team (or the team's on the portal) in the window
    visit: str = LABELS["visit"]  # the team's word for a visit


Rule = Callable[[Window], Iterator[Violation]]


def calls_per_day(w: Window) -> Iterator[Violation]:
    """Calls of a day as every page counts them (DayCounts.calls)."""
    if not w.rules.calls_per_day:
        return
    for record in w.logs:
        counts = w.days[record.day]
        if counts.calls < w.rules.calls_per_day:
            parts = f"（电话记录 {counts.calls_listed} 条，电话方式的{w.visit} {counts.phone_visits} 次）"
            yield Violation(
                w.person,
                record.day,
                "calls_per_day",
                f"电话联系 {counts.calls} 次{parts if counts.phone_visits else ''}，少于 {w.rules.calls_per_day} 次",
                log_url(w.person, record.day),
            )


def customers_per_outing(w: Window) -> Iterator[Violation]:
    """A day with visits in person should cover at least this many customers (DayCounts.customers)."""
    if not w.rules.customers_per_outing:
        return
    for record in w.logs:
        counts = w.days[record.day]
        if counts.customers and counts.customers < w.rules.customers_per_outing:
            yield Violation(
                w.person,
                record.day,
                "customers_per_outing",
                f"外出只{w.visit}了 {counts.customers} 户，少于 {w.rules.customers_per_outing} 户",
                log_url(w.person, record.day),
            )


def visit_days_per_week(w: Window) -> Iterator[Violation]:
    """Judged on weeks that have ended; a week with fewer working days asks for fewer."""
    if not w.rules.visit_days_per_week:
        return
    out_days = {(v.day - timedelta(days=v.day.weekday()), v.day) for v in w.visits if v.counts_as_visit}
    days_out = Counter(monday for monday, _ in out_days)
    monday = w.start - timedelta(days=w.start.weekday())
    while monday + timedelta(days=6) <= w.end and monday + timedelta(days=6) < w.as_of:
        if monday >= max(w.start, w.active_from):
            workdays = sum(1 for _ in w.calendar.workdays(monday, monday + timedelta(days=6)))
            wanted = min(w.rules.visit_days_per_week, workdays)
            if days_out[monday] < wanted:
                yield Violation(
                    w.person,
                    monday,
                    "visit_days_per_week",
                    f"本周外出{w.visit} {days_out[monday]} 天，少于 {wanted} 天",
                    "",
                )
        monday += timedelta(days=7)


def complaint_deadlines(w: Window) -> Iterator[Violation]:
    for case in w.complaints:
        for step in case.late_steps:
            hours = f"{step.step.within_hours:g} {'' if case.clock else '个工作'}小时"
            yield Violation(
                w.person,
                case.day,
                "complaint_step",
                f"“{case.complaint.summary}”的「{step.step.label}」未在 {hours}内完成",
                case.url,
            )


def missing_logs(w: Window) -> Iterator[Violation]:
    for day in w.missing_logs:
        yield Violation(w.person, day, "missing_log", f"{day.month}月{day.day}日没有工作日志", "")


RULES: tuple[Rule, ...] = (calls_per_day, customers_per_outing, visit_days_per_week, complaint_deadlines, missing_logs)
