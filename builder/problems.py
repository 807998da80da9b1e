"""Problems found in the data: one type, one way to print them."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong (error) or suspicious (warning) at a place in a file.

    Line and column are 1-based; 0 means the whole file.
    """

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str = ""


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def format_text(problem: Problem) -> str:
    place = problem.path
    if problem.line:
        place += f":{problem.line}:{problem.column}"
    text = f"{place}: {problem.severity}: {problem.message}"
    if problem.hint:
        text += f" ({problem.hint})"
    return text


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the file in the diff."""
    props = [f"file={_escape_annotation(problem.path, property_value=True)}"]
    if problem.line:
        props += [f"line={problem.line}", f"col={problem.column}"]
    props.append(f"title={_escape_annotation(problem.code, property_value=True)}")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"::{problem.severity} {','.join(props)}::{_escape_annotation(message)}"


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)


def summary(problems: Iterable[Problem]) -> str:
    items = list(problems)
    return f"{len(errors(items))} 个错误，{len(warnings(items))} 个警告"


def format_gitlab(problems: Iterable[Problem]) -> str:
    """A GitLab Code Quality report: merge requests show each problem beside its line."""
    report = [
        {
            "description": p.message + (f"（{p.hint}）" if p.hint else ""),
            "check_name": p.code,
            "fingerprint": hashlib.sha1(f"{p.path}:{p.line}:{p.column}:{p.code}:{p.message}".encode()).hexdigest(),
            "severity": "major" if p.severity is Severity.ERROR else "minor",
            "location": {"path": p.path, "lines": {"begin": max(p.line, 1)}},
        }
        for p in problems
    ]
    return json.dumps(report, ensure_ascii=False, indent=2)
