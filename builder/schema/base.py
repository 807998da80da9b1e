"""The scalar types the data files are written in (dates, times, ids, amounts) and the base models.

A value that cannot be right is refused with an Invalid that says how to write it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


class Invalid(ValueError):
    """A value the manager wrote that cannot be right, with how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


DATE_HINT = "日期写作 YYYY-MM-DD，如 2026-09-01"
TIME_HINT = "时间写作 24 小时制 HH:MM，如 09:30"


FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside these years are typing mistakes (and break the calendar)
MAX_AMOUNT = 1e12  # no amount, figure or target of a team reaches this
MAX_COUNT = 1_000_000  # no count of calls, visits or customers reaches this


def _year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(f"{text} 的年份 {year} 不合理", f"年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")


def parse_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        _year(value.year, value.isoformat())
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if not match or isinstance(value, bool):
        raise Invalid(f"'{text}' 不是日期", DATE_HINT)
    _year(int(match[1]), text)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise Invalid(f"{text} 这一天不存在", "检查月份和日子，如 2 月只有 28 或 29 天") from None


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    match = _TIME.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise Invalid(f"'{value}' 不是时间", TIME_HINT)
    return time(int(match[1]), int(match[2]))


def _moment(value: Any) -> datetime | time:
    """A date and time, or only a time meaning 'on the day of this log'."""
    if isinstance(value, (datetime, time)):
        return value
    text = str(value).strip()
    match = _MOMENT.match(text)
    if match:
        day = parse_date(match[1])
        return datetime(day.year, day.month, day.day, int(match[2]), int(match[3]))
    if _TIME.match(text):
        return _time(text)
    raise Invalid(f"'{text}' 不是时间", "写 HH:MM（当天）或 YYYY-MM-DD HH:MM，如 2026-11-19 10:20")


def parse_week(value: Any) -> tuple[int, int]:
    match = _WEEK.match(str(value).strip())
    if match:
        year, week = int(match[1]), int(match[2])
        _year(year, str(value).strip())
        try:
            date.fromisocalendar(year, week, 1)
            return year, week
        except ValueError:
            raise Invalid(f"{year} 年没有第 {week} 周", "ISO 周从 W01 到 W52 或 W53") from None
    raise Invalid(f"'{value}' 不是周", "周写作 YYYY-Www，如 2026-W47")


def parse_month(value: Any) -> tuple[int, int]:
    match = _MONTH.match(str(value).strip())
    if match and 1 <= int(match[2]) <= 12:
        _year(int(match[1]), str(value).strip())
        return int(match[1]), int(match[2])
    raise Invalid(f"'{value}' 不是月份", "月份写作 YYYY-MM，如 2026-11")


def _text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _identifier(value: Any) -> Any:
    """An id may be all digits (a licence number); written without quotes YAML reads it as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise Invalid(f"编号 {value:g} 是小数", "编号只含字母、数字、- 和 _；全是数字的编号请加引号")
    return value


Day = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
Clock = Annotated[
    time,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern, "examples": ["09:30"]}),
]
Moment = Annotated[
    datetime | time,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"{_MOMENT.pattern}|{_TIME.pattern}",
            "examples": ["2026-11-19 10:20", "10:20"],
        }
    ),
]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
Ident = Annotated[str, BeforeValidator(_identifier), Field(pattern=ID_PATTERN)]
# A reference to an id defined elsewhere: checked against the definitions, with suggestions.
Ref = Annotated[str, BeforeValidator(_identifier), WithJsonSchema({"type": "string"})]
WeekName = Annotated[
    str,
    BeforeValidator(lambda v: "{}-W{:02d}".format(*parse_week(v))),
    WithJsonSchema({"type": "string", "pattern": _WEEK.pattern}),
]
MonthName = Annotated[
    str,
    BeforeValidator(lambda v: "{}-{:02d}".format(*parse_month(v))),
    WithJsonSchema({"type": "string", "pattern": _MONTH.pattern}),
]
Secret = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,}$")]


def _number(value: Any, *, whole: bool) -> Any:
    """Refuse what pydantic's lax mode would take for a number: true/false, NaN, infinity, huge values."""
    what = "整数" if whole else "数字"
    if isinstance(value, bool):
        raise Invalid(f"{str(value).lower()} 不是{what}", f"这里写{what}，如 0 或 3")
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"{value} 不是有限的{what}", f"这里写{what}，如 0 或 3")
    if isinstance(value, (int, float)) and abs(value) > (MAX_COUNT if whole else MAX_AMOUNT):
        limit = f"{MAX_COUNT:,}" if whole else "1 万亿"
        raise Invalid(f"{_short(value)} 太大了", f"这里的{what}不会超过 {limit}；检查是否多写了位数")
    return value


def _short(value: float) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}…（{len(text)} 位）"


Amount = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(ge=0)]
# A signed figure (a change in a balance can be negative): finite and bounded, never true/false.
Figure = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(allow_inf_nan=False)]
# Spans in team settings: bounded so that date and time arithmetic cannot overflow
# (`visit_minutes: 1e12` crashed a cross-check). Use with Field(gt=0) or Field(ge=0).
Days = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(le=3660)]
Hours = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(le=24 * 366, allow_inf_nan=False)]
Minutes = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(le=24 * 60 * 31)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Declared(BaseModel):
    """A record that may carry the team's own fields (customer_fields, visit_fields) as extra keys;
    validate.py checks them against the team's declarations."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})
