"""MkDocs hook: pages found in the page cache (page_cache.py) are copied, the others built and kept;
templates are compiled once in a process."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.site import page_cache
from builder.site.mkdocs import search_plugin
from builder.site.render import COMPILED
from builder.site.search_index import ParallelIndex


def _search_index(config: Any) -> ParallelIndex | None:
    plugin = search_plugin(config)
    index = plugin.search_index if plugin is not None and plugin.config.enabled else None
    return index if isinstance(index, ParallelIndex) else None


def on_env(env: Environment, config: Any, files: Files) -> Environment:
    env.bytecode_cache = COMPILED  # the theme's templates too are compiled once in a process
    return env


def on_files(files: Files, config: Any) -> Files:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.plan(files)
    return files


def on_nav(nav: Navigation, config: Any, files: Files) -> Navigation:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.titled(nav)
    return nav


@event_priority(-100)  # the page as MkDocs writes it
def on_post_page(output: str, page: Page, config: Any) -> str:
    if page_cache.ACTIVE is not None:
        page_cache.ACTIVE.keep(page, output)
    page.content = None  # written: not needed again (its Markdown went when it was rendered, see html_hook.py)
    return output


@event_priority(90)  # after search_hook.py has the built pages' entries, before the search plugin writes them
def on_post_build(config: Any) -> None:
    if page_cache.ACTIVE is None:
        return
    index = _search_index(config)
    page_cache.ACTIVE.finish(index.by_page() if index is not None else {})
    if index is not None:
        index.entries = page_cache.ACTIVE.search_entries()
