"""Whether a build would only repeat the last one: same inputs, same as-of day, same site folder.

The inputs are the data files as `load` finds them (with the problems of finding them),
every file of the content folder, the MkDocs settings, the portal's own code and
templates, the packages that shape the site, and the git commit the feeds' history ends
at. Their hash is kept with the last successful build, in the work folder; a build with
the same hash and day leaves the site as it is. The data files are hashed before a build
only when the last one could cover it; otherwise the build's own reading of them is what
it was made from, so a cold build reads each file once. Builds with a site password or a
feed key are never skipped: no trace of a secret is written down.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import zoneinfo
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path

from builder.load import Document, Kind, Stat, discover, settled, settled_clock
from builder.load.files import UNKNOWN_FILE
from builder.memory import long_lived
from builder.model import Checked
from builder.problems import Problem
from builder.publish import repository
from builder.site import page_cache
from builder.site.render import TEMPLATES

PACKAGE = Path(__file__).resolve().parent
PACKAGES = (*page_cache.PACKAGES, "icalendar", "jinja2")  # the pages' packages, and the feeds' and templates'
MEMO_VERSION = 3
LAST_BUILD = "last-build.json"  # the stamp, in the work folder's cache
DIGEST_LENGTH = 64  # of a SHA-256 in hexadecimal


def _files(folder: Path, label: str) -> list[tuple[str, str]]:
    """Every file under `folder` (links to files followed, as the build would read them): its
    name as hashed, `label/relative/path`, and its path; sorted by name."""
    found: list[tuple[str, str]] = []
    folders = [(str(folder), f"{label}/")] if folder.is_dir() else []
    while folders:
        here, prefix = folders.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.append((prefix + entry.name, entry.path))
    return sorted(found)


def _key(stat: Stat) -> str:
    return " ".join(map(str, stat))


def _head(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repository(root)), "rev-parse", "HEAD"], capture_output=True, timeout=30, check=False
        )
    except OSError:
        return ""
    return done.stdout.decode(errors="replace").strip()


class Digests:
    """The content digest of each input file, remembered from the last build by its stat (inode,
    size, modification and change times), as `portal serve` knows its data files (`load.settled`)
    and git its index: a year of logs is not read again to find that nothing changed. A file whose
    stat differs, or that changed in the last two seconds, is read again. The memo is a cache:
    deleting it costs one reading of every file."""

    def __init__(self, memo: Path | None) -> None:
        self.memo = memo
        self.settled = settled_clock()
        self.known: dict[str, object] = {}
        self.made: dict[str, str] = {}  # name: "digest inode size mtime ctime"
        if memo is None:
            return
        with contextlib.suppress(OSError, ValueError):
            saved = json.loads(memo.read_bytes())
            if (
                isinstance(saved, dict)
                and saved.get("version") == MEMO_VERSION
                and isinstance(saved.get("files"), dict)
            ):
                self.known = saved["files"]

    def of(self, name: str, path: str, info: os.stat_result | None = None) -> str:
        """The digest of the file at `path`, from its stat `info` if taken (else stat'ed, links followed,
        as the build reads it)."""
        if info is None:
            with contextlib.suppress(OSError):
                info = os.stat(path)
        now = settled(info, self.settled)
        key = _key(now) if now is not None else ""
        known = self.known.get(name)
        if key and isinstance(known, str) and known[DIGEST_LENGTH + 1 :] == key:
            digest = known[:DIGEST_LENGTH]
        else:
            try:
                with open(path, "rb") as file:
                    digest = hashlib.file_digest(file, "sha256").hexdigest()
            except OSError as exc:  # the check reports it; the hash only has to differ
                return f"unreadable {exc.errno}"
        if key:
            self.made[name] = f"{digest} {key}"
        return digest

    def learn(self, name: str, document: Document) -> None:
        """What the build's own reading of a data file found, for the next build."""
        if document.stat is not None:
            self.made[name] = f"{document.digest} {_key(document.stat)}"

    def save(self) -> None:
        if self.memo is None:
            return
        with contextlib.suppress(OSError):
            self.memo.parent.mkdir(parents=True, exist_ok=True)
            spare = self.memo.with_name(self.memo.name + ".new")
            spare.write_text(json.dumps({"version": MEMO_VERSION, "files": self.made}), encoding="utf-8")
            os.replace(spare, self.memo)


def others(root: Path, content: Path, config_file: Path, site: Path, templates: Path, digests: Digests) -> str:
    """The hash of everything the site is made from but the data files."""
    digest = hashlib.sha256()
    for label, folder in (("content", content), ("code", PACKAGE), ("templates", templates)):
        for name, path in _files(folder, label):
            digest.update(f"\0{name}\0{digests.of(name, path)}".encode())
    digest.update(config_file.read_bytes() if config_file.is_file() else b"\0no settings")
    for package in PACKAGES:
        digest.update(f"\0{package}={version(package)}".encode())
    digest.update(f"\0{site.resolve()}\0{_head(root)}".encode())
    return digest.hexdigest()


