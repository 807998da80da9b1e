"""Each person's page: this week's plan and figures, customers, logs waiting for review, trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive.customers import CustomerView, freshness_counts
from builder.derive.periods import Period, PeriodSummary, PersonPeriod, month_of, week_of
from builder.derive.planned import PlannedVisitEntry
from builder.derive.records import Records
from builder.derive.review import Backlog, PendingLog, group_of
from builder.model import Dataset, LogRecord, WeekPlanRecord
from builder.schema import WEEKDAYS, Focus, MonthPlan, Person
from builder.workdays import WorkCalendar

RECENT_LOGS = 10


@dataclass(frozen=True)
class DayPlan:
    day: date
    weekday: str
    holiday: str
    workday: bool
    route: str
    visits: tuple[PlannedVisitEntry, ...]


@dataclass(frozen=True)
class PersonView:
    person: Person
    supervisor: Person | None
    week: tuple[DayPlan, ...]
    focus: Focus | None
    month_plan: MonthPlan | None
    this_week: PersonPeriod | None
    this_month: PersonPeriod | None
    recent_logs: tuple[LogRecord, ...]
    unreviewed: tuple[PendingLog, ...]  # own logs waiting for review, oldest first
    to_review: tuple[Backlog, ...]  # a supervisor's: their managers' logs waiting for review
    customers: tuple[CustomerView, ...]
    follow_ups: tuple[CustomerView, ...]
    trend: tuple[PersonPeriod, ...]
    trend_keys: tuple[str, ...]
    freshness: dict[str, int]
    written: tuple[tuple[Period, str], ...] = ()  # the latest week's and month's summaries the person wrote
    next_week: tuple[DayPlan, ...] | None = None  # from the week's last workday on: next week's plan, as far as written
    next_week_submitted: bool = False

    @property
    def url(self) -> str:
        return person_url(self.person.id)


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


def _week_plan(
    plan: WeekPlanRecord | None, records: Records, person: str, as_of: date, calendar: WorkCalendar
) -> tuple[tuple[DayPlan, ...], Focus | None]:
    week = week_of(as_of)
    days = []
    for offset, name in enumerate(WEEKDAYS):
        day = week.start + timedelta(days=offset)
        day_plan = getattr(plan.plan, name) if plan else None
        visits = records.planned_on(person, day)
        workday = calendar.is_workday(day)
        if workday or visits:
            days.append(
                DayPlan(day, name, calendar.holiday_name(day), workday, day_plan.route if day_plan else "", visits)
            )
    return tuple(days), plan.plan.focus if plan else None


def _rows_by_person(summary: PeriodSummary) -> dict[str, PersonPeriod]:
    return {row.person.id: row for row in summary.rows}


def person_views(
    ds: Dataset,
    records: Records,
    customers: dict[str, CustomerView],
    weeks: tuple[PeriodSummary, ...],
    this_month: PeriodSummary,
    backlog: tuple[Backlog, ...],
    calendar: WorkCalendar,
    as_of: date,
) -> dict[str, PersonView]:
    """Each person's page: this week's plan and figures, customers, logs waiting for review,
    and the trend over `weeks` (this week last)."""
    this_week = weeks[-1]
    persons = {}
    owned: dict[str, list[CustomerView]] = {}
    for view in customers.values():
        owned.setdefault(view.owner, []).append(view)
    written: dict[str, list[LogRecord]] = {}
    for record in ds.logs:
        if record.day <= as_of:
            written.setdefault(record.person, []).append(record)
    monday = week_of(as_of).start
    week_plans = {p.person: p for p in ds.week_plans if p.monday == monday}
    month_plans = {m.person: m.plan for m in ds.month_plans if (m.year, m.month) == (as_of.year, as_of.month)}
    week_rows, month_rows = _rows_by_person(this_week), _rows_by_person(this_month)
    trend_weeks = [(w.period.key, _rows_by_person(w)) for w in weeks]
    waiting = {b.person.id: b.logs for b in backlog}
    summaries = _written(ds, as_of)
    next_monday = monday + timedelta(days=7)
    next_plans = {p.person: p for p in ds.week_plans if p.monday == next_monday}
    workdays = [d for d in week_of(as_of).days() if calendar.is_workday(d)]
    show_next = bool(workdays) and as_of >= workdays[-1]
    for person in ds.people:
        own = tuple(sorted(owned.get(person.id, []), key=lambda c: c.sort_key))
        logs = written.get(person.id, [])
        plan_days, focus = _week_plan(week_plans.get(person.id), records, person.id, as_of, calendar.of(person))
        trend = [(key, rows[person.id]) for key, rows in trend_weeks if person.id in rows]
        persons[person.id] = PersonView(
            person=person,
            supervisor=ds.people_by_id.get(person.supervisor or ""),
            week=plan_days,
            focus=focus,
            month_plan=month_plans.get(person.id),
            this_week=week_rows.get(person.id),
            this_month=month_rows.get(person.id),
            recent_logs=tuple(reversed(logs[-RECENT_LOGS:])),
            unreviewed=waiting.get(person.id, ()),
            to_review=group_of(person, backlog),
            customers=own,
            follow_ups=tuple(c for c in own if c.follow_up_overdue),
            trend=tuple(row for _, row in trend),
            freshness=freshness_counts(own),
            trend_keys=tuple(key for key, _ in trend),
            written=summaries.get(person.id, ()),
            next_week=_week_plan(next_plans.get(person.id), records, person.id, next_monday, calendar)[0]
            if show_next
            else None,
            next_week_submitted=person.id in next_plans,
        )
    return persons


def _written(ds: Dataset, as_of: date) -> dict[str, tuple[tuple[Period, str], ...]]:
    """Each person's latest week summary and latest month summary (of periods begun by `as_of`)."""
    weeks = {(w.person, w.monday): w.plan.summary for w in ds.week_plans if w.monday <= as_of}
    months = {(m.person, date(m.year, m.month, 1)): m.plan.summary for m in ds.month_plans}
    found: dict[str, list[tuple[Period, str]]] = {}
    for plans, of in ((weeks, week_of), (months, month_of)):
        latest: dict[str, date] = {}
        for (person, start), text in plans.items():
            if text.strip() and start <= as_of and start > latest.get(person, date.min):
                latest[person] = start
        for person, start in latest.items():
            found.setdefault(person, []).append((of(start), plans[(person, start)].strip()))
    return {person: tuple(listed) for person, listed in found.items()}
