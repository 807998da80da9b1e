"""The YAML text of a demo file, byte for byte what ruamel.yaml's round-trip dumper writes
(block style, mappings indented 2, sequences 4 with the dash at 2), without its cost per node.

The layout of dicts and lists is the dumper's; every scalar is written as ruamel writes it:
plain when ruamel's own resolver reads it back as the same type and no character could
need quoting, otherwise by ruamel itself, once per distinct value. Anything else (None,
lists in lists, multi-line or very long text) makes the whole file go through ruamel.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

STR_TAG = "tag:yaml.org,2002:str"
LONGEST = 1000  # longer text is written by ruamel, which may fold it at its line width
# Characters that are always plain in block context: printable, no line breaks (\u2028, \u2029), no BOM.
PLAIN_CHARS = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]+")


class Unsupported(Exception):
    """A value the fast path does not write; ruamel writes the whole file."""


def dumper() -> YAML:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


class Emitter:
    def __init__(self) -> None:
        self._yaml = dumper()
        self._texts: dict[str, str] = {}  # strings as written
        self._floats: dict[str, str] = {}  # repr -> as written
        self._keys: dict[str, str] = {}  # key -> `key:`

    def dump(self, content: Any) -> str:
        try:
            out: list[str] = []
            if isinstance(content, dict) and content:
                self._mapping(content, 0, out)
            elif isinstance(content, list) and content:
                self._sequence(content, 2, out)
            else:
                raise Unsupported
            return "".join(out)
        except Unsupported:
            return self.ruamel(content)

    def ruamel(self, content: Any) -> str:
        stream = io.StringIO()
        self._yaml.dump(content, stream)
        return stream.getvalue()

    def _mapping(self, mapping: dict[Any, Any], column: int, out: list[str], first: str | None = None) -> None:
        """Keys at `column`; `first`, if given, already holds the first key's indentation (a dash)."""
        pad = " " * column
        for key, value in mapping.items():
            out.append(pad if first is None else first)
            first = None
            out.append(self._keys.get(key) or self._key(key))
            self._value(value, column, out)

    def _sequence(self, sequence: list[Any], column: int, out: list[str]) -> None:
        """Dashes at `column`."""
        dash = " " * column + "- "
        for item in sequence:
            if isinstance(item, dict) and item:
                self._mapping(item, column + 2, out, first=dash)
            elif isinstance(item, list):
                raise Unsupported
            else:
                out.append(f"{dash}{self._flat(item)}\n")

    def _value(self, value: Any, column: int, out: list[str]) -> None:
        if isinstance(value, dict) and value:
            out.append("\n")
            self._mapping(value, column + 2, out)
        elif isinstance(value, list) and value:
            out.append("\n")
            self._sequence(value, column + 2, out)
        else:
            out.append(f" {self._flat(value)}\n")

    def _flat(self, value: Any) -> str:
        """An empty dict or list, or a scalar, as it stands after `key: ` or `- `."""
        kind = type(value)
        if kind is str:
            found = self._texts.get(value)
            if found is None:
                found = self._texts[value] = self._text(value)
            return found
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if kind is date:
            return date.isoformat(value)
        if kind is dict or kind is list:
            return "{}" if kind is dict else "[]"
        if kind is not float:
            raise Unsupported
        number = repr(value)  # 0.0 == -0.0, but ruamel writes them apart
        found = self._floats.get(number)
        if found is None:
            found = self._floats[number] = self._by_ruamel(value)
        return found

    def _text(self, text: str) -> str:
        """Plain if ruamel's resolver reads `text` back as a string and ruamel's scalar
        analysis allows a plain block scalar, else in single quotes (what ruamel's emitter
        chooses for text with no `'`, line break or unprintable character)."""
        if not 0 < len(text) <= LONGEST or "'" in text or PLAIN_CHARS.fullmatch(text) is None:
            return self._by_ruamel(text)
        first, after = text[0], text[1:2]
        plain = not (
            text.startswith(("---", "..."))
            or first in '#,[]{}&*!|>"%@` '
            or (first in "?-" and after in ("", " "))
            or text.endswith((":", " "))
            or ": " in text
            or " #" in text
        )
        if plain and self._yaml.resolver.resolve(ScalarNode, text, (True, False)) == STR_TAG:
            return text
        return f"'{text}'"

    def _by_ruamel(self, value: Any) -> str:
        text = self.ruamel({"k": value})
        if not text.startswith("k: ") or not _one_line(text):
            raise Unsupported
        return text[3:-1]

    def _key(self, key: Any) -> str:
        """`key:` as ruamel writes it."""
        if type(key) is not str:
            raise Unsupported
        text = self.ruamel({key: 0})
        if not text.endswith(": 0\n") or not _one_line(text):
            raise Unsupported
        self._keys[key] = text[:-3]
        return text[:-3]


def _one_line(text: str) -> bool:
    """Whether ruamel wrote a short single line, which reads the same at any indentation."""
    return len(text) <= LONGEST and text.count("\n") == 1 and not any(c in text for c in "\x85\u2028\u2029")
