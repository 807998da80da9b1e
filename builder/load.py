"""Stage 1, load: find the data files and parse them, keeping every node's position.

ruamel.yaml (with its C parser) composes each file into nodes that know their line
and column; `_Builder` turns them into plain dicts, lists and scalars and records
every position. Timestamps stay text so that the schema, not the YAML parser,
decides what a valid date is (and says where 2026-02-30 is wrong). Tags that are
not plain YAML are refused, never constructed; duplicate keys are reported.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder.problems import Problem, Severity

Loc = tuple[str | int, ...]


class Kind(StrEnum):
    TEAM = "team"
    PEOPLE = "people"
    CUSTOMERS = "customers"
    LOG = "log"
    WEEK_PLAN = "week_plan"
    MONTH_PLAN = "month_plan"


# Where each kind of file lives, relative to the data folder.
PLACES: dict[Kind, str] = {
    Kind.TEAM: "team.yaml",
    Kind.PEOPLE: "people.yaml",
    Kind.CUSTOMERS: "customers/<经理编号>.yaml",
    Kind.LOG: "logs/<经理编号>/<YYYY-MM-DD>.yaml",
    Kind.WEEK_PLAN: "plans/<经理编号>/<YYYY>-W<周>.yaml",
    Kind.MONTH_PLAN: "plans/<经理编号>/<YYYY-MM>.yaml",
}

_MONTH_NAME = re.compile(r"^\d{4}-\d{1,2}$")


def kind_of(relative: Path) -> Kind | None:
    parts = relative.parts
    if parts in (("team.yaml",), ("people.yaml",)):
        return Kind.TEAM if parts[0] == "team.yaml" else Kind.PEOPLE
    if len(parts) == 2 and parts[0] == "customers":
        return Kind.CUSTOMERS
    if len(parts) == 3 and parts[0] == "logs":
        return Kind.LOG
    if len(parts) == 3 and parts[0] == "plans":
        return Kind.MONTH_PLAN if _MONTH_NAME.match(relative.stem) else Kind.WEEK_PLAN
    return None


_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
_MAX_NODES = 200_000  # a file of aliases that expands past this is refused (billion laughs)


def _yaml(*, pure: bool = False) -> YAML:
    return YAML(typ="safe", pure=pure)


def _compose(text: str) -> tuple[Node | None, YAML]:
    """Compose with the fast C parser; where it refuses valid YAML 1.2 (a time such as
    10:00 inside { }), the pure-Python parser decides. Both failing, the C parser's error
    is reported unless it is that very quirk."""
    yaml = _yaml()
    try:
        return yaml.compose(text), yaml
    except MarkedYAMLError as exc:
        pure = _yaml(pure=True)
        try:
            return pure.compose(text), pure
        except MarkedYAMLError as pure_exc:
            raise (pure_exc if "unexpected ':'" in (exc.problem or "") else exc) from None


@dataclass(frozen=True)
class Document:
    """One data file: its place, its kind, its content (None if unreadable) and positions.

    `positions` maps the location of every node to its 0-based (line, column);
    `key_positions` does the same for the keys of mappings.
    """

    path: Path
    display: str
    kind: Kind
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict, repr=False)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict, repr=False)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def folder(self) -> str:
        return self.path.parent.name

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the node at `loc` (of its key with `key=True`).

        Parts of `loc` that are not in the file (a missing field) are dropped, so the
        position is that of the nearest node that exists. A key with an empty value
        is shown at the key.
        """
        loc = tuple(loc)
        while loc and loc not in self.positions:
            loc = loc[:-1]
        at_key = key or self._empty(loc)
        line, column = (self.key_positions.get(loc) if at_key else None) or self.positions.get(loc, (0, 0))
        return line + 1, column + 1

    def _empty(self, loc: Loc) -> bool:
        node = self.data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return False
        return node is None or node == {} or node == []

    def problem(
        self,
        loc: Loc,
        code: str,
        message: str,
        hint: str = "",
        *,
        severity: Severity = Severity.ERROR,
        key: bool = False,
    ) -> Problem:
        line, column = self.position(loc, key=key)
        return Problem(self.display, line, column, severity, code, message, hint)


def display_path(path: Path) -> str:
    """The path as the user should see it: relative to the working folder when inside it."""
    if not path.is_absolute():
        return path.as_posix()
    relative = os.path.relpath(path)
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()


def _offset_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


@dataclass
class _Builder:
    """Turns ruamel's composed nodes into plain values, noting where each one stood."""

    display: str
    constructor: SafeConstructor
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    count: int = 0

    def _problem(self, mark: Any, code: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.display, mark.line + 1, mark.column + 1, Severity.ERROR, code, message, hint))

    def build(self, node: Node, loc: Loc = ()) -> Any:
        self.count += 1
        if self.count > _MAX_NODES:
            raise _TooLarge
        self.positions[loc] = (node.start_mark.line, node.start_mark.column)
        tag = str(node.tag)
        if isinstance(node, MappingNode) and tag == f"{_CORE}map":
            return self._mapping(node, loc)
        if isinstance(node, SequenceNode) and tag == f"{_CORE}seq":
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode) and tag in _PLAIN_TAGS:
            return self.constructor.construct_object(node)
        if isinstance(node, ScalarNode) and tag == f"{_CORE}timestamp":
            return node.value  # the schema decides whether it is a real date
        self._problem(
            node.start_mark,
            "yaml-tag",
            f"不允许使用 YAML 标签 {tag.replace(_CORE, '!!')}",
            "数据文件只能写普通的文字、数字、列表和键值；删除以 ! 开头的标签",
        )
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or str(key_node.tag) not in _PLAIN_TAGS:
                self._problem(
                    key_node.start_mark,
                    "complex-key",
                    "键必须是简单的文字",
                    "键写成“名称: 值”，名称不要用列表、映射或标签",
                )
                continue
            key = self.constructor.construct_object(key_node)
            if key in seen:
                self._problem(
                    key_node.start_mark,
                    "duplicate-key",
                    f"键 '{key}' 在同一层出现了两次",
                    f"第 {seen[key]} 行已经有 {key}，删除或合并其中一个",
                )
                continue
            seen[key] = key_node.start_mark.line + 1
            self.key_positions[(*loc, key)] = (key_node.start_mark.line, key_node.start_mark.column)
            result[key] = self.build(value_node, (*loc, key))
        return result


