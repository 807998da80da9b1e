"""Stage 2, validate: check each document against its schema and read what its path says.

Returns the typed records of every file that passed, and a problem for every
mistake, each at the line and column of the node it is about.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from builder import profiles
from builder.fields import declared
from builder.kept import Kept, kept
from builder.load import PLACES, Document, Kind, Loc
from builder.model import (
    CustomerRecord,
    Dataset,
    LogRecord,
    MonthPlanRecord,
    WeekPlanRecord,
    content_mark,
)
from builder.problems import Problem, Severity
from builder.schema import CustomerFile, DailyLog, Invalid, Person, Team, parse_date, parse_month, parse_week
from builder.suggest import did_you_mean
from builder.validate_schema import renumbered, validate_document

# --- what the path says ------------------------------------------------------------------


def _name_problem(doc: Document, what: str, example: str) -> Problem:
    return Problem(
        doc.display,
        0,
        0,
        Severity.ERROR,
        "bad-file-name",
        f"文件名 '{doc.path.name}' 不是{what}",
        f"文件应放在 {PLACES[doc.kind]}，如 {example}",
    )


def _path_date(doc: Document) -> date | Problem:
    try:
        return parse_date(doc.stem)
    except Invalid:
        return _name_problem(doc, "有效的日期", "2026-11-19.yaml")


def _matches_name(doc: Document, field: str, written: object, expected: object) -> Problem | None:
    if written == expected:
        return None
    return doc.problem(
        (field,),
        "name-mismatch",
        f"{field} 写的是 {written}，但文件名是 {doc.path.name}",
        f"改成 {field}: {expected}，或者重命名文件",
    )


def unknown_removal(doc: Document, where: Loc, ident: str, known: list[str]) -> Problem:
    guess = did_you_mean(ident, known)
    hint = (f"是不是想写 '{guess}'？" if guess else "") + "可删除的：" + "、".join(known) + "；all 删除全部"
    return doc.problem(where, "unknown-removal", f"profile 中没有编号为 '{ident}' 的项，无法删除", hint)


def with_profile(doc: Document) -> tuple[Document | None, list[Problem]]:
    """The team file laid over the profile it names (positions stay those of the team file)."""
    data = doc.data
    if not isinstance(data, dict):
        return doc, []
    name = data.get("profile")
    choices = "、".join(f"{n}（{profiles.title(n)}）" for n in profiles.names())
    if name is None:
        return None, [doc.problem((), "missing-field", "缺少 profile：团队的类型", f"添加 profile: …，可选：{choices}")]
    base = profiles.profile(str(name))
    if base is None:
        guess = did_you_mean(str(name), profiles.names())
        hint = (f"是不是想写 '{guess}'？" if guess else "") + f"可选：{choices}"
        return None, [doc.problem(("profile",), "unknown-profile", f"没有团队类型 '{name}'", hint)]
    laid = profiles.laid(base, data)
    problems = [unknown_removal(doc, where, ident, known) for where, ident, known in laid.unknown]
    return Document(doc.path, doc.display, doc.kind, laid.data, renumbered(doc, laid.origin)), problems


def _customers(doc: Document, value: CustomerFile, team: Team | None) -> tuple[CustomerFile, list[Problem]]:
    if team is None:
        return value, []
    problems: list[Problem] = []
    customers = []
    for i, customer in enumerate(value.customers):
        typed, found = declared(doc, ("customers", i), customer, team.customer_fields, "客户")
        customers.append(typed)
        problems += found
    return value.model_copy(update={"customers": customers}), problems


def _log(doc: Document, value: DailyLog, team: Team | None) -> tuple[DailyLog, list[Problem]]:
    if team is None:
        return value, []
    problems: list[Problem] = []
    visits = []
    for i, visit in enumerate(value.visits):
        typed, found = declared(doc, ("visits", i), visit, team.visit_fields, "拜访")
        visits.append(typed)
        problems += found
    return value.model_copy(update={"visits": visits}), problems


# a plan file: its field that names the period, how the name reads, the name written out,
# what a wrong name should be, an example, and its record
_PLANS: dict[Kind, tuple[str, Any, str, str, str, Any]] = {
    Kind.WEEK_PLAN: ("week", parse_week, "{0}-W{1:02d}", "有效的周", "2026-W47.yaml", WeekPlanRecord),
    Kind.MONTH_PLAN: ("month", parse_month, "{0}-{1:02d}", "有效的月份", "2026-11.yaml", MonthPlanRecord),
}

Record = tuple[Team, Document] | tuple[Person, ...] | CustomerRecord | LogRecord | WeekPlanRecord | MonthPlanRecord
Typed = tuple[Record | None, list[Problem], bool]  # what the file holds, its problems, whether it failed


def typed(doc: Document, team: Team | None) -> Typed:
    """One file read in the terms of `team` (the team file itself with `team` None)."""
    if doc.data is None:
        return None, [], True
    problems: list[Problem] = []
    if doc.kind is Kind.TEAM:
        merged, problems = with_profile(doc)
        if merged is None:
            return None, problems, True
        doc = merged
    value, doc, found = validate_document(doc)
    if doc.kind is Kind.CUSTOMERS and value is not None:
        value, more = _customers(doc, value, team)
        found += more
    elif doc.kind is Kind.LOG and value is not None:
        value, more = _log(doc, value, team)
        found += more
    problems += found
    if value is None:
        return None, problems, bool(found)
    record, more = _record(doc, value)
    return record, problems + more, bool(found)


def _record(doc: Document, value: Any) -> tuple[Record | None, list[Problem]]:
    """The record of a validated file, and what its name says against its content."""
    if doc.kind is Kind.TEAM:
        return (value, doc), []  # the document as merged and pruned, for the checks' positions
    if doc.kind is Kind.PEOPLE:
        return tuple(value), []
    if doc.kind is Kind.CUSTOMERS:
        return CustomerRecord(value, doc), []
    if doc.kind is Kind.LOG:
        day = _path_date(doc)
        if isinstance(day, Problem):
            return None, [day]
        mismatch = _matches_name(doc, "date", value.date, day)
        stale = bool(value.review and value.review.covers and value.review.covers != content_mark(doc.data))
        return LogRecord(doc.folder, value.date, value, doc, stale), [mismatch] if mismatch else []
    field, parse, named, wanted, example, make = _PLANS[doc.kind]
    try:
        year, number = parse(doc.stem)
    except Invalid:
        return None, [_name_problem(doc, wanted, example)]
    mismatch = _matches_name(doc, field, getattr(value, field), named.format(year, number))
    return make(doc.folder, *parse(getattr(value, field)), value, doc), [mismatch] if mismatch else []


def validate(root: str, documents: list[Document], keep: Kept[Typed] | None = None) -> tuple[Dataset, list[Problem]]:
    """With `keep`, a file whose document and team are the same objects as in the last build in
    this process is not validated again, and its record is the same object."""
    problems: list[Problem] = []
    failed: set[Kind] = set()
    team = people = None
    team_doc: Document | None = None
    customers: list[CustomerRecord] = []
    logs: list[LogRecord] = []
    weeks: list[WeekPlanRecord] = []
    months: list[MonthPlanRecord] = []
    # The team file first: the others are read in its terms.
    for doc in sorted(documents, key=lambda d: d.kind is not Kind.TEAM):
        record, found, broken = kept(keep, doc.path, (doc, team), lambda: typed(doc, team))  # noqa: B023
        problems += found
        if broken:
            failed.add(doc.kind)
        if record is None:
            continue
        if doc.kind is Kind.TEAM:
            team, team_doc = cast(tuple[Team, Document], record)
        elif doc.kind is Kind.PEOPLE:
            people = cast(tuple[Person, ...], record)
        elif isinstance(record, CustomerRecord):
            customers.append(record)
        elif isinstance(record, LogRecord):
            logs.append(record)
        elif isinstance(record, WeekPlanRecord):
            weeks.append(record)
        elif isinstance(record, MonthPlanRecord):
            months.append(record)
    by_kind = {d.kind: d for d in documents}
    dataset = Dataset(
        root=root,
        team=team,
        team_doc=team_doc or by_kind.get(Kind.TEAM),
        people=people or (),
        people_doc=by_kind.get(Kind.PEOPLE),
        customer_files=tuple(customers),
        logs=tuple(sorted(logs, key=lambda r: (r.person, r.day))),
        week_plans=tuple(sorted(weeks, key=lambda r: (r.person, r.year, r.week))),
        month_plans=tuple(sorted(months, key=lambda r: (r.person, r.year, r.month))),
        documents=tuple(documents),
        incomplete=frozenset(failed),
    )
    return dataset, problems
