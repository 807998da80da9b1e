"""Which field of the team's customers each column of a spreadsheet holds: by the column's title,
read against the field's id, its label in team.yaml and the titles spreadsheets commonly use
(the words catalogue, in the team's own word for a customer), or as `--map 标题=字段` says."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from builder.labels import LABELS
from builder.recognise import half_width
from builder.schema import Team
from builder.schema.specs import FieldSpec, FieldType

# the customer's own fields a spreadsheet may hold, and how each value is read
CORE: dict[str, str] = {
    "id": "text",
    "name": "text",
    "class": "class",
    "type": "type",
    "key": "flag",
    "territory": "text",
    "organisation": "text",
    "address": "text",
    "phone": "text",
    "id_number": "text",
    "birthday": "date",
    "since": "date",
    "notes": "text",
    "owner": "owner",
    "route": "route",
}
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")  # 贷款余额（万元）: a unit or a note
_NOISE = re.compile(r"[\s*:：#№.。、]+")


@dataclass(frozen=True)
class Target:
    field: str  # the key written in the customer's YAML (class, licence) or `owner`
    kind: str  # text, number, date, choice, flag, class, type, owner, route
    label: str  # as messages name it
    spec: FieldSpec | None = None


def normal(title: str) -> str:
    return _NOISE.sub("", _BRACKETS.sub("", half_width(title))).lower()


def targets(team: Team) -> dict[str, Target]:
    """Every field a column may fill, by its id."""
    found = {name: Target(name, kind, _titles(team, name)[0]) for name, kind in CORE.items()}
    kinds = {FieldType.NUMBER: "number", FieldType.DATE: "date", FieldType.CHOICE: "choice", FieldType.FLAG: "flag"}
    for spec in team.customer_fields:
        found[spec.id] = Target(spec.id, kinds.get(spec.type, "text"), spec.label, spec)
    return found


def _titles(team: Team, name: str) -> list[str]:
    said = LABELS.get(f"import.{name}", name)
    customer, manager = team.word("customer", LABELS["customer"]), team.word("manager", LABELS["manager"])
    return [t.format(customer=customer, manager=manager) for t in said.split("|")]


def title_index(team: Team) -> dict[str, str]:
    """A title, as `normal` reads it -> the field it names. The team's own labels come first."""
    index: dict[str, str] = {}
    for spec in team.customer_fields:
        index.setdefault(normal(spec.label), spec.id)
        index.setdefault(normal(spec.id), spec.id)
    for name in CORE:
        for title in (name, *_titles(team, name)):
            index.setdefault(normal(title), name)
    return index


def match(
    titles: Mapping[int, str], team: Team, mapped: Mapping[str, str]
) -> tuple[dict[int, Target], list[str], list[str]]:
    """Column -> the field it fills; the titles of the columns left out; what `mapped` names wrongly
    (a title no column has, or a field the team does not have)."""
    fields, index = targets(team), title_index(team)
    by_title = {normal(k): v for k, v in mapped.items()}
    wrong = [f"--map {k}={v}：没有字段 {v}" for k, v in mapped.items() if v not in fields]
    shown = {normal(t) for t in titles.values()}
    wrong += [f"--map {k}={v}：表头里没有“{k}”这一列" for k, v in mapped.items() if normal(k) not in shown]
    chosen: dict[int, Target] = {}
    taken: set[str] = set()
    left: list[str] = []
    ignored = {normal(t) for t in LABELS["import.ignore"].split("|")}
    for column, title in sorted(titles.items()):
        if normal(title) in ignored and normal(title) not in by_title:
            continue
        name = by_title.get(normal(title)) or index.get(normal(title))
        if name in fields and name not in taken:
            chosen[column] = fields[name]
            taken.add(name)
        else:
            left.append(title)
    return chosen, left, wrong
