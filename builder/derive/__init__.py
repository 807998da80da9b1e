"""Stage 4, derive: every number the pages show, computed once for an as-of day.

Takes the published (masked) dataset and the visit intervals computed before
masking; returns frozen views that templates only lay out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from typing import Any

from builder.derive.attention import Attention, attention
from builder.derive.customers import CustomerView, customer_views, freshness_counts, visit_calendar
from builder.derive.duties import DutyDue, duties
from builder.derive.figures import CustomerFigures, MetricCustomers, by_customer, customer_figures, month_customers
from builder.derive.forms import MonthForm, month_forms
from builder.derive.ledger import Ledger, ledger
from builder.derive.meanings import meanings
from builder.derive.periods import Note, Period, PeriodSummary, month_of, notes, periods_between, week_of
from builder.derive.persons import PersonView, person_views
from builder.derive.records import Records, collect
from builder.derive.review import Backlog, PeriodReview, backlogs, period_review
from builder.derive.summaries import DayIndex, Summariser
from builder.fields import attribute_names
from builder.kept import Kept
from builder.labels import Words
from builder.model import Dataset, LogRecord
from builder.schema import Person, Role, Route, Team, VisitRule
from builder.workdays import WorkCalendar

ANOMALY_DAYS = 14
TREND_WEEKS = 8


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
    forms: tuple[MonthForm, ...] = ()  # the latest months' forms to hand up (derive/forms.py)


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


def derive(
    ds: Dataset,
    rules: dict[str, tuple[VisitRule, ...]],
    as_of: date,
    kept: KeptDerived | None = None,
    hidden: frozenset[str] | None = None,
    forms: bool = True,
) -> Derived:
    """Everything the pages show as of `as_of`; `kept` keeps what each log gives and period
    summaries between builds (portal serve); `hidden`, the fields `ds` has masked (all the
    team's sensitive fields unless given); `forms`, whether to make the workbooks' figures too (forms.py)."""
    assert ds.team is not None
    team = ds.team
    records = collect(ds, as_of, kept.logs if kept else None)
    visits = visit_calendar(records, rules, team.rules.due_soon_days)
    customers = customer_views(ds, records, visits, as_of, kept.customers if kept else None)
    summariser = Summariser(ds, records, visits, as_of)
    figures = by_customer(records, as_of)
    first = min([r.day for r in ds.logs if r.day <= as_of] or [as_of])
    logs_by_day = DayIndex(ds.logs, lambda r: r.day)
    store = kept.summaries if kept else None
    weeks = _summaries(ds, summariser, rules, logs_by_day, periods_between(first, as_of, week_of), store)
    months = _summaries(ds, summariser, rules, logs_by_day, periods_between(first, as_of, month_of), store)
    calendar = WorkCalendar(team.workdays)
    words = Words(team)
    this_month = months[-1]
    managers = tuple(p for p in ds.people if p.role is not Role.SUPERVISOR)
    backlog = backlogs(ds.logs, managers, as_of, calendar)
    persons = person_views(ds, records, customers, weeks[-TREND_WEEKS:], this_month, backlog, calendar, as_of)
    home = _home(customers, records, weeks, this_month, backlog, as_of)
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
        reviews=_reviews((*weeks, *months), logs_by_day, as_of),
        ledger=ledger(
            team,
            list(customers.values()),
            records.visits,
            ds.people_by_id,
            attribute_names(team),
            as_of,
            frozenset(team.sensitive) if hidden is None else hidden,
        ),
        duties=duties(team.duties, ds.people, ds.logs, summariser.team_start, as_of, calendar, summariser.written()),
        forms=month_forms(summariser, months) if forms else (),
    )


def _home(
    customers: dict[str, CustomerView],
    records: Records,
    weeks: tuple[PeriodSummary, ...],
    this_month: PeriodSummary,
    backlog: tuple[Backlog, ...],
    as_of: date,
) -> Home:
    """The home page: this week and month, what needs attention, the latest anomalies."""
    since = as_of - timedelta(days=ANOMALY_DAYS)
    return Home(
        week=weeks[-1],
        month=this_month,
        attention=attention(list(customers.values()), records.complaints, weeks[-2:], this_month, backlog),
        anomalies=notes([v for v in records.visits if since < v.day <= as_of], "anomalies")[:10],
        freshness=freshness_counts(customers.values()),
    )


def _reviews(summaries: Iterable[PeriodSummary], logs: DayIndex[LogRecord], as_of: date) -> dict[str, PeriodReview]:
    """Period key -> how much of its logs is reviewed."""
    return {s.period.key: period_review(s, logs.between(s.period.start, s.period.end), as_of) for s in summaries}
