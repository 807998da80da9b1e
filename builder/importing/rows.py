"""The rows of a customer spreadsheet as customers: each cell read for its field, each row matched
to a customer the team already has (by the key field, e.g. 许可证号) or given a new id."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from builder.importing.columns import Target, targets
from builder.importing.sheet import Table
from builder.importing.values import Unreadable, read, text
from builder.problems import Problem, Severity
from builder.schema import Person, Team
from builder.schema.customers import Customer


@dataclass
class Imported:
    """One row as a customer: what it says, field by field, and where."""

    row: int
    values: dict[str, object] = field(default_factory=dict)  # YAML key -> value
    cells: dict[str, str] = field(default_factory=dict)  # YAML key -> the cell's address
    id: str = ""
    owner: str = ""
    known: bool = False  # matched to a customer the team has


def existing_value(customer: Customer, name: str) -> object:
    if name == "class":
        return customer.class_
    if name in Customer.model_fields:
        return getattr(customer, name)
    return (customer.model_extra or {}).get(name)


def key_of(value: object) -> str:
    """A value as the key it matches by: a licence number typed as a number is the same as its text."""
    if value is None or isinstance(value, (str, int, float, date)):
        return text(value).strip()
    return str(value).strip()


@dataclass
class Known:
    """The customers the team has: by their key field's value, and every id taken."""

    key: str
    by_key: dict[str, tuple[str, str]] = field(default_factory=dict)  # key value -> (id, owner)
    ids: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, key: str, files: Iterable[tuple[str, list[Customer]]]) -> Known:
        known = cls(key)
        for owner, customers in files:
            for customer in customers:
                known.ids.add(customer.id)
                value = key_of(existing_value(customer, key))
                if value:
                    known.by_key.setdefault(value, (customer.id, owner))
        return known

    def new_ids(self, count: int) -> list[str]:
        """Ids for new customers after the team's own (c0121 after c0120), none already taken."""
        numbered = [m for m in (re.fullmatch(r"([A-Za-z_]*)(\d+)", i) for i in self.ids) if m]
        prefix = Counter(m[1] for m in numbered).most_common(1)[0][0] if numbered else "c"
        width = max((len(m[2]) for m in numbered if m[1] == prefix), default=4)
        start = max((int(m[2]) for m in numbered if m[1] == prefix), default=0) + 1
        made: list[str] = []
        number = start
        while len(made) < count:
            candidate = f"{prefix}{number:0{width}d}"
            if candidate not in self.ids:
                made.append(candidate)
            number += 1
        return made


def _problem(where: str, code: str, message: str, hint: str = "") -> Problem:
    return Problem(where, 0, 0, Severity.ERROR, code, message, hint)


def read_rows(
    table: Table,
    columns: dict[int, Target],
    team: Team,
    people: tuple[Person, ...],
    routes: dict[str, dict[str, str]],
    given: dict[str, str],
) -> tuple[list[Imported], list[Problem]]:
    """Every row's values (`given`: a value for rows without one, read the same way); the owner's
    column is read first, for the routes of that owner."""
    rows: list[Imported] = []
    problems: list[Problem] = []
    order = sorted(columns.items(), key=lambda c: c[1].field != "owner")
    fields = targets(team)
    for row in table.rows:
        one = Imported(row.number)
        for name, value in given.items():
            try:
                one.values[name] = read(value, fields[name], team, people, routes.get(str(one.values.get("owner")), {}))
            except (Unreadable, KeyError) as exc:
                return [], [
                    _problem(table.file, "import-set", f"--set {name}={value}：{exc}", getattr(exc, "hint", ""))
                ]
        for column, target in order:
            if column not in row.values:
                continue
            where = table.where(row.number, column)
            try:
                owned = routes.get(str(one.values.get("owner", "")), {})
                one.values[target.field] = read(row.values[column], target, team, people, owned)
                one.cells[target.field] = where
            except Unreadable as exc:
                problems.append(_problem(where, "import-value", f"{target.label}：{exc}", exc.hint))
        if "name" not in one.values:
            name_column = next((c for c, t in columns.items() if t.field == "name"), 0)
            problems.append(_problem(table.where(row.number, name_column), "import-no-name", "这一行没有名称"))
            continue
        rows.append(one)
    return rows, problems


def matched(
    rows: list[Imported], known: Known, person: str | None, key_label: str
) -> tuple[list[Imported], list[Problem]]:
    """Each row's id and owner: a known customer keeps its own; a row repeating another's key is an error."""
    problems: list[Problem] = []
    kept: list[Imported] = []
    seen: dict[str, Imported] = {}
    fresh: list[Imported] = []
    for one in rows:
        value = key_of(one.values.get(known.key))
        if value and value in seen:
            where = one.cells.get(known.key, "")
            said = f"与第 {seen[value].row} 行重复：{key_label}都是 {value}"
            problems.append(_problem(where, "import-duplicate", said, "同一户写了两次就删去一行；写错了就改正"))
            continue
        if value:
            seen[value] = one
        kept.append(one)
        found = known.by_key.get(value) if value else None
        if found:
            one.id, owner = found
            one.known = True
            one.owner = str(one.values.get("owner") or person or owner)
        else:
            one.id = str(one.values.get("id") or "")
            one.owner = str(one.values.get("owner") or person or "")
            fresh.append(one)
    for one, made in zip([r for r in fresh if not r.id], known.new_ids(sum(1 for r in fresh if not r.id)), strict=True):
        one.id = made
    return kept, problems
