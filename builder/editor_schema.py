"""JSON Schemas for editors, made for one team: its own customer and visit fields become
properties (so a misspelt key is flagged as the manager types), and its classes, methods,
metrics, funnel stages and complaint steps become the values the editor offers.

Without a team (no valid team.yaml yet) the schemas are the bare models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.labels import Words
from builder.load import Kind
from builder.schema import SCHEMAS, FieldSpec, FieldType, Team

TEAM_REQUIRED = ["profile", "name"]  # the rest comes from the profile


def _field(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": spec.label + (f"（{spec.unit}）" if spec.unit else "")}
    if spec.type is FieldType.NUMBER:
        schema["type"] = "number"
        if spec.min is not None:
            schema["minimum"] = spec.min
        if spec.max is not None:
            schema["maximum"] = spec.max
    elif spec.type is FieldType.DATE:
        schema.update(type="string", format="date")
    elif spec.type is FieldType.FLAG:
        schema["type"] = "boolean"
    elif spec.type is FieldType.CHOICE:
        schema["enum"] = list(spec.choices)
    else:
        schema["type"] = ["string", "number"]
    return schema


def _offer(prop: dict[str, Any], values: list[str]) -> None:
    """Let a text property (or the text branch of an optional one) take only `values`."""
    if not values:
        return
    if "anyOf" in prop:
        for branch in prop["anyOf"]:
            if branch.get("type") == "string":
                branch.pop("type")
                branch["enum"] = values
        return
    if prop.get("type") == "array":
        prop["items"] = {"enum": values}
        return
    prop.pop("type", None)
    prop["enum"] = values


def _keys(prop: dict[str, Any], values: list[str]) -> None:
    if values:
        prop["propertyNames"] = {"enum": values}


def _declare(model: dict[str, Any], specs: list[FieldSpec]) -> None:
    model["properties"].update({s.id: _field(s) for s in specs})
    model["required"] = [*model.get("required", []), *(s.id for s in specs if s.required)]
    model["additionalProperties"] = False


def _for_team(kind: Kind, schema: dict[str, Any], team: Team) -> None:
    defs = schema.get("$defs", {})
    props = {name: d.get("properties", {}) for name, d in defs.items()}
    methods = [m.id for m in team.methods]
    metric_ids = [m.id for m in team.metrics]
    if "Customer" in defs:
        _declare(defs["Customer"], team.customer_fields)
        _offer(props["Customer"]["class"], [c.id for c in team.classes])
        _offer(props["Customer"]["type"], [t.id for t in team.customer_types])
    if "KeyPerson" in defs:
        _offer(props["KeyPerson"]["role"], [r.id for r in team.key_person_roles])
    if "Visit" in defs:
        _declare(defs["Visit"], team.visit_fields)
        _offer(props["Visit"]["method"], methods)
        _keys(props["Visit"]["figures"], [m.id for m in team.metrics if m.per_customer])
    if "PlannedVisit" in defs:
        _offer(props["PlannedVisit"]["method"], methods)
    if "KeyCustomerPlan" in defs:
        _offer(props["KeyCustomerPlan"]["actions"], methods)
    if "Complaint" in defs:
        _keys(props["Complaint"]["steps"], [s.id for s in team.complaints.steps])
        _offer(props["Complaint"]["category"], team.complaints.category_names)
    _in_team_words(props, Words(team))
    top = schema.get("properties", {})
    if kind is Kind.LOG:
        _keys(top["figures"], metric_ids)
        _keys(top["funnel"], [s.id for s in team.funnel])
    if kind is Kind.MONTH_PLAN:
        _keys(top["targets"], metric_ids)
        _keys(top["last_year"], metric_ids)


# fields the team names in its own words (labels.WORD_KEYS), by model
_WORDED = {
    "Visit": ("purpose", "met", "discussion", "anomalies", "suggestions", "effect", "next_step"),
    "PlannedVisit": ("purpose", "strategy"),
    "Focus": ("market", "brand", "service"),
}


def _in_team_words(props: dict[str, dict[str, Any]], words: Words) -> None:
    """The hint of a field the team calls otherwise is its word (沟通内容 for discussion)."""
    for model, names in _WORDED.items():
        for name in names:
            if name in props.get(model, {}):
                props[model][name]["description"] = words(f"focus_{name}" if model == "Focus" else name)


_REMOVAL = {
    "type": "object",
    "properties": {
        "remove": {
            "description": "删除 profile 中这些编号的项",
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        }
    },
    "required": ["remove"],
    "additionalProperties": False,
}


def _merged_by_id(schema: dict[str, Any]) -> None:
    """team.yaml's lists of items with ids merge by id over the profile's (profiles.laid): an
    item need only name its id and what it changes, and `- remove: [id]` drops one."""
    items_with_ids = {name for name, model in schema["$defs"].items() if "id" in model.get("properties", {})}
    for name in items_with_ids:
        schema["$defs"][name]["required"] = ["id"] if name != "VisitRule" else []
    for holder in [schema, *schema["$defs"].values()]:
        for prop in holder.get("properties", {}).values():
            ref = prop.get("items", {}).get("$ref", "") if prop.get("type") == "array" else ""
            if ref.rsplit("/", 1)[-1] in items_with_ids:
                prop["items"] = {"anyOf": [{"$ref": ref}, _REMOVAL]}


def json_schemas(team: Team | None = None) -> dict[str, str]:
    """File name -> JSON Schema text, for every kind of data file (made for `team` when given)."""
    out: dict[str, str] = {}
    for kind, adapter in SCHEMAS.items():
        schema = adapter.json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = kind.value
        if kind is Kind.TEAM:
            schema["required"] = TEAM_REQUIRED
            _merged_by_id(schema)
        if team is not None:
            _for_team(kind, schema, team)
        out[f"{kind.value}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return out


def write_json_schemas(folder: Path, team: Team | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in json_schemas(team).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
