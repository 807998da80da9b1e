"""Checks of the settings files: team.yaml, people.yaml and the customer files."""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterator
from datetime import date

from builder.checks.common import WARNING, duplicates, missing_file, unknown_choice, unknown_ref
from builder.fields import attribute_names
from builder.labels import LABELS, label
from builder.links import source_template_problem, web_address_problem
from builder.load import Document, Kind, Loc
from builder.model import CustomerRecord, Dataset
from builder.problems import Problem
from builder.schema import Customer, FieldType
from builder.suggest import did_you_mean
from builder.workdays import WorkCalendar

_PHONE = re.compile(r"^\+?[\d\- ]{7,20}$")
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def check_team(ds: Dataset, as_of: date) -> Iterator[Problem]:
    if ds.team_doc is None:
        yield missing_file(ds, "team.yaml", "团队设置")
    if ds.team is None or ds.team_doc is None:
        return
    team, doc = ds.team, ds.team_doc
    yield from duplicates(doc, [(("metrics", i, "id"), m.id) for i, m in enumerate(team.metrics)], "指标")
    yield from duplicates(doc, [(("classes", i, "id"), c.id) for i, c in enumerate(team.classes)], "分类")
    try:
        zoneinfo.ZoneInfo(team.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        yield doc.problem(
            ("timezone",), "unknown-timezone", f"不认识时区 '{team.timezone}'", "写 IANA 时区名，如 Asia/Shanghai"
        )
    if team.site_url and (wrong := web_address_problem(team.site_url)):
        yield doc.problem(("site_url",), "site-url", wrong, "写完整网址，如 https://example.com/portal/")
    elif team.site_url and not team.site_url.endswith("/"):
        yield doc.problem(("site_url",), "site-url", "site_url 应以 / 结尾", f"改成 {team.site_url}/", severity=WARNING)
    if team.source_url and (wrong := source_template_problem(team.source_url)):
        yield doc.problem(
            ("source_url",),
            "source-url",
            wrong,
            "写 http(s) 网址，用 {path} 和 {line} 表示文件和行号，如 https://github.com/org/repo/blob/main/{path}#L{line}",
        )
    yield from _unknown_words(ds)
    yield from _ledger_settings(ds)
    calendar = WorkCalendar(team.workdays)
    if not calendar.covers(as_of):
        yield doc.problem(
            ("workdays",),
            "holidays-unknown",
            f"节假日数据不含 {as_of.year} 年，暂按周一至周五计算工作日",
            "升级 chinesecalendar 或在 extra_holidays/extra_workdays 中补充",
            severity=WARNING,
        )


def _ledger_settings(ds: Dataset) -> Iterator[Problem]:
    """Ledger amounts are customer numbers, promises are visit dates, and the ledger is totalled by attributes."""
    assert ds.team is not None and ds.team_doc is not None
    team, doc = ds.team, ds.team_doc
    for i, spec in enumerate(team.customer_fields):
        if spec.ledger and spec.type is not FieldType.NUMBER:
            yield doc.problem(
                ("customer_fields", i, "ledger"),
                "ledger-field",
                f"'{spec.label}' 不是数字，不能列入台账",
                "去掉 ledger，或把 type 改为 number",
            )
        if spec.promise:
            yield doc.problem(
                ("customer_fields", i, "promise"),
                "promise-field",
                "promise 只用于拜访字段（visit_fields）",
                "移到 visit_fields 中的日期字段",
            )
    for i, spec in enumerate(team.visit_fields):
        if spec.promise and spec.type is not FieldType.DATE:
            yield doc.problem(
                ("visit_fields", i, "promise"),
                "promise-field",
                f"'{spec.label}' 不是日期，不能作为承诺日期",
                "把 type 改为 date",
            )
        if spec.ledger:
            yield doc.problem(
                ("visit_fields", i, "ledger"),
                "ledger-field",
                "ledger 只用于客户字段（customer_fields）",
                "移到 customer_fields 中的数字字段",
            )
    names = attribute_names(team)
    for i, name in enumerate(team.ledger_by):
        if name not in names:
            guess = did_you_mean(name, sorted(names))
            yield doc.problem(
                ("ledger_by", i),
                "unknown-attribute",
                f"ledger_by 中的 '{name}' 不是客户的属性",
                f"是不是 '{guess}'？" if guess else "可写：" + "、".join(names),
            )


def _unknown_words(ds: Dataset) -> Iterator[Problem]:
    """A key of `words` the site never shows (a misspelt key would leave the word unchanged)."""
    assert ds.team is not None and ds.team_doc is not None
    team = ds.team
    items = (team.classes, team.customer_types, team.key_person_roles, team.methods, team.funnel)
    known = sorted({*LABELS, *(item.id for listed in items for item in listed)})
    for key in team.words:
        if key not in known:
            guess = did_you_mean(key, known)
            yield ds.team_doc.problem(
                ("words", key),
                "unknown-word",
                f"words 中的 '{key}' 不是网站用到的称呼，不会生效",
                f"是不是 '{guess}'？" if guess else "可改的键见使用说明 → 数据文件手册 → 用语",
                key=True,
            )


def check_customers(ds: Dataset, as_of: date) -> Iterator[Problem]:
    people = ds.known_ids(Kind.PEOPLE)
    people_unknown = ds.people_unknown()
    classes = {c.id for c in ds.team.classes} if ds.team else set()
    seen: dict[str, tuple[Document, Loc]] = {}
    names: dict[str, str] = {}
    for record in ds.customer_files:
        yield from _routes(record)
        doc, owner = record.doc, record.file.owner
        if not people_unknown and owner not in people:
            yield unknown_ref(doc, ("owner",), owner, people, "经理")
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
            yield from _customer_refs(ds, record, doc, loc, customer)
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


def _customer_refs(
    ds: Dataset, record: CustomerRecord, doc: Document, loc: Loc, customer: Customer
) -> Iterator[Problem]:
    team = ds.team
    if team is None:
        return
    types = [t.id for t in team.customer_types]
    if customer.type is not None and customer.type not in types:
        yield unknown_choice(doc, (*loc, "type"), customer.type, types, "客户类型")
    routes = [r.id for r in record.file.routes]
    if customer.route is not None and customer.route not in routes:
        yield unknown_choice(doc, (*loc, "route"), customer.route, routes, "线路")
    roles = [r.id for r in team.key_person_roles]
    for j, person in enumerate(customer.key_persons):
        if person.role is not None and person.role not in roles:
            yield unknown_choice(doc, (*loc, "key_persons", j, "role"), person.role, roles, "关键人物角色")


def _routes(record: CustomerRecord) -> Iterator[Problem]:
    doc = record.doc
    yield from duplicates(doc, [(("routes", i, "id"), r.id) for i, r in enumerate(record.file.routes)], "线路")
    for i, route in enumerate(record.file.routes):
        for j, day in enumerate(route.days):
            if day in ("sat", "sun"):
                yield doc.problem(
                    ("routes", i, "days", j),
                    "route-weekend",
                    f"线路“{route.label}”安排在{label(day)}",
                    "线路一般安排在工作日；调休上班日请在周计划中单独安排",
                    severity=WARNING,
                )


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
