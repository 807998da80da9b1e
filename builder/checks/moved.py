"""What a change moves for everyone: a new site_url changes every calendar subscription's address,
so a pull or merge request that changes it is told so (`portal check --base origin/main`)."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from builder.feeds.history import git_output
from builder.load.document import Document
from builder.problems import Problem, Severity
from builder.schema import Team


def _before(root: Path, base: str) -> str | None:
    """team.yaml's site_url at the commit `base` names, or None when git cannot show it."""
    shown = git_output(root, "show", f"{base}:./team.yaml", timeout=60)  # ./: relative to the data folder
    if shown is None:
        return None
    try:
        data = YAML(typ="safe").load(shown)
    except YAMLError:
        return None
    url = data.get("site_url", "") if isinstance(data, dict) else ""
    return url if isinstance(url, str) else ""


def site_url_moved(root: Path, team: Team, doc: Document, base: str) -> list[Problem]:
    before = _before(root, base)
    if before is None:
        return [
            doc.problem(
                (),
                "base-unreadable",
                f"读不到 {base} 中的 team.yaml，无法比较 site_url",
                "CI 中取出完整历史（GitHub：fetch-depth: 0；GitLab：GIT_DEPTH: 0）",
                severity=Severity.WARNING,
            )
        ]
    if before.strip() == team.site_url.strip():
        return []
    return [
        doc.problem(
            ("site_url",),
            "site-url-moved",
            f"site_url 从 {before.strip() or '（未设置）'} 改为 {team.site_url.strip() or '（未设置）'}："
            "每个人的日历订阅地址和二维码都会跟着变，旧地址不再更新",
            "确认新地址能打开后再合并，合并后用 portal feeds 把新的订阅地址发给每个人",
            severity=Severity.WARNING,
        )
    ]
