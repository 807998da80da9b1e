"""A spreadsheet cell read as the field its column fills: a licence number Excel stored as a number
is the text of its digits, a date typed as text is a date, 一类户 is class A; what cannot be read is
said with what the field takes."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl.utils.datetime import from_excel

from builder.importing.columns import Target
from builder.importing.sheet import Value
from builder.labels import LABELS
from builder.recognise import half_width
from builder.schema import Person, Team
from builder.suggest import did_you_mean

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?")
_EXCEL_DAYS = (20000, 80000)  # a number in a date column is Excel's day count (1954–2119)


class Unreadable(Exception):
    """A cell its field cannot take: the message, and the hint."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def text(value: Value) -> str:
    """A cell as the text it shows: a whole number without '.0', a date as YYYY-MM-DD."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split()) if value is not None else ""


def number(value: Value) -> int | float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    shown = half_width(text(value)).replace(",", "").replace(" ", "")
    try:
        figure = Decimal(shown)
    except InvalidOperation:
        raise Unreadable(f"“{text(value)}”不是数字", "只写数字") from None
    return int(figure) if figure == figure.to_integral_value() else float(figure)


def day(value: Value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _EXCEL_DAYS[0] <= value <= _EXCEL_DAYS[1]:
        found = from_excel(value)
        if isinstance(found, datetime):
            return found.date()
    shown = half_width(text(value))
    match = _DATE.fullmatch(shown.strip()) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", shown.strip())
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise Unreadable(f"“{text(value)}”不是日期", "写成 2026-03-05、2026/3/5 或 2026年3月5日")


def flag(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    shown = half_width(text(value)).strip().upper()
    for answer, words in ((True, LABELS["import.yes"]), (False, LABELS["import.no"])):
        if shown in words.upper().split("|"):
            return answer
    raise Unreadable(f"“{text(value)}”不是“是”或“否”", "写 是/否")


def one_of(value: Value, options: dict[str, str], what: str) -> str:
    """The id of the option `value` names by its id or its label (options: id -> label)."""
    shown = text(value)
    for key, label in options.items():
        if shown in (key, label) or half_width(shown).lower() == key.lower():
            return key
    guess = did_you_mean(shown, [*options.values(), *options])
    hint = f"是不是“{guess}”？" if guess else ""
    listed = "、".join(f"{label}（{key}）" if label != key else key for key, label in options.items())
    raise Unreadable(f"“{shown}”不是{what}", hint + f"可写：{listed}")


def read(value: Value, target: Target, team: Team, people: tuple[Person, ...], routes: dict[str, str]) -> object:
    """The value the customer's YAML holds for this cell."""
    kind = target.kind
    if kind == "number":
        return number(value)
    if kind == "date":
        return day(value)
    if kind == "flag":
        return flag(value)
    if kind == "class":
        return one_of(value, {c.id: c.label for c in team.classes}, "客户分类")
    if kind == "type":
        return one_of(value, {c.id: c.label for c in team.customer_types}, "客户类型")
    if kind == "owner":
        return one_of(value, {p.id: p.name for p in people}, "people.yaml 里的人")
    if kind == "route":
        return one_of(value, routes, "这位经理的线路（routes）")
    if kind == "choice" and target.spec is not None:
        try:
            return one_of(value, {c: c for c in target.spec.choices}, f"{target.label}的选项")
        except Unreadable as exc:
            exc.hint += f"；要加新的选项，在 team.yaml 的 customer_fields 中给 {target.field} 的 choices 添上"
            raise
    return text(value)
