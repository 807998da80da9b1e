"""Issue 10's numbers and statuses on every kind of team.

For each profile a small demo is written, then, as a manager would: one day's log is
replaced by an untouched `portal new log`, and one customer is promised a follow-up the day
after its last visit that nobody keeps. The site is built as of Friday 2026-11-20 and read
back from its pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from builder import profiles
from builder.derive import Derived, derive
from builder.derive.frequency import rules_by_customer
from builder.pipeline import check
from builder.publish import mask
from conftest import DEMO_AS_OF, child_env, once_per_run, portal

PROFILES = ("bank", "credit_union", "securities", "tobacco", "distribution", "telecom", "property")
SMALL = ("--people", "3", "--customers", "24", "--months", "1")
AS_OF = date.fromisoformat(DEMO_AS_OF)  # a Friday


@dataclass(frozen=True)
class Trade:
    data: Path
    site: Path
    person: str  # whose log of `day` is an untouched `portal new log`
    day: date
    copied: tuple[str, ...]  # the customers that log copied from the plan
    customer: str  # promised a follow-up on `promised`, the day after its last visit; not kept
    owner: str
    promised: date
    log_due_days: int


def _all(commands: dict[str, tuple[list[str], Path]]) -> None:
    running = {
        name: subprocess.Popen(args, cwd=cwd, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for name, (args, cwd) in commands.items()
    }
    for name, process in running.items():
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, (name, output.decode("utf-8", "replace"))


def _derive(data: Path) -> Derived:
    checked = check(data, AS_OF)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    return derive(mask(checked.dataset), rules_by_customer(checked.dataset), AS_OF)


def _untouched_new_log(data: Path) -> tuple[str, date, tuple[str, ...]]:
    """Replace a manager's log of a day with visits planned by what `portal new log` writes."""
    d = _derive(data)
    planned = {(p.person, p.day) for p in d.records.planned}
    logged = {(r.person, r.day) for r in d.records.logs}
    person, day = next(
        (m.id, day)
        for day in (AS_OF - timedelta(days=n) for n in range(1, 5))
        for m in d.managers
        if (m.id, day) in planned & logged
    )
    (data / "logs" / person / f"{day}.yaml").unlink()
    run = portal("new", "log", "--person", person, "--date", day.isoformat(), "--data", str(data))
    assert run.code == 0, run.err
    written = YAML(typ="safe").load((data / "logs" / person / f"{day}.yaml").read_text(encoding="utf-8"))
    return person, day, tuple(str(v["customer"]) for v in written["visits"])


def _clock(value: object) -> time:
    hours, minutes = str(value).split(":")
    return time(int(hours), int(minutes))


def _promise_a_follow_up(data: Path) -> tuple[str, str, date]:
    """At a customer's last visit (on track, no follow-up), promise the next visit for the day after."""
    d = _derive(data)
    done = [v for v in d.records.visits if v.done and v.day <= AS_OF]
    for view in d.customers.values():
        last = max((v for v in done if v.visit.customer == view.id), key=lambda v: (v.day, v.visit.time), default=None)
        if view.freshness != "on_track" or view.follow_up or not last or last.day > AS_OF - timedelta(days=2):
            continue
        if not last.counts_as_visit:
            continue
        path = data / "logs" / last.person / f"{last.day}.yaml"
        yaml = YAML()
        log = yaml.load(path.read_text(encoding="utf-8"))
        visit = next(v for v in log["visits"] if str(v["customer"]) == view.id and _clock(v["time"]) == last.visit.time)
        visit["next_visit"] = last.day + timedelta(days=1)
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(log, stream)
        return view.id, view.owner, last.day + timedelta(days=1)
    raise AssertionError("no customer on track to promise a follow-up to")


@pytest.fixture(scope="session")
def trades(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, Trade]:
    """Each profile's small demo team with an untouched new log and a promised follow-up, built once a run."""
    return once_per_run(tmp_path_factory, worker_id, "trades", _trades)


