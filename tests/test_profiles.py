"""A small tobacco team written inline: rules by attribute, complaint steps, the team's own
fields, start dates, figures per customer, routes — against numbers worked out by hand."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from builder import profiles
from builder.derive import Derived, derive
from builder.derive.frequency import rule_due, rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from builder.schema import VisitRule
from conftest import portal, write_files

AS_OF = date(2026, 11, 18)  # a Wednesday

FILES = {
    # the document gives the steps of a defective-cigarette complaint no hours: this team sets its own
    "team.yaml": """profile: tobacco
name: 城区一部
start: 2026-11-02
complaints:
  steps:
    - {id: accepted, within_hours: 2}
    - {id: form_signed, within_hours: 24}
    - {id: approved, within_hours: 48}
    - {id: exchanged, within_hours: 72}
    - {id: signed_off, within_hours: 96}
""",
    "people.yaml": """- {id: boss, name: 王芳, role: supervisor}
- {id: ann, name: 安娜, supervisor: boss}
- {id: bob, name: 鲍勃, supervisor: boss, start: 2026-11-16}
""",
    "customers/ann.yaml": """owner: ann
routes:
  - {id: east, label: 城东线, days: [tue]}
customers:
  - {id: u1, name: 城一店, class: A, licence: "1", area: 城网, grade: 10, route: east, licence_expiry: 2026-11-10}
  - {id: u2, name: 城二店, class: B, licence: "2", area: 城网, grade: 26}
  - {id: r1, name: 乡一店, class: C, licence: "3", area: 农网, grade: 5}
""",
    "customers/bob.yaml": "owner: bob\ncustomers: []\n",
    "logs/ann/2026-11-03.yaml": """date: 2026-11-03
visits:
  - {time: "09:00", customer: u1, figures: {orders: 20, order_value: 3000}}
  - {time: "10:00", customer: u2, figures: {orders: 10, order_value: 2000}}
  - {time: "11:00", customer: r1, no_order_reason: 资金不足}
complaints:
  - customer: u1
    received: "09:00"
    summary: 条烟破损
    steps: {accepted: "09:30", form_signed: "2026-11-04 08:00"}
    escalated: "2026-11-04 09:00"
""",
    "logs/ann/2026-11-17.yaml": """date: 2026-11-17
visits:
  - {time: "09:00", customer: u1, figures: {orders: 30, order_value: 5100}}
