"""MkDocs hook: the HTML blocks of generated pages skip the Markdown parser.

A generated page (front matter `generated: true`) is Markdown headings around blocks of
HTML that the templates wrote and escaped; Markdown would only copy those blocks, but it
parses every tag of them to find where each ends, which is most of the cost of a page.
Each run of balanced top-level blocks is set aside before Markdown runs and put back after it.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from markdown import Markdown
from mkdocs.structure.pages import Page

_BLOCKS = re.compile(r"\n[ \t]*\n")
_FIRST_TAG = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
_LEVEL = Markdown()


def _balanced(block: str) -> bool:
    """A block Markdown would copy as it is: it opens with a block-level element that closes at its end."""
    first = _FIRST_TAG.match(block)
    if not first or not _LEVEL.is_block_level(first[1]):
        return False
    tag = first[1]
    return block.rstrip().endswith(f"</{tag}>") and len(re.findall(rf"<{tag}[\s>]", block)) == block.count(f"</{tag}>")


def on_page_markdown(markdown: str, page: Page, config: Any, files: Any) -> str:
    if not page.meta.get("generated"):
        return markdown
    token = "PORTAL" + hashlib.sha256(markdown.encode()).hexdigest()[:16]
    kept: list[str] = []
    parts = []
    follows = False  # the last part was a set-aside block, so this one joins it
    for block in _BLOCKS.split(markdown):
        if _balanced(block.strip()):
            if follows:
                kept[-1] += "\n" + block.strip()
            else:
                parts.append(f"{token}X{len(kept)}")
                kept.append(block.strip())
            follows = True
        else:
            parts.append(block)
            follows = False
    page.portal_blocks = (token, kept)  # type: ignore[attr-defined]
    return "\n\n".join(parts)


def on_page_content(html: str, page: Page, config: Any, files: Any) -> str:
    token, kept = getattr(page, "portal_blocks", ("", []))
    if not kept:
        return html
    return re.sub(rf"<p>{token}X(\d+)</p>", lambda m: kept[int(m[1])], html)
