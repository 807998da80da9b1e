"""portal new log, new plan and review, run as a manager and a supervisor would, on a copy of the demo."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, portal

yaml = YAML(typ="safe")


@pytest.fixture()
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def _load(path):
    return yaml.load(path.read_text(encoding="utf-8"))


def test_new_log_brings_in_the_days_planned_visits_and_tomorrows_plan(data):
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-25", "--data", str(data))
    assert run.code == 0, run.err
    log = _load(data / "logs" / "zhangwei" / "2026-11-25.yaml")
    plan = _load(data / "plans" / "zhangwei" / "2026-W48.yaml")
    assert [v["customer"] for v in log["visits"]] == [v["customer"] for v in plan["wed"]["visits"]]
    assert [v["time"] for v in log["visits"]] == [v["time"] for v in plan["wed"]["visits"]]
    friday = [v["customer"] for v in plan.get("thu", {}).get("visits", [])]
    assert all(re.search(r"\d\d:\d\d 拜访 ", log["tomorrow"]) for _ in friday)
    text = (data / "logs" / "zhangwei" / "2026-11-25.yaml").read_text(encoding="utf-8")
    assert "# 拜访目的" in text and "执行了吗" in text
    check = portal("check", "--data", str(data), "--as-of", "2026-11-25", str(data / "logs" / "zhangwei"))
    assert check.code == 0 and check.out == "", check.out


def test_new_log_never_overwrites(data):
    path = data / "logs" / "zhangwei" / "2026-11-19.yaml"
    before = path.read_bytes()
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-19", "--data", str(data))
    assert run.code == 1 and "不会覆盖" in run.err
    assert path.read_bytes() == before


def test_new_log_errors_are_clear(data):
    run = portal("new", "log", "--person", "zhangwie", "--date", "2026-11-25", "--data", str(data))
    assert run.code == 1 and "没有编号为 'zhangwie' 的人员，是不是 'zhangwei'？" in run.err
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-24", "--data", str(data))
    assert run.code == 1 and "没有计划拜访" in run.err and "--empty" in run.err
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-24", "--empty", "--data", str(data))
    assert run.code == 0 and _load(data / "logs" / "zhangwei" / "2026-11-24.yaml")["visits"] == []
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-31", "--data", str(data))
    assert run.code == 2 and "Traceback" not in run.err


def test_new_log_finds_the_manager_from_git(data):
    subprocess.run(["git", "init", "-q", str(data.parent)], check=True)
    subprocess.run(["git", "-C", str(data.parent), "config", "user.email", "lijing@example.com"], check=True)
    run = portal("new", "log", "--date", "2026-11-24", "--empty", "--data", str(data))
    assert run.code == 0, run.err
    assert (data / "logs" / "lijing" / "2026-11-24.yaml").exists()


def test_new_plan_brings_in_due_overdue_and_follow_up_customers_by_day(data):
    run = portal(
        "new", "plan", "--person", "zhangwei", "--week", "2026-W49", "--as-of", "2026-11-20", "--data", str(data)
    )
    assert run.code == 0, run.err
    path = data / "plans" / "zhangwei" / "2026-W49.yaml"
    plan = _load(path)
    owned = {c["id"] for c in _load(data / "customers" / "zhangwei.yaml")["customers"]}
    visits = [v for day in ("mon", "tue", "wed", "thu", "fri") for v in plan.get(day, {}).get("visits", [])]
    assert visits and {v["customer"] for v in visits} <= owned
    assert len({v["customer"] for v in visits}) == len(visits)
    text = path.read_text(encoding="utf-8")
    assert re.search(r"约定 2026-1\d-\d\d 跟进|逾期 \d+ 天未访|应访日期|到期|从未拜访", text)
    assert all(plan[d]["route"] for d in ("mon", "tue", "wed", "thu", "fri") if d in plan)
    check = portal("check", "--data", str(data), "--as-of", "2026-11-20", "--format", "json", str(path))
    assert check.code == 0, check.err
    found = json.loads(check.out)
    # what is left to write is a warning at its place: each visit's purpose and strategy
    assert sorted((p["code"], p["line"]) for p in found) == sorted(
        ("plan-empty", line + 1)
        for line, text in enumerate(text.splitlines())
        if text.strip().startswith(("purpose: ''", "strategy: ''"))
    )
    assert all(p["severity"] == "warning" and p["hint"] for p in found)
    again = portal("new", "plan", "--person", "zhangwei", "--week", "2026-W49", "--data", str(data))
    assert again.code == 1 and "不会覆盖" in again.err


def test_new_plan_leaves_out_customers_already_planned_before_the_week(data):
    """On Friday 11-20, next week's plan (W48) exists; planning W49 does not schedule its customers again."""
    week_48 = _load(data / "plans" / "zhangwei" / "2026-W48.yaml")
    already = {v["customer"] for day in week_48.values() if isinstance(day, dict) for v in day.get("visits", [])}
    assert already
    run = portal(
        "new", "plan", "--person", "zhangwei", "--week", "2026-W49", "--as-of", "2026-11-20", "--data", str(data)
    )
    assert run.code == 0, run.err
    plan = _load(data / "plans" / "zhangwei" / "2026-W49.yaml")
    planned = {v["customer"] for day in plan.values() if isinstance(day, dict) for v in day.get("visits", [])}
    assert planned and not planned & already
    # without W48's plan the same customers are due in W49 (so the test above can fail)
    (data / "plans" / "zhangwei" / "2026-W49.yaml").unlink()
    (data / "plans" / "zhangwei" / "2026-W48.yaml").unlink()
    run = portal(
        "new", "plan", "--person", "zhangwei", "--week", "2026-W49", "--as-of", "2026-11-20", "--data", str(data)
    )
    plan = _load(data / "plans" / "zhangwei" / "2026-W49.yaml")
    planned = {v["customer"] for day in plan.values() if isinstance(day, dict) for v in day.get("visits", [])}
    assert planned & already


