"""Stages 4 to 7 for the site: derive -> render pages and exports -> MkDocs.

`make_site` writes into a staging folder only; swapping it into place is the caller's job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.cache_seal import CacheSeal, seal_name
from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.feeds import Feed, feeds
from builder.feeds.addresses import DEVELOPMENT_KEY, FeedKey
from builder.kept import kept
from builder.memory import long_lived
from builder.model import Checked, Dataset
from builder.problems import warnings
from builder.publish import mask, published_problems
from builder.site.compiled import Compiled
from builder.site.export import EXPORTS, exports
from builder.site.forked import each
from builder.site.forms import month_forms, week_forms
from builder.site.howto import PAGES as HOWTO
from builder.site.howto import howto_pages
from builder.site.mkdocs import build_site, configure, write_search_words
from builder.site.page_cache import PageCache
from builder.site.pages import customer_names, navigation, pages
from builder.site.render import TEMPLATES, Page, environment, render, templates_stamp
from builder.site.rendered import Rendered
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
    rendered: Path | None = None,
    compiled: Compiled | None = None,
    seal: CacheSeal | None = None,
) -> MadeSite:
    """Generate the docs folder and build the site, both inside the empty folder `staging`;
    MkDocs reuses the unchanged pages kept in the folder `cache` (see page_cache.py).
    With `warm` and `docs` (portal serve), the docs folder is `docs`, kept from build to build:
    only what changed in it is written. `helps` are the commands' help texts, shown on the how-to pages;
    `rendered`, the folder of pages rendered in earlier builds, taken where made from the same;
    `compiled`, the templates compiled in earlier builds; `seal`, a published build's, under which the
    caches keep their entries (cache_seal.py)."""
    assert checked.dataset.team is not None
    with long_lived():
        seen = _views(checked, protected, warm, timings)
        feed_list = timings.run("feeds", lambda: _feeds(seen, feed_key, warm))
        shown = published_problems(warnings(checked.problems), checked.dataset, warm.masks if warm else None)
        page_list = timings.run("pages", lambda: pages(seen.shown, shown, feed_list, feed_key, listed=listed))
    staging.mkdir(parents=True, exist_ok=True)
    if docs is None or warm is None:
        docs, held = staging / "docs", None
    else:
        held = warm.docs  # the docs folder kept from the last build, as written
    writer = Writer(docs, held)
    own_pages = {p.relative_to(content).as_posix() for p in content.glob("*.md")} if content.is_dir() else set()
    howto = timings.run("how-to", lambda: _howto(seen.derived, checked, warm, helps))

    def others() -> None:
        _write_others(writer, content, own_pages, howto, seen, feed_list, warm)

    kept = (rendered, seal) if rendered is not None else None
    timings.run("render", lambda: _render(writer, page_list, seen, warm, others, kept, compiled, timings.notes))
    writer.remove_others()
    team_pages = sorted(p for p in own_pages if p not in HOWTO)
    withheld = frozenset() if feed_key.development else frozenset(Path(f.path).parent.name for f in feed_list)
    site = Site(staging, docs, held, config_file, team_pages, serve_url, cache, withheld, seal)
    built = _mkdocs(checked, seen, site, warm, compiled, timings)
    elsewhere = built.left_out if built is not None else {}
    return MadeSite(docs, staging / "site", len(page_list), len(writer.written), elsewhere)


@dataclass(frozen=True)
class Views:
    """The team's data as the site shows it: `published` masked for feeds and exports, `derived`
    from it, and `shown`, what the pages show (more, behind a door that lets them)."""

    published: Dataset
    derived: Derived
    shown: Derived
    shown_fields: frozenset[str]


def _views(checked: Checked, protected: bool, warm: Warm | None, timings: Timings) -> Views:
    dataset = checked.dataset
    assert dataset.team is not None
    masks = warm.masks if warm is not None else None
    published = timings.run("mask", lambda: mask(dataset, warm=masks))
    hidden = frozenset(dataset.team.sensitive)
    rules = rules_by_customer(dataset, hidden)
    derived = timings.run("derive", lambda: derive(published, rules, checked.as_of, warm.derived if warm else None))
    shown_fields = frozenset(dataset.team.publish.show) if protected else frozenset()
    if not shown_fields & hidden:
        return Views(published, derived, derived, shown_fields)
    shown_rules = rules_by_customer(dataset, hidden - shown_fields)  # pages behind a door may show more
    unmasked = timings.run("mask", lambda: mask(dataset, shown_fields, masks))
    kept_shown = warm.shown_derived if warm else None
    shown = timings.run(
        # the workbooks are made from the published view only: the pages behind the door need none
        "derive",
        lambda: derive(unmasked, shown_rules, checked.as_of, kept_shown, hidden - shown_fields, forms=False),
    )
    return Views(published, derived, shown, shown_fields)


def _feeds(views: Views, feed_key: FeedKey, warm: Warm | None) -> list[Feed]:
    """Feeds and exports never show more than the published data, whatever the door."""
    root = Path(views.published.root)
    return feeds(views.published, views.derived, root, feed_key, warm.events if warm else None)


def _howto(derived: Derived, checked: Checked, warm: Warm | None, helps: Mapping[str, str]) -> dict[str, str]:
    stamp = templates_stamp() if warm is not None else ()
    return kept(
        warm.howto if warm else None,
        "",
        (derived.team, checked.as_of, stamp),
        lambda: howto_pages(derived.team, checked.as_of, helps),
    )


def _render(
    writer: Writer,
    page_list: list[Page],
    views: Views,
    warm: Warm | None,
    others: Callable[[], None],
    kept_pages: tuple[Path, CacheSeal | None] | None,
    compiled: Compiled | None,
    notes: list[str],
) -> None:
    """Every page's Markdown into the docs folder, half of them in a forked child while this
    process writes the other files (`others`), but those an earlier build rendered from the same
    (kept in the folder `kept_pages`, under its seal, see rendered.py); portal serve renders here what changed."""
    seen = views.shown
    shared: dict[str, Any] = {
        "team": seen.team,
        "people": seen.people,
        "customers": customer_names(seen),
        "managers": seen.managers,
        "sensitive": tuple(sorted(set(seen.team.sensitive) - views.shown_fields)),
        "words": seen.words,
        "means": seen.meanings,
        "exports": EXPORTS,
    }
    env = environment(seen.words, compiled=compiled)
    pages_kept = warm.pages if warm is not None else None
    if warm is not None:  # the last build's own dict while it and the templates are unchanged: pages compare at once
        new = shared
        shared = warm.shared.get("", (shared, templates_stamp()), lambda: new)
        if shared is new:  # a page equal to the last build's may render otherwise now (a template changed)
            warm.pages.forget()

    rendered = Rendered(*kept_pages, shared=shared) if kept_pages is not None and pages_kept is None else None

    def render_page(page: Page) -> None:
        taken = rendered.take(page) if rendered is not None else None
        if taken is not None:
            writer.put(page.path, taken)
            return
        text = kept(pages_kept, page.path, (page, shared), lambda: render(env, page, shared))
        writer.put(page.path, text)
        if rendered is not None:
            rendered.keep(page, text)

    for page in page_list:
        writer.claim(page.path)
    if pages_kept is None:
        handed = rendered.handed if rendered is not None else lambda: b""
        _, child = each(page_list, render_page, first=others, last=handed)  # a forked child renders pages meanwhile
        if rendered is not None:
            rendered.merge(child)
            rendered.prune()
            notes.append(f"(rendered: {len(rendered.reused)} taken, {len(page_list) - len(rendered.reused)} made)")
        return
    others()  # what this process renders it keeps for the next build
    for page in page_list:
        render_page(page)


def _write_others(
    writer: Writer,
    content: Path,
    own_pages: set[str],
    howto: dict[str, str],
    views: Views,
    feed_list: list[Feed],
    warm: Warm | None,
) -> None:
    """The assets, the team's own pages, the how-to pages it does not replace, the exports and the feeds."""
    writer.copy_tree(TEMPLATES / "assets", "assets")
    if content.is_dir():
        writer.copy_tree(content)
    for name, text in howto.items():
        if name not in own_pages:
            writer.write(name, text)
    for name, data in exports(views.published, views.derived, warm.exports if warm else None).items():
        writer.write(f"export/{name}", data)
    for path, data in (month_forms(views.derived) | week_forms(views.derived, views.published)).items():
        writer.write(path, data)
    for feed in feed_list:
        writer.write(feed.path, feed.content)


