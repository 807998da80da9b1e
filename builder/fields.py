"""The team's own fields on customers and visits (customer_fields, visit_fields in team.yaml),
and the customer attributes that visit rules select on."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from typing import Any

from builder.load import Document, Loc
from builder.problems import Problem
from builder.schema import Customer, Declared, FieldSpec, FieldType, Invalid, Range, Team, parse_date
from builder.suggest import did_you_mean, field_hint

# Attributes of every customer that a rule may select on, with the words that name them.
CORE_ATTRIBUTES = {"class": "客户分类", "type": "客户类型", "key": "重点客户", "route": "线路", "territory": "片区"}


def core_keys(model: type[Declared]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def convert(spec: FieldSpec, value: Any) -> Any:
    """The typed value of a declared field, or Invalid saying what to write."""
    if spec.type is FieldType.NUMBER:
        return _number(spec, value)
    if spec.type is FieldType.DATE:
        return parse_date(value)
    if spec.type is FieldType.FLAG:
        if not isinstance(value, bool):
            raise Invalid(f"应为 true 或 false，却写了 '{value}'", "是写 true，否写 false")
        return value
    if isinstance(value, (dict, list)) or value is None:
        raise Invalid("应为文字", "直接写文字；含冒号等符号时加引号")
    text = str(value)
    if spec.type is FieldType.CHOICE and text not in spec.choices:
        raise Invalid(f"'{text}' 不是可选的值", "可选：" + "、".join(spec.choices))
    return text


def _number(spec: FieldSpec, value: Any) -> float:
    """The value of a number field, within the field's min and max."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"应为数字，却写了 '{value}'", "只写数字" + (f"，单位是 {spec.unit}" if spec.unit else ""))
    number = float(value)
    if not math.isfinite(number):
        raise Invalid(f"'{value}' 不是有效的数字", "写一个普通的数字")
    if spec.min is not None and number < spec.min:
        raise Invalid(f"{value:g} 小于最小值 {spec.min:g}", "检查这个数字")
    if spec.max is not None and number > spec.max:
        raise Invalid(f"{value:g} 大于最大值 {spec.max:g}", "检查这个数字")
    return number


def declared(
    doc: Document, loc: Loc, record: Declared, specs: list[FieldSpec], what: str
) -> tuple[Declared, list[Problem]]:
    """`record` with its extra keys typed by `specs`; unknown keys and bad values as problems."""
    by_id = {s.id: s for s in specs}
    problems: list[Problem] = []
    typed: dict[str, Any] = {}
    for key, value in record.fields.items():
        spec = by_id.get(key)
        if spec is None:
            allowed = core_keys(type(record)) + list(by_id)
            hint = field_hint(str(key), allowed)
            if not specs and not did_you_mean(str(key), allowed):
                hint += f"；本团队的{what}字段在 team.yaml 的 {_setting(record)} 中声明"
            problems.append(doc.problem((*loc, key), "unknown-field", f"未知字段 '{key}'", hint, key=True))
            typed[key] = None
            continue
        try:
            typed[key] = convert(spec, value)
        except Invalid as exc:
            problems.append(
                doc.problem((*loc, key), "invalid-value", f"{key}（{spec.label}）: {exc.message}", exc.hint)
            )
            typed[key] = None
    for spec in specs:
        if spec.required and spec.id not in typed:
            problems.append(
                doc.problem(
                    loc, "missing-field", f"缺少必填字段 '{spec.id}'（{spec.label}）", f"添加 {spec.id}: …", key=True
                )
            )
    kept = {k: v for k, v in typed.items() if v is not None}
    return record.model_copy(update=kept) if kept != record.fields else record, problems


def _setting(record: Declared) -> str:
    return "customer_fields" if isinstance(record, Customer) else "visit_fields"


def attribute(customer: Customer, name: str) -> Any:
    """The value of `name` for a customer: a core attribute or one of the team's fields."""
    if name == "class":
        return customer.class_
    if name in CORE_ATTRIBUTES:
        return getattr(customer, name)
    return customer.fields.get(name)


def listed(condition: Any) -> list[Any]:
    """The values a condition names: a list as it is, one value as a list of one."""
    return condition if isinstance(condition, list) else [condition]


def matches(value: Any, condition: Any) -> bool:
    """Whether an attribute value meets a rule's condition (a value, a list of values, or a range)."""
    if value is None:
        return False
    if isinstance(condition, Range):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return (
            (condition.min is None or value >= condition.min)
            and (condition.max is None or value <= condition.max)
            and (condition.above is None or value > condition.above)
            and (condition.below is None or value < condition.below)
        )
    if isinstance(condition, list):
        return any(matches(value, c) for c in condition)
    if isinstance(condition, bool) or isinstance(value, bool):
        return value is condition
    if isinstance(condition, (int, float)) and isinstance(value, (int, float)):
        return float(value) == float(condition)
    if isinstance(value, date):
        return False
    return str(value) == str(condition)


def attribute_names(team: Team) -> dict[str, str]:
    """Every attribute a visit rule may select on, with its label."""
    return {**CORE_ATTRIBUTES, **{s.id: s.label for s in team.customer_fields}}


def expiring_fields(team: Team) -> Iterator[FieldSpec]:
    return (s for s in team.customer_fields if s.type is FieldType.DATE and s.expires)
