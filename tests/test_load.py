"""Parsing one file: positions, encodings and what is refused."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from builder.checks.names import check_names
from builder.load import Kind, kind_of, load_one, parse
from builder.model import Dataset
from conftest import ROOT, portal


def _parse(text: str | bytes):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse(Path("data/logs/zhangwei/2026-11-19.yaml"), Kind.LOG, raw)


def test_positions_of_values_and_keys_are_recorded():
    doc, problems = _parse("date: 2026-11-19\nvisits:\n  - time: '09:30'\n    customer: c001\n")
    assert problems == []
    assert doc.data == {"date": "2026-11-19", "visits": [{"time": "09:30", "customer": "c001"}]}
    assert doc.position(("visits", 0, "customer")) == (4, 15)
    assert doc.position(("visits", 0, "customer"), key=True) == (4, 5)
    assert doc.position(("visits", 0, "missing")) == (3, 5)


def test_dates_stay_text_and_yaml_1_2_keeps_no_and_times_as_text():
    doc, _ = _parse("date: 2026-02-30\nanswer: no\ntime: 09:30\ncount: 017\n")
    assert doc.data == {"date": "2026-02-30", "answer": "no", "time": "09:30", "count": 17}


def test_a_byte_order_mark_is_accepted():
    doc, problems = _parse("\ufeffdate: 2026-11-19\n".encode())
    assert problems == [] and doc.data == {"date": "2026-11-19"}


def test_gbk_is_reported_at_the_first_bad_byte():
    _, problems = _parse("date: 2026-11-19\n备注: 好\n".encode("gbk"))
    assert [(p.line, p.column, p.code) for p in problems] == [(2, 1, "not-utf8")]


def test_duplicate_keys_name_the_first_line():
    _, problems = _parse("a: 1\nb: 2\na: 3\n")
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "duplicate-key")]
    assert "第 1 行" in problems[0].hint


def test_every_tag_that_would_build_an_object_is_reported():
    _, problems = _parse("a: !!python/name:os.system\nb: !!binary aGk=\nc: !custom 3\nd: !!set {x}\n")
    assert [(p.line, p.code) for p in problems] == [(1, "yaml-tag"), (2, "yaml-tag"), (3, "yaml-tag"), (4, "yaml-tag")]


def test_plain_core_tags_are_fine():
    doc, problems = _parse("a: !!str 3\nb: !!int '4'\n")
    assert problems == [] and doc.data == {"a": "3", "b": 4}


def test_alias_bombs_are_refused():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    _, problems = _parse("\n".join(lines) + "\n")
    assert [p.code for p in problems] == ["too-large"]


def test_kinds_follow_the_folder_layout():
    assert kind_of(Path("team.yaml")) is Kind.TEAM
    assert kind_of(Path("customers/zhangwei.yaml")) is Kind.CUSTOMERS
    assert kind_of(Path("logs/zhangwei/2026-11-19.yaml")) is Kind.LOG
    assert kind_of(Path("plans/zhangwei/2026-W47.yaml")) is Kind.WEEK_PLAN
    assert kind_of(Path("plans/zhangwei/2026-11.yaml")) is Kind.MONTH_PLAN
    assert kind_of(Path("logs/2026-11-19.yaml")) is None


# --- hostile and odd files, through the real command line ------------------------------

CORPUS = Path(__file__).resolve().parent / "corpus" / "data"
LOG = "logs/zhangwei/2026-11-02.yaml"


def _team(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A small team (the corpus's team and people) plus the given files."""
    data = tmp_path / "data"
    for name in ("team.yaml", "people.yaml"):
        target = data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((CORPUS / name).read_bytes())
    for name, content in files.items():
        target = data / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return data


def _check(data: Path) -> tuple[int, str]:
    run = portal("check", "--data", str(data), "--as-of", "2026-11-20")
    assert "Traceback" not in run.out + run.err and "内部错误" not in run.err, run.err
    assert run.code in (0, 1)
    return run.code, run.out


