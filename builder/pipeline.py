"""The builder as a pipeline: load -> validate -> cross-check -> mask -> derive -> feeds ->
pages -> render -> site -> seal -> place.

`check` runs the first three stages, `build` all of them (mask to site live in
builder/site/generate.py); `portal build`, `portal serve` and the benchmark build through
`build`. Each stage returns its output and its problems and is timed for `--verbose`.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import zoneinfo
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from filelock import FileLock
from mkdocs.exceptions import MkDocsException

from builder.cache_seal import CacheSeal
from builder.checks import cross_check
from builder.door import Door, Publishing, door
from builder.feeds.addresses import FeedKey
from builder.feeds.history import HistoryError
from builder.labels import worded_problems
from builder.load import display_path, load
from builder.load.parsed import PARSED, ParsedFiles
from builder.memory import long_lived, release
from builder.model import Checked
from builder.problems import Problem, errors
from builder.site.compiled import Compiled
from builder.site.generate import MadeSite, make_site
from builder.site.mkdocs import SettingsError
from builder.site.private import seal_site
from builder.site.writer import SITE_MARK, SITE_MARK_TEXT, replace_folder, site_folder_problem, sync_folder
from builder.timings import Timings
from builder.unchanged import LAST_BUILD, Memo, Unchanged
from builder.validate import validate
from builder.warm import Warm

DEFAULT_TIMEZONE = "Asia/Shanghai"


def today(timezone: str, now: datetime | None = None) -> date:
    """The default as-of date: the day it is in the team's timezone at `now`, the command's one
    reading of the wall clock (read here when not given)."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
    return (now or datetime.now(UTC)).astimezone(zone).date()


def check(
    root: Path,
    as_of: date | None = None,
    timings: Timings | None = None,
    warm: Warm | None = None,
    now: datetime | None = None,
    parsed: ParsedFiles | None = None,
) -> Checked:
    """The first three stages; with `warm`, what they made in the last build in this process is
    reused where its files did not change; with `parsed`, the files parsed in the last build
    (in the work folder's cache) are not parsed again. Without `as_of`, the day of `now` (see `today`)."""
    timings = timings or Timings()
    release()  # what an earlier build in this process kept (portal serve) is ordinary garbage now
    if warm is not None:
        warm.next_build()
    with long_lived():
        documents, problems = timings.run("load", lambda: load(root, kept=warm.files if warm else None, parsed=parsed))
        dataset, found = timings.run(
            "validate", lambda: validate(display_path(root), documents, warm.typed if warm else None)
        )
        problems += found
        as_of = as_of or today(dataset.team.timezone if dataset.team else DEFAULT_TIMEZONE, now)
        problems += timings.run("cross-check", lambda: cross_check(dataset, as_of, store=warm.checks if warm else None))
    return Checked(dataset, sorted(set(worded_problems(problems, dataset.team))), as_of)


def within(problems: list[Problem], paths: Sequence[Path]) -> list[Problem]:
    """The problems in the given files or folders (all of them if none are given)."""
    if not paths:
        return problems
    wanted = [p.resolve() for p in paths]

    def inside(problem: Problem) -> bool:
        where = Path(problem.path).resolve()
        return any(where.is_relative_to(w) for w in wanted)

    return [p for p in problems if inside(p)]


@dataclass(frozen=True)
class Built:
    checked: Checked
    pages: int
    files: int
    sealed: bool = False
    development_key: bool = False  # the feeds' addresses come from the development key, known to anyone


CLEANUP = "portal-preview-cleanup"  # the thread that removes a preview build's staging folder


class BuildFailed(Exception):
    """A stage after the check failed for a reason outside the portal (the history of the data, the
    site's settings, the disk); the previous site is left in place. Anything else is a bug, exit 3."""


class SiteFolderRefused(Exception):
    """The site folder named would take the data, the team's pages or other files with it."""


@dataclass(frozen=True)
class Preview:
    """What `portal serve` hands each build: what the builds before it made (`warm`, kept in this
    process instead of the work folder's memo), the address it serves at, and who hears the check."""

    warm: Warm
    url: str
    report: Callable[[Checked], None]


