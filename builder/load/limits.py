"""Limits on a data file, checked before it is parsed so that a hostile file is refused fast.

A daily log is a few kilobytes and the largest customer file a few hundred; these
bounds are far above any real file and far below what makes the build slow.
"""

from __future__ import annotations

import re

MAX_FILE_BYTES = 8 * 1024 * 1024  # refused from the file's size alone, before reading it
MAX_LINE_CHARS = 20_000  # one line (a one-line string of megabytes is refused before parsing)
MAX_DEPTH = 64  # nesting of lists and mappings
MAX_NODES = 200_000  # values, counting every expansion of an alias (billion laughs)
MAX_NUMBER_DIGITS = 40  # a longer number is no amount nor count

# What YAML forbids in a file: control characters other than tab and line breaks,
# surrogates and the two non-characters (the complement of YAML's printable set).
FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def long_line(text: str) -> tuple[int, int] | None:
    """(line, length) of the first line longer than MAX_LINE_CHARS, 1-based; None if none is."""
    if len(text) <= MAX_LINE_CHARS:
        return None
    start = 0
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            return number, len(line)
        start += len(line) + 1
    return None
