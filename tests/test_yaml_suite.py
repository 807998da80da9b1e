"""The YAML test suite (tests/yaml_suite, see its ReadMe.md) through the loader, each case as a log
file (issue 28, item 6): no case ends in an internal error; every valid single-document case is read
as the suite says, or refused with a message at a line of the file; no value is ever read otherwise
without a message. What the portal refuses on purpose (directives, tags, tabs, complex keys, `?`
inside brackets, a colon in an anchor's name) the handbook says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from builder.load import Kind
from builder.load.parse import parse

CASES: dict[str, dict[str, Any]] = json.loads((Path(__file__).parent / "yaml_suite" / "cases.json").read_text("utf-8"))


def _documents(text: str) -> list[Any]:
    """The JSON values the suite expects, one per document."""
    decoder, found, at = json.JSONDecoder(), [], 0
    text = text.strip()
    while at < len(text):
        value, at = decoder.raw_decode(text, at)
        found.append(value)
        while at < len(text) and text[at].isspace():
            at += 1
    return found


def _keys_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _keys_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keys_as_text(v) for v in value]
    return value


def test_the_suite_is_all_there() -> None:
    assert len(CASES) == 402 and sum(case["error"] for case in CASES.values()) == 94


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_case_is_read_as_the_suite_says_or_refused_at_a_line(name: str) -> None:
    case = CASES[name]
    document, problems = parse(Path("data/logs/zhangwei/2026-11-02.yaml"), Kind.LOG, case["yaml"].encode("utf-8"))
    assert all(p.code != "internal-error" for p in problems)
    if case["error"] or case["json"] is None:
        return  # an invalid case may be read leniently (libyaml); it must not crash
    expected = _documents(case["json"])
    if len(expected) != 1:
        assert problems, name  # a log file holds one document
        return
    if problems:
        lines = case["yaml"].count("\n") + 1
        assert all(1 <= p.line <= lines for p in problems), (name, problems)
        return
    assert _keys_as_text(document.data) == expected[0], (name, case["name"])