""",
}


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> Derived:
    root = tmp_path_factory.mktemp("tobacco")
    write_files(root, FILES)
    checked = check(root, AS_OF)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)


def test_a_rule_n_times_a_month_spreads_the_visits_over_the_month():
    twice = VisitRule(per_month=2)
    november = [date(2026, 11, 3)]
    assert rule_due(twice, [], date(2026, 11, 5)) == date(2026, 11, 15)  # the first by mid-month
    assert rule_due(twice, november, date(2026, 11, 5)) == date(2026, 11, 30)  # the second by its end
    both = [date(2026, 11, 3), date(2026, 11, 20)]
    assert rule_due(twice, both, date(2026, 11, 25)) == date(2026, 12, 16)  # done: mid-December next
    weekly = VisitRule(per_week=1)
    assert rule_due(weekly, [date(2026, 11, 9)], date(2026, 11, 18)) == date(2026, 11, 22)  # by Sunday


def test_rules_select_customers_by_the_teams_own_fields(derived):
    c = derived.customers
    assert c["u1"].rule == "城网零售户每月至少走访两次"
    assert (c["u1"].due, c["u1"].freshness) == (date(2026, 12, 16), "on_track")  # 11-03 and 11-17: both done
    assert c["u2"].rule == "高档位零售户每周走访"  # grade 26: weekly binds before twice a month
    # seen on 11-03, not in week 46: overdue since that week's Sunday, until seen again
    assert (c["u2"].due, c["u2"].freshness, c["u2"].missed) == (
        date(2026, 11, 15),
        "overdue",
        "第 46 周应访 1 次，实访 0 次",
    )
    assert c["r1"].rule == "农网零售户每月至少走访一次"
    assert c["r1"].due == date(2026, 12, 31)  # November done on 11-03: next by the end of December


def test_an_expired_licence_is_flagged(derived):
    (licence,) = derived.customers["u1"].dates
    # lapsed, not "soon": listed (and flagged) until the licence's date is renewed
    assert (licence.item, licence.days_left(derived.as_of), licence.expired, licence.soon, licence.listed) == (
        "许可证有效期",
        -8,
        True,
        False,
        True,
    )
    assert derived.customers["u1"].expiring == (licence,)


def test_escalating_stops_the_clock_of_the_steps_still_open(derived):
    (case,) = derived.records.complaints
    states = {s.step.id: s.late for s in case.steps}
    # accepted in 30 min (limit 2 h); form signed after 23 h (limit 24 h); escalated after 24 h, before the
    # approval's 48 h: approval, exchange and sign-off are not late although never recorded
    assert states == {
        "accepted": False,
        "form_signed": False,
        "approved": False,
        "exchanged": False,
        "signed_off": False,
        "feedback": False,
    }
    assert case.state == "escalated" and not case.open_past_deadline
    assert not [v for w in derived.weeks for v in w.violations if v.rule == "complaint_step"]


def test_nobody_misses_a_log_before_the_team_or_they_started(derived):
    missing = {(v.person, v.day) for w in derived.weeks for v in w.violations if v.rule == "missing_log"}
    assert all(day >= date(2026, 11, 2) for _, day in missing)
    assert {day for who, day in missing if who == "bob"} == {date(2026, 11, 16), date(2026, 11, 17)}
    assert date(2026, 11, 4) in {day for who, day in missing if who == "ann"}


def test_figures_per_customer_roll_up_to_the_customer_and_the_person(derived):
    u1 = derived.customer_figures["u1"]
    rows = {r.metric.id: r.values[-1] for r in u1.rows}
    assert rows == {
        "orders": 50,
        "order_value": 8100,
        "price_per_carton": 162.0,  # 8100 / 50
        "key_brand_orders": None,
        "premium_orders": None,
    }
    month = derived.months[-1]
    ann = next(r for r in month.rows if r.person.id == "ann")
    orders = next(k for k in ann.kpis if k.metric.id == "orders")
    assert orders.actual == 60  # 20 + 10 + 30, the visits' figures added up per day
    ranking = derived.month_customers[month.period.key]
    by_orders = next(m for m in ranking if m.metric.id == "orders")
    assert [(r.customer, r.value) for r in by_orders.top] == [("u1", 50), ("u2", 10)]
    assert [(s.customer, s.reason) for s in by_orders.silent] == [("r1", "资金不足")]


def test_new_plan_puts_a_route_customer_on_the_routes_day(tmp_path):
    write_files(tmp_path, FILES)
    run = portal(
        "new", "plan", "--person", "ann", "--week", "2026-W48", "--data", str(tmp_path), "--as-of", "2026-11-20"
    )
    assert run.code == 0, run.err
    plan = (tmp_path / "plans" / "ann" / "2026-W48.yaml").read_text(encoding="utf-8")
    tuesday = plan.split("\ntue:")[1].split("\nwed:")[0] if "\ntue:" in plan else ""
    assert "customer: u1" in tuesday and "城东线" in tuesday


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"team.yaml": "profile: tobaco\nname: x\n"},
            "team.yaml:1:10: error: 没有团队类型 'tobaco' (是不是想写 'tobacco'？",
        ),
        (
            {"team.yaml": "profile: tobacco\nname: x\nvisit_rules:\n  - {when: {aera: 城网}, per_month: 2}\n"},
            "team.yaml:4:13: error: 没有客户属性 'aera' (是不是想写 'area'？",
        ),
        (
            {"plans/ann/2026-11.yaml": "month: 2026-11\ntargets: {e_settlement: 300, terminals: 1.5}\n"},
            "2026-11.yaml:2:25: error: 电子结算率是比率（%），目标 300 不在 0–100 之间",
        ),
        (
            {"plans/ann/2026-11.yaml": "month: 2026-11\ntargets: {e_settlement: 98, terminals: 1.5}\n"},
            "2026-11.yaml:2:40: error: 终端建设是个数，目标 1.5 不是整数",
        ),
        (
            {"customers/bob.yaml": "owner: bob\nroutes: [{id: w, label: 周末线, days: [sun]}]\ncustomers: []\n"},
            "bob.yaml:2:37: warning: 线路“周末线”安排在周日",
        ),
        (
            {"logs/ann/2026-11-05.yaml": "date: 2026-11-05\nvisits:\n  - {time: '09:00', customer: u1, brnd: x}\n"},
            "2026-11-05.yaml:3:35: error: 未知字段 'brnd' (是不是想写 'brand'？)",
        ),
    ],
)
def test_bad_settings_and_files_are_located_with_a_fix(tmp_path, files, expected):
    write_files(tmp_path, {**FILES, **files})
    run = portal("check", "--data", str(tmp_path), "--as-of", "2026-11-18")
    assert expected in run.out, run.out


def test_a_licence_expiry_is_a_reminder_in_the_managers_feed(tmp_path):
    import icalendar

    write_files(tmp_path / "data", FILES)
    run = portal("build", "--data", str(tmp_path / "data"), "--site", str(tmp_path / "site"), "--as-of", "2026-11-18")
    assert run.code == 0, run.err
    (feed,) = (tmp_path / "site" / "feeds").rglob("ann-reminders.ics")
    events = {str(e["summary"]): e for e in icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT")}
    licence = events["到期：许可证有效期（城一店）"]
    assert licence.decoded("dtstart") == date(2026, 11, 10)
    assert licence.walk("VALARM")[0].decoded("trigger") == -timedelta(days=60)  # the tobacco profile's notice


def test_a_team_that_starts_mid_month_is_judged_from_its_start(tmp_path):
    files = {**FILES, "team.yaml": FILES["team.yaml"].replace("start: 2026-11-02", "start: 2026-11-16")}
    write_files(tmp_path, files)
    checked = check(tmp_path, AS_OF)
    d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)
    orders = next(k for k in d.months[-1].rows[0].kpis if k.metric.id == "orders")
    # 2 of the 11 working days from 11-16 to 11-30 (the 18th, the as-of day, is not past), not 12 of 21 from the 1st
    assert orders.expected == 18.2


def test_a_team_changes_one_metric_and_removes_another_without_restating_the_list(tmp_path):
    """Lists of items with ids merge by id: one metric renamed, one removed, one added, one
    rule's frequency changed; everything else stays the profile's. A removal naming an id
    the profile lacks is an error at its place in team.yaml."""
    team = """profile: tobacco
