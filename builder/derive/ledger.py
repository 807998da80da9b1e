"""The ledger: what customers owe or hold, as their files record it, and the dates they promised.

A team marks the customer fields that are amounts (`ledger: owed` or `held`) and the visit
field that is a promised date (`promise: true`); the ledger lists every customer with an
amount, totals the amounts by manager and by the attributes in `ledger_by` (楼栋, 片区), and
follows each customer's latest promise: due soon, or overdue while the customer still owes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from builder.derive.customers import CustomerView
from builder.derive.records import VisitDone
from builder.fields import attribute
from builder.schema import FieldSpec, Person, Team


class PromiseState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    LATER = "later"


@dataclass(frozen=True)
class Promise:
    made: date  # the visit at which it was promised
    due: date
    url: str  # that visit in its log
    state: PromiseState


@dataclass(frozen=True)
class LedgerRow:
    view: CustomerView
    amounts: tuple[float | None, ...]  # per ledger field; None where the file has none or it is hidden
    groups: tuple[object, ...]  # per `ledger_by` attribute, its value (None where the file has none)
    promise: Promise | None
    owes: bool  # an amount owed is above 0


@dataclass(frozen=True)
class LedgerTotal:
    key: str
    label: object  # a manager's name, or the value of the attribute totalled by
    customers: int  # with any amount
    amounts: tuple[float, ...]
    overdue: int  # promises overdue


@dataclass(frozen=True)
class Ledger:
    fields: tuple[FieldSpec, ...]
    by: tuple[tuple[str, str], ...]  # (attribute, its label) the ledger is totalled by, besides the manager
    rows: tuple[LedgerRow, ...]  # customers with an amount or a promise still open, largest first
    team: LedgerTotal
    people: tuple[LedgerTotal, ...]
    groups: tuple[tuple[str, tuple[LedgerTotal, ...]], ...]  # per `by` attribute: its totals by value
    hidden: tuple[FieldSpec, ...]  # ledger fields this site does not show (sensitive)

    @property
    def promises(self) -> tuple[LedgerRow, ...]:
        """The rows with a promise overdue or due soon, the earliest first."""
        found = [r for r in self.rows if r.promise and r.promise.state is not PromiseState.LATER]
        return tuple(sorted(found, key=lambda r: (r.promise.due if r.promise else date.max, r.view.id)))

    def promised(self) -> dict[str, Promise]:
        """Customer id -> its promise still followed (due soon, later, or past while it owes)."""
        return {r.view.id: r.promise for r in self.rows if r.promise}

    def overdue_by_person(self) -> dict[str, int]:
        """Per manager: the customers whose promised date is past while they still owe."""
        found: dict[str, int] = {}
        for row in self.rows:
            if row.promise and row.promise.state is PromiseState.OVERDUE:
                found[row.view.owner] = found.get(row.view.owner, 0) + 1
        return found

    def of(self, person: str) -> tuple[LedgerRow, ...]:
        return tuple(r for r in self.rows if r.view.owner == person)


def ledger_fields(team: Team) -> tuple[FieldSpec, ...]:
    return tuple(s for s in team.customer_fields if s.ledger)


def latest_promises(team: Team, visits: Iterable[VisitDone], as_of: date) -> dict[str, tuple[date, date, str]]:
    """Customer id -> (visit day, promised date, visit link) of the latest visit up to `as_of`
    with its result written; a later visit that promises nothing ends the promise."""
    fields = [s.id for s in team.visit_fields if s.promise]
    latest: dict[str, tuple[date, date | None, str]] = {}
    for v in visits:
        if not v.done or v.day > as_of:
            continue
        customer = v.visit.customer
        if customer in latest and latest[customer][0] > v.day:
            continue
        promised = next((d for f in fields if isinstance(d := v.visit.fields.get(f), date)), None)
        latest[customer] = (v.day, promised, v.url)
    return {c: (day, due, url) for c, (day, due, url) in latest.items() if due is not None}


def _promise(found: tuple[date, date, str] | None, owes: bool, as_of: date, soon: int) -> Promise | None:
    if found is None:
        return None
    made, due, url = found
    if due < as_of:
        return Promise(made, due, url, PromiseState.OVERDUE) if owes else None
    state = PromiseState.DUE_SOON if due <= as_of + timedelta(days=soon) else PromiseState.LATER
    return Promise(made, due, url, state)


def ledger(
    team: Team,
    views: Sequence[CustomerView],
    visits: Iterable[VisitDone],
    people: dict[str, Person],
    attribute_labels: dict[str, str],
    as_of: date,
    hidden: frozenset[str],
) -> Ledger | None:
    """The team's ledger, or None when it marks no ledger field; the fields in `hidden` (masked
    on this site) are named, not shown: a promise is then followed as if the customer still owed."""
    marked = ledger_fields(team)
    if not marked:
        return None
    fields = tuple(s for s in marked if s.id not in hidden)
    owed = tuple(s.ledger == "owed" for s in fields)
    promised = latest_promises(team, visits, as_of)
    rows = []
    for view in views:
        amounts = tuple(_amount(view.customer.fields.get(s.id)) for s in fields)
        owes = any(a for a, o in zip(amounts, owed, strict=True) if o)
        follows = owes or not any(s.ledger == "owed" for s in fields)  # nothing owed shown: until a later visit
        promise = _promise(promised.get(view.id), follows, as_of, team.rules.due_soon_days)
        if any(amounts) or promise:
            groups = tuple(_or_none(attribute(view.customer, name)) for name in team.ledger_by)
            rows.append(LedgerRow(view, amounts, groups, promise, owes))
    rows.sort(key=lambda r: (-sum(a or 0 for a in r.amounts), r.view.id))
    masked = tuple(s for s in marked if s.id in hidden)
    by = tuple((name, attribute_labels.get(name, name)) for name in team.ledger_by)
    by_person = _totals(rows, lambda r: r.view.owner, lambda key: people[str(key)].name if key in people else key)
    by_group = tuple((name, _totals(rows, partial(_group, i), _same)) for i, (name, _) in enumerate(by))
    return Ledger(fields, by, tuple(rows), _total("", None, rows, len(fields)), by_person, by_group, masked)


def _same(value: object) -> object:
    return value


def _or_none(value: object) -> object:
    return None if value == "" else value


def _amount(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _total(key: str, label: object, rows: Sequence[LedgerRow], width: int) -> LedgerTotal:
    amounts = tuple(round(sum(r.amounts[i] or 0 for r in rows), 2) for i in range(width))
    overdue = sum(1 for r in rows if r.promise and r.promise.state is PromiseState.OVERDUE)
    return LedgerTotal(key, label, sum(1 for r in rows if any(r.amounts)), amounts, overdue)


def _group(index: int, row: LedgerRow) -> object:
    return row.groups[index]


def _totals(
    rows: Sequence[LedgerRow], key_of: Callable[[LedgerRow], object], label_of: Callable[[object], object]
) -> tuple[LedgerTotal, ...]:
    grouped: dict[object, list[LedgerRow]] = {}
    for row in rows:
        grouped.setdefault(key_of(row), []).append(row)
    width = len(rows[0].amounts) if rows else 0
    totals = [_total(str(k), label_of(k), found, width) for k, found in grouped.items()]
    return tuple(sorted(totals, key=lambda t: (-sum(t.amounts), t.key)))
