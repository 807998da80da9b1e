"""The one writer of generated files.

Everything generated goes through `Writer`, into a staging folder; a file written
twice is a bug and is refused. `replace_folder` swaps a finished folder into place
so that readers see either the old or the new one, never a half-written one.
`sync_folder` updates a live folder (for `portal serve`) touching only what changed.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path


class Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[str] = set()
        self._folders: set[Path] = set()

    def write(self, relative: str, content: str | bytes) -> None:
        self.claim(relative)
        self.put(relative, content)

    def claim(self, relative: str) -> None:
        """Reserve the file `relative`, to be written by `put` (here or in a forked process)."""
        if relative in self.written:
            raise ValueError(f"{relative} would be written twice")
        self.written.add(relative)

    def put(self, relative: str, content: str | bytes) -> None:
        path = self.root / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)

    def copy_tree(self, source: Path, prefix: str = "") -> None:
        """Copy every file under `source` (hand-written pages, assets)."""
        for path in sorted(source.rglob("*")):
            if path.is_file():
                self.write((Path(prefix) / path.relative_to(source)).as_posix(), path.read_bytes())


def _replace(source: Path, dest: Path) -> None:
    temporary = dest.with_name(f".{dest.name}.new-{os.getpid()}")
    try:
        os.link(source, temporary)
    except OSError:  # another filesystem
        shutil.copyfile(source, temporary)
    os.replace(temporary, dest)


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` where `target` is, removing the old one afterwards."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def sync_folder(new: Path, target: Path) -> int:
    """Make `target` hold what `new` holds, replacing only changed files, each at once (a link
    to the new file, renamed over the old); returns how many changed."""
    changed = 0
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for relative in sorted(wanted):
        source, dest = new / relative, target / relative
        if dest.exists() and (os.path.samefile(source, dest) or filecmp.cmp(source, dest, shallow=False)):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        _replace(source, dest)
        changed += 1
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(target) not in wanted:
            path.unlink()
            changed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    filecmp.clear_cache()  # its keys name this build's files: kept, they would only grow
    return changed
