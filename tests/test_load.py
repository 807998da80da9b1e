"""Parsing one file: positions, encodings and what is refused."""

from __future__ import annotations

from pathlib import Path

from builder.load import Kind, kind_of, parse


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
