"""Whether a build would only repeat the last one: same inputs, same as-of day, same site folder.

The inputs are every file of the data and content folders, the MkDocs settings, the
portal's own code and templates, the packages that shape the site, and the git commit
the feeds' history ends at. Their hash is kept with the last successful build, in the
work folder; a build with the same hash and day leaves the site as it is. Builds with a
site password or a feed key are never skipped: no trace of a secret is written down.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path

from builder.publish import repository
from builder.site import page_cache

PACKAGE = Path(__file__).resolve().parent
PACKAGES = (*page_cache.PACKAGES, "icalendar", "jinja2")  # the pages' packages, and the feeds' and templates'


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _head(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repository(root)), "rev-parse", "HEAD"], capture_output=True, timeout=30, check=False
        )
    except OSError:
        return ""
    return done.stdout.decode(errors="replace").strip()


def inputs(root: Path, content: Path, config_file: Path, site: Path, templates: Path) -> str:
    digest = hashlib.sha256()
    code = [*_files(PACKAGE), *_files(templates)]
    for label, folder, files in (("data", root, _files(root)), ("content", content, _files(content))):
        for path in files:
            digest.update(f"\0{label}/{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    for path in code:
        if "__pycache__" not in path.parts:
            digest.update(f"\0{path.as_posix()}\0".encode())
            digest.update(path.read_bytes())
    digest.update(config_file.read_bytes() if config_file.is_file() else b"\0no settings")
    for package in PACKAGES:
        digest.update(f"\0{package}={version(package)}".encode())
    digest.update(f"\0{site.resolve()}\0{_head(root)}".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Stamp:
    """What the last successful build was made from."""

    inputs: str
    as_of: date
    timezone: str

    def today(self) -> date:
        return datetime.now(zoneinfo.ZoneInfo(self.timezone)).date()

    def covers(self, inputs: str, as_of: date | None, site: Path) -> bool:
        return site.is_dir() and inputs == self.inputs and (as_of or self.today()) == self.as_of

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
