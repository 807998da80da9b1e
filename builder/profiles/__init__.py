"""Team profiles: the settings each kind of account-manager team starts from.

A profile is a YAML file in this folder with the keys of team.yaml (metrics, classes,
methods, visit rules, complaint steps, words …). A team.yaml names its profile and
overrides any part of it: mappings are merged key by key; a list of items with ids
(metrics, classes, methods, fields, rules, steps) is merged by id — an item the team
writes replaces the fields it names of the profile's item with that id, an item with a
new id is added after the profile's, and `- remove: [id, …]` drops the profile's items
(`- remove: all` every one of them); any other list is replaced whole.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
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


Loc = tuple[str | int, ...]
REMOVE_ALL = "all"  # `- remove: all` drops every item of the profile's list: the team writes its own


@dataclass
class Laid:
    """A team file laid over its profile: the data, where each node the team wrote came from
    in the team file (merged location -> team file location), and each id a `remove:` names
    that the profile does not have (its location in the team file, the id, the ids there are)."""

    data: dict[str, Any]
    origin: dict[Loc, Loc] = field(default_factory=dict)
    unknown: list[tuple[Loc, str, list[str]]] = field(default_factory=list)


def laid(base: dict[str, Any], team: dict[str, Any]) -> Laid:
    """`team` (a team.yaml's data) laid over the profile `base` (see the module's docstring)."""
    result = Laid({})
    result.data = _lay(base, team, (), (), result)
    return result


def _lay(base: Any, over: Any, new: Loc, old: Loc, result: Laid) -> Any:
    result.origin[new] = old
    if isinstance(over, dict) and isinstance(base, dict):
        merged_ = copy.deepcopy(base)
        for key, value in over.items():
            if key in base:
                merged_[key] = _lay(base[key], value, (*new, key), (*old, key), result)
            else:
                merged_[key] = _copy(value, (*new, key), (*old, key), result)
        return merged_
    if isinstance(over, list) and isinstance(base, list) and base and all(_ident(i) for i in base):
        return _by_id(base, over, new, old, result)
    return _copy(over, new, old, result)


def _ident(item: Any) -> str | None:
    return str(item["id"]) if isinstance(item, dict) and "id" in item else None


def _removal(item: Any) -> list[Any] | None:
    if isinstance(item, dict) and set(item) == {"remove"}:
        named = item["remove"]
        return named if isinstance(named, list) else [named]
    return None


def _by_id(base: list[Any], over: list[Any], new: Loc, old: Loc, result: Laid) -> list[Any]:
    known = [str(_ident(item)) for item in base]
    removed, written, added = _sorted_out(known, over, old, result)
    # an item the team writes with the id of one it removed is its own, not laid over the profile's
    added = sorted([*added, *(i for ident, i in written.items() if ident in removed)])
    merged_: list[Any] = []
    for ident, item in zip(known, base, strict=True):
        if ident in removed:
            continue
        place = (*new, len(merged_))
        if ident in written:
            i = written[ident]
            result.origin[place] = (*old, i)
            own = over[i]
            merged_.append(
                {k: copy.deepcopy(v) for k, v in item.items() if k not in own}
                | {k: _copy(v, (*place, k), (*old, i, k), result) for k, v in own.items()}
            )
        else:
            merged_.append(copy.deepcopy(item))
    for i in added:
        merged_.append(_copy(over[i], (*new, len(merged_)), (*old, i), result))
    return merged_


def _sorted_out(
    known: list[str], over: list[Any], old: Loc, result: Laid
) -> tuple[set[str], dict[str, int], list[int]]:
    """The team's list read against the profile's ids: what it removes, which profile items it
    writes (id -> its index), and the indexes of the items it adds."""
    removed: set[str] = set()
    written: dict[str, int] = {}
    added: list[int] = []
    for i, item in enumerate(over):
        named = _removal(item)
        if named is None:
            if _ident(item) in known:
                written[str(_ident(item))] = i
            else:
                added.append(i)
            continue
        for k, ident in enumerate(named):
            if str(ident) == REMOVE_ALL:
                removed.update(known)
            elif str(ident) in known:
                removed.add(str(ident))
            else:
                where = (*old, i, "remove", k) if isinstance(item["remove"], list) else (*old, i, "remove")
                result.unknown.append((where, str(ident), known))
    return removed, written, added


def _copy(value: Any, new: Loc, old: Loc, result: Laid) -> Any:
    """`value`, written by the team, with where each of its nodes came from."""
    result.origin[new] = old
    if isinstance(value, dict):
        return {k: _copy(v, (*new, k), (*old, k), result) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v, (*new, i), (*old, i), result) for i, v in enumerate(value)]
    return value


def example(name: str) -> dict[str, Any]:
    """The profile's example team, in its trade's words: what `portal init` and the handbook show."""
    return copy.deepcopy(_read(name)["example"])
