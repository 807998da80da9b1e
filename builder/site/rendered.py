"""Pages rendered in an earlier build, taken again when what they were made from is the same.

A page marked `reusable` (one of many: a customer, a month of a person's logs, a week or a
month of the team) is known by its fingerprint: the hash of its template's context, of what
every page is given, and of the portal's code, templates and packages. Its Markdown is kept in
the work folder's cache (`build/cache/rendered/`, which CI restores) under that fingerprint, so
an entry never names other content; a page whose entry is found is copied, not rendered.
Entries the last build did not use are removed after it; the folder may be deleted at any time.
A page that depends on the as-of day has it in its context, so it is rendered again when the
day changes; a page about the past does not.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from builder.cache_seal import CacheSeal, closed, opened, seal_name
from builder.site.fingerprint import fingerprint
from builder.site.render import TEMPLATES, Page
from builder.stamp import code_stamp

CODE = Path(__file__).resolve().parents[1]  # the builder package
PACKAGES = ("jinja2", "markupsafe", "pydantic")
SOURCES = (".py", ".j2", ".yaml", ".yml")  # the code, the templates and the profiles


class Rendered:
    """The pages kept in `folder`, and the fingerprints of this build's pages."""

    def __init__(self, folder: Path, seal: CacheSeal | None, shared: Mapping[str, Any]) -> None:
        self.folder = folder
        self.seal = seal
        self.now: dict[str, str] = {}  # page -> fingerprint, of the pages that have one
        self.reused: set[str] = set()
        try:
            code = [p for folder in (CODE, TEMPLATES) for p in sorted(folder.rglob("*")) if p.suffix in SOURCES]
            self.shared: str | None = fingerprint(code_stamp(code, PACKAGES) + seal_name(seal), dict(shared))
        except (pickle.PicklingError, TypeError, AttributeError):
            self.shared = None  # something every page is given cannot be written down: render every page

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.md"

    def take(self, page: Page) -> bytes | None:
        """The page's Markdown as an earlier build rendered it from the same, or None."""
        if not page.reusable or self.shared is None:
            return None
        try:
            key = self.now[page.path] = fingerprint(self.shared, page)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        try:
            text = opened(self.seal, key, self._entry(key).read_bytes())
        except OSError:
            return None
        if text is None:
            return None
        self.reused.add(page.path)
        return text

    def keep(self, page: Page, text: str) -> None:
        """A page just rendered, kept under its fingerprint (if it has one); a failed write costs time only."""
        key = self.now.get(page.path)
        if key is None:
            return
        entry = self._entry(key)
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            spare = entry.with_name(f"{entry.name}.{os.getpid()}.new")
            spare.write_bytes(closed(self.seal, key, text.encode("utf-8")))
            os.replace(spare, entry)

    def handed(self) -> bytes:
        """What this process found, for the process that prunes the cache (see `merge`)."""
        return json.dumps({"now": self.now, "reused": sorted(self.reused)}).encode()

    def merge(self, handed: bytes) -> None:
        found = json.loads(handed)
        self.now.update(found["now"])
        self.reused.update(found["reused"])

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        wanted = {f"{key}.md" for key in self.now.values()}
        for shard in self.folder.glob("??"):
            for entry in shard.iterdir():
                if entry.name not in wanted and not entry.name.endswith(".new"):
                    entry.unlink(missing_ok=True)
