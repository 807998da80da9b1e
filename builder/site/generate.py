"""Stages 4 to 7 for the site: derive -> render pages and exports -> MkDocs.

`make_site` writes into a staging folder only; swapping it into place is the caller's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.derive import derive
from builder.feeds import Feed, feeds
from builder.feeds.history import plan_versions
from builder.model import Checked
from builder.problems import warnings
from builder.publish import mask, published_problems, visit_intervals
from builder.site.export import EXPORTS, exports
from builder.site.mkdocs import build_site, configure, write_search_words
from builder.site.pages import navigation, pages
from builder.site.render import TEMPLATES, environment, render
from builder.site.writer import Writer
from builder.timings import Timings

CONTENT_ORDER = ["handbook.md", "logs.md", "plans.md", "review.md", "calendars.md", "publish.md"]


@dataclass(frozen=True)
class MadeSite:
    docs: Path
    site: Path
    pages: int
    files: int


def make_site(
    checked: Checked,
    staging: Path,
    config_file: Path,
    content: Path,
    timings: Timings,
    serve_url: str | None = None,
) -> MadeSite:
    """Generate the docs folder and build the site, both inside the empty folder `staging`."""
    dataset = checked.dataset
    assert dataset.team is not None
    published = mask(dataset)
    derived = timings.run("derive", lambda: derive(published, visit_intervals(dataset), checked.as_of))

    def render_feeds() -> list[Feed]:
        versions = plan_versions([r.doc.path for r in dataset.week_plans], checked.as_of)
        return feeds(published, derived, versions)

    feed_list = timings.run("feeds", render_feeds)
    shown = published_problems(warnings(checked.problems), dataset)
    page_list = timings.run("pages", lambda: pages(derived, shown, feed_list))
    docs, site = staging / "docs", staging / "site"
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
        for feed in feed_list:
            writer.write(feed.path, feed.content)

    timings.run("render", render_all)
    content_pages = sorted(
        (p.relative_to(content).as_posix() for p in content.glob("*.md")) if content.is_dir() else [],
        key=lambda name: (CONTENT_ORDER.index(name) if name in CONTENT_ORDER else len(CONTENT_ORDER), name),
    )
    words = staging / "search-words.txt"
    write_search_words(
        words, [c.customer.name for c in derived.customers.values()] + [p.name for p in derived.people.values()]
    )
    config = configure(config_file, docs, site, dataset.team, navigation(derived, content_pages), words)
    timings.run("site", lambda: build_site(config, checked.as_of, serve_url))
    return MadeSite(docs, site, len(page_list), len(writer.written))
