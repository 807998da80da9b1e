"""A data file once parsed: its place, its kind, its content and where each value stood."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from builder.problems import Problem, Severity

Loc = tuple[str | int, ...]
Table = dict[Loc, tuple[int, int]]  # a node's location -> its 0-based (line, column)


class Positions:
    """Where a file's nodes and mapping keys stood, worked out when first asked for: most files
    are never reported on, and the positions of a year of files were half of a build's memory.
    `source` names what they are worked out from (the file's text), so that two equal names
    need not be worked out to compare."""

    __slots__ = ("_find", "_found", "source")

    def __init__(self, find: Callable[[], tuple[Table, Table]] | None = None, source: object = None) -> None:
        self._find = find
        self._found: tuple[Table, Table] | None = None if find is not None else ({}, {})
        self.source = source

    def tables(self) -> tuple[Table, Table]:
        if self._found is None:
            assert self._find is not None
            self._found, self._find = self._find(), None
        return self._found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Positions):
            return NotImplemented
        same_source = self.source is not None and self.source == other.source
        return self is other or same_source or self.tables() == other.tables()

    __hash__ = None  # type: ignore[assignment]


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
    return kind_of_parts(relative.parts)


def kind_of_parts(parts: tuple[str, ...]) -> Kind | None:
    """The kind of the data file at these parts of its path inside the data folder."""
    if parts in (("team.yaml",), ("people.yaml",)):
        return Kind.TEAM if parts[0] == "team.yaml" else Kind.PEOPLE
    if len(parts) == 2 and parts[0] == "customers":
        return Kind.CUSTOMERS
    if len(parts) == 3 and parts[0] == "logs":
        return Kind.LOG
    if len(parts) == 3 and parts[0] == "plans":
        return Kind.MONTH_PLAN if _MONTH_NAME.match(parts[2].rsplit(".", 1)[0]) else Kind.WEEK_PLAN
    return None


@dataclass(frozen=True)
class Document:
    """One data file: its place, its kind, its content (None if unreadable) and positions.

    `where` holds where every node stood (`positions`) and every key of a mapping
    (`key_positions`). `digest` is the SHA-256 of the bytes parsed ("" if unread) and `stat`
    what identified them (`load.settled`), so that the build knows what it was made from
    without reading the file twice.
    """

    path: Path
    display: str
    kind: Kind
    data: Any
    where: Positions = field(default_factory=Positions, repr=False)
    digest: str = field(default="", repr=False)
    stat: tuple[int, int, int, int] | None = field(default=None, repr=False)

    @property
    def positions(self) -> Table:
        return self.where.tables()[0]

    @property
    def key_positions(self) -> Table:
        return self.where.tables()[1]

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
        positions, key_positions = self.where.tables()
        while loc and loc not in positions:
            loc = loc[:-1]
        at_key = key or self._empty(loc)
        line, column = (key_positions.get(loc) if at_key else None) or positions.get(loc, (0, 0))
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
    try:
        relative = os.path.relpath(path)
    except ValueError:  # on Windows, another drive than the working folder's
        return path.as_posix()
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
