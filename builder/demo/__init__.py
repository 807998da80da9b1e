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
    managers = C.people(rng, pack, options.people)
    if pack.routes:
        for manager in managers:
            manager.routes = C.routes(rng, pack, manager)
    width = max(3, len(str(count)))
    unique = names.Unique()
    for n in range(count):
        manager = managers[n % len(managers)]
        manager.customers.append(C.customer(rng, pack, team, f"c{n + 1:0{width}d}", manager, options.end, unique))

    yield "team.yaml", _team(options.profile, pack, managers, rng)
    yield "people.yaml", _people_file(pack, managers)
    for manager in managers:
        content: dict[str, Any] = {"owner": manager.id}
        if manager.routes:
            content["routes"] = manager.routes
        content["customers"] = manager.customers
        yield f"customers/{manager.id}.yaml", content

    months = [(y, m + 1) for y, m in _months(options.end, options.months)]
    start = date(months[0][0], months[0][1], 1)
    for manager in managers:
        for year, month in months:
            summary = (year, month) < (options.end.year, options.end.month)
            plan = month_plan(rng, team, pack, manager, year, month, summary)
            yield f"plans/{manager.id}/{year}-{month:02d}.yaml", plan

    state = State(team, pack)
    for manager in managers:
        for customer in manager.customers:
            neglected = customer.get("type") == "prospect" and rng.random() < 0.5
            state.attention[customer["id"]] = 0.0 if neglected else rng.choice([0.3, 0.6, 1.0, 1.0, 1.2])
            state.by_id[customer["id"]] = customer
    duty_days = DutyDays(team, random.Random(f"{options.seed}/duties"), calendar)  # apart: the rest stays as it was
    heads = list(dict.fromkeys(m.supervisor[1] for m in managers)) or [pack.supervisor[1]]
    monday = start - timedelta(days=start.weekday())
    last_monday = options.end - timedelta(days=options.end.weekday()) + timedelta(days=7)
    while monday <= last_monday:
        year, week, _ = monday.isocalendar()
        plans = {}
        for manager in managers:
            done = monday + timedelta(days=6) < options.end
            plans[manager.id] = week_plan(rng, manager, year, week, calendar, state, done)
            yield f"plans/{manager.id}/{year}-W{week:02d}.yaml", plans[manager.id]
        for offset, name in enumerate(WEEKDAYS):
            day = monday + timedelta(days=offset)
            if day < start or day > options.end or not calendar.is_workday(day):
                continue
            in_month = sum(1 for _ in calendar.workdays(day.replace(day=1), _month_end(day)))
            for manager in managers:
                if rng.random() < 0.03 or (day == options.end and rng.random() < 0.4):
                    continue  # on leave, or not written yet
                planned = plans[manager.id].get(name, {}).get("visits", [])
                log = daily_log(rng, manager, day, planned, state, in_month)
                if duties := duty_days.done_on(manager.id, Role.MANAGER, day):
                    log["duties"] = duties
                review_day = calendar.add_workdays(monday + timedelta(days=6), 1)
                if review_day <= options.end and rng.random() < 0.96:
                    log["review"] = {"by": manager.supervisor[1], "date": review_day}
                    if rng.random() < 0.2:
                        log["review"]["comment"] = rng.choice(pack.review_comments)
                yield f"logs/{manager.id}/{day}.yaml", log
            for head in heads:  # a supervisor writes a log only for a duty done
                if (duties := duty_days.done_on(head, Role.SUPERVISOR, day)) and day < options.end:
                    yield f"logs/{head}/{day}.yaml", {"date": day, "duties": duties}
        monday += timedelta(days=7)


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
