"""Before anything is derived or rendered: what may be published.

The visit rules are matched (derive/frequency.py) while sensitive fields such as
loan balances are still there; `mask` then returns the dataset with every field the
team marked sensitive hidden, and phone and ID numbers hidden inside free text too.
Everything after this stage sees only the masked dataset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Set
from dataclasses import dataclass, field, replace
from datetime import date, time
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick
from pydantic import BaseModel

from builder.kept import Kept, kept
from builder.labels import label
from builder.model import Dataset
from builder.problems import Problem
from builder.schema import Team

_SEP = r"[ \t\u00a0\u3000\-－.]?"  # how people split a number when they type it
# A mobile number, also written 139-3333-4444, 139 4444 5555, +86 139…, 0086-139…, (+86)139….
_MOBILE = re.compile(rf"(?<![\d+])(?:(?:\(?\+86\)?|0086|86){_SEP})?(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?!\d)")
# A landline with its area code: 0571-8888 6666, (010)12345678, 0571 888 6666.
_LANDLINE = re.compile(rf"(?<!\d)(\(0\d{{2,3}}\)|0\d{{2,3}}){_SEP}([2-9]\d{{2,3}}){_SEP}(\d{{4}})(?!\d)")
# An 18-digit ID number, also written 110101-19900307-4528 or in groups of four.
_ID_NUMBER = re.compile(rf"(?<![\dA-Za-z])(\d{{6}}){_SEP}(\d{{4}}){_SEP}(\d{{4}}){_SEP}(\d{{3}}[\dXx])(?![\dA-Za-z])")
_OLD_ID_NUMBER = re.compile(rf"(?<![\dA-Za-z])(\d{{6}}){_SEP}(\d{{6}}){_SEP}(\d{{3}})(?![\dA-Za-z])")  # 15 digits
_THREE_DIGITS = re.compile(r"\d{3}")
R = TypeVar("R")
_SHORTEST_KNOWN = 5  # sensitive values shorter than this are not searched for in free text
_SCALARS = (str, int, float, type(None), date, time)  # nothing inside to walk (bool is an int)


def mask_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


def mask_id_number(text: str) -> str:
    return "*" * max(len(text) - 4, 4) + text[-4:]


PHONE, ID_NUMBER = "phone", "id_number"


def _masked_field(name: str, value: str) -> str:
    if name == PHONE:
        return mask_phone(value)
    if name == ID_NUMBER:
        return mask_id_number(value)
    return label("masked")


_DECLARED: dict[type[BaseModel], tuple[str, ...]] = {}


def _field_names(model: BaseModel) -> tuple[str, ...]:
    """The model's fields and the team's own fields it holds (customer_fields, visit_fields)."""
    kind = type(model)
    if kind not in _DECLARED:
        _DECLARED[kind] = tuple(kind.model_fields)
    extra = model.model_extra
    return (*_DECLARED[kind], *extra) if extra else _DECLARED[kind]


def sensitive_values(value: Any, sensitive: Set[str], found: dict[str, str] | None = None) -> dict[str, str]:
    """Every sensitive text written in a field anywhere in `value` -> how it is shown masked.

    Free text and problem messages may repeat such a value in the very spelling of its
    field, however odd (a malformed phone a warning quotes); it is hidden there too.
    """
    found = {} if found is None else found
    if isinstance(value, BaseModel):
        for name in _field_names(value):
            field = getattr(value, name)
            if name in sensitive and isinstance(field, str) and len(field.strip()) >= _SHORTEST_KNOWN:
                found[field.strip()] = _masked_field(name, field)
            elif not isinstance(field, _SCALARS):
                sensitive_values(field, sensitive, found)
        return found
    items = value if isinstance(value, (tuple, list)) else value.values() if isinstance(value, dict) else ()
    for item in items:
        if not isinstance(item, _SCALARS):
            sensitive_values(item, sensitive, found)
    return found


class Masker:
    """Hides the sensitive fields of every model it is given, at any depth, and numbers in free text."""

    def __init__(self, sensitive: list[str], known: dict[str, str] | None = None) -> None:
        self.sensitive = set(sensitive)
        self.known = known or {}
        # A regular expression alternating thousands of values compiles and searches in
        # time that grows faster than their number; an Aho-Corasick automaton does not.
        self._known: Any = None
        if self.known:
            self._known = ahocorasick.Automaton()
            for value in self.known:
                self._known.add_word(value, value)
            self._known.make_automaton()

    def _hide_known(self, value: str) -> str:
        """`value` with each known value in it masked, leftmost first and the longest where they start together."""
        found = list(self._known.iter(value))
        if not found:
            return value
        parts: list[str] = []
        done = 0
        for start, _, known in sorted((end + 1 - len(known), -len(known), known) for end, known in found):
            if start >= done:
                parts += (value[done:start], self.known[known])
                done = start + len(known)
        parts.append(value[done:])
        return "".join(parts)

    def text(self, value: str) -> str:
        if self._known is not None:
            value = self._hide_known(value)
        if not _THREE_DIGITS.search(value):  # every number below has a run of three digits
            return value
        if ID_NUMBER in self.sensitive:
            value = _ID_NUMBER.sub(lambda m: "*" * 14 + m[4], value)
            value = _OLD_ID_NUMBER.sub(lambda m: "*" * 12 + m[3], value)
        if PHONE in self.sensitive:
            value = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", value)
            value = _LANDLINE.sub(lambda m: f"{m[1]}-****{m[3]}", value)
        return value

    def field(self, name: str, value: Any) -> Any:
        if name in self.sensitive and value not in (None, ""):
            if isinstance(value, str):
                return _masked_field(name, value)
            return None
        return self.value(value)

    def value(self, value: Any) -> Any:
        """`value` with what is sensitive hidden; `value` itself when nothing in it is."""
        if isinstance(value, str):
            return value if isinstance(value, Enum) else self.text(value)
        if isinstance(value, _SCALARS):
            return value
        if isinstance(value, BaseModel):
            changes = {}
            for name in _field_names(value):
                old = getattr(value, name)
                if (new := self.field(name, old)) is not old:
                    changes[name] = new
            return value.model_copy(update=changes) if changes else value
        if isinstance(value, (tuple, list)):
            items = [self.value(v) for v in value]
            return type(value)(items) if any(n is not o for n, o in zip(items, value, strict=True)) else value
        if isinstance(value, dict):
            masked = {k: self.value(v) for k, v in value.items()}
            return masked if any(masked[k] is not v for k, v in value.items()) else value
        return value


@dataclass
class KeptMasks:
    """What masking kept from the last build in this process (portal serve; see kept.py)."""

    values: Kept[dict[str, str]] = field(default_factory=Kept)  # a file's model -> its sensitive texts
    maskers: Kept[Masker] = field(default_factory=lambda: Kept(by_value=True))
    records: Kept[Any] = field(default_factory=Kept)  # a record and the masker -> the record masked


def masker(ds: Dataset, keep: frozenset[str] = frozenset(), warm: KeptMasks | None = None) -> Masker | None:
    """The masker for this team's data (all its sensitive fields but `keep`), or None when it masks nothing."""
    team: Team | None = ds.team
    if team is None:
        return None
    sensitive = frozenset(set(team.sensitive) - keep)
    if not sensitive:
        return None
    models = (
        *ds.people,
        *(r.file for r in ds.customer_files),
        *(r.log for r in ds.logs),
        *(r.plan for r in ds.week_plans),
        *(r.plan for r in ds.month_plans),
    )
    known: dict[str, str] = {}
    values = warm.values if warm else None
    for model in models:
        found: dict[str, str] = kept(
            values,
            (id(model), sensitive),
            (model,),
            lambda: sensitive_values(model, sensitive),  # noqa: B023
        )
        known.update(found)
    return kept(warm.maskers if warm else None, sensitive, (known,), lambda: Masker(sorted(sensitive), known))