name: 城区一部
start: 2026-11-02
metrics:
  - {id: orders, label: 卷烟订货量}
  - remove: [terminals]
  - {id: visits_new, label: 新办户走访, unit: 户, kind: count}
visit_rules:
  - {id: rural, per_month: 2}
"""
    files = {
        **FILES,
        "team.yaml": team,
        "logs/ann/2026-11-17.yaml": FILES["logs/ann/2026-11-17.yaml"] + "figures: {returns: 1}\n",
    }
    root = write_files(tmp_path / "data", files)
    checked = check(root, AS_OF)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    settings = checked.dataset.team
    assert settings is not None
    ids = [m.id for m in settings.metrics]
    profile = [m["id"] for m in profiles.profile("tobacco")["metrics"]]
    assert ids == [i for i in profile if i != "terminals"] + ["visits_new"]
    orders = settings.metrics[0]
    assert (orders.label, orders.unit, orders.per_customer) == ("卷烟订货量", "条", True)  # the rest kept
    rural = next(r for r in settings.visit_rules if r.id == "rural")
    assert (rural.per_month, rural.when, rural.label) == (2, {"area": "农网"}, "农网零售户每月至少走访一次")
    assert len(settings.visit_rules) == 3

    (root / "team.yaml").write_text(team.replace("remove: [terminals]", "remove: [terminal]"), encoding="utf-8")
    run = portal("check", "--data", str(root), "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert run.code == 1
    assert "data/team.yaml:6:14: error: profile 中没有编号为 'terminal' 的项，无法删除" in run.out + run.err
    assert "是不是想写 'terminals'？" in run.out + run.err


PROPERTY = {
    "team.yaml": "profile: property\nname: 锦绣花园客服一组\nstart: 2026-11-02\n",
    "people.yaml": "- {id: boss, name: 刘燕, role: supervisor}\n- {id: zq, name: 周强, supervisor: boss}\n",
    "customers/zq.yaml": """owner: zq
