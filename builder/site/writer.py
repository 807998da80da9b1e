"""The one writer of generated files.

Everything generated goes through `Writer`, into a staging folder; a file written
twice is a bug and is refused. `replace_folder` swaps a finished folder into place
so that readers see either the old or the new one, never a half-written one.
`sync_folder` updates a live folder (for `portal serve`) touching only what changed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path


class Writer:
    """Writes into the folder `root`; with `held` (what an earlier writer of this process wrote
    there, by path), a file whose content is unchanged is not written again."""

    def __init__(self, root: Path, held: dict[str, str | bytes] | None = None) -> None:
        self.root = root
        self.held = held
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
        if self.held is not None:
            before = self.held.pop(relative, None)  # gone from `held` until written, should this fail
            if before is content or before == content:
                self.held[relative] = content
                return
        path = self.root / relative
        if path.parent not in self._folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        if self.held is not None:
            self.held[relative] = content

    def remove_others(self) -> None:
        """Remove what an earlier writer wrote in `root` and this one did not (with `held`)."""
        if self.held is None:
            return
        for relative in self.held.keys() - self.written:
            (self.root / relative).unlink(missing_ok=True)
            del self.held[relative]

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


SITE_MARK = ".portal-site"  # in every site the portal writes: a folder without it is not the portal's to replace
SITE_MARK_TEXT = "客户经理团队门户（portal build）生成的网站；portal build --site 只替换有这个文件的文件夹。\n"


def site_folder_problem(site: Path, keep: Sequence[Path]) -> str | None:
    """Why a new site may not replace the folder `site`, if it may not: it is, holds or lies in a
    folder to keep (`keep`: the data, the team's pages, the work folder), holds the working folder,
    or holds files that are not a site the portal wrote."""
    target = site.resolve()
    for folder in keep:
        kept = folder.resolve()
        if target == kept or kept.is_relative_to(target) or target.is_relative_to(kept):
            return (
                f"网站文件夹 {site.as_posix()} 与 {folder.as_posix()} 重叠，生成网站会删掉它；"
                "换一个单独的文件夹（默认 site）"
            )
    if Path.cwd().resolve().is_relative_to(target):
        return f"网站文件夹 {site.as_posix()} 包含当前文件夹，生成网站会删掉它；换一个单独的文件夹（默认 site）"
    if target.is_dir() and any(target.iterdir()) and not _a_site(target):
        return (
            f"{site.as_posix()} 里已有别的文件，不是门户生成的网站（没有 {SITE_MARK}），不会被覆盖；"
            "换一个新文件夹，或确认里面的东西都不要后先删掉它"
        )
    return None


def _a_site(folder: Path) -> bool:
    """A site the portal wrote: its mark, or, from before the mark, its own style sheet beside a home page."""
    return (folder / SITE_MARK).is_file() or (
        (folder / "index.html").is_file() and (folder / "assets" / "portal.css").is_file()
    )


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder `new` where `target` is, removing the old one afterwards."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if new.stat().st_dev != target.parent.stat().st_dev:  # another filesystem: copied beside it, then swapped
        beside = target.with_name(f".{target.name}.new-{os.getpid()}")
        shutil.copytree(new, beside)
        new = beside
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def _files(folder: Path) -> dict[str, os.stat_result]:
    """Every file under `folder` by its path there, with its stat."""
    found = {}
    cut = len(str(folder)) + 1
    for top, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(top, name)
            found[path[cut:]] = os.stat(path, follow_symlinks=False)
    return found


def sync_folder(new: Path, target: Path, elsewhere: Mapping[str, Path] | None = None) -> None:
    """Make `target` hold what `new` holds, and the files `elsewhere` names (path in `target` ->
    the file), for a server reading it meanwhile: each file `target` does not already have (as a
    link to the same file) is linked in under a temporary name and renamed over the old one, so
    a reader sees either; files neither names go."""
    target.mkdir(parents=True, exist_ok=True)
    have = _files(target)
    wanted = {relative: (new / relative, info) for relative, info in _files(new).items()}
    for relative, source in (elsewhere or {}).items():
        wanted[relative] = (source, os.stat(source))
    for relative, (source, info) in sorted(wanted.items()):
        old = have.get(relative)
        if old is not None and (old.st_ino, old.st_dev) == (info.st_ino, info.st_dev):
            continue
        dest = target / relative
        if old is None:
            dest.parent.mkdir(parents=True, exist_ok=True)
        _replace(source, dest)
    gone = have.keys() - wanted.keys()
    for relative in gone:
        (target / relative).unlink()
    if gone:
        for top, _, _ in os.walk(target, topdown=False):  # the deepest first
            if top != str(target) and not os.listdir(top):
                os.rmdir(top)