def _problems(data: Path, name: str = LOG) -> list[str]:
    code, out = _check(data)
    found = [line for line in out.splitlines() if name in line]
    assert code == 1 and found, out
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date: 2026-11-02\nreflections: &a [x, *a]\n", ":2:21: error: 别名 *a 引用了包含它自己的内容"),
        ("date: 2026-11-02\nvisits: &v\n  - {customer: c001, notes: *v}\n", "别名 *v 引用了包含它自己的内容"),
        ("date: 2026-11-02\nreflections:\n  " + "[\n  " * 10_000 + "]\n  " * 10_000, "error: 嵌套超过 64 层"),
        ("date: 2026-11-02\nreflections:\n" + "".join(" " * i + "- \n" for i in range(1, 2000)), "嵌套超过 64 层"),
        ("date: 2026-11-02\nreflections: {\n" + " a: {\n" * 5000 + " }\n" * 5001, "嵌套超过 64 层"),
        ("date: 2026-11-02\nreflections: a\x00b\n", ":2:15: error: 文件里有不允许的不可见字符 U+0000"),
        ("date: 2026-11-02\nreflections: !!int 六\n", ":2:14: error: '六' 不是整数"),
        ("date: 2026-11-02\nreflections: !!float 五十\n", ":2:14: error: '五十' 不是数字"),
        ("date: 2026-11-02\nreflections: !!bool 也许\n", ":2:14: error: '也许' 不是 true 或 false"),
        ("date: 2026-11-02\nreflections: !!null x\n", "'x' 不是空值"),
        ("date: 2026-11-02\nfigures:\n  deposits: " + "9" * 400 + "\n", ":3:13: error: 数字有 400 位，太长了"),
        ("date: 2026-11-02\nfigures:\n  deposits: .nan\n", ":3:13: error: '.nan' 不是有限的数字"),
        ("date: 2026-11-02\nfigures:\n  deposits: -.inf\n", "'-.inf' 不是有限的数字"),
        ("date: 2026-11-02\nfigures:\n  deposits: 1e400\n", "数字 1e400 超出范围"),
        ("date: 2026-11-02\n<<: {a: 1}\n", ":2:1: error: 键必须是简单的文字"),
        ("date: 9999-12-31\n", "9999-12-31 的年份 9999 不合理"),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_hostile_content_is_an_error_at_its_place_never_a_crash(tmp_path, text, expected):
    found = _problems(_team(tmp_path, {LOG: text}))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date: 2026-11-02\nvisits:\n  - time: '09:00'\n   customer: c001\n", ":4:4: error: YAML 语法错误：缩进不一致"),
        ("date: 2026-11-02\nreflections: 'x' y\n", ":2:18: error: YAML 语法错误：值已经结束，后面又写了内容"),
        ("date: 2026-11-02\nreflections: 1\n- x\n", ":3:1: error: YAML 语法错误：缩进不一致：列表项和键混在同一层"),
        ('date: 2026-11-02\nreflections: "C:\\data"\n', ":2:18: error: YAML 语法错误：双引号里的反斜杠"),
        ("date: 2026-11-02\nreflections: & x\n", ":2:15: error: YAML 语法错误：& 或 * 后面要紧跟名字"),
        ("date：2026-11-02\nvisits: []\n", ":1:5: error: YAML 语法错误：键 date 后面用了全角冒号“：” (改成半角"),
        (
            "date: 2026-11-02\nvisits:\n  - time: '09:00'\n    purpose：到期续作\n    customer: c001\n",
            ":4:12: error: YAML 语法错误：键 purpose 后面用了全角冒号“：”",
        ),
    ],
    ids=["indent", "after-value", "list-in-mapping", "escape", "anchor", "wide-colon", "wide-colon-in-a-visit"],
)
def test_common_yaml_mistakes_are_worded_in_chinese_with_the_fix(tmp_path, text, expected):
    found = _problems(_team(tmp_path, {LOG: text}))
    assert any(expected in line for line in found), found
    assert not any(word in line for line in found for word in ("expected", "found", "while")), found


def test_yaml_1_2_times_in_braces_and_a_bom_are_still_accepted(tmp_path):
    text = "\ufeffdate: 2026-11-02\nvisits:\n  - {time: 10:00, customer: c001, method: onsite, effect: 好}\n"
    customers = (CORPUS / "customers/zhangwei.yaml").read_text(encoding="utf-8")
    _, out = _check(_team(tmp_path, {LOG: text, "customers/zhangwei.yaml": customers}))
    assert LOG not in out, out


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("customers", "true", "true 不是整数"),
        ("customers", "-3", "customers"),
        ("customers", "2.5", "customers"),
        ("customers", "123456789012", "太大了"),
    ],
)
def test_counts_are_non_negative_integers_never_true(tmp_path, field, value, expected):
    text = f"month: 2026-11\nvisits:\n  {field}: {value}\n"
    found = _problems(_team(tmp_path, {"plans/zhangwei/2026-11.yaml": text}), "plans/zhangwei/2026-11.yaml")
    assert any(expected in line for line in found), found


def test_year_9999_week_plans_and_months_are_refused_not_crashed(tmp_path):
    data = _team(
        tmp_path,
        {
            "plans/zhangwei/9999-W52.yaml": "week: 9999-W52\n",
            "plans/zhangwei/9999-12.yaml": "month: 9999-12\n",
        },
    )
    code, out = _check(data)
    assert code == 1
    assert "plans/zhangwei/9999-W52.yaml" in out and "plans/zhangwei/9999-12.yaml" in out
    run = portal("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-20")
    assert run.code == 1 and "Traceback" not in run.err and not (tmp_path / "site").exists()


