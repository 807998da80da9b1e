"""Where each feed lives: a capability address that only its owner is given.

Calendar apps cannot log in, so a feed is protected by its address: feeds/<token>/<file>,
the token an HMAC-SHA256 of the owner ('team', a supervisor's or a manager's id) under the
key in PORTAL_FEED_KEY, a CI secret that never enters the repository. 130 bits of it are
used, so an address cannot be guessed; changing the key moves every feed (the subscribe
page and `portal feeds` then show the new addresses).

Without the key (a build on a laptop) a development key is used and said so: such
addresses can be worked out from the repository, and CI refuses to publish them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

from builder.strength import KEY_GUESSES, too_weak

MIN_KEY = 32  # characters: `openssl rand -hex 32` gives 64
TOKEN_CHARACTERS = 26  # base32: 130 bits
DEVELOPMENT = "development key: addresses anyone with the repository can work out"


class FeedKeyError(Exception):
    pass


@dataclass(frozen=True)
class FeedKey:
    secret: bytes
    development: bool

    @classmethod
    def from_environment(cls, value: str | None) -> FeedKey:
        if not value:
            return cls(DEVELOPMENT.encode(), True)
        if len(value) < MIN_KEY:
            raise FeedKeyError(
                f"PORTAL_FEED_KEY 只有 {len(value)} 个字符；至少要 {MIN_KEY} 个，"
                "可以用 openssl rand -hex 32 或 python -c 'import secrets; print(secrets.token_hex(32))' 生成"
            )
        weak = too_weak(value, KEY_GUESSES)
        if weak:
            raise FeedKeyError(f"PORTAL_FEED_KEY 太容易猜：{weak}；请用 openssl rand -hex 32 生成")
        return cls(value.encode("utf-8"), False)

    def site_salt(self, team_name: str) -> bytes:
        """The salt of the sealed site's key: the team's own, as the feed key is (with the development
        key, a laptop's build, it follows from the team's name alone)."""
        return hmac.new(self.secret, f"portal-site-salt|{team_name}".encode(), hashlib.sha256).digest()[:16]

    def token(self, owner: str) -> str:
        digest = hmac.new(self.secret, f"portal-feed|{owner}".encode(), hashlib.sha256).digest()
        return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_CHARACTERS]

    def path(self, owner: str, file: str) -> str:
        return f"feeds/{self.token(owner)}/{file}"


DEVELOPMENT_KEY = FeedKey.from_environment(None)
ADDRESS = re.compile(rf"feeds/([a-z2-7]{{{TOKEN_CHARACTERS}}})/")


def shows_address(text: str, tokens: frozenset[str]) -> bool:
    """Whether `text` shows the address of a feed whose token is one of `tokens` (one scan of it)."""
    return any(found[1] in tokens for found in ADDRESS.finditer(text))
