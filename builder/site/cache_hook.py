"""MkDocs hook: pages found in the page cache (page_cache.py) are copied, the others built and kept."""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.site import page_cache
from builder.site.mkdocs import search_plugin


def _search_index(config: Any) -> Any:
    plugin = search_plugin(config)
    return plugin.search_index if plugin is not None else None


def on_files(files: Files, config: Any) -> Files:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.plan(files)
    return files


def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.titled(nav)
    return nav


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context: dict[str, Any], page: Page, config: Any, nav: Any) -> dict[str, Any]:
    if page_cache.ACTIVE is not None and (index := _search_index(config)) is not None:
        page_cache.ACTIVE.indexed(page, index.entries)
    return context


@event_priority(-100)  # the page as MkDocs writes it
def on_post_page(output: str, page: Page, config: Any) -> str:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.keep(page, output)
    return output


@event_priority(100)  # before the search plugin writes its index
def on_post_build(config: Any) -> None:
    if page_cache.ACTIVE is not None and (index := _search_index(config)) is not None:
        index.entries = page_cache.ACTIVE.search_entries()
