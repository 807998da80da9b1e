"""`portal import targets`: a month's targets by person (a row a manager, a column a metric) into each
manager's month plan, plans/<person>/<YYYY-MM>.yaml: `targets` (or `last_year` with `last_year`),
new figures added, changed ones listed and written only with `update`; the rest of a plan kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from builder.edit import dump, dumper
from builder.importing.columns import normal, title_index
from builder.importing.sheet import SheetError, read_table
from builder.importing.values import Unreadable, number, one_of
from builder.model import Checked
from builder.problems import Problem, Severity, errors


@dataclass
class TargetPlan:
    texts: dict[Path, str] = field(default_factory=dict)
    added: int = 0
    changes: list[str] = field(default_factory=list)
    same: int = 0


def _problem(where: str, message: str, hint: str = "") -> Problem:
    return Problem(where, 0, 0, Severity.ERROR, "import-targets", message, hint)


def import_targets(
    checked: Checked, source: Path, display: str, month: str, *, last_year: bool, update: bool, sheet: str | None
) -> tuple[TargetPlan | None, list[Problem]]:
    ds, team = checked.dataset, checked.dataset.team
    assert team is not None
    people = {p.id: p.name for p in ds.people}
    titles = {normal(t): m.id for m in team.metrics for t in (m.id, m.label)}
    # the person's column: titled as the customer import's manager column, or a name or an id
    fields = title_index(team)
    owner_titles = {t for t, f in fields.items() if f in ("owner", "name", "id")}
    try:
        table = read_table(
            source, display, sheet, lambda t: titles.get(normal(t)) or ("owner" if normal(t) in owner_titles else None)
        )
    except SheetError as exc:
        return None, [_problem(display, str(exc))]
    columns = {c: titles[normal(t)] for c, t in table.titles.items() if normal(t) in titles}
    owner = next((c for c, t in table.titles.items() if normal(t) in owner_titles), None)
    if owner is None or not columns:
        return None, [
            _problem(
                display, "表头要有客户经理一列和至少一个指标列", "指标列的标题写指标名称，如 " + team.metrics[0].label
            )
        ]
    found: dict[str, dict[str, float]] = {}
    problems: list[Problem] = []
    for row in table.rows:
        try:
            person = one_of(row.values.get(owner), people, "people.yaml 里的人")
        except Unreadable as exc:
            problems.append(_problem(table.where(row.number, owner), str(exc), exc.hint))
            continue
        for column, metric in columns.items():
            if column in row.values:
                try:
                    found.setdefault(person, {})[metric] = number(row.values[column])
                except Unreadable as exc:
                    problems.append(_problem(table.where(row.number, column), str(exc), exc.hint))
    if errors(problems):
        return None, problems
    return _write_plan(Path(ds.root), month, found, "last_year" if last_year else "targets", update), problems


def _write_plan(root: Path, month: str, found: dict[str, dict[str, float]], key: str, update: bool) -> TargetPlan:
    made = TargetPlan()
    for person, figures in sorted(found.items()):
        path = root / "plans" / person / f"{month}.yaml"
        before = path.read_text(encoding="utf-8") if path.is_file() else None
        doc = dumper().load(before) if before else CommentedMap([("month", month)])
        held = doc.setdefault(key, CommentedMap())
        for metric, value in figures.items():
            if metric not in held:
                held[metric] = value
                made.added += 1
            elif held[metric] != value:
                made.changes.append(f"{person} {month} {metric}：{held[metric]} → {value}")
                if update:
                    held[metric] = value
            else:
                made.same += 1
        text = dump(doc)
        if text != before:
            made.texts[path] = text
    return made