def _trades(work: Path) -> dict[str, Trade]:
    for profile in PROFILES:
        (work / profile).mkdir()
    demo = [sys.executable, "-m", "builder", "demo", "--out", "data", *SMALL, "--profile"]
    _all({p: ([*demo, p], work / p) for p in PROFILES})
    found = {}
    for profile in PROFILES:
        data = work / profile / "data"
        person, day, copied = _untouched_new_log(data)
        customer, owner, promised = _promise_a_follow_up(data)
        due = check(data, AS_OF).dataset.team.rules.log_due_days
        found[profile] = Trade(data, work / profile / "site", person, day, copied, customer, owner, promised, due)
    build = [sys.executable, "-m", "builder", "build", "--data", "data", "--site", "site", "--as-of", DEMO_AS_OF]
    _all({p: (build, work / p) for p in PROFILES})
    return found


def _page(site: Path, url: str) -> str:
    """The page's HTML without what is there for phones: cells' labels, dates' unbreakable spans."""
    html = (site / url.split("#")[0] / "index.html").read_text(encoding="utf-8")
    html = re.sub(r' data-label="[^"]*"', "", html)
    return re.sub(r'<span class="portal-date">([^<]*)</span>', r"\1", html)


def _log(site: Path, person: str, day: str) -> str:
    """One day's section of a person's month of logs."""
    html = _page(site, f"logs/{person}/{day[:7]}")
    start = html.index(f'id="{day}"')
    end = html.find("<h2", start)
    return html[start : end if end > 0 else None]


def _row(html: str, customer: str) -> str:
    """The first table row that starts with a link to `customer`."""
    found = re.search(rf'<tr><td><a href="(?:[^"]*/)?{re.escape(customer)}/">.*?</tr>', html)
    assert found, customer
    return found[0]


def _badges(html: str) -> dict[str, str]:
    """Customer id -> the status badge of its row, for every row that starts with a customer link."""
    rows = re.finditer(r'<tr><td><a href="(?:\.\./)*(?:customers/)?([^"/.][^"/]*)/">.*?</tr>', html)
    return {m[1]: state[1] for m in rows if (state := re.search(r"fresh-(\w+)", m[0]))}


def _section(html: str, heading: str) -> str:
    """The part of a page under the second-level heading `heading`."""
    found = re.search(rf"<h2[^>]*>{re.escape(heading)}<", html)
    assert found, heading
    start = found.end()
    end = html.find("<h2", start)
    return html[start : end if end > 0 else None]


@pytest.mark.parametrize("profile", PROFILES)
def test_an_untouched_new_log_counts_as_done_nowhere(trades, profile):
    t = trades[profile]
    path = t.data / "logs" / t.person / f"{t.day}.yaml"
    run = portal("check", "--data", str(t.data), "--as-of", DEMO_AS_OF, "--format", "json")
    assert run.code == 0, run.err
    found = [(p["line"], p["code"]) for p in json.loads(run.out) if p["path"].endswith(f"{t.person}/{t.day}.yaml")]
    visits = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if "- time:" in line]
    assert found == [(line, "visit-without-result") for line in visits]
    assert all(p["hint"] for p in json.loads(run.out))

    d = _derive(t.data)
    assert {p.done for p in d.records.planned if (p.person, p.day) == (t.person, t.day)} == {False}
    counts = d.records.days[(t.person, t.day)]
    assert (counts.visits, counts.customers, counts.phone_visits, counts.unwritten) == (0, 0, 0, len(t.copied))
    for customer in t.copied:
        assert d.customers[customer].last_visit != t.day
        assert t.day not in [h.day for h in d.customers[customer].history if h.kind == "visit"]
    rules = [(v.person, v.day) for w in d.weeks for v in w.violations if v.rule == "customers_per_outing"]
    assert (t.person, t.day) not in rules

    log = _log(t.site, t.person, str(t.day))
    visit = d.words("visit")  # 拜访, or the team's own word (物业: 走访)
    assert f"{len(t.copied)} 次{visit}未写结果" in log
    assert log.count("未写结果，仍是计划") == len(t.copied)
    home = _page(t.site, "")
    rows = re.findall(r'<tr><td><a href="people/[^"]+/">[^<]+</a></td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', home)
    assert rows and all(int(done) <= int(visits) for _, done, visits in rows)  # planned done <= visits made


