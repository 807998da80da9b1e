"""Derived numbers on a small team, against expectations computed by hand in the comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from conftest import write_files

AS_OF = date(2026, 11, 6)  # a Friday; November 2026 has 21 working days, 4 of them past (today's log is not due yet)

FILES = {
    "team.yaml": """profile: bank
name: 小团队
metrics:
  - remove: all
  - {id: deposits, label: 存款, unit: 万元}
  - {id: cards, label: 信用卡, unit: 张, kind: count}
classes:
  - remove: all
  - {id: A, label: A类}
  - {id: C, label: C类}
customer_fields:
  - remove: all
  - {id: credit, label: 信用客户, type: flag}
visit_rules:
  - remove: all
  - {when: {class: A}, every_days: 30}
  - {when: {class: C}, every_days: 90}
  - {when: {credit: true}, every_days: 15}
funnel:
  - remove: all
  - {id: effective_calls, label: 有效电话}
complaints:
  steps: [{id: responded, label: 反馈, within_hours: 6}, {id: resolved, label: 解决, within_hours: 8}]
rules: {calls_per_day: 5, customers_per_outing: 2, visit_days_per_week: 0, log_due_days: 0, due_soon_days: 7}
sensitive: [phone]
""",
    "people.yaml": """- {id: boss, name: 主管, role: supervisor}
- {id: ann, name: 安娜, supervisor: boss}
""",
    "customers/ann.yaml": """owner: ann
customers:
  - {id: a1, name: 甲公司, class: A, phone: "13812345678"}
  - {id: c1, name: 乙商行, class: C}
  - {id: p1, name: 丙先生, class: C, type: prospect}
  - {id: cr, name: 丁女士, class: C, credit: true}
""",
    "plans/ann/2026-11.yaml": "month: 2026-11\ntargets: {deposits: 100, cards: 10}\n",
    "plans/ann/2026-W45.yaml": """week: 2026-W45
mon:
  visits:
    - {time: "09:00", customer: a1}
    - {time: "14:00", customer: c1}
tue:
  visits:
    - {time: "10:00", customer: p1}
""",
    "logs/ann/2026-11-02.yaml": """date: 2026-11-02
visits:
  - {time: "09:00", customer: a1, anomalies: 竞争行加息}
  - {time: "14:00", customer: c1, discussion: 谈了定期存款, next_visit: 2026-11-05}
calls:
  - {customer: a1}
  - {customer: c1}
funnel: {effective_calls: {plan: 6, actual: 6}}
figures: {deposits: 30, cards: 2}
""",
    "logs/ann/2026-11-03.yaml": """date: 2026-11-03
visits:
  - {time: "10:00", customer: cr, method: phone, discussion: 约了下周见面}
calls:
  - {customer: cr}
figures: {deposits: 20}
""",
    "logs/ann/2026-11-05.yaml": """date: 2026-11-05
funnel: {effective_calls: {plan: 6, actual: 5}}
figures: {cards: 1}
complaints:
  - {customer: a1, received: "09:00", steps: {responded: "16:00", resolved: 2026-11-06 10:00}, summary: 排队太久}
