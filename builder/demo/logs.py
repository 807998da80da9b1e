"""One manager's daily log in the demo: visits with the team's fields, calls, funnel, figures, complaints."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

from builder.demo.customers import Manager, weighted
from builder.demo.plans import State
from builder.schema import ComplaintStep, FieldType, Metric, MetricKind

FIRST_STEP = [20, 45, 90, 200, 420]  # minutes to the first complaint step, for a 6-hour limit
LATER_STEP = [60, 180, 400, 1500]  # minutes between later steps, for 2 hours between limits


MEAN_SIZE = 0.1 * 2.0 + 0.2 * 1.2 + 0.7 * 0.7  # the average customer's size, by the classes' shares
RARE = 0.3  # a count expected fewer times a day than this is drawn as happening or not


def moment(day: date, minutes: int) -> str:
    hours, minute = divmod(minutes, 60)
    extra, hour = divmod(hours, 24)
    when = day + timedelta(days=extra)
    return f"{hour:02d}:{minute:02d}" if when == day else f"{when} {hour:02d}:{minute:02d}"


def daily_log(
    rng: random.Random, manager: Manager, day: date, planned: list[dict[str, Any]], state: State, workdays: int
) -> dict[str, Any]:
    team, pack = state.team, state.pack
    done = [v for v in planned if rng.random() < 0.88]
    if rng.random() < 0.2 and manager.customers:
        extra = rng.choice(manager.customers)
        if extra["id"] not in {v["customer"] for v in done}:
            done.append({"time": "16:40", "customer": extra["id"], "method": team.methods[0].id})
    done.sort(key=lambda v: v["time"])
    log: dict[str, Any] = {"date": day}
    visits = [_visit(rng, manager, state.by_id[p["customer"]], p, day, state, workdays) for p in done]
    if visits:
        log["visits"] = visits
    calls = _calls(rng, manager, day, state)
    if calls:
        log["calls"] = calls
    if team.funnel:
        log["funnel"] = _funnel(rng, state, len(calls))
    if figures := _figures(rng, manager, state, workdays, visits):
        log["figures"] = figures
    if pack.complaints and rng.random() < 0.04 and manager.customers:
        log["complaints"] = [_complaint(rng, manager, day, state)]
    if rng.random() < 0.15:
        problem, solution = rng.choice(pack.problems)
        log["problems"] = [{"problem": problem, "solution": solution}]
    if rng.random() < 0.25:
        log["reflections"] = rng.choice(pack.reflections)
    log["tomorrow"] = rng.choice(pack.tomorrow)
    return log


def _visit(
    rng: random.Random,
    manager: Manager,
    customer: dict[str, Any],
    planned: dict[str, Any],
    day: date,
    state: State,
    workdays: int,
) -> dict[str, Any]:
    pack = state.pack
    organisation = bool(customer.get("key_persons"))
    visit: dict[str, Any] = {
        "time": planned["time"],
        "customer": customer["id"],
        "method": planned.get("method", state.team.methods[0].id),
        "purpose": planned.get("purpose") or rng.choice(pack.purposes(organisation)),
    }
    if organisation:
        person = rng.choice(customer["key_persons"])
        visit["met"] = [{"name": person["name"], "position": person["position"]}]
    else:
        visit["met"] = [{"name": customer["name"], "position": pack.self_position}]
    visit["discussion"] = rng.choice(pack.discussions(organisation))
    _visit_figures(rng, manager, customer, visit, state, workdays)
    visit["strategy_done"] = rng.random() < 0.85
    if rng.random() < 0.12:
        visit["anomalies"] = rng.choice(pack.anomalies)
    if rng.random() < 0.1:
        visit["suggestions"] = rng.choice(pack.suggestions)
    visit["effect"] = rng.choice(pack.effects)
    if pack.visit_hook:
        pack.visit_hook(rng, visit, customer, day)
    if rng.random() < 0.45:
        visit["next_step"] = rng.choice(pack.next_steps)
        visit["next_visit"] = day + timedelta(days=rng.randrange(5, 25))
        state.follow_up[customer["id"]] = visit["next_visit"]
    else:
        state.follow_up.pop(customer["id"], None)
    state.last_visit[customer["id"]] = day
    return visit


def _visit_figures(
    rng: random.Random, manager: Manager, customer: dict[str, Any], visit: dict[str, Any], state: State, workdays: int
) -> None:
    """Figures of the metrics kept per customer (订货量 …), or the reason there are none,
    then the team's other visit fields."""
    team, pack = state.team, state.pack
    own = [m for m in team.metrics if m.per_customer]
    reasons = {m.reason_field for m in own if m.reason_field}
    if own:
        none = bool(reasons) and rng.random() < pack.no_figures_share
        figures = {} if none else _customer_figures(rng, manager, customer, own, state, workdays)
        if figures:
            visit["figures"] = figures
        specs = {s.id: s for s in team.visit_fields}
        for reason in sorted(reasons):
            if not figures and reason in specs and specs[reason].choices:
                visit[reason] = weighted(rng, specs[reason].choices)
    for spec in team.visit_fields:
        if spec.id in reasons or rng.random() < 0.3:
            continue
        if spec.type is FieldType.CHOICE:
            visit[spec.id] = weighted(rng, spec.choices)
        elif spec.type is FieldType.TEXT and pack.visit_texts.get(spec.id):
            visit[spec.id] = rng.choice(pack.visit_texts[spec.id])


