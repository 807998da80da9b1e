"""The JSON Schemas editors use are the exported models, and they accept the real data."""

from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from builder.editor_schema import json_schemas
from builder.load import kind_of
from builder.pipeline import check
from builder.schema import SCHEMA_GLOBS
from conftest import ROOT


def _demo_schemas() -> dict[str, str]:
    return json_schemas(check(ROOT / "data").dataset.team)


def test_the_committed_schemas_are_the_exported_ones():
    for name, text in _demo_schemas().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == text, f"run: portal schema ({name})"


def test_vscode_maps_every_schema_to_its_files():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind, glob in SCHEMA_GLOBS.items():
        assert mapping[f"./schemas/{kind.value}.schema.json"] == glob
    for path in (ROOT / "data").rglob("*.yaml"):
        relative = path.relative_to(ROOT)
        matching = [g for g in SCHEMA_GLOBS.values() if relative.match(g)]
        assert len(matching) == 1, (relative, matching)
        assert SCHEMA_GLOBS[kind_of(path.relative_to(ROOT / "data"))] == matching[0]


@pytest.mark.parametrize("kind", sorted(SCHEMA_GLOBS, key=str))
def test_an_independent_json_schema_validator_accepts_the_demo_files(kind):
    schema = json.loads(_demo_schemas()[f"{kind.value}.schema.json"])
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    yaml = YAML(typ="safe")
    yaml.constructor.yaml_constructors["tag:yaml.org,2002:timestamp"] = yaml.constructor.yaml_constructors[
        "tag:yaml.org,2002:str"
    ]
    files = sorted(ROOT.glob(SCHEMA_GLOBS[kind]))[:40]
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.load(path.read_text(encoding="utf-8"))))
        assert not errors, (path, errors[0].message)


def test_the_schema_rejects_what_the_checker_rejects():
    schema = json.loads(_demo_schemas()["log.schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
    bad = {"date": "2026-11-05", "visits": [{"time": "9.30", "custmer": "c001"}]}
    messages = [e.message for e in validator.iter_errors(bad)]
    assert any("custmer" in m for m in messages)
    assert any("customer" in m and "required" in m for m in messages)


def test_a_team_schema_offers_the_teams_own_fields_and_choices(tmp_path):
    (tmp_path / "team.yaml").write_text("profile: tobacco\nname: 烟草\n", encoding="utf-8")
    team = check(tmp_path).dataset.team
    customers = json.loads(json_schemas(team)["customers.schema.json"])["$defs"]["Customer"]
    assert customers["properties"]["grade"] == {"description": "档位", "type": "number", "minimum": 1, "maximum": 30}
    assert customers["properties"]["area"]["enum"] == ["城网", "农网"]
    assert "licence" in customers["required"] and customers["additionalProperties"] is False
    validator = jsonschema.Draft202012Validator(json.loads(json_schemas(team)["log.schema.json"]))
    visit = {"time": "09:30", "customer": "r1", "method": "onsite", "figures": {"orders": 20}, "no_order_reason": "x"}
    messages = [e.message for e in validator.iter_errors({"date": "2026-11-05", "visits": [visit]})]
    assert len(messages) == 1 and "'x' is not one of" in messages[0]  # the reason must be one of the team's list
    generic = json.loads(json_schemas()["customers.schema.json"])["$defs"]["Customer"]
    assert generic["additionalProperties"] is True  # without a team, its own fields cannot be known
