"""Ids that become file and folder names: safe on every system and in every address.

People, customers and metrics are written to pages named after their ids
(`people/<id>/`, `customers/<id>/`, `feeds/<id>.ics`), and logs and plans live in
folders named after people. So an id must be short enough for a file name, not a
name Windows reserves (CON, NUL, COM1…), safe in a URL, and unique regardless of
case: `Zhang` and `zhang` are one folder on macOS and Windows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from builder.load import Document, Kind, Loc
from builder.model import Dataset
from builder.problems import Problem

MAX_ID_LENGTH = 64
_URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")
_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])$", re.IGNORECASE)

Entry = tuple[Document, Loc, str]


def _items(doc: Document, *path: str) -> Iterator[tuple[Loc, Any]]:
    items: Any = doc.data
    for part in path:
        items = items.get(part) if isinstance(items, dict) else None
    for i, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield (*path, i, "id"), item["id"]


def _entries(ds: Dataset, kind: Kind, *path: str) -> list[Entry]:
    return [
        (doc, loc, ident) for doc in ds.documents_of(kind) if doc.data is not None for loc, ident in _items(doc, *path)
    ]


def _one(doc: Document, loc: Loc, ident: str, what: str) -> Iterator[Problem]:
    shown = ident if len(ident) <= 24 else ident[:20] + "…"
    if len(ident) > MAX_ID_LENGTH:
        yield doc.problem(
            loc,
            "id-too-long",
            f"{what}编号 '{shown}' 有 {len(ident)} 个字符，超过上限 {MAX_ID_LENGTH}",
            "编号会成为文件名和网址，用简短的拼音或字母，如 zhangwei",
        )
    if _RESERVED.match(ident):
        yield doc.problem(
            loc,
            "reserved-id",
            f"{what}编号 '{ident}' 是 Windows 保留的文件名",
            "CON、PRN、AUX、NUL、COM1–9、LPT1–9 不能作编号（不论大小写），换一个编号",
        )
    if not _URL_SAFE.match(ident):
        yield doc.problem(
            loc,
            "unsafe-id",
            f"{what}编号 '{shown}' 含有不能用于文件名或网址的字符",
            "编号只用字母、数字、- 和 _",
        )


def _names(entries: list[Entry], what: str) -> Iterator[Problem]:
    first: dict[str, Entry] = {}
    for doc, loc, ident in entries:
        yield from _one(doc, loc, ident, what)
        folded = ident.casefold()
        earlier = first.setdefault(folded, (doc, loc, ident))
        if earlier[2] != ident:
            yield _clash(earlier, (doc, loc, ident), what)


def _clash(earlier: Entry, later: Entry, what: str) -> Problem:
    """Two ids one folder on Windows and macOS: said at the one breaking the all-lower-case
    convention (the newer spelling, as a rule), else at the later."""
    at, other = (
        (earlier, later) if later[2] == later[2].lower() and earlier[2] != earlier[2].lower() else (later, earlier)
    )
    (doc, loc, ident), (other_doc, other_loc, other_ident) = at, other
    line, _ = other_doc.position(other_loc)
    place = f"第 {line} 行" if other_doc is doc else f" {other_doc.display} 第 {line} 行 "
    return doc.problem(
        loc,
        "case-clash",
        f"{what}编号 '{ident}' 与{place}的 '{other_ident}' 只差大小写",
        "在 Windows 和 macOS 上它们是同一个文件；编号一律用小写，改成不同的编号",
    )


def check_names(ds: Dataset, as_of: date) -> Iterator[Problem]:
    yield from _names(_entries(ds, Kind.PEOPLE) + _entries(ds, Kind.PEOPLE, "people"), "人员")
    yield from _names(_entries(ds, Kind.CUSTOMERS, "customers"), "客户")
    yield from _names(_entries(ds, Kind.TEAM, "metrics"), "指标")
