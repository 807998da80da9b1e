"""Checks of the plans managers write: the week's visits and the month's targets."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from builder.checks.common import WARNING, References, named_customer
from builder.labels import label
from builder.load import Document, Loc
from builder.model import Dataset, WeekPlanRecord
from builder.problems import Problem
from builder.schema import DayPlan, MetricKind
from builder.workdays import WorkCalendar

_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def check_week_plans(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = References(ds)
    calendar = WorkCalendar(ds.team.workdays) if ds.team else None
    for record in ds.week_plans:
        doc = record.doc
        yield from refs.folder_person(doc)
        person = ds.people_by_id.get(record.person)
        own = calendar.of(person) if calendar and person else calendar  # their duty days and days off
        for weekday, day_plan in record.plan.days():
            day = record.monday + timedelta(days=weekday)
            name = _DAY_KEYS[weekday]
            if own and day_plan.visits and not own.is_workday(day):
                holiday = own.holiday_name(day) if day not in own.off else "调休日"
                yield doc.problem(
                    (name,),
                    "plan-on-holiday",
                    f"{day} 是{holiday or '休息日'}，却安排了拜访",
                    "确认是否加班；值班或调休上班的日子写进 people.yaml 本人的 rota: {work: [日期]}",
                    severity=WARNING,
                    key=True,
                )
            yield from _planned_day(ds, refs, record, day_plan, day, as_of)


def _planned_day(
    ds: Dataset, refs: References, record: WeekPlanRecord, day_plan: DayPlan, day: date, as_of: date
) -> Iterator[Problem]:
    doc, name = record.doc, _DAY_KEYS[day.weekday()]
    spans: list[tuple[datetime, datetime, int]] = []
    for i, visit in enumerate(day_plan.visits):
        loc = (name, "visits", i)
        yield from refs.customer(doc, (*loc, "customer"), visit.customer, record.person, visit.with_)
        yield from refs.method(doc, (*loc, "method"), visit.method)
        for j, ident in enumerate(visit.with_):
            yield from refs.person(doc, (*loc, "with", j), ident)
        yield from _on_route(refs, doc, loc, visit.customer, name)
        if day >= as_of:
            for field, what in (("purpose", "拜访目的"), ("strategy", "服务策略")):
                if not getattr(visit, field).strip():
                    yield doc.problem(
                        (*loc, field),
                        "plan-empty",
                        f"{visit.time:%H:%M} 拜访 {named_customer(ds, visit.customer)}的{what}（{field}）是空的",
                        f"写上{what}，拜访前想清楚要做什么",
                        severity=WARNING,
                    )
        start = datetime.combine(day, visit.time)
        minutes = visit.duration or (ds.team.feeds.visit_minutes if ds.team else 60)
        spans.append((start, start + timedelta(minutes=minutes), i))
        if not time(7) <= visit.time <= time(21):
            yield doc.problem(
                (*loc, "time"),
                "odd-hour",
                f"{visit.time:%H:%M} 不在工作时间",
                "时间用 24 小时制，下午 2 点写 14:00",
                severity=WARNING,
            )
    spans.sort()
    for (_, end, _), (start, _, i) in itertools.pairwise(spans):
        if start < end:
            yield doc.problem(
                (name, "visits", i, "time"),
                "overlap",
                f"{start:%H:%M} 的拜访与前一个拜访时间重叠",
                "调整开始时间或 duration",
                severity=WARNING,
            )


def _on_route(refs: References, doc: Document, loc: Loc, customer: str, name: str) -> Iterator[Problem]:
    route = refs.route_of(customer)
    if route is not None and name not in route.days:
        days = "、".join(label(d) for d in route.days)
        yield doc.problem(
            (*loc, "customer"),
            "off-route",
            f"{customer} 在线路“{route.label}”上，这条线路{days}走，不是{label(name)}",
            "安排到线路日，或确认这次是专程拜访",
            severity=WARNING,
        )


def check_month_plans(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = References(ds)
    for record in ds.month_plans:
        doc, plan = record.doc, record.plan
        yield from refs.folder_person(doc)
        for field in ("targets", "last_year"):
            for metric in getattr(plan, field):
                yield from refs.metric(doc, (field, metric), metric, typed=False)
        for metric_id, target in plan.targets.items():
            yield from _target(ds, doc, metric_id, target)
        if plan.visits.key_customers > plan.visits.customers:
            said = f"重点客户 {plan.visits.key_customers} 户多于计划拜访的 {plan.visits.customers} 户"
            yield doc.problem(("visits", "key_customers"), "key-over-total", said, "重点客户是计划拜访客户中的一部分")
        for i, key in enumerate(plan.key_customers):
            for j, action in enumerate(key.actions):
                yield from refs.method(doc, ("key_customers", i, "actions", j), action)
        ids = Counter(k.customer for k in plan.key_customers)
        for i, key in enumerate(plan.key_customers):
            yield from refs.customer(doc, ("key_customers", i, "customer"), key.customer, record.person)
            if ids[key.customer] > 1:
                yield doc.problem(
                    ("key_customers", i, "customer"),
                    "duplicate-entry",
                    f"重点客户 {key.customer} 列了不止一次",
                    "合并为一条",
                    severity=WARNING,
                )
                ids[key.customer] = 0


def _target(ds: Dataset, doc: Document, metric_id: str, target: float) -> Iterator[Problem]:
    metric = next((m for m in ds.team.metrics if m.id == metric_id), None) if ds.team else None
    if metric is None:
        return
    if metric.kind is MetricKind.COUNT and target != int(target):
        yield doc.problem(
            ("targets", metric_id),
            "count-target",
            f"{metric.label}是个数，目标 {target:g} 不是整数",
            f"写整数，如 {round(target)}",
        )
    if metric.kind is MetricKind.RATE and metric.unit.strip() == "%" and not 0 <= target <= 100:
        yield doc.problem(
            ("targets", metric_id),
            "rate-target",
            f"{metric.label}是比率（%），目标 {target:g} 不在 0–100 之间",
            "比率的目标写百分数，如 95 表示 95%；个数或金额请另设指标",
        )
