"""What needs someone's attention as of a day, worst first: the lists the home page leads with.

Each list is made of states computed elsewhere (customer freshness, complaint deadlines,
missing logs of the week summaries, the review backlog, metrics behind): here they are
only picked and ordered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from builder.derive.complaints import ComplaintCase
from builder.derive.customers import CustomerView, Freshness
from builder.derive.periods import Period, PeriodSummary, PersonPeriod
from builder.derive.review import Backlog
from builder.schema import Person


@dataclass(frozen=True)
class MissingLogs:
    """A manager's working days without a log, in the weeks the home page looks back on."""

    person: Person
    days: tuple[date, ...]  # newest first


@dataclass(frozen=True)
class Attention:
    overdue: tuple[CustomerView, ...]  # longest overdue first
    due_soon: tuple[CustomerView, ...]  # soonest due first
    never: tuple[CustomerView, ...]
    follow_ups: tuple[CustomerView, ...]  # promised follow-up passed, oldest promise first
    late_complaints: tuple[ComplaintCase, ...]  # oldest first
    missing_logs: tuple[MissingLogs, ...]  # most days missing first
    missing_weeks: tuple[Period, ...]  # the weeks `missing_logs` covers
    unreviewed: tuple[Backlog, ...]  # longest waiting first
    behind: tuple[PersonPeriod, ...]  # this month's rows with a metric behind, lowest average attainment first
    elapsed: float | None  # the month's time progress, the same for every metric judged by pace

    @property
    def unreviewed_logs(self) -> int:
        return sum(len(b.logs) for b in self.unreviewed)

    @property
    def missing_log_days(self) -> int:
        return sum(len(m.days) for m in self.missing_logs)


def _customers(views: list[CustomerView], state: Freshness) -> tuple[CustomerView, ...]:
    picked = [v for v in views if v.freshness is state]
    return tuple(sorted(picked, key=lambda v: (v.due or date.max, v.id)))


def attention(
    customers: list[CustomerView],
    complaints: tuple[ComplaintCase, ...],
    weeks: tuple[PeriodSummary, ...],
    month: PeriodSummary,
    unreviewed: tuple[Backlog, ...],
) -> Attention:
    """`weeks`: the week summaries whose missing logs count (this week and the one before)."""
    missing: dict[str, tuple[Person, list[date]]] = {}
    for week in weeks:
        for row in week.rows:
            if row.missing_logs:
                missing.setdefault(row.person.id, (row.person, []))[1].extend(row.missing_logs)
    missing_logs = [MissingLogs(person, tuple(sorted(days, reverse=True))) for person, days in missing.values()]
    behind = [r for r in month.rows if r.behind]
    elapsed = next((k.expected for k in month.team.kpis if k.expected is not None), None)
    return Attention(
        overdue=_customers(customers, Freshness.OVERDUE),
        due_soon=_customers(customers, Freshness.DUE_SOON),
        never=tuple(sorted((v for v in customers if v.freshness is Freshness.NEVER), key=lambda v: v.id)),
        follow_ups=tuple(sorted((c for c in customers if c.follow_up_overdue), key=lambda c: (c.follow_up, c.id))),
        late_complaints=tuple(sorted((c for c in complaints if c.open_past_deadline), key=lambda c: c.received)),
        missing_logs=tuple(sorted(missing_logs, key=lambda m: (-len(m.days), m.person.id))),
        missing_weeks=tuple(w.period for w in weeks),
        unreviewed=unreviewed,
        behind=tuple(sorted(behind, key=lambda r: (r.score is None, r.score or 0, r.person.id))),
        elapsed=elapsed,
    )


@dataclass(frozen=True)
class PersonAttention:
    """What needs attention, for one person: the home page's lists gathered into one line."""

    person: str
    overdue: tuple[CustomerView, ...] = ()  # longest overdue first
    follow_ups: tuple[CustomerView, ...] = ()
    late_complaints: tuple[ComplaintCase, ...] = ()
    missing_days: tuple[date, ...] = ()  # newest first
    unreviewed: int = 0  # own logs waiting for review in weeks past
    behind: tuple[str, ...] = ()  # this month's metrics behind, by label
    expiries: int = 0
    promises: int = 0  # promised dates past while the customer still owes (the ledger)
    duties: int = 0  # recurring duties past their day and not done


def by_person(
    a: Attention, expiries: dict[str, int], promises: dict[str, int] | None = None, duties: dict[str, int] | None = None
) -> tuple[PersonAttention, ...]:
    """Each person with anything needing attention, the most first."""
    found: dict[str, dict[str, Any]] = {}

    def add(person: str, key: str, value: Any) -> None:
        found.setdefault(person, {})[key] = value

    for key, views in (("overdue", a.overdue), ("follow_ups", a.follow_ups)):
        for person in dict.fromkeys(v.owner for v in views):
            add(person, key, tuple(v for v in views if v.owner == person))
    for person in dict.fromkeys(c.person for c in a.late_complaints):
        add(person, "late_complaints", tuple(c for c in a.late_complaints if c.person == person))
    for m in a.missing_logs:
        add(m.person.id, "missing_days", m.days)
    for b in a.unreviewed:
        add(b.person.id, "unreviewed", len(b.logs))
    for row in a.behind:
        add(row.person.id, "behind", tuple(k.metric.label for k in row.kpis if k.behind))
    _add_counts(found, expiries=expiries, promises=promises or {}, duties=duties or {})
    people = [PersonAttention(person, **parts) for person, parts in found.items()]
    return tuple(sorted(people, key=lambda p: (-_weight(p), p.person)))


def _add_counts(found: dict[str, dict[str, Any]], **counts: dict[str, int]) -> None:
    """Adds each person's number of each kind given (expiries, promises, duties) to `found`."""
    for key, numbers in counts.items():
        for person, n in numbers.items():
            found.setdefault(person, {})[key] = n


def _weight(p: PersonAttention) -> int:
    return (
        len(p.overdue)
        + len(p.follow_ups)
        + 2 * len(p.late_complaints)
        + len(p.missing_days)
        + p.unreviewed
        + len(p.behind)
        + p.expiries
        + p.promises
        + p.duties
    )
