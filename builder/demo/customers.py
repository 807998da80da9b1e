"""The demo team's people and customers: names from the pack, fields from the profile."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from builder.demo import names
from builder.demo.pack import Ctx, Pack
from builder.schema import FieldSpec, FieldType, Team

CLASS_WEIGHTS = (0.1, 0.2, 0.7)  # A ~10% of customers, B ~20%, C ~70%
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
NUMERALS = "一二三四五六七八九十"


@dataclass
class Manager:
    id: str
    name: str
    territory: str
    performance: float
    levels: dict[str, float] = field(default_factory=dict)  # running balances of the level metrics
    customers: list[dict[str, Any]] = field(default_factory=list)
    routes: list[dict[str, Any]] = field(default_factory=list)
    supervisor: tuple[str, str] = ("", "")  # (name, id)


GROUP_ABOVE, GROUP_SIZE = 12, 10


def people(rng: random.Random, pack: Pack, count: int) -> list[Manager]:
    taken = {pack.supervisor[1], *(pinyin for _, pinyin in pack.managers)}
    managers = []
    for i in range(count):
        name, ident = pack.managers[i] if i < len(pack.managers) else names.manager(rng, taken)
        territory = pack.territories[i % len(pack.territories)]
        levels = {m: float(level.start + level.step * i) for m, level in pack.levels.items()}
        managers.append(Manager(ident, name, territory, round(rng.uniform(0.7, 1.2), 2), levels))
    heads = [pack.supervisor]
    if count > GROUP_ABOVE:  # a big team has one supervisor per GROUP_SIZE managers
        heads += [names.manager(rng, taken) for _ in range(1, -(-count // GROUP_SIZE))]
    for i, manager in enumerate(managers):
        manager.supervisor = heads[i // GROUP_SIZE if count > GROUP_ABOVE else 0]
    return managers


def routes(rng: random.Random, pack: Pack, manager: Manager) -> list[dict[str, Any]]:
    """4–6 routes (线路) over the working week; a short week gives one route two days."""
    count = rng.randint(4, 6)
    streets = pack.streets[manager.territory]
    found: list[dict[str, Any]] = []
    for i in range(count):
        found.append({"id": f"r{i + 1}", "label": f"{streets[i % len(streets)]}{NUMERALS[i]}线", "days": []})
    for i, day in enumerate(WORKDAYS):
        found[i % count]["days"].append(day)
    for extra in found[len(WORKDAYS) :]:
        extra["days"].append(rng.choice(WORKDAYS))
    for route in found:
        route["days"].sort(key=WORKDAYS.index)
    return found


def _phone(rng: random.Random) -> str:
    return rng.choice(["138", "139", "137", "150", "158", "186", "189", "135"]) + "".join(
        rng.choice("0123456789") for _ in range(8)
    )


def _id_number(rng: random.Random, birthday: date) -> str:
    body = "330106" + birthday.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def customer(
    rng: random.Random, pack: Pack, team: Team, ident: str, manager: Manager, end: date, unique: names.Unique
) -> dict[str, Any]:
    classes = [c.id for c in team.classes]
    klass = rng.choices(classes, weights=pack.class_weights or _class_weights(len(classes)))[0]
    street = rng.choice(pack.streets[manager.territory])
    kind = rng.choices(pack.kinds, weights=[k.weight for k in pack.kinds])[0]
    name = unique(lambda: kind.name(rng), kind.id)
    since = end - timedelta(days=rng.randrange(60, 3000))
    found: dict[str, Any] = {"id": ident, "name": name, "class": klass}
    types = [t for t in kind.types if t in {t.id for t in team.customer_types}]
    if types:
        found["type"] = rng.choices(types, weights=[kind.types[t] for t in types])[0]
    if klass == classes[0] or (klass == classes[1] and rng.random() < 0.3):
        found["key"] = True
    ctx = Ctx(klass, kind, manager.territory, name, end, found, since)
    specs = {s.id: s for s in team.customer_fields}
    _fields(rng, pack, ctx, [specs[f] for f in pack.early_fields if f in specs])
    rng.random()  # kept so that the same seed still draws the shipped bank team
    found["territory"] = manager.territory
    if manager.routes:
        route = rng.choice(manager.routes)
        found["route"] = route["id"]
        street = route["label"][:-2]
    found["address"] = pack.address(rng, ctx) if pack.address else f"{street}{rng.randrange(1, 300)}号"
    if kind.organisation:
        found["key_persons"] = [
            {"name": names.person(rng), "position": position, "role": role, "phone": _phone(rng)}
            for position, role in rng.sample(kind.positions, min(len(kind.positions), rng.randint(*kind.persons)))
        ]
    else:
        birthday = date(rng.randint(1950, 1995), rng.randint(1, 12), rng.randint(1, 28))
        found["organisation"] = rng.choice(pack.jobs)
        found["phone"] = _phone(rng)
        found["id_number"] = _id_number(rng, birthday)
        found["birthday"] = birthday
    _fields(rng, pack, ctx, [specs[f] for f in kind.fields if f in specs])
    claimed = {*pack.early_fields, *(f for k in pack.kinds for f in k.fields)}
    _fields(rng, pack, ctx, [s for s in team.customer_fields if s.id not in claimed])
    if found.get("type") != "prospect":
        found["since"] = since
        if rng.random() < 0.3:
            found["anniversaries"] = [{"label": pack.anniversary, "date": since}]
    if pack.expiry_items and rng.random() < pack.expiry_share:
        found["expiries"] = [
            {
                "item": rng.choice(pack.expiry_items),
                "date": end + timedelta(days=rng.randrange(-20, 120)),
                "amount": rng.choice(pack.expiry_amounts),
            }
        ]
    if pack.notes and rng.random() < 0.2:
        found["notes"] = rng.choice(pack.notes)
    return found


def _class_weights(count: int) -> list[float]:
    return list(CLASS_WEIGHTS) if count == len(CLASS_WEIGHTS) else [1.0] * count


def _fields(rng: random.Random, pack: Pack, ctx: Ctx, specs: list[FieldSpec]) -> None:
    for spec in specs:
        value = ctx.kind.fixed.get(spec.id)
        if value is None:
            maker = pack.makers.get(spec.id)
            value = maker(rng, ctx) if maker else field_value(rng, spec, ctx.end)
        if value is not None:
            ctx.customer[spec.id] = value


def field_value(rng: random.Random, spec: FieldSpec, end: date) -> Any:
    """A plausible value of a declared field from its type alone (packs refine the ones that matter)."""
    if spec.type is FieldType.CHOICE:
        return weighted(rng, spec.choices)
    if spec.type is FieldType.FLAG:
        return True if rng.random() < 0.2 else None
    if spec.type is FieldType.DATE:
        return end + timedelta(days=rng.randrange(-45, 720) if spec.expires else -rng.randrange(30, 3000))
    if spec.type is FieldType.NUMBER:
        low = spec.min if spec.min is not None else 0
        high = spec.max if spec.max is not None else low + 100
        return rng.randint(int(low), int(high))
    return None  # free text needs the pack's words


def weighted(rng: random.Random, choices: list[Any]) -> Any:
    """One of `choices`, the first most common: weights n, n-1, … 1."""
    return rng.choices(choices, weights=range(len(choices), 0, -1))[0]


def interval(team: Team, pack: Pack, found: dict[str, Any]) -> int:
    """Days between visits this customer should get: the strictest of the rules it falls under."""
    if pack.class_intervals:
        return pack.class_intervals.get(found["class"], 90)
    days = [
        rule.every_days or (7 / rule.per_week if rule.per_week else 30 / (rule.per_month or 1))
        for rule in team.visit_rules
        if all(_meets(found.get(name), condition) for name, condition in rule.when.items())
    ]
    return round(min(days)) if days else 90


def _meets(value: Any, condition: Any) -> bool:
    if value is None:
        return False
    if isinstance(condition, list):
        return any(_meets(value, c) for c in condition)
    if hasattr(condition, "model_dump"):
        bounds = condition.model_dump()
        return (
            isinstance(value, (int, float))
            and (bounds["min"] is None or value >= bounds["min"])
            and (bounds["max"] is None or value <= bounds["max"])
            and (bounds["above"] is None or value > bounds["above"])
            and (bounds["below"] is None or value < bounds["below"])
        )
    return bool(value == condition) if isinstance(condition, bool) else str(value) == str(condition)
