"""Each period's summary: per person and for the team, the numbers a supervisor reviews."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from statistics import mean
from typing import Any, Generic, TypeVar

from builder.derive import metrics
from builder.derive.customers import Freshness, VisitCalendar
from builder.derive.kpis import PeriodKpis, progress
from builder.derive.periods import (
    Coverage,
    FunnelStage,
    Period,
    PeriodSummary,
    PersonPeriod,
    Written,
    notes,
    percent,
)
from builder.derive.records import Records, VisitDone
from builder.derive.rules import RULES, Window
from builder.labels import word_of
from builder.model import Dataset, LogRecord
from builder.schema import FunnelStage as Stage
from builder.schema import Person, Role

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


class Summariser(PeriodKpis):
    """Computes period summaries for one dataset as of one day."""

    def __init__(self, ds: Dataset, records: Records, visits: VisitCalendar, as_of: date) -> None:
        super().__init__(ds, records, as_of)
        self.records, self.visits = records, visits
        self.managers = tuple(p for p in ds.people if p.role is not Role.SUPERVISOR)
        self.summaries: dict[tuple[str, str], str] = {
            (m.person, f"{m.year}-{m.month:02d}"): m.plan.summary.strip() for m in ds.month_plans
        }
        self.summaries.update(((w.person, f"{w.year}-W{w.week:02d}"), w.plan.summary.strip()) for w in ds.week_plans)
        self.logs = by_person(records.logs, lambda r: r.person, lambda r: r.day)
        self.visits_by = by_person(records.visits, lambda v: v.person, lambda v: v.day)
        self.planned_by = by_person(records.planned, lambda p: p.person, lambda p: p.day)
        self.complaints_by = by_person(records.complaints, lambda c: c.person, lambda c: c.day)
        self.visits_on = DayIndex(records.visits, lambda v: v.day)
        self.owned: dict[str, dict[str, list[str]]] = {}  # owner -> class -> customer ids
        for customer_id, (customer, owner) in sorted(ds.customers.items()):
            self.owned.setdefault(owner, {}).setdefault(customer.class_, []).append(customer_id)

    def written(self) -> set[tuple[str, str]]:
        """(person, week or month key) of every plan whose summary is written."""
        return {key for key, text in self.summaries.items() if text}

    # -- one person ---------------------------------------------------------------------------

    def _between(self, index: dict[str, DayIndex[T]], person: str, start: date, end: date) -> list[T]:
        found = index.get(person)
        return found.between(start, end) if found else []

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
        calendar = self.calendar.of(person)  # their duty days and days off
        due = [d for d in calendar.workdays(*active) if self.elapsed(d)] if active else []
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
            calendar,
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
        elapsed = self.team_expected(period, [r.person for r in rows])
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


def funnel_stages(stages: list[Stage], totals: dict[str, tuple[int, int]]) -> tuple[FunnelStage, ...]:
    """The team's funnel stages with their planned and actual totals and conversion rates."""
    found = []
    for stage in stages:
        plan, actual = totals.get(stage.id, (0, 0))
        source = totals.get(stage.converts_from or "")
        conversion = percent(actual, source[1]) if source else None
        found.append(FunnelStage(stage.id, stage.label, plan, actual, percent(actual, plan), conversion))
    return tuple(found)


def _with_rank(row: PersonPeriod, rank: int | None) -> PersonPeriod:
    return replace(row, rank=rank)
