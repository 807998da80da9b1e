"""The visits the week plans list, each with whether it was done."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from builder.model import WeekPlanRecord
from builder.schema import PlannedVisit

Key = tuple[str, date, str]  # person, day, customer


@dataclass(frozen=True)
class PlannedVisitEntry:
    person: str
    day: date
    start: datetime
    minutes: int
    visit: PlannedVisit
    method: str
    in_person: bool  # a planned visit; by phone it is a planned call, not counted as a planned visit
    route: str
    done: bool | None  # None: still ahead (its day is the as-of day or later)

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


def planned_visits(
    plans: Iterable[WeekPlanRecord],
    unmatched: Counter[Key],
    contact: set[Key],
    in_person: dict[str, bool],
    first_method: str,
    default_minutes: int,
    as_of: date,
) -> list[PlannedVisitEntry]:
    """Every visit the plans list, in date order. `unmatched`: the visits in person done per
    (person, day, customer), used up here; `contact`: where there was any contact.

    A planned visit in person is done by a visit in person to its customer that day with its
    result written (each visit fulfils one plan); a planned call by any contact that day. On
    the as-of day and later a plan not yet done is still ahead, not missed."""
    planned = []
    for plan in plans:
        for weekday, day_plan in plan.plan.days():
            day = plan.monday + timedelta(days=weekday)
            for visit in day_plan.visits:
                method = visit.method or first_method
                key = (plan.person, day, visit.customer)
                status: bool | None
                if in_person.get(method, True):
                    status = unmatched[key] > 0
                    unmatched[key] -= status
                else:
                    status = key in contact
                if day > as_of or (day == as_of and not status):
                    status = None  # its day is not over
                planned.append(
                    PlannedVisitEntry(
                        plan.person,
                        day,
                        datetime.combine(day, visit.time),
                        visit.duration or default_minutes,
                        visit,
                        method,
                        in_person.get(method, True),
                        day_plan.route,
                        status,
                    )
                )
    planned.sort(key=lambda p: (p.start, p.person, p.visit.customer))
    return planned