@dataclass(frozen=True)
class Site:
    """Where MkDocs builds: the staging folder, the docs folder (and what it holds, for portal serve),
    the team's settings and pages, the preview's address, the page cache."""

    staging: Path
    docs: Path
    held: Mapping[str, str | bytes] | None
    config_file: Path
    team_pages: list[str]
    serve_url: str | None
    cache: Path | None
    withheld: frozenset[str] = frozenset()  # secrets (the feeds' addresses): a page showing one is not cached
    seal: CacheSeal | None = None


def _mkdocs(
    checked: Checked, views: Views, site: Site, warm: Warm | None, compiled: Compiled | None, timings: Timings
) -> PageCache | None:
    """MkDocs builds the site into `staging`/site from the docs folder, reusing what the page cache holds."""
    assert checked.dataset.team is not None
    seen = views.shown
    words = site.staging / "search-words.txt"
    write_search_words(
        words, [c.customer.name for c in seen.customers.values()] + [p.name for p in seen.people.values()]
    )
    ledger = seen.words("ledger") if seen.ledger else None
    nav = navigation(list(HOWTO), site.team_pages, seen.words("customer"), ledger)
    config, key = configure(
        site.config_file, site.docs, site.staging / "site", checked.dataset.team, nav, words, site.serve_url
    )
    built = None
    if site.cache is not None and warm is None:
        built = PageCache(site.cache, key + seal_name(site.seal), withheld=site.withheld, seal=site.seal)
    elif site.cache is not None and warm is not None:  # portal serve links the pages kept into the folder it serves
        built = PageCache(
            site.cache, key, leave_out=True, known=warm.page_entries, sources=site.held, hashed=warm.page_keys
        )
    timings.run("site", lambda: build_site(config, checked.as_of, site.serve_url, built, compiled))
    if built is not None:
        timings.notes.append(f"(pages: {len(built.cached)} reused, {built.built} built)")
    return built
