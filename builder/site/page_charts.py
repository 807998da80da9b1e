"""The charts of the pages: attainment bars with their legend, the ranking, visits by week."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from builder.derive.metrics import PACE_TOLERANCE, SCORE_CAP
from builder.derive.periods import PeriodSummary, PersonPeriod
from builder.site import charts


def _finite(value: float | None) -> float | None:
    """None for a figure that is not a number (NaN, infinity), so that no page shows 'nan%'."""
    return value if value is not None and math.isfinite(value) else None


LEGEND = Markup(
    '<p class="portal-legend">达成度：蓝色的条是达成度，灰色虚线是 100%，即按目标应达到的水平（金额和个数按已过的工作日'
    "折算进度，比率和余额直接与目标比，越低越好的指标以不超过目标为达标），最高记 "
    f"{SCORE_CAP:.0f}%；落后的条为红色，旁边标有“落后”。</p>"
)


def kpi_chart(row: PersonPeriod, title: str, behind: str) -> Markup:
    rows = [
        charts.Bar(k.metric.label, a, f"{a:.0f}%" if a is not None else "未设目标", k.behind)
        for k in row.kpis
        for a in [_finite(k.attainment)]
    ]
    return charts.bars(rows, reference=100.0, title=title, warn_text=behind) + LEGEND


def ranking_chart(summary: PeriodSummary, behind: str) -> Markup:
    """Each person's average attainment (100 = on target); red when clearly behind."""
    rows = [
        charts.Bar(r.person.name, s, f"{s:.0f}%" if s is not None else "—", s is not None and s < PACE_TOLERANCE)
        for r in summary.rows
        for s in [_finite(r.score)]
    ]
    title = f"{summary.period.title} 指标平均达成度"
    return charts.bars(rows, reference=100.0, title=title, warn_text=behind) + LEGEND


def team_trend(weeks: Sequence[PeriodSummary], visit: str) -> Markup:
    return trend_chart([(w.period.key, w.team) for w in weeks], visit)


def trend_chart(weeks: Sequence[tuple[str, PersonPeriod]], visit: str) -> Markup:
    """Planned, done and actual visits by week; `weeks` are (week key, the team's or a person's row);
    `visit`, the team's word for a visit."""
    return charts.lines(
        [key[-3:] for key, _ in weeks],
        [
            (f"计划{visit}", [float(r.planned) for _, r in weeks]),
            ("已完成计划", [float(r.planned_done) for _, r in weeks]),
            (f"实际{visit}", [float(r.visits) for _, r in weeks]),
        ],
        title=f"每周{visit}趋势",
    )
