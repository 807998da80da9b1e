"""Flat, dated records of what was done and what was planned, read from logs and plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from builder.model import Dataset, LogRecord
from builder.schema import WEEKDAYS, Call, Complaint, DailyLog, Method, PlannedVisit, Visit


def log_url(person: str, day: date) -> str:
    return f"logs/{person}/{day.isoformat()}/"


@dataclass(frozen=True)
class VisitDone:
    person: str
    day: date
    visit: Visit

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)

    @property
    def counts_as_visit(self) -> bool:
        """A visit in person (a phone appointment is contact, not a visit)."""
        return self.visit.method is not Method.PHONE


@dataclass(frozen=True)
class CallMade:
    person: str
    day: date
    call: Call

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)


class ComplaintState(StrEnum):
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    OPEN = "open"


@dataclass(frozen=True)
class ComplaintCase:
    person: str
    day: date
    complaint: Complaint
    received: datetime
    responded: datetime | None
    resolved: datetime | None
    respond_by: datetime
    resolve_by: datetime
    as_of_end: datetime

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)

    @property
    def state(self) -> ComplaintState:
        if self.resolved:
            return ComplaintState.RESOLVED
        return ComplaintState.ESCALATED if self.complaint.escalated else ComplaintState.OPEN

    @property
    def late_response(self) -> bool:
        return (self.responded or self.as_of_end) > self.respond_by

    @property
    def late_resolution(self) -> bool:
        if self.complaint.escalated and not self.resolved:
            return False
        return (self.resolved or self.as_of_end) > self.resolve_by

    @property
    def open_past_deadline(self) -> bool:
        return self.state is ComplaintState.OPEN and self.as_of_end > self.resolve_by


@dataclass(frozen=True)
class PlannedVisitEntry:
    person: str
    day: date
    start: datetime
    minutes: int
    visit: PlannedVisit
    route: str
    done: bool | None  # None: still ahead

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def _at(day: date, moment: datetime | time | None) -> datetime | None:
    if moment is None:
        return None
    return moment if isinstance(moment, datetime) else datetime.combine(day, moment)


@dataclass(frozen=True)
class Records:
    logs: tuple[LogRecord, ...]
    visits: tuple[VisitDone, ...]
    calls: tuple[CallMade, ...]
    complaints: tuple[ComplaintCase, ...]
    planned: tuple[PlannedVisitEntry, ...]

    @cached_property
    def _log_index(self) -> dict[tuple[str, date], DailyLog]:
        return {(r.person, r.day): r.log for r in self.logs}

    def log(self, person: str, day: date) -> DailyLog | None:
        return self._log_index.get((person, day))


def _by_person_day(visits: Iterable[VisitDone]) -> dict[tuple[str, date], set[str]]:
    seen: dict[tuple[str, date], set[str]] = {}
    for v in visits:
        seen.setdefault((v.person, v.day), set()).add(v.visit.customer)
    return seen


def collect(ds: Dataset, as_of: date) -> Records:
    """Every visit, call, complaint and planned visit, in date order."""
    team = ds.team
    assert team is not None
    rules, default_minutes = team.rules, team.feeds.visit_minutes
    end_of_as_of = datetime.combine(as_of, time(23, 59))
    visits, calls, complaints = [], [], []
    for record in ds.logs:
        day = record.day
        visits += [VisitDone(record.person, day, v) for v in record.log.visits]
        calls += [CallMade(record.person, day, c) for c in record.log.calls]
        for complaint in record.log.complaints:
            received = _at(day, complaint.received)
            assert received is not None
            complaints.append(
                ComplaintCase(
                    record.person,
                    day,
                    complaint,
                    received,
                    _at(day, complaint.responded),
                    _at(day, complaint.resolved),
                    received + timedelta(hours=rules.complaint_response_hours),
                    received + timedelta(hours=rules.complaint_resolve_hours),
                    end_of_as_of,
                )
            )
    done = _by_person_day(visits)
    logged = {(r.person, r.day) for r in ds.logs}
    planned = []
    for plan in ds.week_plans:
        for weekday, day_plan in plan.plan.days():
            day = plan.monday + timedelta(days=weekday)
            for visit in day_plan.visits:
                if day > as_of:
                    status = None
                else:
                    status = visit.customer in done.get((plan.person, day), set())
                    if not status and (plan.person, day) not in logged and day == as_of:
                        status = None  # today's log may not be written yet
                planned.append(
                    PlannedVisitEntry(
                        plan.person,
                        day,
                        datetime.combine(day, visit.time),
                        visit.duration or default_minutes,
                        visit,
                        day_plan.route,
                        status,
                    )
                )
    planned.sort(key=lambda p: (p.start, p.person, p.visit.customer))
    return Records(ds.logs, tuple(visits), tuple(calls), tuple(complaints), tuple(planned))


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]
