"""Parse one file's bytes into a Document: decode, check the limits, parse, build.

libyaml (PyYAML's C parser) reads the events, which `TreeBuilder` turns into values
with their positions. When libyaml refuses the file, ruamel.yaml's pure-Python parser
judges it again: it words the syntax errors as users know them and accepts the
YAML 1.2 forms libyaml does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.error import MarkedYAMLError, YAMLError

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - the wheels of PyYAML ship libyaml
    CParser = None  # type: ignore[misc, assignment]

from builder.load.document import Document, Kind, Positions, Table, display_path
from builder.load.limits import FORBIDDEN, MAX_FILE_BYTES, MAX_LINE_CHARS, long_line
from builder.load.syntax import bare, error, ruamel_events, syntax_problem
from builder.load.tree import Refused, TreeBuilder
from builder.problems import Problem

DIRECTIVE = re.compile(r"^%[^\n]*", re.M)  # %YAML, %TAG: refused on purpose (the handbook says so)
# `?` opening a key inside brackets (`{ ?foo: bar}`, `[?x]`): libyaml reads it otherwise than YAML says
FLOW_QUESTION = re.compile(r"[\[{,]\s*\?[^\s\]},]")
MAX_REREAD_CHARS = 256 * 1024  # a broken file larger than this keeps libyaml's error message


def _build_libyaml(display: str, text: str) -> tuple[TreeBuilder, bool, Any]:
    if CParser is None:  # PyYAML built without libyaml: the pure-Python parser does it all, slowly
        return _build(display, ruamel_events(text))
    parser = CParser(text)
    try:
        return _build(display, iter(parser.get_event, None))
    finally:
        parser.dispose()


def _offset_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _text_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def too_big(display: str, size: int) -> Problem:
    return error(
        display,
        0,
        0,
        "file-too-large",
        f"文件有 {size / 1024 / 1024:.1f} MB，超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB，未读取",
        "数据文件通常只有几 KB；检查是否误放了其他文件，或把内容拆成多个文件",
    )


def _precheck(display: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """The text of the file, or the first limit it breaks (size, encoding, characters, line length)."""
    if len(raw) > MAX_FILE_BYTES:
        return None, too_big(display, len(raw))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _offset_position(raw, exc.start)
        return None, error(
            display,
            line,
            column,
            "not-utf8",
            "文件不是 UTF-8 编码（可能是 GBK）",
            "用编辑器另存为 UTF-8 编码，例如 VS Code 右下角点编码 → 通过编码保存 → UTF-8",
        )
    if bad := FORBIDDEN.search(text):
        line, column = _text_position(text, bad.start())
        return None, error(
            display,
            line,
            column,
            "control-character",
            f"文件里有不允许的不可见字符 U+{ord(bad.group()):04X}",
            "删除这个字符（常见于从其他软件复制粘贴）；文件只能含文字、空格、Tab 和换行",
        )
    if directive := DIRECTIVE.search(text):
        line, column = _text_position(text, directive.start())
        return None, error(
            display,
            line,
            column,
            "yaml-directive",
            f"不支持 YAML 指令 {directive.group().strip()[:40]}",
            "删除这一行（以及其后单独一行的 ---）；数据文件不需要指令",
        )
    if (question := _flow_question(text)) is not None:
        line, column = question
        return None, error(
            display,
            line,
            column,
            "flow-question",
            "方括号或花括号里的 ? 开头的写法，不同的程序读法不同",
            '问号开头的文字加引号，如 ["?x"]；键不用 ? 开头',
        )
    if found := long_line(text):
        line, length = found
        return None, error(
            display,
            line,
            1,
            "line-too-long",
            f"这一行有 {length} 个字符，超过上限 {MAX_LINE_CHARS}",
            "长文字分成几行写，用“|”开头的多行文字",
        )
    return text, None


def _flow_question(text: str) -> tuple[int, int] | None:
    """The line and column of a `?` right after `[`, `{` or `,` outside quotes and comments, if any."""
    if "?" not in text:
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if "?" not in line:
            continue
        found = FLOW_QUESTION.search(bare(line))
        if found:
            return number, found.end() - 1
    return None


def _build(display: str, events: Iterator[Any]) -> tuple[TreeBuilder, bool, Any]:
    builder = TreeBuilder(display)
    found, data = builder.build(events)
    return builder, found, data


def parse(path: Path, kind: Kind, raw: bytes) -> tuple[Document, list[Problem]]:
    """Parse one file's bytes into a Document (whose data is None when unusable)."""
    display = display_path(path)
    text, refused = _precheck(display, raw)
    if text is None:
        return Document(path, display, kind, None), [refused] if refused else []
    if not text.endswith("\n"):  # libyaml drops what a block scalar keeps of a last line without its break
        text += "\n"
    document, problems = _parse(path, display, kind, text)
    where = editor_lines(text)
    return document, problems if where is None else [_moved(p, where) for p in problems]


