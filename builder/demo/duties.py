"""When the demo's people do their recurring duties: most a few days before the day, some late, a few never."""

from __future__ import annotations

import random
from datetime import date, timedelta

from builder.derive.duties import instance
from builder.schema import Role, Team
from builder.workdays import WorkCalendar


class DutyDays:
    def __init__(self, team: Team, rng: random.Random, calendar: WorkCalendar) -> None:
        self.team, self.rng, self.calendar = team, rng, calendar
        self.chosen: dict[tuple[str, str, date], date | None] = {}

    def done_on(self, person: str, role: Role, day: date) -> list[str]:
        """The ids of the duties `person` does on `day`."""
        found = []
        for duty in self.team.duties:
            if role not in duty.who:
                continue
            start, end, due = instance(duty, day, self.calendar)
            key = (person, duty.id, start)
            if key not in self.chosen:
                self.chosen[key] = self._choose(start, end, due)
            if self.chosen[key] == day:
                found.append(duty.id)
        return found

    def _choose(self, start: date, end: date, due: date) -> date | None:
        chance = self.rng.random()
        if chance < 0.04:
            return None  # forgotten
        if chance < 0.12:
            late = self.calendar.add_workdays(due, self.rng.randint(1, 3))
            return late if late <= end else None  # late, within its period
        days = list(self.calendar.workdays(max(start, due - timedelta(days=6)), due))
        return self.rng.choice(days) if days else due
