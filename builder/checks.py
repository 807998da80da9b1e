"""Stage 3, cross-check: what a careful supervisor would catch across files.

Each check is a small function of the validated dataset that yields problems; they
are listed in CHECKS and run in order. A check that crashes becomes a problem too.
"""

from __future__ import annotations

import itertools
import re
import traceback
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta

from builder.load import Document, Kind, Loc
from builder.model import Dataset
from builder.problems import Problem, Severity
from builder.schema import Role
from builder.validate import did_you_mean
from builder.workdays import WorkCalendar

Check = Callable[[Dataset, date], Iterator[Problem]]
WARNING = Severity.WARNING

_PHONE = re.compile(r"^\+?[\d\- ]{7,20}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def _duplicates(doc: Document, items: list[tuple[Loc, str]], what: str) -> Iterator[Problem]:
    first: dict[str, Loc] = {}
    for loc, ident in items:
        if ident in first:
            line, _ = doc.position(first[ident])
            yield doc.problem(
                loc,
                "duplicate-id",
                f"{what}编号 '{ident}' 重复（第 {line} 行已有）",
                "每个编号只能用一次，改成新的编号",
            )
        else:
            first[ident] = loc


def _missing_file(ds: Dataset, name: str, what: str) -> Problem:
    return Problem(
        f"{ds.root}/{name}",
        0,
        0,
        Severity.ERROR,
        "missing-file",
        f"缺少{what} {name}",
        f"参照手册创建 {ds.root}/{name}",
    )


def check_team(ds: Dataset, as_of: date) -> Iterator[Problem]:
    if ds.team_doc is None:
        yield _missing_file(ds, "team.yaml", "团队设置")
    if ds.team is None or ds.team_doc is None:
        return
    team, doc = ds.team, ds.team_doc
    yield from _duplicates(doc, [(("metrics", i, "id"), m.id) for i, m in enumerate(team.metrics)], "指标")
    yield from _duplicates(doc, [(("classes", i, "id"), c.id) for i, c in enumerate(team.classes)], "分类")
    try:
        zoneinfo.ZoneInfo(team.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        yield doc.problem(
            ("timezone",), "unknown-timezone", f"不认识时区 '{team.timezone}'", "写 IANA 时区名，如 Asia/Shanghai"
        )
    if team.site_url and not team.site_url.endswith("/"):
        yield doc.problem(("site_url",), "site-url", "site_url 应以 / 结尾", f"改成 {team.site_url}/", severity=WARNING)
    if not ds.unreadable(Kind.PEOPLE):
        people = ds.known_ids(Kind.PEOPLE)
        for person in team.feeds.secrets:
            if person not in people and person != "team":
                yield _unknown_ref(doc, ("feeds", "secrets", person), person, people, "经理", key=True)
    calendar = WorkCalendar(team.workdays)
    if not calendar.covers(as_of):
        yield doc.problem(
            ("workdays",),
            "holidays-unknown",
            f"节假日数据不含 {as_of.year} 年，暂按周一至周五计算工作日",
            "升级 chinesecalendar 或在 extra_holidays/extra_workdays 中补充",
            severity=WARNING,
        )


def check_people(ds: Dataset, as_of: date) -> Iterator[Problem]:
    doc = ds.people_doc
    if doc is None:
        yield _missing_file(ds, "people.yaml", "人员名单")
    if doc is None or doc.data is None:
        return
    yield from _duplicates(doc, [((i, "id"), p.id) for i, p in enumerate(ds.people)], "人员")
    for i, person in enumerate(ds.people):
        if person.supervisor is None:
            if person.role is not Role.SUPERVISOR:
                yield doc.problem(
                    (i, "id"),
                    "no-supervisor",
                    f"{person.name} 没有填写主管",
                    "添加 supervisor: <主管编号>",
                    severity=WARNING,
                )
            continue
        boss = ds.people_by_id.get(person.supervisor)
        if boss is None:
            yield _unknown_ref(doc, (i, "supervisor"), person.supervisor, set(ds.people_by_id), "人员")
        elif boss.id == person.id:
            yield doc.problem(
                (i, "supervisor"), "self-supervisor", f"{person.name} 不能是自己的主管", "填写其上级主管的编号"
            )
        elif boss.role is not Role.SUPERVISOR:
            yield doc.problem(
                (i, "supervisor"),
                "not-supervisor",
                f"{boss.name}（{boss.id}）的角色不是主管",
                f"在 people.yaml 中把 {boss.id} 的 role 设为 supervisor",
                severity=WARNING,
            )


def check_customers(ds: Dataset, as_of: date) -> Iterator[Problem]:
    people = ds.known_ids(Kind.PEOPLE)
    classes = {c.id for c in ds.team.classes} if ds.team else set()
    seen: dict[str, tuple[Document, Loc]] = {}
    names: dict[str, str] = {}
    for record in ds.customer_files:
        doc, owner = record.doc, record.file.owner
        if not ds.unreadable(Kind.PEOPLE) and owner not in people:
            yield _unknown_ref(doc, ("owner",), owner, people, "经理")
        elif owner != doc.stem:
            yield doc.problem(
                ("owner",),
                "owner-file",
                f"owner 是 {owner}，但文件名是 {doc.path.name}",
                f"把文件改名为 {owner}.yaml",
                severity=WARNING,
            )
        for i, customer in enumerate(record.file.customers):
            loc = ("customers", i)
            if customer.id in seen:
                other, other_loc = seen[customer.id]
                line, _ = other.position(other_loc)
                yield doc.problem(
                    (*loc, "id"),
                    "duplicate-id",
                    f"客户编号 '{customer.id}' 重复（{other.display}:{line} 已有）",
                    "每个客户只能有一个编号；同一客户只登记一次",
                )
                continue
            seen[customer.id] = (doc, (*loc, "id"))
            if customer.name in names:
                yield doc.problem(
                    (*loc, "name"),
                    "duplicate-name",
                    f"客户名称“{customer.name}”与 {names[customer.name]} 相同",
                    "确认是否重复登记；同名不同人可在名称后加备注区分",
                    severity=WARNING,
                )
            names.setdefault(customer.name, customer.id)
            if classes and customer.class_ not in classes:
                guess = did_you_mean(customer.class_, sorted(classes))
                yield doc.problem(
                    (*loc, "class"),
                    "unknown-class",
                    f"没有分类 '{customer.class_}'",
                    (f"是不是想写 '{guess}'？" if guess else "") + "可选：" + "、".join(sorted(classes)),
                )
            yield from _contact_checks(doc, loc, customer.phone, as_of, customer.birthday)
            if customer.id_number and not _ID_NUMBER.match(customer.id_number):
                yield doc.problem(
                    (*loc, "id_number"),
                    "id-number",
                    "证件号码不是 18 位身份证号",
                    "检查位数；其他证件可忽略此提示",
                    severity=WARNING,
                )
            for j, person in enumerate(customer.key_persons):
                yield from _contact_checks(doc, (*loc, "key_persons", j), person.phone, as_of, person.birthday)


def _contact_checks(doc: Document, loc: Loc, phone: str, as_of: date, birthday: date | None) -> Iterator[Problem]:
    if phone and not _PHONE.match(phone):
        yield doc.problem(
            (*loc, "phone"),
            "phone",
            f"电话 '{phone}' 看起来不对",
            "只写数字，可带 - 或区号，如 13812345678",
            severity=WARNING,
        )
    if birthday and birthday > as_of:
        yield doc.problem((*loc, "birthday"), "future-birthday", f"生日 {birthday} 在未来", "检查年份")


def _unknown_ref(
    doc: Document,
    loc: Loc,
    ident: str,
    known: set[str],
    what: str,
    *,
    names: dict[str, str] | None = None,
    key: bool = False,
) -> Problem:
    by_name = (names or {}).get(ident)
    if by_name:
        hint = f"这里要写编号：{by_name}"
    elif guess := did_you_mean(ident, sorted(known)):
        hint = f"是不是想写 '{guess}'？"
    else:
        hint = f"先在{'客户档案' if what == '客户' else ' people.yaml '}中登记，或检查拼写"
    return doc.problem(loc, "unknown-reference", f"没有编号为 '{ident}' 的{what}", hint, key=key)


class _References:
    """Looks up people, customers and metrics, quietly when their files could not be read."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.people = None if ds.unreadable(Kind.PEOPLE) else ds.known_ids(Kind.PEOPLE)
        self.customers = None if ds.unreadable(Kind.CUSTOMERS) else ds.known_ids(Kind.CUSTOMERS)
        self.metrics = None if ds.team is None else ds.known_ids(Kind.TEAM)
        self.customer_names = {c.name: i for i, (c, _) in ds.customers.items()}

    def person(self, doc: Document, loc: Loc, ident: str) -> Iterator[Problem]:
        if self.people is not None and ident not in self.people:
            yield _unknown_ref(doc, loc, ident, self.people, "人员")

    def customer(self, doc: Document, loc: Loc, ident: str, person: str) -> Iterator[Problem]:
        if self.customers is None:
            return
        if ident not in self.customers:
            yield _unknown_ref(doc, loc, ident, self.customers, "客户", names=self.customer_names)
            return
        found = self.ds.customers.get(ident)
        if found and found[1] != person and person in self.ds.people_by_id:
            owner = self.ds.people_by_id.get(found[1])
            yield doc.problem(
                loc,
                "other-owner",
                f"客户 {ident}（{found[0].name}）由 {owner.name if owner else found[1]} 负责",
                "确认客户编号；协同拜访请在 purpose 中注明",
                severity=WARNING,
            )

    def metric(self, doc: Document, loc: Loc, ident: str) -> Iterator[Problem]:
        if self.metrics is not None and ident not in self.metrics:
            guess = did_you_mean(ident, sorted(self.metrics))
            yield doc.problem(
                loc,
                "unknown-metric",
                f"没有编号为 '{ident}' 的指标",
                f"是不是想写 '{guess}'？" if guess else "可用指标：" + "、".join(sorted(self.metrics)),
                key=True,
            )

    def folder_person(self, doc: Document) -> Iterator[Problem]:
        if self.people is not None and doc.folder not in self.people:
            guess = did_you_mean(doc.folder, sorted(self.people))
            yield Problem(
                doc.display,
                0,
                0,
                Severity.ERROR,
                "unknown-person-folder",
                f"文件夹 '{doc.folder}' 不是任何人的编号",
                f"是不是 '{guess}'？" if guess else "文件夹名应为 people.yaml 中的经理编号",
            )


def _at(day: date, moment: datetime | time) -> datetime:
    return moment if isinstance(moment, datetime) else datetime.combine(day, moment)


def check_logs(ds: Dataset, as_of: date) -> Iterator[Problem]:
    refs = _References(ds)
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
    refs = _References(ds)
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
    refs = _References(ds)
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


CHECKS: tuple[Check, ...] = (
    check_team,
    check_people,
    check_customers,
    check_logs,
    check_week_plans,
    check_month_plans,
)


def cross_check(ds: Dataset, as_of: date, checks: tuple[Check, ...] = CHECKS) -> list[Problem]:
    problems: list[Problem] = []
    for check in checks:
        try:
            problems.extend(check(ds, as_of))
        except Exception as exc:  # a bug in one check must not hide the others' findings
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problems.append(
                Problem(
                    "builder/checks.py",
                    where.lineno or 0,
                    1,
                    Severity.ERROR,
                    "internal-error",
                    f"{check.__name__} 出错：{exc!r}",
                    "这是程序的问题，请报告给维护者",
                )
            )
    return problems