@pytest.mark.parametrize("profile", PROFILES)
def test_a_customer_has_one_status_on_every_page(trades, profile):
    t = trades[profile]
    home = _page(t.site, "")
    overdue = home[home.index('id="overdue"') : home.index('id="follow-up"')]
    listed = _page(t.site, "customers")
    listed = listed[listed.index('id="overdue"') :]  # the customers by status, after the follow-ups
    person = _page(t.site, f"people/{t.owner}")
    person = person[person.index('id="customers"') :]  # the person's customers (an expiry may name it above)
    customer = _page(t.site, f"customers/{t.customer}")
    due = f"{t.promised.month}月{t.promised.day}日"
    assert f'customers/{t.customer}/"' in overdue  # home lists it with the overdue customers
    assert "fresh-overdue" in _row(listed, t.customer) and f"<td>{due} <small>约定跟进</small></td>" in _row(
        listed, t.customer
    )
    assert "fresh-overdue" in _row(person, t.customer) and due in _row(person, t.customer)
    profile_line = re.search(r'<div class="portal-profile">.*?</div>', customer, re.S)[0]
    assert "fresh-overdue" in profile_line
    # the days overdue are counted in the reader's browser (assets/portal.js) from the date the page names
    assert (
        f'data-day="{t.promised.isoformat()}" data-lead="约定跟进"' in customer and 'fresh-overdue">已逾期' in customer
    )
    # and every customer: the same badge in the list, on its manager's page and on its own page
    in_list = _badges(listed)
    on_people = {}
    for manager in set(re.findall(r'href="\.\./people/([^"/]+)/"', listed)):
        page = _page(t.site, f"people/{manager}")
        on_people.update(_badges(page[page.index('id="customers"') :].split("<h2", 1)[0]))
    assert in_list and on_people == in_list
    for customer_id, state in in_list.items():
        page = _page(t.site, f"customers/{customer_id}")
        assert re.search(r'<div class="portal-profile">.*?fresh-(\w+)', page, re.S)[1] == state, customer_id


@pytest.mark.parametrize("profile", PROFILES)
def test_time_elapsed_counts_the_days_over_and_today_once_its_log_is_written(trades, profile):
    t = trades[profile]
    people = YAML(typ="safe").load((t.data / "people.yaml").read_text(encoding="utf-8"))
    managers = [
        p["id"] for p in (people["people"] if isinstance(people, dict) else people) if p.get("role") != "supervisor"
    ]
    wrote = [(t.data / "logs" / m / f"{AS_OF}.yaml").is_file() for m in managers]
    # Friday 11-20: Monday to Thursday are over, Friday too for whoever wrote its log (its figures count then);
    # November 2026 has 21 working days, 2 to 19 November 14 of them; the team's is its people's mean
    week = sum(round((4 + w) / 5 * 100, 1) for w in wrote) / len(wrote)
    month = sum(round((14 + w) / 21 * 100, 1) for w in wrote) / len(wrote)
    for url, expected in ((f"weeks/{AS_OF:%G-W%V}", week), (f"months/{AS_OF:%Y-%m}", month)):
        table = _section(_page(t.site, url), "团队指标")
        headers = re.findall(r"<th[^>]*>([^<]+)</th>", table.split("</thead>")[0])
        column = headers.index("时间进度")
        cells = [
            re.findall(r"<td[^>]*>(.*?)</td>", row)[column]
            for row in re.findall(r"<tr(?: class=\"[^\"]*\")?>(<td.*?)</tr>", table)
        ]
        shown = f"{round(expected, 1):.0f}%"
        assert shown in cells and set(cells) <= {shown, "不折算"}, (url, cells)


