"""Stage 6, render feeds: iCalendar feeds of planned visits and of reminders, written with icalendar.

Per manager a visits feed and a reminders feed, and for the supervisors the
visits of their group (their direct reports); a team with one group has one team
feed. Visits stay `feeds.past_days` after their day (the site keeps the history),
and no feed exceeds what calendar apps keep (MAX_EVENTS, MAX_BYTES): past visits
go first. Events are built from the published (masked) data (events.py); UIDs say
what an event is; SEQUENCE and LAST-MODIFIED follow what each event showed
through the git history (history.py, revisions.py). A visit removed from a plan
is simply absent from the next feed: subscribed calendars (METHOD:PUBLISH)
replace the whole calendar on every refresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from icalendar import Calendar, vDuration, vText

from builder.derive import Derived
from builder.derive.duties import DutyState
from builder.feeds.addresses import FeedKey
from builder.feeds.events import EventFactory, Promised, Shown
from builder.feeds.history import data_history, name_in
from builder.feeds.revisions import Replay, Revision, revisions
from builder.feeds.timezones import vtimezone
from builder.kept import Kept, kept
from builder.labels import Words
from builder.load import Kind, kind_of
from builder.model import Dataset
from builder.schema import Invalid, Person, Role, Team, parse_week

PRODUCT = "-//account-manager-portal//客户经理团队门户//ZH"
MAX_EVENTS = 1000  # Google Calendar stops reading a subscribed feed well before this
MAX_BYTES = 500_000
BEGIN, END = b"BEGIN:VEVENT\r\n", b"END:VCALENDAR\r\n"


@dataclass(frozen=True)
class Feed:
    path: str  # under the site root
    name: str
    kind: str  # "team", "group", "visits" or "reminders"
    person: str | None  # the manager of a visits or reminders feed, the supervisor of a group feed
    content: bytes
    events: int = 0
    members: tuple[str, ...] = ()  # whose visits a team or group feed holds


@dataclass(frozen=True)
class Entry:
    day: date
    uid: str
    body: bytes  # BEGIN:VEVENT … END:VEVENT
    times: tuple[datetime, datetime] | None  # of a timed event
    yearly: bool = False  # never left out: it comes again every year


@dataclass(frozen=True)
class FeedPlan:
    owner: str  # whose address it is: "team", a supervisor's or a manager's id
    file: str
    name: str
    kind: str
    person: str | None
    members: tuple[str, ...]


def _fold(line: bytes) -> bytes:
    """A content line folded at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    parts, limit = [], 75
    while len(line) > limit:
        cut = limit
        while cut and (line[cut] & 0xC0) == 0x80:  # a continuation byte: cut before its character
            cut -= 1
        parts.append(line[:cut])
        line, limit = b" " + line[cut:], 75
    return b"\r\n".join([*parts, line]) + b"\r\n"


def planned_feeds(team: Team, people: Sequence[Person]) -> list[FeedPlan]:
    """Every feed the team has: its group feeds (one team feed for one group), then each person's two
    (a supervisor's: the visits they join and their duties)."""
    managers = [p for p in people if p.role is not Role.SUPERVISOR]
    names = {p.id: p.name for p in people}
    words = Words(team)
    visit = words("visit")
    groups: dict[str | None, list[str]] = {}
    for manager in managers:
        groups.setdefault(manager.supervisor, []).append(manager.id)
    plans = []
    if len(groups) <= 1:
        members = tuple(m.id for m in managers)
        plans.append(FeedPlan("team", "team.ics", f"{team.name} · 全部{visit}计划", "team", None, members))
    else:
        for head, ids in sorted(groups.items(), key=lambda g: (g[0] is None, g[0] or "")):
            if head is None:
                name = f"{team.name} · 未分组{words('manager')}的{visit}计划"
                plans.append(FeedPlan("team", "team.ics", name, "group", None, tuple(ids)))
            else:
                name = f"{names.get(head, head)}组 · {visit}计划"
                plans.append(FeedPlan(head, f"group-{head}.ics", name, "group", head, tuple(ids)))
    for m in managers:
        plans.append(FeedPlan(m.id, f"{m.id}.ics", f"{m.name}的{visit}计划", "visits", m.id, (m.id,)))
        reminders = f"{m.name}的{words('customer')}提醒"
        plans.append(FeedPlan(m.id, f"{m.id}-reminders.ics", reminders, "reminders", m.id, (m.id,)))
    for s in (p for p in people if p.role is Role.SUPERVISOR):
        plans.append(FeedPlan(s.id, f"{s.id}.ics", f"{s.name}的协同{visit}", "visits", s.id, (s.id,)))
        plans.append(FeedPlan(s.id, f"{s.id}-reminders.ics", f"{s.name}的例行事项", "reminders", s.id, (s.id,)))
    return plans