""",
}


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> Derived:
    root = tmp_path_factory.mktemp("team")
    write_files(root, FILES)
    checked = check(Path(root), AS_OF)
    assert [p.message for p in checked.problems] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)


def _month(derived: Derived):
    return derived.months[-1].rows[0]


def test_month_kpis_against_targets_and_time_elapsed(derived):
    deposits, cards = _month(derived).kpis
    assert (deposits.target, deposits.actual, deposits.percent) == (100, 50, 50.0)  # 30 + 20
    assert (cards.target, cards.actual, cards.percent) == (10, 3, 30.0)  # 2 + 1
    assert deposits.expected == 19.0  # 4 of 21 working days: Friday the 6th is not past on the 6th
    assert deposits.attainment == 150.0  # 50% done at 19% of the time: 263% of the pace, capped at 150
    assert cards.attainment == 150.0  # 30 / 19 = 158%, capped
    assert not deposits.behind and not cards.behind
    assert _month(derived).score == 150.0
    assert _month(derived).rank == 1


def test_a_weeks_target_is_the_months_share_by_working_days(derived):
    deposits, cards = derived.weeks[-1].rows[0].kpis
    assert deposits.target == 23.81  # 100 * 5 / 21
    assert cards.target == 2  # a count stays whole: round(10 * 5 / 21)
    assert deposits.expected == 80.0  # on Friday, Monday to Thursday are past: 4 of 5


def test_freshness_follow_ups_and_never_visited(derived):
    c = derived.customers
    assert (c["a1"].freshness, c["a1"].due) == ("on_track", date(2026, 12, 2))  # 30 days after 11-02
    assert c["c1"].follow_up_overdue  # promised 11-05, not visited since
    assert c["p1"].freshness == "never"
    assert c["cr"].freshness == "never"  # a phone appointment is not a visit
    assert c["cr"].rule == "至少每 15 天拜访一次"  # credit customers: every 15 days, stricter than the class's 90
    assert [h.kind for h in c["a1"].history] == ["complaint", "visit", "call"]  # newest first


def test_planned_visits_done_and_missed(derived):
    row = derived.weeks[-1].rows[0]
    assert (row.planned, row.planned_done) == (3, 2)  # p1 on Tuesday was not visited
    assert row.visits == 2  # the phone appointment does not count
    assert row.customers_visited == 2
    assert row.calls == 4  # 3 calls listed and 1 visit by phone


def test_rule_violations_of_the_week(derived):
    found = sorted((v.day.isoformat(), v.rule) for v in derived.weeks[-1].violations)
    assert found == [
        ("2026-11-02", "calls_per_day"),  # 2 calls, fewer than 5
        ("2026-11-03", "calls_per_day"),  # 1 call and 1 visit by phone
        ("2026-11-04", "missing_log"),  # a working day without a log, due the same day
        ("2026-11-05", "calls_per_day"),  # none
        ("2026-11-05", "complaint_step"),  # answered after 7 office hours, more than 6
        ("2026-11-05", "complaint_step"),  # resolved after 10 office hours (8.5 + 1.5), more than 8
    ]


def test_log_compliance_counts_only_logs_already_due(derived):
    row = derived.weeks[-1].rows[0]
    assert (row.logs_due, row.logs_written, row.compliance) == (4, 3, 75.0)  # 11-06 is not due yet


def test_funnel_sums_plan_and_actual(derived):
    calls = derived.weeks[-1].rows[0].funnel[0]
    assert (calls.key, calls.label, calls.plan, calls.actual) == ("effective_calls", "有效电话", 12, 11)


def test_the_home_page_numbers(derived):
    home = derived.home
    assert [c.id for c in home.attention.follow_ups] == ["c1"]
    assert [n.text for n in home.anomalies] == ["竞争行加息"]
    assert home.attention.late_complaints == ()  # it was resolved
    assert home.freshness == {"overdue": 1, "due_soon": 0, "never": 2, "on_track": 1}  # c1's follow-up is overdue


def test_sensitive_fields_are_masked_before_deriving(derived):
    assert derived.customers["a1"].customer.phone == "138****5678"


def test_a_running_month_is_compared_with_the_same_days_of_the_month_before(tmp_path):
    files = {
        **FILES,
        "logs/ann/2026-10-02.yaml": "date: 2026-10-02\nfigures: {deposits: 40}\n",
        "logs/ann/2026-10-20.yaml": "date: 2026-10-20\nfigures: {deposits: 500}\n",
        "plans/ann/2026-11.yaml": "month: 2026-11\ntargets: {deposits: 100, cards: 10}\nlast_year: {deposits: 80}\n",
    }
    write_files(tmp_path, files)
    checked = check(tmp_path, AS_OF)
    d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)
    deposits = d.months[-1].rows[0].kpis[0]
    assert deposits.previous == 40  # October 1-6 only: the 500 of October 20 is later in the month
    assert deposits.change == 25.0  # 50 against 40
    assert deposits.last_year == 80 and deposits.year_change is None  # November is not over
    october = d.months[-2].rows[0].kpis[0]
    assert october.actual == 540


def test_a_periods_violations_are_listed_by_day(derived):
    """The month page lists what broke the rules day by day, not person by person or rule by rule."""
    for summary in (*derived.weeks, *derived.months):
        for violations in (summary.team.violations, *(r.violations for r in summary.rows)):
            days = [v.day for v in violations]
            assert days == sorted(days)
