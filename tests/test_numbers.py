"""Each number's one definition, on a small hand-made team; every expected value is worked out
by hand in the comments.

The team starts on Monday 2026-11-16 and is seen on Friday 2026-11-20 (the as-of day). Its
working days are Monday to Friday. November has 21 of them; from the 16th on, 11 (16-20,
23-27, 30). A day's log is due at the end of that day (log_due_days: 0).

    11-02  a2 in person, discussed                         sales 30; leads 3/3, deals 1/1
    11-09  a1 in person, met someone, follow-up promised for 11-13; sales 20, signups 1
    11-16  a2 in person (met, discussed); b1 by phone (effect); 1 call (a1)
           sales 10; leads plan 2 actual 1; deals plan 1 actual 2
    11-17  3 calls; signups 1
    11-18  a2 copied from the plan by `portal new log`, nothing written; 3 calls
    11-19  no log
    11-20  b1 in person, discussed; 3 calls; sales 15, balance 250

Week plan W47: Mon a1, a2 in person and b1 by phone; Wed a2; Fri b1 and n1 (14:00).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from builder.site.render import environment
from conftest import portal, write_files

AS_OF = date(2026, 11, 20)

FILES = {
    "team.yaml": """profile: bank
name: 数字小组
start: 2026-11-16
metrics:
  - remove: all
  - {id: sales, label: 销量, unit: 件}
  - {id: signups, label: 签约, unit: 户, kind: count}
  - {id: balance, label: 余额, unit: 万元, kind: level}
classes:
  - remove: all
  - {id: A, label: A类}
  - {id: B, label: B类}
methods:
  - remove: all
  - {id: onsite, label: 上门}
  - {id: phone, label: 电话回访, in_person: false}
funnel:
  - remove: all
  - {id: leads, label: 线索}
  - {id: deals, label: 成交, converts_from: leads}
visit_rules:
  - remove: all
  - {when: {class: A}, every_days: 14}
  - {when: {class: B}, per_week: 1}
rules: {calls_per_day: 3, customers_per_outing: 2, visit_days_per_week: 0, log_due_days: 0, due_soon_days: 3}
workdays: {calendar: weekdays}
""",
    "people.yaml": """- {id: boss, name: 主管, role: supervisor}
- {id: ann, name: 安娜, supervisor: boss}
""",
    "customers/ann.yaml": """owner: ann
customers:
  - {id: a1, name: 甲店, class: A}
  - {id: a2, name: 乙店, class: A}
  - {id: b1, name: 丙店, class: B}
  - {id: n1, name: 丁店, class: B}
""",
    "plans/ann/2026-11.yaml": """month: 2026-11
targets: {sales: 100, signups: 10, balance: 300}
last_year: {sales: 80, signups: 4, balance: 200}
""",
    "plans/ann/2026-W47.yaml": """week: 2026-W47
mon:
  visits:
    - {time: "09:00", customer: a1, purpose: 回访, strategy: 先听}
    - {time: "10:00", customer: a2, purpose: 介绍, strategy: 带样品}
    - {time: "15:00", customer: b1, method: phone, purpose: 约见, strategy: 电话约}
wed:
  visits:
    - {time: "09:00", customer: a2, purpose: 送资料, strategy: 当面讲}
fri:
  visits:
    - {time: "09:00", customer: b1, purpose: 拜访, strategy: 看陈列}
    - {time: "14:00", customer: n1, purpose: 首访, strategy: 认识店主}
""",
    "logs/ann/2026-11-02.yaml": """date: 2026-11-02
visits:
  - {time: "10:00", customer: a2, discussion: 介绍新品}
funnel: {leads: {plan: 3, actual: 3}, deals: {plan: 1, actual: 1}}
figures: {sales: 30}
""",
    "logs/ann/2026-11-09.yaml": """date: 2026-11-09
visits:
  - {time: "10:00", customer: a1, met: [{name: 王老板}], next_visit: 2026-11-13}
figures: {sales: 20, signups: 1}
""",
    "logs/ann/2026-11-16.yaml": """date: 2026-11-16
visits:
  - {time: "10:00", customer: a2, method: onsite, met: [{name: 李经理}], discussion: 谈了新品}
  - {time: "15:00", customer: b1, method: phone, effect: 约好周五见}
calls:
  - {customer: a1, outcome: 未接}
funnel: {leads: {plan: 2, actual: 1}, deals: {plan: 1, actual: 2}}
figures: {sales: 10}
""",
    "logs/ann/2026-11-17.yaml": """date: 2026-11-17
