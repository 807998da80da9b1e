"""Complaints and their steps: when each was done, by when it was due (office hours or the clock)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from builder.derive.links import log_url
from builder.schema import Complaint, ComplaintStep, Team
from builder.workdays import WorkCalendar


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
    clock: bool  # limits run on the clock, not in office hours

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)

    def step(self, step_id: str) -> StepState | None:
        """The step of that id, None where the complaint's category does without it."""
        return next((s for s in self.steps if s.step.id == step_id), None)

    @property
    def late_steps(self) -> tuple[StepState, ...]:
        return tuple(s for s in self.steps if s.late)

    @property
    def open_past_deadline(self) -> bool:
        return self.state is ComplaintState.OPEN and any(s.late and s.done is None for s in self.steps)


def complaint_case(person: str, day: date, complaint: Complaint, team: Team, as_of_end: datetime) -> ComplaintCase:
    """A complaint with each step of its category: when it was done, by when it was due, whether late.

    A limit counts office hours of working days, or the clock, as the category says. Where the
    team says escalation counts as handled, escalating stops the clock of every step not done before it."""
    received = at(day, complaint.received)
    escalated = at(day, complaint.escalated)
    assert received is not None
    handles = team.complaints.escalation_handles
    category = team.complaints.of(complaint.category)
    states = []
    for step in category.steps:
        done = at(day, complaint.steps.get(step.id))
        due = _due(received, step.within_hours, category.clock, team) if step.within_hours else None
        stopped = escalated if handles and escalated and (done is None or escalated < done) else None
        finished = stopped or done or as_of_end
        states.append(StepState(step, done, due, bool(due and finished > due)))
    steps = category.steps
    if not steps or complaint.steps.get(steps[-1].id) is not None:
        state = ComplaintState.DONE
    elif escalated is not None:
        state = ComplaintState.ESCALATED if handles else ComplaintState.OPEN
    else:
        state = ComplaintState.OPEN
    return ComplaintCase(person, day, complaint, received, escalated, tuple(states), state, category.clock)


def _due(received: datetime, hours: float, clock: bool, team: Team) -> datetime:
    if clock:
        return received + timedelta(hours=hours)
    office = team.complaints.office_hours
    return WorkCalendar(team.workdays).add_office_hours(received, hours, office.start, office.end)


def at(day: date, moment: datetime | time | None) -> datetime | None:
    if moment is None:
        return None
    return moment if isinstance(moment, datetime) else datetime.combine(day, moment)