def _customer_figures(
    rng: random.Random, manager: Manager, customer: dict[str, Any], own: list[Metric], state: State, workdays: int
) -> dict[str, float]:
    """Around the month's target spread over the visits a manager makes; bigger customers buy more.
    A metric that is the numerator of a rate (订货金额 of 条均价) follows its denominator."""
    pack, team = state.pack, state.team
    size = {"A": 2.0, "B": 1.2}.get(customer["class"], 0.7)
    per_day = max(1, len(manager.customers) / 10) if pack.routes else 1.2  # visits on an average workday
    figures: dict[str, float] = {}
    ratios = {m.of[0]: (m.of[1], m.id) for m in team.metrics if len(m.of) == 2}
    for metric in sorted(own, key=lambda m: m.id in ratios):
        if metric.id in ratios and ratios[metric.id][0] in figures:
            denominator, rate = ratios[metric.id]
            price = pack.base_targets.get(rate, 1.0) * rng.uniform(0.8, 1.25)
            value = figures[denominator] * price
        else:
            # the visits with figures carry the whole month: those with none (a reason given) and small customers
            share = (1 - pack.no_figures_share if any(m.reason_field for m in own) else 1.0) * MEAN_SIZE
            mean = pack.base_targets.get(metric.id, 10) * manager.performance * size / (workdays * per_day * share)
            value = max(0.0, rng.gauss(mean, mean * 0.5))
        figures[metric.id] = _rounded(value, metric)
    return {m.id: figures[m.id] for m in own if figures.get(m.id)}


def _rounded(value: float, metric: Metric) -> float:
    if metric.kind is MetricKind.COUNT or value >= 100:
        return round(value)
    return round(value, 1)


def _calls(rng: random.Random, manager: Manager, day: date, state: State) -> list[dict[str, Any]]:
    pack = state.pack
    calls = []
    count = rng.randint(*pack.calls) if manager.customers else 0
    for minute in sorted(rng.sample(range(8 * 60 + 30, 17 * 60 + 30, 5), count)):
        customer = rng.choice(manager.customers)
        call: dict[str, Any] = {
            "customer": customer["id"],
            "time": moment(day, minute),
            "outcome": rng.choice(pack.call_outcomes),
        }
        if rng.random() < 0.12:
            meet = day + timedelta(days=rng.randint(1, 6))
            call["invitation"] = {
                "at": f"{meet} {rng.choice(['10:00', '14:30', '15:00'])}",
                "place": rng.choice(pack.meeting_places),
            }
        calls.append(call)
    return calls


def _funnel(rng: random.Random, state: State, calls: int) -> dict[str, dict[str, int]]:
    """Each stage of the profile's funnel, planned and done; the first stage follows the calls."""
    paces = state.pack.funnel
    stages = state.team.funnel
    from_calls = {
        s.id: calls + rng.randint(*paces[s.id].actual) for s in stages if s.id in paces and paces[s.id].from_calls
    }
    found = {}
    for i, stage in enumerate(stages):
        pace = paces.get(stage.id)
        plans = pace.plans if pace else (max(1, 6 - 2 * i), max(1, 8 - 3 * i))
        plan = plans[0] if len(plans) == 1 else rng.choice(plans)
        if stage.id in from_calls:
            actual = from_calls[stage.id]
        else:
            actual = rng.randint(*(pace.actual if pace else (0, plans[-1])))
        found[stage.id] = {"plan": plan, "actual": actual}
    return found


