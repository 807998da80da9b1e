"""Rendering pages from the Jinja2 templates in site_templates/.

Autoescape is on: everything a manager typed is HTML-escaped wherever it lands.
Pages are Markdown files for MkDocs whose bodies are HTML blocks, so manager text
never reaches the Markdown parser as Markdown. Front matter is written as JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, StrictUndefined, pass_context
from markupsafe import Markup

from builder.derive.links import log_url
from builder.labels import Words
from builder.site.worded import WordedLoader


def _templates() -> Path:
    """site_templates/: inside the installed package, or beside it in a checkout of the project."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "site_templates"
    return inside if inside.is_dir() else package.parent / "site_templates"


TEMPLATES = _templates()


@dataclass(frozen=True)
class Page:
    url: str  # "" for the home page, else "folder/name/"
    title: str  # plain text; escaped when written
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    searchable: bool = True
    reusable: bool = False  # one of many pages, most of them the same from build to build (see rendered.py)
    boost: float | None = None  # Material's search ranks the page this many times higher

    @property
    def path(self) -> str:
        """The Markdown file MkDocs turns into `url`."""
        return "index.md" if not self.url else self.url.rstrip("/") + ".md"


def relative(target: str, page: str) -> str:
    """The link from the page at URL `page` to the URL `target` (both relative to the site root;
    `target` may end in a #fragment)."""
    target, hash_, fragment = target.partition("#")
    here = [p for p in page.split("/") if p]
    there = [p for p in target.split("/") if p]
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


def _number(value: float | None, digits: int = 1) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _percent(value: float | None) -> str:
    return "—" if value is None or not math.isfinite(value) else f"{value:.0f}%"


def _change(value: float | None, points: bool = False) -> str:
    """A change in percent, signed: +100% is never read as 100% of the base; a rate's in
    percentage points (+4.3 个百分点)."""
    if value is None or not math.isfinite(value):
        return "—"
    if points:
        return f"{value:+.1f} 个百分点" if round(value, 1) else "0 个百分点"
    rounded = round(value)
    return f"{rounded:+d}%" if rounded else "0%"


def _whole(text: str) -> Markup:
    """A date that is never broken across lines (a browser would break 11月16日 before 日)."""
    return Markup('<span class="portal-date">{}</span>').format(text)


def _day(value: date | datetime | None) -> Markup | str:
    if value is None:
        return "—"
    return _whole(f"{value.month}月{value.day}日")


def _full_day(value: date | None) -> Markup | str:
    return "—" if value is None else _whole(f"{value.year}年{value.month}月{value.day}日")


def _countdown(value: date, lead: str = "") -> Markup:
    """（`lead`，还有 N 天）: the days from the reader's today to `value`, written in by assets/portal.js,
    so that a page need not change every day to say it (the date itself stands beside it)."""
    shown = f"（{lead}）" if lead else ""
    return Markup('<span class="portal-countdown" data-day="{}" data-lead="{}">{}</span>').format(
        value.isoformat(), lead, shown
    )


