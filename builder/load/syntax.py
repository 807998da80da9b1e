"""YAML syntax errors in the words users know, from ruamel.yaml's pure-Python parser.

The fast parser (libyaml) decides whether a file is well-formed; when it is not, the
file is parsed again by ruamel.yaml, whose errors these messages were written for
(and which accepts a few YAML 1.2 forms libyaml refuses). Files reach it only after
the limits were checked, and its parser keeps no recursion of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from builder.problems import Problem, Severity


def ruamel_events(text: str) -> Iterator[Any]:
    """The parser events of ruamel.yaml's pure-Python parser (raises MarkedYAMLError)."""
    events: Iterator[Any] = YAML(typ="safe", pure=True).parse(text)
    return events


def error(display: str, line: int, column: int, code: str, message: str, hint: str) -> Problem:
    return Problem(display, line, column, Severity.ERROR, code, message, hint)


_SYNTAX_MESSAGES: list[tuple[str, str, str]] = [
    ("unexpected end of stream", "引号或括号没有闭合", "在这里开始的引号或括号要在同一个值结束时闭合"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合", "列表写成 [a, b]，或改成每行一个“- ”"),
    ("expected ',' or '}'", "花括号 { } 没有闭合", "写成 {键: 值, 键: 值}，或改成每行一个“键: 值”"),
    ("mapping values are not allowed", "这里不能出现“: ”", "值里含有“: ”时给整个值加引号，或检查是否少了换行"),
    ("expected key", "缩进不一致", "同一层的键要左对齐，用相同数量的空格缩进"),
    ("expected <block end>, but found '-'", "缩进不一致：列表项和键混在同一层", "列表的每一项以“- ”开头，并对齐"),
    (
        "expected <block end>, but found '<scalar>'",
        "值已经结束，后面又写了内容",
        "引号或括号闭合后不能再写别的；要写就把整个值放进引号里，或检查这一行的缩进",
    ),
    ("expected <block end>", "缩进不一致", "同一层的键要左对齐，用相同数量的空格缩进"),
    (
        "found unknown escape character",
        "双引号里的反斜杠 \\ 后面跟了不认识的字符",
        "改用单引号，如 'C:\\资料'；或在双引号里把 \\ 写成 \\\\",
    ),
    (
        "expected alphabetic or numeric character",
        "& 或 * 后面要紧跟名字（YAML 的锚点和别名）",
        "值以 & 或 * 开头时给整个值加引号，如 '& 甲'",
    ),
    ("expected '<document start>'", "% 开头的行是 YAML 的指令", "删掉行首的 %，或给这个值加引号"),
    ("expected '-' indicator", "缩进不一致：列表项和键混在同一层", "列表的每一项以“- ”开头，并对齐"),
    ("could not find expected ':'", "缺少冒号", "每个键后面写“: ”（冒号加空格）"),
    ("cannot start any token", "这个字符不能出现在值的开头", "给这个值加上引号，如 '@张三'"),
    ("found undefined alias", "用了未定义的别名 *", "删除 * 开头的别名，直接写出内容"),
    ("expected node content", "这里缺少内容", "检查括号是否闭合、值是否漏写"),
    ("unexpected ':'", "这里不能出现冒号", '花括号 { } 里的时间要加引号，如 {time: "09:30"}；或改成每行一个“键: 值”'),
]


_WIDE_COLON_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*：")  # a key written with the full-width colon


def _wide_colon(display: str, lines: list[str], line: int) -> Problem | None:
    """A key followed by "：" on the line of the error or the one before: the parser then
    sees text where a key should be, and its own message misses the cause."""
    for number in (line, line - 1):
        found = _WIDE_COLON_KEY.match(lines[number - 1]) if 0 < number <= len(lines) else None
        if found:
            return error(
                display,
                number,
                found.end(),
                "yaml-syntax",
                f"YAML 语法错误：键 {found[1]} 后面用了全角冒号“：”",
                f"改成半角冒号加空格：“{found[1]}: ”",
            )
    return None


_QUOTES = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'')  # closed quoted strings, to skip


