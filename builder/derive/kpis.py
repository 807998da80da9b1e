"""A person's metrics over a week or a month: targets from the month plans, actuals from the
figures written and counted, and how much of the period's working time has passed."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from operator import itemgetter

from builder.derive import metrics
from builder.derive.counted import counted_figures
from builder.derive.periods import MetricProgress, Period, change, month_of
from builder.derive.records import Records
from builder.model import Dataset
from builder.schema import Metric, MetricKind, MonthPlan, Person
from builder.workdays import WorkCalendar


class PeriodKpis:
    """Each person's metrics in any period, for one dataset as of one day."""

    def __init__(self, ds: Dataset, records: Records, as_of: date) -> None:
        assert ds.team is not None
        self.ds, self.as_of = ds, as_of
        self.team = ds.team
        self.calendar = WorkCalendar(self.team.workdays)
        self.plans: dict[tuple[str, int, int], MonthPlan] = {
            (m.person, m.year, m.month): m.plan for m in ds.month_plans
        }
        self.figures = daily_figures(ds, self.team.metrics)
        for person, counted in counted_figures(self.team.metrics, records, as_of).items():
            self.figures.setdefault(person, {}).update(counted)
        self._counted: dict[tuple[str, date, date], int] = {}
        self._expected: dict[tuple[Period, str], float] = {}
        first_log = min((r.day for r in ds.logs), default=as_of)
        self.team_start = self.team.start or first_log
        self.written_today = {r.person for r in ds.logs if r.day == as_of}

    def _start(self, person: Person | None, day: date) -> date:
        """The first day counted from `day` on: not before the team's start, nor the person's."""
        return max(day, self.team_start, (person.start if person else None) or day)

    def _workdays(self, person: Person | None, start: date, end: date) -> int:
        key = (person.id if person else "", start, end)
        if key not in self._counted:
            calendar = self.calendar.of(person) if person else self.calendar
            self._counted[key] = sum(1 for _ in calendar.workdays(start, end))
        return self._counted[key]

    def target(self, person: str, metric: Metric, period: Period) -> float | None:
        """The month plan's target; for a week, its share of the month (see metrics.share), the
        month's working days counted from the team's or the person's start, so that the weeks add up."""
        total, found = 0.0, False
        month = month_of(period.start)
        if not metrics.summed(metric) and period.kind == "week":
            month = month_of(min(period.start + timedelta(days=3), period.end))  # the month that has most of the week
            plan = self.plans.get((person, month.start.year, month.start.month))
            return plan.targets.get(metric.id) if plan else None
        who = self.ds.people_by_id.get(person)
        while month.start <= period.end:
            plan = self.plans.get((person, month.start.year, month.start.month))
            if plan and metric.id in plan.targets:
                found = True
                first = self._start(who, month.start)
                before = self._workdays(who, first, period.start - timedelta(days=1))
                until = self._workdays(who, first, min(month.end, period.end))
                whole = self._workdays(who, first, month.end)
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
        """Whether a working day's log is due: at the end of the day, or `log_due_days` working
        days later, before the as-of day (log compliance, not time elapsed: see `expected`)."""
        return self._log_due(day) < self.as_of

    def expected(self, period: Period, person: Person | None) -> float:
        """Time elapsed, one definition for every page: the share of the period's working days (on
        the person's rota, from the team's or the person's start) that are over, the as-of day
        counting once the person's log of it is written, as its figures then do. A team's is the
        mean of its people's (`team_expected`)."""
        key = (period, person.id if person else "")
        if key not in self._expected:
            self._expected[key] = self._elapsed_share(period, person)
        return self._expected[key]

    def _elapsed_share(self, period: Period, person: Person | None) -> float:
        calendar = self.calendar.of(person) if person else self.calendar
        today = person is not None and person.id in self.written_today
        days = list(calendar.workdays(self._start(person, period.start), period.end))
        if not days:
            return 100.0
        return round(sum(1 for d in days if d < self.as_of or (today and d == self.as_of)) / len(days) * 100, 1)

    def team_expected(self, period: Period, people: list[Person]) -> float:
        if not people:
            return self.expected(period, None)
        return round(sum(self.expected(period, p) for p in people) / len(people), 1)

    def kpis(self, person: str, period: Period) -> tuple[MetricProgress, ...]:
        elapsed = self.expected(period, self.ds.people_by_id.get(person))
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

    def _log_due(self, day: date) -> date:
        return self.calendar.add_workdays(day, self.team.rules.log_due_days)


def progress(
    metric: Metric, target: float | None, actual: float | None, elapsed: float, **compared: float | None
) -> MetricProgress:
    """A metric's standing in a period, by the definitions in metrics.py."""
    standing = metrics.progress(metric, actual, target, elapsed)
    expected = elapsed if metrics.prorated(metric) else None
    return MetricProgress(
        metric, target, actual, standing.percent, expected, standing.attainment, standing.behind, **compared
    )


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
