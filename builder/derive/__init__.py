"""Stage 4, derive: every number the pages show, computed once for an as-of day.

Takes the published (masked) dataset and the visit intervals computed before
masking; returns frozen views that templates only lay out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from builder.derive.attention import Attention, attention
from builder.derive.customers import CustomerView, Freshness, customer_views, visit_calendar
from builder.derive.duties import DutyDue, duties
from builder.derive.figures import CustomerFigures, MetricCustomers, by_customer, customer_figures, month_customers
from builder.derive.ledger import Ledger, ledger
from builder.derive.meanings import meanings
from builder.derive.periods import (
    DayIndex,
    Note,
    Period,
    PeriodSummary,
    PersonPeriod,
    Summariser,
    month_of,
    notes,
    week_of,
)
from builder.derive.records import PlannedVisitEntry, Records, collect
from builder.derive.review import Backlog, PendingLog, PeriodReview, backlogs, group_of, period_review
from builder.fields import attribute_names
from builder.kept import Kept
from builder.labels import Words
from builder.model import Dataset, LogRecord, WeekPlanRecord
from builder.schema import WEEKDAYS, Focus, MonthPlan, Person, Role, Route, Team, VisitRule
from builder.workdays import WorkCalendar

RECENT_LOGS = 10
ANOMALY_DAYS = 14
TREND_WEEKS = 8


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


def freshness_counts(views: Iterable[CustomerView]) -> dict[str, int]:
    """How many customers are in each freshness state, in the order the pages show them."""
    counts = dict.fromkeys(Freshness, 0)
    for view in views:
        counts[view.freshness] += 1
    return {str(state): n for state, n in counts.items()}


def person_url(person_id: str) -> str:
    return f"people/{person_id}/"


@dataclass(frozen=True)
class Home:
    week: PeriodSummary
    month: PeriodSummary
    attention: Attention
    anomalies: tuple[Note, ...]
    freshness: dict[str, int]


@dataclass(frozen=True)
class Derived:
    as_of: date
    team: Team
    words: Words
    people: dict[str, Person]
    managers: tuple[Person, ...]
    customers: dict[str, CustomerView]
    records: Records
    weeks: tuple[PeriodSummary, ...]
    months: tuple[PeriodSummary, ...]
    persons: dict[str, PersonView]
    home: Home
    customer_figures: dict[str, CustomerFigures]
    month_customers: dict[str, tuple[MetricCustomers, ...]]
    routes: dict[str, Route]  # customer id -> its route
    meanings: dict[str, str]  # what each number counts, for the pages (derive/meanings.py)
    reviews: dict[str, PeriodReview]  # period key -> how much of its logs is reviewed
    ledger: Ledger | None = None  # what customers owe or hold, for a team that marks such fields
    duties: tuple[DutyDue, ...] = ()  # recurring duties due lately or still open, by due day


def _periods(first: date, last: date, of: Callable[[date], Period]) -> list[Period]:
    found, day = [], first
    while day <= last:
        period = of(day)
        found.append(period)
        day = period.end + timedelta(days=1)
    return found


@dataclass
class KeptDerived:
    """What derive keeps between builds (portal serve): each log's records, each customer's view,
    each period's summary."""

    logs: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))
    customers: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))
    summaries: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))


def _summaries(
    ds: Dataset,
    summariser: Summariser,
    rules: dict[str, tuple[VisitRule, ...]],
    logs: DayIndex[LogRecord],
    periods: list[Period],
    store: Kept[Any] | None,
) -> tuple[PeriodSummary, ...]:
    """Each period's summary; with `store`, the last build's where nothing it reads changed.

    A summary reads the logs up to the period's end and none after it (a plan is done by a
    visit on its day, a customer's standing on a day follows from the visits before it),
    so a saved log redoes only the periods that end on or after its day."""
    if store is None:
        return tuple(summariser.summary(p) for p in periods)
    rest = (ds.team, ds.people, ds.customer_files, ds.week_plans, ds.month_plans, rules, summariser.as_of)
    return tuple(
        store.get(
            (p.kind, p.start),
            (*rest, tuple(logs.items[: bisect_right(logs.days, p.end)])),
            partial(summariser.summary, p),
        )
        for p in periods
    )


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


