"""`portal new plan`: a week's plan prefilled with the customers to see, by route and area over the workdays."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.author import AuthorError
from builder.derive.customers import CustomerView, customer_views, visit_calendar
from builder.derive.frequency import Frequency, rules_by_customer
from builder.derive.records import Records, collect
from builder.edit import commented, dump, write_new
from builder.labels import label
from builder.model import Dataset
from builder.schema import WEEKDAYS, Team
from builder.workdays import WorkCalendar

SLOTS = ("09:00", "10:30", "14:00", "15:30")


@dataclass(frozen=True)
class Candidate:
    customer: str
    territory: str
    priority: tuple[int, int, str]
    reason: str


def _candidates(ds: Dataset, person: str, monday: date, today: date) -> list[Candidate]:
    """The person's customers to see in the week of `monday`, each with its reasons.

    Visits already planned from `today` on and not yet made count as made: a customer planned
    in the week itself is not planned again, and one planned before it only when its visit
    rules still want a visit in the week."""
    assert ds.team is not None
    sunday = monday + timedelta(days=6)
    records = collect(ds, today)
    calendar = visit_calendar(records, rules_by_customer(ds), ds.team.rules.due_soon_days)
    views = customer_views(ds, records, calendar, monday)
    ahead, by_method = _planned_ahead(records, sunday)
    known = calendar.frequency
    if_planned = Frequency(
        known.rules,
        {c: sorted({*known.visits.get(c, []), *days}) for c, days in ahead.items()},
        {c: sorted({*known.contacts.get(c, []), *found}) for c, found in by_method.items()},
    )
    found = []
    for view in views.values():
        if view.owner != person or any(d >= monday for d in ahead.get(view.id, [])):
            continue
        c = view.customer
        planned_before = view.id in ahead
        rule_due = (if_planned if planned_before else calendar.frequency).due(c.id, monday)[0]
        reasons = _due_reasons(rule_due, monday, sunday)
        if not planned_before:
            reasons += _unplanned_reasons(view, monday, sunday, ds.team.rules.expiry_notice_days)
        if reasons:
            rank, days, _ = min(reasons)
            found.append(
                Candidate(
                    c.id, _area(c.territory, c.address), (rank, days, c.id), "；".join(r[2] for r in sorted(reasons))
                )
            )
    return sorted(found, key=lambda x: x.priority)


def _planned_ahead(records: Records, sunday: date) -> tuple[dict[str, list[date]], dict[str, set[tuple[date, str]]]]:
    """Visits in person planned up to `sunday` and not yet made: their days, and their days and methods, by customer."""
    ahead: dict[str, list[date]] = {}
    by_method: dict[str, set[tuple[date, str]]] = {}
    for planned in records.planned:
        if planned.in_person and planned.done is None and planned.day <= sunday:
            ahead.setdefault(planned.visit.customer, []).append(planned.day)
            by_method.setdefault(planned.visit.customer, set()).add((planned.day, planned.method))
    return ahead, by_method


def _due_reasons(rule_due: date | None, monday: date, sunday: date) -> list[tuple[int, int, str]]:
    """Overdue, or due in the week, by the customer's visit rules."""
    reasons: list[tuple[int, int, str]] = []
    if rule_due and rule_due < monday:
        reasons.append((1, (rule_due - monday).days, f"逾期 {(monday - rule_due).days} 天未访"))
    elif rule_due and rule_due <= sunday:
        reasons.append((2, (rule_due - monday).days, f"应访日期 {rule_due}"))
    return reasons


def _unplanned_reasons(view: CustomerView, monday: date, sunday: date, notice_days: int) -> list[tuple[int, int, str]]:
    """For a customer with no visit planned: a follow-up agreed, something expiring, or never visited."""
    reasons: list[tuple[int, int, str]] = []
    if view.follow_up and view.follow_up <= sunday:
        reasons.append((0, (view.follow_up - monday).days, f"约定 {view.follow_up} 跟进"))
    for expiry in view.dates:
        if expiry.date <= monday + timedelta(days=notice_days) and (
            expiry.date >= monday or (expiry.expired and expiry.listed)
        ):
            reasons.append((4, (expiry.date - monday).days, f"{expiry.item} {expiry.date} 到期"))
    if view.last_visit is None:
        reasons.append((5, 0, "从未拜访"))
    return reasons


