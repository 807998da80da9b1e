"""Weeks and months, and what a period's summary holds: per person and for the team, the
numbers a supervisor reviews (computed in derive/summaries.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive.complaints import ComplaintCase
from builder.derive.links import log_url
from builder.derive.records import VisitDone
from builder.derive.rules import Violation
from builder.schema import Metric, Person


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    key: str
    start: date
    end: date

    @property
    def url(self) -> str:
        return f"{self.kind}s/{self.key}/"

    @property
    def title(self) -> str:
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year} 年第 {week} 周"
        return f"{self.start.year} 年 {self.start.month} 月"

    @property
    def span(self) -> str:
        return f"{self.start.month}月{self.start.day}日 – {self.end.month}月{self.end.day}日"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> Iterable[date]:
        return (self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1))


def week_of(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Period("week", f"{year}-W{week:02d}", monday, monday + timedelta(days=6))


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return Period("month", f"{first.year}-{first.month:02d}", first, following - timedelta(days=1))


def periods_between(first: date, last: date, of: Callable[[date], Period]) -> list[Period]:
    """Every period (`of`: week_of or month_of) from the one holding `first` to the one holding `last`."""
    found, day = [], first
    while day <= last:
        period = of(day)
        found.append(period)
        day = period.end + timedelta(days=1)
    return found


@dataclass(frozen=True)
class MetricProgress:
    metric: Metric
    target: float | None
    actual: float | None
    percent: float | None  # the actual as a share of the target
    expected: float | None  # % of the period's working time passed, for metrics judged by pace
    attainment: float | None  # 100 = on target (see derive/metrics.py)
    behind: bool
    previous: float | None = None
    change: float | None = None
    last_year: float | None = None
    year_change: float | None = None


@dataclass(frozen=True)
class Coverage:
    class_id: str
    label: str
    customers: int
    visited: int
    percent: float | None
    overdue: int


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: str
    plan: int
    actual: int
    percent: float | None
    conversion: float | None  # actual as a share of the stage it converts from, both summed over the period

    @property
    def conversion_over(self) -> bool:
        """More at this stage than at its source in the period: some came from earlier periods' sources."""
        return self.conversion is not None and self.conversion > 100


@dataclass(frozen=True)
class PersonPeriod:
    person: Person
    kpis: tuple[MetricProgress, ...]
    score: float | None
    rank: int | None
    planned: int
    planned_done: int
    visits: int
    customers_visited: int
    calls: int
    coverage: tuple[Coverage, ...]
    funnel: tuple[FunnelStage, ...]
    logs_due: int
    logs_written: int
    compliance: float | None
    missing_logs: tuple[date, ...]
    violations: tuple[Violation, ...]

    @property
    def behind(self) -> tuple[MetricProgress, ...]:
        return tuple(k for k in self.kpis if k.behind)

    @property
    def conversion_over(self) -> bool:
        """Whether a stage of its funnel converts more than 100% (see FunnelStage.conversion_over)."""
        return any(s.conversion_over for s in self.funnel)


@dataclass(frozen=True)
class Note:
    day: date
    person: str
    customer: str
    text: str
    url: str


@dataclass(frozen=True)
class Written:
    """What a manager wrote of a period of their own: the week plan's 周小结, the month plan's 月度总结."""

    person: str
    text: str


@dataclass(frozen=True)
class PeriodSummary:
    period: Period
    rows: tuple[PersonPeriod, ...]
    team: PersonPeriod
    anomalies: tuple[Note, ...]
    suggestions: tuple[Note, ...]
    complaints: tuple[ComplaintCase, ...]
    violations: tuple[Violation, ...]
    written: tuple[Written, ...] = ()  # the managers' own summaries of the period, in the rows' order
    unwritten: tuple[str, ...] = ()  # the managers without one, once the period is over

    @property
    def rows_and_team(self) -> tuple[PersonPeriod, ...]:
        return (*self.rows, self.team)

    @property
    def conversion_over(self) -> bool:
        """Whether any row shows a conversion above 100%."""
        return any(r.conversion_over for r in self.rows_and_team)


def percent(part: float, whole: float | None) -> float | None:
    return round(part / whole * 100, 1) if whole else None


def change(now: float | None, before: float | None, points: bool = False) -> float | None:
    """The change from `before` to `now`: in percent of `before`, or for rates in percentage
    points (90.2 → 94.5 is +4.3 points, not +5%)."""
    if points:
        return round(now - before, 1) if before is not None and now is not None else None
    return round((now - before) / before * 100, 1) if before and now is not None else None


def notes(visits: list[VisitDone], field: str) -> tuple[Note, ...]:
    found = [
        Note(v.day, v.person, v.visit.customer, getattr(v.visit, field), log_url(v.person, v.day))
        for v in visits
        if getattr(v.visit, field)
    ]
    return tuple(sorted(found, key=lambda n: (n.day, n.person), reverse=True))
