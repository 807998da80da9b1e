"""The work folder's caches of a published build, encrypted: they hold the team's data (parsed
files, rendered Markdown, built pages) and CI keeps them between runs, so under a real feed key
every entry is sealed with a key made from it (AES-256-GCM, the entry's name as associated data).
An entry that does not open (another key, another name, damaged) is a miss, never an error."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

if TYPE_CHECKING:  # builder.feeds reads the data: it imports what imports this
    from builder.feeds.addresses import FeedKey

MAGIC = b"portal-cache-sealed-1\n"


@dataclass(frozen=True)
class CacheSeal:
    key: bytes

    @classmethod
    def for_key(cls, feed_key: FeedKey) -> CacheSeal | None:
        """The seal of a build with a real feed key (a published one); None for a laptop's build."""
        if feed_key.development:
            return None
        return cls(hmac.new(feed_key.secret, b"portal-cache", hashlib.sha256).digest())

    @property
    def name(self) -> str:
        """What the caches' keys include: entries sealed under one key are never looked for under another
        nor by a build without one."""
        return hashlib.sha256(b"portal-cache-name\0" + self.key).hexdigest()[:16]

    def close(self, name: str, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return MAGIC + nonce + AESGCM(self.key).encrypt(nonce, data, name.encode())

    def open(self, name: str, sealed: bytes) -> bytes | None:
        if not sealed.startswith(MAGIC):
            return None
        body = sealed[len(MAGIC) :]
        try:
            return AESGCM(self.key).decrypt(body[:12], body[12:], name.encode())
        except (InvalidTag, ValueError):
            return None


def closed(seal: CacheSeal | None, name: str, data: bytes) -> bytes:
    return seal.close(name, data) if seal is not None else data


def opened(seal: CacheSeal | None, name: str, data: bytes) -> bytes | None:
    """An entry's content: as written without a seal (None if it is sealed); opened, or None, with one."""
    if seal is None:
        return None if data.startswith(MAGIC) else data
    return seal.open(name, data)


def seal_name(seal: CacheSeal | None) -> str:
    return seal.name if seal is not None else ""
