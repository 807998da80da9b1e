"""Rendering pages from the Jinja2 templates in site_templates/.

Autoescape is on: everything a manager typed is HTML-escaped wherever it lands.
Pages are Markdown files for MkDocs whose bodies are HTML blocks, so manager text
never reaches the Markdown parser as Markdown. Front matter is written as JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from builder.derive.records import log_url
from builder.labels import label


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


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    return f"{value.month}月{value.day}日"


def _full_day(value: date | None) -> str:
    return "—" if value is None else f"{value.year}年{value.month}月{value.day}日"


def _clock(value: time | datetime | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def _moment(value: datetime | time | None) -> str:
    """A date and time, or only the time when it is on the day of the page."""
    if value is None:
        return "—"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return f"{value.month}月{value.day}日 {value:%H:%M}"


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


def environment(words: Callable[[object], str] = label, folder: Path = TEMPLATES) -> Environment:
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(
        label=words,
        num=_number,
        pct=_percent,
        day=_day,
        full_day=_full_day,
        clock=_clock,
        moment=_moment,
        value=_value,
        tel=_tel,
    )
    env.globals.update(link=_link, label=words, log_url=log_url)
    return env


def render(env: Environment, page: Page, shared: Mapping[str, Any]) -> str:
    body = env.get_template(page.template).render({**shared, **page.context, "page_url": page.url})
    title = json.dumps(escape(page.title), ensure_ascii=False)  # a JSON string is a YAML string
    if not page.searchable:
        search = "search:\n  exclude: true\n"
    elif page.boost is not None:
        search = f"search:\n  boost: {page.boost:g}\n"
    else:
        search = ""
    return f"---\ntitle: {title}\ngenerated: true\n{search}---\n\n{body}"
