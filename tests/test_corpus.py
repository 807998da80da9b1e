"""The corpus of broken files: every mistake is reported at its place, all in one run."""

from __future__ import annotations

import json
import re

from conftest import ROOT, portal

CORPUS = ROOT / "tests" / "corpus"


def _expected() -> list[str]:
    return [line for line in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines() if line]


def _run_json() -> tuple[int, list[dict], str]:
    run = portal("check", "--data", "tests/corpus/data", "--as-of", "2026-11-20", "--format", "json")
    return run.code, json.loads(run.out), run.err


def test_every_broken_file_yields_its_problem_at_its_line_and_column_in_one_run():
    code, problems, err = _run_json()
    found = [
        f"{p['path'].removeprefix('tests/corpus/data/')}:{p['line']}:{p['column']}: {p['severity']}: {p['code']}"
        for p in problems
    ]
    assert found == _expected()
    assert code == 1
    assert "Traceback" not in err


def test_the_corpus_covers_at_least_thirty_broken_files():
    broken_files = {line.split(":")[0] for line in _expected()}
    assert len(broken_files) >= 30


def test_text_output_names_file_line_column_message_and_hint():
    run = portal("check", "--data", "tests/corpus/data", "--as-of", "2026-11-20")
    assert run.code == 1
    assert "Traceback" not in run.out + run.err
    lines = run.out.splitlines()
    assert len(lines) == len(_expected())
    pattern = re.compile(r"^tests/corpus/data/\S+\.ya?ml(:\d+:\d+)?: (error|warning): .+")
    assert all(pattern.match(line) for line in lines), lines
    text = run.out
    assert (
        "tests/corpus/data/logs/zhangwei/2026-11-05.yaml:5:5: error: 未知字段 'custmer' (是不是想写 'customer'？)"
        in text
    )
    assert "logs/zhangwei/2026-11-09.yaml:6:17: error: next_visit: 2026-02-30 这一天不存在" in text
    assert "logs/zhangwei/2026-11-10.yaml:7:15: error: 没有编号为 'c00l' 的客户 (是不是想写 'c001'？)" in text
    assert "logs/lijing/2026-11-05.yaml:5:15: error: 没有编号为 '李娜' 的客户 (这里要写编号：c001)" in text
    assert "不允许使用 YAML 标签 !!python/object/apply:os.system" in text
    assert "people.yaml:9:15: error: 没有编号为 'wangfan' 的人员 (是不是想写 'wangfang'？)" in text
    assert "logs/zhangwei/2026-11-24.yaml:3:22: error: 别名 *r 引用了包含它自己的内容" in text
    assert "logs/zhangwei/2026-11-25.yaml:4:10: error: '六' 不是整数" in text
    assert "logs/zhangwei/2026-11-26.yaml:3:16: error: 文件里有不允许的不可见字符 U+0000" in text
    assert (
        "logs/zhangwei/2026-11-27.yml: error: 扩展名应为小写的 .yaml，这个文件未读取 (改名为 2026-11-27.yaml)" in text
    )
    assert "people.yaml:13:7: error: 人员编号 'CON' 是 Windows 保留的文件名" in text
    assert "plans/zhangwei/2026-W49.yaml:7:16: warning: 09:00 拜访 c001（李娜）的拜访目的（purpose）是空的" in text
    assert "59 个错误，13 个警告" in run.err


def test_object_tags_are_refused_not_executed(tmp_path):
    marker = tmp_path / "pwned"
    data = tmp_path / "data"
    (data / "logs" / "zhangwei").mkdir(parents=True)
    for name in ("team.yaml", "people.yaml"):
        (data / name).write_bytes((CORPUS / "data" / name).read_bytes())
    (data / "logs" / "zhangwei" / "2026-11-02.yaml").write_text(
        f'date: 2026-11-02\nreflections: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    run = portal("check", "--data", str(data), "--as-of", "2026-11-20")
    assert run.code == 1
    assert "yaml" in run.out and "!!python/object/apply:os.system" in run.out
    assert not marker.exists()


def test_only_problems_in_the_given_paths_are_reported_but_references_still_resolve():
    run = portal("check", "tests/corpus/data/logs/lijing", "--data", "tests/corpus/data", "--as-of", "2026-11-20")
    lines = run.out.splitlines()
    assert lines and all(line.startswith("tests/corpus/data/logs/lijing/") for line in lines)
    assert len(lines) == sum(1 for e in _expected() if e.startswith("logs/lijing/"))
    assert run.code == 1


def test_github_annotations_are_printed_under_github_actions():
    run = portal(
        "check",
        "tests/corpus/data/logs/zhangwei/2026-11-05.yaml",
        "--data",
        "tests/corpus/data",
        "--as-of",
        "2026-11-20",
        env={"GITHUB_ACTIONS": "true"},
    )
    annotations = [line for line in run.out.splitlines() if line.startswith("::")]
    assert (
        "::error file=tests/corpus/data/logs/zhangwei/2026-11-05.yaml,line=5,col=5,title=unknown-field::"
        "未知字段 'custmer' (是不是想写 'customer'？)" in annotations
    )
    assert len(annotations) == 1  # the missing customer is the misspelt one: one cause, one annotation


def test_a_path_outside_the_data_folder_is_refused_not_passed_as_clean(tmp_path):
    run = portal("check", str(tmp_path), "--data", "tests/corpus/data", "--as-of", "2026-11-20")
    assert run.code == 2 and "Traceback" not in run.err
    assert f"{tmp_path} 不在数据文件夹 tests/corpus/data 里" in run.err and f"--data {tmp_path}" in run.err
    assert not run.out
    (tmp_path / "data" / "logs" / "li").mkdir(parents=True)
    (tmp_path / "data" / "team.yaml").write_text("profile: bank\n", encoding="utf-8")
    (tmp_path / "data" / "logs" / "li" / "2026-11-20.yaml").write_text("date: 2026-11-20\n", encoding="utf-8")
    for named in ("data/team.yaml", "data/logs/li/2026-11-20.yaml"):  # the other data folder is named, not a file
        run = portal("check", str(tmp_path / named), "--data", "tests/corpus/data", "--as-of", "2026-11-20")
        assert run.code == 2 and f"--data {tmp_path / 'data'}" in run.err and "yaml" not in run.err.split("--data")[-1]


def test_usage_errors_exit_2_without_traceback():
    run = portal("check", "--data", "no/such/folder")
    assert run.code == 2
    assert "Traceback" not in run.err
    run = portal("check", "--as-of", "2026-02-30")
    assert run.code == 2
    assert "不是 YYYY-MM-DD" in run.err
