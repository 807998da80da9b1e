"""Calendar feeds, read back by icalendar, by vobject and by a real client (khal)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import segno
import vobject

from builder.feeds.addresses import DEVELOPMENT_KEY, FeedKey
from conftest import portal, write_files

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


LIUYANG = DEVELOPMENT_KEY.path("liuyang", "liuyang.ics")


def _feed(site: Path, name: str) -> Path:
    """A feed by its file name, wherever its capability address puts it."""
    (found,) = site.joinpath("feeds").rglob(name)
    return found


def test_every_feed_parses_with_icalendar_and_vobject(demo_site):
    feeds = _feeds(demo_site)
    assert len(feeds) == 1 + 2 * 9  # the team, then two for each manager and the supervisor
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
    team = icalendar.Calendar.from_ical(_feed(demo_site, "team.ics").read_bytes())
    uids = {str(e["uid"]) for e in team.walk("VEVENT")}
    persons = set()
    for path in _feeds(demo_site):
        if path.name != "team.ics" and not path.stem.endswith("-reminders"):
            persons |= {str(e["uid"]) for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert uids == persons and len(uids) > 150


def test_every_feed_lives_at_its_capability_address_and_the_page_lists_them_on_a_local_build(demo_site):
    page = (demo_site / "subscribe" / "index.html").read_text(encoding="utf-8")
    for path in _feeds(demo_site):
        owner = path.stem.removesuffix("-reminders").removeprefix("group-")
        assert path.relative_to(demo_site).as_posix() == DEVELOPMENT_KEY.path(owner, path.name)
    assert f"webcal://portal.example.com/{DEVELOPMENT_KEY.path('liuyang', 'liuyang.ics')}" in page
    assert "开发用的地址" in page  # no PORTAL_FEED_KEY: the page says these addresses can be worked out
    assert page.count("<svg") >= 13


def test_the_qr_codes_hold_webcal_addresses_and_a_manager_sees_own_feeds_first(demo_site):
    page = (demo_site / "subscribe" / "index.html").read_text(encoding="utf-8")
    qr = {
        scheme: segno.make(
            f"{scheme}://portal.example.com/{DEVELOPMENT_KEY.path('liuyang', 'liuyang.ics')}", micro=False
        ).svg_inline(scale=3, dark="#000", light="#fff")
        for scheme in ("webcal", "https")
    }
    assert qr["webcal"] in page and qr["https"] not in page
    assert page.index("我的日历") < page.index("刘洋的拜访计划</strong>") < page.index("全部拜访计划</strong>")
    assert "出现两次" in page and "添加已订阅的日历" in page and "iCloud" in page and "移除提醒" in page
    assert re.search(r"刘洋的拜访计划</strong><br><small>约 \d+ KB，\d+ 个日程", page)


def test_the_vtimezone_gives_the_offsets_of_tzdata_to_an_independent_parser():
    from builder.feeds.timezones import vtimezone

    for zone, start, end in (
        ("Europe/Berlin", 2026, 2027),
        ("Asia/Shanghai", 1986, 1988),
        ("Asia/Shanghai", 2026, 2027),
    ):
        first, last = datetime(start, 1, 1, tzinfo=UTC), datetime(end, 1, 1, tzinfo=UTC)
        cal = icalendar.Calendar()
        cal.add("version", "2.0")
        cal.add("prodid", "test")
        cal.add_component(vtimezone(zone, first, last))
        parsed = vobject.readOne(cal.to_ical().decode()).vtimezone.gettzinfo()
        moment = first
        while moment < last:
            assert moment.astimezone(parsed).utcoffset() == moment.astimezone(ZoneInfo(zone)).utcoffset(), moment
            moment += timedelta(minutes=30)


def test_the_shipped_feeds_hold_no_historic_timezone_rules(demo_site):
    raw = _feed(demo_site, "team.ics").read_text(encoding="utf-8")
    assert "TZID:Asia/Shanghai" in raw and "DAYLIGHT" not in raw and "1986" not in raw


def test_khal_lists_the_visits_at_their_local_times_in_any_timezone(demo_site, tmp_path, root):
    from ruamel.yaml import YAML

    plan = YAML(typ="safe").load((root / "data" / "plans" / "liuyang" / "2026-W48.yaml").read_text(encoding="utf-8"))
    day = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d in plan)
    when = date(2026, 11, 23) + timedelta(days=("mon", "tue", "wed", "thu", "fri").index(day))
    expected = [str(v["time"]) for v in plan[day]["visits"]]
    feed = _feed(demo_site, "liuyang.ics")
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
        "team.yaml": "profile: bank\nname: 测试\nsite_url: https://example.org/p/\n"
        "metrics: [{id: deposits, label: 存款}]\nclasses: [{id: A, label: A类}]\n"
        "visit_rules: [{when: {class: A}, every_days: 30}]\n",
        "people.yaml": "- {id: boss, name: 主管, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n",
        "customers/ann.yaml": "owner: ann\ncustomers:\n  - id: a1\n    name: '甲,乙;丙 公司'\n    class: A\n"
        "    birthday: 1980-02-29\n",
        "plans/ann/2026-W48.yaml": "week: 2026-W48\nmon:\n  visits:\n"
        f"    - time: '{time}'\n      customer: a1\n      strategy: {strategy}\n",
        "logs/ann/2026-11-20.yaml": "date: 2026-11-20\n",
    }
    write_files(root, files)


def _build(tmp: Path, data: Path, name: str) -> icalendar.Calendar:
    run = portal("build", "--data", str(data), "--site", str(tmp / name), "--as-of", "2026-11-20")
    assert run.code == 0, run.err
    return icalendar.Calendar.from_ical(_feed(tmp / name, "ann.ics").read_bytes())


def test_awkward_text_round_trips_exactly(tmp_path):
    import json

    data = tmp_path / "data"
    _team(data, json.dumps(TEXT, ensure_ascii=False))
    cal = _build(tmp_path, data, "site")
    event = cal.walk("VEVENT")[0]
    assert str(event["summary"]) == "拜访 甲,乙;丙 公司（登门拜访）"
    assert f"服务策略：{TEXT}" in str(event["description"])
    raw = _feed(tmp_path / "site", "ann.ics").read_text(encoding="utf-8")
    parsed = vobject.readOne(raw)
    assert parsed.vevent.summary.value == "拜访 甲,乙;丙 公司（登门拜访）"
    assert f"服务策略：{TEXT}" in parsed.vevent.description.value
    leap = icalendar.Calendar.from_ical(_feed(tmp_path / "site", "ann-reminders.ics").read_bytes())
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
    assert _feed(tmp_path / "site1", "ann.ics").read_bytes() == (_feed(tmp_path / "site2", "ann.ics")).read_bytes()
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


def test_a_joint_visit_is_in_the_calendar_of_the_one_who_joins_it(tmp_path):
    data = tmp_path / "data"
    _team(data, "陪同拜访")
    plan = data / "plans" / "ann" / "2026-W48.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "      with: [boss]\n", encoding="utf-8")
    this_week = "week: 2026-W47\nfri:\n  visits:\n" + _visit("15:00", "a1", "陪同") + "      with: [boss]\n"
    write_files(data, {"plans/ann/2026-W47.yaml": this_week})
    own = _build(tmp_path, data, "site")
    boss = (tmp_path / "site" / "people" / "boss" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<small>协同 <a href=\"\.\./ann/\">安娜</a></small>", boss)  # on the page of who joins it
    next_week = boss[boss.index('id="next-week"') :]  # a supervisor's page has next week once a visit is in it
    assert "下周计划还没有提交" not in next_week and re.search(
        r"<small>协同 <a href=\"\.\./ann/\">安娜</a></small>", next_week
    )
    ann = (tmp_path / "site" / "people" / "ann" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<small><a href=\"\.\./boss/\">主管</a>同去</small>", ann)
    joined = vobject.readOne(_feed(tmp_path / "site", "boss.ics").read_text(encoding="utf-8"))
    event = next(e for e in joined.vevent_list if "20261123" in e.uid.value)
    assert event.summary.value == "协同拜访 甲,乙;丙 公司（安娜）"
    assert event.dtstart.value.replace(tzinfo=None) == datetime(2026, 11, 23, 9, 0)
    visit = next(e for e in own.walk("VEVENT") if "20261123" in str(e["uid"]))  # the planner has it once, as before
    assert str(visit["summary"]).startswith("拜访 ")
    assert event.uid.value != str(visit["uid"])


def test_a_visit_to_another_managers_customer_is_a_joint_one_when_it_says_with_whom(tmp_path):
    data = tmp_path / "data"
    _team(data, "陪同拜访")
    write_files(data, {"people.yaml": PEOPLE_YAML + "- {id: bob, name: 鲍勃, supervisor: boss}\n"})
    plan = data / "plans" / "bob" / "2026-W48.yaml"
    write_files(data, {"plans/bob/2026-W48.yaml": "week: 2026-W48\nmon:\n  visits:\n" + _visit("10:00", "a1", "协助")})
    run = portal("check", "--data", str(data), "--as-of", "2026-11-20")
    assert "由 安娜 负责" in run.out + run.err and "with: [ann]" in run.out + run.err
    plan.write_text(plan.read_text(encoding="utf-8") + "      with: [ann]\n", encoding="utf-8")
    run = portal("check", "--data", str(data), "--as-of", "2026-11-20")
    assert "由 安娜 负责" not in run.out + run.err, run.out + run.err
    plan.write_text(plan.read_text(encoding="utf-8").replace("[ann]", "[anna]"), encoding="utf-8")
    run = portal("check", "--data", str(data), "--as-of", "2026-11-20")
    assert run.code == 1 and "没有编号为 'anna' 的人员" in run.out + run.err


# --- a year of use: identity, revisions along the history, sizes ----------------------------

TEAM_YAML = (
    "profile: bank\nname: 测试\nsite_url: https://example.org/p/\nmetrics: [{id: deposits, label: 存款}]\n"
    "classes: [{id: A, label: A类}]\nvisit_rules: [{when: {class: A}, every_days: 30}]\n"
)
PEOPLE_YAML = "- {id: boss, name: 主管, role: supervisor}\n- {id: ann, name: 安娜, supervisor: boss}\n"


def _customers(a1: str = "甲公司", address: str = "一路1号", extra: bool = False) -> str:
    persons = "      - {name: 新人, position: 财务, birthday: 1990-03-03}\n" if extra else ""
    expiries = "      - {item: 贷款合同, date: 2026-12-20}\n" if extra else ""
    return (
        f"owner: ann\ncustomers:\n  - id: a1\n    name: {a1}\n    class: A\n    address: {address}\n"
        f"    key_persons:\n{persons}      - {{name: 王五, position: 经理, birthday: 1980-05-06}}\n"
        f"    expiries:\n{expiries}      - {{item: 大额存单, date: 2026-12-10, amount: 50}}\n"
        "  - id: a2\n    name: 乙公司\n    class: A\n"
    )


def _visit(time: str, customer: str, strategy: str, purpose: str = "") -> str:
    return f"    - time: '{time}'\n      customer: {customer}\n      strategy: {strategy}\n{purpose}"


def _week(week: str, days: dict[str, list[str]]) -> str:
    return f"week: {week}\n" + "".join(f"{day}:\n  visits:\n" + "".join(v) for day, v in days.items())


def _repo(tmp: Path, files: dict[str, str], when: str) -> Path:
    repo = tmp / "repo"
    write_files(repo / "data", {"team.yaml": TEAM_YAML, "people.yaml": PEOPLE_YAML, **files})
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    _commit(repo, "start", when)
    return repo


def _commit(repo: Path, message: str, when: str) -> None:
    _git(repo, "add", "-A", when=when)
    _git(repo, "commit", "-qm", message, when=when)


@dataclass(frozen=True)
class Seen:
    summary: str
    description: str
    location: str
    sequence: int
    modified: datetime


def _read(site: Path, feed: str) -> dict[str, Seen]:
    """UID -> what the feed says, read by vobject and checked against icalendar."""
    raw = _feed(site, feed).read_bytes()
    found = {}
    for event in vobject.readOne(raw.decode("utf-8")).vevent_list:
        found[event.uid.value] = Seen(
            event.summary.value,
            event.description.value,
            event.location.value if hasattr(event, "location") else "",
            int(event.sequence.value),
            event.last_modified.value,
        )
    for event in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        seen = found[str(event["uid"])]
        assert (event["sequence"], event.decoded("last-modified")) == (seen.sequence, seen.modified)
    return found


def _by_text(events: dict[str, Seen], text: str) -> tuple[str, Seen]:
    [(uid, seen)] = [(u, s) for u, s in events.items() if text in s.description or text in s.summary]
    return uid, seen


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_renaming_a_customer_raises_the_sequence_of_every_event_that_shows_it(tmp_path):
    purpose = "      purpose: |\n        第一行\n        第二行\n"
    plan = _week("2026-W48", {"mon": [_visit("09:00", "a1", "初访", purpose)], "tue": [_visit("10:00", "a2", "回访")]})
    repo = _repo(
        tmp_path, {"customers/ann.yaml": _customers(), "plans/ann/2026-W48.yaml": plan}, "2026-11-10T10:00+08:00"
    )
    write_files(repo / "data", {"customers/ann.yaml": _customers("甲集团", "二路2号")})
    _commit(repo, "rename", "2026-11-12T10:00+08:00")
    write_files(repo / "data", {"customers/ann.yaml": _customers("甲集团", "二路2号", extra=True)})
    _commit(repo, "a key person and an expiry put first in their lists", "2026-11-13T10:00+08:00")
    _build(tmp_path, repo / "data", "site")

    visits = _read(tmp_path / "site", "ann.ics")
    _, renamed = _by_text(visits, "初访")
    assert (renamed.summary, renamed.location) == ("拜访 甲集团（登门拜访）", "二路2号")
    assert (renamed.sequence, renamed.modified) == (2, _utc("2026-11-13T10:00+08:00"))  # renamed, then 新人 shown
    assert "拜访目的：第一行\n第二行\n服务策略：初访" in renamed.description  # no blank line from the |
    _, other = _by_text(visits, "回访")
    assert (other.sequence, other.modified) == (0, _utc("2026-11-10T10:00+08:00"))

    reminders = _read(tmp_path / "site", "ann-reminders.ics")
    for text in ("生日：王五（甲集团经理）", "到期：大额存单（甲集团）"):
        _, seen = _by_text(reminders, text)
        assert (seen.sequence, seen.modified) == (1, _utc("2026-11-12T10:00+08:00")), text
    for text in ("生日：新人", "到期：贷款合同"):
        _, seen = _by_text(reminders, text)
        assert (seen.sequence, seen.modified) == (0, _utc("2026-11-13T10:00+08:00")), text


def test_visits_keep_their_uids_when_another_moves_in_or_the_list_is_reordered(tmp_path):
    thursday = [_visit("09:00", "a2", "上午"), _visit("15:00", "a2", "下午")]
    files = {
        "customers/ann.yaml": _customers(),
        "plans/ann/2026-W48.yaml": _week("2026-W48", {"wed": [_visit("10:00", "a1", "周三拜访")], "thu": thursday}),
        "plans/ann/2026-W49.yaml": _week("2026-W49", {"mon": [_visit("09:00", "a1", "下周一拜访")]}),
    }
    repo = _repo(tmp_path, files, "2026-11-10T10:00+08:00")
    before = _build(tmp_path, repo / "data", "site1") and _read(tmp_path / "site1", "ann.ics")
    days = {"mon": [_visit("09:00", "a1", "下周一拜访")], "wed": [_visit("10:00", "a1", "周三拜访")]}
    write_files(
        repo / "data",
        {
            "plans/ann/2026-W48.yaml": _week("2026-W48", {**days, "thu": thursday[::-1]}),
            "plans/ann/2026-W49.yaml": "week: 2026-W49\n",
        },
    )
    _commit(
        repo,
        "move next Monday's visit into this week; list Thursday's visits the other way round",
        "2026-11-11T10:00+08:00",
    )
    _build(tmp_path, repo / "data", "site2")
    after = _read(tmp_path / "site2", "ann.ics")
    assert len(after) == 4
    for text in ("周三拜访", "上午", "下午"):
        assert _by_text(after, text) == _by_text(before, text), text  # same UID, SEQUENCE and LAST-MODIFIED
    moved_uid, moved = _by_text(after, "下周一拜访")
    assert moved_uid != _by_text(before, "下周一拜访")[0] and moved_uid not in before
    assert (moved.sequence, moved.modified) == (0, _utc("2026-11-11T10:00+08:00"))


def _merged_repo(tmp: Path) -> Path:
    """main and a branch both edit one plan; the branch twice, with a commit dated after the merge."""

    def plan(a1: str, a2: str) -> dict[str, str]:
        days = {"mon": [_visit("09:00", "a1", a1)], "tue": [_visit("10:00", "a2", a2)]}
        return {"plans/ann/2026-W48.yaml": _week("2026-W48", days)}

    repo = _repo(tmp, {"customers/ann.yaml": _customers(), **plan("基础甲", "基础乙")}, "2026-11-10T10:00+08:00")
    _git(repo, "checkout", "-qb", "feature", when="2026-11-10T10:00+08:00")
    write_files(repo / "data", plan("改一", "基础乙"))
    _commit(repo, "feature 1", "2026-11-11T10:00+08:00")
    write_files(repo / "data", plan("改二", "基础乙"))
    _commit(repo, "feature 2", "2026-11-15T10:00+08:00")
    _git(repo, "checkout", "-q", "main", when="2026-11-13T10:00+08:00")
    write_files(repo / "data", plan("基础甲", "主线改"))
    _commit(repo, "main edit", "2026-11-13T10:00+08:00")
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge feature", "feature", when="2026-11-14T10:00+08:00")
    write_files(repo / "data", {"logs/ann/2026-11-16.yaml": "date: 2026-11-16\n"})
    _commit(repo, "an unrelated log", "2026-11-16T10:00+08:00")
    return repo


def test_a_merge_counts_once_at_its_own_time_and_unrelated_commits_change_nothing(tmp_path):
    repo = _merged_repo(tmp_path)
    _build(tmp_path, repo / "data", "site")
    events = _read(tmp_path / "site", "ann.ics")
    _, branch = _by_text(events, "改二")
    assert (branch.sequence, branch.modified) == (1, _utc("2026-11-14T10:00+08:00"))
    _, main = _by_text(events, "主线改")
    assert (main.sequence, main.modified) == (1, _utc("2026-11-13T10:00+08:00"))


def test_a_shallow_clone_is_deepened_or_refused_with_a_message(tmp_path):
    repo = _merged_repo(tmp_path)
    _build(tmp_path, repo / "data", "full")
    for name in ("clone", "orphan"):
        subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / name)], check=True)
    _build(tmp_path, tmp_path / "clone" / "data", "deepened")
    assert _feed(tmp_path / "deepened", "ann.ics").read_bytes() == (_feed(tmp_path / "full", "ann.ics")).read_bytes()

    subprocess.run(["git", "-C", str(tmp_path / "orphan"), "remote", "remove", "origin"], check=True)
    run = portal(
        "build", "--data", str(tmp_path / "orphan" / "data"), "--site", str(tmp_path / "no"), "--as-of", "2026-11-20"
    )
    assert run.code == 1 and "Traceback" not in run.err
    assert f"{tmp_path / 'orphan' / '.git' / 'shallow'}:1: 错误: 这是一个浅克隆" in run.err
    assert "git fetch --unshallow" in run.err and not (tmp_path / "no").exists()


def test_every_feed_of_a_200_person_team_stays_within_what_calendars_keep(tmp_path):
    from builder import pipeline
    from builder.derive import derive
    from builder.derive.frequency import rules_by_customer
    from builder.feeds import MAX_BYTES, MAX_EVENTS, feeds
    from builder.publish import mask

    data = tmp_path / "data"
    # A month begun two days ago: two weeks of plans and two days of logs, so the test stays quick;
    # a group's feed depends on its ten managers' visits, not on how many customers the team has.
    args = ("--people", "200", "--customers", "2000", "--months", "1", "--end", "2026-11-03")
    made = portal("demo", "--out", str(data), *args)
    assert made.code == 0, made.err
    checked = pipeline.check(data, date(2026, 11, 3))
    published = mask(checked.dataset)
    found = feeds(
        published, derive(published, rules_by_customer(checked.dataset), checked.as_of), data, DEVELOPMENT_KEY
    )

    groups = [f for f in found if f.kind == "group"]
    assert len(groups) == 20 and len(found) == 20 + 2 * 200 + 2 * 20  # groups, then every manager and supervisor
    assert all(len(f.members) == 10 for f in groups)
    for feed in found:
        assert len(feed.content) <= MAX_BYTES and feed.events <= MAX_EVENTS, feed.path
    visits: set[str] = set()
    for feed in groups:
        events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
        assert len(events) == feed.events
        visits |= {str(e["uid"]) for e in events}
    own = set()
    for feed in found:
        if feed.kind == "visits":
            own |= {str(e["uid"]) for e in icalendar.Calendar.from_ical(feed.content).walk("VEVENT")}
    assert visits == own and len(visits) > 2500  # two weeks of a team's visits, each in one group


def _body(n: int) -> bytes:
    return f"BEGIN:VEVENT\r\nUID:e{n}\r\nEND:VEVENT\r\n".encode()


def test_a_feed_too_big_leaves_out_its_oldest_past_visits_first(monkeypatch):
    import builder.feeds as module
    from builder import profiles
    from builder.schema import Team

    team = Team.model_validate({**profiles.profile("bank"), "profile": "bank", "name": "测试"})
    writer = module.FeedWriter(team, date(2026, 11, 20))
    entries = [
        module.Entry(
            date(2026, 11, 10) + timedelta(days=n),
            f"e{n}",
            f"BEGIN:VEVENT\r\nUID:e{n}\r\nEND:VEVENT\r\n".encode(),
            None,
        )
        for n in range(20)
    ]
    birthday = module.Entry(date(1980, 5, 6), "birthday", _body(99).replace(b"e99", b"birthday"), None, yearly=True)
    monkeypatch.setattr(module, "MAX_EVENTS", 16)
    content, count = writer.fit("名", "说明", [*reversed(entries), birthday])
    kept = [str(e["uid"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")]
    assert count == 16 and kept == ["birthday", *(f"e{n}" for n in range(5, 20))]
    monkeypatch.setattr(module, "MAX_EVENTS", 5)
    content, count = writer.fit("名", "说明", entries)
    assert count == 10  # the visits from the as-of day on stay, however many


def test_a_team_with_two_supervisors_has_a_feed_per_group_and_portal_feeds_lists_them(tmp_path):
    people = (
        "- {id: boss, name: 主管甲, role: supervisor}\n- {id: chief, name: 主管乙, role: supervisor}\n"
        "- {id: ann, name: 安娜, supervisor: boss}\n- {id: bob, name: 鲍勃, supervisor: chief}\n"
    )
    write_files(tmp_path / "data", {"team.yaml": TEAM_YAML, "people.yaml": people, "customers/ann.yaml": _customers()})
    secret = "9b1f4e7c2a8d6035e1f7c9a4b2d8e6f03a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b"
    run = portal("feeds", "--data", str(tmp_path / "data"), env={"PORTAL_FEED_KEY": secret})
    assert run.code == 0 and run.err == "", run.err
    key = FeedKey.from_environment(secret)
    lines = run.out.splitlines()
    assert lines[:2] == [
        f"主管甲组 · 拜访计划\thttps://example.org/p/{key.path('boss', 'group-boss.ics')}",
        f"主管乙组 · 拜访计划\thttps://example.org/p/{key.path('chief', 'group-chief.ics')}",
    ]
    assert len(lines) == 2 + 2 * 2 + 2 * 2 and not any("team.ics" in line for line in lines)
    other = portal(
        "feeds",
        "--data",
        str(tmp_path / "data"),
        env={"PORTAL_FEED_KEY": "4d2a9f7e1c5b8036a2e4c6f8b0d2e4a6c8e0f2a4b6d8f0a2c4e6b8d0f2a4c6e8"},
    )
    assert not set(other.out.splitlines()) & set(lines)  # a new key moves every address
    assert len(key.token("boss")) == 26  # 130 bits
    short = portal("feeds", "--data", str(tmp_path / "data"), env={"PORTAL_FEED_KEY": "short"})
    assert short.code == 1 and "至少要 32 个" in short.err
    local = portal("feeds", "--data", str(tmp_path / "data"))
    assert "开发密钥" in local.err
