"""A deterministic generator of demo teams, one for each team profile: the shipped demo
(a bank branch) and others for trying the portal out and for benchmarks.

The same options always produce the same files, byte for byte. What exists (metrics,
fields, methods, complaint steps, funnel) comes from the profile; what it is called and
how much of it there is comes from the profile's phrase pack (packs/<profile>.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from builder import profiles
from builder.demo import customers as C
from builder.demo import names
from builder.demo.duties import DutyDays
from builder.demo.emit import Emitter
from builder.demo.logs import daily_log
from builder.demo.pack import Pack, load
from builder.demo.plans import State, month_plan, week_plan
from builder.schema import WEEKDAYS, Role, Team, Workdays
from builder.workdays import WorkCalendar

# A manager's customers are one file, which must stay well within the loader's limits
# (builder/load/limits.py: 8 MB, 200,000 nodes); a customer of the widest profile counts ~50 nodes.
MAX_CUSTOMERS_PER_PERSON = 3_000


@dataclass(frozen=True)
class DemoOptions:
    people: int = 8
    customers: int | None = None  # None: the pack's usual number
    months: int = 3
    end: date = date(2026, 11, 20)
    seed: int = 7
    profile: str = "bank"


def team_settings(profile: str) -> Team:
    """The profile as the demo's team.yaml (which names only the profile) makes it."""
    settings = profiles.profile(profile)
    if settings is None:
        raise ValueError(f"no profile {profile!r}; profiles: {', '.join(profiles.names())}")
    return Team.model_validate({**settings, "profile": profile, "name": "demo"})


def generate(options: DemoOptions) -> Iterator[tuple[str, Any]]:
    """(relative path, content) of every file of the demo team."""
    team, pack = team_settings(options.profile), load(options.profile)
    count = options.customers or pack.customers
    if count > options.people * MAX_CUSTOMERS_PER_PERSON:
        raise ValueError(f"{count} customers need at least {-(-count // MAX_CUSTOMERS_PER_PERSON)} people")
    rng = random.Random(options.seed)
    calendar = WorkCalendar(Workdays())
    managers = _managers(rng, pack, team, options, count)

    yield "team.yaml", _team(options.profile, pack, managers, rng)
    yield "people.yaml", _people_file(pack, managers)
    yield from _customer_files(managers)

    months = [(y, m + 1) for y, m in _months(options.end, options.months)]
    start = date(months[0][0], months[0][1], 1)
    yield from _month_plans(rng, team, pack, managers, months, options.end)

    state = _state(rng, team, pack, managers)
    duty_days = DutyDays(team, random.Random(f"{options.seed}/duties"), calendar)  # apart: the rest stays as it was
    heads = list(dict.fromkeys(m.supervisor[1] for m in managers)) or [pack.supervisor[1]]
    yield from _weeks(_Demo(options, pack, rng, calendar, managers, state, duty_days, heads), start)


def _managers(rng: random.Random, pack: Pack, team: Team, options: DemoOptions, count: int) -> list[C.Manager]:
    """The managers, each with their routes and their share of the `count` customers."""
    managers = C.people(rng, pack, options.people)
    if pack.routes:
        for manager in managers:
            manager.routes = C.routes(rng, pack, manager)
    width = max(3, len(str(count)))
    unique = names.Unique()
    for n in range(count):
        manager = managers[n % len(managers)]
        manager.customers.append(C.customer(rng, pack, team, f"c{n + 1:0{width}d}", manager, options.end, unique))
    return managers


def _customer_files(managers: list[C.Manager]) -> Iterator[tuple[str, Any]]:
    for manager in managers:
        content: dict[str, Any] = {"owner": manager.id}
        if manager.routes:
            content["routes"] = manager.routes
        content["customers"] = manager.customers
        yield f"customers/{manager.id}.yaml", content


def _month_plans(
    rng: random.Random, team: Team, pack: Pack, managers: list[C.Manager], months: list[tuple[int, int]], end: date
) -> Iterator[tuple[str, Any]]:
    """Each manager's plan of each month; the months before `end`'s with their summary."""
    for manager in managers:
        for year, month in months:
            summary = (year, month) < (end.year, end.month)
            plan = month_plan(rng, team, pack, manager, year, month, summary)
            yield f"plans/{manager.id}/{year}-{month:02d}.yaml", plan


def _state(rng: random.Random, team: Team, pack: Pack, managers: list[C.Manager]) -> State:
    """How much attention each customer gets (some prospects none), and the customers by id."""
    state = State(team, pack)
    for manager in managers:
        for customer in manager.customers:
            neglected = customer.get("type") == "prospect" and rng.random() < 0.5
            state.attention[customer["id"]] = 0.0 if neglected else rng.choice([0.3, 0.6, 1.0, 1.0, 1.2])
            state.by_id[customer["id"]] = customer
    return state