calls:
  - {customer: a1}
  - {customer: n1}
  - {customer: b1}
figures: {signups: 1}
""",
    # as `portal new log` writes it, untouched
    "logs/ann/2026-11-18.yaml": """date: 2026-11-18
visits:
  - time: "09:00"
    customer: a2
    method: onsite
    purpose: 送资料
    met: []
    discussion: ''
    strategy_done:
    anomalies: ''
    suggestions: ''
    effect: ''
    next_step: ''
    next_visit:
calls:
  - {customer: a1}
  - {customer: a2}
  - {customer: n1}
""",
    "logs/ann/2026-11-20.yaml": """date: 2026-11-20
visits:
  - {time: "09:00", customer: b1, discussion: 看了陈列}
calls:
  - {customer: a1}
  - {customer: a2}
  - {customer: n1}
figures: {sales: 15, balance: 250}
""",
}


def _derive(root: Path, as_of: date = AS_OF) -> Derived:
    checked = check(root, as_of)
    assert [p for p in checked.problems if p.severity == "error"] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), as_of)


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    return write_files(tmp_path_factory.mktemp("numbers"), FILES)


@pytest.fixture(scope="module")
def d(team) -> Derived:
    return _derive(team)


def _week(d: Derived):
    return d.weeks[-1].rows[0]


def _month(d: Derived):
    return d.months[-1].rows[0]


# --- a day's counts: one definition for the log page, the summaries and the rules ------------


def test_a_days_counts(d):
    days = d.records.days
    monday = days[("ann", date(2026, 11, 16))]
    # a2 in person; b1 by phone counts as a call: 1 listed + 1 = 2
    assert (monday.visits, monday.customers, monday.calls_listed, monday.phone_visits, monday.calls) == (1, 1, 1, 1, 2)
    wednesday = days[("ann", date(2026, 11, 18))]
    # the copied visit is still a plan: no visit, no customer, 1 unwritten; 3 calls
    assert (wednesday.visits, wednesday.customers, wednesday.unwritten, wednesday.calls) == (0, 0, 1, 3)
    assert days[("ann", date(2026, 11, 20))].visits == 1


def test_rules_count_as_the_days_do(d):
    found = sorted((v.day.isoformat(), v.rule, v.detail) for v in _week(d).violations)
    assert found == [
        ("2026-11-16", "calls_per_day", "电话联系 2 次（电话记录 1 条，电话方式的拜访 1 次），少于 3 次"),
        ("2026-11-16", "customers_per_outing", "外出只拜访了 1 户，少于 2 户"),
        # 11-18: the copied visit is no outing, so no 'only 0 customers'; 3 calls are enough
        ("2026-11-19", "missing_log", "11月19日没有工作日志"),
        ("2026-11-20", "customers_per_outing", "外出只拜访了 1 户，少于 2 户"),
    ]


# --- the week: plans, visits, calls, logs ----------------------------------------------------


def test_planned_visits_and_their_state(d):
    state = {(p.day.day, p.visit.customer): p.done for p in d.records.planned}
    assert state == {
        (16, "a1"): False,  # no visit to a1 that Monday
        (16, "a2"): True,  # visited in person, result written
        (16, "b1"): True,  # a planned call: the phone visit with its effect made it
        (18, "a2"): False,  # copied into the log, nothing written: not done
        (20, "b1"): True,  # done on the as-of day
        (20, "n1"): None,  # the as-of day is not over: still ahead, not missed
    }


def test_the_weeks_visit_numbers(d):
    row = _week(d)
    assert row.planned == 5  # in person: a1, a2 (Mon), a2 (Wed), b1, n1 (Fri); the planned call is not a visit
    assert row.planned_done == 2  # a2 on Monday, b1 on Friday
    assert row.visits == 2  # a2 on 11-16, b1 on 11-20; the phone visit and the copied visit are not
    assert row.planned_done <= row.visits
    assert row.customers_visited == 2  # a2, b1
    assert row.calls == 11  # 2 + 3 + 3 + 3


def test_logs_due_are_the_days_past(d):
    row = _week(d)
    # due: 16, 17, 18, 19 (the 20th's log is due at the end of the 20th); written: 16, 17, 18
    assert (row.logs_due, row.logs_written, row.compliance) == (4, 3, 75.0)
    assert row.missing_logs == (date(2026, 11, 19),)


# --- time elapsed ------------------------------------------------------------------------------


def test_time_elapsed_on_friday_of_the_current_week(d):
    sales, signups, _ = _week(d).kpis
    assert sales.expected == 100.0  # Monday to Friday: Friday's log is written, and its figures count
    # the week's share of the month's 100: working days 1 to 5 of the 11 from the team's start (11-16)
    assert sales.target == 45.45  # 100 * 5 / 11
    assert sales.actual == 25  # 10 + 15
    assert sales.percent == 55.0  # 25 / 45.45
    assert sales.attainment == 55.0  # all the week's time is over
    assert sales.behind
    assert signups.target == 5  # round(10 * 5 / 11) - round(10 * 0 / 11)
    assert (signups.actual, signups.percent, signups.attainment) == (1, 20.0, 20.0)
    assert signups.behind


def test_time_elapsed_of_the_month_counts_from_the_teams_start(d):
    sales, signups, balance = _month(d).kpis
    assert sales.expected == 45.5  # 5 of the 11 working days from 11-16
    assert (sales.actual, sales.percent, sales.attainment) == (75, 75.0, 150.0)  # 30+20+10+15; 164.8% capped
    assert (signups.actual, signups.percent, signups.attainment) == (2, 20.0, 44.0)  # 20 / 45.5
    assert balance.expected is None  # a level is never prorated
    assert (balance.actual, balance.percent, balance.attainment) == (250, 83.3, 83.3)


def test_the_as_of_day_counts_once_its_log_is_written_and_the_log_due_date_does_not_move_time(tmp_path):
    """Without Friday's log, Friday is not over on Friday: 4 of 5, and 15 sold that day are not counted
    either; logs due one working day later change which logs are due, not the time elapsed."""
    files = {k: v for k, v in FILES.items() if k != "logs/ann/2026-11-20.yaml"}
    files["team.yaml"] = files["team.yaml"].replace("log_due_days: 0", "log_due_days: 1")
    d = _derive(write_files(tmp_path, files))
    assert (_week(d).kpis[0].expected, _week(d).kpis[0].actual) == (80.0, 10)
    assert _week(d).logs_due == 3  # 16, 17, 18: Thursday's is due on Friday, at its end
    assert _month(d).kpis[0].expected == 36.4  # 4 of 11


def test_the_weeks_targets_add_up_to_the_months_for_a_team_starting_mid_month(tmp_path):
    d = _derive(write_files(tmp_path, FILES), date(2026, 12, 1))
    weeks = [w for w in d.weeks if w.period.key in ("2026-W47", "2026-W48", "2026-W49")]
    sales = [w.rows[0].kpis[0].target for w in weeks]
    signups = [w.rows[0].kpis[1].target for w in weeks]
    assert sales == [45.45, 45.45, 9.09]  # 5, 5 and 1 (Monday the 30th) of the 11 days from 11-16
    assert signups == [5, 4, 1]  # whole numbers: 5, then round(100 / 11) - 5, then 10 - 9


def test_time_elapsed_after_the_period(tmp_path):
    d = _derive(write_files(tmp_path, FILES), date(2026, 11, 23))
    week = next(w for w in d.weeks if w.period.key == "2026-W47")
    assert week.rows[0].kpis[0].expected == 100.0  # all five days are past on the Monday after


def test_a_rate_over_a_fixed_denominator_is_paced_and_a_latest_rate_is_the_last_reading(tmp_path):
    """收缴率: collected, day by day, of the month's bill written once: 45 % of it by Friday, when 5 of
    the 11 working days are over, is on pace (98.9 %), not 落后. 电结率 read from a system: the last
    reading (96), not the mean of the readings (93)."""
    files = dict(FILES)
    files["team.yaml"] = files["team.yaml"].replace(
        "  - {id: balance, label: 余额, unit: 万元, kind: level}\n",
        "  - {id: balance, label: 余额, unit: 万元, kind: level}\n"
        "  - {id: billed, label: 应收, unit: 元}\n  - {id: got, label: 已收, unit: 元}\n"
        '  - {id: collect, label: 收缴率, unit: "%", kind: rate, of: [got, billed], paced: true}\n'
        '  - {id: e_rate, label: 电结率, unit: "%", kind: rate, latest: true}\n',
    )
    files["plans/ann/2026-11.yaml"] = "month: 2026-11\ntargets: {collect: 100, e_rate: 95}\n"
    for day, typed, more in (
        ("16", "sales: 10", "billed: 1000, got: 200, e_rate: 90"),
        ("20", "balance: 250", "got: 250, e_rate: 96"),
    ):
        log = f"logs/ann/2026-11-{day}.yaml"
        files[log] = files[log].replace(f"{typed}}}", f"{typed}, {more}}}")
    kpis = {k.metric.id: k for k in _month(_derive(write_files(tmp_path, files))).kpis}
    collect, e_rate = kpis["collect"], kpis["e_rate"]
    assert (collect.actual, collect.expected, collect.attainment, collect.behind) == (45.0, 45.5, 98.9, False)
    assert (e_rate.actual, e_rate.expected, e_rate.attainment, e_rate.behind) == (96, None, 101.1, False)


def test_latest_and_paced_are_for_rates_only(tmp_path):
    files = dict(FILES)
    files["team.yaml"] = files["team.yaml"].replace(
        "{id: sales, label: 销量, unit: 件}", "{id: sales, label: 销量, paced: true}"
    )
    write_files(tmp_path / "data", files)
    run = portal("check", "--data", "data", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    errors = [line for line in (run.out + run.err).splitlines() if ": error: " in line]
    assert run.code == 1 and len(errors) == 1, errors
    assert errors[0].startswith("data/team.yaml:6:") and "指标 sales 不能写 paced: true" in errors[0]


# --- year on year, month on month ----------------------------------------------------------------


def test_year_on_year_waits_for_the_month_to_end_for_sums_only(d):
    sales, signups, balance = _month(d).kpis
    assert (sales.last_year, sales.year_change) == (80, None)  # 75 of a running month against a whole one
    assert (signups.last_year, signups.year_change) == (4, None)
    assert (balance.last_year, balance.year_change) == (200, 25.0)  # a level compares at once: 250 / 200


def test_year_on_year_once_the_month_is_over(tmp_path):
    d = _derive(write_files(tmp_path, FILES), date(2026, 12, 1))
    sales = next(m for m in d.months if m.period.key == "2026-11").rows[0].kpis[0]
    assert (sales.actual, sales.year_change) == (75, -6.2)  # (75 - 80) / 80


# --- the funnel -----------------------------------------------------------------------------------


def test_conversion_is_a_ratio_of_the_periods_sums_and_says_when_above_100(d):
    leads, deals = _week(d).funnel
    assert (leads.plan, leads.actual, leads.conversion) == (2, 1, None)  # converts from nothing
    assert (deals.plan, deals.actual, deals.conversion) == (1, 2, 200.0)  # 2 deals / 1 lead this week
    assert deals.conversion_over and _week(d).conversion_over and d.weeks[-1].conversion_over
    leads, deals = _month(d).funnel
    assert (leads.actual, deals.actual, deals.conversion) == (4, 3, 75.0)  # 3+1 leads, 1+2 deals
    assert not deals.conversion_over


# --- customers: one status -------------------------------------------------------------------------


def test_an_overdue_follow_up_makes_the_customer_overdue(d):
    a1 = d.customers["a1"]
    assert a1.last_visit == date(2026, 11, 9)
    assert a1.follow_up == date(2026, 11, 13)  # the calls since do not replace the promise
    assert a1.due == date(2026, 11, 13)  # earlier than the rule's 11-23 (11-09 + 14)
    assert (a1.days_left(d.as_of), a1.freshness, a1.follow_up_overdue, a1.due_by_follow_up) == (
        -7,
        "overdue",
        True,
        True,
    )
    assert a1.last_contact == date(2026, 11, 20)  # the call on the 20th
    assert [c.id for c in d.home.attention.follow_ups] == ["a1"]


def test_a_copied_visit_does_not_make_the_customer_visited(d):
    a2 = d.customers["a2"]
    assert a2.last_visit == date(2026, 11, 16)  # not 11-18
    assert a2.due == date(2026, 11, 30)  # 11-16 + 14
    assert (a2.days_left(d.as_of), a2.freshness) == (10, "on_track")
    assert a2.last_contact == date(2026, 11, 20)  # a call; the copied visit is no contact
    assert [h.day.day for h in a2.history if h.kind == "visit"] == [16, 2]


def test_a_phone_visit_is_contact_not_a_visit(d):
    b1 = d.customers["b1"]
    assert b1.last_visit == date(2026, 11, 20)
    assert b1.due == date(2026, 11, 29)  # once a week: this week's visit done, next by Sunday the 29th
    assert b1.freshness == "on_track"
    assert [(h.day.day, h.method) for h in b1.history if h.kind == "visit"] == [(20, "onsite"), (16, "phone")]


def test_never_visited(d):
    n1 = d.customers["n1"]
    assert (n1.last_visit, n1.due, n1.freshness) == (None, date(2026, 11, 22), "never")


def test_the_counts_of_each_status(d):
    assert d.home.freshness == {"overdue": 1, "due_soon": 0, "never": 1, "on_track": 2}
    assert d.persons["ann"].freshness == d.home.freshness
    assert [c.id for c in d.persons["ann"].follow_ups] == ["a1"]


def test_coverage_counts_visits_in_person_and_the_status_at_the_periods_end(d):
    week_a, week_b = _week(d).coverage
    assert (week_a.customers, week_a.visited, week_a.overdue) == (2, 1, 1)  # a2 seen; a1 overdue
    assert (week_b.customers, week_b.visited, week_b.percent) == (2, 1, 50.0)  # b1 in person
    month_a, _ = _month(d).coverage
    assert (month_a.visited, month_a.percent) == (2, 100.0)  # a1 on 11-09, a2 on 11-02 and 11-16


# --- the check ------------------------------------------------------------------------------------


def test_check_warns_about_a_visit_without_result_once_its_day_has_passed(team):
    run = portal("check", "--data", str(team), "--as-of", "2026-11-20", "--format", "json")
    assert run.code == 0, run.err
    found = [(p["path"].split("data/")[-1][-24:], p["line"], p["column"], p["code"]) for p in json.loads(run.out)]
    assert found == [("logs/ann/2026-11-18.yaml", 3, 5, "visit-without-result")]
    assert "删掉" in json.loads(run.out)[0]["hint"]
    same_day = portal("check", "--data", str(team), "--as-of", "2026-11-18", "--format", "json")
    assert [p["code"] for p in json.loads(same_day.out) if p["code"] == "visit-without-result"] == []


# --- portal new plan ------------------------------------------------------------------------------


def test_new_plan_counts_the_visits_already_planned(tmp_path):
    """Next week's plan (W48) sees a1 and b1 on Monday the 23rd. Planning W49:
    a1 is not due again until 12-07 (14 days after the 23rd) and is left out;
    b1 is wanted once every week, so it is planned again; a2 (due 11-30) and n1 (never) come too."""
    files = {
        **FILES,
        "plans/ann/2026-W48.yaml": """week: 2026-W48
