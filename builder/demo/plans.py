"""Weekly and monthly plans of the demo team, and what the simulated team remembers."""

from __future__ import annotations

import heapq
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from builder.demo.customers import Manager, interval
from builder.demo.pack import Pack
from builder.schema import WEEKDAYS, MetricKind, Team
from builder.workdays import WorkCalendar


@dataclass
class State:
    """What the simulated team remembers from day to day."""

    team: Team
    pack: Pack
    last_visit: dict[str, date] = field(default_factory=dict)
    follow_up: dict[str, date] = field(default_factory=dict)
    attention: dict[str, float] = field(default_factory=dict)
    intervals: dict[str, int] = field(default_factory=dict)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)  # every customer by id

    def interval(self, customer: dict[str, Any]) -> int:
        if customer["id"] not in self.intervals:
            self.intervals[customer["id"]] = interval(self.team, self.pack, customer)
        return self.intervals[customer["id"]]


def method(rng: random.Random, team: Team, pack: Pack) -> str:
    """A visit method: the first most common (登门拜访, 实地走访 …)."""
    weights = pack.method_weights or {m.id: 7 if i == 0 else 1 for i, m in enumerate(team.methods) if m.id != "other"}
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _most_due(
    rng: random.Random,
    customers: list[dict[str, Any]],
    chosen: set[str],
    day: date,
    state: State,
    count: Callable[[], int],
) -> list[dict[str, Any]]:
    """The `count()` customers a manager most wants to see, most due first: overdue ones and
    promised follow-ups, with some customers neglected, as in real life. (Each customer's
    score draws from `rng` in list order, and `count` draws after them.)"""
    soon = day + timedelta(days=3)
    last_visit, follow_up, attention, draw = state.last_visit, state.follow_up, state.attention, rng.random
    scored = []
    for index, customer in enumerate(customers):
        ident = customer["id"]
        weight = attention.get(ident, 1.0)
        if not weight or ident in chosen:
            continue
        last = last_visit.get(ident)
        overdue = (day - last).days / state.interval(customer) if last else 1.5
        promised = follow_up.get(ident)
        if promised and promised <= soon and draw() < 0.6:
            overdue += 2
        scored.append((-(overdue * weight + draw() * 0.5), index, customer))
    return [customer for *_, customer in heapq.nsmallest(count(), scored)]


def _planned(rng: random.Random, state: State, customer: dict[str, Any], slot: str) -> dict[str, Any]:
    pack = state.pack
    visit: dict[str, Any] = {"time": slot, "customer": customer["id"]}
    if not pack.routes and rng.random() < 0.3:
        visit["duration"] = rng.choice(pack.durations)
    visit["method"] = method(rng, state.team, pack)
    visit["purpose"] = rng.choice(pack.purposes(bool(customer.get("key_persons"))))
    visit["strategy"] = rng.choice(pack.strategies)
    if not pack.routes and rng.random() < 0.2:
        visit["location"] = rng.choice(pack.meeting_places)
    return visit


def week_plan(
    rng: random.Random,
    manager: Manager,
    year: int,
    week: int,
    calendar: WorkCalendar,
    state: State,
    summary: bool,
) -> dict[str, Any]:
    pack = state.pack
    plan: dict[str, Any] = {
        "week": f"{year}-W{week:02d}",
        "focus": {
            "market": rng.choice(pack.focus_market),
            "brand": rng.choice(pack.focus_brand),
            "service": rng.choice(pack.focus_service),
        },
    }
    monday = date.fromisocalendar(year, week, 1)
    chosen: set[str] = set()
    for offset, name in enumerate(WEEKDAYS):
        day = monday + timedelta(days=offset)
        if not calendar.is_workday(day) or rng.random() < (0.05 if pack.routes else 0.3):
            continue
        if pack.routes:
            if route_day := _route_day(rng, manager, name, day, chosen, state):
                plan[name] = route_day
            continue
        picks = _most_due(rng, manager.customers, chosen, day, state, lambda: rng.choice(pack.daily_visits))
        chosen.update(c["id"] for c in picks)
        slots = sorted(rng.sample(pack.visit_slots, len(picks)))
        visits = [_planned(rng, state, customer, slot) for slot, customer in zip(slots, picks, strict=False)]
        streets = dict.fromkeys(_street(c["address"]) for c in sorted(picks, key=lambda c: c["id"]))
        plan[name] = {"route": "—".join(streets), "visits": visits}
    if summary:
        plan["summary"] = rng.choice(pack.week_summaries)
    return plan


def _route_day(
    rng: random.Random, manager: Manager, name: str, day: date, chosen: set[str], state: State
) -> dict[str, Any] | None:
    """A day along the day's route: 6–10 retailers, one after another (None if none is due)."""
    today = [r for r in manager.routes if name in r["days"]]
    ids = {r["id"] for r in today}
    on_route = [c for c in manager.customers if c.get("route") in ids]
    picks = _most_due(rng, on_route, chosen, day, state, lambda: rng.randint(*state.pack.route_size))
    if not picks:
        return None
    chosen.update(c["id"] for c in picks)
    minute = 8 * 60 + 30 + rng.randrange(0, 20, 5)
    visits = []
    for customer in picks:
        visits.append(_planned(rng, state, customer, f"{minute // 60:02d}:{minute % 60:02d}"))
        minute += rng.choice(state.pack.route_steps)
        if 11 * 60 + 40 <= minute < 13 * 60 + 30:
            minute = 13 * 60 + 30 + rng.randrange(0, 20, 5)
    return {"route": "、".join(r["label"] for r in today), "visits": visits}


def _street(address: str) -> str:
    match = re.match(r"^(.+?[路街巷道])", address)
    return match[1] if match else address


def month_plan(
    rng: random.Random, team: Team, pack: Pack, manager: Manager, year: int, month: int, summary: bool
) -> dict[str, Any]:
    kinds = {m.id: m.kind for m in team.metrics}
    targets: dict[str, float] = {}
    for metric, base in pack.base_targets.items():
        if kinds.get(metric) is MetricKind.RATE:
            targets[metric] = base
        else:
            step = 1 if base < 30 else 10 if base < 10_000 else 1000
            targets[metric] = round(base * rng.uniform(0.9, 1.15) / step) * step or 1
    for metric, level in pack.levels.items():
        targets[metric] = round(manager.levels[metric] + targets.get(level.plus, 0) * 0.8)
    for metric, (low, high) in pack.count_targets.items():
        targets[metric] = rng.randint(low, high)
    keys = [c for c in manager.customers if c.get("key")][:5]
    actions = pack.key_actions or [m.id for m in team.methods if m.id != "other"]
    plan: dict[str, Any] = {
        "month": f"{year}-{month:02d}",
        "focus": rng.sample(pack.month_focus, 3),
        "targets": targets,
        "last_year": {m: round(v * rng.uniform(0.75, 1.05)) for m, v in targets.items()},
        "visits": {"customers": rng.choice(_visit_targets(pack, manager)), "key_customers": len(keys)},
        "key_customers": [
            {
                "customer": c["id"],
                "actions": rng.sample(actions, 2),
                **({"resources": r} if (r := rng.choice(pack.resources)) else {}),
            }
            for c in keys
        ],
    }
    if summary:
        plan["summary"] = pack.month_summary + rng.choice(pack.week_summaries)
    return plan


def _visit_targets(pack: Pack, manager: Manager) -> list[int]:
    if not pack.routes:
        return list(pack.visit_targets)
    count = len(manager.customers)
    return [max(1, round(count * share)) for share in (0.9, 1.0, 1.0)]
