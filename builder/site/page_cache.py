"""MkDocs pages kept between builds, keyed by content.

MkDocs spends most of a build turning each page's Markdown into HTML, laying it into
the theme and indexing it for search. A page whose Markdown is unchanged, in a site
whose settings, navigation and search words are unchanged, comes out the same; its HTML
and its search entries are therefore kept under the hash of all of that, and copied
instead of rebuilt (MkDocs' `dirty` build skips pages that are not modified). The folder
may be deleted at any time; a key never names other content, so an entry is never stale.
Entries the last successful build did not use are removed after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.cache_seal import CacheSeal, closed, opened
from builder.feeds.addresses import shows_address
from builder.stamp import code_stamp

FORMAT = "4"
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jieba", "pygments")
HOOKS = tuple(
    Path(__file__).with_name(n)
    for n in ("html_hook.py", "build_plugin.py", "search_hook.py", "search_index.py", "page_cache.py")
)


def site_key(settings: dict[str, Any], search_words: bytes, serve_url: str | None) -> str:
    """What every page depends on besides its own Markdown: MkDocs settings (navigation
    included, folders excluded), the search dictionary, the packages, this code and the
    theme's overrides."""
    digest = hashlib.sha256(FORMAT.encode())
    shown = {k: v for k, v in settings.items() if k not in ("docs_dir", "site_dir")}
    digest.update(json.dumps(shown, sort_keys=True, ensure_ascii=False, default=str).encode())
    digest.update(search_words)
    digest.update(repr(serve_url).encode())
    theme = settings.get("theme", {})
    overrides = Path(theme["custom_dir"]) if isinstance(theme, dict) and theme.get("custom_dir") else None
    code = [*HOOKS, *(sorted(overrides.rglob("*")) if overrides and overrides.is_dir() else [])]
    digest.update(code_stamp(code, PACKAGES).encode())
    return digest.hexdigest()


