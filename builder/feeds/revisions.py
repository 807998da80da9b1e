"""SEQUENCE and LAST-MODIFIED of every event, from the history of what the event showed.

We replay the data history (history.py) commit by commit, keeping the team
settings, people, customer files and the week plans the feeds show, each
validated and masked as the build does. After each commit the events whose
inputs changed are built again with the same EventFactory as the feed; when an
event's content (everything but DTSTAMP, SEQUENCE and LAST-MODIFIED) differs from
before, its SEQUENCE goes up by one and LAST-MODIFIED becomes that commit's time.
So renaming a customer, changing an address, a key person or the alarm setting
raises the SEQUENCE of the events that show it, and nothing else does. A version
of a file that does not validate changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from builder.derive.records import collect
from builder.feeds.events import EventFactory, Promised, Shown
from builder.feeds.history import Commit
from builder.load import Document, Kind, kind_of, parse
from builder.model import Dataset, WeekPlanRecord
from builder.problems import errors
from builder.publish import Masker
from builder.schema import Customer, Team, parse_week
from builder.validate import with_profile
from builder.validate_schema import validate_document


@dataclass(frozen=True)
class Revision:
    sequence: int
    modified: datetime
    digest: str | None = None  # what the event showed then (None: taken as what it shows now)


@dataclass(frozen=True)
class _Seen:
    digest: str
    sequence: int
    modified: datetime


def _validated(document: Document) -> tuple[Any, Document] | None:
    if document.data is None:
        return None
    if document.kind is Kind.TEAM:
        merged, problems = with_profile(document)  # a team file is read over its profile, as the build reads it
        if merged is None or problems:
            return None
        document = merged
    value, doc, found = validate_document(document)
    return None if value is None or errors(found) else (value, doc)


class Replay:
    """The state of the data at one commit, as far as the feeds show it."""

    def __init__(
        self,
        data: Path,
        factory: Callable[[Team], EventFactory],
        as_of: date,
        documents: Mapping[str, Document],
        now: Mapping[str, bytes],
    ) -> None:
        """`documents` are the files as the build read them, `now` their content, both by name."""
        self.data, self.make_factory, self.as_of, self.now = data, factory, as_of, now
        self.current = {name: d for name, d in documents.items() if d.data is not None}
        self.parsed: dict[bytes, Document] = {}
        self.team: Team | None = None
        self.names: dict[str, str] = {}
        self.raw: dict[str, tuple[Any, Document]] = {}  # customer files and week plans, validated
        self.files: dict[str, Any] = {}  # the same, masked as the site shows them

    def apply(self, changed: Mapping[str, bytes | None]) -> tuple[bool, set[str], set[str]]:
        """Take in one commit: (whether everything may look different, changed plan files, changed customers)."""
        before = self.customers()
        everything = False
        for name, raw in sorted(changed.items()):
            found = None if raw is None else _validated(self.document(name, raw))
            if raw is not None and found is None:
                continue  # a broken version changes nothing
            value = found[0] if found else None
            kind = kind_of(Path(name))
            if kind is Kind.TEAM:
                everything |= value != self.team
                self.team = value
                self.files = {n: self._mask(v) for n, (v, _) in self.raw.items()}
            elif kind is Kind.PEOPLE:
                names = {p.id: p.name for p in value or []}
                everything |= names != self.names
                self.names = names
            elif found is None:
                self.raw.pop(name, None)
                self.files.pop(name, None)
            else:
                self.raw[name] = found
                self.files[name] = self._mask(found[0])
        after = self.customers()
        customers = {c for c in before.keys() | after.keys() if before.get(c) != after.get(c)}
        plans = {n for n in changed if kind_of(Path(n)) is Kind.WEEK_PLAN}
        return everything, plans, customers

    def document(self, name: str, raw: bytes) -> Document:
        """The file read as the build reads it; a version that is the file as it is now is not read again."""
        current = self.current.get(name)
        if current is not None and self.now.get(name) == raw:
            return current
        key = name.encode() + b"\0" + raw
        if key not in self.parsed:
            kind = kind_of(Path(name))
            assert kind is not None  # history.py reads only the files the feeds show
            self.parsed[key] = parse(self.data / name, kind, raw)[0]
        return self.parsed[key]

    def _mask(self, value: Any) -> Any:
        return Masker(self.team.sensitive).value(value) if self.team and self.team.sensitive else value

    def customers(self) -> dict[str, tuple[Customer, str]]:
        found: dict[str, tuple[Customer, str]] = {}
        for name, value in sorted(self.files.items()):
            if kind_of(Path(name)) is Kind.CUSTOMERS:
                for customer in value.customers:
                    found.setdefault(customer.id, (customer, value.owner))
        return found

    def events(
        self, plans: set[str] | None, customers: set[str] | None, promised: Mapping[str, Promised], since: date
    ) -> Iterator[Shown]:
        """The events of the given plan files and customers (all of them for None)."""
        if self.team is None:
            return
        factory = self.make_factory(self.team)
        known = self.customers()
        shown = {c: v[0] for c, v in known.items()}
        records = []
        for name, value in sorted(self.files.items()):
            if kind_of(Path(name)) is not Kind.WEEK_PLAN:
                continue
            uses = {v.customer for _, day in value.days() for v in day.visits}
            if plans is None or customers is None or name in plans or uses & customers:
                doc = self.raw[name][1]
                records.append(WeekPlanRecord(Path(name).parent.name, *parse_week(value.week), value, doc))
        if records:
            dataset = Dataset("", self.team, None, (), None, (), (), tuple(records), (), (), frozenset())
            yield from factory.visits(collect(dataset, self.as_of).planned, shown, self.names)
        for customer_id, (customer, owner) in sorted(known.items()):
            if customers is None or customer_id in customers:
                yield from factory.reminders(owner, customer, promised.get(customer_id, Promised()), since)


def revisions(
    history: list[Commit],
    replay: Replay,
    wanted: set[str],
    promised: Mapping[str, Promised],
    since: date,
) -> dict[str, Revision]:
    """UID -> how often the `wanted` event's content changed in the history, and when it last did."""
    if len(history) == 1:  # one version of the data (outside git, or one commit): every event is new in it
        return {uid: Revision(0, history[0].time) for uid in wanted}
    seen: dict[str, _Seen] = {}
    for commit in history:
        everything, plans, customers = replay.apply(commit.changed)
        if not (everything or plans or customers):
            continue
        scope: tuple[set[str] | None, set[str] | None] = (None, None) if everything else (plans, customers)
        for shown in replay.events(*scope, promised, since):
            if shown.uid not in wanted:
                continue
            digest = shown.digest
            before = seen.get(shown.uid)
            if before is None:
                seen[shown.uid] = _Seen(digest, 0, commit.time)
            elif before.digest != digest:
                seen[shown.uid] = replace(before, digest=digest, sequence=before.sequence + 1, modified=commit.time)
    return {uid: Revision(s.sequence, s.modified, s.digest) for uid, s in seen.items()}
