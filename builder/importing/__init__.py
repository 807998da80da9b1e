"""`portal import customers`: a team's customer list (.xlsx or .csv) into data/customers/*.yaml.

read the table → match its columns to the team's fields → read each row → match each to a customer
the team has (by its key field) or give it a new id → plan the files (new customers appended; changed
fields only with `update`) → check the data folder as it would be, exactly as `portal check` does.
Nothing is written while any problem is an error.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder import pipeline
from builder.importing.columns import match, normal, title_index
from builder.importing.files import Plan, plan
from builder.importing.rows import Known, matched, read_rows
from builder.importing.sheet import SheetError, read_table
from builder.load import display_path
from builder.model import Checked
from builder.problems import Problem, Severity, errors
from builder.schema import Team


@dataclass(frozen=True)
class Options:
    person: str | None = None  # the owner of every row, when the sheet has no 客户经理 column
    mapped: dict[str, str] = field(default_factory=dict)  # column title -> field id (--map)
    key: str | None = None  # the field that tells a customer the team already has (default: id, else name)
    given: dict[str, str] = field(default_factory=dict)  # field id -> the value of every row without it (--set)
    update: bool = False  # write the changes to customers the team has, not only new ones
    sheet: str | None = None


@dataclass
class Outcome:
    plan: Plan | None
    problems: list[Problem]
    left_out: list[str]  # titles of the columns not imported


def _file_problem(display: str, code: str, message: str, hint: str = "") -> Problem:
    return Problem(display, 0, 0, Severity.ERROR, code, message, hint)


def import_customers(checked: Checked, source: Path, display: str, options: Options) -> Outcome:
    ds, team = checked.dataset, checked.dataset.team
    assert team is not None
    index = title_index(team) | {normal(k): v for k, v in options.mapped.items()}
    try:
        table = read_table(source, display, options.sheet, lambda t: index.get(normal(t)))
    except SheetError as exc:
        return Outcome(None, [_file_problem(display, "import-sheet", str(exc))], [])
    columns, left, wrong = match(table.titles, team, options.mapped)
    problems = [_file_problem(display, "import-map", w, "--map 表头标题=字段编号") for w in wrong]
    chosen = {t.field for t in columns.values()}
    problems += _required(display, team, chosen | set(options.given))
    people = {p.id for p in ds.people}
    if options.person is not None and options.person not in people:
        problems.append(_file_problem(display, "import-person", f"people.yaml 里没有 {options.person}"))
    if "owner" not in chosen and options.person is None:
        problems.append(
            _file_problem(display, "import-owner", "表中没有客户经理这一列", "用 --person 指定这些客户归谁")
        )
    if errors(problems):
        return Outcome(None, problems, left)
    routes = {r.file.owner: {route.id: route.label for route in r.file.routes} for r in ds.customer_files}
    rows, found = read_rows(table, columns, team, ds.people, routes, options.given)
    key = options.key or ("id" if "id" in chosen else "name")
    known = Known.of(key, ((r.file.owner, r.file.customers) for r in ds.customer_files))
    rows, more = matched(rows, known, options.person)
    problems += found + more
    if errors(problems):
        return Outcome(None, problems, left)
    existing = {c.id: (r.file.owner, c) for r in ds.customer_files for c in r.file.customers}
    where = {r.file.owner: Path(r.doc.path) for r in ds.customer_files}
    labels = {t.field: t for t in columns.values()}
    made = plan(rows, existing, where, labels, Path(ds.root), options.update)
    problems += checked_as_written(Path(ds.root), made, checked)
    return Outcome(made, problems, left)


def _required(display: str, team: Team, chosen: set[str]) -> list[Problem]:
    """One problem a field every customer must have and no column holds (not one a row)."""
    wanted = {"name": "名称", "class": "客户分类"} | {f.id: f.label for f in team.customer_fields if f.required}
    return [
        _file_problem(
            display,
            "import-missing-column",
            f"表中没有{label}这一列，而每个客户都要有 {name}",
            f"在表中加这一列，用 --map 标题={name} 指明是哪一列，或用 --set {name}=值 给所有行同一个值",
        )
        for name, label in wanted.items()
        if name not in chosen
    ]


def checked_as_written(root: Path, made: Plan, checked: Checked) -> list[Problem]:
    """`portal check` of the data folder as the import would leave it (its people, team and customers;
    logs and plans are not touched): the problems in the files the import writes."""
    if not made.texts:
        return []
    with tempfile.TemporaryDirectory(prefix="portal-import-") as folder:
        copy = Path(folder) / "data"
        copy.mkdir()
        for name in ("team.yaml", "people.yaml"):
            if (root / name).is_file():
                shutil.copy(root / name, copy / name)
        if (root / "customers").is_dir():
            shutil.copytree(root / "customers", copy / "customers")
        written = {}
        for path, text in made.texts.items():
            inside = path.resolve().relative_to(root.resolve())
            (copy / inside).parent.mkdir(parents=True, exist_ok=True)
            (copy / inside).write_text(text, encoding="utf-8")
            written[(copy / inside).resolve()] = path
        after = pipeline.check(copy, checked.as_of)
        return [
            replace(p, path=display_path(written[Path(p.path).resolve()]))
            for p in after.problems
            if Path(p.path).resolve() in written
        ]
