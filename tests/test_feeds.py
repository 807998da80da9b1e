"""Calendar feeds, read back by icalendar, by vobject and by a real client (khal)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from conftest import portal

KHAL_CONFIG = """[calendars]
[[portal]]
path = {path}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}
"""


def khal(tmp: Path, feed: Path, start: str, end: str, zone: str = "Asia/Shanghai") -> list[str]:
    """Import `feed` into a fresh khal calendar and list its events from `start` to `end`."""
    calendar = tmp / f"khal-{zone.replace('/', '-')}-{feed.stem}"
    (calendar / "cal").mkdir(parents=True)
    config = calendar / "config"
    config.write_text(KHAL_CONFIG.format(path=calendar / "cal", zone=zone), encoding="utf-8")
    env = {**os.environ, "XDG_DATA_HOME": str(calendar), "XDG_CONFIG_HOME": str(calendar)}
    binary = [sys.executable, "-m", "khal"]
    imported = subprocess.run(
        [*binary, "-c", str(config), "import", "--batch", "-a", "portal", str(feed)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert imported.returncode == 0, imported.stderr
    listed = subprocess.run(
        [*binary, "-c", str(config), "list", "--format", "{start} {end} {title}", "--day-format", "", start, end],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert listed.returncode == 0, listed.stderr
    return [line for line in listed.stdout.splitlines() if line.strip()]


def _feeds(site: Path) -> list[Path]:
    return sorted(site.joinpath("feeds").rglob("*.ics"))


def test_every_feed_parses_with_icalendar_and_vobject(demo_site):
    feeds = _feeds(demo_site)
    assert len(feeds) == 1 + 2 * 8
    for path in feeds:
        raw = path.read_bytes()
        cal = icalendar.Calendar.from_ical(raw)
        assert cal["method"] == "PUBLISH" and cal["version"] == "2.0" and cal["prodid"]
        assert cal["x-wr-calname"] and cal["name"] == cal["x-wr-calname"]
        assert cal["refresh-interval"].dt == timedelta(hours=6) and str(cal["x-published-ttl"]) == "PT6H"
        zones = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}
        for event in cal.walk("VEVENT"):
            assert event.decoded("dtstamp").tzinfo is not None and event.decoded("dtstamp").utcoffset() == timedelta(0)
            for name in ("dtstart", "dtend"):
                if "TZID" in event[name].params:
                    assert event[name].params["TZID"] in zones
        parsed = vobject.readOne(raw.decode("utf-8"))
        assert len(parsed.contents.get("vevent", [])) == len(cal.walk("VEVENT"))


def test_the_team_feed_holds_every_persons_visits(demo_site):
    team = icalendar.Calendar.from_ical((demo_site / "feeds" / "team.ics").read_bytes())
    uids = {str(e["uid"]) for e in team.walk("VEVENT")}
    persons = set()
    for path in _feeds(demo_site):
        if path.name != "team.ics" and not path.stem.endswith("-reminders"):
            persons |= {str(e["uid"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert uids == persons and len(uids) > 150


def test_secret_feeds_are_not_listed_on_the_subscribe_page(demo_site):
    page = (demo_site / "subscribe" / "index.html").read_text(encoding="utf-8")
    secret = [p for p in _feeds(demo_site) if p.parent.name != "feeds"]
    assert len(secret) == 4  # two managers have a secret each: visits and reminders
    for path in secret:
        assert path.parent.name not in page
    assert "webcal://portal.example.com/feeds/liuyang.ics" in page
    assert page.count("<svg") >= 13


def test_khal_lists_the_visits_at_their_local_times_in_any_timezone(demo_site, tmp_path, root):
    from ruamel.yaml import YAML

    plan = YAML(typ="safe").load((root / "data" / "plans" / "liuyang" / "2026-W48.yaml").read_text(encoding="utf-8"))
    day = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d in plan)
    when = date(2026, 11, 23) + timedelta(days=("mon", "tue", "wed", "thu", "fri").index(day))
    expected = [str(v["time"]) for v in plan[day]["visits"]]
    feed = demo_site / "feeds" / "liuyang.ics"
    shanghai = khal(tmp_path, feed, when.isoformat(), when.isoformat())
    assert [line.split()[1] for line in shanghai] == expected
    assert all("拜访 " in line for line in shanghai)
    berlin = khal(tmp_path, feed, when.isoformat(), (when + timedelta(days=1)).isoformat(), "Europe/Berlin")
    first = datetime.strptime(f"{when} {expected[0]}", "%Y-%m-%d %H:%M") - timedelta(hours=7)  # CST is UTC+8, CET UTC+1
    assert f"{first:%Y-%m-%d %H:%M}" in berlin[0]


def test_birthdays_recur_every_year_and_expiries_are_all_day_with_an_alarm(demo_site, tmp_path):
    feed = next(p for p in _feeds(demo_site) if p.name == "liuyang-reminders.ics")
    cal = icalendar.Calendar.from_ical(feed.read_bytes())
    birthday = next(e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("birthday-"))
    born = birthday.decoded("dtstart")
    assert type(born) is date and birthday["rrule"]["FREQ"] == ["YEARLY"]
    listed = khal(tmp_path, feed, "2026-01-01", "2027-12-31")
    name = str(birthday["summary"])
    assert sum(1 for line in listed if name in line) == 2  # once in 2026, once in 2027
    expiry = next((e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("expiry-")), None)
    if expiry is not None:
        assert type(expiry.decoded("dtstart")) is date
        assert expiry.walk("VALARM")[0].decoded("trigger") == timedelta(days=-30)


TEXT = "a,b;c\\d\n第二行 \"引号\" '单引号' 😀 表情"


def _team(root: Path, strategy: str, time: str = "09:00") -> None:
    files = {
        "team.yaml": "name: 测试\nsite_url: https://example.org/p/\nmetrics: [{id: deposits, label: 存款}]\n"
        "classes: [{id: A, label: A类, visit_every_days: 30}]\n",
        "people.yaml": "- {id: boss, name: 主管, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n",
        "customers/ann.yaml": "owner: ann\ncustomers:\n  - id: a1\n    name: '甲,乙;丙 公司'\n    class: A\n"
        "    birthday: 1980-02-29\n",
        "plans/ann/2026-W48.yaml": "week: 2026-W48\nmon:\n  visits:\n"
        f"    - time: '{time}'\n      customer: a1\n      strategy: {strategy}\n",
        "logs/ann/2026-11-20.yaml": "date: 2026-11-20\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def _build(tmp: Path, data: Path, name: str) -> icalendar.Calendar:
    run = portal("build", "--data", str(data), "--site", str(tmp / name), "--as-of", "2026-11-20")
    assert run.code == 0, run.err
    return icalendar.Calendar.from_ical((tmp / name / "feeds" / "ann.ics").read_bytes())


def test_awkward_text_round_trips_exactly(tmp_path):
    import json

    data = tmp_path / "data"
    _team(data, json.dumps(TEXT, ensure_ascii=False))
    cal = _build(tmp_path, data, "site")
    event = cal.walk("VEVENT")[0]
    assert str(event["summary"]) == "拜访 甲,乙;丙 公司（登门拜访）"
    assert f"服务策略：{TEXT}" in str(event["description"])
    raw = (tmp_path / "site" / "feeds" / "ann.ics").read_text(encoding="utf-8")
    parsed = vobject.readOne(raw)
    assert parsed.vevent.summary.value == "拜访 甲,乙;丙 公司（登门拜访）"
    assert f"服务策略：{TEXT}" in parsed.vevent.description.value
    leap = icalendar.Calendar.from_ical((tmp_path / "site" / "feeds" / "ann-reminders.ics").read_bytes())
    birthday = leap.walk("VEVENT")[0]
    assert birthday["rrule"]["BYMONTH"] == [2] and birthday["rrule"]["BYMONTHDAY"] == [-1]


def _git(repo: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.mark.parametrize("change", ["edit", "move"])
def test_an_edited_or_moved_visit_keeps_its_uid_and_raises_its_sequence(tmp_path, change):
    repo = tmp_path / "repo"
    data = repo / "data"
    _team(data, "初次拜访")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    _git(repo, "add", "-A", when="2026-11-18T10:00:00+08:00")
    _git(repo, "commit", "-qm", "plan", when="2026-11-18T10:00:00+08:00")
    before = _build(tmp_path, data, "site1").walk("VEVENT")[0]
    again = _build(tmp_path, data, "site2").walk("VEVENT")[0]
    assert (tmp_path / "site1" / "feeds" / "ann.ics").read_bytes() == (
        tmp_path / "site2" / "feeds" / "ann.ics"
    ).read_bytes()
    assert str(again["uid"]) == str(before["uid"])
    if change == "edit":
        _team(data, "带上规划书再次拜访")
    else:
        _team(data, "初次拜访", time="15:30")
    _git(repo, "commit", "-qam", "change", when="2026-11-19T09:00:00+08:00")
    after = _build(tmp_path, data, "site3").walk("VEVENT")[0]
    assert str(after["uid"]) == str(before["uid"])
    assert (before["sequence"], after["sequence"]) == (0, 1)
    assert after.decoded("last-modified") > before.decoded("last-modified")
    assert after.decoded("last-modified") == datetime.fromisoformat("2026-11-19T01:00:00+00:00")
    if change == "move":
        assert after.decoded("dtstart").strftime("%H:%M") == "15:30"
        assert str(after["dtstart"].params["TZID"]) == "Asia/Shanghai"


def test_a_removed_visit_disappears_from_the_feed(tmp_path):
    data = tmp_path / "data"
    _team(data, "拜访")
    assert len(_build(tmp_path, data, "site1").walk("VEVENT")) == 1
    (data / "plans" / "ann" / "2026-W48.yaml").write_text("week: 2026-W48\n", encoding="utf-8")
    assert _build(tmp_path, data, "site2").walk("VEVENT") == []