def mask(ds: Dataset, keep: frozenset[str] = frozenset(), warm: KeptMasks | None = None) -> Dataset:
    """`ds` with every sensitive field hidden, but those in `keep` (what a protected site's pages show);
    with `warm`, a record masked the same way as in the last build in this process is the same object."""
    hide = masker(ds, keep, warm)
    if hide is None:
        return ds
    records = warm.records if warm else None

    def masked(record: R, change: Callable[[R], R]) -> R:
        made: R = kept(records, (id(record), keep), (record, hide), lambda: change(record))
        return made

    return replace(
        ds,
        people=tuple(masked(p, hide.value) for p in ds.people),
        customer_files=tuple(masked(r, lambda r: replace(r, file=hide.value(r.file))) for r in ds.customer_files),
        logs=tuple(masked(r, lambda r: replace(r, log=hide.value(r.log))) for r in ds.logs),
        week_plans=tuple(masked(r, lambda r: replace(r, plan=hide.value(r.plan))) for r in ds.week_plans),
        month_plans=tuple(masked(r, lambda r: replace(r, plan=hide.value(r.plan))) for r in ds.month_plans),
    )


def repository(root: Path) -> Path:
    """The repository holding the data folder: the nearest folder with .git, else the data folder's parent."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root.parent


def published_problems(problems: list[Problem], ds: Dataset, warm: KeptMasks | None = None) -> list[Problem]:
    """Problems as the site may show them: masked like the data, with paths relative to the repository."""
    hide = masker(ds, warm=warm) if problems else None
    base = repository(Path(ds.root).resolve())

    def where(path: str) -> str:
        resolved = Path(path).resolve()
        return resolved.relative_to(base).as_posix() if resolved.is_relative_to(base) else resolved.name

    return [
        replace(
            p,
            path=where(p.path),
            message=hide.text(p.message) if hide else p.message,
            hint=hide.text(p.hint) if hide else p.hint,
        )
        for p in problems
    ]
