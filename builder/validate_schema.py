"""One document against its schema: pydantic's errors as problems at their nodes, with Chinese
messages and hints, and the rest of a file with errors still read so that it can be cross-checked.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from builder.load import Document, Kind, Loc
from builder.load.document import Positions, Table
from builder.problems import Problem, Severity
from builder.schema import SCHEMAS, Invalid
from builder.suggest import RENAMED, did_you_mean, field_hint

# --- where in the schema a location is --------------------------------------------------


@cache
def _root_schema(kind: Kind) -> dict[str, Any]:
    return SCHEMAS[kind].json_schema(by_alias=True)


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            node = options[0] if options else {}
        else:
            return node


def schema_at(kind: Kind, loc: Loc) -> dict[str, Any]:
    """The JSON Schema of the node at `loc` in a file of `kind` ({} if unknown)."""
    root = _root_schema(kind)
    node = _resolve(root, root)
    for part in loc:
        if isinstance(part, int):
            node = node.get("items", {})
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            return {}
        node = _resolve(node, root)
    return node


# --- pydantic errors as problems ------------------------------------------------------------

_TYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "int_parsing": ("应为整数", "只写数字，不带单位"),
    "int_type": ("应为整数", "只写数字，不带单位"),
    "int_from_float": ("应为整数", "去掉小数部分"),
    "float_parsing": ("应为数字", "只写数字，单位见 team.yaml 的 metrics"),
    "float_type": ("应为数字", "只写数字，单位见 team.yaml 的 metrics"),
    "bool_parsing": ("应为 true 或 false", "是写 true，否写 false"),
    "bool_type": ("应为 true 或 false", "是写 true，否写 false"),
    "string_type": ("应为文字", "直接写文字；含冒号等符号时加引号"),
    "list_type": ("应为列表", "每一项另起一行，以“- ”开头"),
    "dict_type": ("应为键值映射", "写成下一行缩进的“键: 值”"),
    "model_type": ("应为键值映射", "写成下一行缩进的“键: 值”"),
    "model_attributes_type": ("应为键值映射", "写成下一行缩进的“键: 值”"),
}


def _field_name(loc: Loc) -> str:
    names = [str(p) for p in loc if isinstance(p, str)]
    return names[-1] if names else "文件"


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _error_problem(doc: Document, error: ErrorDetails) -> Problem:
    loc: Loc = tuple(error["loc"])
    at_key = bool(loc) and loc[-1] == "[key]"
    if at_key:
        loc = loc[:-1]
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field = _field_name(loc)
    if kind == "missing":
        description = schema_at(doc.kind, loc).get("description", "")
        parent = loc[:-1]
        line, column = doc.position(parent, key=bool(parent) and isinstance(parent[-1], str))
        hint = f"添加 {field}: …" + (f"（{description}）" if description else "")
        return Problem(doc.display, line, column, Severity.ERROR, "missing-field", f"缺少必填字段 '{field}'", hint)
    if kind == "extra_forbidden":
        allowed = sorted(schema_at(doc.kind, loc[:-1]).get("properties", {}))
        hint = RENAMED.get(field) or field_hint(field, allowed)
        return doc.problem(loc, "unknown-field", f"未知字段 '{field}'", hint, key=True)
    if kind == "value_error" and isinstance(ctx.get("error"), Invalid):
        invalid: Invalid = ctx["error"]
        return doc.problem(loc, "invalid-value", f"{field}: {invalid.message}", invalid.hint, key=at_key)
    if kind in ("enum", "literal_error"):
        options = schema_at(doc.kind, loc).get("enum") or []
        guess = did_you_mean(str(value), [str(o) for o in options])
        hint = ("是不是想写 '" + guess + "'？" if guess else "") + "可选：" + "、".join(map(str, options))
        return doc.problem(loc, "invalid-choice", f"{field}: '{_shown(value)}' 不是可选的值", hint)
    if kind == "string_pattern_mismatch":
        return doc.problem(
            loc,
            "invalid-id",
            f"{field}: '{_shown(value)}' 不是有效的编号",
            "编号只含字母、数字、- 和 _，如 c017 或 '330102106543'",
            key=at_key,
        )
    return _value_problem(doc, loc, kind, value, ctx, at_key) or doc.problem(
        loc, "invalid-value", f"{field}: {error['msg']}"
    )


_BOUNDS = {"greater_than": "大于", "greater_than_equal": "不小于", "less_than": "小于", "less_than_equal": "不大于"}


def _value_problem(doc: Document, loc: Loc, kind: str, value: Any, ctx: dict[str, Any], at_key: bool) -> Problem | None:
    """A value of the wrong type, out of range or too short; None for any other error."""
    field = _field_name(loc)
    if kind in _TYPE_MESSAGES:
        message, hint = _TYPE_MESSAGES[kind]
        if isinstance(value, (dict, list)):
            shown = "键值映射" if isinstance(value, dict) else "列表"
        else:
            shown = f"'{_shown(value)}'"
        if not loc:
            return doc.problem(loc, "wrong-type", f"整个文件{message}，却写了 {shown}", hint)
        return doc.problem(loc, "wrong-type", f"{field}: {message}，却写了 {shown}", hint, key=at_key)
    if kind in _BOUNDS:
        limit = f"{next(iter(ctx.values())):g}"
        return doc.problem(loc, "out-of-range", f"{field}: {_shown(value)} 应{_BOUNDS[kind]} {limit}", "检查这个数字")
    if kind == "too_short":
        return doc.problem(loc, "too-few", f"{field}: 至少要有 {ctx.get('min_length')} 项", "参照手册中的示例补上")
    return None


def _misspelt(doc: Document, error: ErrorDetails) -> list[Problem]:
    """A required field is missing: a key beside it that the schema does not know and that
    looks like it (custmer for customer) is where the mistake is. Records that may carry
    the team's own fields accept unknown keys, so pydantic does not report these itself."""
    loc: Loc = tuple(error["loc"])
    parent: Any = doc.data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return []
    if not isinstance(parent, dict):
        return []
    known = schema_at(doc.kind, loc[:-1]).get("properties", {})
    if schema_at(doc.kind, loc[:-1]).get("additionalProperties") is False:
        return []  # pydantic reports the unknown key itself
    return [
        doc.problem((*loc[:-1], key), "unknown-field", f"未知字段 '{key}'", f"是不是想写 '{loc[-1]}'？", key=True)
        for key in parent
        if key not in known and did_you_mean(str(key), [str(loc[-1])])
    ]


