"""Stage 1, load: find the data files and parse them, keeping every node's position.

`files` finds the regular `.yaml` files inside the data folder (never following a
link out of it); `parse` checks each file's limits before parsing it with libyaml
and builds plain values with their line and column (`tree`). Timestamps stay text
so that the schema, not the YAML parser, decides what a valid date is; tags that
would build objects are refused, never constructed; duplicate keys are reported.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from builder.kept import Kept
from builder.load.document import PLACES, Document, Kind, Loc, display_path, kind_of
from builder.load.files import Found, discover, read
from builder.load.parse import lazy_positions, parse, too_big
from builder.load.parsed import ParsedFiles
from builder.problems import Problem, Severity

Loaded = tuple[Document, list[Problem]]
Stat = tuple[int, int, int, int]  # inode, size, modification and change times (ns)
SETTLED_NS = 2_000_000_000  # a file last changed this long before it was read is known by its stat

__all__ = [
    "PLACES",
    "Document",
    "Found",
    "Kind",
    "Loc",
    "Stat",
    "discover",
    "display_path",
    "kind_of",
    "load",
    "load_one",
    "parse",
    "settled",
    "settled_clock",
]


def load_one(path: Path, kind: Kind, stat: Stat | None = None, parsed: ParsedFiles | None = None) -> Loaded:
    """One file parsed, or found as parsed in the last build (`parsed`); `stat` is what identified
    it before reading (see `settled`)."""
    display = display_path(path)
    try:
        raw = read(path)
    except OSError as exc:
        problem = Problem(
            display, 0, 0, Severity.ERROR, "unreadable", f"无法读取这个文件（{exc.strerror}）", "检查文件权限"
        )
        return Document(path, display, kind, None), [problem]
    if isinstance(raw, int):
        return Document(path, display, kind, None), [too_big(display, raw)]
    digest = hashlib.sha256(raw).hexdigest()
    key = parsed.key(display, kind.value, digest) if parsed is not None else ""
    found = parsed.get(key) if parsed is not None else None
    if found is not None and found[0] is not None:
        document = Document(path, display, kind, found[0], lazy_positions(display, raw.decode("utf-8-sig")))
        problems = found[1]
    else:
        document, problems = parse(path, kind, raw)
        if parsed is not None:
            parsed.put(key, document.data, problems)
    return replace(document, digest=digest, stat=stat), problems


def settled_clock() -> int:
    """The filesystem's time (its clock, not the wall clock) `SETTLED_NS` ago: a file not changed
    since then is known by its stat (see `settled`)."""
    with tempfile.NamedTemporaryFile() as stamp:
        return os.fstat(stamp.fileno()).st_mtime_ns - SETTLED_NS


def settled(info: os.stat_result | None, settled_ns: int) -> Stat | None:
    """What identifies a file's content without reading it (inode, size, modification and
    change times), from its stat `info`, if it has not changed since `settled_ns` (a file
    written twice within the clock's tick keeps its stat: read it again, like git)."""
    if info is None or max(info.st_mtime_ns, info.st_ctime_ns) > settled_ns:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def load(
    root: Path, only: Sequence[Path] = (), kept: Kept[Loaded] | None = None, parsed: ParsedFiles | None = None
) -> tuple[list[Document], list[Problem]]:
    """Parse every data file under `root` (or just `only`); with `kept`, a file unchanged since
    the last build in this process is not read again and its document is the same object; with
    `parsed`, a file parsed in the last build is not parsed again."""
    clock = settled_clock()  # before the files are found and stat'ed
    files, problems = discover(root)
    if only:
        wanted = {p.resolve() for p in only}
        files = [file for file in files if file.path.resolve() in wanted]
    documents: list[Document] = []
    for file in files:
        path, kind, stat = file.path, file.kind, settled(file.stat, clock)
        if kept is not None and stat is not None:
            document, found = kept.get((path, stat, kind), (), lambda: load_one(path, kind, stat, parsed))  # noqa: B023 (called at once)
        else:
            document, found = load_one(path, kind, stat, parsed)
        documents.append(document)
        problems += found
    return documents, problems