def _area(territory: str, address: str) -> str:
    """Where a customer is, finely enough to plan a route: the street if the address names one."""
    street = re.match(r"^(.+?[路街巷道])", address)
    return street[1] if street else territory


def _slots(count: int, start: time | None = None) -> list[str]:
    """Start times for `count` visits of a day: the usual slots, then every 40 minutes of a long route;
    from `start` on, every 40 minutes, for a route walked at a time of its own (an evening round)."""
    if start is None and count <= len(SLOTS):
        return list(SLOTS[:count])
    first = start.hour * 60 + start.minute if start else 9 * 60
    return [f"{(first + 40 * i) // 60 % 24:02d}:{(first + 40 * i) % 60:02d}" for i in range(count)]


def new_plan(ds: Dataset, data: Path, person: str, year: int, week: int, today: date, *, per_day: int = 4) -> Path:
    assert ds.team is not None
    path = data / "plans" / person / f"{year}-W{week:02d}.yaml"
    if path.exists():
        raise AuthorError(f"{path.as_posix()} 已经存在，不会覆盖；请直接编辑它")
    monday = date.fromisocalendar(year, week, 1)
    calendar = WorkCalendar(ds.team.workdays)
    if person in ds.people_by_id:
        calendar = calendar.of(ds.people_by_id[person])
    days = [monday + timedelta(days=i) for i in range(7) if calendar.is_workday(monday + timedelta(days=i))]
    if not days:
        raise AuthorError(f"{year}-W{week:02d} 没有工作日，不需要周计划")
    candidates = _candidates(ds, person, monday, today)[: per_day * len(days)]
    routes = ds.routes
    on_route: dict[date, list[Candidate]] = {}
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        route = routes.get(candidate.customer)
        route_days = [d for d in days if route and WEEKDAYS[d.weekday()] in route.days]
        if route_days:  # a customer on a route is seen on the route's day
            on_route.setdefault(route_days[0], []).append(candidate)
        else:
            groups.setdefault(candidate.territory, []).append(candidate)
    queue = [c for group in sorted(groups.values(), key=lambda g: g[0].priority) for c in group]
    names = {c: (customer.name, customer.key) for c, (customer, _) in ds.customers.items()}
    plan = commented(
        [
            ("week", f"{year}-W{week:02d}", f"{monday} 至 {monday + timedelta(days=6)}"),
            (
                "focus",
                commented([("market", "", "市场信息"), ("brand", "", "品牌培育"), ("service", "", "客户服务")]),
                "本周工作重点",
            ),
        ]
    )
    route_names = {d: "—".join(dict.fromkeys(routes[c.customer].label for c in cs)) for d, cs in on_route.items()}
    for day in days:
        chunk = on_route.get(day, [])
        room = max(per_day - len(chunk), 0)
        chunk, queue = chunk + queue[:room], queue[room:]
        if not chunk:
            continue
        starts = [t for c in on_route.get(day, []) if (t := routes[c.customer].time) is not None]
        visits = _day_visits(ds.team, chunk, names, min(starts) if starts else None)
        route_name = route_names.get(day) or "—".join(dict.fromkeys(c.territory for c in chunk if c.territory))
        weekday = WEEKDAYS[day.weekday()]
        plan[weekday] = CommentedMap([("route", route_name), ("visits", visits)])
        plan.yaml_add_eol_comment(f"{label(weekday)} {day.month}月{day.day}日", weekday)
    if not candidates:
        plan.yaml_set_comment_before_after_key("focus", after="没有到期或逾期的客户；按需要添加拜访")
    write_new(path, dump(plan))
    return path


def _day_visits(
    team: Team, chunk: list[Candidate], names: dict[str, tuple[str, bool]], start: time | None
) -> CommentedSeq:
    """A day's visits of the plan, one slot each (from the route's `start`, if it has one), with why
    each customer is on it."""
    visits = CommentedSeq()
    for slot, candidate in zip(_slots(len(chunk), start), chunk, strict=False):
        name, key = names[candidate.customer]
        visit = commented(
            [
                ("time", slot, f"{name}：{candidate.reason}"),
                ("customer", candidate.customer, ""),
                ("category", "key" if key else "ordinary", ""),
                ("method", team.methods[0].id, team.methods[0].label),
                ("purpose", "", "拜访目的"),
                ("strategy", "", "服务策略"),
            ]
        )
        visits.append(visit)
    return visits
