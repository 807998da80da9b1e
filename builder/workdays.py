"""Working days: the Chinese public-holiday calendar (with swapped weekends) or plain weekdays."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

import chinese_calendar

from builder.schema import Person, Workdays


@cache
def _cn_workday(day: date) -> bool | None:
    """The official answer for `day`, or None when the holiday data does not cover its year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class WorkCalendar:
    """The team's working days (`settings`), or one person's: with the days they work on a rest
    day (`work`) and the days off they take on a working day (`off`), which come first."""

    settings: Workdays
    work: frozenset[date] = frozenset()
    off: frozenset[date] = frozenset()

    def of(self, person: Person) -> WorkCalendar:
        """The calendar of `person`: the team's, with their rota."""
        rota = person.rota
        if not rota.work and not rota.off:
            return self
        return WorkCalendar(self.settings, frozenset(rota.work), frozenset(rota.off))

    def covers(self, day: date) -> bool:
        """Whether the holiday data knows `day`'s year (else weekdays are assumed)."""
        return self.settings.calendar != "cn" or _cn_workday(day) is not None

    def is_workday(self, day: date) -> bool:
        if day in self.off:
            return False
        if day in self.work:
            return True
        if day in self.settings.extra_holidays:
            return False
        if day in self.settings.extra_workdays:
            return True
        official = _cn_workday(day) if self.settings.calendar == "cn" else None
        return official if official is not None else day.weekday() < 5

    def holiday_name(self, day: date) -> str:
        """The public holiday `day` belongs to, in Chinese, or '' if none is known."""
        if self.settings.calendar != "cn" or not self.covers(day):
            return ""
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        return HOLIDAY_NAMES.get(name, name or "") if on_holiday and name else ""

    def workdays(self, start: date, end: date) -> Iterator[date]:
        """Working days from `start` to `end`, both included."""
        day = start
        while day <= end:
            if self.is_workday(day):
                yield day
            day += timedelta(days=1)

    def add_office_hours(self, start: datetime, hours: float, opens: time, closes: time) -> datetime:
        """The moment `hours` of office time after `start`: only the hours from `opens` to `closes`
        of working days count (a complaint received at 16:30, 8 hours, 08:30–17:30: 15:30 the next working day)."""
        left = timedelta(hours=hours)
        moment = start
        while True:
            day = moment.date()
            if self.is_workday(day):
                moment = max(moment, datetime.combine(day, opens))
                free = datetime.combine(day, closes) - moment
                if left <= free:
                    return moment + left
                left -= max(free, timedelta(0))
            moment = datetime.combine(day + timedelta(days=1), opens)

    def add_workdays(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`day` itself when count is 0)."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
