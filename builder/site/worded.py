"""Templates in the team's words: a word of a template's own text (拜访) is written as the
team's word for it (走访, where team.yaml says `words: {visit: 走访}`).

The word is replaced in the template's text only, never inside `{{ }}`, `{% %}` or `{# #}`:
what a manager typed is inserted by expressions, so it stays as typed. A template needing
the word inside an expression says `"visit" | label` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from builder.labels import WORDED

_TAGS = re.compile(r"({{.*?}}|{%.*?%}|{#.*?#})", re.S)


def worded(source: str, say: Callable[[str], str]) -> str:
    """`source` with each word of WORDED in its text replaced by `say(key)`, an expression of the word."""
    parts = _TAGS.split(source)
    for i in range(0, len(parts), 2):  # the text between tags
        for word, key in WORDED.items():
            parts[i] = parts[i].replace(word, say(key))
    return "".join(parts)


class WordedLoader(FileSystemLoader):
    """Templates from `folder`, worded (see `worded`) with `say`."""

    def __init__(self, folder: Path, say: Callable[[str], str]) -> None:
        super().__init__(folder)
        self.say = say

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return worded(source, self.say), filename, uptodate