def _data(files: Iterable[tuple[str, Kind, str]], problems: Sequence[Problem]) -> str:
    digest = hashlib.sha256()
    for relative, kind, content in files:
        digest.update(f"\0{relative}\0{kind}\0{content}".encode())
    for problem in sorted(problems):
        digest.update(f"\0{problem.path}\0{problem.code}\0{problem.message}".encode())
    return digest.hexdigest()


def _relative(root: Path) -> Callable[[Path], str]:
    """A file found under `root` (as `root / ...`) named relative to it with "/", as `discover`
    names it: `relative_to(root).as_posix()` without its cost."""
    cut = 0 if root.as_posix() == "." else len(root.as_posix()) + 1
    return lambda path: path.as_posix()[cut:]


def data_found(root: Path, digests: Digests) -> str:
    """The hash of the data files as a build would find them now."""
    files, problems = discover(root)
    named = [(file.name, file.kind, digests.of(f"data/{file.name}", file.place, file.stat)) for file in files]
    return _data(named, problems)


def data_read(root: Path, documents: Sequence[Document], problems: Sequence[Problem], digests: Digests) -> str | None:
    """The hash of the data files as a build without errors read them (`documents`; of its
    `problems`, finding files gives only warnings of files at unknown places), learnt by
    `digests`. A file changed since is read again by the next build, and differs. None if a
    file could not be read."""
    if not all(d.digest for d in documents):
        return None
    relative = _relative(root)
    named = [(relative(d.path), d.kind, d.digest) for d in documents]
    for (name, _, _), document in zip(named, documents, strict=True):
        digests.learn(f"data/{name}", document)
    return _data(named, [p for p in problems if p.code == UNKNOWN_FILE])


def inputs(others: str, data: str) -> str:
    """What a stamp records: the hash of the other inputs and of the data files."""
    return hashlib.sha256(f"{others}\0{data}".encode()).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What the last successful build was made from."""

    inputs: str
    as_of: date
    timezone: str

    def may_cover(self, as_of: date | None, now: datetime, site: Path) -> bool:
        """Whether this build could repeat the last one, before hashing the data files (`now`: the
        build's one reading of the clock, for its day in the last build's timezone)."""
        day = as_of or now.astimezone(zoneinfo.ZoneInfo(self.timezone)).date()
        return site.is_dir() and day == self.as_of

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"inputs": self.inputs, "as_of": self.as_of.isoformat(), "timezone": self.timezone})
        path.write_text(text, encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Stamp | None:
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            stamp = cls(saved["inputs"], date.fromisoformat(saved["as_of"]), saved["timezone"])
            zoneinfo.ZoneInfo(stamp.timezone)
        except (OSError, ValueError, KeyError, TypeError, zoneinfo.ZoneInfoNotFoundError):
            return None
        return stamp


@dataclass(frozen=True)
class Unchanged:
    """Nothing the site is made from changed since the last build: the site was left as it is."""

    as_of: date


@dataclass
class Memo:
    """What the unchanged check remembers in the work folder's `cache`: the last build's stamp
    and every file's digest by its stat (safe to delete: the next build hashes anew)."""

    cache: Path
    site: Path
    digests: Digests = field(init=False)

    def __post_init__(self) -> None:
        self.digests = Digests(self.cache / "digests.json")

    def unchanged(
        self, root: Path, content: Path, config_file: Path, as_of: date | None, now: datetime
    ) -> tuple[str, Unchanged | None]:
        """The hash of the inputs besides the data, and Unchanged when the site would be the last one
        again (the data files are hashed only when the last build's stamp could cover this one)."""
        with long_lived():
            rest = others(root, content, config_file, self.site, TEMPLATES, self.digests)
            stamp = Stamp.read(self.cache / LAST_BUILD)
            if stamp is None or not stamp.may_cover(as_of, now, self.site):
                return rest, None
            same = inputs(rest, data_found(root, self.digests)) == stamp.inputs
        return rest, Unchanged(stamp.as_of) if same else None

    def remember(self, root: Path, checked: Checked, rest: str) -> None:
        """After a build swapped its site in: its stamp, from the bytes it parsed, and the digests learnt."""
        assert checked.dataset.team is not None
        with long_lived():
            data = data_read(root, checked.dataset.documents, checked.problems, self.digests)
        if data is not None:
            Stamp(inputs(rest, data), checked.as_of, checked.dataset.team.timezone).save(self.cache / LAST_BUILD)
        self.digests.save()