def test_new_plan_rejects_a_bad_week(data):
    run = portal("new", "plan", "--person", "zhangwei", "--week", "2026-W60", "--data", str(data))
    assert run.code == 1 and "2026 年没有第 60 周" in run.err
    run = portal("new", "plan", "--person", "zhangwei", "--week", "next", "--data", str(data))
    assert run.code == 1 and "周写作 YYYY-Www" in run.err


COMMENTED = """# 张伟 · 11 月 18 日（周三）日志
date: 2026-11-18   # 当天写完
visits:
- time: "09:30"     # 第一户
  customer: c001
  met: [{name: 黄敏, position: 本人}]   # flow style stays
  discussion: |
    第一行，
    第二行：冒号和 'quotes'
  strategy_done: true
calls:
    - {customer: c009, time: '14:00', outcome: "同意，周末来网点"}

# 下面是心得
reflections: >-
  折叠的
  长句子
tomorrow: '上午回访'   # single quotes stay
"""


def test_review_changes_only_the_review_block_of_a_file_full_of_comments(data):
    path = data / "logs" / "zhangwei" / "2026-11-18.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    original = path.read_text(encoding="utf-8")
    run = portal(
        "review",
        "--person",
        "zhangwei",
        "--week",
        "2026-W47",
        "--by",
        "wangfang",
        "--comment",
        "记录完整：继续保持",
        "--date",
        "2026-11-23",
        "--data",
        str(data),
    )
    assert run.code == 0, run.err
    assert "已签字" in run.out
    after = path.read_text(encoding="utf-8")
    assert after.startswith(original)
    added = after[len(original) :]
    assert re.fullmatch(
        r"review:\n  by: wangfang\n  date: 2026-11-23\n  comment: 记录完整：继续保持\n  covers: [0-9a-f]{12}\n", added
    )
    again = portal("review", "--person", "zhangwei", "--week", "2026-W47", "--by", "wangfang", "--data", str(data))
    assert "跳过" in again.out and path.read_text(encoding="utf-8") == after


