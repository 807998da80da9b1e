"""The customer files an import writes: new customers appended to their owner's file, changed fields
written only when asked (`--update`), every comment and the order of what is there kept (ruamel.yaml
round trip); nothing else in a file is touched."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.edit import dump, dumper
from builder.importing.columns import Target
from builder.importing.rows import Imported, existing_value, key_of
from builder.importing.values import text
from builder.schema.customers import Customer

FIRST = ("id", "name", "class")
Change = tuple[
    str, object, object
]  # field, old, new  # a new customer's fields begin with these, the rest in the sheet's order


@dataclass
class Plan:
    """What the import would do to the customer files."""

    added: dict[str, list[str]] = field(default_factory=dict)  # owner -> new ids
    changes: list[str] = field(default_factory=list)  # "c017 电话：138… → 139…"
    moves: list[tuple[str, str, str]] = field(default_factory=list)  # id, from owner, to owner
    same: int = 0  # rows matching a customer as the team has it
    texts: dict[Path, str] = field(default_factory=dict)  # file -> its new text (only files that change)


def _shown(value: object) -> str:
    if value in (None, ""):
        return "（空）"
    return text(value) if isinstance(value, (str, int, float, date)) else str(value)


def _same(old: object, new: object) -> bool:
    return old == new or (key_of(old) == key_of(new) and not isinstance(new, bool))


def differences(one: Imported, customer: Customer) -> list[Change]:
    """The fields this row would change in the customer the team has: (field, old, new)."""
    found = []
    for name, new in one.values.items():
        if name in ("id", "owner"):
            continue
        old = existing_value(customer, name)
        if not _same(old, new):
            found.append((name, old, new))
    return found


def _new_entry(one: Imported) -> CommentedMap:
    entry = CommentedMap()
    entry["id"] = one.id
    for name in FIRST[1:]:
        if name in one.values:
            entry[name] = one.values[name]
    for name, value in one.values.items():
        if name not in entry and name not in ("id", "owner"):
            entry[name] = value
    return entry


@dataclass
class Folder:
    """The customer files as loaded for writing: owner -> (path, document, whether it is new)."""

    root: Path
    docs: dict[str, tuple[Path, Any, bool]] = field(default_factory=dict)

    def of(self, owner: str, where: Mapping[str, Path]) -> CommentedSeq:
        if owner not in self.docs:
            path = where.get(owner, self.root / "customers" / f"{owner}.yaml")
            if path.is_file():
                self.docs[owner] = (path, dumper().load(path.read_text(encoding="utf-8")), False)
            else:
                self.docs[owner] = (path, CommentedMap([("owner", owner), ("customers", CommentedSeq())]), True)
        customers: CommentedSeq = self.docs[owner][1]["customers"]
        return customers

    def texts(self, before: Mapping[Path, str]) -> dict[Path, str]:
        out: dict[Path, str] = {}
        for path, doc, _ in self.docs.values():
            text = dump(doc)
            if text != before.get(path):
                out[path] = text
        return out


def _entry_of(customers: CommentedSeq, customer_id: str) -> CommentedMap | None:
    return next((c for c in customers if isinstance(c, CommentedMap) and c.get("id") == customer_id), None)


def plan(
    rows: Iterable[Imported],
    existing: Mapping[str, tuple[str, Customer]],
    where: Mapping[str, Path],
    labels: Mapping[str, Target],
    root: Path,
    update: bool,
) -> Plan:
    """`existing`: id -> (owner, customer) of the customers the team has; `where`: owner -> their file."""
    made, folder = Plan(), Folder(root)
    for one in rows:
        if not one.known:
            folder.of(one.owner, where).append(_new_entry(one))
            made.added.setdefault(one.owner, []).append(one.id)
            continue
        owner, customer = existing[one.id]
        changed = differences(one, customer)
        moved = one.owner != owner
        made.changes += [f"{one.id} {labels[n].label}：{_shown(o)} → {_shown(v)}" for n, o, v in changed]
        if moved:
            made.moves.append((one.id, owner, one.owner))
        if not changed and not moved:
            made.same += 1
        if update and (changed or moved):
            made.changes += _apply(folder, where, one, owner, changed)
    before = {p: p.read_text(encoding="utf-8") for p, _, new in folder.docs.values() if not new}
    made.texts = folder.texts(before)
    return made


def _apply(folder: Folder, where: Mapping[str, Path], one: Imported, owner: str, changed: list[Change]) -> list[str]:
    """The changes written into the customer's entry; moved to another owner's file, its route goes
    unless that file has one of the same id (routes belong to a manager). Returns what more it did."""
    customers = folder.of(owner, where)
    entry = _entry_of(customers, one.id)
    if entry is None:
        return []
    for name, _, new in changed:
        entry[name] = new
    if one.owner == owner:
        return []
    customers.remove(entry)
    folder.of(one.owner, where).append(entry)
    routes = {r.get("id") for r in folder.docs[one.owner][1].get("routes", []) if isinstance(r, Mapping)}
    if "route" in entry and entry["route"] not in routes:
        dropped = entry.pop("route")
        return [f"{one.id} 线路：{dropped} 是 {owner} 的线路，换了客户经理后去掉"]
    return []