mon:
  visits:
    - {time: "09:00", customer: a1, purpose: 跟进, strategy: 带资料}
    - {time: "10:30", customer: b1, purpose: 回访, strategy: 看陈列}
""",
    }
    data = write_files(tmp_path / "data", files)
    run = portal("new", "plan", "--person", "ann", "--week", "2026-W49", "--as-of", "2026-11-20", "--data", str(data))
    assert run.code == 0, run.err
    path = data / "plans" / "ann" / "2026-W49.yaml"
    plan = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    planned = {v["customer"] for day in plan.values() if isinstance(day, dict) for v in day.get("visits", [])}
    assert planned == {"a2", "b1", "n1"}
    text = path.read_text(encoding="utf-8")
    assert "丙店：应访日期 2026-12-06" in text and "乙店：应访日期 2026-11-30" in text
    # without next week's plan, a1's overdue follow-up brings it in
    path.unlink()
    (data / "plans" / "ann" / "2026-W48.yaml").unlink()
    run = portal("new", "plan", "--person", "ann", "--week", "2026-W49", "--as-of", "2026-11-20", "--data", str(data))
    assert run.code == 0, run.err
    assert "甲店：约定 2026-11-13 跟进" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "shown"), [(100.0, "+100%"), (-6.2, "-6%"), (0.4, "0%"), (-0.4, "0%"), (None, "—"), (float("nan"), "—")]
)
def test_a_change_is_shown_signed_so_a_doubling_never_reads_as_unchanged(change, shown):
    assert environment().from_string("{{ value | change }}").render(value=change) == shown


def test_a_periods_complaints_are_listed_as_they_were_received_whoever_logged_them():
    d = _derive(Path(__file__).resolve().parent.parent / "data")
    summaries = [*d.weeks, *d.months]
    assert any(len({c.person for c in s.complaints}) > 1 for s in summaries)  # the demo has such a period
    for summary in summaries:
        received = [c.received for c in summary.complaints]
        assert received == sorted(received), summary.period.title
