"""Before anything is derived or rendered: what may be published.

The visit rules are matched (derive/frequency.py) while sensitive fields such as
loan balances are still there; `mask` then returns the dataset with every field the
team marked sensitive hidden, and phone and ID numbers hidden inside free text too.
Everything after this stage sees only the masked dataset.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import dataclass, field, replace
from datetime import date, time
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import ahocorasick
from pydantic import BaseModel

from builder.kept import Kept, kept
from builder.labels import label
from builder.model import Dataset
from builder.problems import Problem
from builder.recognise import (
    ANY_SIGN,
    BANK_CARD,
    EMAIL,
    ID_NUMBER,
    KINDS,
    PHONE,
    WIDE,
    Found,
    Recogniser,
    figure,
    half_width,
    masked_email,
    masked_id_number,
    masked_phone_field,
)
from builder.schema import Team

R = TypeVar("R")
_SHORTEST_KNOWN = 5  # sensitive texts shorter than this are not searched for in free text
_SCALARS = (str, int, float, type(None), date, time)  # nothing inside to walk (bool is an int)
_MEMO_LONGEST = 80  # texts longer than this rarely repeat: not remembered
_BIRTHDAY = "birthday"  # pages show its month and day only: a year written with it is hidden anywhere


def _masked_field(name: str, value: str) -> str:
    if name == PHONE:
        return masked_phone_field(value)
    if name in (ID_NUMBER, BANK_CARD):
        return masked_id_number(value)
    if name == EMAIL:
        return masked_email(value.strip())
    return label("masked")


_DECLARED: dict[type[BaseModel], tuple[str, ...]] = {}


def _field_names(model: BaseModel) -> tuple[str, ...]:
    """The model's fields and the team's own fields it holds (customer_fields, visit_fields)."""
    kind = type(model)
    if kind not in _DECLARED:
        _DECLARED[kind] = tuple(kind.model_fields)
    extra = model.model_extra
    return (*_DECLARED[kind], *extra) if extra else _DECLARED[kind]


@dataclass
class Known:
    """What the data says is sensitive, to be hidden wherever it is written again: texts of
    sensitive fields (-> how each is shown masked), their figures, and birth dates."""

    texts: dict[str, str] = field(default_factory=dict)
    figures: set[Decimal] = field(default_factory=set)
    births: set[date] = field(default_factory=set)

    def add(self, other: Known) -> None:
        self.texts.update(other.texts)
        self.figures |= other.figures
        self.births |= other.births


def sensitive_values(value: Any, sensitive: Set[str], found: Known | None = None) -> Known:
    """Every sensitive value written in a field anywhere in `value`.

    Free text and problem messages may repeat such a value in the very spelling of its
    field, however odd (a malformed phone a warning quotes); it is hidden there too.
    """
    found = Known() if found is None else found
    if isinstance(value, BaseModel):
        for name in _field_names(value):
            item = getattr(value, name)
            if name == _BIRTHDAY and isinstance(item, date):
                found.births.add(item)
            elif name in sensitive and isinstance(item, str) and len(item.strip()) >= _SHORTEST_KNOWN:
                found.texts[half_width(item.strip())] = _masked_field(name, item)
            elif name in sensitive and (number := figure(item)) is not None:
                found.figures.add(number)
            elif not isinstance(item, _SCALARS):
                sensitive_values(item, sensitive, found)
        return found
    items = value if isinstance(value, (tuple, list)) else value.values() if isinstance(value, dict) else ()
    for item in items:
        if not isinstance(item, _SCALARS):
            sensitive_values(item, sensitive, found)
    return found


class Masker:
    """Hides the sensitive fields of every model it is given, at any depth, and in free text what
    is sensitive by what it is (recognise.py) and every known sensitive value, however spelled."""

    def __init__(self, sensitive: list[str], known: Known | None = None) -> None:
        self.sensitive = set(sensitive)
        known = known or Known()
        self.known = known.texts
        self.recogniser = Recogniser(
            frozenset(self.sensitive & set(KINDS)), frozenset(known.births), frozenset(known.figures), label("masked")
        )
        # A regular expression alternating thousands of values compiles and searches in
        # time that grows faster than their number; an Aho-Corasick automaton does not.
        self._texts: dict[str, str] = {}
        self._known: Any = None
        if self.known:
            self._known = ahocorasick.Automaton()
            for value in self.known:
                self._known.add_word(value, value)
            self._known.make_automaton()

    def _known_in(self, text: str) -> list[Found]:
        return [Found(end + 1 - len(value), end + 1, self.known[value]) for end, value in self._known.iter(text)]

    def text(self, value: str) -> str:
        if len(value) > _MEMO_LONGEST:
            return self._text(value)
        shown = self._texts.get(value)  # the same name, outcome or place is written in thousands of records
        if shown is None:
            shown = self._texts[value] = self._text(value)
        return value if shown == value else shown  # the very object when unchanged: its record is not copied

    def _text(self, value: str) -> str:
        signs = ANY_SIGN.search(value) is not None
        if not signs and self._known is None:
            return value
        half = half_width(value) if WIDE.search(value) else value
        found = self._known_in(half) if self._known is not None else []
        if signs:
            found += self.recogniser.find(half)
        if not found:
            return value
        parts: list[str] = []
        done = 0
        # leftmost first, the longest where they start together
        for one in sorted(found, key=lambda f: (f.start, -f.end)):
            if one.start >= done:
                parts += (value[done : one.start], one.shown)
                done = one.end
        parts.append(value[done:])
        return "".join(parts)

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

    values: Kept[Known] = field(default_factory=Kept)  # a file's model -> its sensitive values
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
    known = Known()
    values = warm.values if warm else None
    for model in models:
        found: Known = kept(
            values,
            (id(model), sensitive),
            (model,),
            lambda: sensitive_values(model, sensitive),  # noqa: B023
        )
        known.add(found)
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
