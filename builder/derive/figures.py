"""Figures per customer: what visits recorded for each customer (订货量, 销量 …), by month.

A metric marked `per_customer` may be written on a visit; a rate whose two parts are
kept per customer (条均价 = 订货金额 / 订货量) is computed per customer as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive import metrics
from builder.derive.periods import Period, month_of
from builder.derive.records import Records
from builder.schema import Metric, Team

MONTHS_SHOWN = 6
TOP_CUSTOMERS = 10

Figures = dict[str, list[tuple[date, float]]]  # metric id -> (day, value)


def customer_metrics(team: Team) -> list[Metric]:
    """The metrics a customer has a value of: those kept per customer, and rates of two such."""
    own = {m.id for m in team.metrics if m.per_customer}
    return [m for m in team.metrics if m.id in own or (m.of and set(m.of) <= own)]


def by_customer(records: Records, as_of: date) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    for visit in records.visits:
        if visit.day <= as_of:
            for metric, number in visit.visit.figures.items():
                found.setdefault(visit.visit.customer, {}).setdefault(metric, []).append((visit.day, number))
    return found


def _within(figures: Figures, period: Period) -> Figures:
    return {m: [(d, v) for d, v in values if period.contains(d)] for m, values in figures.items()}


@dataclass(frozen=True)
class FigureRow:
    metric: Metric
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class CustomerFigures:
    months: tuple[str, ...]
    rows: tuple[FigureRow, ...]


def customer_figures(team: Team, figures: dict[str, Figures], as_of: date) -> dict[str, CustomerFigures]:
    """Customer id -> its figures for each of the last months, oldest first."""
    wanted = customer_metrics(team)
    if not wanted:
        return {}
    months: list[Period] = []
    period = month_of(as_of)
    while len(months) < MONTHS_SHOWN:
        months.insert(0, period)
        period = month_of(period.start - timedelta(days=1))
    names = tuple(f"{p.start.month}月" for p in months)
    result = {}
    for customer, own in figures.items():
        first = min(day for values in own.values() for day, _ in values)  # nothing recorded before: "—", not 0
        rows = tuple(
            FigureRow(
                m,
                tuple(
                    metrics.value(m, _within(own, p)) if (own.get(m.id) or m.of) and p.end >= first else None
                    for p in months
                ),
            )
            for m in wanted
        )
        result[customer] = CustomerFigures(names, rows)
    return result


@dataclass(frozen=True)
class Ranked:
    customer: str
    value: float


@dataclass(frozen=True)
class Silent:
    customer: str
    reason: str  # the last reason given on a visit this month, if any


@dataclass(frozen=True)
class MetricCustomers:
    metric: Metric
    top: tuple[Ranked, ...]
    silent: tuple[Silent, ...]


def month_customers(
    team: Team, figures: dict[str, Figures], records: Records, customers: list[str], period: Period
) -> tuple[MetricCustomers, ...]:
    """For each summed per-customer metric: the customers with most this month, and those with none."""
    found = []
    for metric in team.metrics:
        if not (metric.per_customer and metrics.summed(metric)):
            continue
        values = {c: metrics.value(metric, _within(figures.get(c, {}), period)) or 0.0 for c in customers}
        if not any(values.values()):
            continue
        reasons: dict[str, str] = {}
        if metric.reason_field:
            for visit in records.visits:
                reason = visit.visit.fields.get(metric.reason_field)
                if period.contains(visit.day) and reason:
                    reasons[visit.visit.customer] = str(reason)
        ranked = sorted((c for c in customers if values[c]), key=lambda c: (-values[c], c))
        found.append(
            MetricCustomers(
                metric,
                tuple(Ranked(c, values[c]) for c in ranked[:TOP_CUSTOMERS]),
                tuple(Silent(c, reasons.get(c, "")) for c in customers if not values[c]),
            )
        )
    return tuple(found)
