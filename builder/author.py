"""Authoring helpers: a day's log and next week's plan prefilled, and the supervisor's sign-off.

Each function takes the checked dataset and returns what it wrote (or raises
AuthorError with a message that says what to do). Files are created, never
overwritten; reviews are edited in place through builder.edit.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.derive.counted import typed_metrics
from builder.derive.customers import customer_views, visit_calendar
from builder.derive.frequency import Frequency, rules_by_customer
from builder.derive.records import collect
from builder.edit import commented, dump, set_top_level, write_new
from builder.labels import Words, label
from builder.model import Dataset, content_mark
from builder.schema import WEEKDAYS, Invalid, Role, parse_week
from builder.suggest import did_you_mean
from builder.workdays import WorkCalendar

SLOTS = ("09:00", "10:30", "14:00", "15:30")


class AuthorError(Exception):
    pass


def git_email(folder: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "config", "user.email"], capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip()


def person_of(ds: Dataset, person: str | None, data: Path) -> str:
    """The manager a command is for: --person, or the one whose email is git's user.email."""
    if person is None:
        email = git_email(data)
        matches = [p.id for p in ds.people if email and p.email == email]
        if len(matches) != 1:
            raise AuthorError("请用 --person 指定经理编号（也可以把 git 的 user.email 设成 people.yaml 里的邮箱）")
        return matches[0]
    if person not in ds.people_by_id:
        guess = did_you_mean(person, sorted(ds.people_by_id))
        raise AuthorError(
            f"没有编号为 '{person}' 的人员" + (f"，是不是 '{guess}'？" if guess else "；编号见 people.yaml")
        )
    return person


def week_of(text: str) -> tuple[int, int]:
    try:
        return parse_week(text)
    except Invalid as exc:
        raise AuthorError(f"{exc.message}（{exc.hint}）") from None


# --- portal new log ----------------------------------------------------------------------


def new_log(ds: Dataset, data: Path, person: str, day: date, *, empty: bool = False) -> Path:
    assert ds.team is not None
    path = data / "logs" / person / f"{day.isoformat()}.yaml"
    if path.exists():
        raise AuthorError(f"{path.as_posix()} 已经存在，不会覆盖；请直接编辑它")
    calendar = WorkCalendar(ds.team.workdays)
    words = Words(ds.team)
    records = collect(ds, day)
    names = {c: customer.name for c, (customer, _) in ds.customers.items()}
    planned = [p for p in records.planned if p.person == person and p.day == day]
    if not planned and not empty:
        raise AuthorError(
            f"{person} 在 {day} 没有计划拜访（周计划 plans/{person}/{day.isocalendar()[0]}-W"
            f"{day.isocalendar()[1]:02d}.yaml）；没有计划也要写日志时加 --empty"
        )
    visits = CommentedSeq()
    for p in planned:
        visits.append(
            commented(
                [
                    ("time", p.visit.time.strftime("%H:%M"), names.get(p.visit.customer, "")),
                    ("customer", p.visit.customer, ""),
                    ("method", p.method, words(p.method)),
                    ("purpose", p.visit.purpose, words("purpose")),
                    ("met", CommentedSeq(), words("met") + "：- {name: 姓名, position: 职务}"),
                    ("discussion", "", words("discussion")),
                    (
                        "strategy_done",
                        None,
                        f"{words('strategy')}“{p.visit.strategy}”执行了吗？true / false"
                        if p.visit.strategy
                        else f"{words('strategy')}执行了吗？true / false",
                    ),
                    ("anomalies", "", words("anomalies")),
                    ("suggestions", "", words("suggestions")),
                    ("effect", "", words("effect")),
                    ("next_step", "", words("next_step")),
                    ("next_visit", None, "下次拜访日期 YYYY-MM-DD"),
                ]
            )
        )
    funnel = CommentedMap()
    for stage in ds.team.funnel:
        tally = CommentedMap([("plan", 0), ("actual", 0)])
        tally.fa.set_flow_style()
        funnel[stage.id] = tally
        funnel.yaml_add_eol_comment(stage.label, stage.id)
    next_day = calendar.add_workdays(day, 1)
    tomorrow = [p for p in collect(ds, next_day).planned if p.person == person and p.day == next_day]
    plan_text = "、".join(
        f"{p.visit.time:%H:%M} 拜访 {names.get(p.visit.customer, p.visit.customer)}" for p in tomorrow
    )
    results = f"{words('met')}、{words('discussion')}或{words('effect')}"
    typed = [f"{m.id}（{m.label}）" for m in typed_metrics(ds.team)]
    log = commented(
        [
            ("date", day, ""),
            ("visits", visits, f"从周计划带入；写上{results}才算已拜访，没去的删掉，临时拜访照样添加"),
            ("calls", CommentedSeq(), "电话：- {customer: 编号, time: 'HH:MM', outcome: 结果}"),
            *([("funnel", funnel, "计划与实际")] if ds.team.funnel else []),
            ("figures", CommentedMap(), words("figures") + "：" + "、".join(typed)),
            (
                "complaints",
                CommentedSeq(),
                "投诉：customer（档案外的写 complainant 和 address）、received、category、summary、steps: {"
                + "、".join(f"{s.id}（{s.label}）" for s in ds.team.complaints.steps)
                + "}、escalated、handling",
            ),
            ("problems", CommentedSeq(), "遇到的问题：- {problem: …, solution: …}"),
            ("reflections", "", "工作心得"),
            ("tomorrow", plan_text, f"次日（{next_day}）计划" + ("，已从周计划带入" if plan_text else "")),
        ]
    )
    log["figures"].fa.set_flow_style()
    write_new(path, dump(log))
    return path


