"""Checks of what managers write every day: the logs, their visits, calls, complaints and reviews."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from builder.checks.common import WARNING, References, named_customer
from builder.kept import Kept, kept
from builder.load import Document, Kind, Loc
from builder.model import Dataset, LogRecord
from builder.problems import Problem
from builder.schema import Complaint, Role, Team
from builder.suggest import did_you_mean


def _at(day: date, moment: datetime | time) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(day, moment)


def check_logs(ds: Dataset, as_of: date, store: Kept[Any] | None = None) -> Iterator[Problem]:
    """Each log against the people, customers and settings; with `store`, a log's problems are
    found again only when the log or what it is checked against changed (portal serve)."""
    refs = References(ds)
    supervisors = {p.id for p in ds.people if p.role is Role.SUPERVISOR}
    unreadable = (ds.unreadable(Kind.PEOPLE), ds.unreadable(Kind.CUSTOMERS))
    against = (ds.team, ds.people, ds.customer_files, ds.incomplete, unreadable, as_of)
    same = kept(store, "against", against, object)  # compared once, not for every log
    for record in ds.logs:
        yield from kept(
            store,
            id(record),
            (record, same),
            lambda: list(_log_problems(ds, refs, supervisors, record, as_of)),  # noqa: B023
        )


def _log_problems(
    ds: Dataset, refs: References, supervisors: set[str], record: LogRecord, as_of: date
) -> Iterator[Problem]:
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
    yield from _visits(ds, refs, record, as_of)
    for i, call in enumerate(log.calls):
        yield from refs.customer(doc, ("calls", i, "customer"), call.customer, record.person)
        if call.invitation and _at(day, call.invitation.at) < datetime.combine(day, time()):
            yield doc.problem(
                ("calls", i, "invitation", "at"),
                "invitation-past",
                "邀约的见面时间早于今天",
                "写约定见面的日期和时间",
            )
    for metric, number in log.figures.items():
        yield from refs.metric(doc, ("figures", metric), metric)
        yield from refs.figure(doc, ("figures", metric), metric, number)
    yield from _day_totals(record)
    for i, complaint in enumerate(log.complaints):
        yield from _complaint(refs, record.person, doc, ("complaints", i), complaint, day)
    for stage in log.funnel:
        if refs.funnel is not None and stage not in refs.funnel:
            yield refs.choice(doc, ("funnel", stage), stage, refs.funnel, "环节", "team.yaml 的 funnel")
    yield from _review(refs, supervisors, record)
    yield from _duties(ds, record)


def _duties(ds: Dataset, record: LogRecord) -> Iterator[Problem]:
    known = [d.id for d in ds.team.duties] if ds.team else []
    for i, ident in enumerate(record.log.duties):
        if ident not in known:
            guess = did_you_mean(ident, known)
            hint = (
                f"是不是 '{guess}'？"
                if guess
                else ("可写：" + "、".join(known) if known else "team.yaml 还没有 duties")
            )
            yield record.doc.problem(("duties", i), "unknown-reference", f"没有编号为 '{ident}' 的例行事项", hint)


def _visits(ds: Dataset, refs: References, record: LogRecord, as_of: date) -> Iterator[Problem]:
    doc, day = record.doc, record.day
    previous: time | None = None
    for i, visit in enumerate(record.log.visits):
        loc = ("visits", i)
        yield from refs.customer(doc, (*loc, "customer"), visit.customer, record.person, visit.with_)
        yield from refs.method(doc, (*loc, "method"), visit.method)
        for j, ident in enumerate(visit.with_):
            yield from refs.person(doc, (*loc, "with", j), ident)
        for metric, number in visit.figures.items():
            yield from refs.metric(doc, (*loc, "figures", metric), metric, per_customer=True)
            yield from refs.figure(doc, (*loc, "figures", metric), metric, number, one_customer=True)
        if previous and visit.time < previous:
            yield doc.problem(
                (*loc, "time"),
                "time-order",
                f"拜访时间 {visit.time:%H:%M} 早于上一条 {previous:%H:%M}",
                "按时间先后排列拜访记录",
                severity=WARNING,
            )
        previous = visit.time
        if day < as_of and not visit.has_result:
            yield doc.problem(
                loc,
                "visit-without-result",
                f"{visit.time:%H:%M} 拜访 {named_customer(ds, visit.customer)}没有写结果"
                "（见到的人、洽谈内容、效果都空着），仍算计划，不算已拜访",
                "去了就补上 met、discussion 或 effect；没去就删掉这条",
                severity=WARNING,
            )
        if visit.next_visit and visit.next_visit <= day:
            yield doc.problem(
                (*loc, "next_visit"),
                "next-visit-past",
                f"下次拜访日期 {visit.next_visit} 不在 {day} 之后",
                "写今天之后的日期",
            )


def _day_totals(record: LogRecord) -> Iterator[Problem]:
    """A day's total typed beside its visits' figures is their sum or more (the visits may not
    list every customer); below it, one of the two is wrong — and the total is what counts."""
    log = record.log
    for metric, total in log.figures.items():
        visits = [v.figures[metric] for v in log.visits if metric in v.figures]
        if visits and total < sum(visits) - 1e-9:
            yield record.doc.problem(
                ("figures", metric),
                "day-below-visits",
                f"{metric} 当天合计 {total:g} 小于各次拜访所记之和 {sum(visits):g}",
                "当天合计算数；改正合计，或删掉它让门户按拜访相加",
                severity=WARNING,
            )


def _review(refs: References, supervisors: set[str], record: LogRecord) -> Iterator[Problem]:
    doc, review = record.doc, record.log.review
    if not review:
        return
    yield from refs.person(doc, ("review", "by"), review.by)
    if refs.people is not None and review.by in refs.people and review.by not in supervisors:
        yield doc.problem(
            ("review", "by"),
            "not-supervisor",
            f"{review.by} 不是主管，不能审阅日志",
            "由 people.yaml 中 role 为 supervisor 的人审阅",
        )
    if review.date < record.day:
        yield doc.problem(
            ("review", "date"),
            "review-before-log",
            f"审阅日期 {review.date} 早于日志日期 {record.day}",
            "检查审阅日期",
        )


def _complainant(refs: References, person: str, doc: Document, loc: Loc, complaint: Complaint) -> Iterator[Problem]:
    """A complaint comes from a customer on file, or from someone named who is not (a tenant, a
    passer-by): that is allowed, said as a warning, and wants an address to find them again."""
    if complaint.customer is not None:
        yield from refs.customer(doc, (*loc, "customer"), complaint.customer, person)
    elif not complaint.complainant.strip():
        yield doc.problem(
            loc,
            "no-complainant",
            "投诉没有写是谁投诉的",
            "档案中的客户写 customer: 客户编号；不在档案中的写 complainant: 姓名 和 address: 地址",
        )
    else:
        where = f"，地址 {complaint.address}" if complaint.address.strip() else ""
        yield doc.problem(
            (*loc, "complainant"),
            "complainant-not-on-file",
            f"投诉人 {complaint.complainant} 不在客户档案中{where}",
            "需要跟进的话把他建档；没有地址的补上 address，便于回访" if not where else "需要跟进的话把他建档",
            severity=WARNING,
        )


def _complaint(
    refs: References, person: str, doc: Document, loc: Loc, complaint: Complaint, day: date
) -> Iterator[Problem]:
    yield from _complainant(refs, person, doc, loc, complaint)
    team = refs.ds.team
    if team is None:
        return
    steps = [s.id for s in team.complaints.steps]
    names = team.complaints.category_names
    if complaint.category and names and complaint.category not in names:
        yield refs.choice(doc, (*loc, "category"), complaint.category, names, "投诉类别", "complaints.categories")
    own = team.complaints.of(complaint.category).steps
    settings = team.complaints.own(complaint.category)
    settled = settings is None or all(s in steps for s in settings.steps)  # else team.yaml's error says it
    for written in complaint.steps:
        if written not in steps:
            yield refs.choice(
                doc, (*loc, "steps", written), written, steps, "投诉环节", "team.yaml 的 complaints.steps"
            )
        elif settled and all(s.id != written for s in own):
            yield doc.problem(
                (*loc, "steps", written),
                "step-not-of-category",
                f"「{complaint.category}」类投诉没有「{_label(team, written)}」这一环节，它不计时也不显示",
                f"删掉这一行；若这类投诉也要做，在 team.yaml 的 complaints.categories 中把 {written} 加进它的 steps",
                severity=WARNING,
            )
    earliest, after = _at(day, complaint.received), "收到投诉"
    for step in own:
        moment = complaint.steps.get(step.id)
        if moment is None:
            continue
        if _at(day, moment) < earliest:
            yield doc.problem(
                (*loc, "steps", step.id),
                "time-order",
                f"「{step.label}」时间早于{after}时间 {earliest:%Y-%m-%d %H:%M}",
                "各环节按先后顺序完成；跨天请写 YYYY-MM-DD HH:MM",
            )
        else:
            earliest, after = _at(day, moment), f"「{step.label}」"


def _label(team: Team, step: str) -> str:
    return next(s.label for s in team.complaints.steps if s.id == step)
