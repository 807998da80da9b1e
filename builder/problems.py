"""Problems found in the data: one type, one way to print them."""

from __future__ import annotations

import hashlib
import json
import unicodedata
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


# GitHub's runner obeys a legacy `##[command]` anywhere in a line, not only at its start.
_LEGACY_COMMAND = "##["
_LEGACY_COMMAND_SAFE = "#\u200b#["


def _visible(char: str) -> str:
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """Text from the data made safe to print as part of a line of output.

    Line breaks of every kind (CR, LF, VT, FF, NEL, U+2028, U+2029) and other control
    characters (terminal escapes included) are shown as backslash escapes, so no byte
    of a value can start a line; a legacy `##[` workflow command is broken up.
    """
    out = "".join(_visible(c) if c != "\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return out.replace(_LEGACY_COMMAND, _LEGACY_COMMAND_SAFE)


def format_text(problem: Problem) -> str:
    place = one_line(problem.path)
    if problem.line:
        place += f":{problem.line}:{problem.column}"
    text = f"{place}: {problem.severity}: {one_line(problem.message)}"
    if problem.hint:
        text += f" ({one_line(problem.hint)})"
    return text


def _escape_annotation(text: str, *, property_value: bool = False) -> str:
    """Escape as GitHub's workflow commands require, then leave no other line break or control character."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return one_line(text)


def _json(value: object) -> str:
    """JSON with no raw line separator and no legacy workflow command, even inside strings."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    for char in (*map(chr, range(0x7F, 0xA0)), "\u2028", "\u2029"):  # DEL, C1 controls (NEL), separators
        if char in text:
            text = text.replace(char, f"\\u{ord(char):04x}")
    return text.replace(_LEGACY_COMMAND, "##\\u005b")  # `##[` only occurs inside strings


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the file in the diff."""
    props = [f"file={_escape_annotation(problem.path, property_value=True)}"]
    if problem.line:
        props += [f"line={problem.line}", f"col={problem.column}"]
    props.append(f"title={_escape_annotation(problem.code, property_value=True)}")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"::{problem.severity} {','.join(props)}::{_escape_annotation(message)}"


def format_json(problems: Iterable[Problem]) -> str:
    return _json([asdict(p) for p in problems])


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
    return _json(report)
