"""This build's own MkDocs plugin: what one build hands MkDocs, passed as an object, not a global.

It dates every page by the as-of day (the sitemap's lastmod and its gzip time), so the same
data and day give the same bytes whatever the clock says; copies the pages found in the page
cache (page_cache.py) and keeps the others; gives MkDocs' template environment the compiled
templates the caller keeps (portal serve builds again and again); and keeps MkDocs' own
'dirty build' warning quiet, since reusing unchanged pages is what a dirty build does here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from jinja2 import BytecodeCache, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.site.page_cache import PageCache
from builder.site.pages_in_two import build_in_two, splittable
from builder.site.search_index import ParallelIndex, search_plugin

NAME = "portal-build"


class BuildPlugin(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # no settings of its own
    def __init__(
        self, as_of: date, cache: PageCache | None, compiled: BytecodeCache | None, serve_url: str | None = None
    ) -> None:
        super().__init__()
        self.as_of, self.cache, self.compiled = as_of, cache, compiled
        self.inclusion = InclusionLevel.is_in_serve if serve_url else InclusionLevel.is_included
        self.nav: Navigation | None = None

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        for file in files.documentation_pages():
            if file.page is not None:
                file.page.update_date = self.as_of.isoformat()
        if self.cache is not None:
            self.cache.titled(nav)
        return nav

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.cache is not None:
            self.cache.plan(files)
        return files

    @event_priority(-100)  # the environment as every plugin left it
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.compiled is not None:
            env.bytecode_cache = self.compiled  # the theme's templates too are compiled once
        if self.cache is not None and self.nav is not None and splittable(config, NAME):
            build_in_two(config, files.documentation_pages(inclusion=self.inclusion), self.nav, env, self.cache)
        return env

    @event_priority(-100)  # the page as MkDocs writes it
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.cache is not None:
            self.cache.keep(page, output)
        page.content = None  # written: not needed again (its Markdown went when it was rendered, see html_hook.py)
        return output

    @event_priority(90)  # after search_hook.py has the built pages' entries, before the search plugin writes them
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.cache is None:
            return
        index = _search_index(config)
        self.cache.finish(index.by_page() if index is not None else {})
        if index is not None:
            index.entries = self.cache.search_entries()


def _search_index(config: Any) -> ParallelIndex | None:
    plugin = search_plugin(config)
    index = plugin.search_index if plugin is not None and plugin.config.enabled else None
    return index if isinstance(index, ParallelIndex) else None


class _NoDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


@contextmanager
def plugged(config: MkDocsConfig, plugin: BuildPlugin) -> Iterator[None]:
    """`plugin` in `config` (made for this one build), and MkDocs' dirty-build warning quiet meanwhile."""
    config.plugins[NAME] = plugin
    quiet, logger = _NoDirtyWarning(), logging.getLogger("mkdocs.commands.build")
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