def _clock(value: time | datetime | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def _moment(value: datetime | time | None) -> Markup | str:
    """A date and time, or only the time when it is on the day of the page."""
    if value is None:
        return "—"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return _whole(f"{value.month}月{value.day}日") + f" {value:%H:%M}"


def _value(value: object) -> str:
    """A value of one of the team's own fields, as people read it."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return _number(value, 2)
    if isinstance(value, date):
        return _full_day(value)
    return str(value)


def _tel(value: str) -> Markup | str:
    """A phone number as a link that dials it; a masked one stays text."""
    digits = re.sub(r"[^\d+]", "", value)
    if not value or "*" in value or len(digits) < 5:
        return value
    return Markup('<a href="tel:{}">{}</a>').format(digits, value)


@pass_context
def _link(context: Any, target: str) -> str:
    return relative(target, context["page_url"])


def templates_stamp(folder: Path = TEMPLATES) -> tuple[tuple[str, int, int, int], ...]:
    """What tells whether a page template changed (portal serve keeps pages it need not render again)."""
    found = []
    for path in sorted(folder.rglob("*.j2")):
        info = path.stat()
        found.append((path.as_posix(), info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    return tuple(found)


def environment(
    words: Words | None = None, folder: Path = TEMPLATES, compiled: BytecodeCache | None = None
) -> Environment:
    """The pages' templates in the team's `words`; `compiled` keeps them compiled from build to build
    (portal serve)."""
    words = words or Words(None)
    env = Environment(
        loader=WordedLoader(folder, lambda key: '{{ "' + key + '" | label }}'),
        bytecode_cache=compiled,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        label=pass_context(
            lambda _, key: words(key)
        ),  # not folded into the compiled template: the words are the team's
        item=pass_context(lambda _, key: words.item(key)),
        num=_number,
        pct=_percent,
        change=_change,
        day=_day,
        full_day=_full_day,
        countdown=_countdown,
        clock=_clock,
        moment=_moment,
        value=_value,
        tel=_tel,
    )
    env.globals.update(link=_link, label=words, log_url=log_url)
    return env


_TABLE = re.compile(r'<table class="([^"]*\bportal-table\b[^"]*)">(.*?)</table>', re.S)
_HEAD = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL = re.compile(r"<td\b([^>]*)>")
_SPAN = re.compile(r'\b(rowspan|colspan)="(\d+)"')
_TAG = re.compile(r"<[^>]*>")


def _labelled_rows(body: str, labels: list[str]) -> str:
    """Each body cell given `data-label`, its column's heading, counting cells that span rows or columns."""
    covered: dict[int, int] = {}  # column -> rows still covered by a cell from a row above

    def row(match: re.Match[str]) -> str:
        column = 0

        def cell(found: re.Match[str]) -> str:
            nonlocal column
            while covered.get(column, 0) > 0:
                covered[column] -= 1
                column += 1
            spans = dict(_SPAN.findall(found[1]))
            rows, columns = int(spans.get("rowspan", 1)), int(spans.get("colspan", 1))
            label = labels[column] if column < len(labels) else ""
            for c in range(column, column + columns):
                if rows > 1:
                    covered[c] = rows - 1
            column += columns
            return f'<td data-label="{label}"{found[1]}>' if label else found[0]

        done = _CELL.sub(cell, match[0])
        for c in range(column, len(labels)):  # cells covered at the end of a row
            if covered.get(c, 0) > 0:
                covered[c] -= 1
        return done

    return _ROW.sub(row, body)


def stack_tables(html: str) -> str:
    """Tables with a heading row, marked `portal-stack` and each cell labelled with its heading, so that on a phone
    (portal.css) every row reads as a card of labelled values. A table marked `portal-keep` stays a table.

    The markup is the templates' own, with every text in it escaped, so a tag is never inside a text.
    """

    def table(match: re.Match[str]) -> str:
        classes, inner = match[1].split(), match[2]
        head, found, body = inner.partition("</thead>")
        if not found or "portal-keep" in classes:
            return match[0]
        # a heading's first line, as text: its markup stripped, its escapes kept (they stay escaped in the attribute)
        labels = [" ".join(_TAG.sub(" ", re.split(r"<br\s*/?>", h)[0]).split()) for h in _HEAD.findall(head)]
        classes += [] if "portal-stack" in classes else ["portal-stack"]
        return f'<table class="{" ".join(classes)}">{head}</thead>{_labelled_rows(body, labels)}</table>'

    return _TABLE.sub(table, html)


def render(env: Environment, page: Page, shared: Mapping[str, Any]) -> str:
    body = stack_tables(env.get_template(page.template).render({**shared, **page.context, "page_url": page.url}))
    title = json.dumps(escape(page.title), ensure_ascii=False)  # a JSON string is a YAML string
    if not page.searchable:
        search = "search:\n  exclude: true\n"
    elif page.boost is not None:
        search = f"search:\n  boost: {page.boost:g}\n"
    else:
        search = ""
    return f"---\ntitle: {title}\ngenerated: true\n{search}---\n\n{body}"
