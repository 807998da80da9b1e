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
        self._scalars: dict[tuple[type, Any], str] = {}
        self._keys: dict[str, str] = {}  # key -> `key:`
        self._plains: dict[str, bool] = {}

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
            plain = self._plains.get(value)
            if plain is None:
                plain = self._plains[value] = self._plain(value)
            if plain:
                return value
        elif kind is bool:
            return "true" if value else "false"
        elif kind is int:
            return str(value)
        elif kind is date:
            return value.isoformat()
        elif kind is dict or kind is list:
            return "{}" if kind is dict else "[]"
        elif kind is not float:
            raise Unsupported
        found = self._scalars.get((kind, value))
        if found is None:
            found = self._scalars[(kind, value)] = self._by_ruamel(value)
        return found

    def _plain(self, text: str) -> bool:
        """Whether ruamel writes `text` as it is: it reads back as a string and nothing in it
        is a YAML indicator in block context (a stricter test than ruamel's own)."""
        return (
            0 < len(text) <= LONGEST
            and text[0] not in "#,[]{}&*!|>'\"%@`?:-. "
            and text[-1] not in ": "
            and PLAIN_CHARS.fullmatch(text) is not None
            and ": " not in text
            and " #" not in text
            and self._yaml.resolver.resolve(ScalarNode, text, (True, False)) == STR_TAG
        )

    def _by_ruamel(self, value: Any) -> str:
        text = self.ruamel({"k": value})
        if not text.startswith("k: ") or text.count("\n") != 1 or len(text) > LONGEST:
            raise Unsupported
        return text[3:-1]

    def _key(self, key: Any) -> str:
        """`key:` as ruamel writes it."""
        if type(key) is not str:
            raise Unsupported
        text = self.ruamel({key: 0})
        if not text.endswith(": 0\n") or text.count("\n") != 1 or len(text) > LONGEST:
            raise Unsupported
        self._keys[key] = text[:-3]
        return text[:-3]