customers:
  - {id: h1, name: 陈建国, class: B, building: "3", unit: "2", room: "201", floor_area: 98, arrears: 0}
  - {id: h2, name: 李秀英, class: C, building: "3", unit: "1", room: "502", occupancy: 空置, arrears: 1300}
  - {id: h3, name: 王记便利店, class: A, building: "4", room: 商01}
""",
    "logs/zq/2026-11-03.yaml": """date: 2026-11-03
visits:
  - {time: "09:00", customer: h1, method: home, matter: 服务回访, satisfaction: 满意, effect: 漏水已修好}
  - {time: "10:00", customer: h3, method: home, matter: 投诉回访, satisfaction: 不满意, effect: 仍有意见}
  - {time: "11:00", customer: h2, method: wechat, matter: 催缴物业费, figures: {collected: 1300}, effect: 微信转账缴清}
  - {time: "19:00", customer: h1, method: home, matter: 走访征求意见, suggestions: 地库加装照明, effect: 已记录}
complaints:
  - customer: h1
    received: "09:00"
    category: 维修
    summary: 楼上漏水
    steps: {accepted: "09:30", feedback: "14:00", resolved: "2026-11-04 10:00"}
  - customer: h3
    received: "10:00"
    category: 噪音
    summary: 装修噪音
    steps: {accepted: "10:20", feedback: "17:30"}
""",
}


def test_property_rates_are_counted_from_the_records_they_rest_on(tmp_path):
    """物业客服: 满意率 is the share of call-backs whose 满意度 is 满意 or 非常满意, 投诉反馈及时率 the
    share of complaints answered within the six hours of 「客户投诉在6小时内做出反馈」, 处理率 the
    share resolved — all counted from visits and complaints, none typed (hand-checked below)."""
    root = write_files(tmp_path / "data", PROPERTY)
    checked = check(root, date(2026, 11, 5))
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), date(2026, 11, 5))
    month = next(s for s in d.months if s.period.key == "2026-11")
    row = next(r for r in month.rows if r.person.id == "zq")
    actual = {k.metric.id: k.actual for k in row.kpis}
    assert actual["callbacks"] == 2 and actual["satisfied"] == 1 and actual["satisfaction"] == 50.0
    assert actual["dunning"] == 1 and actual["collected"] == 1300 and actual["suggestions"] == 1
    assert actual["complaints_due"] == 2 and actual["complaints_on_time"] == 1 and actual["feedback_rate"] == 50.0
    assert actual["complaints"] == 2 and actual["complaints_resolved"] == 1 and actual["resolution_rate"] == 50.0
    steps = {s.id: s.within_hours for s in checked.dataset.team.complaints.steps}
    assert steps["feedback"] == 6


def test_a_figure_the_records_count_cannot_be_typed_as_well(tmp_path):
    files = {**PROPERTY, "logs/zq/2026-11-04.yaml": "date: 2026-11-04\nfigures: {callbacks: 3, collected: 500}\n"}
    root = write_files(tmp_path / "data", files)
    run = portal("check", "--data", str(root), "--as-of", "2026-11-05", cwd=tmp_path)
    assert run.code == 1
    assert "data/logs/zq/2026-11-04.yaml:2:11: error: 指标 'callbacks'（回访户次）由记录统计，不用填写" in run.out
    assert "collected" not in run.out  # typed on the day, not counted: allowed


def test_a_monthly_quota_missed_leaves_the_customer_overdue_into_the_next_month(tmp_path):
    """城网 twice a month: visited once in November, the retailer is overdue on 1 December (since
    30 November, with the quota it missed) until it is visited in December; 农网 once a month,
    visited 11-11, is on track for December. A rule that counts any contact is kept by a call."""
    files = {
        "team.yaml": """profile: tobacco
name: 城区一部
start: 2026-10-01
visit_rules:
  - {id: rural, methods: any}
""",
        "people.yaml": FILES["people.yaml"],
        "customers/ann.yaml": """owner: ann
customers:
  - {id: u1, name: 城一店, class: B, licence: "1", area: 城网, grade: 10}
  - {id: r1, name: 乡一店, class: C, licence: "3", area: 农网, grade: 5}
  - {id: r2, name: 乡二店, class: C, licence: "4", area: 农网, grade: 5}
""",
        "customers/bob.yaml": "owner: bob\ncustomers: []\n",
        "logs/ann/2026-10-28.yaml": """date: 2026-10-28
