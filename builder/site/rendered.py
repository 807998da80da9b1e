"""Pages rendered in the last build, taken again when what they were made from is the same.

A page marked `reusable` (one of many: a customer, a month of a person's logs, a week or a
month of the team) is known by its fingerprint: the hash of its template's context, of what
every page is given, and of the portal's code, templates and packages. The last build's docs
folder (the work folder's `docs`) holds each page's Markdown and, in INDEX, the fingerprint it
was made from; a page whose fingerprint is found there is copied, not rendered. The index is
written into the new docs folder and swapped in with it, so the two always agree; either may
be deleted at any time. A page that depends on the as-of day has it in its context, so it is
rendered again when the day changes; a page about the past does not.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from builder.site.fingerprint import fingerprint
from builder.site.render import TEMPLATES, Page

INDEX = ".portal-rendered.json"  # a dot file: MkDocs leaves it out of the site
CODE = Path(__file__).resolve().parents[1]  # the builder package
PACKAGES = ("jinja2", "markupsafe", "pydantic")


def code_stamp() -> str:
    """The portal's code and page templates, and the packages rendering depends on."""
    digest = hashlib.sha256()
    for package in PACKAGES:
        digest.update(f"{package}={version(package)}\0".encode())
    for folder in (CODE, TEMPLATES):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".j2", ".yaml", ".yml") and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class Rendered:
    """What the last build rendered (`last`, its docs folder), and the fingerprints of this build's pages."""

    def __init__(self, last: Path, shared: Mapping[str, Any]) -> None:
        self.last = last
        self.before: dict[str, str] = {}
        self.now: dict[str, str] = {}
        self.reused: set[str] = set()
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads((last / INDEX).read_bytes())
            if isinstance(saved, dict):
                self.before = {k: v for k, v in saved.items() if isinstance(k, str) and isinstance(v, str)}
        try:
            self.shared: str | None = fingerprint(code_stamp(), dict(shared))
        except (pickle.PicklingError, TypeError, AttributeError):
            self.shared = None  # something every page is given cannot be written down: render every page

    def take(self, page: Page) -> bytes | None:
        """The page's Markdown as the last build rendered it, if made from the same; else None
        (and the fingerprint is noted, for the index of this build)."""
        if not page.reusable or self.shared is None:
            return None
        try:
            key = fingerprint(self.shared, page)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None
        self.now[page.path] = key
        if self.before.get(page.path) != key:
            return None
        try:
            text = (self.last / page.path).read_bytes()
        except OSError:
            return None
        self.reused.add(page.path)
        return text

    def handed(self) -> bytes:
        """What this process found, for the process that writes the index (see `merge`)."""
        return json.dumps({"now": self.now, "reused": sorted(self.reused)}).encode()

    def merge(self, handed: bytes) -> None:
        found = json.loads(handed)
        self.now.update(found["now"])
        self.reused.update(found["reused"])

    def index(self) -> str:
        return json.dumps(self.now, sort_keys=True)
