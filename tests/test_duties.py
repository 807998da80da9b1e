"""Recurring duties (issue 25, item 4): due on the team's day of the week, month or quarter, done
when a log of the period lists them; checked against the logs read with an independent YAML parser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import vobject
import yaml

from builder.derive.duties import instance
from builder.schema import Duty, Workdays
from builder.workdays import WorkCalendar
from conftest import DEMO_AS_OF, built_demo, demo_team, once_per_run, portal, table_rows

CALENDAR = WorkCalendar(Workdays())
AS_OF_YEAR = date.fromisoformat(DEMO_AS_OF).year


@pytest.mark.parametrize(
    ("every", "by", "day", "due"),
    [
        ("month", 30, "2026-10-08", "2026-10-30"),
        ("month", 31, "2026-10-08", "2026-11-02"),  # Saturday 10-31: the next working day (顺延)
        ("month", 31, "2026-11-03", "2026-11-30"),  # beyond the month's end: its last day
        ("month", 5, "2026-10-20", "2026-10-08"),  # 10-05 is in the National Day holiday: the first day after it
        ("week", 5, "2026-11-18", "2026-11-20"),  # Friday of the week
        ("quarter", 31, "2026-11-18", "2026-12-31"),  # the quarter's last month
    ],
)
def test_a_duty_is_due_on_its_day_or_the_next_working_day(every: str, by: int, day: str, due: str) -> None:
    duty = Duty.model_validate({"id": "x", "label": "事项", "every": every, "by": by})
    assert instance(duty, date.fromisoformat(day), CALENDAR)[2] == date.fromisoformat(due)


def _build(work: Path) -> Path:
    return built_demo(work, "tobacco", people=3, customers=30, months=3)


@pytest.fixture(scope="module")
def tobacco_team(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    return once_per_run(tmp_path_factory, worker_id, "duties", _build)


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def test_each_months_duties_are_done_on_the_first_log_of_the_month_that_lists_them(tobacco_team: Path) -> None:
    data, site = tobacco_team / "data", tobacco_team / "site"
    team = yaml.safe_load((data / "team.yaml").read_text("utf-8"))
    assert "duties" not in team  # the profile's duties, from the documents
    names = {p["id"]: p["name"] for p in yaml.safe_load((data / "people.yaml").read_text("utf-8"))}
    listed: dict[tuple[str, str], list[date]] = {}
    for path in sorted((data / "logs").rglob("*.yaml")):
        log = yaml.safe_load(path.read_text("utf-8"))
        for ident in log.get("duties") or []:
            listed.setdefault((names[path.parent.name], ident), []).append(date.fromisoformat(str(log["date"])))
    assert listed, "the demo's people did their duties"
    labels = {"需求预测上报": "forecast", "月度销售情况分析报告": "sales_analysis"}
    month = date(2026, 10, 1)
    rows = table_rows((site / "months" / "2026-10" / "index.html").read_text("utf-8"), "duties")
    checked = 0
    for name, label, _due, done, state in rows:
        if label not in labels:
            continue
        days = [d for d in sorted(listed.get((name, labels[label]), [])) if d.month == month.month]
        if days:
            assert done == _md(days[0]), (name, label)
            assert state in ("已完成", "逾期完成")
        else:
            assert (done, state) == ("—", "逾期未做"), (name, label)
        checked += 1
    assert checked == 2 * (len(names) - 1)  # every manager, both duties (the supervisor has none)


def test_a_late_duty_is_on_its_persons_page_and_in_what_needs_attention(tobacco_team: Path) -> None:
    site = tobacco_team / "site"
    late = {}
    for page in sorted((site / "people").glob("*/index.html")):
        html = page.read_text("utf-8")
        if 'id="duties"' in html:
            rows = [r for r in table_rows(html, "duties") if r[-1] == "逾期未做"]
            if rows:
                late[page.parent.name] = len(rows)
    assert late, "someone in the demo missed a duty"
    everyone = (site / "people" / "index.html").read_text("utf-8")  # what needs attention, every person
    for person, count in late.items():
        assert f'{person}/#duties">例行事项逾期 {count} 项' in everyone, person


def test_a_duty_not_yet_done_is_in_its_persons_reminders_until_it_is(tobacco_team: Path) -> None:
    site = tobacco_team / "site"
    events: dict[str, set[tuple[str, date]]] = {}  # person -> (summary, day) of the duties in their reminders
    for feed in site.glob("feeds/*/*-reminders.ics"):
        for calendar in vobject.readComponents(feed.read_text("utf-8")):
            for event in getattr(calendar, "vevent_list", []):  # a calendar may have no event
                uid = event.uid.value
                if uid.startswith("duty-"):
                    events.setdefault(uid.split("-")[1], set()).add((event.summary.value, event.dtstart.value))
    checked = 0
    for page in sorted((site / "people").glob("*/index.html")):
        html = page.read_text("utf-8")
        if 'id="duties"' not in html:
            continue
        for label, due, _done, state in table_rows(html, "duties"):
            month, day = (int(n) for n in re.findall(r"\d+", due))
            found = (f"截止：{label}", date(AS_OF_YEAR, month, day)) in events.get(page.parent.name, set())
            assert found == (state == "待完成"), (page.parent.name, label, due, state)
            checked += state == "待完成"
    assert checked, "the demo has duties still to do"


def test_a_log_naming_a_duty_the_team_does_not_have_is_an_error_with_the_likely_one(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo_team(data, "telecom", people=2, customers=8, months=3)
    log = next(iter(sorted((data / "logs").rglob("*.yaml"))))
    text = log.read_text("utf-8")
    log.write_text(text + "duties: [weekly_reprot]\n", encoding="utf-8")
    run = portal("check", "--data", str(data), "--as-of", DEMO_AS_OF)
    assert run.code == 1
    found = [line for line in (run.out + run.err).splitlines() if ": error: " in line]
    assert len(found) == 1, run.out + run.err
    line = len(text.splitlines()) + 1
    assert re.search(rf"{log.name}:{line}:\d+: error: 没有编号为 'weekly_reprot' 的例行事项", found[0]), found[0]
    assert "weekly_report" in found[0]


WEEKLY = {
    "team.yaml": "profile: telecom\nname: 政企一部\nstart: 2026-11-02\n"
    "duties:\n  - {id: report, label: 周报上报, every: week, by: 5, recorded: week_summary}\n",
    "people.yaml": "- {id: boss, name: 主任, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n",
    "customers/ann.yaml": "owner: ann\ncustomers:\n  - {id: a1, name: 甲公司, class: A}\n",
    # week 45 has its summary; week 46 has a plan without one; week 47's Friday, the 20th, is the as-of day
    "plans/ann/2026-W45.yaml": "week: 2026-W45\nsummary: 走访三户，两户有意向\n",
    "plans/ann/2026-W46.yaml": "week: 2026-W46\nsummary: ''\n",
}


def test_a_duty_a_plan_records_is_done_once_the_plans_summary_is_written(tmp_path: Path) -> None:
    """003「客户经理每周五要给部门主任上报周报。即对上周工作计划实施结果的总结」: the week's summary is it."""
    from conftest import write_files

    data = write_files(tmp_path / "data", WEEKLY)

    def build() -> list[str]:
        run = portal("build", "--data", "data", "--site", "site", "--as-of", "2026-11-20", cwd=tmp_path)
        assert run.code == 0, run.err
        feeds = (p.read_text("utf-8") for p in (tmp_path / "site" / "feeds").rglob("*.ics"))
        return sorted(uid for text in feeds for uid in re.findall(r"UID:(duty-ann-report-\S+)", text))

    assert build() == ["duty-ann-report-20261116@portal.invalid"]  # this week's, open
    page = (tmp_path / "site" / "people" / "ann" / "index.html").read_text("utf-8")
    rows = {r[1]: r[2:] for r in table_rows(page, "duties")}
    assert rows[_md(date(2026, 11, 6))] == ["周小结已写", "已完成"]
    assert rows[_md(date(2026, 11, 13))] == ["—", "逾期未做"]
    assert rows[_md(date(2026, 11, 20))] == ["—", "待完成"]
    write_files(data, {"plans/ann/2026-W47.yaml": "week: 2026-W47\nsummary: 本周签约一户\n"})
    assert build() == []  # reported: out of the reminders
    write_files(data, {"team.yaml": WEEKLY["team.yaml"].replace("every: week, by: 5", "every: month, by: 5")})
    run = portal("check", "--data", "data", "--as-of", "2026-11-20", cwd=tmp_path)
    assert run.code == 1 and "data/team.yaml:5:" in run.out
    assert "例行事项 report 每月一次，不能由周计划的 summary 记录" in run.out
