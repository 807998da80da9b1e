"""A private site on any static host: every page, the search index and the exports are
encrypted at build time with the team's password and decrypted in the browser.

Each HTML file becomes a small locked page holding the encrypted original; assets/private.js
asks for the password once per tab (the derived key is a non-extractable CryptoKey in IndexedDB,
removed by the 锁定 button every page gains), decrypts the page with its own address as the
associated data (a page copied to another address does not open), writes it in place, and hands
Material's search its decrypted index.
Exports are decrypted when their link is clicked. Calendar feeds are left as they are: calendar
apps cannot log in, so feeds live at unguessable addresses instead.

AES-256-GCM with a key derived by PBKDF2-SHA256 (600,000 rounds, the browser repeats the
derivation with WebCrypto). The salt is the team's own, made from the feed key (a random CI secret),
and the nonce of each file from its path and content, so the same data and secrets build the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from builder.strength import PASSWORD_GUESSES, too_weak

ROUNDS = 600_000
MIN_PASSWORD = 12
OPEN = ("feeds/", "assets/")  # left readable: the feeds (capability addresses) and the theme's files
DROPPED = ("sitemap.xml", "sitemap.xml.gz")  # a list of every page's address tells too much


class PasswordError(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@dataclass(frozen=True)
class Sealer:
    key: bytes
    salt: bytes
    title: str

    @classmethod
    def for_team(cls, password: str, team_name: str, salt: bytes, words: Iterable[str] = ()) -> Sealer:
        """`salt`: the team's own (FeedKey.site_salt); `words`: names a guesser would try first."""
        if len(password) < MIN_PASSWORD:
            raise PasswordError(
                f"PORTAL_SITE_PASSWORD 只有 {len(password)} 个字符；网站的密码至少要 {MIN_PASSWORD} 个字符，"
                "网站文件谁都能下载，短密码能被离线猜出来"
            )
        weak = too_weak(password, PASSWORD_GUESSES, [team_name, *words])
        if weak:
            raise PasswordError(
                f"PORTAL_SITE_PASSWORD 太容易猜：{weak}。网站文件谁都能下载，密码能被离线反复试；"
                "请换成几个不相干的词连在一起，如“晨会八点 correct horse”"
            )
        kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=ROUNDS)
        return cls(kdf.derive(password.encode("utf-8")), salt, team_name)

    def seal(self, relative: str, data: bytes) -> bytes:
        """nonce (12 bytes) + ciphertext; the nonce is unique to this file's path and content."""
        nonce = hmac.new(self.key, relative.encode() + b"\0" + data, hashlib.sha256).digest()[:12]
        return nonce + AESGCM(self.key).encrypt(nonce, data, relative.encode())

    def locked_page(self, relative: str, html: bytes) -> str:
        depth = relative.count("/")
        root = "../" * depth or "./"
        sealed = {
            "salt": _b64(self.salt),
            "rounds": ROUNDS,
            "path": relative,
            "data": _b64(self.seal(relative, html)),
            "root": root,
        }
        payload = json.dumps(sealed).replace("</", "<\\/")
        return LOCKED.format(title=escape(self.title), root=root, payload=payload)


LOCKED = """<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<link rel="icon" href="data:,">
<title>{title}</title>
<link rel="stylesheet" href="{root}assets/private.css">
</head><body>
<main class="portal-lock" id="portal-lock">
<h1>{title}</h1>
<p>这个网站只对团队成员开放。</p>
<form id="portal-unlock" autocomplete="on">
<label for="portal-password">团队密码</label>
<input id="portal-password" name="password" type="password" autocomplete="current-password" required autofocus>
<button type="submit">打开</button>
<p id="portal-message" role="alert" aria-live="assertive"></p>
</form>
<noscript><p>请允许浏览器运行脚本：网站内容在浏览器中解密。</p></noscript>
</main>
<script type="application/json" id="portal-sealed">{payload}</script>
<script src="{root}assets/private.js"></script>
</body></html>
"""


def seal_site(site: Path, sealer: Sealer) -> int:
    """Encrypt every page, the search index and the exports of the built `site` in place; returns how many."""
    count = 0
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if not path.is_file() or relative.startswith(OPEN):
            continue
        if relative in DROPPED:
            path.unlink()
        elif path.suffix == ".html":
            path.write_text(sealer.locked_page(relative, path.read_bytes()), encoding="utf-8")
            count += 1
        elif relative.startswith(("search/", "export/")):
            path.write_bytes(sealer.seal(relative, path.read_bytes()))
            count += 1
    return count
