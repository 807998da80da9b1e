"""Stage 6, render feeds: iCalendar feeds of planned visits and of reminders, written with icalendar.

Per person a visits feed and a reminders feed, and one visits feed for the team.
Events are built from the published (masked) data. UIDs say what a visit is
(person, ISO week, customer, and which visit to that customer in that week), so
moving or editing a visit updates the same event; SEQUENCE and LAST-MODIFIED come
from the plan's history in git (see history.py). A visit removed from a plan is
simply absent from the next feed: subscribed calendars (METHOD:PUBLISH) replace
the whole calendar on every refresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, vDuration
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from builder.derive import Derived
from builder.feeds.history import Version
from builder.labels import label
from builder.model import Dataset
from builder.schema import WeekPlan, parse_week

PRODUCT = "-//account-manager-portal//客户经理团队门户//ZH"
HISTORY_DAYS = 180  # how far back visits stay in the feeds


@dataclass(frozen=True)
class Feed:
    path: str  # under the site root
    name: str
    kind: str  # "team", "visits" or "reminders"
    person: str | None
    secret: bool
    content: bytes


@dataclass(frozen=True)
class VisitKey:
    uid: str
    day: date
    digest: str


def visit_uid(person: str, day: date, customer: str, n: int, domain: str) -> str:
    """What a planned visit is: the n-th visit of `person` to `customer` in the ISO week of `day`."""
    year, week, _ = day.isocalendar()
    return f"visit-{person}-{year}W{week:02d}-{customer}-{n}@{domain}"


def visit_keys(person: str, plan: WeekPlan, domain: str) -> list[VisitKey]:
    """Every planned visit of a week plan with its UID and a digest of what the feed shows of it."""
    year, week = parse_week(plan.week)
    monday = date.fromisocalendar(year, week, 1)
    visits = sorted(
        ((weekday, v, day.route) for weekday, day in plan.days() for v in day.visits),
        key=lambda p: (p[0], p[1].time),
    )
    seen: dict[str, int] = {}
    keys = []
    for weekday, visit, route in visits:
        n = seen[visit.customer] = seen.get(visit.customer, 0) + 1
        day = monday + timedelta(days=weekday)
        digest = hashlib.sha256(f"{day}|{route}|{visit.model_dump_json()}".encode()).hexdigest()[:16]
        keys.append(VisitKey(visit_uid(person, day, visit.customer, n, domain), day, digest))
    return keys


@dataclass(frozen=True)
class Revision:
    sequence: int
    modified: datetime


def revisions(person: str, versions: list[Version], domain: str) -> dict[str, Revision]:
    """UID -> how often the visit's content changed, and when it last did."""
    yaml = YAML(typ="safe")
    history: dict[str, tuple[str, int, datetime]] = {}
    for version in versions:
        try:
            plan = WeekPlan.model_validate(yaml.load(version.text))
        except (YAMLError, ValueError, TypeError):
            continue  # a broken version in the history changes nothing
        for key in visit_keys(person, plan, domain):
            before = history.get(key.uid)
            if before is None:
                history[key.uid] = (key.digest, 0, version.time)
            elif before[0] != key.digest:
                history[key.uid] = (key.digest, before[1] + 1, version.time)
    return {uid: Revision(sequence, when) for uid, (_, sequence, when) in history.items()}


