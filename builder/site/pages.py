"""Stage 5, render pages: which pages the site has, each with what its template needs."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

import segno
from markupsafe import Markup

from builder.derive import Derived
from builder.derive.periods import PeriodSummary, PersonPeriod
from builder.derive.records import weekday_name
from builder.feeds import Feed
from builder.labels import label
from builder.links import source_link, web_address_problem
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


def kpi_chart(row: PersonPeriod, title: str) -> Markup:
    rows = []
    for k in row.kpis:
        percent = _finite(k.percent)
        rows.append(
            charts.Bar(k.metric.label, percent, f"{percent:.0f}%" if percent is not None else "未设目标", k.behind)
        )
    return charts.bars(rows, reference=_finite(row.kpis[0].expected) if row.kpis else None, title=title)


def ranking_chart(summary: PeriodSummary) -> Markup:
    """Average completion per person; red when clearly behind the time elapsed."""
    reference = _finite(summary.team.kpis[0].expected) if summary.team.kpis else None

    def behind(score: float | None) -> bool:
        return score is not None and reference is not None and score < reference * 0.9

    scores = [(r, _finite(r.score)) for r in summary.rows]
    rows = [charts.Bar(r.person.name, s, f"{s:.0f}%" if s is not None else "—", behind(s)) for r, s in scores]
    return charts.bars(rows, reference=reference, title=f"{summary.period.title} 指标平均完成率")


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
            extra["kpi_chart"] = kpi_chart(view.this_month, f"{view.person.name} 本月指标完成率")
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
            "ranking_chart": ranking_chart(summary),
            "team_chart": kpi_chart(summary.team, f"{summary.period.title} 团队指标完成率"),
            "trend_chart": trend_chart(d.weeks[max(0, i - 7) : i + 1] if kind == "week" else d.weeks[-8:]),
        }
        yield Page(summary.period.url, f"{title} · {summary.period.title}", "period.md.j2", context)


@dataclass(frozen=True)
class FeedLink:
    feed: Feed
    https: str
    webcal: str
    qr: Markup


def feed_links(d: Derived, feed_list: list[Feed]) -> list[FeedLink]:
    """The feeds the subscribe page may show: those without a secret in their address."""
    usable = d.team.site_url and not web_address_problem(d.team.site_url)
    base = d.team.site_url.rstrip("/") + "/" if usable else ""
    links = []
    for feed in feed_list:
        if feed.secret:
            continue
        https = base + feed.path if base else ""
        webcal = "webcal://" + https.split("://", 1)[1] if https else ""
        qr = (
            Markup(segno.make(https, micro=False).svg_inline(scale=3, dark="#000", light="#fff")) if https else Markup()
        )
        links.append(FeedLink(feed, https, webcal, qr))
    return links


def pages(d: Derived, warnings: list[Problem], feed_list: list[Feed]) -> list[Page]:
    """Every generated page of the site; `warnings` as published (masked, paths relative to the repository)."""
    home = Page(
        "",
        "本周概览",
        "home.md.j2",
        {
            "home": d.home,
            "ranking_chart": ranking_chart(d.home.month),
            "trend_chart": trend_chart(d.weeks[-8:]),
        },
    )
    found = [home, *_person_pages(d)]
    found.append(Page("customers/", "客户", "customers.md.j2", {"rows": tuple(d.customers.values())}))
    found += [Page(c.url, c.customer.name, "customer.md.j2", {"view": c}) for c in d.customers.values()]
    for record in d.records.logs:
        if record.day <= d.as_of:
            name = d.people[record.person].name if record.person in d.people else record.person
            found.append(
                Page(
                    f"logs/{record.person}/{record.day.isoformat()}/",
                    f"{name} · {record.day.month}月{record.day.day}日工作日志",
                    "log.md.j2",
                    {"record": record, "weekday": label(weekday_name(record.day))},
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
            {
                "links": feed_links(d, feed_list),
                "hidden": [f for f in feed_list if f.secret],
            },
        )
    )
    return found


def _md(url: str) -> str:
    return url.rstrip("/") + ".md"


def navigation(d: Derived, content_pages: list[str]) -> list[object]:
    """A small nav: people, weeks and months; customers and logs are reached from pages and search."""
    return [
        {"首页": "index.md"},
        {"团队周报": [{"全部周报": "weeks.md"}, *({s.period.title: _md(s.period.url)} for s in reversed(d.weeks))]},
        {"团队月报": [{"全部月报": "months.md"}, *({s.period.title: _md(s.period.url)} for s in reversed(d.months))]},
        {"团队成员": [{"全部成员": "people.md"}, *({escape(v.person.name): _md(v.url)} for v in d.persons.values())]},
        {"客户": "customers.md"},
        {"日历订阅": "subscribe.md"},
        {"数据质量": "quality.md"},
        *([{"使用说明": content_pages}] if content_pages else []),
    ]
