"""Writing managers' files: new files from ruamel.yaml, and edits that touch only the edited node.

`set_top_level` parses the file with ruamel.yaml's round-trip loader to find where a
top-level key's block starts and ends, has ruamel.yaml emit the new block, and
leaves every other byte (comments, key order, quoting, indentation) as it was. The
result is parsed again and compared with what was intended before it replaces the
file, atomically.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap


class EditError(Exception):
    pass


def dumper() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def dump(data: Any) -> str:
    out = io.StringIO()
    dumper().dump(data, out)
    return out.getvalue()


def commented(items: list[tuple[str, object, str]]) -> CommentedMap:
    """A mapping whose keys each carry a comment at the end of their line ('' for none)."""
    node = CommentedMap()
    for key, value, comment in items:
        node[key] = value
        if comment:
            node.yaml_add_eol_comment(comment, key)
    return node


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never replaces an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as stream:
        stream.write(text)


def replace_file(path: Path, text: str) -> None:
    """`path` holds `text` at once (written aside, then moved over it): never half a file."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
        stream.write(text)
    os.replace(temporary, path)


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or (stripped.startswith("#") and not line[:1].isspace())


def set_top_level(path: Path, key: str, value: Any) -> None:
    """Give the top-level `key` of the YAML mapping in `path` the new `value`."""
    text = path.read_text(encoding="utf-8-sig")
    bom = path.read_bytes().startswith(b"\xef\xbb\xbf")
    data = YAML(typ="rt").load(text)
    if not isinstance(data, CommentedMap):
        raise EditError(f"{path.as_posix()}: 文件内容不是键值映射，无法修改")
    lines = text.splitlines(keepends=True)
    block = dump(CommentedMap([(key, value)]))
    if key in data:
        keys = list(data)
        start = data.lc.key(key)[0]
        following = keys.index(key) + 1
        end = data.lc.key(keys[following])[0] if following < len(keys) else len(lines)
        while end > start + 1 and _is_filler(lines[end - 1]):
            end -= 1  # blank lines and comments before the next key stay with it
        new_lines = [*lines[:start], block, *lines[end:]]
    else:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        new_lines = [*lines, block]
    result = "".join(new_lines)
    expected = YAML(typ="safe").load(text) or {}
    expected[key] = YAML(typ="safe").load(block)[key]
    if YAML(typ="safe").load(result) != expected:
        raise EditError(f"{path.as_posix()}: 修改后的内容与预期不符，文件未改动")
    replace_file(path, ("\ufeff" if bom else "") + result)
