"""Turn a stream of YAML parser events into plain dicts, lists and scalars, noting positions.

Works on the events of libyaml (through PyYAML's C parser) or of ruamel.yaml's pure
parser, which share their class and attribute names. The walk keeps its own stack,
so no depth of nesting can exhaust Python's; depth and size are limited as the events
arrive, so an oversized file is refused before it is built. Plain scalars are
resolved as YAML 1.2 core (as ruamel.yaml does: `no` and `09:30` stay text, `017` is
17); timestamps stay text for the schema to judge; tags that would build objects are
refused and never constructed; a value that does not fit its core tag is an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml.events
from ruamel.yaml import events as ruamel_events

from builder.load.document import Loc
from builder.load.limits import MAX_DEPTH, MAX_NODES
from builder.load.scalars import BOOL, CONVERT, CORE, FLOAT, INT, MERGE, MERGE_TAG, NULL, STR, NotScalar, resolve
from builder.problems import Problem, Severity


class Refused(Exception):
    """The file breaks a limit or is not plain data; building stops at once."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_SCALARS: frozenset[type] = frozenset({yaml.events.ScalarEvent, ruamel_events.ScalarEvent})


@dataclass(slots=True)
class _Collection:
    value: dict[Any, Any] | list[Any]
    loc: Loc
    anchor: str | None
    mark: Any
    is_list: bool
    size: int = 1
    key: tuple[Any, int, int] | None = None  # a mapping's key waiting for its value: (key, line, column)
    skip: bool = False  # the pending key was refused: drop its value