@pytest.mark.parametrize("profile", PROFILES)
def test_a_days_counts_are_the_same_in_the_rules_and_on_its_log(trades, profile):
    t = trades[profile]
    checked = 0
    for week in sorted((t.site / "weeks").glob("*-W*")):
        rules = _section(_page(t.site, f"weeks/{week.name}"), "违反规则")
        for person, day, detail in re.findall(
            r'<a href="\.\./\.\./logs/([^"/]+)/[^"#]+/#([^"]+)">[^<]*</a></td>'
            r"<td[^>]*>.*?</td><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td>",
            rules,
        ):
            log = _log(t.site, person, day)
            if calls := re.match(r"电话联系 (\d+) 次", detail):
                assert re.search(rf">电话 {calls[1]} 次</span>", log), (person, day, detail)
                checked += 1
            if customers := re.match(r"外出只拜访了 (\d+) 户", detail):
                assert re.search(rf">{customers[1]} 户</span>", log), (person, day, detail)
                checked += 1
    rules = profiles.profile(profile)["rules"]  # a team that sets neither rule has nothing to compare
    assert checked or not (rules["calls_per_day"] or rules["customers_per_outing"])


@pytest.mark.parametrize("profile", PROFILES)
def test_numbers_that_need_a_comment_have_one(trades, profile):
    t = trades[profile]
    for url in [f"weeks/{p.name}" for p in (t.site / "weeks").glob("*-W*")]:
        page = _page(t.site, url)
        if "计划与实际（漏斗）" not in page:
            continue
        funnel = _section(page, "计划与实际（漏斗）")
        for value in re.findall(r"<small>(\d+)%</small>", funnel):
            assert int(value) <= 100, url  # above 100 it is marked ↑ and explained
        if "↑</span>" in funnel:
            assert "超过 100%（标 ↑）" in funnel
    for person in (t.site / "people").iterdir():
        if not (person / "index.html").exists():
            continue
        kpis = _section(_page(t.site, f"people/{person.name}"), "本月指标")
        for row in re.findall(r"<tr(?: class=\"[^\"]*\")?>(<td.*?)</tr>", kpis):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
            if len(cells) == 10:
                for base, compared in ((cells[6], cells[7]), (cells[8], cells[9])):
                    assert base == "—" or compared != "—", (person.name, cells)  # never — beside a figure


@pytest.mark.parametrize("profile", PROFILES)
def test_new_plan_does_not_plan_again_what_next_weeks_plan_has(trades, profile, tmp_path):
    t = trades[profile]
    data = tmp_path / "data"
    shutil.copytree(t.data, data)
    person = next(p.parent.name for p in sorted(data.glob("plans/*/2026-W48.yaml")))
    week_48 = data / "plans" / person / "2026-W48.yaml"
    aside = tmp_path / "W48.yaml"
    week_48.rename(aside)
    without = _new_plan(data, person)
    assert without and any(not r.startswith("应访日期") for r in without.values())  # follow-ups, overdue, never …
    aside.rename(week_48)
    # next week's plan sees all of them on Monday
    yaml = YAML()
    plan = yaml.load(week_48.read_text(encoding="utf-8"))
    monday = plan.setdefault("mon", {"route": "", "visits": []})
    monday.setdefault("visits", [])
    for i, customer in enumerate(sorted(without)):
        monday["visits"].append(
            {"time": DoubleQuotedScalarString(f"{8 + i // 4:02d}:{i % 4 * 15:02d}"), "customer": customer}
        )
    with week_48.open("w", encoding="utf-8") as stream:
        yaml.dump(plan, stream)
    planned = {str(v["customer"]) for day in plan.values() if isinstance(day, dict) for v in day.get("visits", [])}
    again = _new_plan(data, person)
    for customer, reasons in again.items():
        if customer in planned:  # planned next week: only a rule that still wants a visit the week after brings it
            assert re.fullmatch(r"应访日期 \S+", reasons), (customer, reasons)
    assert set(without) - set(again)  # some are left out for good


def _new_plan(data: Path, person: str) -> dict[str, str]:
    """Customer -> the reasons `portal new plan` gives for it in week 49."""
    run = portal("new", "plan", "--person", person, "--week", "2026-W49", "--as-of", DEMO_AS_OF, "--data", str(data))
    assert run.code == 0, run.err
    path = data / "plans" / person / "2026-W49.yaml"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    return {
        customer.strip("'\""): reasons.strip()
        for reasons, customer in re.findall(r"- time: \S+\s+# [^：\n]*：([^\n]*)\n\s+customer: (\S+)", text)
    }