def bare(line: str) -> str:
    """`line` with its closed quoted strings blanked (columns kept) and its comment cut off."""
    rest = _QUOTES.sub(lambda m: " " * len(m[0]), line)
    cut = rest.find(" #")
    return rest if cut < 0 else rest[:cut]


def _open_quote(line: str) -> int | None:
    """Where a double quote opens on `line` and is not closed on it (outside comments), if one does."""
    found = bare(line).find('"')
    return found if found >= 0 else None


def _unclosed_quote(display: str, lines: list[str], line: int, column: int) -> Problem | None:
    """A double quote left open runs on to the next one, lines below, and the parser stumbles
    just after it: the error's line has a quote before the error, the lines between none, and
    the line above them opens one and leaves it open. That line is the mistake."""
    if not 0 < line <= len(lines) or '"' not in lines[line - 1][: column - 1]:
        return None
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if (opened := _open_quote(text)) is not None:
            return error(
                display,
                number,
                opened + 1,
                "unclosed-quote",
                "YAML 语法错误：这个双引号没有闭合，一直读到了下面的引号",
                '在值的末尾补上右引号 "',
            )
        if '"' in text:
            return None
    return None


def _flow_key_split(display: str, lines: list[str], exc: MarkedYAMLError | yaml.MarkedYAMLError) -> Problem | None:
    """A key and its colon on two lines inside braces (valid YAML that libyaml and ruamel.yaml refuse):
    said at the brace, as what it is, not as a brace left open."""
    ended = exc.problem_mark
    at = lines[ended.line][ended.column :].lstrip() if ended and ended.line < len(lines) else ""
    if (
        "flow mapping" in (exc.context or "")
        and exc.context_mark
        and ended is not None
        and at.startswith(":")
        and ended.line > exc.context_mark.line
    ):
        return error(
            display,
            exc.context_mark.line + 1,
            exc.context_mark.column + 1,
            "yaml-syntax",
            "YAML 语法错误：花括号 { } 里的内容跨了行，键和它的冒号要写在同一行",
            "把花括号里的内容写在一行；或去掉花括号，改成每行一个“键: 值”",
        )
    return None


def syntax_problem(display: str, text: str, exc: MarkedYAMLError | yaml.MarkedYAMLError) -> Problem:
    """The problem for a parser's error (ruamel.yaml's or PyYAML's: both have problem, context and marks)."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark or exc.context_mark
    if ("end of stream" in problem or "expected ',' or" in problem) and exc.context_mark:
        mark = exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    if line > len(lines) and lines:  # at the end of the file: show the last line that has text
        line = (
            max(i for i, text_line in enumerate(lines, 1) if text_line.strip())
            if any(text_line.strip() for text_line in lines)
            else 1
        )
        column = len(lines[line - 1]) + 1
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source[: len(source) - len(source.lstrip())] or source[column - 1 : column] == "\t":
        return error(
            display,
            line,
            column,
            "tab-indent",
            "用了 Tab 字符缩进",
            "YAML 只能用空格缩进：把 Tab 换成两个空格（编辑器可设置“用空格代替 Tab”）",
        )
    if "expected a single document" in (exc.context or "") or "another document" in problem:
        return error(
            display,
            line,
            column,
            "many-documents",
            "一个文件里只能有一个文档",
            "删除多余的 --- 分隔线，或把后面的内容拆到另一个文件",
        )
    if (wide := _wide_colon(display, lines, line)) is not None:
        return wide
    if (opened := _unclosed_quote(display, lines, line, column)) is not None:
        return opened
    if (split := _flow_key_split(display, lines, exc)) is not None:
        return split
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            return error(display, line, column, "yaml-syntax", f"YAML 语法错误：{message}", hint)
    return error(
        display,
        line,
        column,
        "yaml-syntax",
        f"YAML 语法错误：{(problem or exc.context or '')[:200]}",
        "检查这一行及上一行的缩进、冒号后的空格、引号和括号是否成对",
    )
