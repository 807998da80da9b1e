"""MkDocs hook: the HTML blocks of generated pages skip the Markdown parser.

A generated page (front matter `generated: true`) is Markdown headings around blocks of
HTML that the templates wrote and escaped; Markdown would only copy those blocks, but it
parses every tag of them to find where each ends, which is most of the cost of a page.
Each run of balanced top-level blocks is set aside before Markdown runs and put back when
the page is built.

A block whose first tag carries `data-search-exclude` (tables of numbers, charts) is left
out of `page.portal_search`, the HTML that search_index.py indexes in place of the page's:
Material would skip its text anyway, after parsing every tag of it. There, a space follows
each table cell and row, so that a search result does not run one cell into the next.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from markdown import Markdown
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

_BLOCKS = re.compile(r"\n[ \t]*\n")
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_SPACE = re.compile(r"\s*")
_UNSEARCHED = re.compile(r"<[a-z][a-z0-9]*\s[^>]*\bdata-search-exclude[\s>=]")
_CELL_END = re.compile(r"</t[dhr]>")  # search would run one cell's text into the next
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_KEPT = "h[1-6]|p|pre|code|li|ol|ul|sub|sup|script|style|object"  # tags Material's indexing reads or skips
_STRUCTURE = re.compile(rf"<(?:{_KEPT})[\s>]|<!|data-search-exclude|linenodiv")
_LEVEL = Markdown()


def _elements(block: str) -> list[str] | None:
    """The elements of a block Markdown would copy as it is: block-level elements one after the
    other, each closing before the next opens, nothing but white space between them; None if not."""
    elements = []
    at = 0
    while at < len(block):
        first = _FIRST_TAG.match(block, at)
        if not first or not _LEVEL.is_block_level(first[1]):
            return None
        depth, end = 0, 0
        for tag in re.compile(rf"<{first[1]}[\s>]|</{first[1]}>").finditer(block, at):
            depth += -1 if tag[0][1] == "/" else 1
            if depth == 0:
                end = tag.end()
                break
        if not end:
            return None
        elements.append(block[at:end])
        at = _SPACE.match(block, end).end()  # type: ignore[union-attr]  # it matches the empty string
    return elements


def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    if not page.meta.get("generated"):
        return markdown
    token = "PORTAL" + hashlib.sha256(markdown.encode()).hexdigest()[:16]
    kept: list[list[str]] = []  # runs of blocks, each as it is shown and as it is searched
    parts = []
    follows = False  # the last part was a block set aside, so this one joins it
    for part in _BLOCKS.split(markdown):
        elements = _elements(part.strip())
        if not elements:
            parts.append(part)
            follows = False
            continue
        if not follows:
            parts.append(f"{token}X{len(kept)}")
            kept.append([])
        kept[-1].extend(elements)
        follows = True
    page.portal_blocks = (token, kept)  # type: ignore[attr-defined]
    return "\n\n".join(parts)


@event_priority(-100)  # after every other plugin has seen the page
def on_page_content(html: str, page: Page, config: Any, files: Any) -> str:
    """MkDocs turns every page into HTML before it builds any: a page keeps only its HTML, with
    its blocks still set aside, until it is built (`on_page_context`). Its Markdown is emptied,
    not None: MkDocs takes None for a page not yet read, and gives it no title."""
    page.markdown = ""
    return html


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context: dict[str, Any], page: Page, config: Any, nav: Any) -> dict[str, Any]:
    token, kept = vars(page).pop("portal_blocks", ("", []))
    if kept:
        placeholder = re.compile(rf"<p>{token}X(\d+)</p>")
        page.portal_search = placeholder.sub(  # type: ignore[attr-defined]
            lambda m: "\n".join(_searched(b) for b in kept[int(m[1])] if not _UNSEARCHED.match(b)),
            page.content or "",
        )
        page.content = placeholder.sub(lambda m: "\n".join(kept[int(m[1])]), page.content or "")
    return context


def _searched(block: str) -> str:
    """The block as search reads it. A block of tags Material's indexing drops (tables, links,
    spans: no heading, paragraph, list or code) is handed over as the text it would take from
    it, its tags gone, sparing the parser most of a page's tags: each run of white space between
    tags counts once, as Material counts it, and none at either end (white space joins blocks)."""
    block = _CELL_END.sub(r"\g<0> ", block)
    if _STRUCTURE.search(block):
        return block
    pieces, blank = [], True  # blank: the last piece taken was white space (or none yet)
    for piece in _TAG.split(block):
        if not piece:
            continue
        if piece.isspace():
            if not blank:
                pieces.append(" ")
            blank = True
        else:
            pieces.append(piece.replace("\n", " "))
            blank = False
    if pieces and blank:
        pieces.pop()
    return "".join(pieces)
