"""Material's search indexing, on the second core.

MkDocs builds one page after another on one core; Material's search plugin then parses
each page's HTML and segments its Chinese with jieba, which is about half of MkDocs' time
on a large team. `ParallelIndex` hands each page to one of two worker processes running
Material's own `SearchIndex`, while MkDocs goes on with the next page. The entries come
back in page order, so the index is the one Material would have written itself.

jieba's dictionaries are loaded in the workers only: `take_dictionaries` moves them out of
the plugin's settings before the plugin would load them in the build's process.

The workers also keep single Chinese characters out of the index as words of their own.
Material segments a Chinese query greedily against the words in the index but never tries
the whole query as one word; when the first character of a name (黄 of 黄敏) is itself a
word in the index, the query shrinks to that character and the name is not found. jieba
and the page text leave such single characters (年, 月, 张 …), so each is joined to its
neighbour.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import jieba
from material.plugins.search.plugin import SearchIndex

WORKERS = 2  # with the build itself, three processes share the two cores; one worker would trail the build
DICTIONARIES = ("jieba_dict", "jieba_dict_user")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SOFT = re.compile(r"[\s\u200b]+")


def search_plugin(config: Any) -> Any:
    """Material's search plugin of this configuration, or None when the team turned search off."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            return plugin
    return None


def join_single_characters(text: str, separator: str) -> str:
    """Join every one-character Chinese word to a neighbour, dropping the blank between them.

    `separator` is the index's own word separator, so words are split as the browser splits them.
    """
    parts = re.split(f"({separator})", text)  # words at even places, separators at odd ones
    for i in range(0, len(parts), 2):
        if len(parts[i]) != 1 or not _HAN.match(parts[i]):
            continue
        if i > 0 and parts[i - 2] and _SOFT.fullmatch(parts[i - 1]):
            parts[i - 1] = ""
        elif i + 1 < len(parts) and _SOFT.fullmatch(parts[i + 1]):
            parts[i + 1] = ""
    return "".join(parts)


@dataclass(frozen=True)
class Anchor:
    """A heading of the page's table of contents, as Material's indexing reads it."""

    id: str
    url: str
    children: list[Anchor]


@dataclass(frozen=True)
class PageText:
    """What Material's indexing reads of a page, in a form that crosses to the worker."""

    url: str
    title: str
    meta: dict[str, Any]
    content: str
    toc: list[Anchor] = field(default_factory=list)

    @classmethod
    def of(cls, page: Any) -> PageText:
        def anchors(items: Any) -> list[Anchor]:
            return [Anchor(item.id, item.url, anchors(item.children)) for item in items]

        meta = {k: page.meta[k] for k in ("title", "search", "tags") if k in page.meta}
        content = vars(page).pop("portal_search", None) or page.content or ""  # see html_hook.py
        return cls(page.url, str(page.title), meta, content, anchors(page.toc))


_WORKER_INDEX: SearchIndex | None = None


def _start(config: dict[str, Any], dictionaries: dict[str, str]) -> None:
    global _WORKER_INDEX
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build, which stops the worker: no traceback here
    jieba.setLogLevel(logging.WARNING)
    if dictionaries.get("jieba_dict"):
        jieba.set_dictionary(dictionaries["jieba_dict"])
    if dictionaries.get("jieba_dict_user"):
        jieba.load_userdict(dictionaries["jieba_dict_user"])
    _WORKER_INDEX = SearchIndex(**config)


def _index(page: PageText) -> list[dict[str, Any]]:
    assert _WORKER_INDEX is not None
    _WORKER_INDEX.entries = []
    _WORKER_INDEX.add_entry_from_context(page)
    separator = _WORKER_INDEX.config["separator"]
    for entry in _WORKER_INDEX.entries:
        entry["title"] = join_single_characters(entry["title"], separator)
        entry["text"] = join_single_characters(entry["text"], separator)
    entries: list[dict[str, Any]] = _WORKER_INDEX.entries
    return entries


def take_dictionaries(plugin: Any) -> dict[str, str]:
    """The plugin's jieba dictionaries (existing files only), removed from its settings."""
    taken = {}
    for key in DICTIONARIES:
        path = plugin.config.get(key)
        plugin.config[key] = None
        if path and os.path.isfile(os.path.normpath(path)):
            taken[key] = os.path.normpath(path)
    return taken


class ParallelIndex(SearchIndex):  # type: ignore[misc]  # Material has no types
    """Material's search index, each page's entries made by a worker process."""

    _open: list[ParallelIndex] = []  # noqa: RUF012 (the indexes whose worker runs, closed if a build fails)

    def __init__(self, dictionaries: dict[str, str], **config: Any) -> None:
        super().__init__(**config)
        config = dict(config)
        context = multiprocessing.get_context("spawn")  # a small new process, not a copy of this one
        self._pool = ProcessPoolExecutor(
            WORKERS, mp_context=context, initializer=_start, initargs=(config, dictionaries)
        )
        self._pending: list[tuple[str, Future[list[dict[str, Any]]]]] = []
        self._by_page: dict[str, list[dict[str, Any]]] = {}
        ParallelIndex._open.append(self)

    def add_entry_from_context(self, page: Any) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return
        self.submit(page.file.src_uri, PageText.of(page))

    def submit(self, uri: str, page: PageText) -> None:
        """Index `page` (of the source path `uri`) in a worker."""
        self._pending.append((uri, self._pool.submit(_index, page)))

    def by_page(self) -> dict[str, list[dict[str, Any]]]:
        """Every indexed page's entries by its source path; waits for the workers to finish."""
        for uri, future in self._pending:
            self._by_page[uri] = future.result()
            self.entries.extend(self._by_page[uri])
        self._pending = []
        self.close()
        return self._by_page

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self in ParallelIndex._open:
            ParallelIndex._open.remove(self)

    @classmethod
    def close_all(cls) -> None:
        for index in list(cls._open):
            index.close()