@dataclass(frozen=True)
class _Demo:
    """The demo team whose weeks are being generated, and what generating them draws on."""

    options: DemoOptions
    pack: Pack
    rng: random.Random
    calendar: WorkCalendar
    managers: list[C.Manager]
    state: State
    duty_days: DutyDays
    heads: list[str]


def _weeks(demo: _Demo, start: date) -> Iterator[tuple[str, Any]]:
    """Week by week from the one of `start`: each manager's week plan, then the logs of its workdays."""
    monday = start - timedelta(days=start.weekday())
    last_monday = demo.options.end - timedelta(days=demo.options.end.weekday()) + timedelta(days=7)
    while monday <= last_monday:
        year, week, _ = monday.isocalendar()
        plans = {}
        for manager in demo.managers:
            done = monday + timedelta(days=6) < demo.options.end
            plans[manager.id] = week_plan(demo.rng, manager, year, week, demo.calendar, demo.state, done)
            yield f"plans/{manager.id}/{year}-W{week:02d}.yaml", plans[manager.id]
        for offset, name in enumerate(WEEKDAYS):
            day = monday + timedelta(days=offset)
            if day < start or day > demo.options.end or not demo.calendar.is_workday(day):
                continue
            yield from _day_logs(demo, monday, day, name, plans)
        monday += timedelta(days=7)


def _day_logs(
    demo: _Demo, monday: date, day: date, name: str, plans: dict[str, dict[str, Any]]
) -> Iterator[tuple[str, Any]]:
    """The logs of one workday: the managers' (but those on leave), and a supervisor's for a duty done."""
    in_month = sum(1 for _ in demo.calendar.workdays(day.replace(day=1), _month_end(day)))
    for manager in demo.managers:
        if demo.rng.random() < 0.03 or (day == demo.options.end and demo.rng.random() < 0.4):
            continue  # on leave, or not written yet
        planned = plans[manager.id].get(name, {}).get("visits", [])
        log = daily_log(demo.rng, manager, day, planned, demo.state, in_month)
        if duties := demo.duty_days.done_on(manager.id, Role.MANAGER, day):
            log["duties"] = duties
        review_day = demo.calendar.add_workdays(monday + timedelta(days=6), 1)
        if review_day <= demo.options.end and demo.rng.random() < 0.96:
            log["review"] = {"by": manager.supervisor[1], "date": review_day}
            if demo.rng.random() < 0.2:
                log["review"]["comment"] = demo.rng.choice(demo.pack.review_comments)
        yield f"logs/{manager.id}/{day}.yaml", log
    for head in demo.heads:  # a supervisor writes a log only for a duty done
        if (duties := demo.duty_days.done_on(head, Role.SUPERVISOR, day)) and day < demo.options.end:
            yield f"logs/{head}/{day}.yaml", {"date": day, "duties": duties}


def _months(end: date, count: int) -> list[tuple[int, int]]:
    index = end.year * 12 + end.month - 1
    return [divmod(i, 12) for i in range(index - count + 1, index + 1)]


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _team(profile: str, pack: Pack, managers: list[C.Manager], rng: random.Random) -> dict[str, Any]:
    for _ in managers[:2]:
        rng.getrandbits(48)  # once feed secrets; still drawn so that a seed keeps making the same team
    return {
        "profile": profile,
        "name": pack.team_name,
        "organisation": pack.organisation,
        "timezone": "Asia/Shanghai",
        "site_url": "https://portal.example.com/",
        "source_url": "https://github.com/example/portal-data/blob/main/{path}#L{line}",
        "feeds": {
            "alarm_minutes": 30,
            "refresh_hours": 6,
            "visit_minutes": pack.visit_minutes,
        },
    }


def _people_file(pack: Pack, managers: list[C.Manager]) -> list[dict[str, Any]]:
    heads = list(dict.fromkeys(m.supervisor for m in managers)) or [pack.supervisor]
    people = [
        {
            "id": ident,
            "name": name,
            "role": "supervisor",
            "territory": pack.supervisor_territory,
            "email": f"{ident}@example.com",
        }
        for name, ident in heads
    ]
    people += [
        {
            "id": m.id,
            "name": m.name,
            "role": "manager",
            "supervisor": m.supervisor[1],
            "territory": m.territory,
            "email": f"{m.id}@example.com",
        }
        for m in managers
    ]
    return people


def write_demo(out: Path, options: DemoOptions) -> int:
    emitter = Emitter()
    folders: set[Path] = set()
    count = 0
    for relative, content in generate(options):
        path = out / relative
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(emitter.dump(content).encode("utf-8"))
        count += 1
    return count