class _TooLarge(Exception):
    pass


def _error(display: str, line: int, column: int, code: str, message: str, hint: str) -> Problem:
    return Problem(display, line, column, Severity.ERROR, code, message, hint)


def parse(path: Path, kind: Kind, raw: bytes) -> tuple[Document, list[Problem]]:
    """Parse one file's bytes into a Document (whose data is None when unusable)."""
    display = display_path(path)
    unusable = Document(path, display, kind, None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _offset_position(raw, exc.start)
        return unusable, [
            _error(
                display,
                line,
                column,
                "not-utf8",
                "文件不是 UTF-8 编码（可能是 GBK）",
                "用编辑器另存为 UTF-8 编码，例如 VS Code 右下角点编码 → 通过编码保存 → UTF-8",
            )
        ]
    try:
        node, yaml = _compose(text)
    except MarkedYAMLError as exc:
        return unusable, [_syntax_problem(display, text, exc)]
    if node is None:
        return unusable, [_error(display, 1, 1, "empty-file", "文件是空的", "参照手册中的完整示例填写，或删除这个文件")]
    builder = _Builder(display, SafeConstructor(loader=yaml))
    try:
        data = builder.build(node)
    except _TooLarge:
        return unusable, [
            _error(
                display, 1, 1, "too-large", f"文件展开后超过 {_MAX_NODES} 个节点", "不要用锚点和别名（& 和 *）层层引用"
            )
        ]
    if builder.problems:
        return unusable, builder.problems
    return Document(path, display, kind, data, builder.positions, builder.key_positions), []


_SYNTAX_MESSAGES: list[tuple[str, str, str]] = [
    ("unexpected end of stream", "引号或括号没有闭合", "在这里开始的引号或括号要在同一个值结束时闭合"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合", "列表写成 [a, b]，或改成每行一个“- ”"),
    ("expected ',' or '}'", "花括号 { } 没有闭合", "写成 {键: 值, 键: 值}，或改成每行一个“键: 值”"),
    ("mapping values are not allowed", "这里不能出现“: ”", "值里含有“: ”时给整个值加引号，或检查是否少了换行"),
    ("expected key", "缩进不一致", "同一层的键要左对齐，用相同数量的空格缩进"),
    ("expected '-' indicator", "缩进不一致：列表项和键混在同一层", "列表的每一项以“- ”开头，并对齐"),
    ("could not find expected ':'", "缺少冒号", "每个键后面写“: ”（冒号加空格）"),
    ("cannot start any token", "这个字符不能出现在值的开头", "给这个值加上引号，如 '@张三'"),
    ("found undefined alias", "用了未定义的别名 *", "删除 * 开头的别名，直接写出内容"),
    ("expected node content", "这里缺少内容", "检查括号是否闭合、值是否漏写"),
    ("unexpected ':'", "这里不能出现冒号", '花括号 { } 里的时间要加引号，如 {time: "09:30"}；或改成每行一个“键: 值”'),
]


def _syntax_problem(display: str, text: str, exc: MarkedYAMLError) -> Problem:
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
        return _error(
            display,
            line,
            column,
            "tab-indent",
            "用了 Tab 字符缩进",
            "YAML 只能用空格缩进：把 Tab 换成两个空格（编辑器可设置“用空格代替 Tab”）",
        )
    if "expected a single document" in (exc.context or "") or "another document" in problem:
        return _error(
            display,
            line,
            column,
            "many-documents",
            "一个文件里只能有一个文档",
            "删除多余的 --- 分隔线，或把后面的内容拆到另一个文件",
        )
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            return _error(display, line, column, "yaml-syntax", f"YAML 语法错误：{message}", hint)
    return _error(
        display,
        line,
        column,
        "yaml-syntax",
        f"YAML 语法错误：{problem or exc.context}",
        "检查这一行及上一行的缩进、冒号后的空格、引号和括号是否成对",
    )


def discover(root: Path) -> tuple[list[tuple[Path, Kind]], list[Problem]]:
    """Every data file under `root` with its kind; unrecognised YAML files are warned of."""
    found: list[tuple[Path, Kind]] = []
    problems: list[Problem] = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".yml") or not path.is_file():
            continue
        kind = kind_of(path.relative_to(root))
        if kind is None:
            places = "、".join(PLACES.values())
            problems.append(
                Problem(
                    display_path(path),
                    0,
                    0,
                    Severity.WARNING,
                    "unknown-file",
                    "不认识这个文件的位置，已跳过",
                    f"数据文件应放在：{places}",
                )
            )
        else:
            found.append((path, kind))
    return found, problems


def load(root: Path, only: Sequence[Path] = ()) -> tuple[list[Document], list[Problem]]:
    """Parse every data file under `root` (or just `only`)."""
    files, problems = discover(root)
    if only:
        wanted = {p.resolve() for p in only}
        files = [(p, k) for p, k in files if p.resolve() in wanted]
    documents: list[Document] = []
    for path, kind in files:
        document, found = parse(path, kind, path.read_bytes())
        documents.append(document)
        problems += found
    return documents, problems
