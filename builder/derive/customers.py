"""Each customer's state as of a day: last contact, freshness, follow-ups, history."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from datetime import date as Day  # beside ExpiryView.date
from enum import StrEnum
from functools import partial
from typing import Any

from builder.derive.complaints import ComplaintState
from builder.derive.frequency import Frequency, missed_quota, quota_text, rule_text
from builder.derive.history import HistoryEntry, customer_histories
from builder.derive.planned import PlannedVisitEntry
from builder.derive.records import Records
from builder.fields import expiring_fields
from builder.kept import Kept, kept
from builder.labels import word_of
from builder.model import Dataset
from builder.schema import Customer, Team, VisitRule


class Freshness(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NEVER = "never"
    ON_TRACK = "on_track"


FRESHNESS_ORDER = {Freshness.OVERDUE: 0, Freshness.DUE_SOON: 1, Freshness.NEVER: 2, Freshness.ON_TRACK: 3}


@dataclass(frozen=True)
class ExpiryView:
    """A contract or product running out, or a date field of the team's that expires (a licence).

    `soon`: it runs out within the team's notice days; `expired`: it ran out. `listed`: it needs
    attention: soon, or expired and not yet renewed (a licence, `lasting`, stays listed until
    its date is moved on; a contract or product that matured, for the notice days after)."""

    item: str
    date: date
    amount: float | None
    expired: bool
    soon: bool
    lasting: bool = False
    listed: bool = False

    def days_left(self, as_of: Day) -> int:
        return (self.date - as_of).days


def _expiry(item: str, day: date, amount: float | None, lasting: bool, as_of: date, notice: int) -> ExpiryView:
    days = (day - as_of).days
    expired, soon = days < 0, 0 <= days <= notice
    return ExpiryView(item, day, amount, expired, soon, lasting, soon or (expired and (lasting or -days <= notice)))


def expiries(customer: Customer, team: Team, as_of: date) -> tuple[ExpiryView, ...]:
    notice = team.rules.expiry_notice_days
    found = [_expiry(e.item, e.date, e.amount, False, as_of, notice) for e in customer.expiries]
    for spec in expiring_fields(team):
        day = customer.fields.get(spec.id)
        if isinstance(day, date):
            found.append(_expiry(spec.label, day, None, True, as_of, notice))
    return tuple(sorted(found, key=lambda e: (e.date, e.item)))


def expiry_rows(views: Iterable[CustomerView]) -> tuple[tuple[CustomerView, ExpiryView], ...]:
    """Every expiry that needs attention, with its customer: the expired first, then by date."""
    rows = [(v, e) for v in views for e in v.expiring]
    return tuple(sorted(rows, key=lambda r: (not r[1].expired, r[1].date, r[0].id, r[1].item)))


@dataclass(frozen=True)
class CustomerView:
    customer: Customer
    owner: str
    rule: str  # the visit rule that sets the due date
    last_visit: date | None
    last_contact: date | None
    due: date | None  # the days left to it are not kept here: a page showing the view need not change every day
    freshness: Freshness
    follow_up: date | None
    follow_up_overdue: bool
    due_by_follow_up: bool  # the promised follow-up, not a visit rule, sets the due date
    next_planned: PlannedVisitEntry | None
    dates: tuple[ExpiryView, ...]
    expiring: tuple[ExpiryView, ...]
    history: tuple[HistoryEntry, ...]
    open_complaints: int
    missed: str = ""  # what the rule's last whole period fell short of, when that makes it overdue

    @property
    def id(self) -> str:
        return self.customer.id

    @property
    def url(self) -> str:
        return customer_url(self.customer.id)

    def days_left(self, as_of: date) -> int | None:
        return (self.due - as_of).days if self.due else None

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return (FRESHNESS_ORDER[self.freshness], self.due.toordinal() if self.due else 0, self.id)


def customer_url(customer_id: str) -> str:
    return f"customers/{customer_id}/"


def freshness_counts(views: Iterable[CustomerView]) -> dict[str, int]:
    """How many customers are in each freshness state, in the order the pages show them."""
    counts = dict.fromkeys(Freshness, 0)
    for view in views:
        counts[view.freshness] += 1
    return {str(state): n for state, n in counts.items()}


def freshness(last_visit: date | None, due: date | None, day: date, due_soon_days: int) -> Freshness:
    """A customer's one status on `day`: overdue once its due date has passed (even if never
    visited, when a follow-up was promised), else never visited, due soon or on track."""
    if due is not None and due < day:
        return Freshness.OVERDUE
    if last_visit is None:
        return Freshness.NEVER
    if due is not None and due <= day + timedelta(days=due_soon_days):
        return Freshness.DUE_SOON
    return Freshness.ON_TRACK


@dataclass(frozen=True)
class Standing:
    """Where a customer stands on a day: the one source of its status on every page."""

    last_visit: date | None  # the last visit in person with its result written
    follow_up: date | None  # the next visit promised at the last contact, if one was
    rule_due: date | None  # by when its visit rules want the next visit
    rule: VisitRule | None
    due: date | None  # the earlier of the two
    freshness: Freshness
    missed: tuple[date, date, int] | None = None  # the rule's last whole period that fell short, if it sets `due`


@dataclass(frozen=True)
class VisitCalendar:
    """Each customer's visit rules, visits in person and promised follow-ups, for its standing on any day."""

    frequency: Frequency
    due_soon_days: int
    promises: dict[str, list[tuple[date, time, date | None]]]  # (day, time, next_visit) of each visit done

    def last_visit(self, customer_id: str, day: date) -> date | None:
        return self.frequency.last_visit(customer_id, day)

    def follow_up(self, customer_id: str, day: date) -> date | None:
        """The next visit promised at the latest visit done up to `day`: any later visit, in
        person or by phone, replaces the promise (by its own `next_visit`, or by none)."""
        promises = self.promises.get(customer_id, [])
        index = bisect_right(promises, (day, time.max, date.max))
        return promises[index - 1][2] if index else None

    def standing(self, customer_id: str, day: date) -> Standing:
        last = self.last_visit(customer_id, day)
        rule_due, rule = self.frequency.due(customer_id, day)
        follow_up = self.follow_up(customer_id, day)
        due = min((d for d in (rule_due, follow_up) if d is not None), default=None)
        # only a due date already past can be a missed period's last day
        missed = (
            missed_quota(rule, self.frequency.counted(customer_id, rule), day)
            if rule and rule_due and rule_due < day
            else None
        )
        return Standing(
            last,
            follow_up,
            rule_due,
            rule,
            due,
            freshness(last, due, day, self.due_soon_days),
            missed if missed and missed[1] == rule_due else None,
        )

    def freshness(self, customer_id: str, day: date) -> Freshness:
        """`standing(customer_id, day).freshness`, without what else a standing holds."""
        rule_due, _ = self.frequency.due(customer_id, day)
        follow_up = self.follow_up(customer_id, day)
        due = min((d for d in (rule_due, follow_up) if d is not None), default=None)
        return freshness(self.last_visit(customer_id, day), due, day, self.due_soon_days)


