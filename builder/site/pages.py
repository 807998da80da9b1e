"""Stage 5, render pages: which pages the site has, each with what its template needs."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from builder.derive import Derived
from builder.derive.metrics import PACE_TOLERANCE
from builder.derive.periods import PeriodSummary, PersonPeriod
from builder.derive.records import weekday_name
from builder.feeds import Feed
from builder.feeds.addresses import FeedKey
from builder.feeds.links import subscriptions
from builder.links import source_link
from builder.problems import Problem
from builder.site import charts
from builder.site.render import Page


@dataclass(frozen=True)
class QualityRow:
    problem: Problem
    url: str


def _finite(value: float | None) -> float | None:
    """None for a figure that is not a number (NaN, infinity), so that no page shows 'nan%'."""
    return value if value is not None and math.isfinite(value) else None


LEGEND = Markup(
    '<p class="portal-legend">达成度：蓝色的条是达成度，灰色虚线是 100%，即按目标应达到的水平（金额和个数按已过的工作日'
    "折算进度，比率和余额直接与目标比，越低越好的指标以不超过目标为达标）；落后的条为红色，旁边标有“落后”。</p>"
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


def trend_chart(weeks: tuple[PeriodSummary, ...], person: str | None = None) -> Markup:
    def row(week: PeriodSummary) -> PersonPeriod | None:
        if person is None:
            return week.team
        return next((r for r in week.rows if r.person.id == person), None)

    picked = [(w, r) for w in weeks if (r := row(w)) is not None]
    return charts.lines(
        [w.period.key[-3:] for w, _ in picked],
        [
            ("计划拜访", [float(r.planned) for _, r in picked]),
            ("完成计划", [float(r.planned_done) for _, r in picked]),
            ("实际拜访", [float(r.visits) for _, r in picked]),
        ],
        title="每周拜访趋势",
    )


def _person_pages(d: Derived) -> Iterator[Page]:
    yield Page("people/", "团队成员", "people.md.j2", {"rows": d.home.month.rows, "persons": d.persons})
    for view in d.persons.values():
        extra: dict[str, object] = {"view": view}
        if view.this_month:
            extra["kpi_chart"] = kpi_chart(view.this_month, f"{view.person.name} 本月指标完成率", d.words("behind"))
        if view.trend:
            extra["trend_chart"] = trend_chart(d.weeks[-8:], view.person.id)
        yield Page(view.url, view.person.name, "person.md.j2", extra)


def _period_pages(d: Derived, summaries: tuple[PeriodSummary, ...], kind: str) -> Iterator[Page]:
    title = "团队周报" if kind == "week" else "团队月报"
    yield Page(f"{kind}s/", title, "periods.md.j2", {"summaries": tuple(reversed(summaries)), "kind": kind})
    for i, summary in enumerate(summaries):
        context = {
            "summary": summary,
            "previous": summaries[i - 1] if i else None,
            "following": summaries[i + 1] if i + 1 < len(summaries) else None,
            "ranking_chart": ranking_chart(summary, d.words("behind")),
            "by_customer": d.month_customers.get(summary.period.key, ()),
            "team_chart": kpi_chart(summary.team, f"{summary.period.title} 团队指标完成率", d.words("behind")),
            "trend_chart": trend_chart(d.weeks[max(0, i - 7) : i + 1] if kind == "week" else d.weeks[-8:]),
        }
        yield Page(summary.period.url, f"{title} · {summary.period.title}", "period.md.j2", context)


def pages(d: Derived, warnings: list[Problem], feed_list: list[Feed], key: FeedKey, *, listed: bool) -> list[Page]:
    """Every generated page of the site; `warnings` as published (masked, paths relative to the repository)."""
    home = Page(
        "",
        "本周概览",
        "home.md.j2",
        {
            "home": d.home,
            "ranking_chart": ranking_chart(d.home.month, d.words("behind")),
            "trend_chart": trend_chart(d.weeks[-8:]),
        },
    )
    found = [home, *_person_pages(d)]
    found.append(Page("customers/", "客户", "customers.md.j2", {"rows": tuple(d.customers.values())}))
    found += [
        Page(
            c.url,
            c.customer.name,
            "customer.md.j2",
            {"view": c, "route": d.routes.get(c.id), "figures": d.customer_figures.get(c.id)},
        )
        for c in d.customers.values()
    ]
    for record in d.records.logs:
        if record.day <= d.as_of:
            name = d.people[record.person].name if record.person in d.people else record.person
            found.append(
                Page(
                    f"logs/{record.person}/{record.day.isoformat()}/",
                    f"{name} · {record.day.month}月{record.day.day}日工作日志",
                    "log.md.j2",
                    {"record": record, "weekday": d.words(weekday_name(record.day))},
                )
            )
    found += _period_pages(d, d.weeks, "week")
    found += _period_pages(d, d.months, "month")
    rows = [QualityRow(p, source_link(d.team.source_url, p.path, p.line or 1)) for p in warnings]
    found.append(Page("quality/", "数据质量", "quality.md.j2", {"rows": rows}))
    found.append(
        Page(
            "subscribe/",
            "日历订阅",
            "subscribe.md.j2",
            {"subscriptions": subscriptions(d, feed_list, listed=listed, development=key.development)},
            searchable=False,  # feed addresses never reach the search index
        )
    )
    return found


def _md(url: str) -> str:
    return url.rstrip("/") + ".md"


def navigation(d: Derived, howto: list[str], team_pages: list[str]) -> list[object]:
    """A small nav: people, weeks and months; customers and logs are reached from pages and search."""
    return [
        {"首页": "index.md"},
        {"团队周报": [{"全部周报": "weeks.md"}, *({s.period.title: _md(s.period.url)} for s in reversed(d.weeks))]},
        {"团队月报": [{"全部月报": "months.md"}, *({s.period.title: _md(s.period.url)} for s in reversed(d.months))]},
        {"团队成员": [{"全部成员": "people.md"}, *({escape(v.person.name): _md(v.url)} for v in d.persons.values())]},
        {"客户": "customers.md"},
        {"日历订阅": "subscribe.md"},
        {"数据质量": "quality.md"},
        *([{"团队页面": team_pages}] if team_pages else []),
        {"使用说明": howto},
    ]