# --- portal new plan ---------------------------------------------------------------------


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
    ahead: dict[str, list[date]] = {}
    by_method: dict[str, set[tuple[date, str]]] = {}
    for planned in records.planned:
        if planned.in_person and planned.done is None and planned.day <= sunday:
            ahead.setdefault(planned.visit.customer, []).append(planned.day)
            by_method.setdefault(planned.visit.customer, set()).add((planned.day, planned.method))
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
        reasons: list[tuple[int, int, str]] = []
        rule_due = (if_planned if planned_before else calendar.frequency).due(c.id, monday)[0]
        if rule_due and rule_due < monday:
            reasons.append((1, (rule_due - monday).days, f"逾期 {(monday - rule_due).days} 天未访"))
        elif rule_due and rule_due <= sunday:
            reasons.append((2, (rule_due - monday).days, f"应访日期 {rule_due}"))
        if not planned_before:
            if view.follow_up and view.follow_up <= sunday:
                reasons.append((0, (view.follow_up - monday).days, f"约定 {view.follow_up} 跟进"))
            for expiry in view.dates:
                if expiry.date <= monday + timedelta(days=ds.team.rules.expiry_notice_days) and (
                    expiry.date >= monday or (expiry.expired and expiry.listed)
                ):
                    reasons.append((4, (expiry.date - monday).days, f"{expiry.item} {expiry.date} 到期"))
            if view.last_visit is None:
                reasons.append((5, 0, "从未拜访"))
        if reasons:
            rank, days, _ = min(reasons)
            found.append(
                Candidate(
                    c.id, _area(c.territory, c.address), (rank, days, c.id), "；".join(r[2] for r in sorted(reasons))
                )
            )
    return sorted(found, key=lambda x: x.priority)


def _area(territory: str, address: str) -> str:
    """Where a customer is, finely enough to plan a route: the street if the address names one."""
    street = re.match(r"^(.+?[路街巷道])", address)
    return street[1] if street else territory


def _slots(count: int) -> list[str]:
    """Start times for `count` visits of a day: the usual slots, then every 40 minutes of a long route."""
    if count <= len(SLOTS):
        return list(SLOTS[:count])
    return [f"{(9 * 60 + 40 * i) // 60:02d}:{(9 * 60 + 40 * i) % 60:02d}" for i in range(count)]


def new_plan(ds: Dataset, data: Path, person: str, year: int, week: int, today: date, *, per_day: int = 4) -> Path:
    assert ds.team is not None
    path = data / "plans" / person / f"{year}-W{week:02d}.yaml"
    if path.exists():
        raise AuthorError(f"{path.as_posix()} 已经存在，不会覆盖；请直接编辑它")
    monday = date.fromisocalendar(year, week, 1)
    calendar = WorkCalendar(ds.team.workdays)
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
        visits = CommentedSeq()
        for slot, candidate in zip(_slots(len(chunk)), chunk, strict=False):
            name, key = names[candidate.customer]
            visit = commented(
                [
                    ("time", slot, f"{name}：{candidate.reason}"),
                    ("customer", candidate.customer, ""),
                    ("category", "key" if key else "ordinary", ""),
                    ("method", ds.team.methods[0].id, ds.team.methods[0].label),
                    ("purpose", "", "拜访目的"),
                    ("strategy", "", "服务策略"),
                ]
            )
            visits.append(visit)
        route_name = route_names.get(day) or "—".join(dict.fromkeys(c.territory for c in chunk if c.territory))
        weekday = WEEKDAYS[day.weekday()]
        plan[weekday] = CommentedMap([("route", route_name), ("visits", visits)])
        plan.yaml_add_eol_comment(f"{label(weekday)} {day.month}月{day.day}日", weekday)
    if not candidates:
        plan.yaml_set_comment_before_after_key("focus", after="没有到期或逾期的客户；按需要添加拜访")
    write_new(path, dump(plan))
    return path


# --- portal review -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    signed: list[Path]
    skipped: list[Path]


def review(
    ds: Dataset, person: str, year: int, week: int, by: str, day: date, comment: str, *, force: bool = False
) -> Reviewed:
    supervisor = ds.people_by_id.get(by)
    if supervisor is None:
        guess = did_you_mean(by, sorted(ds.people_by_id))
        raise AuthorError(f"没有编号为 '{by}' 的人员" + (f"，是不是 '{guess}'？" if guess else ""))
    if supervisor.role is not Role.SUPERVISOR:
        raise AuthorError(f"{supervisor.name}（{by}）不能审阅；people.yaml 中 role 为 supervisor 的人才能审阅")
    logs = [r for r in ds.logs if r.person == person and r.day.isocalendar()[:2] == (year, week)]
    if not logs:
        raise AuthorError(f"{person} 在 {year}-W{week:02d} 没有日志可审阅")
    signed, skipped = [], []
    for record in logs:
        covers = content_mark(record.doc.data)
        if record.log.review and record.log.review.covers in ("", covers) and not force:
            skipped.append(record.doc.path)  # signed, and not changed since (an old review without a mark stands)
            continue
        block = CommentedMap([("by", by), ("date", day)])
        if comment:
            block["comment"] = comment
        block["covers"] = covers
        set_top_level(record.doc.path, "review", block)
        signed.append(record.doc.path)
    return Reviewed(signed, skipped)
