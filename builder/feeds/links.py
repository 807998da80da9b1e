"""What the subscribe page shows of the feeds: who should take which, their addresses, QR codes and sizes.

A manager takes their own two feeds, a supervisor the feed of their group (or of
the team); each list leads with those. A QR code holds the webcal:// address: a
phone's camera then opens the calendar app's subscribe dialog, where an https://
address would download a one-off copy. Every feed lives at a capability address
(feeds/addresses.py); the page lists them only where the site itself is behind a door
(the team's password or the host's login), and is kept out of the search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import Markup

from builder.derive import Derived
from builder.feeds import Feed

WHOSE = {"team": "团队日历", "group": "小组日历"}


@dataclass(frozen=True)
class FeedLink:
    feed: Feed
    https: str
    webcal: str
    qr: Markup
    size: str  # "约 38 KB，120 个日程"


@dataclass(frozen=True)
class ManagerFeeds:
    name: str
    group: str  # which group or team feed also holds this manager's visits: "小组日历：…"
    links: tuple[FeedLink, ...]  # visits, then reminders; none when addresses are not listed


@dataclass(frozen=True)
class Subscriptions:
    managers: tuple[ManagerFeeds, ...]
    groups: tuple[FeedLink, ...]
    hidden: int  # feeds whose addresses are not listed (given out with `portal feeds`)
    development: bool  # addresses made with the development key: anyone with the repository can work them out


def size(feed: Feed) -> str:
    kilobytes = max(1, round(len(feed.content) / 1000))
    return f"约 {kilobytes} KB，{feed.events} 个日程"


@lru_cache(maxsize=4096)  # a feed's address lasts as long as the key: portal serve draws each once
def qr_code(text: str) -> Markup:
    return Markup(segno.make(text, micro=False).svg_inline(scale=3, dark="#000", light="#fff"))


def feed_link(base: str, feed: Feed) -> FeedLink:
    https = base + feed.path if base else ""
    webcal = "webcal://" + https.split("://", 1)[1] if https else ""
    return FeedLink(feed, https, webcal, qr_code(webcal) if webcal else Markup(), size(feed))


def subscriptions(d: Derived, feed_list: list[Feed], *, listed: bool, development: bool) -> Subscriptions:
    base = d.team.site_url.rstrip("/") + "/" if d.team.site_url else ""
    shown = feed_list if listed else []
    groups = [f for f in feed_list if f.kind in ("team", "group")]
    everyone = [*d.managers, *(p for p in d.people.values() if p not in d.managers)]  # supervisors last
    own: dict[str | None, list[FeedLink]] = {p.id: [] for p in everyone}
    for f in shown:
        if f.kind in ("visits", "reminders") and f.person in own:
            own[f.person].append(feed_link(base, f))
    group_of: dict[str, str] = {}
    for g in groups:
        for member in g.members:
            group_of.setdefault(member, f"{WHOSE[g.kind]}：{g.name}")
    managers = [ManagerFeeds(person.name, group_of.get(person.id, ""), tuple(own[person.id])) for person in everyone]
    return Subscriptions(
        tuple(managers),
        tuple(feed_link(base, f) for f in shown if f.kind in ("team", "group")),
        len(feed_list) - len(shown),
        development,
    )
