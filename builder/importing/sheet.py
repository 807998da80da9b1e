"""A spreadsheet a team brings (.xlsx through openpyxl, or .csv in UTF-8 or GB18030) read as one
table: its header row found among the first rows, each title read through merged cells, and the
rows below it with the address of every cell (客户.xlsx:Sheet1!C17)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

HEADER_ROWS = 20  # the header is looked for among the first rows (titles, notes and merged group names above it)
Value = str | int | float | date | datetime | bool | None


class SheetError(Exception):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it
    values: dict[int, Value]  # column index (0-based) -> value, empty cells left out


@dataclass
class Table:
    file: str  # as the user named it
    sheet: str | None  # None for a CSV file
    titles: dict[int, str] = field(default_factory=dict)  # column index -> its title
    header: int = 0  # the header's row number
    rows: list[Row] = field(default_factory=list)

    def where(self, row: int, column: int) -> str:
        cell = f"{get_column_letter(column + 1)}{row}"
        return f"{self.file}:{self.sheet}!{cell}" if self.sheet is not None else f"{self.file}:{cell}"


def _cells(path: Path, sheet: str | None) -> tuple[str | None, list[list[Value]]]:
    """The sheet's values row by row, a merged range's value in each of its cells."""
    if path.suffix.lower() == ".csv":
        return None, _csv_rows(path.read_bytes())
    try:
        book = load_workbook(path, data_only=True)  # the values formulas gave, not the formulas
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise SheetError(f"读不了这个表格：{exc}") from exc
    if sheet is not None and sheet not in book.sheetnames:
        raise SheetError(f"没有名为 {sheet} 的工作表；有：{'、'.join(book.sheetnames)}")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    grid: list[list[Value]] = [[_plain(c.value) for c in line] for line in ws.iter_rows()]
    for merged in ws.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if c - 1 < len(grid[r - 1]):
                    grid[r - 1][c - 1] = top
    return ws.title, grid


def _plain(value: object) -> Value:
    """A cell's value as the import reads it: rich text and times as their text."""
    if value is None or isinstance(value, (str, int, float, date, bool)):
        return value
    return str(value)


def _csv_rows(data: bytes) -> list[list[Value]]:
    """A CSV file as Excel saves it: UTF-8 (with or without BOM), else GB18030 (Excel's Chinese default)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(line) for line in csv.reader(io.StringIO(text, newline=""))]
    raise SheetError("读不了这个 CSV 文件：既不是 UTF-8 也不是 GB18030 编码")


def _title(value: Value) -> str:
    return "" if value is None else " ".join(str(value).split())


def read_table(path: Path, display: str, sheet: str | None, field_of: Callable[[str], str | None]) -> Table:
    """The table in `path`: its header is the row among the first ones whose titles name the most
    fields (`field_of`); of rows naming as many, the lowest (the sub-titles under merged group names)."""
    name, grid = _cells(path, sheet)
    table = Table(display, name)
    best = 0
    for number, line in enumerate(grid[:HEADER_ROWS], start=1):
        titles = {i: _title(v) for i, v in enumerate(line) if _title(v)}
        known = len({f for f in map(field_of, titles.values()) if f})
        if known and known >= best:
            best, table.header, table.titles = known, number, titles
    if best == 0:
        raise SheetError("前 20 行里找不到表头：没有一列的标题是认得的字段（如 名称、编号、电话）")
    for number, line in enumerate(grid[table.header :], start=table.header + 1):
        values = {i: v for i, v in enumerate(line) if i in table.titles and not _blank(v)}
        if values:
            table.rows.append(Row(number, values))
    return table


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