def visit_calendar(records: Records, rules: dict[str, tuple[VisitRule, ...]], due_soon_days: int) -> VisitCalendar:
    days: dict[str, set[date]] = {}
    contacts: dict[str, set[tuple[date, str]]] = {}
    promises: dict[str, list[tuple[date, time, date | None]]] = {}
    for visit in records.visits:
        if visit.counts_as_visit:
            days.setdefault(visit.visit.customer, set()).add(visit.day)
        if visit.done:
            contacts.setdefault(visit.visit.customer, set()).add((visit.day, visit.method))
            promises.setdefault(visit.visit.customer, []).append((visit.day, visit.visit.time, visit.visit.next_visit))
    for call in records.calls:
        contacts.setdefault(call.call.customer, set()).add((call.day, "call"))
    return VisitCalendar(
        Frequency(rules, {k: sorted(v) for k, v in days.items()}, {k: sorted(v) for k, v in contacts.items()}),
        due_soon_days,
        {k: sorted(v, key=lambda p: (p[0], p[1])) for k, v in promises.items()},
    )


def _view(
    customer: Customer,
    owner: str,
    standing: Standing,
    last_contact: date | None,
    next_planned: PlannedVisitEntry | None,
    history: tuple[HistoryEntry, ...],
    open_complaints: int,
    team: Team,
    as_of: date,
) -> CustomerView:
    due = standing.due
    return CustomerView(
        customer=customer,
        owner=owner,
        rule=rule_text(standing.rule, word_of(team, "visit")) if standing.rule else "",
        missed=quota_text(standing.rule, standing.missed) if standing.rule and standing.missed else "",
        last_visit=standing.last_visit,
        last_contact=last_contact,
        due=due,
        freshness=standing.freshness,
        follow_up=standing.follow_up,
        follow_up_overdue=bool(standing.follow_up and standing.follow_up < as_of),
        due_by_follow_up=bool(due and due == standing.follow_up and due != standing.rule_due),
        next_planned=next_planned,
        dates=(dates := expiries(customer, team, as_of)),
        expiring=tuple(e for e in dates if e.listed),
        history=history,
        open_complaints=open_complaints,
    )


def customer_views(
    ds: Dataset, records: Records, calendar: VisitCalendar, as_of: date, store: Kept[Any] | None = None
) -> dict[str, CustomerView]:
    """Every customer's view as of `as_of`; with `store`, a view made from the same things as in
    the last build is that build's (so the pages showing it compare equal at once)."""
    assert ds.team is not None
    last_contact: dict[str, date] = {}
    contacts = [(v.visit.customer, v.day) for v in records.visits if v.done and v.day <= as_of]
    contacts += [(c.call.customer, c.day) for c in records.calls if c.day <= as_of]
    for customer_id, day in contacts:
        last_contact[customer_id] = max(day, last_contact.get(customer_id, day))
    next_planned: dict[str, PlannedVisitEntry] = {}
    for planned in records.planned:
        if planned.day >= as_of and planned.done is not True:
            next_planned.setdefault(planned.visit.customer, planned)
    histories = customer_histories(records, as_of, store)
    open_complaints = Counter(
        c.complaint.customer for c in records.complaints if c.day <= as_of and c.state is ComplaintState.OPEN
    )
    views = {}
    for customer_id, (customer, owner) in sorted(ds.customers.items()):
        made_from = (
            customer,
            owner,
            calendar.standing(customer_id, as_of),
            last_contact.get(customer_id),
            next_planned.get(customer_id),
            histories.get(customer_id, ()),
            open_complaints[customer_id],
            ds.team,
            as_of,
        )
        views[customer_id] = kept(store, ("view", customer_id), made_from, partial(_view, *made_from))
    return views
