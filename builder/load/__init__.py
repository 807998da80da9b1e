"""Stage 1, load: find the data files and parse them, keeping every node's position.

`files` finds the regular `.yaml` files inside the data folder (never following a
link out of it); `parse` checks each file's limits before parsing it with libyaml
and builds plain values with their line and column (`tree`). Timestamps stay text
so that the schema, not the YAML parser, decides what a valid date is; tags that
would build objects are refused, never constructed; duplicate keys are reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from builder.load.document import PLACES, Document, Kind, Loc, display_path, kind_of
from builder.load.files import discover, read
from builder.load.parse import parse, too_big
from builder.problems import Problem, Severity

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


def load(root: Path, only: Sequence[Path] = ()) -> tuple[list[Document], list[Problem]]:
    """Parse every data file under `root` (or just `only`)."""
    files, problems = discover(root)
    if only:
        wanted = {p.resolve() for p in only}
        files = [(p, k) for p, k in files if p.resolve() in wanted]
    documents: list[Document] = []
    for path, kind in files:
        document, found = load_one(path, kind)
        documents.append(document)
        problems += found
    return documents, problems
