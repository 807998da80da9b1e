"""What stands in front of the site: the publish guard (judged by the CI and the host, not by the
data alone), the seal made from PORTAL_SITE_PASSWORD, and the feeds' key."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.ci import DOOR, NO_DOOR, Runner, runner
from builder.feeds.addresses import FeedKey
from builder.model import Dataset
from builder.schema import Team
from builder.site.private import Sealer


class Unprotected(Exception):
    """The site would be published with customer data and nothing in front of it."""


@dataclass(frozen=True)
class Publishing:
    """How this build is published: the site password (PORTAL_SITE_PASSWORD), the feed key, the CI
    it runs in (None on a person's machine) and the door its host is said to have (PORTAL_SITE_DOOR)."""

    password: str = ""
    feed_key: str = ""
    runner: Runner | None = None
    door: str = ""

    @classmethod
    def from_environment(cls, env: Mapping[str, str]) -> Publishing:
        return cls(
            env.get("PORTAL_SITE_PASSWORD", ""), env.get("PORTAL_FEED_KEY", ""), runner(env), env.get(DOOR, "").strip()
        )

    @property
    def from_ci(self) -> bool:
        """A CI run that publishes: not a review of a pull or merge request."""
        return self.runner is not None and not self.runner.review


SECRETS_WHERE = (
    "GitHub 在 Settings → Secrets and variables → Actions；GitLab 在 Settings → CI/CD → Variables，"
    "勾选 Masked 和 Protected（只给受保护的分支，合并请求拿不到）"
)
UNPROTECTED = (
    "网站含有客户数据，不能不加保护地发布。请任选其一：\n"
    f"  1. 在 CI 的密钥中设置 PORTAL_SITE_PASSWORD（至少 12 个字符、不易猜）：{SECRETS_WHERE}；"
    "网站会整体加密，打开时输入这个密码；\n"
    "  2. 托管方已有门禁（GitLab Pages 访问控制、nginx 认证、单位内网）时，在 team.yaml 写 "
    f"publish: {{protected_by_host: true}}，并在 CI 变量 {DOOR} 中写明是哪道门禁（如 gitlab-pages-access-control）；\n"
    "  3. 确实要让任何人都能看到，在 team.yaml 写 publish: {public: true}。"
)
NO_FEED_KEY = (
    "日历订阅的地址要由 CI 密钥 PORTAL_FEED_KEY 生成才猜不到（日历应用不会登录，订阅靠地址保密）。"
    "请在 CI 的密钥中设置 PORTAL_FEED_KEY（openssl rand -hex 32 的输出），"
    f"{SECRETS_WHERE}；发布后用 portal feeds 查看各人的地址；换密钥即换掉所有地址。"
)
PUBLIC_REPOSITORY = (
    "数据仓库是公开的：{ci} 说任何人都能看到它，而其中的客户电话、证件号和金额都没有遮盖。"
    "请把仓库设为私有（GitHub：Settings → General → Danger Zone → Change visibility；"
    "GitLab：Settings → General → Visibility），再发布；确实要公开一切，在 team.yaml 写 publish: {{public: true}}。"
)
NO_DOOR_NAMED = (
    f"team.yaml 写了 publish: {{protected_by_host: true}}，但 CI 变量 {DOOR} 没有说是哪道门禁。"
    f"请在 CI 变量中设置 {DOOR}，如 gitlab-pages-access-control、nginx-basic-auth 或 intranet；"
    "GitHub Pages 没有登录，不能算门禁，请改用 PORTAL_SITE_PASSWORD。"
)
NOT_A_DOOR = (
    f"{DOOR} 是 {{door}}：这个托管方不能要求登录，谁都能打开网站。"
    "请改用 PORTAL_SITE_PASSWORD（网站整体加密），或发布到有门禁的地方。"
)


def guard(team: Team, publishing: Publishing) -> None:
    """Refuses to publish customer data from CI with nothing in front of it."""
    ci = publishing.runner
    if ci is None or ci.review:
        return
    if ci.public and not team.publish.public:
        raise Unprotected(PUBLIC_REPOSITORY.format(ci=ci.name))
    if team.publish.public:
        return
    if not publishing.password:
        if not team.publish.protected_by_host:
            raise Unprotected(UNPROTECTED)
        if not publishing.door:
            raise Unprotected(NO_DOOR_NAMED)
        if publishing.door.lower() in NO_DOOR:
            raise Unprotected(NOT_A_DOOR.format(door=publishing.door))
    if not publishing.feed_key:
        raise Unprotected(NO_FEED_KEY)


@dataclass(frozen=True)
class Door:
    """What keeps the site from the world: its seal (PORTAL_SITE_PASSWORD), the feeds' key, and what
    the pages may therefore show."""

    sealer: Sealer | None
    key: FeedKey
    listed: bool  # the feeds' addresses are listed on the 日历订阅 page
    protected: bool  # the pages may show the fields team.yaml's publish.show names


def door(dataset: Dataset, publishing: Publishing, key: FeedKey) -> Door:
    """`key`: the feeds' key, as FeedKey.from_environment read publishing.feed_key."""
    team = dataset.team
    assert team is not None
    guard(team, publishing)
    words = [team.organisation, *(p.id for p in dataset.people), *(p.name for p in dataset.people)]
    sealer = (
        Sealer.for_team(publishing.password, team.name, key.site_salt(team.name), words)
        if publishing.password
        else None
    )
    protected = bool(sealer) or team.publish.protected_by_host
    return Door(sealer, key, protected or key.development, protected)
