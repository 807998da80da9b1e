"""Stage 5, render pages: which pages the site has, each with what its template needs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from builder.derive import TREND_WEEKS, Derived
from builder.derive.attention import PersonAttention, by_person
from builder.derive.complaints import ComplaintCase, ComplaintState
from builder.derive.customers import CustomerView, ExpiryView, expiry_rows
from builder.derive.duties import RECENT, by_person_late
from builder.derive.forms import form_months
from builder.derive.links import log_month_url
from builder.derive.periods import PeriodSummary
from builder.derive.records import DayCounts, weekday_name
from builder.feeds import Feed
from builder.feeds.addresses import FeedKey
from builder.feeds.links import subscriptions
from builder.links import source_link
from builder.model import LogRecord
from builder.problems import Problem
from builder.site.forms import WEEK_FORMS, form_path, week_path
from builder.site.page_charts import kpi_chart, ranking_chart, team_trend, trend_chart
from builder.site.render import Page

HOME_TOP = 5  # items of each list on the home page; the rest are a link away
# A name searched for finds its person or customer first, before the logs and summaries that mention it.
PERSON_BOOST = 4.0
CUSTOMER_BOOST = 3.0


@dataclass(frozen=True)
class CustomerName:
    """What any page shows of a customer it names: the name (a link to its page) and whose it is."""

    name: str
    owner: str


def day_counts(d: Derived, logs: Iterable[LogRecord]) -> dict[tuple[str, date], DayCounts]:
    """What each of these logs counts, for the pages that list them (not shared by every page)."""
    return {(r.person, r.day): d.records.days[(r.person, r.day)] for r in logs}


def customer_names(d: Derived) -> dict[str, CustomerName]:
    return {key: CustomerName(view.customer.name, view.owner) for key, view in d.customers.items()}


@dataclass(frozen=True)
class QualityRow:
    problem: Problem
    url: str


Expiries = tuple[tuple[CustomerView, ExpiryView], ...]


def _by_owner(rows: Expiries) -> dict[str, Expiries]:
    found: dict[str, list[tuple[CustomerView, ExpiryView]]] = {}
    for row in rows:
        found.setdefault(row[0].owner, []).append(row)
    return {owner: tuple(listed) for owner, listed in found.items()}


def _person_pages(d: Derived, expiries: dict[str, Expiries], gathered: tuple[PersonAttention, ...]) -> Iterator[Page]:
    """The people page (`gathered`: what needs attention, by person) and each person's page."""
    still_open: dict[str, list[ComplaintCase]] = {}
    for case in d.records.complaints:
        if case.state is ComplaintState.OPEN:
            still_open.setdefault(case.person, []).append(case)
    yield Page(
        "people/", "团队成员", "people.md.j2", {"rows": d.home.month.rows, "persons": d.persons, "by_person": gathered}
    )
    for view in d.persons.values():
        extra: dict[str, object] = {
            "view": view,
            "days": day_counts(d, view.recent_logs),
            "expiries": expiries.get(view.person.id, ()),
            "today": next((day for day in view.week if day.day == d.as_of), None),
            "open_complaints": tuple(still_open.get(view.person.id, ())),
            "ledger": d.ledger,
            "duties": tuple(x for x in d.duties if x.person == view.person.id and x.due >= d.as_of - RECENT),
            "ledger_own": d.ledger.of(view.person.id) if d.ledger else (),
        }
        if view.this_month:
            extra["kpi_chart"] = kpi_chart(view.this_month, f"{view.person.name} 本月指标达成度", d.words("behind"))
        if view.trend:
            extra["trend_chart"] = trend_chart(list(zip(view.trend_keys, view.trend, strict=True)), d.words("visit"))
        yield Page(view.url, view.person.name, "person.md.j2", extra, boost=PERSON_BOOST)


def _log_pages(d: Derived) -> Iterator[Page]:
    """A page per person and month, a section per day: a month reads as one page and the site
    holds a few hundred log pages a year, not thousands."""
    months: dict[str, dict[str, list[LogRecord]]] = {}
    for record in d.records.logs:
        if record.day <= d.as_of:
            months.setdefault(record.person, {}).setdefault(log_month_url(record.person, record.day), []).append(record)
    missing = {(r.person.id, s.period.key): r.missing_logs for s in d.months for r in s.rows}
    for person, by_month in months.items():
        name = d.people[person].name if person in d.people else person
        urls = sorted(by_month)
        for i, url in enumerate(urls):
            records = sorted(by_month[url], key=lambda r: r.day, reverse=True)  # the latest day first
            first = records[-1].day
            absent = missing.get((person, f"{first.year}-{first.month:02d}"), ())
            yield Page(
                url,
                f"{name} · {first.year}年{first.month}月工作日志",
                "log.md.j2",
                {
                    "person": person,
                    "records": records,
                    "unreviewed": sum(1 for r in records if not r.signed),
                    "previous": urls[i - 1] if i else None,
                    "following": urls[i + 1] if i + 1 < len(urls) else None,
                    "weekdays": {day: d.words(weekday_name(day)) for day in [*(r.day for r in records), *absent]},
                    "days": day_counts(d, records),
                    "calendar": sorted(
                        [*((r.day, r) for r in records), *((day, None) for day in absent)],
                        key=lambda e: e[0],
                        reverse=True,
                    ),
                },
                searchable=False,  # what was said at each visit is indexed on the customer's page
                reusable=True,
            )


