"""Supervisors' review of the logs: which logs wait for a review, and how much of a period is reviewed.

A supervisor signs a manager's week at once (`portal review --week`, which writes a `review:`
block into each log of the week), so a log is due for review once its week is over: a log of
a past week without a `review:` block is waiting.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from builder.derive.links import log_url
from builder.derive.periods import Period, PeriodSummary, percent, week_of
from builder.model import LogRecord
from builder.schema import Person, Role
from builder.workdays import WorkCalendar


def due_for_review(record: LogRecord, as_of: date) -> bool:
    """Whether the log's week is over by `as_of`, so its supervisor should have signed it."""
    return record.day < week_of(as_of).start


@dataclass(frozen=True)
class PendingLog:
    """A log due for review and not reviewed, with how long it has waited since its day."""

    person: str
    day: date
    days: int
    workdays: int

    @property
    def url(self) -> str:
        return log_url(self.person, self.day)

    @property
    def week(self) -> str:
        """The ISO week the log belongs to, as `portal review --week` takes it."""
        return week_of(self.day).key


@dataclass(frozen=True)
class Backlog:
    """One manager's logs waiting for review, oldest first (never empty)."""

    person: Person
    logs: tuple[PendingLog, ...]

    @property
    def oldest(self) -> PendingLog:
        return self.logs[0]


@dataclass(frozen=True)
class ReviewCount:
    """A period's logs of one person (or the team): how many there are, reviewed, and due but not reviewed."""

    person: Person
    logs: int
    reviewed: int
    waiting: int

    @property
    def percent(self) -> float | None:
        return percent(self.reviewed, self.logs)


@dataclass(frozen=True)
class PeriodReview:
    period: Period
    rows: tuple[ReviewCount, ...]
    team: ReviewCount

    @property
    def rows_and_team(self) -> tuple[ReviewCount, ...]:
        return (*self.rows, self.team)


def backlogs(
    logs: Iterable[LogRecord],
    managers: Iterable[Person],
    as_of: date,
    calendar: WorkCalendar,
) -> tuple[Backlog, ...]:
    """Every manager with logs waiting for review, the longest waiting first."""
    waiting: dict[str, list[PendingLog]] = {}
    workdays: dict[date, int] = {}  # day -> working days after it up to the as-of day
    for record in sorted(logs, key=lambda r: (r.day, r.person)):
        if record.day <= as_of and not record.signed and due_for_review(record, as_of):
            if record.day not in workdays:
                workdays[record.day] = sum(1 for d in calendar.workdays(record.day, as_of) if d != record.day)
            waiting.setdefault(record.person, []).append(
                PendingLog(record.person, record.day, (as_of - record.day).days, workdays[record.day])
            )
    found = [Backlog(p, tuple(waiting[p.id])) for p in managers if p.id in waiting]
    return tuple(sorted(found, key=lambda b: (b.oldest.day, -len(b.logs), b.person.id)))


def group_of(supervisor: Person, backlog: tuple[Backlog, ...]) -> tuple[Backlog, ...]:
    """The backlogs a supervisor answers for: their own managers', and those of managers
    who have no supervisor (any supervisor may sign those)."""
    if supervisor.role is not Role.SUPERVISOR:
        return ()
    return tuple(b for b in backlog if b.person.supervisor in (supervisor.id, None))


def period_review(summary: PeriodSummary, logs: Iterable[LogRecord], as_of: date) -> PeriodReview:
    """Per person of the period's summary (and for the team): logs written in the period up
    to `as_of`, how many are reviewed, and how many are due for review and are not."""
    end = min(summary.period.end, as_of)
    counts: dict[str, list[int]] = {r.person.id: [0, 0, 0] for r in summary.rows}
    for record in logs:
        if record.person in counts and summary.period.start <= record.day <= end:
            count = counts[record.person]
            count[0] += 1
            if record.signed:
                count[1] += 1
            elif due_for_review(record, as_of):
                count[2] += 1
    rows = tuple(ReviewCount(r.person, *counts[r.person.id]) for r in summary.rows)
    team = ReviewCount(
        summary.team.person, sum(r.logs for r in rows), sum(r.reviewed for r in rows), sum(r.waiting for r in rows)
    )
    return PeriodReview(summary.period, rows, team)
