"""MkDocs hook: keep single Chinese characters out of the search index as words of their own.

Material segments a Chinese query greedily against the words in the index but
never tries the whole query as one word; when the first character of a name
(黄 of 黄敏) is itself a word in the index, the query shrinks to that character
and the name is not found. jieba and the page text leave such single characters
(年, 月, 张 …), so each is joined to its neighbour before the index is written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

_HAN = re.compile(r"[\u3400-\u9fff]")
_SOFT = re.compile(r"[\s\u200b]+")


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


@event_priority(-100)  # after Material's search plugin has written the index
def on_post_build(config: Any) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    separator = index["config"]["separator"]
    for doc in index["docs"]:
        doc["title"] = join_single_characters(doc["title"], separator)
        doc["text"] = join_single_characters(doc["text"], separator)
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
