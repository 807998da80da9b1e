"""A deterministic generator of demo teams: the shipped demo and larger ones for benchmarks.

The same options always produce the same files, byte for byte.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from builder.demo import phrases as P
from builder.schema import WEEKDAYS, Workdays
from builder.workdays import WorkCalendar

VISIT_SLOTS = ["09:00", "10:30", "14:00", "15:30", "16:40"]
CLASS_WEIGHTS = {"A": 0.1, "B": 0.2, "C": 0.7}
VISIT_EVERY = {"A": 30, "B": 60, "C": 90}


@dataclass(frozen=True)
class DemoOptions:
    people: int = 8
    customers: int = 120
    months: int = 3
    end: date = date(2026, 11, 20)
    seed: int = 7


@dataclass
class _Manager:
    id: str
    name: str
    territory: str
    performance: float
    supervisor: tuple[str, str] = P.SUPERVISOR  # (name, id)
    customers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _State:
    """What the simulated team remembers from day to day."""

    last_visit: dict[str, date] = field(default_factory=dict)
    follow_up: dict[str, date] = field(default_factory=dict)
    attention: dict[str, float] = field(default_factory=dict)


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "150", "158", "186", "189", "135"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def _id_number(rng: random.Random, birthday: date) -> str:
    body = "330106" + birthday.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _person_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    while True:
        surname, s_pinyin = rng.choice(P.SURNAMES)
        given, g_pinyin = rng.choice(P.GIVEN_NAMES)
        ident = s_pinyin + g_pinyin
        suffix = 2
        while ident in taken:
            ident, suffix = f"{s_pinyin}{g_pinyin}{suffix}", suffix + 1
        taken.add(ident)
        return surname + given, ident


GROUP_ABOVE, GROUP_SIZE = 12, 10
NAME_TRIES = 200


def _people(rng: random.Random, count: int) -> list[_Manager]:
    taken = {P.SUPERVISOR[1], *(pinyin for _, pinyin in P.MANAGERS)}
    managers = []
    for i in range(count):
        name, ident = P.MANAGERS[i] if i < len(P.MANAGERS) else _person_name(rng, taken)
        territory = P.TERRITORIES[i % len(P.TERRITORIES)]
        managers.append(_Manager(ident, name, territory, round(rng.uniform(0.7, 1.2), 2)))
    if count > GROUP_ABOVE:  # a big team has one supervisor per GROUP_SIZE managers
        heads = [P.SUPERVISOR] + [_person_name(rng, taken) for _ in range(1, -(-count // GROUP_SIZE))]
        for i, manager in enumerate(managers):
            manager.supervisor = heads[i // GROUP_SIZE]
    return managers


def _customer(rng: random.Random, ident: str, manager: _Manager, end: date, names: set[str]) -> dict[str, Any]:
    klass = rng.choices(list(CLASS_WEIGHTS), weights=list(CLASS_WEIGHTS.values()))[0]
    street = rng.choice(P.STREETS[manager.territory])
    company = rng.random() < 0.4
    for _ in range(NAME_TRIES):
        if company:
            trade, suffix = rng.choice(P.COMPANY_TRADES)
            name = f"{rng.choice(P.COMPANY_PREFIXES)}{trade}{suffix}"
        else:
            surname = rng.choice(P.SURNAMES)[0]
            name = surname + rng.choice(P.GIVEN_NAMES)[0]
        if name not in names:
            break
    n = 2
    while name in names:  # a big demo runs out of names: number them, as a register would
        name, n = f"{name.rstrip('0123456789')}{n}", n + 1
    names.add(name)
    since = end - timedelta(days=rng.randrange(60, 3000))
    customer: dict[str, Any] = {
        "id": ident,
        "name": name,
        "class": klass,
        "type": rng.choices(["converted", "prospect", "influencer"], weights=[7, 2, 1])[0],
    }
    if klass == "A" or (klass == "B" and rng.random() < 0.3):
        customer["key"] = True
    if rng.random() < 0.15:
        customer["credit"] = True
    if rng.random() < 0.12:
        customer["area"] = "rural"
    customer["territory"] = manager.territory
    customer["address"] = f"{street}{rng.randrange(1, 300)}号"
    if company:
        customer["key_persons"] = [
            {
                "name": rng.choice(P.SURNAMES)[0] + rng.choice(P.GIVEN_NAMES)[0],
                "position": position,
                "role": role,
                "phone": _phone(rng),
            }
            for position, role in rng.sample(P.KEY_PERSON_POSITIONS, rng.randint(1, 2))
        ]
        if rng.random() < 0.5:
            customer["loan_balance"] = rng.choice([80, 150, 260, 320, 450, 600, 1200])
    else:
        birthday = date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        customer["organisation"] = rng.choice(P.JOBS)
        customer["phone"] = _phone(rng)
        customer["id_number"] = _id_number(rng, birthday)
        customer["birthday"] = birthday
        customer["assets"] = round(rng.lognormvariate(4, 1))
        if klass != "C":
            customer["vip"] = rng.choice(P.VIP_LEVELS)
    if customer["type"] != "prospect":
        customer["since"] = since
        if rng.random() < 0.3:
            customer["anniversaries"] = [{"label": "开户纪念日", "date": since}]
    if rng.random() < 0.25:
        customer["expiries"] = [
            {
                "item": rng.choice(P.EXPIRY_ITEMS),
                "date": end + timedelta(days=rng.randrange(-20, 120)),
                "amount": rng.choice([20, 50, 100, 200, 500]),
            }
        ]
    if rng.random() < 0.2:
        customer["notes"] = rng.choice(["喜欢上午拜访", "只接受电话预约后上门", "家人在本行工作", "对利率敏感"])
    return customer


def _due_score(customer: dict[str, Any], day: date, state: _State, rng: random.Random) -> float:
    """How much a manager wants to see this customer: some are neglected, as in real life."""
    last = state.last_visit.get(customer["id"])
    overdue = (day - last).days / VISIT_EVERY[customer["class"]] if last else 1.5
    follow_up = state.follow_up.get(customer["id"])
    if follow_up and follow_up <= day + timedelta(days=3) and rng.random() < 0.6:
        overdue += 2
    return overdue * state.attention.get(customer["id"], 1.0) + rng.random() * 0.5


def _week_plan(
    rng: random.Random, manager: _Manager, year: int, week: int, calendar: WorkCalendar, state: _State, summary: bool
) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "week": f"{year}-W{week:02d}",
        "focus": {
            "market": rng.choice(P.FOCUS_MARKET),
            "brand": rng.choice(P.FOCUS_BRAND),
            "service": rng.choice(P.FOCUS_SERVICE),
        },
    }
    monday = date.fromisocalendar(year, week, 1)
    chosen: set[str] = set()
    for offset, name in enumerate(WEEKDAYS):
        day = monday + timedelta(days=offset)
        if not calendar.is_workday(day) or rng.random() < 0.3:
            continue
        candidates = sorted(
            (c for c in manager.customers if c["id"] not in chosen and state.attention.get(c["id"], 1.0)),
            key=lambda c: -_due_score(c, day, state, rng),
        )
        picks = candidates[: rng.choice([1, 2, 2, 3, 3])]
        chosen.update(c["id"] for c in picks)
        slots = sorted(rng.sample(VISIT_SLOTS, len(picks)))
        visits = []
        for slot, customer in zip(slots, picks, strict=False):
            visit: dict[str, Any] = {"time": slot, "customer": customer["id"]}
            if rng.random() < 0.3:
                visit["duration"] = rng.choice([30, 45, 60])
            visit["method"] = rng.choices(["onsite", "phone", "proposal", "seminar"], weights=[7, 1, 1, 1])[0]
            company = bool(customer.get("key_persons"))
            visit["purpose"] = rng.choice(P.COMPANY_PURPOSES if company else P.PERSONAL_PURPOSES)
            visit["strategy"] = rng.choice(P.STRATEGIES)
            if rng.random() < 0.2:
                visit["location"] = rng.choice(P.MEETING_PLACES)
            visits.append(visit)
        streets = dict.fromkeys(_street(c["address"]) for c in sorted(picks, key=lambda c: c["id"]))
        plan[name] = {"route": "—".join(streets), "visits": visits}
    if summary:
        plan["summary"] = rng.choice(P.WEEK_SUMMARIES)
    return plan


def _street(address: str) -> str:
    match = re.match(r"^(.+?[路街巷道])", address)
    return match[1] if match else address


def _moment(day: date, minutes: int) -> str:
    hours, minute = divmod(minutes, 60)
    extra, hour = divmod(hours, 24)
    when = day + timedelta(days=extra)
    return f"{hour:02d}:{minute:02d}" if when == day else f"{when} {hour:02d}:{minute:02d}"


def _log(
    rng: random.Random,
    manager: _Manager,
    day: date,
    planned: list[dict[str, Any]],
    state: _State,
    targets: dict[str, float],
    workdays_in_month: int,
) -> dict[str, Any]:
    by_id = {c["id"]: c for c in manager.customers}
    done = [v for v in planned if rng.random() < 0.88]
    if rng.random() < 0.2:
        extra = rng.choice(manager.customers)
        if extra["id"] not in {v["customer"] for v in done}:
            done.append({"time": "16:40", "customer": extra["id"], "method": "onsite"})
    done.sort(key=lambda v: v["time"])
    log: dict[str, Any] = {"date": day}
    visits = []
    for planned_visit in done:
        customer = by_id[planned_visit["customer"]]
        company = bool(customer.get("key_persons"))
        visit: dict[str, Any] = {
            "time": planned_visit["time"],
            "customer": customer["id"],
            "method": planned_visit.get("method", "onsite"),
            "purpose": planned_visit.get("purpose")
            or rng.choice(P.COMPANY_PURPOSES if company else P.PERSONAL_PURPOSES),
        }
        if company:
            person = rng.choice(customer["key_persons"])
            visit["met"] = [{"name": person["name"], "position": person["position"]}]
        else:
            visit["met"] = [{"name": customer["name"], "position": "本人"}]
        visit["discussion"] = rng.choice(P.COMPANY_DISCUSSIONS if company else P.PERSONAL_DISCUSSIONS)
        visit["strategy_done"] = rng.random() < 0.85
        if rng.random() < 0.12:
            visit["anomalies"] = rng.choice(P.ANOMALIES)
        if rng.random() < 0.1:
            visit["suggestions"] = rng.choice(P.SUGGESTIONS)
        visit["effect"] = rng.choice(P.EFFECTS)
        if rng.random() < 0.45:
            visit["next_step"] = rng.choice(P.NEXT_STEPS)
            visit["next_visit"] = day + timedelta(days=rng.randrange(5, 25))
            state.follow_up[customer["id"]] = visit["next_visit"]
        else:
            state.follow_up.pop(customer["id"], None)
        state.last_visit[customer["id"]] = day
        visits.append(visit)
    if visits:
        log["visits"] = visits
    calls = []
    for minute in sorted(rng.sample(range(8 * 60 + 30, 17 * 60 + 30, 5), rng.randint(3, 8))):
        customer = rng.choice(manager.customers)
        call: dict[str, Any] = {
            "customer": customer["id"],
            "time": _moment(day, minute),
            "outcome": rng.choice(P.CALL_OUTCOMES),
        }
        if rng.random() < 0.12:
            meet = day + timedelta(days=rng.randint(1, 6))
            call["invitation"] = {
                "at": f"{meet} {rng.choice(['10:00', '14:30', '15:00'])}",
                "place": rng.choice(P.MEETING_PLACES),
            }
        calls.append(call)
    log["calls"] = calls
    effective = len(calls) + rng.randint(0, 3)
    log["funnel"] = {
        "effective_calls": {"plan": rng.choice([6, 8, 10]), "actual": effective},
        "needs_meetings": {"plan": rng.choice([2, 3]), "actual": rng.randint(0, 3)},
        "deal_meetings": {"plan": 1, "actual": rng.randint(0, 2)},
        "after_sales": {"plan": rng.choice([1, 2]), "actual": rng.randint(0, 2)},
    }
    figures = {}
    for metric, target in targets.items():
        mean = target * manager.performance / workdays_in_month
        value = max(0.0, rng.gauss(mean, mean * 0.8))
        value = round(value) if metric in ("cards", "mobile_banking") else round(value / 5) * 5
        if value:
            figures[metric] = value
    if figures:
        log["figures"] = figures
    if rng.random() < 0.04:
        customer = rng.choice(manager.customers)
        summary, handling = rng.choice(P.COMPLAINTS)
        start = rng.randrange(9 * 60, 16 * 60, 10)
        respond = start + rng.choice([20, 45, 90, 200, 420])
        complaint: dict[str, Any] = {
            "customer": customer["id"],
            "received": _moment(day, start),
            "responded": _moment(day, respond),
        }
        if rng.random() < 0.75:
            complaint["resolved"] = _moment(day, respond + rng.choice([60, 180, 400, 1500]))
        else:
            complaint["escalated"] = rng.random() < 0.5
        complaint["summary"] = summary
        complaint["handling"] = handling
        log["complaints"] = [complaint]
    if rng.random() < 0.15:
        problem, solution = rng.choice(P.PROBLEMS)
        log["problems"] = [{"problem": problem, "solution": solution}]
    if rng.random() < 0.25:
        log["reflections"] = rng.choice(P.REFLECTIONS)
    log["tomorrow"] = rng.choice(P.TOMORROW)
    return log


def _month_plan(rng: random.Random, manager: _Manager, year: int, month: int, summary: bool) -> dict[str, Any]:
    targets = {m: round(t * rng.uniform(0.9, 1.15) / 10) * 10 or 1 for m, t in P.BASE_TARGETS.items()}
    targets["cards"] = rng.randint(8, 16)
    targets["mobile_banking"] = rng.randint(20, 40)
    keys = [c for c in manager.customers if c.get("key")][:5]
    plan: dict[str, Any] = {
        "month": f"{year}-{month:02d}",
        "focus": rng.sample(P.MONTH_FOCUS, 3),
        "targets": targets,
        "last_year": {m: round(v * rng.uniform(0.75, 1.05)) for m, v in targets.items()},
        "visits": {"customers": rng.choice([30, 35, 40]), "key_customers": len(keys)},
        "key_customers": [
            {
                "customer": c["id"],
                "actions": rng.sample(["phone", "onsite", "seminar", "proposal"], 2),
                **({"resources": r} if (r := rng.choice(P.RESOURCES)) else {}),
            }
            for c in keys
        ],
    }
    if summary:
        plan["summary"] = "本月主要指标完成情况见团队月报。" + rng.choice(P.WEEK_SUMMARIES)
    return plan


def _months(end: date, count: int) -> list[tuple[int, int]]:
    index = end.year * 12 + end.month - 1
    return [divmod(i, 12) for i in range(index - count + 1, index + 1)]


def generate(options: DemoOptions) -> Iterator[tuple[str, Any]]:
    """(relative path, content) of every file of the demo team."""
    rng = random.Random(options.seed)
    calendar = WorkCalendar(Workdays())
    managers = _people(rng, options.people)
    width = max(3, len(str(options.customers)))
    names: set[str] = set()
    for n in range(options.customers):
        manager = managers[n % len(managers)]
        manager.customers.append(_customer(rng, f"c{n + 1:0{width}d}", manager, options.end, names))

    yield "team.yaml", _team(managers, rng)
    yield "people.yaml", _people_file(managers)
    for manager in managers:
        yield f"customers/{manager.id}.yaml", {"owner": manager.id, "customers": manager.customers}

    months = [(y, m + 1) for y, m in _months(options.end, options.months)]
    start = date(months[0][0], months[0][1], 1)
    for manager in managers:
        for year, month in months:
            summary = (year, month) < (options.end.year, options.end.month)
            yield f"plans/{manager.id}/{year}-{month:02d}.yaml", _month_plan(rng, manager, year, month, summary)

    state = _State()
    for manager in managers:
        for customer in manager.customers:
            neglected = customer["type"] == "prospect" and rng.random() < 0.5
            state.attention[customer["id"]] = 0.0 if neglected else rng.choice([0.3, 0.6, 1.0, 1.0, 1.2])
    targets = {(year, month): P.BASE_TARGETS for year, month in months}
    monday = start - timedelta(days=start.weekday())
    last_monday = options.end - timedelta(days=options.end.weekday()) + timedelta(days=7)
    while monday <= last_monday:
        year, week, _ = monday.isocalendar()
        plans = {}
        for manager in managers:
            done = monday + timedelta(days=6) < options.end
            plans[manager.id] = _week_plan(rng, manager, year, week, calendar, state, done)
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
                log = _log(rng, manager, day, planned, state, targets[(day.year, day.month)], in_month)
                review_day = calendar.add_workdays(monday + timedelta(days=6), 1)
                if review_day <= options.end and rng.random() < 0.96:
                    log["review"] = {"by": manager.supervisor[1], "date": review_day}
                    if rng.random() < 0.2:
                        log["review"]["comment"] = rng.choice(
                            [
                                "记录详细，继续保持。",
                                "下次拜访记得带上规划书。",
                                "注意跟进到期资金。",
                                "客户意见要及时反馈给网点。",
                            ]
                        )
                yield f"logs/{manager.id}/{day}.yaml", log
        monday += timedelta(days=7)


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def _team(managers: list[_Manager], rng: random.Random) -> dict[str, Any]:
    return {
        "name": P.TEAM_NAME,
        "organisation": P.ORGANISATION,
        "timezone": "Asia/Shanghai",
        "site_url": "https://portal.example.com/",
        "source_url": "https://github.com/example/portal-data/blob/main/{path}#L{line}",
        "metrics": [{"id": i, "label": label, "unit": unit, "aggregate": agg} for i, label, unit, agg in P.METRICS],
        "classes": [
            {"id": "A", "label": "A类客户", "visit_every_days": 30, "call_every_days": 7},
            {"id": "B", "label": "B类客户", "visit_every_days": 60, "call_every_days": 7},
            {"id": "C", "label": "C类客户", "visit_every_days": 90},
        ],
        "rules": {
            "credit_follow_up_days": 15,
            "large_loan_threshold": 300,
            "large_loan_visit_days": 30,
            "calls_per_day": 5,
            "customers_per_outing": 2,
            "visit_days_per_week": 3,
            "complaint_response_hours": 6,
            "complaint_resolve_hours": 8,
            "log_due_days": 1,
            "due_soon_days": 7,
            "expiry_notice_days": 30,
        },
        "sensitive": ["phone", "id_number", "loan_balance", "assets"],
        "feeds": {
            "alarm_minutes": 30,
            "refresh_hours": 6,
            "visit_minutes": 60,
            "secrets": {m.id: f"{rng.getrandbits(48):012x}" for m in managers[:2]},
        },
    }


def _people_file(managers: list[_Manager]) -> list[dict[str, Any]]:
    heads = list(dict.fromkeys(m.supervisor for m in managers)) or [P.SUPERVISOR]
    people = [
        {"id": ident, "name": name, "role": "supervisor", "territory": "城东支行", "email": f"{ident}@example.com"}
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


def _dumper() -> YAML:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def write_demo(out: Path, options: DemoOptions) -> int:
    yaml = _dumper()
    count = 0
    for relative, content in generate(options):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as stream:
            yaml.dump(content, stream)
        count += 1
    return count
