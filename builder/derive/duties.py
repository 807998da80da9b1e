"""Recurring duties: what the team's documents set by a day of the week, month or quarter (a
forecast by the 12th, the week's report on Friday), each done when a log of its period lists it,
or, for a duty a plan records, once the week's or month's plan has its summary written.

Every person whose role a duty names has one instance of it per period, due on its day (the
period's last day when the month is shorter, the next working day when it falls on a rest day).
An instance is done on the first day a log of that person in its period lists the duty.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from builder.derive.links import log_url
from builder.model import LogRecord
from builder.schema import Duty, Person
from builder.workdays import WorkCalendar

RECENT = timedelta(days=92)  # a person's duties shown and counted late: due in about the last quarter, or to come


class DutyState(StrEnum):
    DONE = "done"
    LATE_DONE = "late_done"  # done after its day
    LATE = "late"  # its day is past and it is not done
    OPEN = "open"  # not done, its day still to come


@dataclass(frozen=True)
class DutyDue:
    duty: Duty
    person: str
    start: date  # the period's first day
    end: date  # and its last
    due: date
    done: date | None
    state: DutyState
    written: str | None = None  # the plan's summary that records it done: its page's address

    @property
    def url(self) -> str | None:
        return log_url(self.person, self.done) if self.done else self.written


def _period(every: str, day: date) -> tuple[date, date]:
    if every == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if every == "month":
        return day.replace(day=1), day.replace(day=months.monthrange(day.year, day.month)[1])
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    last = first.replace(month=first.month + 2)
    return first, last.replace(day=months.monthrange(last.year, last.month)[1])


def _due(duty: Duty, start: date, end: date, calendar: WorkCalendar) -> date:
    if duty.every == "week":
        day = start + timedelta(days=min(duty.by, 7) - 1)
    else:
        last_month = end.replace(day=1)  # a quarter's duty is due in its last month
        day = last_month.replace(day=min(duty.by, end.day))
    while not calendar.is_workday(day) and day < end + timedelta(days=31):  # 节假日顺延
        day += timedelta(days=1)
    return day


def instance(duty: Duty, day: date, calendar: WorkCalendar) -> tuple[date, date, date]:
    """The first and last day of the period of `duty` holding `day`, and the day it is due."""
    start, end = _period(duty.every, day)
    return start, end, _due(duty, start, end, calendar)


def periods(every: str, first: date, last: date) -> Iterator[tuple[date, date]]:
    """The periods of `every` from the one holding `first` to the one holding `last`."""
    start, end = _period(every, first)
    while start <= last:
        yield start, end
        start, end = _period(every, end + timedelta(days=1))


def duties(
    team_duties: Iterable[Duty],
    people: Iterable[Person],
    logs: Iterable[LogRecord],
    team_start: date,
    as_of: date,
    calendar: WorkCalendar,
    summaries: Collection[tuple[str, str]] = (),
) -> tuple[DutyDue, ...]:
    """Each person's instances of each duty, from the team's (or the person's) start to the period holding `as_of`;
    `summaries`: (person, week or month key) of the plans whose summary is written, for duties they record."""
    listed = tuple(team_duties)
    if not listed:
        return ()
    done: dict[tuple[str, str], list[date]] = {}
    for record in logs:
        if record.day <= as_of:
            for ident in record.log.duties:
                done.setdefault((record.person, ident), []).append(record.day)
    found = []
    for person in people:
        begun = max(team_start, person.start or team_start)
        ended = min(as_of, person.leave or as_of)
        for duty in listed:
            if person.role not in duty.who:
                continue
            days = sorted(done.get((person.id, duty.id), []))
            for start, end in periods(duty.every, begun, ended):
                due = _due(duty, start, end, calendar)
                if due < begun:
                    continue
                day = next((d for d in days if start <= d <= max(end, due)), None)
                written = _summary(duty, person.id, start, summaries) if day is None else None
                state = DutyState.DONE if written else _state(day, due, as_of)
                found.append(DutyDue(duty, person.id, start, end, due, day, state, written))
    return tuple(sorted(found, key=lambda d: (d.due, d.person, d.duty.id)))


def _summary(duty: Duty, person: str, start: date, summaries: Collection[tuple[str, str]]) -> str | None:
    """The page of the plan summary that records this instance done (its date is not known: done, not late)."""
    if duty.recorded == "week_summary":
        key = f"{start:%G}-W{start:%V}"
        return f"weeks/{key}/#written" if (person, key) in summaries else None
    if duty.recorded == "month_summary":
        key = f"{start:%Y-%m}"
        return f"months/{key}/#written" if (person, key) in summaries else None
    return None


def _state(done: date | None, due: date, as_of: date) -> DutyState:
    if done is not None:
        return DutyState.DONE if done <= due else DutyState.LATE_DONE
    return DutyState.LATE if due < as_of else DutyState.OPEN


def by_person_late(found: Iterable[DutyDue], as_of: date) -> dict[str, int]:
    """Per person: the duties of about the last quarter past their day and not done."""
    late: dict[str, int] = {}
    for due in found:
        if due.state is DutyState.LATE and due.due >= as_of - RECENT:
            late[due.person] = late.get(due.person, 0) + 1
    return late
