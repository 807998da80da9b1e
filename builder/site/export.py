"""The combined data as files people can take away: one JSON, and CSV tables for Excel.

Built from the published (masked) dataset and the derived views, so nothing here
is more revealing than the pages: birthdays are month and day (`--MM-DD`, as the
pages show them), and a figure that is not a finite number is left empty. CSV files
carry a UTF-8 byte-order mark so that Excel opens Chinese text correctly, and a cell
that Excel would read as a formula is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import Any

from builder.derive import Derived
from builder.kept import Kept, kept
from builder.model import Dataset, LogRecord

EXPORTS = (
    ("customers.csv", "客户及拜访状态"),
    ("visits.csv", "拜访记录"),
    ("calls.csv", "电话记录"),
    ("complaints.csv", "投诉记录"),
    ("figures.csv", "每日业绩"),
    ("kpi.csv", "月度指标完成"),
)


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell Excel shows as typed: never a formula, never 'nan'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, (date, time)):
        return _plain(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value  # OWASP: CSV injection
    return value


def _rows(rows: Iterable[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _csv(header: list[str], rows: Iterable[list[Any]] | str) -> bytes:
    """A table: its heading, then `rows` (already written when a string)."""
    return (_rows([header]) + (rows if isinstance(rows, str) else _rows(rows))).encode("utf-8-sig")


def finite(value: Any) -> Any:
    """The JSON-ready `value` with every NaN or infinity replaced by null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def _month_day(value: Any) -> Any:
    """An ISO date as month and day only (`--MM-DD`, ISO 8601 without the year)."""
    return f"--{value[5:]}" if isinstance(value, str) and len(value) == 10 else value


def _customer_file(data: dict[str, Any]) -> dict[str, Any]:
    for customer in data.get("customers", []):
        customer["birthday"] = _month_day(customer.get("birthday"))
        for person in customer.get("key_persons", []):
            person["birthday"] = _month_day(person.get("birthday"))
    return data


def _json(value: Any) -> bytes:
    text = json.dumps(finite(value), ensure_ascii=False, separators=(",", ":"), default=_plain, allow_nan=False)
    return text.encode("utf-8")


def combined_json(ds: Dataset, d: Derived, store: Kept[Any] | None = None) -> bytes:
    """Every file's data in one JSON document; `store` keeps each record's text between builds
    (the document is written as json.dumps writes the whole, a record at a time)."""

    def each(kind: str, records: Iterable[Any], dump: Callable[[Any], Any]) -> bytes:
        texts = (kept(store, (kind, id(r)), (r,), lambda: _json(dump(r))) for r in records)  # noqa: B023
        return b"[" + b",".join(texts) + b"]"

    parts = {
        "as_of": _json(d.as_of),
        "team": _json(d.team.model_dump(mode="json", by_alias=True, exclude={"feeds"})),
        "people": _json([p.model_dump(mode="json") for p in ds.people]),
        "customers": each(
            "customers", ds.customer_files, lambda r: _customer_file(r.file.model_dump(mode="json", by_alias=True))
        ),
        "logs": each(
            "logs",
            (r for r in ds.logs if r.day <= d.as_of),
            lambda r: {"person": r.person, **r.log.model_dump(mode="json")},
        ),
        "week_plans": each(
            "week_plans", ds.week_plans, lambda r: {"person": r.person, **r.plan.model_dump(mode="json")}
        ),
        "month_plans": each(
            "month_plans", ds.month_plans, lambda r: {"person": r.person, **r.plan.model_dump(mode="json")}
        ),
    }
    return b"{" + b",".join(_json(key) + b":" + text for key, text in parts.items()) + b"}"