def _moved(problem: Problem, where: Callable[[int, int], tuple[int, int]]) -> Problem:
    if problem.line <= 0:
        return problem
    line, column = where(problem.line - 1, problem.column - 1)
    return replace(problem, line=line + 1, column=column + 1)


YAML_ONLY_BREAKS = re.compile("[\u0085\u2028\u2029]")


def editor_lines(text: str) -> Callable[[int, int], tuple[int, int]] | None:
    """YAML also ends a line at U+0085, U+2028 and U+2029; editors and GitHub only at a line feed.
    The editor's (line, column), both from 0, of the parser's; None when the text has no such character."""
    if not YAML_ONLY_BREAKS.search(text):
        return None
    starts = [(0, 0)]  # where each of YAML's lines starts, in the editor's lines
    line = column = 0
    for char in text:
        if char == "\n":
            line, column = line + 1, 0
            starts.append((line, 0))
        else:
            column += 1
            if char in "\u0085\u2028\u2029":
                starts.append((line, column))

    def where(at_line: int, at_column: int) -> tuple[int, int]:
        start_line, start_column = starts[at_line] if at_line < len(starts) else (at_line, 0)
        return start_line, start_column + at_column

    return where


def _parse(path: Path, display: str, kind: Kind, text: str) -> tuple[Document, list[Problem]]:
    unusable = Document(path, display, kind, None)
    try:
        try:
            builder, found, data = _build_libyaml(display, text)
        except yaml.MarkedYAMLError as exc:
            if len(text) > MAX_REREAD_CHARS:  # too slow for the pure-Python parser: libyaml's own words
                return unusable, [syntax_problem(display, text, exc)]
            builder, found, data = _build(display, ruamel_events(text))
    except Refused as exc:
        return unusable, [exc.problem]
    except MarkedYAMLError as exc:
        return unusable, [syntax_problem(display, text, exc)]
    except (YAMLError, yaml.YAMLError, RecursionError) as exc:
        return unusable, [error(display, 1, 1, "yaml-syntax", f"YAML 语法错误：{str(exc)[:200]}", "检查文件的格式")]
    if not found or (data is None and not builder.problems):  # nothing, or only `null`, `~` or `---`
        return unusable, [error(display, 1, 1, "empty-file", "文件是空的", "参照手册中的完整示例填写，或删除这个文件")]
    if builder.problems:
        return unusable, builder.problems
    return Document(path, display, kind, data, lazy_positions(display, text)), []


def lazy_positions(display: str, text: str) -> Positions:
    """The positions of a file parsed without problems, worked out again from its text when asked for."""
    return Positions(partial(_positions, display, text), source=text)


def _positions(display: str, text: str) -> tuple[Table, Table]:
    try:
        builder, _, _ = _build_libyaml(display, text)
    except yaml.MarkedYAMLError:  # what libyaml refuses, ruamel.yaml's parser read the first time
        builder, _, _ = _build(display, ruamel_events(text))
    where = editor_lines(text)
    if where is None:
        return builder.positions, builder.key_positions
    return (
        {loc: where(*at) for loc, at in builder.positions.items()},
        {loc: where(*at) for loc, at in builder.key_positions.items()},
    )
