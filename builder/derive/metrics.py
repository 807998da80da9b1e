"""What a metric's number means, by its kind: one definition used by every page.

- amount, count: the figures of the period added up; the month's target is shared out
  over the working days (a count's share stays a whole number), and progress is judged
  against the share of the period's working days that have passed.
- rate: a ratio of two metrics' sums (`of: [numerator, denominator]`) or the average of
  the rates written down; never added up across days or people, never prorated by time.
- level: the latest value (a balance); never added up over days, never prorated.
- better: lower: the target is a ceiling (投诉数, 退货率); behind when above it.

`attainment` is the one score behind ranking, bars and colours: 100 means on target
(for amounts and counts: on pace with the time elapsed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean

from builder.schema import Better, Metric, MetricKind

PACE_TOLERANCE = 90.0  # amounts and counts count as behind below 90% of the pace
SCORE_CAP = 150.0


def summed(metric: Metric) -> bool:
    return metric.kind in (MetricKind.AMOUNT, MetricKind.COUNT)


def prorated(metric: Metric) -> bool:
    """Whether a period's progress is judged against the time elapsed: sums, and a rate whose
    numerator accumulates over a fixed denominator (`paced`)."""
    return (summed(metric) or (metric.kind is MetricKind.RATE and metric.paced)) and metric.better is Better.HIGHER


def _ratio(metric: Metric, numerator: float, denominator: float) -> float | None:
    if not denominator:
        return None
    scale = 100 if metric.unit.strip() == "%" else 1
    return round(numerator / denominator * scale, 2)


def value(metric: Metric, figures: dict[str, list[tuple[date, float]]]) -> float | None:
    """The metric's value over the figures of one period (metric id -> (day, value) pairs).

    A rate with `of` is computed from its two metrics' sums, so `figures` holds theirs too.
    None when there is nothing to compute it from (a rate or level with no figure)."""
    own = figures.get(metric.id, [])
    if metric.kind is MetricKind.RATE and len(metric.of) == 2:
        numerator, denominator = (sum(v for _, v in figures.get(m, [])) for m in metric.of)
        return _ratio(metric, numerator, denominator)
    if metric.kind is MetricKind.RATE and own:
        return own[-1][1] if metric.latest else round(mean(v for _, v in own), 2)  # `own` is in date order
    if metric.kind is MetricKind.RATE:
        return None
    if metric.kind is MetricKind.LEVEL:
        return max(own)[1] if own else None
    return round(sum(v for _, v in own), 2)


def team_value(metric: Metric, values: Sequence[float | None], parts: Sequence[tuple[float, float]]) -> float | None:
    """The team's value from its people's: sums add up, levels add up (a team's balance),
    rates are the ratio of the team's sums (`parts`: each person's numerator and denominator)
    or, for rates written down, the average of the people's rates."""
    known = [v for v in values if v is not None]
    if metric.kind is MetricKind.RATE and len(metric.of) == 2:
        return _ratio(metric, sum(n for n, _ in parts), sum(d for _, d in parts))
    if metric.kind is MetricKind.RATE:
        return round(mean(known), 2) if known else None
    if not known and metric.kind is MetricKind.LEVEL:
        return None
    return round(sum(known), 2)


def team_target(metric: Metric, targets: Sequence[float]) -> float | None:
    if not targets:
        return None
    if metric.kind is MetricKind.RATE:
        return round(mean(targets), 2)
    return round(sum(targets), 2)


def share(metric: Metric, target: float, done_before: int, done_until: int, whole: int) -> float:
    """The part of a month's `target` that falls on a span of its working days: from after
    the `done_before`-th to the `done_until`-th of its `whole` working days. A count's
    shares are whole numbers that add up to the month's target; rates and levels are
    not shared out at all."""
    if not summed(metric):
        return target
    if not whole:
        return 0.0
    if metric.kind is MetricKind.COUNT:
        return float(round(target * done_until / whole) - round(target * done_before / whole))
    return round(target * (done_until - done_before) / whole, 2)


@dataclass(frozen=True)
class Progress:
    percent: float | None  # the value as a share of the target
    attainment: float | None  # 100 = on target (on pace for amounts and counts)
    behind: bool


def progress(metric: Metric, actual: float | None, target: float | None, elapsed: float) -> Progress:
    """How a value stands against its target, `elapsed` being the % of the period's working time passed."""
    if actual is None or not target:
        return Progress(None, None, False)
    percent = round(actual / target * 100, 1)
    if metric.better is Better.LOWER:
        attainment = SCORE_CAP if actual <= 0 else min(round(target / actual * 100, 1), SCORE_CAP)
        return Progress(percent, attainment, actual > target)
    if prorated(metric):
        paced = min(round(percent / elapsed * 100, 1), SCORE_CAP) if elapsed else None
        return Progress(percent, paced, paced is not None and paced < PACE_TOLERANCE)
    return Progress(percent, min(percent, SCORE_CAP), actual < target)
