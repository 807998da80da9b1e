"""Weeks and months: per person and for the team, the numbers a supervisor reviews."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from operator import itemgetter
from statistics import mean
from typing import Any, Generic, TypeVar

from builder.derive import metrics
from builder.derive.counted import counted_figures
from builder.derive.customers import Freshness, VisitCalendar
from builder.derive.records import ComplaintCase, Records, VisitDone, log_url
from builder.derive.rules import RULES, Violation, Window
from builder.labels import word_of
from builder.model import Dataset, LogRecord
from builder.schema import FunnelStage as Stage
from builder.schema import Metric, MetricKind, MonthPlan, Person, Role
from builder.workdays import WorkCalendar


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


T = TypeVar("T")


class DayIndex(Generic[T]):
    """One person's records of one kind in date order, for picking a period's quickly."""

    def __init__(self, items: Iterable[T], day: Callable[[T], date]) -> None:
        self.items = sorted(items, key=day)
        self.days = [day(i) for i in self.items]

    def between(self, start: date, end: date) -> list[T]:
        return self.items[bisect_left(self.days, start) : bisect_right(self.days, end)]


def by_person(items: Sequence[T], person: Callable[[T], str], day: Callable[[T], date]) -> dict[str, DayIndex[T]]:
    grouped: dict[str, list[T]] = {}
    for item in items:
        grouped.setdefault(person(item), []).append(item)
    return {who: DayIndex(found, day) for who, found in grouped.items()}


class Summariser:
    """Computes period summaries for one dataset as of one day."""

    def __init__(self, ds: Dataset, records: Records, visits: VisitCalendar, as_of: date) -> None:
        assert ds.team is not None
        self.ds, self.records, self.visits, self.as_of = ds, records, visits, as_of
        self.team = ds.team
        self.calendar = WorkCalendar(self.team.workdays)
        self.managers = tuple(p for p in ds.people if p.role is not Role.SUPERVISOR)
        self.plans: dict[tuple[str, int, int], MonthPlan] = {
            (m.person, m.year, m.month): m.plan for m in ds.month_plans
        }
        self.summaries: dict[tuple[str, str], str] = {
            (m.person, f"{m.year}-{m.month:02d}"): m.plan.summary.strip() for m in ds.month_plans
        }
        self.summaries.update(((w.person, f"{w.year}-W{w.week:02d}"), w.plan.summary.strip()) for w in ds.week_plans)
        self.figures = daily_figures(ds, self.team.metrics)
        for person, counted in counted_figures(self.team.metrics, records, as_of).items():
            self.figures.setdefault(person, {}).update(counted)
        self.logs = by_person(records.logs, lambda r: r.person, lambda r: r.day)
        self.visits_by = by_person(records.visits, lambda v: v.person, lambda v: v.day)
        self.planned_by = by_person(records.planned, lambda p: p.person, lambda p: p.day)
        self.complaints_by = by_person(records.complaints, lambda c: c.person, lambda c: c.day)
        self.visits_on = DayIndex(records.visits, lambda v: v.day)
        self._counted: dict[tuple[date, date], int] = {}
        self._expected: dict[Period, float] = {}
        self.owned: dict[str, dict[str, list[str]]] = {}  # owner -> class -> customer ids
        for customer_id, (customer, owner) in sorted(ds.customers.items()):
            self.owned.setdefault(owner, {}).setdefault(customer.class_, []).append(customer_id)
        first_log = min((r.day for r in ds.logs), default=as_of)
        self.team_start = self.team.start or first_log

    # -- KPIs ---------------------------------------------------------------------------------

    def _workdays(self, start: date, end: date) -> int:
        if (start, end) not in self._counted:
            self._counted[start, end] = sum(1 for _ in self.calendar.workdays(start, end))
        return self._counted[start, end]

    def _between(self, index: dict[str, DayIndex[T]], person: str, start: date, end: date) -> list[T]:
        found = index.get(person)
        return found.between(start, end) if found else []

    def target(self, person: str, metric: Metric, period: Period) -> float | None:
        """The month plan's target; for a week, its share of the month (see metrics.share)."""
        total, found = 0.0, False
        month = month_of(period.start)
        if not metrics.summed(metric) and period.kind == "week":
            month = month_of(period.start + timedelta(days=3))  # the month that has most of the week
            plan = self.plans.get((person, month.start.year, month.start.month))
            return plan.targets.get(metric.id) if plan else None
        while month.start <= period.end:
            plan = self.plans.get((person, month.start.year, month.start.month))
            if plan and metric.id in plan.targets:
                found = True
                before = self._workdays(month.start, period.start - timedelta(days=1))
                until = self._workdays(month.start, min(month.end, period.end))
                whole = self._workdays(month.start, month.end)
                total += metrics.share(metric, plan.targets[metric.id], before, until, whole)
            month = month_of(month.end + timedelta(days=1))
        return round(total, 2) if found else None

    def period_figures(self, person: str, start: date, end: date) -> dict[str, list[tuple[date, float]]]:
        own = self.figures.get(person, {})
        day = itemgetter(0)
        return {
            m: values[bisect_left(values, start, key=day) : bisect_right(values, end, key=day)]
            for m, values in own.items()
        }

    def elapsed(self, day: date) -> bool:
        """Whether a working day is past: its log is due (at the end of the day, or `log_due_days`
        working days later) before the as-of day. The as-of day itself is never past."""
        return self._log_due(day) < self.as_of

    def expected(self, period: Period) -> float:
        """Time elapsed: the share of the period's working days that are past (see `elapsed`),
        counted from the team's start when it started during the period."""
        if period not in self._expected:
            self._expected[period] = self._elapsed_share(period)
        return self._expected[period]

    def _elapsed_share(self, period: Period) -> float:
        start = max(period.start, self.team_start)
        days = list(self.calendar.workdays(start, period.end))
        if not days:
            return 100.0
        return round(sum(1 for d in days if self.elapsed(d)) / len(days) * 100, 1)

    def kpis(self, person: str, period: Period) -> tuple[MetricProgress, ...]:
        elapsed = self.expected(period)
        end = min(period.end, self.as_of)
        figures = self.period_figures(person, period.start, end)
        result = []
        for metric in self.team.metrics:
            target = self.target(person, metric, period)
            actual = metrics.value(metric, figures)
            extra = {}
            if period.kind == "month":
                # A month still running is compared with the same days of the month before;
                # last year's figure is a whole month, so it is compared only once this one is over.
                before = month_of(period.start - timedelta(days=1))
                same_days = min(before.end, before.start + (end - period.start))
                previous = (
                    metrics.value(metric, self.period_figures(person, before.start, same_days))
                    if same_days >= self.team_start
                    else None  # before the team started: nothing to compare with, not 0
                )
                plan = self.plans.get((person, period.start.year, period.start.month))
                last_year = plan.last_year.get(metric.id) if plan else None
                comparable = not metrics.summed(metric) or self.as_of > period.end
                points = metric.kind is MetricKind.RATE
                extra = {
                    "previous": previous,
                    "change": change(actual, previous, points),
                    "last_year": last_year,
                    "year_change": change(actual, last_year, points) if comparable else None,
                }
            result.append(progress(metric, target, actual, elapsed, **extra))
        return tuple(result)

    # -- one person ---------------------------------------------------------------------------

    def active(self, person: Person, period: Period) -> tuple[date, date] | None:
        """The days of `period` on which `person` was on the team and the team used the portal."""
        start = max(period.start, self.team_start, person.start or period.start)
        end = min(period.end, self.as_of, person.leave or period.end)
        return (start, end) if start <= end else None

    def person_period(self, person: Person, period: Period) -> PersonPeriod:
        end = min(period.end, self.as_of)
        logs = self._between(self.logs, person.id, period.start, end)
        visits = self._between(self.visits_by, person.id, period.start, end)
        in_person = [v for v in visits if v.counts_as_visit]
        counts = [self.records.days[(r.person, r.day)] for r in logs]
        planned = [p for p in self._between(self.planned_by, person.id, period.start, period.end) if p.in_person]
        kpis = self.kpis(person.id, period)
        scored = [k.attainment for k in kpis if k.attainment is not None]
        funnel = self.funnel(logs)
        active = self.active(person, period)
        due = [d for d in self.calendar.workdays(*active) if self.elapsed(d)] if active else []
        written = {r.day for r in logs}
        window = Window(
            person.id,
            period.start,
            end,
            tuple(logs),
            tuple(visits),
            tuple(self._between(self.complaints_by, person.id, period.start, period.end)),
            tuple(d for d in due if d not in written),
            {r.day: c for r, c in zip(logs, counts, strict=True)},
            self.team.rules,
            self.calendar,
            self.as_of,
            active[0] if active else period.end + timedelta(days=1),
            word_of(self.team, "visit"),
        )
        return PersonPeriod(
            person=person,
            kpis=kpis,
            score=round(mean(scored), 1) if scored else None,
            rank=None,
            planned=len(planned),
            planned_done=sum(1 for p in planned if p.done),
            visits=sum(c.visits for c in counts),
            customers_visited=len({v.visit.customer for v in in_person}),
            calls=sum(c.calls for c in counts),
            coverage=self.coverage(self.owned.get(person.id, {}), in_person, end),
            funnel=funnel,
            logs_due=len(due),
            logs_written=sum(1 for d in due if d in written),
            compliance=percent(sum(1 for d in due if d in written), len(due)),
            missing_logs=window.missing_logs,
            violations=tuple(sorted((v for rule in RULES for v in rule(window)), key=lambda v: (v.day, v.rule))),
        )

    def funnel(self, logs: list[LogRecord]) -> tuple[FunnelStage, ...]:
        totals = {
            s.id: (
                sum(r.log.funnel[s.id].plan for r in logs if s.id in r.log.funnel),
                sum(r.log.funnel[s.id].actual for r in logs if s.id in r.log.funnel),
            )
            for s in self.team.funnel
        }
        return funnel_stages(self.team.funnel, totals)

    def _log_due(self, day: date) -> date:
        return self.calendar.add_workdays(day, self.team.rules.log_due_days)

    def coverage(self, customers: dict[str, list[str]], visits: list[VisitDone], end: date) -> tuple[Coverage, ...]:
        """Per customer class (those the person has): customers, visited in the period, overdue at its end."""
        visited = {v.visit.customer for v in visits}
        rows = []
        for klass in self.team.classes:
            ids = customers.get(klass.id, [])
            seen = sum(1 for c in ids if c in visited)
            overdue = sum(1 for c in ids if self.visits.freshness(c, end) is Freshness.OVERDUE)
            rows.append(Coverage(klass.id, klass.label, len(ids), seen, percent(seen, len(ids)), overdue))
        return tuple(rows)

    # -- the team -----------------------------------------------------------------------------

    def summary(self, period: Period) -> PeriodSummary:
        rows = [self.person_period(p, period) for p in self.managers if self.active(p, period)]
        ranked = sorted(rows, key=lambda r: (r.score is None, -(r.score or 0), r.person.id))
        rows = [_with_rank(r, i + 1 if r.score is not None else None) for i, r in enumerate(ranked)]
        end = min(period.end, self.as_of)
        noted = self.visits_on.between(period.start, end)
        return PeriodSummary(
            period=period,
            rows=tuple(rows),
            team=self._team_row(rows, period),
            anomalies=notes(noted, "anomalies"),
            suggestions=notes(noted, "suggestions"),
            complaints=tuple(
                sorted(
                    (
                        c
                        for c in self.records.complaints
                        if period.contains(c.day) or (c.day < period.start and c.state.value == "open")
                    ),
                    key=lambda c: c.received,
                )
            ),
            violations=tuple(sorted((v for r in rows for v in r.violations), key=lambda v: (v.day, v.person, v.rule))),
            **self._written(period, [r.person.id for r in rows]),
        )

    def _written(self, period: Period, people: list[str]) -> dict[str, Any]:
        said = {p: text for p in people if (text := self.summaries.get((p, period.key)))}
        over = period.end < self.as_of
        return {
            "written": tuple(Written(p, said[p]) for p in people if p in said),
            "unwritten": tuple(p for p in people if p not in said) if over else (),
        }

    def _team_row(self, rows: list[PersonPeriod], period: Period) -> PersonPeriod:
        kpis = []
        end = min(period.end, self.as_of)
        elapsed = self.expected(period)
        for i, metric in enumerate(self.team.metrics):
            parts: list[tuple[float, float]] = []
            if len(metric.of) == 2:
                for r in rows:
                    figures = self.period_figures(r.person.id, period.start, end)
                    top, bottom = (sum(v for _, v in figures.get(m, [])) for m in metric.of)
                    parts.append((top, bottom))
            targets = [r.kpis[i].target for r in rows]
            target = metrics.team_target(metric, [t for t in targets if t is not None])
            actual = metrics.team_value(metric, [r.kpis[i].actual for r in rows], parts)
            kpis.append(progress(metric, target, actual, elapsed))
        coverage = (
            tuple(
                Coverage(
                    c[0].class_id,
                    c[0].label,
                    n := sum(x.customers for x in c),
                    seen := sum(x.visited for x in c),
                    percent(seen, n),
                    sum(x.overdue for x in c),
                )
                for c in zip(*(r.coverage for r in rows), strict=True)
            )
            if rows
            else ()
        )
        totals = {
            stages[0].key: (sum(x.plan for x in stages), sum(x.actual for x in stages))
            for stages in zip(*(r.funnel for r in rows), strict=True)
        }
        funnel = funnel_stages(self.team.funnel, totals)
        total = {
            field: sum(getattr(r, field) for r in rows)
            for field in ("planned", "planned_done", "visits", "customers_visited", "calls", "logs_due", "logs_written")
        }
        team_person = Person(id="team", name="团队合计")
        return PersonPeriod(
            person=team_person,
            kpis=tuple(kpis),
            score=None,
            rank=None,
            coverage=coverage,
            funnel=funnel,
            compliance=percent(total["logs_written"], total["logs_due"]),
            missing_logs=(),
            violations=(),
            **total,
        )


