"""A person's own rota (issue 25, item 3): a duty Saturday is a working day for them (its log is
due, its visits are no rest-day warning, `portal new plan` plans it) and a day off in lieu is
not (no missing log, a visit planned on it is warned). On a small hand-written property team."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from builder.derive import derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from conftest import portal, write_files

AS_OF = date(2026, 11, 25)  # a Wednesday
SATURDAY, MONDAY = "2026-11-21", "2026-11-23"  # ann's duty day and her day off in lieu


def _log(day: str) -> str:
    return f'date: {day}\nvisits:\n  - {{time: "10:00", customer: a1, method: home, effect: 已走访}}\n'


FILES = {
    "team.yaml": "profile: property\nname: 客服中心\nrules: {log_due_days: 0}\n",
    "people.yaml": f"""- {{id: boss, name: 主管, role: supervisor}}
- {{id: ann, name: 安娜, supervisor: boss, start: 2026-11-16, rota: {{work: [{SATURDAY}], off: [{MONDAY}]}}}}
- {{id: bob, name: 鲍勃, supervisor: boss, start: 2026-11-16}}
""",
    "customers/ann.yaml": 'owner: ann\ncustomers:\n  - {id: a1, name: 3栋101, class: A, building: "3", room: "101"}\n',
    "customers/bob.yaml": 'owner: bob\ncustomers:\n  - {id: b1, name: 4栋202, class: A, building: "4", room: "202"}\n',
    # ann writes Monday to Friday and Tuesday the 24th: not her duty Saturday, not her day off
    **{f"logs/ann/2026-11-{d}.yaml": _log(f"2026-11-{d}") for d in ("16", "17", "18", "19", "20", "24")},
    **{f"logs/bob/2026-11-{d}.yaml": _log(f"2026-11-{d}").replace("a1", "b1") for d in ("16", "17", "18", "19", "20")},
    "plans/ann/2026-W47.yaml": 'week: 2026-W47\nsat:\n  visits:\n    - {time: "10:00", customer: a1}\n',
    "plans/ann/2026-W48.yaml": 'week: 2026-W48\nmon:\n  visits:\n    - {time: "10:00", customer: a1}\n',
}


def test_a_duty_day_wants_its_log_and_a_day_off_does_not(tmp_path: Path):
    root = write_files(tmp_path / "data", FILES)
    checked = check(root, AS_OF)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    d = derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)
    rows = {(s.period.key, r.person.id): r for s in d.weeks for r in s.rows}
    ann47, ann48 = rows["2026-W47", "ann"], rows["2026-W48", "ann"]
    assert ann47.missing_logs == (date(2026, 11, 21),)  # the duty Saturday
    assert (ann47.logs_due, ann47.logs_written) == (6, 5)  # Monday to Saturday
    assert ann48.missing_logs == ()  # Monday off; Tuesday written; Wednesday, today, not due yet
    assert (ann48.logs_due, ann48.logs_written) == (1, 1)
    bob48 = rows["2026-W48", "bob"]  # the team's calendar for whoever has no rota
    assert bob48.missing_logs == (date(2026, 11, 23), date(2026, 11, 24))
    person = d.persons["ann"]
    assert date(2026, 11, 23) not in [day.day for day in person.week if day.workday]


def test_a_visit_planned_on_a_duty_day_is_no_warning_but_one_on_a_day_off_is(tmp_path: Path):
    write_files(tmp_path / "data", FILES)
    run = portal("check", "--data", "data", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    warned = [line for line in (run.out + run.err).splitlines() if ": warning: " in line]
    assert warned == [
        "data/plans/ann/2026-W48.yaml:2:1: warning: 2026-11-23 是调休日，却安排了走访 "
        "(确认是否加班；值班或调休上班的日子写进 people.yaml 本人的 rota: {work: [日期]})"
    ], run.out + run.err


def test_a_new_plan_has_the_duty_day_not_the_day_off_and_a_rounds_own_time(tmp_path: Path):
    people = FILES["people.yaml"].replace(
        f"rota: {{work: [{SATURDAY}], off: [{MONDAY}]}}", "rota: {work: [2026-12-05], off: [2026-12-01]}"
    )
    # a2 is due (never visited) on an evening round walked on Tuesdays and Saturdays: the first of them ann works
    customers = (
        'owner: ann\nroutes:\n  - {id: r1, label: 晚间催缴, days: [tue, sat], time: "18:30"}\ncustomers:\n'
        '  - {id: a1, name: 3栋101, class: A, building: "3", room: "101"}\n'
        '  - {id: a2, name: 3栋102, class: A, building: "3", room: "102", route: r1}\n'
    )
    write_files(tmp_path / "data", {**FILES, "people.yaml": people, "customers/ann.yaml": customers})
    run = portal("new", "plan", "--person", "ann", "--week", "2026-W49", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert run.code == 0, run.err
    plan = YAML(typ="safe").load((tmp_path / "data" / "plans" / "ann" / "2026-W49.yaml").read_text(encoding="utf-8"))
    assert "tue" not in plan and [v["customer"] for v in plan["sat"]["visits"]] == ["a2"], plan  # 12-01 off
    assert plan["sat"]["visits"][0]["time"] == "18:30"  # the round's own time, not 09:00