@dataclass
class PageCache:
    """`leave_out`: the pages found are not put into the site folder but listed in `left_out`
    (place in the site -> the entry's page), for a caller that links them into its own folder,
    which nothing writes into (portal serve); `known`: what entries hold, as read in an earlier build of this process;
    `hashed`: the keys of the pages in `sources`, as computed in an earlier build."""

    folder: Path
    site: str  # site_key
    leave_out: bool = False
    known: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> title and search entries
    sources: Mapping[str, str | bytes] | None = None  # what the docs folder holds, as written (Writer.held)
    hashed: dict[str, tuple[str, object, str]] = field(default_factory=dict)  # page -> settings, source, key
    keys: dict[str, str] = field(default_factory=dict)  # src_uri -> key, for every page of this build
    cached: set[str] = field(default_factory=set)  # src_uris copied from the cache
    entries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # src_uri -> search entries
    titles: dict[str, str] = field(default_factory=dict)  # src_uri -> title, of the pages copied
    order: list[str] = field(default_factory=list)  # every page's src_uri, in MkDocs' order
    made: dict[str, tuple[Path, Path, str, Path]] = field(default_factory=dict)  # src_uri -> new entry, its place,
    # title, the page in the site
    built: int = 0
    left_out: dict[str, Path] = field(default_factory=dict)
    withheld: frozenset[str] = frozenset()  # feed tokens: a page showing such an address is built, never kept
    seal: CacheSeal | None = None  # a published build's: entries are kept encrypted (cache_seal.py)
    _folders: set[Path] = field(default_factory=set)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def plan(self, files: Files) -> None:
        """Copy every page found in the cache into the site (or list it, see `leave_out`), and
        mark it as not to be rebuilt."""
        self.order = [f.src_uri for f in files.documentation_pages()]
        for file in files.documentation_pages():
            key = self.keys[file.src_uri] = self._key(file)
            entry = self._path(key)
            try:
                about = self.known.get(key) or json.loads(self._read(entry / "page.json", key))
                self._place(entry / "page.html", file, key)
            except (OSError, ValueError):
                continue  # not cached, or a damaged entry: build it
            self.known[key] = about
            self.entries[file.src_uri] = about["search"]
            self.titles[file.src_uri] = about["title"]
            self.cached.add(file.src_uri)
            not_modified(file)

    def _key(self, file: File) -> str:
        """The hash of what the page is made from; of a source written in this process
        (`sources`), the one computed when it was written, while the settings are the same."""
        written = self.sources.get(file.src_uri) if self.sources is not None else None
        before = self.hashed.get(file.src_uri)
        if written is not None and before is not None and before[0] == self.site and before[1] is written:
            return before[2]
        assert file.abs_src_path is not None
        source = Path(file.abs_src_path).read_bytes()
        key = hashlib.sha256(f"{self.site}\0{file.src_uri}\0".encode() + source).hexdigest()
        if written is not None:
            self.hashed[file.src_uri] = (self.site, written, key)
        return key

    def _read(self, path: Path, key: str) -> bytes:
        data = opened(self.seal, f"{key}/{path.name}", path.read_bytes())
        if data is None:
            raise ValueError(f"{path} does not open")
        return data

    def _place(self, page: Path, file: File, key: str) -> None:
        if not page.is_file():
            raise FileNotFoundError(page)
        if self.leave_out:
            self.left_out[file.dest_uri] = page
            return
        html = self._read(page, key) if self.seal is not None else None
        dest = Path(file.abs_dest_path)
        if dest.parent not in self._folders:
            dest.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(dest.parent)
        if html is None:
            shutil.copyfile(page, dest)
        else:
            dest.write_bytes(html)

    def titled(self, nav: Navigation) -> None:
        """Pages copied from the cache are not read; the navigation shows their titles as built."""
        for page in nav.pages:
            if page.file.src_uri in self.titles:
                page.title = self.titles[page.file.src_uri]

    def keep(self, page: Page, output: str) -> None:
        """A page just built: kept for the next build once its search entries are known (`finish`)."""
        self.built += 1
        if self.withheld and shows_address(output, self.withheld):
            return
        key = self.keys[page.file.src_uri]
        entry = self._path(key)
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=".new-", dir=entry.parent))
        html = output.encode("utf-8", errors="xmlcharrefreplace")
        (temporary / "page.html").write_bytes(closed(self.seal, f"{key}/page.html", html))
        self.made[page.file.src_uri] = (temporary, entry, str(page.title), Path(page.file.abs_dest_path))

    def finish(self, entries: dict[str, list[dict[str, Any]]]) -> None:
        """Store the pages built, each with its search entries (`entries` by source path)."""
        for uri, (temporary, entry, title, dest) in self.made.items():
            if self.leave_out:  # the entry is the very file the site has: the served folder has it already
                _same_file(dest, temporary / "page.html")
            self.entries[uri] = entries.get(uri, [])
            key = self.keys[uri]
            about = self.known[key] = {"title": title, "search": self.entries[uri]}
            text = json.dumps(about, ensure_ascii=False).encode("utf-8")
            (temporary / "page.json").write_bytes(closed(self.seal, f"{key}/page.json", text))
            try:
                os.rename(temporary, entry)
            except OSError:  # another build stored the same page first
                shutil.rmtree(temporary, ignore_errors=True)
        self.made = {}

    def discard(self) -> None:
        """Drop the pages built but not stored (the build failed before `finish`)."""
        for temporary, *_ in self.made.values():
            shutil.rmtree(temporary, ignore_errors=True)
        self.made = {}

    def search_entries(self) -> list[dict[str, Any]]:
        """Every page's search entries in the order of a full build."""
        return [e for uri in self.order for e in self.entries.get(uri, [])]

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        wanted = set(self.keys.values())
        for key in self.known.keys() - wanted:
            del self.known[key]
        for uri in self.hashed.keys() - self.keys.keys():
            del self.hashed[uri]
        for shard in self.folder.glob("??"):
            for entry in shard.iterdir():
                if entry.name not in wanted and not entry.name.startswith(".new-"):
                    shutil.rmtree(entry, ignore_errors=True)


def _same_file(page: Path, copy: Path) -> None:
    """Make `copy` (a copy of `page`) a link to `page` where the filesystem allows."""
    linked = copy.with_name(copy.name + ".link")
    try:
        os.link(page, linked)
        os.replace(linked, copy)
    except OSError:
        linked.unlink(missing_ok=True)


def not_modified(file: File) -> None:
    file.is_modified = lambda: False  # type: ignore[method-assign]
