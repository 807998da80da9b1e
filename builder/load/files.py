"""Finding the data files: only regular `.yaml` files that really lie inside the data folder.

Nothing outside the data folder is ever opened: symbolic links are reported, not
followed (a pull request could link a log to /etc/passwd); so are devices, pipes
and sockets (opening a pipe would hang). Names that differ only in case, or only in
`.yml` against `.yaml`, are errors, because they are one file on macOS and Windows.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from builder.load.document import PLACES, Kind, display_path, kind_of_parts
from builder.load.limits import MAX_FILE_BYTES
from builder.problems import Problem, Severity

_YAML_SUFFIXES = (".yaml", ".yml")
# never follow a link nor wait on a pipe where the system can say so; bytes as they are on Windows
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
UNKNOWN_FILE = "unknown-file"  # the only problem of finding files that is not an error


class Found(NamedTuple):
    """A data file as `discover` found it."""

    place: str  # its path, as text
    name: str  # its place inside the data folder, as `logs/chen/2026-11-20.yaml`
    kind: Kind
    stat: os.stat_result | None  # as it was found (None if it was gone), before it is read

    @property
    def path(self) -> Path:
        return Path(self.place)


def _whole_file(path: Path, code: str, message: str, hint: str, severity: Severity = Severity.ERROR) -> Problem:
    return Problem(display_path(path), 0, 0, severity, code, message, hint)


def _link_problem(path: Path, root: Path, folder: bool) -> Problem:
    what = "文件夹" if folder else "文件"
    try:
        os.stat(path)
    except FileNotFoundError:
        return _whole_file(
            path, "broken-link", f"这个{what}是指向不存在位置的符号链接", "删除这个链接，或换成真正的文件"
        )
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _whole_file(path, "link-loop", f"这个{what}是循环的符号链接", "删除这个链接，或换成真正的文件")
        return _whole_file(path, "unreadable", f"无法读取这个{what}（{exc.strerror}）", "检查文件权限")
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(root.resolve()):
        return _whole_file(
            path,
            "link-outside",
            f"这个{what}是指向数据文件夹以外的符号链接，未读取",
            "数据只能是 data/ 里的真实文件；删除这个链接",
        )
    return _whole_file(
        path, "symlink", f"这个{what}是符号链接，未读取", "数据文件不能是链接；把链接换成它指向的文件本身"
    )


def _yaml_name(name: str) -> bool:
    return name.lower().endswith(_YAML_SUFFIXES)


def _name_problem(path: Path) -> Problem:
    proper = path.with_suffix(".yaml")
    twin = f"；已有 {proper.name}，把两者合并成一个文件" if proper.exists() else ""
    return _whole_file(
        path,
        "bad-extension",
        f"扩展名应为小写的 .yaml，这个文件未读取{twin}",
        f"改名为 {proper.name}",
    )


def discover(root: Path) -> tuple[list[Found], list[Problem]]:
    """Every data file under `root`, and a problem for every file that cannot be one."""
    found: list[tuple[tuple[str, ...], Found]] = []
    problems: list[Problem] = []
    folders: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while folders:
        folder, relative = folders.pop()
        with os.scandir(folder) as entries:
            # lower-case names first, so that of two names differing in case the other is reported
            listed = sorted(entries, key=lambda e: (e.name != e.name.lower(), e.name))
        seen: dict[str, str] = {}  # of this folder's names, each case-folded to the first
        for entry in listed:
            if entry.is_dir(follow_symlinks=False) and not _clash(folder, entry.name, seen, problems, "文件夹"):
                folders.append((folder / entry.name, (*relative, entry.name)))
            elif not entry.is_dir(follow_symlinks=False):
                _file(root, folder, relative, entry, seen, found, problems)
    found.sort(key=lambda file: file[0])  # by the parts of the relative path, as paths sort
    return [file for _, file in found], problems


def _add(
    entry: os.DirEntry[str],
    relative: tuple[str, ...],
    found: list[tuple[tuple[str, ...], Found]],
    problems: list[Problem],
) -> None:
    kind = kind_of_parts(relative)
    if kind is not None:
        try:
            info: os.stat_result | None = entry.stat(follow_symlinks=False)  # by the folder's descriptor
        except OSError:
            info = None
        found.append((relative, Found(entry.path, "/".join(relative), kind, info)))
        return
    places = "、".join(PLACES.values())
    problems.append(
        _whole_file(
            Path(entry.path),
            UNKNOWN_FILE,
            "不认识这个文件的位置，已跳过",
            f"数据文件应放在：{places}",
            Severity.WARNING,
        )
    )


def _clash(folder: Path, name: str, seen: dict[str, str], problems: list[Problem], what: str) -> bool:
    """Whether `name` differs from one already seen in `folder` only in case (reported)."""
    first = seen.setdefault(name.casefold(), name)
    if first is name:
        return False
    problems.append(
        _whole_file(
            folder / name,
            "case-clash",
            f"与 {display_path(folder / first)} 只差大小写，在 Windows 和 macOS 上是同一个{what}",
            "编号和文件名一律用小写，合并或改名其中一个",
        )
    )
    return True


def read(path: Path) -> bytes | int:
    """The bytes of a regular file, opened without following links; its size alone if too large."""
    descriptor = os.open(path, _READ_FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise IsADirectoryError(errno.EINVAL, "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            return info.st_size
        chunks = []
        size = 0
        # ask for the size fstat gave (os.read allocates what is asked for), then read on if it grew
        while chunk := os.read(descriptor, min(max(info.st_size - size, 0) + 1, MAX_FILE_BYTES + 1 - size) or 1):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                return size
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _file(
    root: Path,
    folder: Path,
    relative: tuple[str, ...],
    entry: os.DirEntry[str],
    seen: dict[str, str],
    found: list[tuple[tuple[str, ...], Found]],
    problems: list[Problem],
) -> None:
    """One entry of a folder that is not a folder: a data file, a link, or something to report."""
    name = entry.name
    if entry.is_symlink():
        if _yaml_name(name) or os.path.isdir(entry.path):
            problems.append(_link_problem(folder / name, root, folder=os.path.isdir(entry.path)))
    elif not _yaml_name(name):
        return
    elif not entry.is_file(follow_symlinks=False):
        problems.append(
            _whole_file(folder / name, "not-regular-file", "这不是普通文件（设备、管道或套接字），未读取", "删除它")
        )
    elif os.path.splitext(name)[1] != ".yaml":
        problems.append(_name_problem(folder / name))
    elif not _clash(folder, name, seen, problems, "文件"):
        _add(entry, (*relative, name), found, problems)