def _without(doc: Document, dropped: set[Loc]) -> tuple[Document, dict[Loc, Loc]]:
    """`doc` with the nodes at `dropped` removed, positions renumbered, and new -> old locations."""
    origin: dict[Loc, Loc] = {}

    def copy(node: Any, old: Loc, new: Loc) -> Any:
        origin[new] = old
        if isinstance(node, dict):
            return {k: copy(v, (*old, k), (*new, k)) for k, v in node.items() if (*old, k) not in dropped}
        if isinstance(node, list):
            kept = [(i, v) for i, v in enumerate(node) if (*old, i) not in dropped]
            return [copy(v, (*old, i), (*new, n)) for n, (i, v) in enumerate(kept)]
        return node

    data = copy(doc.data, (), ())
    return Document(doc.path, doc.display, doc.kind, data, renumbered(doc, origin)), origin


def renumbered(doc: Document, origin: dict[Loc, Loc]) -> Positions:
    """The positions of `doc`'s nodes at their new locations (`origin`: new -> old), worked out when asked for."""

    def tables() -> tuple[Table, Table]:
        nodes, keys = doc.where.tables()
        return (
            {new: nodes[old] for new, old in origin.items() if old in nodes},
            {new: keys[old] for new, old in origin.items() if old in keys},
        )

    return Positions(tables)


def _culprit(error: ErrorDetails) -> Loc:
    """The node to drop so that `error` goes away: the bad key, or the item missing a field."""
    loc = tuple(p for p in error["loc"] if p != "[key]")
    return loc[:-1] if error["type"] == "missing" else loc


def validate_document(doc: Document, attempts: int = 4) -> tuple[Any | None, Document, list[Problem]]:
    """The file's typed content, the document it was read from, and every schema problem.

    When the file has errors, the offending keys and list items are dropped (again, as
    often as needed) so that the rest can still be cross-checked; the returned
    document then has the pruned content with its original positions.
    """
    adapter = SCHEMAS[doc.kind]
    try:
        return adapter.validate_python(doc.data), doc, []
    except ValidationError as exc:
        problems = []
        for e in exc.errors():  # a missing field misspelt beside it is said once, at the misspelling
            misspelt = _misspelt(doc, e) if e["type"] == "missing" else []
            problems += misspelt or [_error_problem(doc, e)]
        dropped = {_culprit(e) for e in exc.errors()}
    for _ in range(attempts):
        if () in dropped:
            break
        pruned, origin = _without(doc, dropped)
        try:
            return adapter.validate_python(pruned.data), pruned, problems
        except ValidationError as exc:
            dropped |= {origin.get(_culprit(e), ()) for e in exc.errors()}
    return None, doc, problems