def build(
    root: Path,
    as_of: date | None,
    site: Path,
    *,
    config_file: Path = Path("mkdocs.yml"),
    content: Path = Path("content"),
    work: Path = Path("build"),
    timings: Timings | None = None,
    publishing: Publishing | None = None,
    helps: Mapping[str, str],
    preview: Preview | None = None,
) -> Built | Checked | Unchanged:
    """Check, then build the site into `site`; returns the Checked result alone when the check failed,
    and Unchanged when nothing the site is made from changed since the last build. `portal build`,
    `portal serve` (with `preview`) and the benchmark all build through here."""
    timings = timings or Timings()
    publishing = publishing or Publishing()
    now = datetime.now(UTC)  # the build's one reading of the clock
    refused = site_folder_problem(site, [root, content, work, config_file])
    if refused:
        raise SiteFolderRefused(refused)
    secret = publishing.password or publishing.feed_key
    memo = None if preview or secret else Memo(work / "cache", site)
    others_hash = ""
    if memo is not None:
        others_hash, unchanged = timings.run(
            "unchanged?", lambda: memo.unchanged(root, content, config_file, as_of, now)
        )
        if unchanged is not None:
            return unchanged
    key = FeedKey.from_environment(publishing.feed_key)  # read (and judged by zxcvbn) once
    seal = CacheSeal.for_key(key)
    parsed = ParsedFiles(work / "cache" / PARSED, seal) if preview is None else None
    checked = check(root, as_of, timings, warm=preview.warm if preview else None, now=now, parsed=parsed)
    if preview is not None:
        preview.report(checked)
    if errors(checked.problems):
        return checked
    if preview is None:  # what serve keeps is keyed by these very objects: only a one-off build lets them go
        checked = replace(checked, dataset=checked.dataset.without_sources())
    assert checked.dataset.team is not None
    shut = door(checked.dataset, publishing, key)
    made = _made_and_placed(checked, shut, Places(site, config_file, content, work), timings, helps, preview)
    if memo is not None:
        timings.run("stamp", lambda: memo.remember(root, checked, others_hash))
    if parsed is not None:
        timings.run("keep parsed", parsed.save)
    return Built(checked, made.pages, made.files, shut.sealer is not None, shut.key.development)


@dataclass(frozen=True)
class Places:
    site: Path
    config_file: Path
    content: Path
    work: Path  # the page cache, the docs folder and the staging folders


def _made_and_placed(
    checked: Checked, shut: Door, places: Places, timings: Timings, helps: Mapping[str, str], preview: Preview | None
) -> MadeSite:
    """The site made aside, sealed and marked, then put in place: swapped in whole (the last site stays
    if anything fails), or synced into the folder `portal serve` serves, file by file."""
    work = places.work
    work.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=work))
    sealer = shut.sealer
    try:
        made = make_site(
            checked,
            staging,
            places.config_file,
            places.content,
            timings,
            serve_url=preview.url if preview else None,
            feed_key=shut.key,
            listed=shut.listed,
            protected=shut.protected,
            cache=work / "cache" / "pages",
            warm=preview.warm if preview else None,
            docs=work / "docs" if preview else None,
            helps=helps,
            rendered=work / "cache" / "rendered" if preview is None else None,
            compiled=preview.warm.compiled if preview else Compiled(work / "cache" / "templates"),
            seal=CacheSeal.for_key(shut.key) if preview is None else None,
        )
        if sealer is not None:
            timings.run("seal", lambda: seal_site(made.site, sealer))
        (made.site / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")
        if preview is not None:
            sync_folder(made.site, places.site, made.elsewhere)
        else:
            _swap(made, places.site, work, keep_docs=shut.key.development and sealer is None)
    except (HistoryError, SettingsError) as exc:
        raise BuildFailed(str(exc)) from exc
    except MkDocsException as exc:  # the team's mkdocs.yml or content/ pages, as MkDocs words it
        raise BuildFailed(f"MkDocs: {exc}") from exc
    except OSError as exc:  # the disk or the site folder, not the portal: said as it is
        raise BuildFailed(f"{exc.strerror or exc}：{exc.filename}" if exc.filename else str(exc)) from exc
    finally:
        if preview is None:
            shutil.rmtree(staging, ignore_errors=True)
        else:  # while the browser reloads
            threading.Thread(
                target=shutil.rmtree, args=(staging,), kwargs={"ignore_errors": True}, name=CLEANUP, daemon=True
            ).start()
    return made


def _swap(made: MadeSite, site: Path, work: Path, keep_docs: bool) -> None:
    """The new site in place of the old; its Markdown kept beside it unless it holds a secret
    (the feeds' addresses) or a sealed site's plain text."""
    with FileLock(work / ".swap.lock"):  # two builds at once swap one after the other
        (work / "cache" / LAST_BUILD).unlink(missing_ok=True)  # it describes the site about to be replaced
        if keep_docs:
            replace_folder(made.docs, work / "docs")
        else:
            shutil.rmtree(work / "docs", ignore_errors=True)
        replace_folder(made.site, site)