def _figures(
    rng: random.Random, manager: Manager, state: State, workdays: int, visits: list[dict[str, Any]]
) -> dict[str, float]:
    """The day's own figures: amounts and counts around target / workdays, rates near their
    target (never summed), levels as running balances; per-customer metrics are on the visits
    and rates of two metrics are computed, so neither is written here."""
    team, pack = state.team, state.pack
    metrics = {m.id: m for m in team.metrics}
    figures: dict[str, float] = {}
    for metric_id, target in pack.base_targets.items():
        metric = metrics.get(metric_id)
        if metric is None or metric.per_customer or metric.of or metric.counted or metric.kind is MetricKind.LEVEL:
            continue
        if metric.kind is MetricKind.RATE:
            value = rng.gauss(target, pack.rate_spread.get(metric_id, 1.0))
            figures[metric_id] = round(min(100.0, max(0.0, value)) if metric.unit == "%" else value, 1)
            continue
        mean = target * manager.performance / workdays
        if metric.kind is MetricKind.COUNT and mean < RARE:
            value = 1.0 if rng.random() < mean else 0.0  # a few a month: on some days, not rounded away
        else:
            value = max(0.0, rng.gauss(mean, mean * 0.8))
        if metric.kind is MetricKind.COUNT:
            value = round(value)
        else:
            step = pack.amount_step or (5 if mean >= 50 else 1 if mean >= 5 else 0.1)
            value = round(value / step) * step
            value = round(value, 1) if step < 1 else value
        if value:
            figures[metric_id] = value
    for metric_id, level in pack.levels.items():
        plus = figures.get(level.plus) or sum(v.get("figures", {}).get(level.plus, 0) for v in visits)
        minus = figures.get(level.minus, 0) if level.minus else rng.choice(level.outflow)
        manager.levels[metric_id] = round(max(0.0, manager.levels[metric_id] + plus - minus), 2)
        figures[metric_id] = manager.levels[metric_id]
    return figures


def _complaint(rng: random.Random, manager: Manager, day: date, state: State) -> dict[str, Any]:
    """Steps from the profile with times scaled to their limits: most done in time, some late,
    some stopped and escalated."""
    customer = rng.choice(manager.customers)
    text = rng.choice(state.pack.complaints)
    start = rng.randrange(9 * 60, 16 * 60, 10)
    steps = state.team.complaints.of(text.category).steps
    complaint: dict[str, Any] = {"customer": customer["id"], "received": moment(day, start)}
    if text.category:
        complaint["category"] = text.category
    if text.product:
        complaint["product"] = text.product
    complaint["summary"] = text.summary
    if steps:
        at = start + round(rng.choice(FIRST_STEP) * (steps[0].within_hours or 6) / 6)
        complaint["steps"] = {steps[0].id: moment(day, at)}
        for i, (before, step) in enumerate(itertools.pairwise(steps)):
            if rng.random() < (0.75 if i == 0 else 0.9):
                at += round(rng.choice(LATER_STEP) * _scale(before, step))
                at = _office(at) if state.pack.office_hours else at
                complaint["steps"][step.id] = moment(day, at)
            else:
                if rng.random() < 0.5:
                    complaint["escalated"] = moment(day, at + 30)
                break
    complaint["handling"] = text.handling
    return complaint


def _office(minutes: int) -> int:
    """The same moment, or the next morning's if it falls outside 8:00–20:00."""
    day, minute = divmod(minutes, 24 * 60)
    if minute < 8 * 60:
        return day * 24 * 60 + 8 * 60 + minute % 60
    if minute > 20 * 60:
        return (day + 1) * 24 * 60 + 8 * 60 + minute % 60
    return minutes


def _scale(before: ComplaintStep, step: ComplaintStep) -> float:
    if before.within_hours is None or step.within_hours is None:
        return 1.0
    return min(4.0, max(0.25, (step.within_hours - before.within_hours) / 2))
