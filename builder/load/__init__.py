"""Stage 1, load: find the data files and parse them, keeping every node's position.

`files` finds the regular `.yaml` files inside the data folder (never following a
link out of it); `parse` checks each file's limits before parsing it with libyaml
and builds plain values with their line and column (`tree`). Timestamps stay text
so that the schema, not the YAML parser, decides what a valid date is; tags that
would build objects are refused, never constructed; duplicate keys are reported.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from builder.kept import Kept
from builder.load.document import PLACES, Document, Kind, Loc, display_path, kind_of
from builder.load.files import discover, read
from builder.load.parse import parse, too_big
from builder.problems import Problem, Severity

Loaded = tuple[Document, list[Problem]]
SETTLED_NS = 2_000_000_000  # a file last changed this long before it was read is known by its stat

__all__ = ["PLACES", "Document", "Kind", "Loc", "discover", "display_path", "kind_of", "load", "load_one", "parse"]


def load_one(path: Path, kind: Kind) -> tuple[Document, list[Problem]]:
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
    return parse(path, kind, raw)


def _disk_clock() -> int:
    """The time the filesystem would stamp on a file written now (its clock, not the wall clock)."""
    with tempfile.NamedTemporaryFile() as stamp:
        return os.fstat(stamp.fileno()).st_mtime_ns


def _known_by_stat(path: Path, settled: int) -> tuple[object, ...] | None:
    """What identifies the file's content without reading it, if it has not changed lately
    (a file written twice within the clock's tick keeps its stat: read it again, like git)."""
    try:
        info = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    if max(info.st_mtime_ns, info.st_ctime_ns) > settled:
        return None
    return (path, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def load(
    root: Path, only: Sequence[Path] = (), kept: Kept[Loaded] | None = None
) -> tuple[list[Document], list[Problem]]:
    """Parse every data file under `root` (or just `only`); with `kept`, a file unchanged since
    the last build in this process is not read again and its document is the same object."""
    files, problems = discover(root)
    if only:
        wanted = {p.resolve() for p in only}
        files = [(p, k) for p, k in files if p.resolve() in wanted]
    settled = _disk_clock() - SETTLED_NS if kept is not None else 0
    documents: list[Document] = []
    for path, kind in files:
        key = _known_by_stat(path, settled) if kept is not None else None
        if kept is not None and key is not None:
            document, found = kept.get((key, kind), (), lambda: load_one(path, kind))  # noqa: B023 (called at once)
        else:
            document, found = load_one(path, kind)
        documents.append(document)
        problems += found
    return documents, problems
