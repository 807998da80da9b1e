"""Flat, dated records of what was done and what was planned, read from logs and plans."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property

from builder.model import Dataset, LogRecord
from builder.schema import WEEKDAYS, Call, Complaint, ComplaintStep, DailyLog, PlannedVisit, Team, Visit


def log_month_url(person: str, day: date) -> str:
    """A person's logs of one month are one page; each day is a section of it."""
    return f"logs/{person}/{day:%Y-%m}/"


def log_url(person: str, day: date) -> str:
    return f"{log_month_url(person, day)}#{day.isoformat()}"


@dataclass(frozen=True)
class VisitDone:
    person: str
    day: date
    visit: Visit
    method: str
    counts_as_visit: bool  # in person: a phone appointment is contact, not a visit

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


class ComplaintState(StrEnum):
    DONE = "done"
    ESCALATED = "escalated"
    OPEN = "open"


@dataclass(frozen=True)
class StepState:
    step: ComplaintStep
    done: datetime | None
    due: datetime | None
    late: bool


@dataclass(frozen=True)
class ComplaintCase:
    person: str
    day: date
    complaint: Complaint
    received: datetime
    escalated: datetime | None
    steps: tuple[StepState, ...]
    state: ComplaintState

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)

    @property
    def late_steps(self) -> tuple[StepState, ...]:
        return tuple(s for s in self.steps if s.late)

    @property
    def open_past_deadline(self) -> bool:
        return self.state is ComplaintState.OPEN and any(s.late and s.done is None for s in self.steps)


def complaint_case(person: str, day: date, complaint: Complaint, team: Team, as_of_end: datetime) -> ComplaintCase:
    """A complaint with each of the team's steps: when it was done, by when it was due, whether late.

    Where the team says escalation counts as handled, escalating stops the clock of every
    step still open at that moment."""
    received = _at(day, complaint.received)
    escalated = _at(day, complaint.escalated)
    assert received is not None
    handles = team.complaints.escalation_handles
    states = []
    for step in team.complaints.steps:
        done = _at(day, complaint.steps.get(step.id))
        due = received + timedelta(hours=step.within_hours) if step.within_hours else None
        stopped = escalated if handles and escalated and (done is None or escalated < done) else None
        finished = done or stopped or as_of_end
        states.append(StepState(step, done, due, bool(due and finished > due)))
    steps = team.complaints.steps
    if not steps or complaint.steps.get(steps[-1].id) is not None:
        state = ComplaintState.DONE
    elif escalated is not None:
        state = ComplaintState.ESCALATED if handles else ComplaintState.OPEN
    else:
        state = ComplaintState.OPEN
    return ComplaintCase(person, day, complaint, received, escalated, tuple(states), state)


@dataclass(frozen=True)
class PlannedVisitEntry:
    person: str
    day: date
    start: datetime
    minutes: int
    visit: PlannedVisit
    method: str
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

    @cached_property
    def _planned_index(self) -> dict[tuple[str, date], tuple[PlannedVisitEntry, ...]]:
        found: dict[tuple[str, date], list[PlannedVisitEntry]] = {}
        for p in self.planned:
            found.setdefault((p.person, p.day), []).append(p)
        return {key: tuple(entries) for key, entries in found.items()}

    def planned_on(self, person: str, day: date) -> tuple[PlannedVisitEntry, ...]:
        return self._planned_index.get((person, day), ())


def _by_person_day(visits: Iterable[VisitDone]) -> dict[tuple[str, date], set[str]]:
    seen: dict[tuple[str, date], set[str]] = {}
    for v in visits:
        seen.setdefault((v.person, v.day), set()).add(v.visit.customer)
    return seen


def collect(ds: Dataset, as_of: date) -> Records:
    """Every visit, call, complaint and planned visit, in date order."""
    team = ds.team
    assert team is not None
    default_minutes = team.feeds.visit_minutes
    in_person = {m.id: m.in_person for m in team.methods}
    first_method = team.methods[0].id
    end_of_as_of = datetime.combine(as_of, time(23, 59))
    visits, calls, complaints = [], [], []
    for record in ds.logs:
        day = record.day
        for v in record.log.visits:
            method = v.method or first_method
            visits.append(VisitDone(record.person, day, v, method, in_person.get(method, True)))
        calls += [CallMade(record.person, day, c) for c in record.log.calls]
        complaints += [complaint_case(record.person, day, c, team, end_of_as_of) for c in record.log.complaints]
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
                        visit.method or first_method,
                        day_plan.route,
                        status,
                    )
                )
    planned.sort(key=lambda p: (p.start, p.person, p.visit.customer))
    return Records(ds.logs, tuple(visits), tuple(calls), tuple(complaints), tuple(planned))


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]