def test_review_replaces_an_existing_review_in_the_middle_and_keeps_the_rest_byte_for_byte(data):
    path = data / "logs" / "zhangwei" / "2026-11-18.yaml"
    head, tail = COMMENTED.split("calls:\n")
    text = head + "review:\n  by: wangfang\n  date: 2026-11-19\n\n# 电话记录\ncalls:\n" + tail
    path.write_text(text, encoding="utf-8")
    run = portal(
        "review",
        "--person",
        "zhangwei",
        "--week",
        "2026-W47",
        "--by",
        "wangfang",
        "--force",
        "--comment",
        "补充签字",
        "--date",
        "2026-11-24",
        "--data",
        str(data),
    )
    assert run.code == 0, run.err
    after = path.read_text(encoding="utf-8")
    before, review, rest = after.partition("review:\n  by: wangfang\n  date: 2026-11-24\n  comment: 补充签字\n")
    assert before == head and review
    assert re.fullmatch(r"  covers: [0-9a-f]{12}\n", rest[: rest.index("\n") + 1])
    assert rest[rest.index("\n") + 1 :] == "\n# 电话记录\ncalls:\n" + tail
    assert portal("check", "--data", str(data), "--as-of", "2026-11-24", str(path)).code == 0


def test_review_errors_are_clear(data):
    def review(*args):
        return portal("review", *args, "--data", str(data))

    run = review("--person", "zhangwei", "--week", "2026-W47", "--by", "lijing")
    assert run.code == 1 and "不能审阅" in run.err
    run = review("--person", "zhangwei", "--week", "2026-W47", "--by", "wangfan")
    assert run.code == 1 and "是不是 'wangfang'" in run.err
    run = review("--person", "nobody", "--week", "2026-W47", "--by", "wangfang")
    assert run.code == 1 and "没有编号为 'nobody' 的人员" in run.err
    run = review("--person", "zhangwei", "--week", "2026-W54", "--by", "wangfang")
    assert run.code == 1 and "2026 年没有第 54 周" in run.err
    run = review("--person", "zhangwei", "--week", "2026-W52", "--by", "wangfang")
    assert run.code == 1 and "没有日志可审阅" in run.err
    assert "Traceback" not in run.err


def test_commands_refuse_to_write_into_data_with_errors(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "corpus" / "data", data)
    run = portal("new", "log", "--person", "zhangwei", "--date", "2026-11-25", "--data", str(data))
    assert run.code == 1 and "请先改正" in run.err


def test_a_log_changed_after_it_was_signed_waits_to_be_signed_again(data, tmp_path):
    """The review covers what the log said when it was signed: a later edit shows the review as
    covering an earlier version (审阅后已修改) and puts the log back among those waiting, until the
    supervisor signs again; an edit of a comment alone changes nothing."""
    path = data / "logs" / "zhangwei" / "2026-11-18.yaml"
    path.write_text(COMMENTED, encoding="utf-8")
    sign = ("review", "--person", "zhangwei", "--week", "2026-W47", "--by", "wangfang", "--date", "2026-11-23")
    assert portal(*sign, "--data", str(data)).code == 0
    site = tmp_path / "site"

    def page() -> str:
        assert portal("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-24").code == 0
        return (site / "logs" / "zhangwei" / "2026-11" / "index.html").read_text(encoding="utf-8")

    assert "审阅后已修改" not in page()
    path.write_text(path.read_text(encoding="utf-8").replace("# ", "#  ", 1), encoding="utf-8")  # a comment
    assert "审阅后已修改" not in page()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tomorrow: '上午回访'", "tomorrow: '上午回访，下午补材料'"), encoding="utf-8")
    shown = page()
    assert "审阅后已修改" in shown and "需要重新签字" in shown
    again = portal(*sign, "--data", str(data))
    assert again.code == 0 and "已签字" in again.out
    assert "审阅后已修改" not in page()
