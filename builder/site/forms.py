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
from datetime import date, datetime, timedelta

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from builder.derive import Derived
from builder.derive.forms import MonthForm
from builder.derive.periods import MetricProgress, PeriodSummary
from builder.model import Dataset
from builder.schema import Metric
from builder.schema.plans import WeekPlan

HEAD = Font(bold=True)
SHADE = PatternFill("solid", fgColor="EEF2F7")
LINE = Side(style="thin", color="9AA5B1")
BOX = Border(left=LINE, right=LINE, top=LINE, bottom=LINE)
WRAP = Alignment(wrap_text=True, vertical="center")
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def form_path(month_key: str) -> str:
    return f"export/forms/{month_key}.xlsx"


def _put(ws: Worksheet, row: int, column: int, value: object, *, bold: bool = False, boxed: bool = True) -> None:
    cell = ws.cell(row, column)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str):
        cell.data_type = "s"  # a name starting with = is text, never a formula
    if isinstance(value, float):
        cell.number_format = "0.##"
    if boxed:
        cell.border = BOX
    if bold:
        cell.font, cell.fill, cell.alignment = HEAD, SHADE, WRAP


def _unit(metric: Metric) -> str:
    return f"{metric.label}（{metric.unit}）" if metric.unit else metric.label


def _kpi(found: MetricProgress | None) -> tuple[float | None, float | None]:
    return (found.target, found.actual) if found is not None else (None, None)


def _targets(ws: Worksheet, form: MonthForm, person: str, metrics: Sequence[Metric], top: int) -> int:
    """The 目标设定表 from row `top`; returns the row after it."""
    weeks = [f"第{i}周 {w.period.start:%m/%d}–{w.period.end:%m/%d}" for i, w in enumerate(form.weeks, start=1)]
    heads = ["项目", "上月目标", "上月达成", "本月目标"]
    heads += [f"{w} {part}" for w in weeks for part in ("目标", "达成")]
    heads += ["本月实际达成", "完成率%", "达成度%", "环比%", "去年同期", "同比%"]
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
        values += (
            [now.actual, now.percent, now.attainment, now.change, now.last_year, now.year_change] if now else [None] * 6
        )
        for column, value in enumerate(values, start=1):
            _put(ws, line, column, value)
    return top + len(metrics) + 2


def _register(
    ws: Worksheet, form: MonthForm, person: str, metrics: Sequence[Metric], top: int, weekday: list[str]
) -> None:
    """The 每日业绩登记表 from row `top`: each working day's figures."""
    _put(ws, top, 1, "每日业绩登记表", bold=True, boxed=False)
    for column, head in enumerate(["日期", "星期", *(_unit(m) for m in metrics)], start=1):
        _put(ws, top + 1, column, head, bold=True)
    days = next((d.days for d in form.daily if d.person == person), ())
    for i, (day, figures) in enumerate(days):
        line = top + 2 + i
        _put(ws, line, 1, day)
        ws.cell(line, 1).number_format = "yyyy-mm-dd"
        _put(ws, line, 2, weekday[day.weekday()])
        for column, value in enumerate(figures, start=3):
            _put(ws, line, column, value)
    month = form.row(form.month, person)
    if month is not None:  # the month's figure of each metric: a sum, or the latest balance, as the pages count
        line = top + 2 + len(days)
        _put(ws, line, 1, "本月", bold=True)
        _put(ws, line, 2, "", bold=True)
        for column, kpi in enumerate(month.kpis, start=3):
            _put(ws, line, column, kpi.actual, bold=True)


def _sheet(book: Workbook, title: str, heading: str, freeze: str = "B3") -> Worksheet:
    ws: Worksheet = book.create_sheet(_SHEET_NAME.sub("_", title)[:31])
    _put(ws, 1, 1, heading, boxed=False)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 22
    for column in range(2, 30):
        ws.column_dimensions[get_column_letter(column)].width = 12
    ws.freeze_panes = freeze
    ws.protection.sheet = True  # a record: against accidental edits (no password: 审阅 → 撤销工作表保护)
    ws.page_setup.orientation = "landscape"  # printed as handed up: the width of one page
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:2"
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


WEEK_FORMS = 2  # the week running and the one before: this week's 工作安排 and last week's 小结
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def week_path(week_key: str) -> str:
    return f"export/forms/{week_key}.xlsx"


def _plans_of(ds: Dataset, summary: PeriodSummary) -> dict[str, WeekPlan]:
    year, week, _ = summary.period.start.isocalendar()
    return {r.person: r.plan for r in ds.week_plans if (r.year, r.week) == (year, week)}


def _week_sheet(ws: Worksheet, d: Derived, summary: PeriodSummary, person: str, plan: WeekPlan | None) -> None:
    """000's 周工作安排表 (本周市场信息收集的重点, 品牌培育, 客户拜访工作安排 by weekday) and its 小结."""
    line = 3
    for key, said in (
        ("focus_market", plan.focus.market if plan else ""),
        ("focus_brand", plan.focus.brand if plan else ""),
        ("focus_service", plan.focus.service if plan else ""),
    ):
        _put(ws, line, 1, d.words(key), bold=True)
        _put(ws, line, 2, said)
        line += 1
    line += 1
    heads = ["星期", "日期", "拜访线路", "时间", d.words("customer"), "分类", "拜访目的", "服务策略"]
    for column, head in enumerate(heads, start=1):
        _put(ws, line, column, head, bold=True)
    for offset, name in enumerate(DAYS):
        day = getattr(plan, name, None) if plan else None
        for visit in day.visits if day else []:
            line += 1
            view = d.customers.get(visit.customer)
            values = [
                d.words(name),
                summary.period.start + timedelta(days=offset),
                day.route if day else "",
                visit.time.strftime("%H:%M"),
                view.customer.name if view else visit.customer,
                d.words(view.customer.class_) if view else "",
                visit.purpose,
                visit.strategy,
            ]
            for column, value in enumerate(values, start=1):
                _put(ws, line, column, value)
            ws.cell(line, 2).number_format = "yyyy-mm-dd"
    row = next((r for r in summary.rows if r.person.id == person), None)
    line += 2
    _put(ws, line, 1, "小结", bold=True)
    _put(ws, line, 2, plan.summary if plan else "")
    if row is not None:
        counts = [
            ("计划拜访", row.planned),
            ("计划完成", row.planned_done),
            (d.words("visit"), row.visits),
            ("电话", row.calls),
            ("到期应交日志", row.logs_due),
            ("其中已交", row.logs_written),
        ]
        for label, value in counts:
            line += 1
            _put(ws, line, 1, label)
            _put(ws, line, 2, value)


def week_workbook(d: Derived, ds: Dataset, summary: PeriodSummary) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    plans = _plans_of(ds, summary)
    for row in summary.rows:
        heading = f"{summary.period.title} 周工作安排表 · {d.words('manager')} {row.person.name}"
        sheet = _sheet(book, row.person.name, heading, freeze="A8")  # below the focuses and the table's header
        _week_sheet(sheet, d, summary, row.person.id, plans.get(row.person.id))
    if not book.worksheets:
        _sheet(book, "团队", f"{summary.period.title} 周工作安排表")
    return _stable(book, d.as_of)


def week_forms(d: Derived, ds: Dataset) -> dict[str, bytes]:
    return {week_path(s.period.key): week_workbook(d, ds, s) for s in d.weeks[-WEEK_FORMS:]}
