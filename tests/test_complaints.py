"""Complaint limits as a team states them (issue 25, item 2): each category its own steps and
limits, office hours of working days or the clock, escalation stopping every clock; numbers
computed by hand in the comments, on a small hand-written property team."""

from __future__ import annotations

from datetime import date, datetime
from html import unescape
from pathlib import Path

import pytest

from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from conftest import portal, write_files

AS_OF = date(2026, 11, 25)  # a Wednesday
TEAM = """profile: property
name: 客服中心
complaints:
  steps:
    - {id: accepted, label: 受理, within_hours: 1}
    - {id: feedback, label: 反馈, within_hours: 6}
    - {id: resolved, label: 处理完成, within_hours: 16}
  categories:
    - 保洁
    - {label: 维修, hours: clock, within_hours: {resolved: 24}}
    - {label: 咨询, steps: [accepted, feedback]}
"""
FILES = {
    "team.yaml": TEAM,
    "people.yaml": "- {id: boss, name: 主管, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n",
    "customers/ann.yaml": 'owner: ann\ncustomers:\n  - {id: a1, name: 3栋101, class: A, building: "3", room: "101"}\n',
    # Friday 2026-11-20; office hours are the portal's default, 08:30-17:30 on working days
    "logs/ann/2026-11-20.yaml": """date: 2026-11-20
complaints:
  - {customer: a1, category: 保洁, received: "15:30", summary: 楼道没扫,
     steps: {accepted: "16:00", feedback: 2026-11-23 11:00, resolved: 2026-11-23 17:00}}
  - {customer: a1, category: 维修, received: "20:00", summary: 水管爆了,
     steps: {accepted: "20:30", feedback: 2026-11-21 08:00, resolved: 2026-11-21 18:00}}
  - {customer: a1, category: 咨询, received: "10:00", summary: 问停车费, steps: {accepted: "10:30", feedback: "14:00"}}
  - {customer: a1, category: 保洁, received: "09:00", summary: 垃圾清运, escalated: "10:00",
     steps: {accepted: "09:20", resolved: 2026-11-25 10:00}}
""",
}


@pytest.fixture(scope="module")
def derived(tmp_path_factory: pytest.TempPathFactory) -> Derived:
    root = tmp_path_factory.mktemp("team")
    write_files(root, FILES)
    checked = check(Path(root), AS_OF)
    assert [p.message for p in checked.problems] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)


def _case(derived: Derived, summary: str):  # type: ignore[no-untyped-def]
    return next(c for c in derived.records.complaints if c.complaint.summary == summary)


def test_limits_count_office_hours_of_working_days(derived):
    swept = _case(derived, "楼道没扫")
    due = {s.step.id: s.due for s in swept.steps}
    # 15:30 Friday: 2 office hours that day, then Monday from 08:30
    assert due["feedback"] == datetime(2026, 11, 23, 12, 30)  # 2 + 4
    assert due["resolved"] == datetime(2026, 11, 24, 13, 30)  # 2 + 9 on Monday + 5 on Tuesday
    assert swept.late_steps == ()  # on the clock, the feedback would be 67.5 hours after receipt


def test_a_category_on_the_clock_with_its_own_limit(derived):
    burst = _case(derived, "水管爆了")
    due = {s.step.id: s.due for s in burst.steps}
    assert due["feedback"] == datetime(2026, 11, 21, 2, 0)  # 20:00 + 6 h, through the night
    assert due["resolved"] == datetime(2026, 11, 21, 20, 0)  # the category's 24 h, not the step's 16
    assert [s.step.id for s in burst.late_steps] == ["feedback"]  # done at 08:00


def test_a_category_with_its_own_steps_is_done_after_its_last(derived):
    question = _case(derived, "问停车费")
    assert [s.step.id for s in question.steps] == ["accepted", "feedback"]
    assert question.state == "done"
    assert question.step("resolved") is None


def test_escalation_stops_every_clock_even_of_a_step_done_after_it(derived):
    escalated = _case(derived, "垃圾清运")
    assert escalated.late_steps == ()  # resolved five days later, and feedback never written
    assert escalated.state == "escalated"


def test_only_the_late_step_is_a_violation(derived):
    found = [v.detail for w in derived.weeks for v in w.violations if v.rule == "complaint_step"]
    assert found == ["“水管爆了”的「反馈」未在 6 小时内完成"]


def test_a_step_outside_its_category_is_a_warning_and_an_unknown_one_in_settings_an_error(tmp_path: Path):
    files = dict(FILES)
    files["team.yaml"] = TEAM.replace("steps: [accepted, feedback]}", "steps: [accepted, feedbak]}")
    asked = '  - {customer: a1, category: 咨询, received: "%s", summary: 问事, steps: {accepted: "%s", %s: "14:00"}}\n'
    both = asked % ("10:00", "10:30", "feedback") + asked % ("11:00", "11:30", "resolved")
    files["logs/ann/2026-11-20.yaml"] = "date: 2026-11-20\ncomplaints:\n" + both
    write_files(tmp_path / "data", files)
    run = portal("check", "--data", "data", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert run.code == 1
    lines = [line for line in (run.out + run.err).splitlines() if ": error: " in line or ": warning: " in line]
    # one message for one cause: the misspelt step, not also each 咨询 complaint that then seems to lack it
    assert len(lines) == 1, lines
    assert lines[0].startswith("data/team.yaml:11:") and "'feedbak'" in lines[0] and "'feedback'" in lines[0]
    write_files(tmp_path / "data", {"team.yaml": TEAM})
    run = portal("check", "--data", "data", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert run.code == 0
    lines = [line for line in (run.out + run.err).splitlines() if ": warning: " in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("data/logs/ann/2026-11-20.yaml:4:")
    assert "「咨询」类投诉没有「处理完成」这一环节" in lines[0]


def test_the_handbook_and_the_complaints_table_say_so(tmp_path: Path):
    write_files(tmp_path / "data", FILES)
    run = portal("build", "--data", "data", "--site", "site", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert run.code == 0, run.err
    handbook = unescape((tmp_path / "site" / "handbook" / "index.html").read_text(encoding="utf-8"))
    assert "时限只计工作日 08:30–17:30 的办公时间" in handbook
    said = "<li>「维修」类的时限：受理 1 小时，反馈 6 小时，处理完成 24 小时；按钟点连续计，夜间和休息日也算。</li>"
    assert said in handbook
    assert "「咨询」类只做 受理（1 小时内） → 反馈（6 小时内）" in handbook
    week = (tmp_path / "site" / "weeks" / "2026-W47" / "index.html").read_text(encoding="utf-8")
    assert week.count("不适用") == 2  # 问停车费 has no 处理完成 and no 回访 (the profile's fourth step)
