"""The team's work rules, each a small function over one person's window of days."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive.records import ComplaintCase, VisitDone, log_url
from builder.model import LogRecord
from builder.schema import Method, Rules
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
    rules: Rules
    calendar: WorkCalendar
    as_of: date


Rule = Callable[[Window], Iterator[Violation]]


def calls_per_day(w: Window) -> Iterator[Violation]:
    for record in w.logs:
        calls = record.log.funnel.effective_calls.actual or len(record.log.calls)
        if calls < w.rules.calls_per_day:
            yield Violation(
                w.person,
                record.day,
                "calls_per_day",
                f"有效电话 {calls} 个，少于 {w.rules.calls_per_day} 个",
                log_url(w.person, record.day),
            )


def customers_per_outing(w: Window) -> Iterator[Violation]:
    for record in w.logs:
        onsite = {v.customer for v in record.log.visits if v.method is Method.ONSITE}
        if onsite and len(onsite) < w.rules.customers_per_outing:
            yield Violation(
                w.person,
                record.day,
                "customers_per_outing",
                f"外出只拜访了 {len(onsite)} 户，少于 {w.rules.customers_per_outing} 户",
                log_url(w.person, record.day),
            )


def visit_days_per_week(w: Window) -> Iterator[Violation]:
    """Judged on weeks that have ended; a week with fewer working days asks for fewer."""
    out_days = {(v.day - timedelta(days=v.day.weekday()), v.day) for v in w.visits if v.counts_as_visit}
    days_out = Counter(monday for monday, _ in out_days)
    monday = w.start - timedelta(days=w.start.weekday())
    while monday + timedelta(days=6) <= w.end and monday + timedelta(days=6) < w.as_of:
        if monday >= w.start:
            workdays = sum(1 for _ in w.calendar.workdays(monday, monday + timedelta(days=6)))
            wanted = min(w.rules.visit_days_per_week, workdays)
            if days_out[monday] < wanted:
                yield Violation(
                    w.person, monday, "visit_days_per_week", f"本周外出拜访 {days_out[monday]} 天，少于 {wanted} 天", ""
                )
        monday += timedelta(days=7)


def complaint_deadlines(w: Window) -> Iterator[Violation]:
    for case in w.complaints:
        if case.late_response:
            yield Violation(
                w.person,
                case.day,
                "complaint_response",
                f"“{case.complaint.summary}”未在 {w.rules.complaint_response_hours:g} 小时内反馈",
                case.url,
            )
        if case.late_resolution:
            yield Violation(
                w.person,
                case.day,
                "complaint_resolution",
                f"“{case.complaint.summary}”未在 {w.rules.complaint_resolve_hours:g} 小时内解决或上报",
                case.url,
            )


def missing_logs(w: Window) -> Iterator[Violation]:
    for day in w.missing_logs:
        yield Violation(w.person, day, "missing_log", f"{day.month}月{day.day}日没有工作日志", "")


RULES: tuple[Rule, ...] = (calls_per_day, customers_per_outing, visit_days_per_week, complaint_deadlines, missing_logs)
