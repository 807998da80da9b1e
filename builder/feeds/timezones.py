"""VTIMEZONE components that hold only the rules the feed's own events need.

icalendar's `add_missing_timezones()` writes every transition since 1970, and writes
the onset of daylight time at the local time after the change (China's 1986-91
summer time at 03:00 instead of 02:00). A feed only needs the offsets in force
between its first and last timed event, so we list those transitions from
zoneinfo ourselves, each DTSTART in the local time before the change (RFC 5545
3.6.5: DTSTART is local time as given by TZOFFSETFROM).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard


def _offset(zone: ZoneInfo, moment: datetime) -> timedelta:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The UTC moments in [start, end] at which the zone's offset changes, to the minute."""
    found = []
    day = start.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    while day <= end:
        after = day + timedelta(days=1)
        if _offset(zone, day) != _offset(zone, after):
            low, high = day, after  # offset(low) differs from offset(high): halve to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    break
                if _offset(zone, middle) == _offset(zone, low):
                    low = middle
                else:
                    high = middle
            found.append(high)
        day = after
    return found


def _part(
    zone: ZoneInfo, at: datetime, before: timedelta, daylight_or_not: bool
) -> TimezoneDaylight | TimezoneStandard:
    part: TimezoneDaylight | TimezoneStandard = TimezoneDaylight() if daylight_or_not else TimezoneStandard()
    after = _offset(zone, at)
    local = (at + before).replace(tzinfo=None)  # local time as the clocks showed it before the change
    part.add("dtstart", local)
    part.add("tzname", at.astimezone(zone).tzname() or "")
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    return part


def vtimezone(name: str, start: datetime, end: datetime) -> Timezone:
    """The zone `name` as a VTIMEZONE valid from `start` to `end` (aware datetimes)."""
    zone = ZoneInfo(name)
    tz = Timezone()
    tz.add("tzid", name)
    local = start.astimezone(zone) - timedelta(days=1)
    first = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)
    offset = _offset(zone, first)
    dst = first.astimezone(zone).dst()
    tz.add_component(_part(zone, first, offset, bool(dst)))  # the offset in force when the feed begins
    for at in transitions(zone, first, end.astimezone(UTC) + timedelta(days=1)):
        dst = at.astimezone(zone).dst()
        tz.add_component(_part(zone, at, _offset(zone, at - timedelta(minutes=1)), bool(dst)))
    return tz