def exports(ds: Dataset, d: Derived, store: Kept[Any] | None = None) -> dict[str, bytes]:
    """File name (under export/) -> bytes; `store` keeps what each record gives between builds (portal serve)."""
    names = {p: person.name for p, person in d.people.items()}
    customer_names = {c: v.customer.name for c, v in d.customers.items()}
    logs = [r for r in ds.logs if r.day <= d.as_of]
    # what a log's rows show besides the log: compared once, not for every log
    shown_with = kept(store, "rows show", (names, customer_names, d.words, d.team, d.as_of), object)

    def by_log(table: str, rows: Callable[[LogRecord], Iterable[list[Any]]]) -> str:
        return "".join(kept(store, (table, id(r)), (r, shown_with), lambda: _rows(rows(r))) for r in logs)  # noqa: B023

    def of_log(items: Iterable[Any]) -> Callable[[LogRecord], list[Any]]:
        grouped: dict[tuple[str, date], list[Any]] = {}
        for item in items:
            grouped.setdefault((item.person, item.day), []).append(item)
        return lambda r: grouped.get((r.person, r.day), [])

    visits, calls, complaints = of_log(d.records.visits), of_log(d.records.calls), of_log(d.records.complaints)
    files = {"portal.json": combined_json(ds, d, store)}
    files["customers.csv"] = _csv(
        ["编号", "名称", "分类", "类型", "重点", "负责人", "状态", "上次拜访", "应访日期", "下次计划"],
        (
            [
                c.id,
                c.customer.name,
                c.customer.class_,
                d.words(c.customer.type or ""),
                "是" if c.customer.key else "",
                names.get(c.owner, c.owner),
                d.words(c.freshness),
                c.last_visit,
                c.due,
                c.next_planned.day if c.next_planned else None,
            ]
            for c in d.customers.values()
        ),
    )
    files["visits.csv"] = _csv(
        ["日期", "时间", "经理", "客户编号", "客户", "方式", "目的", "效果", "下次拜访"],
        by_log(
            "visits.csv",
            lambda r: (
                [
                    v.day,
                    v.visit.time,
                    names.get(v.person, v.person),
                    v.visit.customer,
                    customer_names.get(v.visit.customer, ""),
                    d.words(v.method),
                    v.visit.purpose,
                    v.visit.effect,
                    v.visit.next_visit,
                ]
                for v in visits(r)
                if v.done  # a visit without its result is still a plan
            ),
        ),
    )
    files["calls.csv"] = _csv(
        ["日期", "时间", "经理", "客户编号", "结果"],
        by_log(
            "calls.csv",
            lambda r: (
                [c.day, c.call.time, names.get(c.person, c.person), c.call.customer, c.call.outcome] for c in calls(r)
            ),
        ),
    )
    steps = d.team.complaints.steps
    files["complaints.csv"] = _csv(
        ["收到", "经理", "客户编号", "类别", "产品", "内容", *(s.label for s in steps), "上报", "状态", "超时环节"],
        by_log(
            "complaints.csv",
            lambda r: (
                [
                    c.received.isoformat(" ", "minutes"),
                    names.get(c.person, c.person),
                    c.complaint.customer,
                    c.complaint.category,
                    c.complaint.product,
                    c.complaint.summary,
                    *(s.done.isoformat(" ", "minutes") if s.done else None for s in c.steps),
                    c.escalated.isoformat(" ", "minutes") if c.escalated else None,
                    d.words(c.state),
                    "、".join(s.step.label for s in c.late_steps),
                ]
                for c in complaints(r)
            ),
        ),
    )
    metrics = d.team.metrics
    files["figures.csv"] = _csv(
        ["日期", "经理", *(f"{m.label}（{m.unit}）" if m.unit else m.label for m in metrics)],
        by_log(
            "figures.csv",
            lambda r: [[r.day, names.get(r.person, r.person), *(r.log.figures.get(m.id) for m in metrics)]],
        ),
    )
    files["kpi.csv"] = _csv(
        ["月份", "经理", "指标", "目标", "完成", "完成率%", "时间进度%", "达成度%", "落后", "排名"],
        (
            [
                s.period.key,
                row.person.name,
                k.metric.label,
                k.target,
                k.actual,
                k.percent,
                k.expected,
                k.attainment,
                "是" if k.behind else "",
                row.rank,
            ]
            for s in d.months
            for row in s.rows
            for k in row.kpis
        ),
    )
    return files
