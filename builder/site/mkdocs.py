"""Stage 7, site: MkDocs Material turns the generated docs folder into the static site."""

from __future__ import annotations

import logging
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import jieba
from jinja2 import BytecodeCache
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from builder import profiles
from builder.load.scalars import CORE
from builder.load.syntax import syntax_problem
from builder.schema import Team
from builder.site import page_cache
from builder.site.build_plugin import BuildPlugin, plugged
from builder.site.render import TEMPLATES
from builder.site.search_index import search_plugin

jieba.setLogLevel(logging.WARNING)


def write_search_words(path: Path, words: list[str]) -> None:
    """A jieba user dictionary, so that names are indexed as whole words (李娜, not 李 + 娜)."""
    unique = sorted({w for w in words if w and not any(c.isspace() for c in w)})
    path.write_text("".join(f"{w} 100000 nz\n" for w in unique), encoding="utf-8")


BASE = Path(__file__).resolve().parent / "mkdocs-base.yml"
HOOKS = [Path(__file__).resolve().parent / name for name in ("html_hook.py", "search_hook.py")]
THEME = TEMPLATES / "theme"
MERGED_BY_NAME = ("markdown_extensions", "plugins")


class SettingsError(Exception):
    """The team's mkdocs.yml cannot be read; the message says why and how to fix it."""


def _name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _by_name(base: list[Any], over: list[Any]) -> list[Any]:
    """Extensions or plugins: the base's, each replaced by the team's entry of that name, then the team's others."""
    overs = {_name(e): e for e in over}
    merged = [overs.pop(_name(e), e) for e in base]
    return merged + [e for e in over if _name(e) in overs]


def settings(team_file: Path | None) -> dict[str, Any]:
    """The portal's MkDocs settings with the team's mkdocs.yml (when there is one) laid over them."""
    yaml = YAML(typ="safe", pure=True)
    base: dict[str, Any] = yaml.load(BASE.read_text(encoding="utf-8"))
    if team_file is None or not team_file.is_file():
        return base
    text = team_file.read_text(encoding="utf-8")
    try:
        own = yaml.load(text) or {}
    except ConstructorError as exc:  # MkDocs' own !ENV, !relative and !!python/name tags build objects
        mark = exc.problem_mark
        tag = exc.problem.rsplit(" tag ", 1)[-1].strip("'").replace(CORE, "!!") if exc.problem else ""
        where = f"{team_file}:{mark.line + 1}:{mark.column + 1}" if mark else str(team_file)
        raise SettingsError(
            f"{where}: 不能用 ! 开头的标签（{tag}）；设置里只能写普通的值，删掉这个标签或这项设置"
        ) from None
    except MarkedYAMLError as exc:
        found = syntax_problem(str(team_file), text, exc)
        raise SettingsError(f"{found.path}:{found.line}:{found.column}: {found.message}（{found.hint}）") from None
    except YAMLError as exc:
        raise SettingsError(f"{team_file}: 读不懂这个 MkDocs 设置文件（{exc}）") from None
    if not isinstance(own, dict):
        raise SettingsError(f"{team_file}: MkDocs 设置应为“键: 值”的映射")
    for key in MERGED_BY_NAME:
        if isinstance(own.get(key), list) and isinstance(base.get(key), list):
            own[key] = _by_name(base[key], own[key])
    return profiles.merged(base, own)


def configure(
    config_file: Path | None,
    docs: Path,
    site: Path,
    team: Team,
    nav: list[Any],
    search_words: Path | None,
    serve_url: str | None = None,
) -> tuple[MkDocsConfig, str]:
    """MkDocs' configuration for one build, and the key of its pages in the page cache.

    The configuration is written beside the docs folder so that every path in it is absolute."""
    config = settings(config_file)
    config.update(
        docs_dir=str(docs.resolve()),
        site_dir=str(site.resolve()),
        site_name=escape(team.name),
        nav=nav,
        hooks=[str(h) for h in HOOKS],
        extra_css=["assets/portal.css", *config.get("extra_css", [])],
        extra_javascript=["assets/portal.js", *config.get("extra_javascript", [])],
    )
    config.setdefault("copyright", f"{escape(team.name)} · 网站由 MkDocs Material 生成")
    config.setdefault("theme", {}).setdefault("custom_dir", str(THEME))  # pages of the theme's own, in Chinese
    if team.site_url:
        config["site_url"] = team.site_url
    path = docs.parent / "mkdocs.yml"
    with path.open("w", encoding="utf-8") as stream:
        YAML(typ="safe", pure=True).dump(config, stream)
    loaded = _validated(path, config_file)
    if search_words is not None and (search := search_plugin(loaded)) is not None:  # loaded by search_index.py
        search.config["jieba_dict_user"] = str(search_words)
    words = search_words.read_bytes() if search_words is not None else b""
    return loaded, page_cache.site_key(config, words, serve_url)


def _validated(path: Path, team_file: Path | None) -> MkDocsConfig:
    """MkDocs' own reading of the settings (load_config), its errors raised as the team's to mend."""
    loaded = MkDocsConfig(config_file_path=str(path))
    with path.open("rb") as stream:
        loaded.load_file(stream)
    failed, warned = loaded.validate()
    for name, warning in warned:
        logging.getLogger("mkdocs.config").warning(f"Config value '{name}': {warning}")
    if failed:
        said = "；".join(f"{name}: {error}" for name, error in failed)
        where = team_file.as_posix() if team_file is not None else "MkDocs 设置"
        raise SettingsError(f"{where}: MkDocs 不接受这些设置（{said}）；改正 {where} 中对应的项")
    return loaded


def build_site(
    config: MkDocsConfig,
    as_of: date,
    serve_url: str | None = None,
    cache: page_cache.PageCache | None = None,
    compiled: BytecodeCache | None = None,
) -> None:
    """Build, dating the site (sitemap) by the as-of day rather than the wall clock, reusing
    the pages `cache` holds and the `compiled` templates (see build_plugin.py)."""
    with plugged(config, BuildPlugin(as_of, cache, compiled, serve_url)):
        try:
            build(config, serve_url=serve_url, dirty=cache is not None)  # the site folder is new and empty
            if cache is not None:
                cache.prune()
        finally:
            if cache is not None:
                cache.discard()
