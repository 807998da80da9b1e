"""Flat, dated records of what was done and what was planned, read from logs and plans."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from builder.derive.complaints import ComplaintCase, complaint_case
from builder.derive.links import log_url
from builder.derive.planned import Key, PlannedVisitEntry, planned_visits
from builder.kept import Kept, kept
from builder.model import Dataset, LogRecord
from builder.schema import WEEKDAYS, Call, DailyLog, Team, Visit


@dataclass(frozen=True)
class VisitDone:
    person: str
    day: date
    visit: Visit
    method: str
    in_person: bool  # by a method in person: a phone appointment is contact, not a visit

    @property
    def done(self) -> bool:
        """Its result is written (Visit.has_result); until then it is still a plan."""
        return self.visit.has_result

    @property
    def counts_as_visit(self) -> bool:
        """A visit as every page counts it (实际拜访): in person, its result written."""
        return self.in_person and self.done

    @property
    def counts_as_call(self) -> bool:
        """Phone contact: a visit by a method not in person, its result written."""
        return not self.in_person and self.done

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)


@dataclass(frozen=True)
class CallMade:
    person: str
    day: date
    call: Call

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)


@dataclass(frozen=True)
class DayCounts:
    """What one log counts, by the one definition every page and rule uses (see derive/meanings.py)."""

    visits: int  # visits in person with their result written
    customers: int  # customers visited in person, each once
    calls_listed: int  # the calls the log lists
    phone_visits: int  # visits by phone with their result written
    unwritten: int  # visits whose result is not written yet: still plans

    @property
    def calls(self) -> int:
        """Phone contact: the calls listed plus the visits made by phone."""
        return self.calls_listed + self.phone_visits


def day_counts(visits: Iterable[VisitDone], calls_listed: int) -> DayCounts:
    """The counts of one person's day from its visits and the number of calls it lists."""
    visits = list(visits)
    in_person = [v for v in visits if v.counts_as_visit]
    return DayCounts(
        visits=len(in_person),
        customers=len({v.visit.customer for v in in_person}),
        calls_listed=calls_listed,
        phone_visits=sum(1 for v in visits if v.counts_as_call),
        unwritten=sum(1 for v in visits if not v.done),
    )


@dataclass(frozen=True)
class Records:
    logs: tuple[LogRecord, ...]
    visits: tuple[VisitDone, ...]
    calls: tuple[CallMade, ...]
    complaints: tuple[ComplaintCase, ...]
    planned: tuple[PlannedVisitEntry, ...]
    days: dict[tuple[str, date], DayCounts]  # (person, day) -> what that day's log counts

    @cached_property
    def _log_index(self) -> dict[tuple[str, date], DailyLog]:
        return {(r.person, r.day): r.log for r in self.logs}

    def log(self, person: str, day: date) -> DailyLog | None:
        return self._log_index.get((person, day))

    @cached_property
    def _planned_index(self) -> dict[tuple[str, date], tuple[PlannedVisitEntry, ...]]:
        found: dict[tuple[str, date], list[PlannedVisitEntry]] = {}
        for p in self.planned:
            found.setdefault((p.person, p.day), []).append(p)
        return {key: tuple(entries) for key, entries in found.items()}

    def planned_on(self, person: str, day: date) -> tuple[PlannedVisitEntry, ...]:
        """The visits `person` planned for `day`, and those others planned with them (`with`), by time."""
        own = self._planned_index.get((person, day), ())
        joined = self._joined_index.get((person, day), ())
        return tuple(sorted((*own, *joined), key=lambda p: (p.start, p.person))) if joined else own

    @cached_property
    def _joined_index(self) -> dict[tuple[str, date], tuple[PlannedVisitEntry, ...]]:
        found: dict[tuple[str, date], list[PlannedVisitEntry]] = {}
        for p in self.planned:
            for joiner in p.visit.with_:
                found.setdefault((joiner, p.day), []).append(p)
        return {key: tuple(entries) for key, entries in found.items()}


def _fulfilled(visits: Iterable[VisitDone], calls: Iterable[CallMade]) -> tuple[Counter[Key], set[Key]]:
    """Per (person, day, customer): how many visits in person were done, and whether there was
    any contact (a visit with its result, in any way, or a call)."""
    in_person: Counter[Key] = Counter()
    contact: set[Key] = set()
    for v in visits:
        if v.done:
            contact.add((v.person, v.day, v.visit.customer))
        if v.counts_as_visit:
            in_person[(v.person, v.day, v.visit.customer)] += 1
    contact.update((c.person, c.day, c.call.customer) for c in calls)
    return in_person, contact


@dataclass(frozen=True)
class _LogParts:
    visits: list[VisitDone]
    calls: list[CallMade]
    complaints: list[ComplaintCase]
    counts: DayCounts


def _log_parts(
    record: LogRecord, team: Team, in_person: dict[str, bool], first_method: str, end_of_as_of: datetime
) -> _LogParts:
    day = record.day
    visits = []
    for v in record.log.visits:
        method = v.method or first_method
        visits.append(VisitDone(record.person, day, v, method, in_person.get(method, True)))
    return _LogParts(
        visits,
        [CallMade(record.person, day, c) for c in record.log.calls],
        [complaint_case(record.person, day, c, team, end_of_as_of) for c in record.log.complaints],
        day_counts(visits, len(record.log.calls)),
    )


def collect(ds: Dataset, as_of: date, store: Kept[Any] | None = None) -> Records:
    """Every visit, call, complaint and planned visit, in date order; `store` keeps each log's
    between builds (portal serve). When a plan is done: see planned_visits."""
    team = ds.team
    assert team is not None
    default_minutes = team.feeds.visit_minutes
    in_person = {m.id: m.in_person for m in team.methods}
    first_method = team.methods[0].id
    end_of_as_of = datetime.combine(as_of, time(23, 59))
    visits: list[VisitDone] = []
    calls: list[CallMade] = []
    complaints: list[ComplaintCase] = []
    days = {}
    for record in ds.logs:
        parts = kept(
            store,
            ("log", id(record)),
            (record, team, as_of),
            lambda: _log_parts(record, team, in_person, first_method, end_of_as_of),  # noqa: B023
        )
        visits += parts.visits
        calls += parts.calls
        complaints += parts.complaints
        days[(record.person, record.day)] = parts.counts
    unmatched, contact = _fulfilled(visits, calls)
    planned = planned_visits(ds.week_plans, unmatched, contact, in_person, first_method, default_minutes, as_of)
    return Records(ds.logs, tuple(visits), tuple(calls), tuple(complaints), tuple(planned), days)


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]
