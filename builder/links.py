"""Addresses written in team.yaml: what a web address must look like, and the links made from them."""

from __future__ import annotations

import re
import string
from urllib.parse import quote, urlsplit

SOURCE_FIELDS = frozenset({"path", "line"})


# Characters a URL never holds unescaped; in an attribute or a feed they would end the address.
_NOT_IN_URLS = re.compile(r"[\s\"'<>`{}|\\^\x00-\x1f\x7f]")


def web_address_problem(url: str) -> str:
    """Why `url` is not an http(s) address with a host; empty when it is one."""
    if bad := _NOT_IN_URLS.search(url):
        return f"网址 {url!r} 中有不能直接写的字符 {bad[0]!r}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"'{url}' 不是网址"
    if parts.scheme.lower() not in ("http", "https"):
        return f"'{url}' 不是 http:// 或 https:// 开头的网址"
    if not parts.hostname:
        return f"网址 '{url}' 没有主机名"
    return ""


def source_template_problem(template: str) -> str:
    """Why `template` cannot make links to the data files; empty when it can."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template)]
    except ValueError as exc:
        return f"source_url 的花括号不成对：{exc}"
    for name, spec, conversion in fields:
        if name is None:
            continue
        if name not in SOURCE_FIELDS or spec or conversion:
            return f"source_url 中的 {{{name}}} 不能识别，只能用 {{path}} 和 {{line}}"
    return web_address_problem(template.replace("{path}", "data").replace("{line}", "1"))


def source_link(template: str, path: str, line: int) -> str:
    """The link to line `line` of the repository file `path`; empty when the template is not usable."""
    if not template or source_template_problem(template):
        return ""
    return template.format(path=quote(path, safe="/"), line=line)
