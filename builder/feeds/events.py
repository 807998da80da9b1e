"""What each calendar event shows, built the same way from today's data and from any past commit's.

An event is identified by what it is, never by where it sits in a list: a planned
visit by person, customer and day (and, only for true duplicates on one day, by
their order in time); a birthday by the customer and the key person's name; an
anniversary by its label; an expiry by its item. So a visit keeps its UID when
others around it move or are reordered.

`Shown` is an event as the feed shows it without DTSTAMP, SEQUENCE and
LAST-MODIFIED; its digest is what revisions.py follows through the history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, partial
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from icalendar import Alarm, Event

from builder.derive.duties import DutyDue
from builder.derive.planned import PlannedVisitEntry
from builder.fields import expiring_fields
from builder.kept import Kept, kept
from builder.labels import Words
from builder.schema import Customer, Invalid, Team, parse_date

R = TypeVar("R")


@dataclass(frozen=True)
class Promised:
    """What a customer's latest visits promised: the next visit, and a date (to pay, say) the ledger follows."""

    follow_up: date | None = None
    promise: date | None = None


@dataclass(frozen=True)
class Shown:
    uid: str
    person: str  # whose feed shows it
    start: date  # the first day: for a yearly event, the day it first happened
    event: Event
    yearly: bool = False

    @cached_property
    def ical(self) -> bytes:
        data: bytes = self.event.to_ical()
        return data

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.ical).hexdigest()

    @property
    def times(self) -> tuple[datetime, datetime] | None:
        start, end = self.event.decoded("dtstart"), self.event.decoded("dtend")
        return (start, end) if isinstance(start, datetime) and isinstance(end, datetime) else None


def no_year(birthday: date | None) -> date | None:
    """A birthday as a yearly event that does not tell the year of birth (pages show month and day only)."""
    return birthday.replace(year=2000) if birthday else None  # a leap year, so 29 February stays


def token(text: str) -> str:
    """A short, stable ASCII stand-in for a name in a UID."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def numbered(bases: Iterable[str]) -> list[str]:
    """The UIDs for `bases` in order: a second, third … equal base gets -2, -3 …"""
    seen: dict[str, int] = {}
    found = []
    for base in bases:
        n = seen[base] = seen.get(base, 0) + 1
        found.append(base if n == 1 else f"{base}-{n}")
    return found


def visit_uids(entries: Iterable[PlannedVisitEntry], domain: str) -> list[str]:
    """A visit is person + day + customer; visits sorted by start, so same-day duplicates count in time."""
    return [
        f"{uid}@{domain}" for uid in numbered(f"visit-{p.person}-{p.day:%Y%m%d}-{p.visit.customer}" for p in entries)
    ]


def _text(value: str) -> str:
    """A free text as shown: without the blank line a YAML block scalar (|) leaves at its end."""
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def remind(event: Event, text: str, before: timedelta) -> None:
    """A display alarm `before` the event starts."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -before)
    event.add_component(alarm)


