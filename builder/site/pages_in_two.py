"""MkDocs' page building, on both cores.

MkDocs lays every page into the theme one after another (most of a large team's build). Once
every page is read (MkDocs' `env` event), the pages still to build are shared between this
process and a forked copy of it (forked.py), each taking the next page when free. The copy
writes its pages into the site and the page cache as MkDocs would, and sends back what this
process keeps of them: the page cache's new entries and what search indexes (search_index.py),
which this process hands to its search workers. MkDocs then finds those pages not modified and
skips them. Only with the plugins the portal knows of: another plugin's state would stay in the copy.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation

from builder.site.forked import can_fork, each
from builder.site.page_cache import PageCache, not_modified
from builder.site.search_index import PageText, ParallelIndex, search_plugin

KNOWN_PLUGINS = ("material/search", "search")


class _Collected:
    """The search index of the forked copy: what search would index, kept to send back."""

    def __init__(self) -> None:
        self.pages: list[tuple[str, PageText]] = []

    def add_entry_from_context(self, page: Any) -> None:
        if not (page.meta.get("search") or {}).get("exclude"):
            self.pages.append((page.file.src_uri, PageText.of(page)))


def splittable(config: MkDocsConfig, own: str) -> bool:
    """Whether a copy can fork (see forked.py), and every plugin is the portal's own (`own`, its
    hooks: `portal build` sets them all) or Material's search."""
    known = {own, *KNOWN_PLUGINS, *config.hooks}
    return can_fork() and all(name in known for name in config.plugins)


def build_in_two(
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: Environment,
    cache: PageCache,
) -> None:
    """Build the pages of `doc_files` MkDocs would build, here and in a forked copy, leaving each
    marked not modified for MkDocs."""
    files = [f for f in doc_files if f.page is not None and f.is_modified()]
    plugin = search_plugin(config)
    index = plugin.search_index if plugin is not None and plugin.config.enabled else None

    def build(file: File) -> None:
        assert file.page is not None
        _build_page(file.page, config, doc_files, nav, env, dirty=True, excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]

    collected = _Collected()

    def in_the_copy() -> None:
        if index is not None:
            plugin.search_index = collected

    def sent() -> bytes:
        return pickle.dumps((cache.made, cache.built, collected.pages))

    _, theirs = each(files, build, last=sent, child_first=in_the_copy)
    made, built, collected = pickle.loads(theirs)  # from the forked copy of this very process
    cache.made.update(made)
    cache.built += built
    if isinstance(index, ParallelIndex):
        for uri, text in collected:
            index.submit(uri, text)
    for file in files:
        not_modified(file)
