"""Stage 7, site: MkDocs Material turns the generated docs folder into the static site."""

from __future__ import annotations

import logging
import os
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

import jieba
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from builder.schema import Team

jieba.setLogLevel(logging.WARNING)


def write_search_words(path: Path, words: list[str]) -> None:
    """A jieba user dictionary, so that names are indexed as whole words (李娜, not 李 + 娜)."""
    unique = sorted({w for w in words if w and not any(c.isspace() for c in w)})
    path.write_text("".join(f"{w} 100000 nz\n" for w in unique), encoding="utf-8")


def configure(
    config_file: Path, docs: Path, site: Path, team: Team, nav: list[Any], search_words: Path | None
) -> MkDocsConfig:
    overrides: dict[str, Any] = {"docs_dir": str(docs), "site_dir": str(site), "site_name": escape(team.name)}
    if team.site_url:
        overrides["site_url"] = team.site_url
    config = load_config(str(config_file), nav=nav, **overrides)
    if search_words is not None:
        for plugin in config.plugins.values():
            if type(plugin).__module__.startswith("material.plugins.search"):
                plugin.config["jieba_dict_user"] = str(search_words)
    return config


def build_site(config: MkDocsConfig, as_of: date, serve_url: str | None = None) -> None:
    """Build, dating the site (sitemap) by the as-of day rather than the wall clock."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC).timestamp()))
    try:
        build(config, serve_url=serve_url)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