class EventFactory:
    """Makes the events; with `kept`, an event whose inputs are unchanged since the last build
    is the same `Shown` (serialised once)."""

    def __init__(self, team: Team, site_url: str, domain: str, kept: Kept[Any] | None = None) -> None:
        self.team, self.site_url, self.domain, self.kept = team, site_url, domain, kept
        self.words = Words(team)
        self.zone = ZoneInfo(team.timezone)

    def _kept(self, key: Hashable, inputs: tuple[object, ...], make: Callable[[], R]) -> R:
        made: R = kept(self.kept, key, (self.team, self.site_url, self.domain, *inputs), make)
        return made

    def url(self, path: str) -> str:
        return self.site_url + path if self.site_url else ""

    def visits(
        self, entries: Iterable[PlannedVisitEntry], customers: Mapping[str, Customer], names: Mapping[str, str]
    ) -> Iterator[Shown]:
        ordered = sorted(entries, key=lambda p: (p.person, p.start, p.visit.customer))
        for planned, uid in zip(ordered, visit_uids(ordered, self.domain), strict=True):
            customer, who = customers.get(planned.visit.customer), names.get(planned.person)
            yield self._kept(
                uid,
                (planned, customer, who),
                lambda: Shown(uid, planned.person, planned.day, self.visit_event(planned, customer, who)),  # noqa: B023
            )
            for joiner in planned.visit.with_:  # a joint visit: in the calendar of each person who joins it too
                joint = uid.replace("@", f"-with-{joiner}@", 1)
                made = partial(self._joint, joint, joiner, planned, customer, who)
                yield self._kept(joint, (planned, customer, who, joiner), made)

    def _joint(
        self, uid: str, joiner: str, planned: PlannedVisitEntry, customer: Customer | None, who: str | None
    ) -> Shown:
        event = self.visit_event(planned, customer, who)
        name = customer.name if customer else planned.visit.customer
        event.pop("summary")
        event.add("summary", f"协同{self.words('visit')} {name}（{who or planned.person}）")
        return Shown(uid, joiner, planned.day, event)

    def visit_event(self, planned: PlannedVisitEntry, customer: Customer | None, who: str | None) -> Event:
        name = customer.name if customer else planned.visit.customer
        words = self.words
        method = words(planned.method)
        event = Event()
        event.add("summary", f"{words('visit')} {name}（{method}）")
        event.add("dtstart", planned.start.replace(tzinfo=self.zone))
        event.add("dtend", planned.end.replace(tzinfo=self.zone))
        location = _text(planned.visit.location or (customer.address if customer else ""))
        if location:
            event.add("location", location)
        lines = [f"{words('manager')}：{who or planned.person}"]
        if planned.route:
            lines.append(f"{words('visit')}线路：{_text(planned.route)}")
        category = planned.visit.category or ("key" if customer and customer.key else "ordinary")
        lines.append(f"类别：{words(category)}{words('customer')}")
        if planned.visit.purpose:
            lines.append(f"{words('purpose')}：{_text(planned.visit.purpose)}")
        if planned.visit.strategy:
            lines.append(f"{words('strategy')}：{_text(planned.visit.strategy)}")
        for person in customer.key_persons if customer else []:
            phone = f" {person.phone}" if person.phone else ""
            lines.append(f"关键人物：{person.name}（{person.position}）{phone}")
        if self.url(""):
            lines.append(f"{words('customer')}页面：{self.url(f'customers/{planned.visit.customer}/')}")
        event.add("description", "\n".join(lines))
        classes = {c.id: c.label for c in self.team.classes}
        event.add(
            "categories",
            [classes.get(customer.class_, customer.class_) if customer else words("customer"), words(category)],
        )
        if self.url(""):
            event.add("url", self.url(f"customers/{planned.visit.customer}/"))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        minutes = self.team.feeds.alarm_minutes
        if minutes is not None:
            remind(event, f"{planned.start:%H:%M} {words('visit')} {name}", timedelta(minutes=minutes))
        return event

    def all_day(self, day: date, summary: str, description: str, customer: str | None) -> Event:
        event = Event()
        event.add("summary", summary)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("description", description)
        if self.url("") and customer is not None:
            event.add("url", self.url(f"customers/{customer}/"))
        event.add("transp", "TRANSPARENT")
        return event

    def duty(self, due: DutyDue) -> Shown:
        """A recurring duty not yet done, on the day it is due, in its person's reminders."""
        said = f"{due.duty.label}：{due.due.month}月{due.due.day}日截止，做完在当天日志的 duties 中写 {due.duty.id}。"
        event = self.all_day(due.due, f"截止：{due.duty.label}", said, None)
        if self.url(""):
            event.add("url", self.url(f"people/{due.person}/"))
        return Shown(f"duty-{due.person}-{due.duty.id}-{due.start:%Y%m%d}@{self.domain}", due.person, due.due, event)

    def reminders(self, owner: str, c: Customer, promised: Promised, since: date) -> list[Shown]:
        """A customer's follow-up and promise, yearly birthdays and anniversaries, and expiries from `since` on."""
        return self._kept(
            ("reminders", c.id), (owner, c, promised, since), lambda: list(self._reminders(owner, c, promised, since))
        )

    def _reminders(self, owner: str, c: Customer, promised: Promised, since: date) -> Iterator[Shown]:
        words = self.words
        follow_up, promise = promised.follow_up, promised.promise
        if follow_up and follow_up >= since:
            said = f"{words('visit')}时约定的跟进日期，{words('visit')}记录见{words('customer')}页面。"
            event = self.all_day(follow_up, f"跟进 {c.name}", said, c.id)
            yield Shown(f"follow-up-{c.id}-{follow_up:%Y%m%d}@{self.domain}", owner, follow_up, event)
        label = next((s.label for s in self.team.visit_fields if s.promise), "")
        if promise and promise >= since and label:
            said = f"{words('visit')}时{c.name}承诺的{label}；到期仍未办的，{words('ledger')}上列为承诺逾期。"
            event = self.all_day(promise, f"{label}：{c.name}", said, c.id)
            yield Shown(f"promise-{c.id}-{promise:%Y%m%d}@{self.domain}", owner, promise, event)
        yield from self._yearly(owner, c)
        yield from self._expiries(owner, c, since)

    def _yearly(self, owner: str, c: Customer) -> Iterator[Shown]:
        """Birthdays (the customer's and its key persons') and anniversaries, every year."""
        yearly = [(f"birthday-{c.id}", no_year(c.birthday), f"生日：{c.name}")] if c.birthday else []
        people = [k for k in c.key_persons if k.birthday]
        for uid, k in zip(numbered(f"birthday-{c.id}-{token(k.name)}" for k in people), people, strict=True):
            yearly.append((uid, no_year(k.birthday), f"生日：{k.name}（{c.name}{k.position}）"))
        dated = sorted(c.anniversaries, key=lambda a: (a.label, a.date))
        for uid, a in zip(numbered(f"anniversary-{c.id}-{token(a.label)}" for a in dated), dated, strict=True):
            yearly.append((uid, a.date, f"{a.label}：{c.name}"))
        for uid, day, summary in yearly:
            assert day is not None
            event = self.all_day(day, summary, "每年提醒，记得问候。", c.id)
            if (day.month, day.day) == (2, 29):
                event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
            else:
                event.add("rrule", {"freq": "yearly"})
            yield Shown(f"{uid}@{self.domain}", owner, day, event, yearly=True)

    def _expiries(self, owner: str, c: Customer, since: date) -> Iterator[Shown]:
        """What runs out from `since` on: the customer's products, and the team's own dated fields (a licence)."""
        notice = self.team.rules.expiry_notice_days
        expiries = sorted(c.expiries, key=lambda e: (e.item, e.date))
        for uid, expiry in zip(numbered(f"expiry-{c.id}-{token(e.item)}" for e in expiries), expiries, strict=True):
            if expiry.date < since:
                continue
            money = self.words("money")
            amount = f"，金额 {expiry.amount:g} {money}" if expiry.amount is not None else ""
            event = self.all_day(
                expiry.date, f"到期：{expiry.item}（{c.name}）", f"{expiry.item}到期{amount}，请提前联系续作。", c.id
            )
            remind(event, f"{notice} 天后到期：{expiry.item}（{c.name}）", timedelta(days=notice))
            yield Shown(f"{uid}@{self.domain}", owner, expiry.date, event)
        for spec in expiring_fields(self.team):
            try:
                day = parse_date(c.fields[spec.id]) if spec.id in c.fields else None
            except Invalid:
                day = None  # a version in the history that the check refused
            if day is None or day < since:
                continue
            event = self.all_day(day, f"到期：{spec.label}（{c.name}）", f"{spec.label}到期，请提前提醒办理。", c.id)
            remind(event, f"{notice} 天后到期：{spec.label}（{c.name}）", timedelta(days=notice))
            yield Shown(f"expiry-{c.id}-field-{spec.id}@{self.domain}", owner, day, event)
