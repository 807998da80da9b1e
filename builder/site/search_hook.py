"""MkDocs hook: Material's search index is made page by page in a worker process (search_index.py)."""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import event_priority

from builder.site.search_index import ParallelIndex, search_plugin, take_dictionaries


def _enabled(config: Any) -> Any:
    plugin = search_plugin(config)
    return plugin if plugin is not None and plugin.config.enabled else None


@event_priority(100)  # before Material's search plugin loads jieba's dictionaries into this process
def on_config(config: Any) -> Any:
    if plugin := _enabled(config):
        plugin.portal_dictionaries = take_dictionaries(plugin)
    return config


def on_pre_build(config: Any) -> None:
    if plugin := _enabled(config):
        plugin.search_index = ParallelIndex(plugin.portal_dictionaries, **plugin.search_index.config)


@event_priority(100)  # before Material writes the index
def on_post_build(config: Any) -> None:
    if (plugin := _enabled(config)) and isinstance(plugin.search_index, ParallelIndex):
        plugin.search_index.by_page()


def on_build_error(error: Exception) -> None:
    ParallelIndex.close_all()
