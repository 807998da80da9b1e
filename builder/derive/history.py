"""A customer's history: every visit, call and complaint, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from functools import partial
from typing import Any

from builder.derive.complaints import ComplaintCase
from builder.derive.records import CallMade, Records, VisitDone
from builder.kept import Kept, kept


@dataclass(frozen=True)
class HistoryEntry:
    day: date
    time: time | None
    kind: str  # visit, call, complaint
    person: str
    method: str
    text: str
    detail: str
    url: str
    said: tuple[tuple[str, str], ...] = ()  # a visit's other notes: (field, as written), in SAID's order


SAID = ("discussion", "anomalies", "suggestions", "next_step")  # what a manager reads before the next visit


def _history_entry(item: VisitDone | CallMade | ComplaintCase) -> HistoryEntry:
    if isinstance(item, VisitDone):
        v = item.visit
        said = tuple((name, text) for name in SAID if (text := getattr(v, name).strip()))
        return HistoryEntry(item.day, v.time, "visit", item.person, item.method, v.purpose, v.effect, item.url, said)
    if isinstance(item, CallMade):
        c = item.call
        return HistoryEntry(item.day, c.time, "call", item.person, "phone", c.outcome, "", item.url)
    k = item.complaint
    return HistoryEntry(
        item.day, item.received.time(), "complaint", item.person, item.state.value, k.summary, k.handling, item.url
    )


def _history(items: tuple[VisitDone | CallMade | ComplaintCase, ...]) -> tuple[HistoryEntry, ...]:
    """A customer's visits, calls and complaints, newest first."""
    entries = [_history_entry(i) for i in items]
    entries.sort(key=lambda e: (e.day, e.time or time()), reverse=True)
    return tuple(entries)


def customer_histories(records: Records, as_of: date, store: Kept[Any] | None) -> dict[str, tuple[HistoryEntry, ...]]:
    """Customer id -> every visit, call and complaint up to `as_of`, newest first; with `store`,
    a customer's is made again only when what it is made from changed."""
    found: dict[str, list[VisitDone | CallMade | ComplaintCase]] = {}
    for v in records.visits:
        if v.day <= as_of and v.done:
            found.setdefault(v.visit.customer, []).append(v)
    for c in records.calls:
        if c.day <= as_of:
            found.setdefault(c.call.customer, []).append(c)
    for k in records.complaints:
        if k.day <= as_of and k.complaint.customer is not None:
            found.setdefault(k.complaint.customer, []).append(k)
    histories = {}
    for customer, items in found.items():
        made_from = tuple(items)
        histories[customer] = kept(store, ("history", customer), made_from, partial(_history, made_from))
    return histories
