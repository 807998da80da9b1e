"""What `portal serve` keeps from one build for the next, stage by stage (see kept.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from builder.derive import KeptDerived
from builder.kept import Kept
from builder.load import Loaded
from builder.publish import KeptMasks
from builder.site.compiled import Compiled
from builder.validate import Typed


@dataclass
class Warm:
    files: Kept[Loaded] = field(default_factory=Kept)  # path and stat -> the parsed file
    typed: Kept[Typed] = field(default_factory=Kept)  # document and team -> the file's record
    checks: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))  # a log -> its problems
    masks: KeptMasks = field(default_factory=KeptMasks)
    derived: KeptDerived = field(default_factory=KeptDerived)
    shown_derived: KeptDerived = field(default_factory=KeptDerived)  # the same, unmasked
    events: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))  # calendar events by UID
    exports: Kept[Any] = field(default_factory=lambda: Kept(by_value=True))  # a record's JSON, a log's CSV rows
    docs: dict[str, str | bytes] = field(default_factory=dict)  # what the kept docs folder holds, by path
    page_entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # page cache key -> title, search entries
    page_keys: dict[str, tuple[str, object, str]] = field(default_factory=dict)  # page -> its page cache key
    howto: Kept[dict[str, str]] = field(default_factory=lambda: Kept(by_value=True))  # the how-to pages
    shared: Kept[dict[str, Any]] = field(default_factory=lambda: Kept(by_value=True))  # what every page sees
    pages: Kept[str] = field(default_factory=lambda: Kept(by_value=True))  # page, shared -> its Markdown
    compiled: Compiled = field(default_factory=Compiled)  # our templates and the theme's, compiled once

    def _stores(self) -> list[tuple[str, Kept[Any]]]:
        found = []
        for f in fields(self):
            store = getattr(self, f.name)
            if isinstance(store, Kept):
                found.append((f.name, store))
            elif is_dataclass(store):
                found += [(f"{f.name}.{g.name}", getattr(store, g.name)) for g in fields(store)]
        return found

    def next_build(self) -> None:
        for _, store in self._stores():
            store.next_build()

    def counts(self) -> str:
        """How much each stage reused of what it was asked for, for `--verbose`."""
        return "  ".join(f"{name} {store.reused}/{store.reused + store.made}" for name, store in self._stores())
