"""What needs attention: the review backlog, review coverage of a period and the home page's lists,
derived on a small team with two supervisors, then shown on the pages of its built site."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from test_derive import AS_OF, FILES

from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from conftest import portal, write_files

# AS_OF is Friday 2026-11-06 (week 45): logs of week 44 and before are due for review.
TEAM = {
    **FILES,
    "team.yaml": FILES["team.yaml"]
    .replace("  - {id: C, label: C类}\n", "  - {id: C, label: C类}\n  - {id: B, label: B类}\n")
    .replace("visit_rules:\n", "visit_rules:\n  - {when: {class: B}, every_days: 5}\n"),
    "people.yaml": """- {id: boss, name: 主管, role: supervisor}
- {id: chief, name: 老周, role: supervisor}
- {id: ann, name: 安娜, supervisor: boss}
- {id: bob, name: "<b>鲍勃</b>", supervisor: chief}
""",
    "customers/bob.yaml": """owner: bob
customers:
  - {id: b1, name: 戊公司, class: B}
  - {id: b2, name: 己商行, class: B}
""",
    "plans/bob/2026-11.yaml": "month: 2026-11\ntargets: {deposits: 1000}\n",
    "logs/ann/2026-10-26.yaml": "date: 2026-10-26\n",
    "logs/ann/2026-10-27.yaml": "date: 2026-10-27\nreview: {by: boss, date: 2026-11-02}\n",
    "logs/ann/2026-10-29.yaml": "date: 2026-10-29\n",
    "logs/bob/2026-10-27.yaml": 'date: 2026-10-27\nvisits:\n  - {time: "09:00", customer: b2, discussion: 谈了}\n',
    "logs/bob/2026-10-30.yaml": 'date: 2026-10-30\nvisits:\n  - {time: "09:00", customer: b1, discussion: 谈了}\n',
    "logs/bob/2026-11-04.yaml": "date: 2026-11-04\n",
}


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> Derived:
    root = write_files(tmp_path_factory.mktemp("team"), TEAM)
    checked = check(root, AS_OF)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)


def test_logs_of_past_weeks_without_a_review_wait_oldest_first_with_their_age(derived):
    backlog = derived.home.attention.unreviewed
    assert [b.person.id for b in backlog] == ["ann", "bob"]  # ann's oldest (10-26) waits longest
    ann, bob = backlog
    # 10-27 is reviewed; 11-02 and later are of this week, not due yet
    assert [(p.day, p.days, p.workdays) for p in ann.logs] == [
        (date(2026, 10, 26), 11, 9),  # working days after it: 10-27 … 10-30 and 11-02 … 11-06
        (date(2026, 10, 29), 8, 6),
    ]
    assert [(p.day, p.days, p.workdays) for p in bob.logs] == [(date(2026, 10, 27), 10, 8), (date(2026, 10, 30), 7, 5)]
    assert ann.oldest.url == "logs/ann/2026-10/#2026-10-26" and ann.oldest.week == "2026-W44"
    assert derived.home.attention.unreviewed_logs == 4


def test_each_supervisor_sees_the_backlog_of_their_own_group(derived):
    assert [(b.person.id, len(b.logs)) for b in derived.persons["boss"].to_review] == [("ann", 2)]
    assert [(b.person.id, len(b.logs)) for b in derived.persons["chief"].to_review] == [("bob", 2)]
    assert derived.persons["ann"].to_review == ()
    assert [p.day.day for p in derived.persons["ann"].unreviewed] == [26, 29]


def test_review_coverage_of_a_week_and_a_month_per_person_and_team(derived):
    week44 = derived.reviews["2026-W44"]
    counts = {r.person.id: (r.logs, r.reviewed, r.waiting) for r in week44.rows_and_team}
    assert counts == {"ann": (3, 1, 2), "bob": (2, 0, 2), "team": (5, 1, 4)}
    assert week44.team.percent == 20.0
    this_week = {r.person.id: (r.logs, r.reviewed, r.waiting) for r in derived.reviews["2026-W45"].rows_and_team}
    assert this_week == {"ann": (3, 0, 0), "bob": (1, 0, 0), "team": (4, 0, 0)}  # not due before the week ends
    october = {r.person.id: (r.logs, r.reviewed, r.waiting) for r in derived.reviews["2026-10"].rows_and_team}
    assert october == {"ann": (3, 1, 2), "bob": (2, 0, 2), "team": (5, 1, 4)}


def test_the_home_lists_are_worst_first(derived):
    a = derived.home.attention
    # b2, b1: every 5 days, due 11-01, 11-04; c1: its follow-up was promised for 11-05
    assert [(c.id, c.days_left(derived.as_of)) for c in a.overdue] == [("b2", -5), ("b1", -2), ("c1", -1)]
    assert [c.id for c in a.follow_ups] == ["c1"]
    # last week and this week: bob wrote 3 of 8 due logs, ann 6 of 9 (the team started on 10-26)
    assert [(m.person.id, [d.isoformat() for d in m.days]) for m in a.missing_logs] == [
        ("bob", ["2026-11-05", "2026-11-03", "2026-11-02", "2026-10-29", "2026-10-28", "2026-10-26"]),
        ("ann", ["2026-11-04", "2026-10-30", "2026-10-28"]),
    ]
    assert [w.key for w in a.missing_weeks] == ["2026-W44", "2026-W45"]
    assert [(r.person.id, [k.metric.id for k in r.behind]) for r in a.behind] == [("bob", ["deposits"])]
    assert a.elapsed == 19.0  # 4 of November's 21 working days are past (the as-of day is not), shown once


def _text(html: str) -> str:
    inline = re.sub(r"</?(a|span|code|strong|small)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", inline)))


def _section(html: str, anchor: str) -> str:
    """The HTML from the heading with id `anchor` to the next heading of the same or a higher level."""
    start = html.index(f'id="{anchor}"')
    level = html[html.rindex("<h", 0, start) + 2]
    end = re.compile(f"<h[1-{level}][ >]").search(html, start)
    return html[start : end.start() if end else len(html)]


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"#]*)(?:#[^"]*)?"', html)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("site")
    data = write_files(work / "data", TEAM)
    run = portal("build", "--data", str(data), "--site", str(work / "site"), "--as-of", AS_OF.isoformat())
    assert run.code == 0, run.err
    return work / "site"


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_home_page_names_who_and_what_needs_attention_with_links(site):
    home = _page(site, "")
    overdue = _section(home, "overdue")
    assert _links(overdue)[:4] == ["customers/b2/", "people/bob/", "customers/b1/", "people/bob/"]
    assert "逾期 5 天" in _text(overdue) and "全部 3 个" in _text(overdue)
    assert "customers/" in _links(overdue)[-1:] and 'href="customers/#overdue"' in overdue
    missing = _text(_section(home, "missing-logs"))
    assert "<b>鲍勃</b> · 缺 6 篇：11月5日、11月3日、11月2日、10月29日、10月28日、10月26日" in missing
    unreviewed = _section(home, "unreviewed")
    assert _links(unreviewed)[:2] == ["people/ann/", "logs/ann/2026-10/"]
    assert "2 篇，最早 10月26日（已 11 天，9 个工作日）" in _text(unreviewed)
    assert 'href="people/boss/#review"' in unreviewed and 'href="people/chief/#review"' in unreviewed
    behind = _section(home, "behind")
    assert behind.count("<li>") == 1 and "存款 0/1,000" in _text(behind)
    assert "本月时间进度 19%" in _text(behind)
    cards = _section(home, "attention")
    assert 'href="customers/#overdue"' in cards and 'href="#unreviewed"' in cards
    assert "<b>鲍勃</b>" not in home  # a name is text, never markup


def test_a_supervisors_page_lists_their_managers_unreviewed_logs(site):
    boss = _section(_page(site, "people/boss/"), "review")
    assert _links(boss) == ["../ann/", "../../logs/ann/2026-10/", "../../logs/ann/2026-10/"]
    assert "10月26日（已 11 天，9 个工作日）" in _text(boss)
    assert "portal review --person ann --week 2026-W44 --by boss" in _text(boss)
    chief = _text(_section(_page(site, "people/chief/"), "review"))
    assert "<b>鲍勃</b> · 2 篇" in chief and "安娜" not in chief
    ann = _text(_section(_page(site, "people/ann/"), "review"))
    assert "10月26日（已 11 天，9 个工作日）" in ann


def test_week_and_month_pages_show_how_much_is_reviewed(site):
    week = _text(_section(_page(site, "weeks/2026-W44/"), "review"))
    assert "安娜 3 1 33% 2" in week and "团队合计 5 1 20% 4" in week
    month = _text(_section(_page(site, "months/2026-10/"), "review"))
    assert "<b>鲍勃</b> 2 0 0% 2" in month


def test_the_customers_page_groups_customers_under_the_anchors_the_home_page_links_to(site):
    page = _page(site, "customers/")
    overdue = ["b2/", "../people/bob/", "b1/", "../people/bob/", "c1/", "../people/ann/"]
    assert _links(_section(page, "overdue")) == overdue
    assert "c1/" in _links(_section(page, "follow-up"))
    assert "a1/" in _links(_section(page, "on_track"))