def _descriptions(plan: FeedPlan, names: dict[str, str], words: Words) -> str:
    customer = words("customer")
    if plan.kind == "reminders":
        return f"跟进日期、{customer}承诺的日期、{customer}生日和纪念日、合同和产品到期、例行事项"
    if plan.kind == "visits":
        who = names.get(plan.person or "", plan.person)
        return f"{who}周计划中的{customer}{words('visit')}，和{who}一同去的协同{words('visit')}"
    return "、".join(names.get(m, m) for m in plan.members) + f"的计划{words('visit')}"


def _followed(kind: Kind | None, stem: str, since: date) -> bool:
    """Whether the feeds show what a file of this kind and name holds: the team, people,
    customers, and the week plans of weeks that end on `since` or later."""
    if kind in (Kind.TEAM, Kind.PEOPLE, Kind.CUSTOMERS):
        return True
    if kind is not Kind.WEEK_PLAN:
        return False
    try:
        year, week = parse_week(stem)
    except Invalid:
        return False
    return date.fromisocalendar(year, week, 7) >= since


def _wanted(since: date) -> Callable[[str], bool]:
    return lambda name: _followed(kind_of(Path(name)), Path(name).stem, since)


class FeedWriter:
    def __init__(self, team: Team, as_of: date) -> None:
        self.team, self.as_of = team, as_of
        self.domain = urlsplit(self.site_url(team)).hostname or "portal.invalid"
        self.stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC)
        self.since = as_of - timedelta(days=team.feeds.past_days)

    @staticmethod
    def site_url(team: Team) -> str:
        return team.site_url.rstrip("/") + "/" if team.site_url else ""

    def factory(self, team: Team, store: Kept[Any] | None = None) -> EventFactory:
        return EventFactory(team, self.site_url(team), self.domain, store)

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
        cal.add("x-published-ttl", vDuration(hours).to_ical().decode())  # type: ignore[no-untyped-call]  # Outlook's refresh hint
        return cal

    def stamped(self, shown: Shown, revision: Revision | None) -> Entry:
        """The event as the feed holds it: UID, DTSTAMP, LAST-MODIFIED and SEQUENCE, then what it shows."""
        revision = revision or Revision(0, self.stamp)
        lines = [
            "UID:" + vText(shown.uid).to_ical().decode(),
            f"DTSTAMP:{max(self.stamp, revision.modified):%Y%m%dT%H%M%SZ}",
            f"LAST-MODIFIED:{revision.modified:%Y%m%dT%H%M%SZ}",
            f"SEQUENCE:{revision.sequence}",
        ]
        head = b"".join(_fold(line.encode()) for line in lines)
        return Entry(shown.start, shown.uid, BEGIN + head + shown.ical[len(BEGIN) :], shown.times, shown.yearly)

    def render(self, name: str, description: str, entries: Sequence[Entry]) -> bytes:
        """The calendar around the events, each serialised once (as Calendar.to_ical would)."""
        cal = self.calendar(name, description)
        timed = [t for e in entries if e.times for t in e.times]
        if timed:
            cal.add_component(vtimezone(self.team.timezone, min(timed), max(timed)))
        wrapper: bytes = cal.to_ical()
        return wrapper[: -len(END)] + b"".join(e.body for e in entries) + END

    def fit(self, name: str, description: str, entries: Iterable[Entry]) -> tuple[bytes, int]:
        """The feed, its oldest past events left out until it is within MAX_EVENTS and MAX_BYTES.

        Only events that are over go: never a yearly one, nor one from the as-of day on."""
        ordered = sorted(entries, key=lambda e: (e.day, e.uid))
        size = len(self.render(name, description, ordered))
        past = [e for e in ordered if e.day < self.as_of and not e.yearly]
        drop = 0
        while drop < len(past) and (len(ordered) - drop > MAX_EVENTS or size > MAX_BYTES):
            size -= len(past[drop].body)
            drop += 1
        left_out = {e.uid for e in past[:drop]}
        kept = [e for e in ordered if e.uid not in left_out]
        return self.render(name, description, kept), len(kept)


