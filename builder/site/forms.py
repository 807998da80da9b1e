"""The month's forms as a workbook people hand up (openpyxl): a sheet for the team and one for each
manager, each with the 目标设定表 (targets and what was achieved, by month and by calendar week) and,
for a manager, the 每日业绩登记表 (each working day's figures). Numbers are numbers, units in the
headers; text is always text (never a formula); sheets are protected against accidental edits, as
they are records; the bytes depend on the data and the as-of day only."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from builder.derive import Derived
from builder.derive.forms import MonthForm
from builder.derive.periods import MetricProgress
from builder.schema import Metric

HEAD = Font(bold=True)
SHADE = PatternFill("solid", fgColor="EEF2F7")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def form_path(month_key: str) -> str:
    return f"export/forms/{month_key}.xlsx"


def _put(ws: Worksheet, row: int, column: int, value: object, *, bold: bool = False) -> None:
    cell = ws.cell(row, column)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str):
        cell.data_type = "s"  # a name starting with = is text, never a formula
    if isinstance(value, float):
        cell.number_format = "0.##"
    if bold:
        cell.font, cell.fill = HEAD, SHADE


def _unit(metric: Metric) -> str:
    return f"{metric.label}（{metric.unit}）" if metric.unit else metric.label


def _kpi(found: MetricProgress | None) -> tuple[float | None, float | None]:
    return (found.target, found.actual) if found is not None else (None, None)


def _targets(ws: Worksheet, form: MonthForm, person: str, metrics: Sequence[Metric], top: int) -> int:
    """The 目标设定表 from row `top`; returns the row after it."""
    weeks = [f"第{i}周 {w.period.start:%m/%d}–{w.period.end:%m/%d}" for i, w in enumerate(form.weeks, start=1)]
    heads = ["项目", "上月目标", "上月达成", "本月目标"]
    heads += [f"{w} {part}" for w in weeks for part in ("目标", "达成")]
    heads += ["本月实际达成", "完成率%", "环比%", "去年同期", "同比%"]
    for column, head in enumerate(heads, start=1):
        _put(ws, top, column, head, bold=True)
    month, before = form.row(form.month, person), form.row(form.before, person)
    for i, metric in enumerate(metrics):
        line = top + 1 + i
        now = month.kpis[i] if month else None
        earlier = before.kpis[i] if before else None
        values: list[object] = [_unit(metric), *_kpi(earlier), now.target if now else None]
        for week in form.weeks:
            cells = week.cells.get(person)
            values += list(cells[i]) if cells else [None, None]
        values += [now.actual, now.percent, now.change, now.last_year, now.year_change] if now else [None] * 5
        for column, value in enumerate(values, start=1):
            _put(ws, line, column, value)
    return top + len(metrics) + 2


def _register(
    ws: Worksheet, form: MonthForm, person: str, metrics: Sequence[Metric], top: int, weekday: list[str]
) -> None:
    """The 每日业绩登记表 from row `top`: each working day's figures."""
    _put(ws, top, 1, "每日业绩登记表", bold=True)
    for column, head in enumerate(["日期", "星期", *(_unit(m) for m in metrics)], start=1):
        _put(ws, top + 1, column, head, bold=True)
    days = next((d.days for d in form.daily if d.person == person), ())
    for i, (day, figures) in enumerate(days):
        line = top + 2 + i
        ws.cell(line, 1, day).number_format = "yyyy-mm-dd"
        _put(ws, line, 2, weekday[day.weekday()])
        for column, value in enumerate(figures, start=3):
            _put(ws, line, column, value)


def _sheet(book: Workbook, title: str, heading: str) -> Worksheet:
    ws: Worksheet = book.create_sheet(_SHEET_NAME.sub("_", title)[:31])
    _put(ws, 1, 1, heading, bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 22
    for column in range(2, 30):
        ws.column_dimensions[get_column_letter(column)].width = 12
    ws.freeze_panes = "B3"
    ws.protection.sheet = True  # a record: against accidental edits (no password: 审阅 → 撤销工作表保护)
    return ws


def month_workbook(d: Derived, form: MonthForm) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    metrics = d.team.metrics
    title = f"{form.month.period.start.year}年{form.month.period.start.month}月"
    weekday = [d.words(k) for k in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")]
    ws = _sheet(book, "团队", f"{title} 目标设定表 · {d.team.name}")
    _targets(ws, form, "team", metrics, 2)
    for row in form.month.rows:
        ws = _sheet(book, row.person.name, f"{title} 目标设定表 · {d.words('manager')} {row.person.name}")
        after = _targets(ws, form, row.person.id, metrics, 2)
        _register(ws, form, row.person.id, metrics, after + 1, weekday)
    for sheet in book.worksheets:
        for line in sheet.iter_rows(min_row=2, max_row=2):
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="center")
    return _stable(book, d.as_of)


def _stable(book: Workbook, as_of: date) -> bytes:
    """The workbook's bytes with every time in it the as-of day's: the same data give the same file."""
    moment = datetime(as_of.year, as_of.month, as_of.day)
    book.properties.creator = "portal"
    book.properties.created = moment
    raw = io.BytesIO()
    book.save(raw)  # openpyxl stamps the save's time into docProps/core.xml and the zip entries
    out = io.BytesIO()
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            target.writestr(
                zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6]), data, zipfile.ZIP_DEFLATED
            )
    return out.getvalue()


def month_forms(d: Derived) -> dict[str, bytes]:
    """Every month form's workbook by its path in the site."""
    return {form_path(f.month.period.key): month_workbook(d, f) for f in d.forms}
