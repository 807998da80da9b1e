"""Cross-file checks, each on a small team written inline."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from builder.checks import cross_check
from builder.pipeline import check
from builder.problems import Severity
from conftest import portal, write_files

TEAM = """name: 测试
metrics: [{id: deposits, label: 存款}]
profile: bank
classes: [{id: A, label: A类}]
visit_rules: [{when: {class: A}, every_days: 30}]
"""
PEOPLE = """- {id: wangfang, name: 王芳, role: supervisor}
- {id: zhangwei, name: 张伟, supervisor: wangfang}
- {id: lijing, name: 李静, supervisor: wangfang}
"""
CUSTOMERS = """owner: zhangwei
customers:
  - {id: c001, name: 李娜, class: A}
  - {id: c002, name: 王磊, class: A}
"""


def _team(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str]]:
    base = {"team.yaml": TEAM, "people.yaml": PEOPLE, "customers/zhangwei.yaml": CUSTOMERS}
    for name, text in {**base, **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    checked = check(tmp_path, date(2026, 11, 20))
    return [(Path(p.path).relative_to(tmp_path).as_posix(), p.line, p.code) for p in checked.problems]


def test_a_clean_team_has_no_problems(tmp_path):
    assert _team(tmp_path, {}) == []


def test_a_customer_id_defined_in_two_files_is_reported_where_it_repeats(tmp_path):
    found = _team(
        tmp_path,
        {
            "customers/lijing.yaml": "owner: lijing\ncustomers:\n  - {id: c003, name: 赵敏, class: A}\n"
            "  - {id: c002, name: 王磊磊, class: A}\n"
        },
    )
    assert ("customers/zhangwei.yaml", 4, "duplicate-id") in found


def test_a_visit_planned_on_a_public_holiday_is_a_warning_but_a_swapped_workday_is_not(tmp_path):
    found = _team(
        tmp_path,
        {
            "plans/zhangwei/2026-W40.yaml": "week: 2026-W40\nthu:\n  visits:\n    - {time: '09:00', customer: c001}\n",
            "plans/zhangwei/2026-W41.yaml": "week: 2026-W41\nsat:\n  visits:\n    - {time: '09:00', customer: c001}\n",
        },
    )
    assert found == [("plans/zhangwei/2026-W40.yaml", 2, "plan-on-holiday")]


def test_visiting_another_managers_customer_is_a_warning(tmp_path):
    found = _team(
        tmp_path,
        {"logs/lijing/2026-11-19.yaml": "date: 2026-11-19\nvisits:\n  - {time: '09:00', customer: c001, effect: 好}\n"},
    )
    assert found == [("logs/lijing/2026-11-19.yaml", 3, "other-owner")]


def test_only_a_supervisor_may_sign_a_log(tmp_path):
    found = _team(
        tmp_path,
        {
            "logs/lijing/2026-11-18.yaml": "date: 2026-11-18\nreview: {by: zhangwei, date: 2026-11-19}\n",
            "logs/lijing/2026-11-19.yaml": "date: 2026-11-19\nreview: {by: wangfang, date: 2026-11-20}\n",
        },
    )
    assert found == [("logs/lijing/2026-11-18.yaml", 2, "not-supervisor")]


def test_a_broken_customer_file_does_not_make_every_reference_an_error(tmp_path):
    found = _team(
        tmp_path,
        {
            "customers/zhangwei.yaml": "owner: zhangwei\ncustomers: [\n",
            "logs/zhangwei/2026-11-19.yaml": "date: 2026-11-19\nvisits:\n"
            "  - {time: '09:00', customer: c001, effect: 好}\n",
        },
    )
    assert found == [("customers/zhangwei.yaml", 2, "yaml-syntax")]


def test_an_item_with_a_schema_error_does_not_hide_problems_in_its_siblings(tmp_path):
    found = _team(
        tmp_path,
        {
            "logs/zhangwei/2026-11-19.yaml": "date: 2026-11-19\nvisits:\n  - {time: '9h', customer: c001}\n"
            "  - {time: '10:00', customer: c404, effect: 好}\n",
        },
    )
    assert found == [
        ("logs/zhangwei/2026-11-19.yaml", 3, "invalid-value"),
        ("logs/zhangwei/2026-11-19.yaml", 4, "unknown-reference"),
    ]


def test_missing_team_and_people_files_are_errors(tmp_path):
    (tmp_path / "customers").mkdir()
    checked = check(tmp_path, date(2026, 11, 20))
    assert sorted(p.code for p in checked.problems) == ["missing-file", "missing-file"]


def test_a_check_that_crashes_becomes_a_problem_and_the_others_still_run(tmp_path):
    _team(tmp_path, {})
    dataset = check(tmp_path, date(2026, 11, 20)).dataset

    def broken(ds, as_of):
        raise RuntimeError("boom")
        yield

    def fine(ds, as_of):
        yield from ()

    problems = cross_check(dataset, date(2026, 11, 20), (broken, fine))
    assert [(p.code, p.severity) for p in problems] == [("internal-error", Severity.ERROR)]
    assert "boom" in problems[0].message


def test_a_mistyped_customer_is_guessed_among_the_writers_own_first(tmp_path):
    """c150 in 安娜's log: her own c105 (two digits swapped), not 周杰's c120, which difflib finds as close."""
    files = {
        "team.yaml": "profile: tobacco\nname: 一部\n",
        "people.yaml": "- {id: boss, name: 王芳, role: supervisor}\n"
        "- {id: ann, name: 安娜, supervisor: boss}\n- {id: zj, name: 周杰, supervisor: boss}\n",
        "customers/ann.yaml": 'owner: ann\ncustomers:\n  - {id: c105, name: 安一店, class: A, licence: "1"}\n',
        "customers/zj.yaml": 'owner: zj\ncustomers:\n  - {id: c120, name: 周一店, class: A, licence: "2"}\n',
        "logs/ann/2026-11-02.yaml": 'date: 2026-11-02\nvisits:\n  - {time: "09:00", customer: c150, effect: 好}\n',
    }
    root = write_files(tmp_path / "data", files)
    run = portal("check", "--data", str(root), "--as-of", "2026-11-03", cwd=tmp_path)
    assert "data/logs/ann/2026-11-02.yaml:3:31: error: 没有编号为 'c150' 的客户 (是不是想写 'c105'？)" in run.out


def test_a_day_total_below_its_visits_sum_is_a_warning(tmp_path):
    """Typed 500 beside visits recording 800 + 487: the total wins and is warned about (issue 25)."""
    files = {
        "team.yaml": "profile: tobacco\nname: 一部\n",
        "people.yaml": "- {id: boss, name: 王芳, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n",
        "customers/ann.yaml": 'owner: ann\ncustomers:\n  - {id: c1, name: 一店, class: A, licence: "1"}\n'
        '  - {id: c2, name: 二店, class: A, licence: "2"}\n',
        "logs/ann/2026-11-02.yaml": "date: 2026-11-02\nvisits:\n"
        '  - {time: "09:00", customer: c1, figures: {orders: 800, order_value: 1}}\n'
        '  - {time: "10:00", customer: c2, figures: {orders: 487, order_value: 1}}\n'
        "figures: {orders: 500}\n",
    }
    run = portal("check", "--data", str(write_files(tmp_path / "data", files)), "--as-of", "2026-11-03", cwd=tmp_path)
    assert "data/logs/ann/2026-11-02.yaml:5:19: warning: orders 当天合计 500 小于各次拜访所记之和 1287" in run.out


@pytest.fixture(scope="module")
def small_team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import demo_team

    return demo_team(tmp_path_factory.mktemp("root") / "data", "bank", people=3, customers=12)


def _root_cause(small: Path, tmp_path: Path, change: Callable[[Path], None]) -> list[str]:
    data = tmp_path / "data"
    shutil.copytree(small, data)
    change(data)
    run = portal("check", "--data", "data", "--as-of", "2026-11-20", cwd=tmp_path)
    assert run.code == 1 and "Traceback" not in run.err
    return [line for line in run.out.splitlines() if ": error: " in line or ": warning: " in line]


def _without(person: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        people = data / "people.yaml"
        people.write_text(re.sub(rf"  - id: {person}\n(    .*\n)*", "", people.read_text("utf-8")), "utf-8")

    return change


@pytest.mark.parametrize(
    ("change", "cause"),
    [
        (lambda d: (d / "people.yaml").unlink(), "data/people.yaml: error: 缺少人员名单 people.yaml（"),
        (lambda d: (d / "people.yaml").write_text("people:\n  zhangwei: 张伟\n", "utf-8"), "data/people.yaml:1:1:"),
        (
            lambda d: (d / "customers" / "zhangwei.yaml").write_text(
                (d / "customers" / "zhangwei.yaml").read_text("utf-8").replace("owner: zhangwei", "owner: zhangwie"),
                "utf-8",
            ),
            "data/customers/zhangwei.yaml:1:8: error: 没有编号为 'zhangwie' 的经理",
        ),
        (_without("lijing"), "data/customers/lijing.yaml:1:8: error: 没有编号为 'lijing' 的经理"),
    ],
    ids=["no-people", "people-as-mapping", "owner-typo", "person-removed"],
)
def test_a_broken_file_others_depend_on_is_said_once_not_by_each_that_depends_on_it(
    small_team: Path, tmp_path: Path, change: Callable[[Path], None], cause: str
) -> None:
    """Issue 28, item 2: the cause first, and a handful of problems, not one per file or visit that waits on it."""
    found = _root_cause(small_team, tmp_path, change)
    assert found and found[0].startswith(cause), found
    assert len(found) <= 3, found
