"""The data files as parsed in the last build, kept in the work folder's cache for the next.

Each entry is a file's values and problems under the hash of what they were made from: its
bytes, its name and kind, and the parser's own code and packages. An entry is therefore never
stale, and the file may be deleted at any time (the next build parses every file again). It is
JSON, read as data, never as code: a cache restored in CI cannot run anything. A file whose
values JSON cannot give back as they are (a mapping with a number as a key) is not kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from builder.cache_seal import CacheSeal, closed, opened, seal_name
from builder.problems import Problem, Severity
from builder.stamp import code_stamp

FORMAT = "1"
PARSED = "parsed.json"  # in the work folder's cache
PARSER = Path(__file__).resolve().parent  # builder/load: the parser's code
PACKAGES = ("pyyaml", "ruamel.yaml")

Parsed = tuple[Any, list[Problem]]


class ParsedFiles:
    """`get` and `put` by `key` (see `key`); `save` keeps the entries this build used, and only them."""

    def __init__(self, file: Path, seal: CacheSeal | None = None) -> None:
        self.file = file
        self.seal = seal
        self.stamp = (FORMAT + code_stamp(sorted(PARSER.glob("*.py")), PACKAGES) + seal_name(seal)).encode()
        self.used: dict[str, list[Any]] = {}
        self.changed = False
        self.known: dict[str, list[Any]] = {}
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(opened(seal, file.name, file.read_bytes()) or b"")
            if isinstance(saved, dict) and isinstance(saved.get("files"), dict):
                self.known = saved["files"]

    def key(self, display: str, kind: str, digest: str) -> str:
        """The entry of the file named `display`, of `kind`, whose bytes have the SHA-256 `digest`."""
        return hashlib.sha256(b"\0".join((self.stamp, display.encode(), kind.encode(), digest.encode()))).hexdigest()

    def get(self, key: str) -> Parsed | None:
        entry = self.known.get(key)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
            return None
        try:
            problems = [Problem(p[0], p[1], p[2], Severity(p[3]), *p[4:]) for p in entry[1]]
        except (TypeError, ValueError, IndexError):
            return None
        self.used[key] = entry
        return entry[0], problems

    def put(self, key: str, data: Any, problems: list[Problem]) -> None:
        entry = [data, [[p.path, p.line, p.column, p.severity.value, p.code, p.message, p.hint] for p in problems]]
        try:
            same = json.loads(json.dumps(entry, ensure_ascii=False)) == entry
        except (TypeError, ValueError, RecursionError):
            same = False
        if same:
            self.used[key] = entry
            self.changed = True

    def save(self) -> None:
        """Write the entries of this build (after it succeeded); a failed write costs the next build time only."""
        if not self.changed and len(self.used) == len(self.known):
            return
        with contextlib.suppress(OSError):
            self.file.parent.mkdir(parents=True, exist_ok=True)
            spare = self.file.with_name(f"{self.file.name}.{os.getpid()}.new")
            text = json.dumps({"files": self.used}, ensure_ascii=False).encode("utf-8")
            spare.write_bytes(closed(self.seal, self.file.name, text))
            os.replace(spare, self.file)
