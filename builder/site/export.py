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
    ("customers.csv", "{customer}及{visit}状态"),  # {customer}, {visit}: as the team says them
    ("visits.csv", "{visit}记录"),
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
    try:  # nearly every value is finite: walk it again only when JSON finds one that is not
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain, allow_nan=False)
    except ValueError:
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
    tables = _Tables(ds, d, store)
    return {
        "portal.json": combined_json(ds, d, store),
        "customers.csv": tables.customers(),
        "visits.csv": tables.visits(),
        "calls.csv": tables.calls(),
        "complaints.csv": tables.complaints(),
        "figures.csv": tables.figures(),
        "kpi.csv": _kpi(d),
    }


def _of_log(items: Iterable[Any]) -> Callable[[LogRecord], list[Any]]:
    grouped: dict[tuple[str, date], list[Any]] = {}
    for item in items:
        grouped.setdefault((item.person, item.day), []).append(item)
    return lambda r: grouped.get((r.person, r.day), [])


class _Tables:
    """The CSV tables; the rows of each log are written once and kept (portal serve) until it changes."""

    def __init__(self, ds: Dataset, d: Derived, store: Kept[Any] | None) -> None:
        self.d, self.store = d, store
        self.names = {p: person.name for p, person in d.people.items()}
        self.manager, self.customer, self.visit = d.words("manager"), d.words("customer"), d.words("visit")
        self.customer_names = {c: v.customer.name for c, v in d.customers.items()}
        self.logs = [r for r in ds.logs if r.day <= d.as_of]
        # what a log's rows show besides the log: compared once, not for every log
        self.shown_with = kept(store, "rows show", (self.names, self.customer_names, d.words, d.team, d.as_of), object)

    def _name(self, person: str) -> str:
        return self.names.get(person, person)

    def _by_log(self, table: str, header: list[str], rows: Callable[[LogRecord], Iterable[list[Any]]]) -> bytes:
        store, shown_with = self.store, self.shown_with
        text = "".join(kept(store, (table, id(r)), (r, shown_with), lambda: _rows(rows(r))) for r in self.logs)  # noqa: B023
        return _csv(header, text)

    def customers(self) -> bytes:
        d = self.d
        header = ["编号", "名称", "分类", "类型", "重点", "负责人", "状态", f"上次{self.visit}", "应访日期", "下次计划"]
        return _csv(
            header,
            (
                [
                    c.id,
                    c.customer.name,
                    c.customer.class_,
                    d.words(c.customer.type or ""),
                    "是" if c.customer.key else "",
                    self._name(c.owner),
                    d.words(c.freshness),
                    c.last_visit,
                    c.due,
                    c.next_planned.day if c.next_planned else None,
                ]
                for c in d.customers.values()
            ),
        )

    def visits(self) -> bytes:
        d, visits = self.d, _of_log(self.d.records.visits)
        who = [self.manager, self.customer + "编号", self.customer]
        header = ["日期", "时间", *who, "方式", "目的", "效果", f"下次{self.visit}"]
        return self._by_log(
            "visits.csv",
            header,
            lambda r: (
                [
                    v.day,
                    v.visit.time,
                    self._name(v.person),
                    v.visit.customer,
                    self.customer_names.get(v.visit.customer, ""),
                    d.words(v.method),
                    v.visit.purpose,
                    v.visit.effect,
                    v.visit.next_visit,
                ]
                for v in visits(r)
                if v.done  # a visit without its result is still a plan
            ),
        )

    def calls(self) -> bytes:
        calls = _of_log(self.d.records.calls)
        return self._by_log(
            "calls.csv",
            ["日期", "时间", self.manager, self.customer + "编号", "结果"],
            lambda r: ([c.day, c.call.time, self._name(c.person), c.call.customer, c.call.outcome] for c in calls(r)),
        )

    def complaints(self) -> bytes:
        d, complaints = self.d, _of_log(self.d.records.complaints)
        steps = d.team.complaints.steps
        header = [
            "收到",
            self.manager,
            self.customer + "编号",
            "类别",
            "产品",
            "内容",
            *(s.label for s in steps),
            "上报",
            "状态",
            "超时环节",
        ]
        return self._by_log(
            "complaints.csv",
            header,
            lambda r: (
                [
                    _minutes(c.received),
                    self._name(c.person),
                    c.complaint.customer or f"{c.complaint.complainant}（{c.complaint.address}）",
                    c.complaint.category,
                    c.complaint.product,
                    c.complaint.summary,
                    *(_minutes(state.done) if (state := c.step(s.id)) else None for s in steps),
                    _minutes(c.escalated),
                    d.words(c.state),
                    "、".join(s.step.label for s in c.late_steps),
                ]
                for c in complaints(r)
            ),
        )

    def figures(self) -> bytes:
        metrics = self.d.team.metrics
        return self._by_log(
            "figures.csv",
            ["日期", self.manager, *(f"{m.label}（{m.unit}）" if m.unit else m.label for m in metrics)],
            lambda r: [[r.day, self._name(r.person), *(r.log.figures.get(m.id) for m in metrics)]],
        )


def _minutes(moment: datetime | None) -> str | None:
    return moment.isoformat(" ", "minutes") if moment else None


def _kpi(d: Derived) -> bytes:
    return _csv(
        ["月份", d.words("manager"), "指标", "目标", "完成", "完成率%", "时间进度%", "达成度%", "落后", "排名"],
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
