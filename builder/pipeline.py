"""The builder as a pipeline: load -> validate -> cross-check (-> derive -> render -> site).

Each stage returns its output and its problems; each is timed for `--verbose`.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from builder.checks import cross_check
from builder.load import display_path, load
from builder.model import Dataset
from builder.problems import Problem
from builder.validate import validate

T = TypeVar("T")


@dataclass
class Timings:
    stages: list[tuple[str, float]] = field(default_factory=list)

    def run(self, name: str, stage: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = stage()
        self.stages.append((name, time.perf_counter() - start))
        return result

    def report(self) -> str:
        return "  ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.stages)


DEFAULT_TIMEZONE = "Asia/Shanghai"


def today(timezone: str) -> date:
    """The only reading of the wall clock: the default as-of date, in the team's timezone."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(DEFAULT_TIMEZONE)
    return datetime.now(zone).date()


@dataclass(frozen=True)
class Checked:
    dataset: Dataset
    problems: list[Problem]
    as_of: date


def check(root: Path, as_of: date | None = None, timings: Timings | None = None) -> Checked:
    timings = timings or Timings()
    documents, problems = timings.run("load", lambda: load(root))
    dataset, found = timings.run("validate", lambda: validate(display_path(root), documents))
    problems += found
    as_of = as_of or today(dataset.team.timezone if dataset.team else DEFAULT_TIMEZONE)
    problems += timings.run("cross-check", lambda: cross_check(dataset, as_of))
    return Checked(dataset, sorted(set(problems)), as_of)


def within(problems: list[Problem], paths: Sequence[Path]) -> list[Problem]:
    """The problems in the given files or folders (all of them if none are given)."""
    if not paths:
        return problems
    wanted = [p.resolve() for p in paths]

    def inside(problem: Problem) -> bool:
        where = Path(problem.path).resolve()
        return any(where == w or w in where.parents for w in wanted)

    return [p for p in problems if inside(p)]


@dataclass(frozen=True)
class Built:
    checked: Checked
    pages: int
    files: int


class BuildFailed(Exception):
    """A stage after the check failed; the previous site is left in place."""


def generate(checked: Checked, docs: Path, content: Path, timings: Timings, work: Path) -> tuple[int, int, list]:
    """Render every page, export and asset of the site into the empty folder `docs`.

    Returns the number of pages, of files, and the navigation.
    """
    from builder.derive import derive
    from builder.problems import warnings
    from builder.publish import mask, visit_intervals
    from builder.site.export import EXPORTS, exports
    from builder.site.mkdocs import write_search_words
    from builder.site.pages import navigation, pages
    from builder.site.render import TEMPLATES, environment, render
    from builder.site.writer import Writer

    dataset = checked.dataset
    intervals = visit_intervals(dataset)
    published = mask(dataset)
    derived = timings.run("derive", lambda: derive(published, intervals, checked.as_of))
    page_list = timings.run("pages", lambda: pages(derived, warnings(checked.problems)))
    writer = Writer(docs)
    shared = {
        "team": derived.team,
        "as_of": derived.as_of,
        "people": derived.people,
        "customers": derived.customers,
        "managers": derived.managers,
        "sensitive": {str(s) for s in derived.team.sensitive},
        "exports": EXPORTS,
    }

    def render_all() -> None:
        env = environment()
        for page in page_list:
            writer.write(page.path, render(env, page, shared))
        writer.copy_tree(TEMPLATES / "assets", "assets")
        if content.is_dir():
            writer.copy_tree(content)
        for name, data in exports(published, derived).items():
            writer.write(f"export/{name}", data)

    timings.run("render", render_all)
    content_pages = sorted(p.relative_to(content).as_posix() for p in content.glob("*.md")) if content.is_dir() else []
    words = [c.customer.name for c in derived.customers.values()] + [p.name for p in derived.people.values()]
    write_search_words(work / "search-words.txt", words)
    return len(page_list), len(writer.written), navigation(derived, content_pages)


def build(
    root: Path,
    as_of: date | None,
    site: Path,
    *,
    config_file: Path = Path("mkdocs.yml"),
    content: Path = Path("content"),
    work: Path = Path("build"),
    timings: Timings | None = None,
) -> Built | Checked:
    """Check, then build the site into `site`; returns the Checked result alone when the check failed."""
    from builder.problems import errors
    from builder.site.mkdocs import build_site, configure
    from builder.site.writer import replace_folder

    timings = timings or Timings()
    checked = check(root, as_of, timings)
    if errors(checked.problems):
        return checked
    work.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=work))
    try:
        docs, new_site = staging / "docs", staging / "site"
        count, files, nav = generate(checked, docs, content, timings, staging)
        assert checked.dataset.team is not None
        config = configure(config_file, docs, new_site, checked.dataset.team.name, nav, staging / "search-words.txt")
        timings.run("site", lambda: build_site(config, checked.as_of))
        replace_folder(docs, work / "docs")
        replace_folder(new_site, site)
    except Exception as exc:
        raise BuildFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Built(checked, count, files)