@dataclass
class TreeBuilder:
    display: str
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    anchors: dict[str, tuple[Any, int]] = field(default_factory=dict)
    nodes: int = 0
    _documents: int = 0
    _result: Any = None

    def _problem(self, mark: Any, code: str, message: str, hint: str) -> Problem:
        problem = Problem(self.display, mark.line + 1, mark.column + 1, Severity.ERROR, code, message, hint)
        self.problems.append(problem)
        return problem

    def _refuse(self, mark: Any, code: str, message: str, hint: str) -> Refused:
        return Refused(Problem(self.display, mark.line + 1, mark.column + 1, Severity.ERROR, code, message, hint))

    def build(self, events: Iterable[Any]) -> tuple[bool, Any]:
        """(whether the file holds a document, its content)."""
        stack: list[_Collection] = []
        for event in events:
            plain = type(event) in _SCALARS and event.tag is None and event.anchor is None and stack
            if not (plain and self._plain(event, stack[-1])):
                self._event(event, stack)
        return self._documents > 0, self._result

    def _plain(self, event: Any, parent: _Collection) -> bool:
        """Place an untagged scalar inside a collection (almost every value); False if it is `<<`."""
        text = event.value
        value = text
        if event.implicit[0]:
            tag = resolve(text)
            if tag is not STR:
                try:
                    value = CONVERT[tag](text)
                except NotScalar:
                    return False
                if value is MERGE:
                    return False
        mark = event.start_mark
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._count(0, event)
        parent.size += 1
        container = parent.value
        if parent.is_list:
            self.positions[(*parent.loc, len(container))] = (mark.line, mark.column)
            container.append(value)  # type: ignore[union-attr]
        elif parent.skip:
            parent.skip = False
        elif parent.key is None:
            if value in container:  # a duplicate key: reported by the slow path
                self._key(parent, value, event, mark)
            else:
                parent.key = (value, mark.line, mark.column)
        else:
            key, line, column = parent.key
            parent.key = None
            loc = (*parent.loc, key)
            self.positions[loc] = (mark.line, mark.column)
            self.key_positions[loc] = (line, column)
            container[key] = value
        return True

    def _event(self, event: Any, stack: list[_Collection]) -> None:
        name = type(event).__name__
        if name in ("MappingStartEvent", "SequenceStartEvent"):
            self._start(event, stack)
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            self._end(stack)
        elif name == "DocumentStartEvent":
            self._documents += 1
            if self._documents > 1:
                raise self._refuse(
                    event.start_mark,
                    "many-documents",
                    "一个文件里只能有一个文档",
                    "删除多余的 --- 分隔线，或把后面的内容拆到另一个文件",
                )
        elif name in ("ScalarEvent", "AliasEvent"):
            value, size = (self._scalar(event), 1) if name == "ScalarEvent" else self._alias(event, stack)
            if not stack:
                self.positions[()] = (event.start_mark.line, event.start_mark.column)
                self._result = self._value(value, event)
                self._count(size, event)
            else:
                self._count(size, event)
                self._place(stack, value, size, event, None)

    def _end(self, stack: list[_Collection]) -> None:
        done = stack.pop()
        if done.anchor is not None:
            self.anchors[done.anchor] = (done.value, done.size)
        if not stack:
            self._result = done.value
        else:
            self._place(stack, done.value, done.size, done.mark, done.loc)

    def _value(self, value: Any, event: Any) -> Any:
        if value is MERGE:
            self._tag_problem(event, MERGE_TAG)
            return None
        return value

    def _count(self, size: int, event: Any) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            raise self._refuse(
                event.start_mark,
                "too-large",
                f"文件展开后超过 {MAX_NODES} 个节点",
                "不要用锚点和别名（& 和 *）层层引用",
            )

    def _tag_problem(self, event: Any, tag: str) -> None:
        self._problem(
            event.start_mark,
            "yaml-tag",
            f"不允许使用 YAML 标签 {tag.replace(CORE, '!!')}",
            "数据文件只能写普通的文字、数字、列表和键值；删除以 ! 开头的标签",
        )

    def _start(self, event: Any, stack: list[_Collection]) -> None:
        if len(stack) >= MAX_DEPTH:
            raise self._refuse(
                event.start_mark,
                "too-deep",
                f"嵌套超过 {MAX_DEPTH} 层",
                "数据文件只需要几层缩进；检查是否多写了括号 [ { 或缩进",
            )
        mapping = type(event).__name__ == "MappingStartEvent"
        tag = None if event.tag is None else str(event.tag)
        if tag not in (None, "!") and tag != f"{CORE}{'map' if mapping else 'seq'}":
            self._tag_problem(event, tag)
        self._count(1, event)
        loc = self._child_loc(stack)
        self.positions[loc] = (event.start_mark.line, event.start_mark.column)
        stack.append(_Collection({} if mapping else [], loc, event.anchor, event.start_mark, not mapping))

    def _child_loc(self, stack: list[_Collection]) -> Loc:
        if not stack:
            return ()
        parent = stack[-1]
        if isinstance(parent.value, list):
            return (*parent.loc, len(parent.value))
        return (*parent.loc, parent.key[0]) if parent.key is not None else (*parent.loc, "[key]")

    def _scalar(self, event: Any) -> Any:
        text: str = event.value
        tag = None if event.tag is None else str(event.tag)
        if tag is None:
            tag = resolve(text) if event.implicit[0] else STR
        elif tag == "!":
            tag = STR
        convert = CONVERT.get(tag)
        if convert is None:
            self._tag_problem(event, tag)
            return None
        try:
            value = convert(text)
        except NotScalar as exc:
            self._problem(event.start_mark, "bad-number" if tag in (INT, FLOAT) else "bad-value", exc.message, exc.hint)
            return None
        if event.anchor is not None:
            if event.implicit[0] and text.startswith(":"):  # libyaml ends `&an:chor` at its colon
                self._problem(
                    event.start_mark,
                    "anchor-colon",
                    "锚点名里不能有冒号：不同的程序读出的值不同",
                    "锚点名只用字母和数字，如 &base",
                )
                return None
            self.anchors[event.anchor] = (value, 1)
        return value

    def _alias(self, event: Any, stack: list[_Collection]) -> tuple[Any, int]:
        if any(open_.anchor == event.anchor for open_ in stack):
            raise self._refuse(
                event.start_mark,
                "recursive-alias",
                f"别名 *{event.anchor} 引用了包含它自己的内容",
                "别名不能指向外层的锚点；直接写出内容",
            )
        if event.anchor not in self.anchors and self.problems:  # its anchor's value was refused: that is the cause
            raise Refused(self.problems[0])
        if event.anchor not in self.anchors:
            raise self._refuse(
                event.start_mark,
                "yaml-syntax",
                "YAML 语法错误：用了未定义的别名 *",
                "删除 * 开头的别名，直接写出内容",
            )
        return self.anchors[event.anchor]

    def _place(self, stack: list[_Collection], value: Any, size: int, event: Any, loc: Loc | None) -> None:
        """Put a finished value into the open collection; `loc` is set when it is a collection
        itself (then `event` is its start mark), else `event` is the scalar's or alias's event."""
        parent = stack[-1]
        parent.size += size
        if parent.is_list:
            if loc is None:
                self.positions[(*parent.loc, len(parent.value))] = (event.start_mark.line, event.start_mark.column)
            parent.value.append(self._value(value, event))  # type: ignore[union-attr]
            return
        if parent.key is None and not parent.skip:
            self._key(parent, value, event if loc is None else None, event)
            return
        if parent.skip:
            parent.skip = False
            return
        key, line, column = parent.key  # type: ignore[misc]
        parent.key = None
        if loc is None:
            self.positions[(*parent.loc, key)] = (event.start_mark.line, event.start_mark.column)
        else:
            self._move(loc, (*parent.loc, key))
        parent.value[key] = self._value(value, event)
        self.key_positions[(*parent.loc, key)] = (line, column)

    def _move(self, old: Loc, new: Loc) -> None:
        """A collection met as a key's value was recorded under '[key]'; file it under the key."""
        if old == new:
            return
        cut = len(old)
        for table in (self.positions, self.key_positions):
            for loc in [loc for loc in table if loc[:cut] == old]:
                table[(*new, *loc[cut:])] = table.pop(loc)

    def _key(self, parent: _Collection, key: Any, event: Any, where: Any) -> None:
        """`event` is the key's scalar event, None when the key is a collection (at `where`)."""
        plain = (
            event is not None
            and type(event).__name__ == "ScalarEvent"
            and str(event.tag or "!") in ("!", STR, INT, FLOAT, BOOL, NULL)
            and key is not MERGE
        )
        if not plain:
            mark = event.start_mark if event is not None else where
            self._problem(mark, "complex-key", "键必须是简单的文字", "键写成“名称: 值”，名称不要用列表、映射或标签")
            parent.skip = True
            return
        line = event.start_mark.line
        if key in parent.value:
            first = self.key_positions[(*parent.loc, key)][0] + 1
            self._problem(
                event.start_mark,
                "duplicate-key",
                f"键 '{key}' 在同一层出现了两次",
                f"第 {first} 行已经有 {key}，删除或合并其中一个",
            )
            parent.skip = True
            return
        parent.key = (key, line, event.start_mark.column)