def _next_week(d: Derived, summary: PeriodSummary) -> tuple[tuple[str, bool, int], ...]:
    """From the week's last workday on: each manager of the week, whether next week's plan is in,
    and how many visits it plans."""
    views = [d.persons[r.person.id] for r in summary.rows if r.person.id in d.persons]
    return tuple(
        (v.person.id, v.next_week_submitted, sum(len(day.visits) for day in v.next_week))
        for v in views
        if v.next_week is not None
    )


def _period_pages(d: Derived, summaries: tuple[PeriodSummary, ...], kind: str) -> Iterator[Page]:
    title = "团队周报" if kind == "week" else "团队月报"
    periods = form_months(d.months) if kind == "month" else d.weeks[-WEEK_FORMS:]
    keys = [s.period.key for s in periods]
    path = form_path if kind == "month" else week_path
    titles = {s.period.key: s.period.title for s in summaries}
    forms = tuple((titles[k], path(k)) for k in reversed(keys) if k in titles)
    listing = {"summaries": tuple(reversed(summaries)), "kind": kind, "forms": forms}
    yield Page(f"{kind}s/", title, "periods.md.j2", listing)
    for i, summary in enumerate(summaries):
        context = {
            "summary": summary,
            "previous": summaries[i - 1].period if i else None,
            "following": summaries[i + 1].period if i + 1 < len(summaries) else None,
            "open_on": d.as_of if summary.period.end > d.as_of else None,  # a period not over is shown as of the day
            "ranking_chart": ranking_chart(summary, d.words("behind")),
            "by_customer": d.month_customers.get(summary.period.key, ()),
            "review": d.reviews[summary.period.key],
            "team_chart": kpi_chart(summary.team, f"{summary.period.title} 团队指标达成度", d.words("behind")),
            "trend_chart": team_trend(
                [w for w in d.weeks if w.period.start <= summary.period.end][-TREND_WEEKS:], d.words("visit")
            ),
            "next_week": _next_week(d, summary) if kind == "week" and summary.period.contains(d.as_of) else (),
            "duties": tuple(x for x in d.duties if summary.period.contains(x.due)),
            # a period not over links its workbook (its page changes by the day anyway); a closed one does not,
            # as its page must not change when the day moves on: the list of periods links them all
            "form": path(summary.period.key) if summary.period.key in keys and summary.period.end > d.as_of else None,
        }
        yield Page(summary.period.url, f"{title} · {summary.period.title}", "period.md.j2", context, reusable=True)


def pages(d: Derived, warnings: list[Problem], feed_list: list[Feed], key: FeedKey, *, listed: bool) -> list[Page]:
    """Every generated page of the site; `warnings` as published (masked, paths relative to the repository)."""
    expiries = expiry_rows(d.customers.values())
    by_owner = _by_owner(expiries)
    gathered = by_person(
        d.home.attention,
        {owner: len(rows) for owner, rows in by_owner.items()},
        d.ledger.overdue_by_person() if d.ledger else {},
        by_person_late(d.duties, d.as_of),
    )
    found = [_home_page(d, by_owner, gathered), *_person_pages(d, by_owner, gathered)]
    found += _customer_pages(d, expiries)
    found += _log_pages(d)
    found += _period_pages(d, d.weeks, "week")
    found += _period_pages(d, d.months, "month")
    if d.ledger is not None:
        found.append(Page("ledger/", d.words("ledger"), "ledger.md.j2", {"ledger": d.ledger}))
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


def _home_page(d: Derived, by_owner: dict[str, Expiries], gathered: tuple[PersonAttention, ...]) -> Page:
    """The home page: what needs attention first, the month's ranking and the weeks' trend."""
    return Page(
        "",
        "首页",
        "home.md.j2",
        {
            "home": d.home,
            "top": HOME_TOP,
            "reviewers": tuple(v for v in d.persons.values() if v.to_review),
            "ranking_chart": ranking_chart(d.home.month, d.words("behind")),
            "trend_chart": team_trend(d.weeks[-TREND_WEEKS:], d.words("visit")),
            "as_of": d.as_of,
            "expiries": tuple(by_owner.items()),
            "by_person": gathered,
        },
    )


def _customer_pages(d: Derived, expiries: Expiries) -> list[Page]:
    """The customers page and each customer's page."""
    found = [
        Page(
            "customers/",
            d.words("customer"),
            "customers.md.j2",
            {
                "rows": tuple(d.customers.values()),
                "freshness": d.home.freshness,
                "follow_ups": d.home.attention.follow_ups,
                "expiries": expiries,
            },
        )
    ]
    promised = d.ledger.promised() if d.ledger else {}
    found += [
        Page(
            c.url,
            c.customer.name,
            "customer.md.j2",
            {
                "view": c,
                "route": d.routes.get(c.id),
                "figures": d.customer_figures.get(c.id),
                "promise": promised.get(c.id),
            },
            boost=CUSTOMER_BOOST,
            reusable=True,
        )
        for c in d.customers.values()
    ]
    return found


def navigation(howto: list[str], team_pages: list[str], customers: str, ledger: str | None = None) -> list[object]:
    """The same nav whatever the day and however large the team (MkDocs renders it into every
    page, so a nav that changed with the week would change every page): the sections' own pages
    list the weeks, months, people and customers."""
    return [
        {"首页": "index.md"},
        {"团队周报": "weeks.md"},
        {"团队月报": "months.md"},
        {"团队成员": "people.md"},
        {customers: "customers.md"},
        *([{ledger: "ledger.md"}] if ledger else []),
        {"日历订阅": "subscribe.md"},
        {"数据质量": "quality.md"},
        *([{"团队页面": team_pages}] if team_pages else []),
        {"使用说明": howto},
    ]