def feeds(ds: Dataset, derived: Derived, data: Path, key: FeedKey, store: Kept[Any] | None = None) -> list[Feed]:
    """Every feed of the site, at its address under `key`, built from the published dataset;
    `data` is the folder in git. `store` keeps events between builds (portal serve)."""
    team = ds.team
    assert team is not None
    writer = FeedWriter(team, derived.as_of)
    factory = writer.factory(team, store)
    customers = {c: v.customer for c, v in derived.customers.items()}
    names = {p.id: p.name for p in derived.people.values()}
    planned = [p for p in derived.records.planned if p.day >= writer.since]
    shown = list(factory.visits(planned, customers, names))
    due = {c: p.due for c, p in derived.ledger.promised().items()} if derived.ledger else {}
    promised = {c: Promised(v.follow_up, due.get(c)) for c, v in derived.customers.items()}
    for view in derived.customers.values():
        shown += factory.reminders(view.owner, view.customer, promised[view.id], writer.since)
    shown += [factory.duty(d) for d in derived.duties if d.state is DutyState.OPEN and d.due >= writer.since]
    wanted = _wanted(writer.since)
    documents = {name_in(data, d.path): d for d in ds.documents if _followed(d.kind, d.path.stem, writer.since)}
    now = {name: d.path.read_bytes() for name, d in sorted(documents.items())}
    history = data_history(data, wanted, writer.stamp, now)
    replay = Replay(data, writer.factory, derived.as_of, documents, now)
    revised = revisions(history, replay, {s.uid for s in shown}, promised, writer.since)
    latest = history[-1].time if history else writer.stamp
    stamped: dict[str, tuple[Shown, Entry]] = {}
    for s in shown:
        revision = revised.get(s.uid)
        if revision is not None and revision.digest not in (None, s.digest):  # not seen as it is now: count it as new
            revision = Revision(revision.sequence + 1, max(revision.modified, latest), s.digest)
        entry = kept(store, ("stamped", s.uid), (s, revision, writer.stamp), partial(writer.stamped, s, revision))
        stamped[s.uid] = (s, entry)
    by_person: dict[tuple[str, bool], list[Entry]] = {}  # (person, is a reminder) -> events
    for s, e in stamped.values():
        by_person.setdefault((s.person, not s.uid.startswith("visit-")), []).append(e)
    found = []
    for plan in planned_feeds(team, ds.people):
        reminders = plan.kind == "reminders"
        events = [e for person in dict.fromkeys(plan.members) for e in by_person.get((person, reminders), [])]
        description = _descriptions(plan, names, derived.words)
        content, count = writer.fit(plan.name, description, events)
        found.append(
            Feed(key.path(plan.owner, plan.file), plan.name, plan.kind, plan.person, content, count, plan.members)
        )
    return found