def _remind(event: Event, text: str, before: timedelta) -> None:
    """A display alarm `before` the event starts."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", -before)
    event.add_component(alarm)


class FeedWriter:
    def __init__(self, ds: Dataset, derived: Derived, versions: dict[Path, list[Version]]) -> None:
        assert ds.team is not None
        self.ds, self.derived, self.team = ds, derived, ds.team
        self.zone = ZoneInfo(self.team.timezone)
        self.site_url = self.team.site_url.rstrip("/") + "/" if self.team.site_url else ""
        self.domain = urlsplit(self.site_url).hostname or "portal.invalid"
        self.stamp = datetime(derived.as_of.year, derived.as_of.month, derived.as_of.day, tzinfo=UTC)
        self.revisions: dict[str, Revision] = {}
        for record in ds.week_plans:
            self.revisions.update(revisions(record.person, versions.get(record.doc.path, []), self.domain))

    def calendar(self, name: str, description: str) -> Calendar:
        cal = Calendar()
        cal.add("prodid", PRODUCT)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
        cal.add("x-wr-timezone", self.team.timezone)
        hours = timedelta(hours=self.team.feeds.refresh_hours)
        cal.add("refresh-interval", hours, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(hours).to_ical().decode())  # Outlook's refresh hint
        return cal

    def url(self, path: str) -> str:
        return self.site_url + path if self.site_url else ""

    def visit_events(self, person: str | None) -> Iterator[Event]:
        since = self.derived.as_of - timedelta(days=HISTORY_DAYS)
        counts: dict[tuple[str, int, int, str], int] = {}
        for planned in self.derived.records.planned:  # in order of start, as visit_keys numbers them
            year, week, _ = planned.day.isocalendar()
            key = (planned.person, year, week, planned.visit.customer)
            n = counts[key] = counts.get(key, 0) + 1
            if person in (None, planned.person) and planned.day >= since:
                yield self.visit_event(
                    planned, visit_uid(planned.person, planned.day, planned.visit.customer, n, self.domain)
                )

    def visit_event(self, planned: Any, uid: str) -> Event:
        view = self.derived.customers.get(planned.visit.customer)
        customer = view.customer if view else None
        name = customer.name if customer else planned.visit.customer
        who = self.derived.people.get(planned.person)
        method = label(planned.visit.method)
        event = Event()
        event.add("uid", uid)
        revision = self.revisions.get(uid, Revision(0, self.stamp))
        event.add("dtstamp", max(self.stamp, revision.modified))
        event.add("last-modified", revision.modified)
        event.add("sequence", revision.sequence)
        event.add("summary", f"拜访 {name}（{method}）")
        event.add("dtstart", planned.start.replace(tzinfo=self.zone))
        event.add("dtend", planned.end.replace(tzinfo=self.zone))
        location = planned.visit.location or (customer.address if customer else "")
        if location:
            event.add("location", location)
        lines = [f"客户经理：{who.name if who else planned.person}"]
        if planned.route:
            lines.append(f"拜访线路：{planned.route}")
        category = planned.visit.category or ("key" if customer and customer.key else "ordinary")
        lines.append(f"客户类别：{label(category)}客户")
        if planned.visit.purpose:
            lines.append(f"拜访目的：{planned.visit.purpose}")
        if planned.visit.strategy:
            lines.append(f"服务策略：{planned.visit.strategy}")
        if view and view.follow_up:
            lines.append(f"约定跟进：{view.follow_up.isoformat()}")
        for person in customer.key_persons if customer else []:
            phone = f" {person.phone}" if person.phone else ""
            lines.append(f"关键人物：{person.name}（{person.position}）{phone}")
        if self.url(""):
            lines.append(f"客户页面：{self.url(f'customers/{planned.visit.customer}/')}")
        event.add("description", "\n".join(lines))
        classes = {c.id: c.label for c in self.team.classes}
        event.add(
            "categories",
            [classes.get(customer.class_, customer.class_) if customer else "客户", f"{label(category)}客户"],
        )
        if self.url(""):
            event.add("url", self.url(f"customers/{planned.visit.customer}/"))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        minutes = self.team.feeds.alarm_minutes
        if minutes is not None:
            _remind(event, f"{planned.start:%H:%M} 拜访 {name}", timedelta(minutes=minutes))
        return event

    def all_day(self, uid: str, day: date, summary: str, description: str, customer: str) -> Event:
        event = Event()
        event.add("uid", f"{uid}@{self.domain}")
        event.add("dtstamp", self.stamp)
        event.add("summary", summary)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("description", description)
        if self.url(""):
            event.add("url", self.url(f"customers/{customer}/"))
        event.add("transp", "TRANSPARENT")
        return event

    def reminder_events(self, person: str) -> Iterator[Event]:
        since = self.derived.as_of - timedelta(days=HISTORY_DAYS)
        notice = self.team.rules.expiry_notice_days
        for view in self.derived.customers.values():
            if view.owner != person:
                continue
            c = view.customer
            if view.follow_up and view.follow_up >= since:
                yield self.all_day(
                    f"follow-up-{c.id}-{view.follow_up.isoformat()}",
                    view.follow_up,
                    f"跟进 {c.name}",
                    f"上次拜访 {view.last_visit} 时约定的跟进日期。",
                    c.id,
                )
            dates = [(f"birthday-{c.id}", _no_year(c.birthday), f"生日：{c.name}")] if c.birthday else []
            dates += [
                (f"birthday-{c.id}-{i}", _no_year(k.birthday), f"生日：{k.name}（{c.name}{k.position}）")
                for i, k in enumerate(c.key_persons)
                if k.birthday
            ]
            dates += [
                (f"anniversary-{c.id}-{i}", a.date, f"{a.label}：{c.name}") for i, a in enumerate(c.anniversaries)
            ]
            for uid, day, summary in dates:
                event = self.all_day(uid, day, summary, "每年提醒，记得问候。", c.id)
                if (day.month, day.day) == (2, 29):
                    event.add("rrule", {"freq": "yearly", "bymonth": 2, "bymonthday": -1})
                else:
                    event.add("rrule", {"freq": "yearly"})
                yield event
            for i, expiry in enumerate(c.expiries):
                if expiry.date < since:
                    continue
                amount = f"，金额 {expiry.amount:g} 万元" if expiry.amount is not None else ""
                event = self.all_day(
                    f"expiry-{c.id}-{i}-{expiry.date.isoformat()}",
                    expiry.date,
                    f"到期：{expiry.item}（{c.name}）",
                    f"{expiry.item}到期{amount}，请提前联系续作。",
                    c.id,
                )
                _remind(event, f"{notice} 天后到期：{expiry.item}（{c.name}）", timedelta(days=notice))
                yield event

    def render(self, name: str, description: str, events: Iterable[Event]) -> bytes:
        cal = self.calendar(name, description)
        for event in sorted(events, key=lambda e: (e.decoded("dtstart").isoformat(), str(e["uid"]))):
            cal.add_component(event)
        cal.add_missing_timezones()
        return cal.to_ical()


def _no_year(birthday: date) -> date:
    """A birthday as a yearly event that does not tell the year of birth (pages show month and day only)."""
    return birthday.replace(year=2000)  # a leap year, so 29 February stays


def feed_path(team_secrets: dict[str, str], owner: str, file: str) -> tuple[str, bool]:
    secret = team_secrets.get(owner)
    return (f"feeds/{secret}/{file}" if secret else f"feeds/{file}"), bool(secret)


def feeds(ds: Dataset, derived: Derived, versions: dict[Path, list[Version]]) -> list[Feed]:
    """Every feed of the site, built from the published dataset."""
    assert ds.team is not None
    writer = FeedWriter(ds, derived, versions)
    secrets = ds.team.feeds.secrets
    team_name = ds.team.name
    path, secret = feed_path(secrets, "team", "team.ics")
    found = [
        Feed(
            path,
            f"{team_name} · 全部拜访计划",
            "team",
            None,
            secret,
            writer.render(f"{team_name} · 全部拜访计划", "团队所有客户经理的计划拜访", writer.visit_events(None)),
        )
    ]
    for person in derived.managers:
        path, secret = feed_path(secrets, person.id, f"{person.id}.ics")
        name = f"{person.name}的拜访计划"
        found.append(
            Feed(
                path,
                name,
                "visits",
                person.id,
                secret,
                writer.render(name, f"{person.name}周计划中的客户拜访", writer.visit_events(person.id)),
            )
        )
        path, secret = feed_path(secrets, person.id, f"{person.id}-reminders.ics")
        name = f"{person.name}的客户提醒"
        found.append(
            Feed(
                path,
                name,
                "reminders",
                person.id,
                secret,
                writer.render(name, "跟进日期、客户生日和纪念日、合同和产品到期", writer.reminder_events(person.id)),
            )
        )
    return found