def test_a_50_mb_file_is_refused_from_its_size_without_reading_it(tmp_path, monkeypatch):
    import builder.load.files as files

    path = tmp_path / "data" / LOG
    path.parent.mkdir(parents=True)
    with path.open("wb") as stream:
        stream.write(b"date: 2026-11-02\nreflections: |\n")
        stream.write(b"  " + b"x" * 48 + b"\n" * 1)
        stream.truncate(50 * 1024 * 1024)
    read: list[int] = []
    monkeypatch.setattr(files.os, "read", lambda fd, n: read.append(n) or os.read(fd, n))
    document, problems = load_one(path, Kind.LOG)
    assert document.data is None and [p.code for p in problems] == ["file-too-large"]
    assert "50.0 MB" in problems[0].message
    assert read == []  # its size said it all


def test_a_5_mb_one_line_string_is_refused_before_any_parser_sees_it(monkeypatch):
    import importlib

    parse_module = importlib.import_module("builder.load.parse")  # the module, not the function it exports

    def no_parser(*args: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(parse_module, "_build_libyaml", no_parser)
    monkeypatch.setattr(parse_module, "ruamel_events", no_parser)
    _, problems = _parse('date: 2026-11-19\nreflections: "' + "长" * 2_000_000 + '"\n')
    assert [(p.line, p.code) for p in problems] == [(2, "line-too-long")]


def test_an_alias_bomb_is_refused_without_expanding_it(monkeypatch):
    from builder.load.tree import TreeBuilder

    counted = []
    count = TreeBuilder._count
    monkeypatch.setattr(
        TreeBuilder, "_count", lambda self, size, event: counted.append(size) or count(self, size, event)
    )
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [{', '.join(['*' + chr(96 + i)] * 10)}]")
    _, problems = _parse("\n".join(lines) + "\n")
    assert [p.code for p in problems] == ["too-large"]
    assert len(counted) < 100 and max(counted) > 10**5  # each alias counted once, at its whole size


def test_a_link_out_of_the_data_folder_is_never_read_nor_echoed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("date: 2026-11-20\nreflections: 机密内容 root:x:0:0\n", encoding="utf-8")
    data = _team(tmp_path, {})
    (data / "logs" / "zhangwei").mkdir(parents=True)
    (data / "logs" / "zhangwei" / "2026-11-20.yaml").symlink_to(secret)
    (data / "logs" / "zhangwei" / "2026-11-19.yaml").symlink_to("/etc/passwd")
    (data / "logs" / "lijing").symlink_to(tmp_path)
    code, out = _check(data)
    assert code == 1
    assert "机密" not in out and "root:" not in out
    assert out.count("指向数据文件夹以外的符号链接，未读取") == 3


def test_dangling_links_link_loops_and_devices_are_located(tmp_path):
    data = _team(tmp_path, {})
    folder = data / "logs" / "zhangwei"
    folder.mkdir(parents=True)
    (folder / "2026-11-02.yaml").symlink_to(folder / "missing.yaml")
    (folder / "2026-11-03.yaml").symlink_to(folder / "2026-11-04.yaml")
    (folder / "2026-11-04.yaml").symlink_to(folder / "2026-11-03.yaml")
    os.mkfifo(folder / "2026-11-05.yaml")
    code, out = _check(data)
    assert code == 1
    assert f"{folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}" in out
    assert "2026-11-02.yaml: error: 这个文件是指向不存在位置的符号链接" in out
    assert "2026-11-03.yaml: error: 这个文件是循环的符号链接" in out
    assert "2026-11-05.yaml: error: 这不是普通文件（设备、管道或套接字），未读取" in out


def test_yml_and_upper_case_suffixes_are_errors_saying_to_rename(tmp_path):
    log = "date: 2026-11-02\n"
    data = _team(
        tmp_path,
        {
            "logs/zhangwei/2026-11-02.yaml": log,
            "logs/zhangwei/2026-11-02.yml": log,
            "logs/zhangwei/2026-11-03.YAML": "date: 2026-11-03\n",
            "plans/zhangwei/2026-W45.yml": "week: 2026-W45\n",
        },
    )
    code, out = _check(data)
    assert code == 1
    assert "2026-11-02.yml: error: 扩展名应为小写的 .yaml，这个文件未读取；已有 2026-11-02.yaml" in out
    assert "2026-11-03.YAML: error: 扩展名应为小写的 .yaml，这个文件未读取 (改名为 2026-11-03.yaml)" in out
    assert "2026-W45.yml: error: 扩展名应为小写的 .yaml" in out


def test_paths_that_differ_only_in_case_are_one_file_on_windows(tmp_path):
    data = _team(tmp_path, {"customers/zhangwei.yaml": "owner: zhangwei\ncustomers: []\n"})
    (data / "customers" / "ZhangWei.yaml").write_text("owner: zhangwei\ncustomers: []\n", encoding="utf-8")
    (data / "logs" / "ZhangWei").mkdir(parents=True)
    (data / "logs" / "zhangwei").mkdir()
    code, out = _check(data)
    assert code == 1
    assert "customers/ZhangWei.yaml: error: 与 " in out and "只差大小写，在 Windows 和 macOS 上是同一个文件 (" in out
    assert "logs/ZhangWei: error: 与 " in out and "只差大小写，在 Windows 和 macOS 上是同一个文件夹 (" in out


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("CON", "人员编号 'CON' 是 Windows 保留的文件名"),
        ("lpt1", "人员编号 'lpt1' 是 Windows 保留的文件名"),
        ("z" * 301, "有 301 个字符，超过上限 64"),
        ("ZhangWei", "人员编号 'ZhangWei' 与第 4 行的 'zhangwei' 只差大小写"),
    ],
)
def test_person_ids_must_make_safe_file_names_and_the_build_does_not_crash(tmp_path, ident, expected):
    people = (CORPUS / "people.yaml").read_text(
        encoding="utf-8"
    ) + f"- id: {ident}\n  name: 某人\n  supervisor: wangfang\n"
    data = _team(tmp_path, {})
    (data / "people.yaml").write_text(people, encoding="utf-8")
    code, out = _check(data)
    assert code == 1 and any(expected in line and "people.yaml:" in line for line in out.splitlines()), out
    run = portal("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-20")
    assert run.code == 1 and "Traceback" not in run.err


