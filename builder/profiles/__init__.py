"""Team profiles: the settings each kind of account-manager team starts from.

A profile is a YAML file in this folder with the keys of team.yaml (metrics, classes,
methods, visit rules, complaint steps, words …). A team.yaml names its profile and
overrides any part of it: mappings are merged key by key, lists are replaced whole.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

FOLDER = Path(__file__).resolve().parent
META = ("label", "example")  # keys of a profile file that describe the profile, not the team


def names() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))


@cache
def _read(name: str) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load((FOLDER / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict), name
    return data


def profile(name: str) -> dict[str, Any] | None:
    """The settings of profile `name` (a fresh copy), or None if there is no such profile."""
    if name not in names():
        return None
    return copy.deepcopy({k: v for k, v in _read(name).items() if k not in META})


def title(name: str) -> str:
    return str(_read(name).get("label", name))


def merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """`over` laid on `base`: mappings merge key by key, anything else in `over` replaces."""
    result = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def example(name: str) -> dict[str, Any]:
    """The profile's example team, in its trade's words: what `portal init` and the handbook show."""
    return copy.deepcopy(_read(name)["example"])