visits:
  - {time: "09:00", customer: u1, effect: 正常}
  - {time: "10:00", customer: r1, effect: 正常}
  - {time: "11:00", customer: r2, effect: 正常}
""",
        "logs/ann/2026-11-11.yaml": """date: 2026-11-11
visits:
  - {time: "09:00", customer: u1, effect: 正常}
  - {time: "10:00", customer: r1, effect: 正常}
calls:
  - {customer: r2, outcome: 电话访销}
""",
    }
    root = write_files(tmp_path / "data", files)

    def standing(as_of: date) -> dict[str, tuple[str, date | None, str]]:
        checked = check(root, as_of)
        assert [p.message for p in checked.problems if p.severity == "error"] == []
        d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), as_of)
        return {c: (v.freshness.value, v.due, v.missed) for c, v in d.customers.items()}

    december = standing(date(2026, 12, 1))
    assert december["u1"] == ("overdue", date(2026, 11, 30), "11月应访 2 次，实访 1 次")
    assert december["r1"][0] != "overdue" and december["r1"][2] == ""
    assert december["r2"][0] != "overdue"  # the call in November keeps a rule that counts any contact
    november = standing(date(2026, 11, 20))
    assert november["u1"] == ("on_track", date(2026, 11, 30), "")  # the second visit is due by month end
    files["logs/ann/2026-12-01.yaml"] = 'date: 2026-12-01\nvisits:\n  - {time: "09:00", customer: u1, effect: 补访}\n'
    write_files(root, files)
    after = standing(date(2026, 12, 2))
    assert after["u1"][0] != "overdue" and after["u1"][1] == date(2026, 12, 31)


def test_months_before_anything_was_recorded_show_nothing_not_zero(derived):
    """The team started 2026-11-02: a retailer's October orders and the month page's 上月同期 are
    unknown ("—"), not 0."""
    u1 = derived.customer_figures["u1"]
    orders = next(r for r in u1.rows if r.metric.id == "orders")
    assert orders.values[-2] is None and orders.values[-1] == 50  # October, November
    month = derived.months[-1]
    ann = next(r for r in month.rows if r.person.id == "ann")
    kpi = next(k for k in ann.kpis if k.metric.id == "orders")
    assert kpi.previous is None and kpi.change is None


def test_a_complaint_from_someone_not_on_file_is_taken_with_a_warning(tmp_path):
    """A tenant not on file complains (物业: 「受理业主对物业服务投诉」 — the caller need not be the owner):
    the complaint is counted and timed; the portal warns, never refuses; the page names the caller."""
    log = PROPERTY["logs/zq/2026-11-03.yaml"] + (
        '  - complainant: 租户刘女士\n    address: 3 栋 1 单元 502\n    received: "20:00"\n'
        '    category: 噪音\n    summary: 楼上深夜装修\n    steps: {accepted: "20:10", feedback: "23:00"}\n'
    )
    root = write_files(tmp_path / "data", {**PROPERTY, "logs/zq/2026-11-03.yaml": log})
    run = portal("check", "--data", str(root), "--as-of", "2026-11-05", cwd=tmp_path)
    assert run.code == 0, run.out
    assert "warning: 投诉人 租户刘女士 不在客户档案中，地址 3 栋 1 单元 502" in run.out
    checked = check(root, date(2026, 11, 5))
    d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), date(2026, 11, 5))
    row = next(r for r in next(s for s in d.months if s.period.key == "2026-11").rows if r.person.id == "zq")
    actual = {k.metric.id: k.actual for k in row.kpis}
    assert actual["complaints"] == 3 and actual["complaints_on_time"] == 2  # 20:00 → 23:00, within 6 hours
    site = tmp_path / "site"
    assert portal("build", "--data", str(root), "--site", str(site), "--as-of", "2026-11-05").code == 0
    assert "租户刘女士" in (site / "index.html").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in (site / "months").rglob("*.html")
    )


def test_the_handbook_says_how_a_counted_metric_is_counted_in_the_teams_words():
    from builder.schema import Team
    from builder.site.howto import _kind

    settings = Team.model_validate({**profiles.profile("property"), "name": "x", "profile": "property"})
    said = {m.id: _kind(m, settings) for m in settings.metrics}
    assert said["complaints_on_time"].endswith("由记录统计，不用填写：投诉中“反馈”环节按时完成的条数")
    assert said["satisfied"].endswith(
        "写了结果的走访中事项为 服务回访、投诉回访，满意度为 非常满意、满意的条数"
    )  # 物业说走访
    assert said["suggestions"].endswith("写了结果的走访中写了意见建议的条数")


# What each trade's supervisor is judged on (issue 27, item 1): metrics by kind, dates that expire,
# duties, and where the rate is counted from records.
HEADLINES: dict[str, dict[str, object]] = {
    "bank": {
        "metrics": {
            "online_banking": "count",
            "phone_banking": "count",
            "funds": "amount",
            "insurance": "amount",
            "insurance_regular": "amount",
        },
        "expires": ["product_due"],
    },
    "credit_union": {
        "metrics": {"interest": "amount", "recovered": "amount", "interest_rate": "rate", "npl": "level"},
        "expires": ["loan_due", "litigation_due", "guarantee_due"],
    },
    "securities": {"metrics": {"new_accounts": "count", "callbacks": "count", "activations": "count"}, "expires": []},
    "tobacco": {
        "metrics": {"key_brand_orders": "count", "sign_rate": "rate", "e_settlement": "rate", "shelf_rate": "rate"},
        "expires": ["licence_expiry"],
        "duties": ["forecast", "sales_analysis", "business_info", "demand_entry"],
    },
    "distribution": {
        "metrics": {"collection_rate": "rate", "receivables": "level", "collections": "amount"},
        "expires": [],
        "visit_fields": ["dealer_stock", "dealer_in", "dealer_out"],
    },
    "telecom": {
        "metrics": {"arrears_collected": "amount", "renewals": "count"},
        "expires": ["contract_end"],
        "duties": ["weekly_report"],
    },
    "property": {
        "metrics": {"collected": "amount", "dunning": "count", "satisfaction": "rate", "feedback_rate": "rate"},
        "expires": ["renovation_permit", "paid_until"],
        "duties": ["appraisal", "training", "survey"],
    },
}


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_each_profile_has_what_its_supervisor_is_judged_on(name: str) -> None:
    from builder.schema import Team

    team = Team.model_validate({**profiles.profile(name), "name": "x", "profile": name})
    wanted = HEADLINES[name]
    kinds = {m.id: m.kind.value for m in team.metrics}
    assert {m: kinds.get(m) for m in wanted["metrics"]} == wanted["metrics"]  # type: ignore[union-attr]
    assert [f.id for f in team.customer_fields if f.expires] == wanted["expires"]
    assert [d.id for d in team.duties] == wanted.get("duties", [])
    assert set(wanted.get("visit_fields", [])) <= {f.id for f in team.visit_fields}
    for metric in team.metrics:  # a rate of two counts is counted where its counts come from records
        if metric.of and all(m.counted for m in team.metrics if m.id in metric.of):
            assert kinds[metric.id] == "rate"
    if name == "property":
        feedback = next(s for s in team.complaints.steps if s.id == "feedback")
        assert feedback.within_hours == 6  # 000「客户投诉在6小时内做出反馈」
        rated = {m.id: m for m in team.metrics}
        assert rated["satisfaction"].of == ["satisfied", "callbacks"] and rated["callbacks"].counted is not None


_TRACED = (
    "metrics",
    "visit_rules",
    "duties",
    "steps",
    "customer_fields",
    "visit_fields",
    "classes",
    "methods",
    "categories",
)


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_every_item_of_a_profile_quotes_its_source_or_says_it_is_the_portals_default(name: str) -> None:
    """Issue 27: beside each metric, rule, duty, step, field, class, method and category, a comment
    quoting the documents (「…」) or saying 门户默认; a comment covers the items right below it."""
    path = Path(profiles.__file__).parent / f"{name}.yaml"
    section, block, after_item, untraced = "", [""], False, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if found := re.match(r"^\s*([a-z_]+):\s*(#.*)?$", line):
            section, block, after_item = found[1], [found[2] or ""], False
        elif text.startswith("#"):
            block, after_item = ([text] if after_item else [*block, text]), False
        elif text.startswith("- ") and section in _TRACED:
            said = " ".join(block)
            if "「" not in said and "门户默认" not in said:
                untraced.append(f"{path.name}:{number}: {text[:40]}")
            after_item = True
    assert untraced == []
