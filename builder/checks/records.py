"""Checks of what managers write every day and week: logs and plans."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from builder.checks.common import WARNING, References
from builder.model import Dataset
from builder.problems import Problem
from builder.schema import Role
from builder.workdays import WorkCalendar


def _at(day: date, moment: datetime | time) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(day, moment)


def check_logs(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = References(ds)
    supervisors = {p.id for p in ds.people if p.role is Role.SUPERVISOR}
    for record in ds.logs:
        doc, log, day = record.doc, record.log, record.day
        yield from refs.folder_person(doc)
        if day > as_of:
            yield doc.problem(
                ("date",),
                "future-log",
                f"日志日期 {day} 晚于今天（{as_of}）",
                "检查日期；计划请写在周计划里",
                severity=WARNING,
            )
        previous: time | None = None
        for i, visit in enumerate(log.visits):
            loc = ("visits", i)
            yield from refs.customer(doc, (*loc, "customer"), visit.customer, record.person)
            if previous and visit.time < previous:
                yield doc.problem(
                    (*loc, "time"),
                    "time-order",
                    f"拜访时间 {visit.time:%H:%M} 早于上一条 {previous:%H:%M}",
                    "按时间先后排列拜访记录",
                    severity=WARNING,
                )
            previous = visit.time
            if visit.next_visit and visit.next_visit <= day:
                yield doc.problem(
                    (*loc, "next_visit"),
                    "next-visit-past",
                    f"下次拜访日期 {visit.next_visit} 不在 {day} 之后",
                    "写今天之后的日期",
                )
        for i, call in enumerate(log.calls):
            yield from refs.customer(doc, ("calls", i, "customer"), call.customer, record.person)
            if call.invitation and _at(day, call.invitation.at) < datetime.combine(day, time()):
                yield doc.problem(
                    ("calls", i, "invitation", "at"),
                    "invitation-past",
                    "邀约的见面时间早于今天",
                    "写约定见面的日期和时间",
                )
        for metric in log.figures:
            yield from refs.metric(doc, ("figures", metric), metric)
        for i, complaint in enumerate(log.complaints):
            loc = ("complaints", i)
            yield from refs.customer(doc, (*loc, "customer"), complaint.customer, record.person)
            earliest, after = _at(day, complaint.received), "收到投诉"
            for field, what in (("responded", "反馈"), ("resolved", "解决")):
                moment = getattr(complaint, field)
                if moment is None:
                    continue
                if _at(day, moment) < earliest:
                    yield doc.problem(
                        (*loc, field),
                        "time-order",
                        f"{what}时间早于{after}时间 {earliest:%Y-%m-%d %H:%M}",
                        "检查日期和时间；跨天请写 YYYY-MM-DD HH:MM",
                    )
                else:
                    earliest, after = _at(day, moment), what
        if log.review:
            yield from refs.person(doc, ("review", "by"), log.review.by)
            if refs.people is not None and log.review.by in refs.people and log.review.by not in supervisors:
                yield doc.problem(
                    ("review", "by"),
                    "not-supervisor",
                    f"{log.review.by} 不是主管，不能审阅日志",
                    "由 people.yaml 中 role 为 supervisor 的人审阅",
                )
            if log.review.date < day:
                yield doc.problem(
                    ("review", "date"),
                    "review-before-log",
                    f"审阅日期 {log.review.date} 早于日志日期 {day}",
                    "检查审阅日期",
                )


def check_week_plans(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = References(ds)
    calendar = WorkCalendar(ds.team.workdays) if ds.team else None
    for record in ds.week_plans:
        doc = record.doc
        yield from refs.folder_person(doc)
        for weekday, day_plan in record.plan.days():
            day = record.monday + timedelta(days=weekday)
            name = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[weekday]
            if calendar and day_plan.visits and not calendar.is_workday(day):
                holiday = calendar.holiday_name(day)
                yield doc.problem(
                    (name,),
                    "plan-on-holiday",
                    f"{day} 是{holiday or '休息日'}，却安排了拜访",
                    "确认是否加班；调休上班日可以安排",
                    severity=WARNING,
                    key=True,
                )
            spans: list[tuple[datetime, datetime, int]] = []
            for i, visit in enumerate(day_plan.visits):
                loc = (name, "visits", i)
                yield from refs.customer(doc, (*loc, "customer"), visit.customer, record.person)
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


def check_month_plans(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = References(ds)
    for record in ds.month_plans:
        doc, plan = record.doc, record.plan
        yield from refs.folder_person(doc)
        for field in ("targets", "last_year"):
            for metric in getattr(plan, field):
                yield from refs.metric(doc, (field, metric), metric)
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
