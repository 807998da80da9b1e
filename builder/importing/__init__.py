"""`portal import customers`: a team's customer list (.xlsx or .csv) into data/customers/*.yaml.

read the table → match its columns to the team's fields → read each row → match each to a customer
the team has (by its key field) or give it a new id → plan the files (new customers appended; changed
fields only with `update`) → check the data folder as it would be, exactly as `portal check` does.
Nothing is written while any problem is an error.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder import pipeline
from builder.importing.columns import match, normal, targets, title_index
from builder.importing.files import Plan, plan
from builder.importing.rows import Known, matched, read_rows
from builder.importing.sheet import SheetError, read_table
from builder.load import display_path
from builder.model import Checked, Dataset
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
    """Every problem of the sheet in one run (a cause said once); a plan only when there is no error."""
    ds, team = checked.dataset, checked.dataset.team
    assert team is not None
    index = title_index(team) | {normal(k): v for k, v in options.mapped.items()}
    try:
        table = read_table(source, display, options.sheet, lambda t: index.get(normal(t)))
    except SheetError as exc:
        return Outcome(None, [_file_problem(display, "import-sheet", str(exc))], [])
    columns, left, wrong = match(table.titles, team, options.mapped)
    chosen = {t.field for t in columns.values()}
    problems = [_file_problem(display, "import-map", w, "--map 表头标题=字段编号") for w in wrong]
    problems += _required(display, team, chosen | set(options.given)) + _owner(display, ds, options, chosen)
    routes = {r.file.owner: {route.id: route.label for route in r.file.routes} for r in ds.customer_files}
    rows, found = read_rows(table, columns, team, ds.people, routes, options.given)
    key = options.key or default_key(team, chosen)
    known = Known.of(key, ((r.file.owner, r.file.customers) for r in ds.customer_files))
    fields = targets(team)
    rows, more = matched(rows, known, options.person, fields[key].label if key in fields else key)
    problems += grouped(found + more)
    if errors(problems):
        return Outcome(None, problems, left)
    existing = {c.id: (r.file.owner, c) for r in ds.customer_files for c in r.file.customers}
    where = {r.file.owner: Path(r.doc.path) for r in ds.customer_files}
    made = plan(rows, existing, where, fields, Path(ds.root), options.update)
    name_column = next((c for c, t in columns.items() if t.field == "name"), 0)
    located = {r.id: table.where(r.row, name_column) for r in rows if not r.known}
    problems += checked_as_written(Path(ds.root), made, checked, located)
    return Outcome(made, problems, left)


def default_key(team: Team, chosen: set[str]) -> str:
    """What tells a customer the team has: its id, else the team's first required text field the sheet
    holds (a licence number: names repeat), else its name."""
    if "id" in chosen:
        return "id"
    own = [f.id for f in team.customer_fields if f.required and f.type.value == "text" and f.id in chosen]
    return own[0] if own else "name"


def _owner(display: str, ds: Dataset, options: Options, chosen: set[str]) -> list[Problem]:
    if options.person is not None and options.person not in {p.id for p in ds.people}:
        return [_file_problem(display, "import-person", f"people.yaml 里没有 {options.person}")]
    if "owner" not in chosen and options.person is None:
        return [_file_problem(display, "import-owner", "表中没有客户经理这一列", "用 --person 指定这些客户归谁")]
    return []


def grouped(problems: list[Problem]) -> list[Problem]:
    """One problem a cause: the same message at many cells is said once, at the first, with the others."""
    by_cause: dict[tuple[str, str, str], list[Problem]] = {}
    for problem in problems:
        by_cause.setdefault((problem.code, problem.message, problem.hint), []).append(problem)
    said = []
    for (_, message, _), same in by_cause.items():
        if len(same) == 1:
            said.append(same[0])
            continue
        cells = [p.path.rsplit("!", 1)[-1].rsplit(":", 1)[-1] for p in same[1:]]
        shown = "、".join(cells[:10]) + ("……" if len(cells) > 10 else "")
        said.append(replace(same[0], message=f"{message}（另有 {len(cells)} 处：{shown}）"))
    return said


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


def checked_as_written(root: Path, made: Plan, checked: Checked, located: dict[str, str]) -> list[Problem]:
    """`portal check` of the data folder as the import would leave it (its people, team and customers;
    logs and plans are not touched): the problems in the files the import writes, those of a new
    customer said at its row of the sheet (`located`: id -> its name's cell)."""
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
        found = []
        for problem in after.problems:
            real = written.get(Path(problem.path).resolve())
            if real is not None:
                found.append(_at_row(problem, display_path(real), made.texts[real], located))
    return found


def _at_row(problem: Problem, path: str, text: str, located: dict[str, str]) -> Problem:
    """A problem of a written file at the sheet's row of the new customer it is in, else in the file."""
    owner = None
    for line in text.splitlines()[: problem.line]:
        found = re.match(r"\s*- id: '?([^'\s]+)", line)
        if found:
            owner = found[1]
    if owner in located:
        return replace(problem, path=located[owner], line=0, column=0)
    return replace(problem, path=path)