def derive(
    ds: Dataset,
    rules: dict[str, tuple[VisitRule, ...]],
    as_of: date,
    kept: KeptDerived | None = None,
    hidden: frozenset[str] | None = None,
) -> Derived:
    """Everything the pages show as of `as_of`; `kept` keeps what each log gives and period
    summaries between builds (portal serve); `hidden`, the fields `ds` has masked (all the
    team's sensitive fields unless given)."""
    assert ds.team is not None
    team = ds.team
    records = collect(ds, as_of, kept.logs if kept else None)
    visits = visit_calendar(records, rules, team.rules.due_soon_days)
    customers = customer_views(ds, records, visits, as_of, kept.customers if kept else None)
    summariser = Summariser(ds, records, visits, as_of)
    figures = by_customer(records, as_of)
    first = min([r.day for r in ds.logs if r.day <= as_of] or [as_of])
    logs_by_day = DayIndex(ds.logs, lambda r: r.day)
    weeks = _summaries(
        ds, summariser, rules, logs_by_day, _periods(first, as_of, week_of), kept.summaries if kept else None
    )
    months = _summaries(
        ds, summariser, rules, logs_by_day, _periods(first, as_of, month_of), kept.summaries if kept else None
    )
    calendar = WorkCalendar(team.workdays)
    words = Words(team)
    this_week, this_month = weeks[-1], months[-1]
    managers = tuple(p for p in ds.people if p.role is not Role.SUPERVISOR)
    backlog = backlogs(ds.logs, managers, as_of, calendar)
    persons = _persons(ds, records, customers, weeks, this_month, backlog, calendar, as_of)
    since = as_of - timedelta(days=ANOMALY_DAYS)
    home = Home(
        week=this_week,
        month=this_month,
        attention=attention(list(customers.values()), records.complaints, weeks[-2:], this_month, backlog),
        anomalies=notes([v for v in records.visits if since < v.day <= as_of], "anomalies")[:10],
        freshness=freshness_counts(customers.values()),
    )
    return Derived(
        as_of=as_of,
        team=team,
        words=words,
        people=dict(ds.people_by_id),
        managers=managers,
        customers=customers,
        records=records,
        weeks=weeks,
        months=months,
        persons=persons,
        home=home,
        customer_figures=customer_figures(team, figures, as_of),
        month_customers={
            m.period.key: month_customers(team, figures, records, sorted(customers), m.period) for m in months
        },
        routes=ds.routes,
        meanings=meanings(team, words),
        reviews={
            s.period.key: period_review(s, logs_by_day.between(s.period.start, s.period.end), as_of)
            for s in (*weeks, *months)
        },
        ledger=ledger(
            team,
            list(customers.values()),
            records.visits,
            ds.people_by_id,
            attribute_names(team),
            as_of,
            frozenset(team.sensitive) if hidden is None else hidden,
        ),
        duties=duties(team.duties, ds.people, ds.logs, summariser.team_start, as_of, calendar),
    )


def _persons(
    ds: Dataset,
    records: Records,
    customers: dict[str, CustomerView],
    weeks: tuple[PeriodSummary, ...],
    this_month: PeriodSummary,
    backlog: tuple[Backlog, ...],
    calendar: WorkCalendar,
    as_of: date,
) -> dict[str, PersonView]:
    """Each person's page: this week's plan and figures, customers, logs waiting for review, trend."""
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
    trend_weeks = [(w.period.key, _rows_by_person(w)) for w in weeks[-TREND_WEEKS:]]
    waiting = {b.person.id: b.logs for b in backlog}
    summaries = _written(ds, as_of)
    next_monday = monday + timedelta(days=7)
    next_plans = {p.person: p for p in ds.week_plans if p.monday == next_monday}
    workdays = [d for d in week_of(as_of).days() if calendar.is_workday(d)]
    show_next = bool(workdays) and as_of >= workdays[-1]
    for person in ds.people:
        own = tuple(sorted(owned.get(person.id, []), key=lambda c: c.sort_key))
        logs = written.get(person.id, [])
        plan_days, focus = _week_plan(week_plans.get(person.id), records, person.id, as_of, calendar)
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