def progress(
    metric: Metric, target: float | None, actual: float | None, elapsed: float, **compared: float | None
) -> MetricProgress:
    """A metric's standing in a period, by the definitions in metrics.py."""
    standing = metrics.progress(metric, actual, target, elapsed)
    expected = elapsed if metrics.prorated(metric) else None
    return MetricProgress(
        metric, target, actual, standing.percent, expected, standing.attainment, standing.behind, **compared
    )


def funnel_stages(stages: list[Stage], totals: dict[str, tuple[int, int]]) -> tuple[FunnelStage, ...]:
    """The team's funnel stages with their planned and actual totals and conversion rates."""
    found = []
    for stage in stages:
        plan, actual = totals.get(stage.id, (0, 0))
        source = totals.get(stage.converts_from or "")
        conversion = percent(actual, source[1]) if source else None
        found.append(FunnelStage(stage.id, stage.label, plan, actual, percent(actual, plan), conversion))
    return tuple(found)


def daily_figures(ds: Dataset, team_metrics: list[Metric]) -> dict[str, dict[str, list[tuple[date, float]]]]:
    """person -> metric -> the figure of each day: the log's own figure where written,
    else the sum of that day's visits' figures for metrics kept per customer."""
    found: dict[str, dict[str, list[tuple[date, float]]]] = {}
    per_customer = {m.id for m in team_metrics if m.per_customer}
    for record in ds.logs:
        day_values: dict[str, float] = dict(record.log.figures)
        for metric in per_customer - set(day_values):
            values = [v.figures[metric] for v in record.log.visits if metric in v.figures]
            if values:
                day_values[metric] = round(sum(values), 2)
        for metric, number in day_values.items():
            found.setdefault(record.person, {}).setdefault(metric, []).append((record.day, number))
    for by_metric in found.values():
        for series in by_metric.values():
            series.sort(key=itemgetter(0))
    return found


def _with_rank(row: PersonPeriod, rank: int | None) -> PersonPeriod:
    return replace(row, rank=rank)


def notes(visits: list[VisitDone], field: str) -> tuple[Note, ...]:
    found = [
        Note(v.day, v.person, v.visit.customer, getattr(v.visit, field), log_url(v.person, v.day))
        for v in visits
        if getattr(v.visit, field)
    ]
    return tuple(sorted(found, key=lambda n: (n.day, n.person), reverse=True))