def test_customer_ids_differing_only_in_case_are_reported():
    doc_problems = list(
        check_names(
            _dataset(
                "customers/zhangwei.yaml",
                Kind.CUSTOMERS,
                "owner: zhangwei\ncustomers:\n  - {id: c001, name: a}\n  - {id: C001, name: b}\n",
            ),
            date(2026, 11, 20),
        )
    )
    assert [(p.line, p.code) for p in doc_problems] == [(4, "case-clash")]


def test_a_case_clash_is_said_at_the_spelling_that_breaks_the_convention_even_in_a_check_of_that_file(tmp_path):
    """Issue 28, item 4: a new C001 in one manager's file clashes with another's c001 in a file
    that sorts after it; the error names the new spelling, also when only its file is checked."""
    data = _team(
        tmp_path,
        {
            "customers/lijing.yaml": "owner: lijing\ncustomers:\n  - {id: C001, name: 新客户, class: A}\n",
            "customers/zhangwei.yaml": "owner: zhangwei\ncustomers:\n  - {id: c001, name: 老客户, class: A}\n",
        },
    )
    lijing = data / "customers" / "lijing.yaml"
    for given in ((), (str(lijing),)):
        run = portal("check", *given, "--data", str(data), "--as-of", "2026-11-20")
        clashes = [line for line in run.out.splitlines() if "只差大小写" in line]
        assert len(clashes) == 1 and clashes[0].startswith(f"{lijing.as_posix()}:3:"), run.out


def _dataset(name: str, kind: Kind, text: str) -> Dataset:
    doc, problems = parse(Path("data") / name, kind, text.encode())
    assert problems == []
    return Dataset("data", None, None, (), None, (), (), (), (), (doc,), frozenset())


@pytest.mark.parametrize("text", ["", "# 只有注释\n", "null\n...\n", "~\n", "---\n"])
def test_a_file_with_no_content_or_only_null_is_empty(text):
    doc, problems = _parse(text)
    assert doc.data is None and [(p.line, p.code) for p in problems] == [(1, "empty-file")]


def test_a_team_file_holding_only_null_stops_the_build_with_an_error(tmp_path):
    data = _team(tmp_path, {"team.yaml": "null\n...\n"})
    run = portal("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-20")
    assert run.code == 1 and "team.yaml:1:1: error: 文件是空的" in run.err, run.out + run.err
    assert "生成网站失败" not in run.err and not (tmp_path / "site").exists()


def test_merge_keys_are_refused_as_keys_and_as_values():
    _, problems = _parse("<<: {a: 1}\nb: <<\nc: [<<]\n")
    assert [(p.line, p.column, p.code) for p in problems] == [
        (1, 1, "complex-key"),
        (2, 4, "yaml-tag"),
        (3, 5, "yaml-tag"),
    ]
