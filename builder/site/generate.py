"""Stages 4 to 7 for the site: derive -> render pages and exports -> MkDocs.

`make_site` writes into a staging folder only; swapping it into place is the caller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder.derive import derive
from builder.derive.frequency import rules_by_customer
from builder.feeds import Feed, feeds
from builder.feeds.addresses import DEVELOPMENT_KEY, FeedKey
from builder.kept import kept
from builder.memory import long_lived
from builder.model import Checked
from builder.problems import warnings
from builder.publish import mask, published_problems
from builder.site.export import EXPORTS, exports
from builder.site.forked import each
from builder.site.howto import PAGES as HOWTO
from builder.site.howto import howto_pages
from builder.site.mkdocs import build_site, configure, write_search_words
from builder.site.page_cache import PageCache
from builder.site.pages import customer_names, navigation, pages
from builder.site.render import TEMPLATES, Page, environment, render, templates_stamp
from builder.site.writer import Writer
from builder.timings import Timings
from builder.warm import Warm


@dataclass(frozen=True)
class MadeSite:
    docs: Path
    site: Path
    pages: int
    files: int
    elsewhere: dict[str, Path] = field(default_factory=dict)  # pages of the site left in the page cache (serve)


def make_site(
    checked: Checked,
    staging: Path,
    config_file: Path,
    content: Path,
    timings: Timings,
    serve_url: str | None = None,
    feed_key: FeedKey = DEVELOPMENT_KEY,
    listed: bool = True,
    protected: bool = False,
    cache: Path | None = None,
    warm: Warm | None = None,
    docs: Path | None = None,
    *,
    helps: Mapping[str, str],
) -> MadeSite:
    """Generate the docs folder and build the site, both inside the empty folder `staging`;
    MkDocs reuses the unchanged pages kept in the folder `cache` (see page_cache.py).
    With `warm` and `docs` (portal serve), the docs folder is `docs`, kept from build to build:
    only what changed in it is written. `helps` are the commands' help texts, shown on the how-to pages."""
    dataset = checked.dataset
    assert dataset.team is not None
    with long_lived():
        masks = warm.masks if warm is not None else None
        published = timings.run("mask", lambda: mask(dataset, warm=masks))
        hidden = frozenset(dataset.team.sensitive)
        rules = rules_by_customer(dataset, hidden)
        derived = timings.run("derive", lambda: derive(published, rules, checked.as_of, warm.derived if warm else None))
        shown_fields = frozenset(dataset.team.publish.show) if protected else frozenset()
        if shown_fields & hidden:  # pages behind a door may show more; feeds and exports never
            shown_rules = rules_by_customer(dataset, hidden - shown_fields)
            unmasked = timings.run("mask", lambda: mask(dataset, shown_fields, masks))
            kept_shown = warm.shown_derived if warm else None
            seen = timings.run("derive", lambda: derive(unmasked, shown_rules, checked.as_of, kept_shown))
        else:
            seen = derived

        def render_feeds() -> list[Feed]:
            return feeds(published, derived, Path(dataset.root), feed_key, warm.events if warm else None)

        feed_list = timings.run("feeds", render_feeds)
        shown = published_problems(warnings(checked.problems), dataset, masks)
        page_list = timings.run("pages", lambda: pages(seen, shown, feed_list, feed_key, listed=listed))
    staging.mkdir(parents=True, exist_ok=True)
    site = staging / "site"
    if docs is None or warm is None:
        docs, held = staging / "docs", None
    else:
        held = warm.docs
    writer = Writer(docs, held)
    shared = {
        "team": seen.team,
        "as_of": seen.as_of,
        "people": seen.people,
        "customers": customer_names(seen),
        "managers": seen.managers,
        "sensitive": set(seen.team.sensitive) - shown_fields,
        "words": seen.words,
        "means": seen.meanings,
        "exports": EXPORTS,
    }

    own_pages = {p.relative_to(content).as_posix() for p in content.glob("*.md")} if content.is_dir() else set()
    team_pages = sorted(p for p in own_pages if p not in HOWTO)
    stamp = templates_stamp() if warm is not None else ()
    howto = timings.run(
        "how-to",
        lambda: kept(
            warm.howto if warm else None,
            "",
            (derived.team, checked.as_of, stamp),
            lambda: howto_pages(derived.team, checked.as_of, helps),
        ),
    )

    compiled = warm.compiled if warm is not None else None
    env = environment(seen.words, compiled=compiled)
    pages_kept = warm.pages if warm is not None else None
    if warm is not None:  # the last build's own dict while it and the templates are unchanged: pages compare at once
        new = shared
        shared = warm.shared.get("", (shared, stamp), lambda: new)
        if shared is new:  # a page equal to the last build's may render otherwise now (a template changed)
            warm.pages.forget()

    def render_page(page: Page) -> None:
        writer.put(page.path, kept(pages_kept, page.path, (page, shared), lambda: render(env, page, shared)))

    def write_others() -> None:
        writer.copy_tree(TEMPLATES / "assets", "assets")
        if content.is_dir():
            writer.copy_tree(content)
        for name, text in howto.items():
            if name not in own_pages:
                writer.write(name, text)
        for name, data in exports(published, derived, warm.exports if warm else None).items():
            writer.write(f"export/{name}", data)
        for feed in feed_list:
            writer.write(feed.path, feed.content)

    def render_all() -> None:
        for page in page_list:
            writer.claim(page.path)
        if pages_kept is not None:  # what this process renders it keeps for the next build
            write_others()
            for page in page_list:
                render_page(page)
            return
        each(page_list, render_page, first=write_others)  # a forked child renders pages meanwhile

    timings.run("render", render_all)
    writer.remove_others()
    words = staging / "search-words.txt"
    write_search_words(
        words, [c.customer.name for c in seen.customers.values()] + [p.name for p in seen.people.values()]
    )
    config, key = configure(
        config_file, docs, site, dataset.team, navigation(derived, list(HOWTO), team_pages), words, serve_url
    )
    built = None
    if cache is not None:  # portal serve (warm) links the pages kept into the folder it serves
        built = (
            PageCache(cache, key)
            if warm is None
            else PageCache(cache, key, leave_out=True, known=warm.page_entries, sources=held, hashed=warm.page_keys)
        )
    timings.run("site", lambda: build_site(config, checked.as_of, serve_url, built, compiled))
    if built is not None:
        timings.notes.append(f"(pages: {len(built.cached)} reused, {built.built} built)")
    elsewhere = built.left_out if built is not None else {}
    return MadeSite(docs, site, len(page_list), len(writer.written), elsewhere)
