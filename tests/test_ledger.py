"""The ledger (issue 26, item 3): what customers owe, totalled by manager and by building, and the
dates they promised, checked against the data files read with an independent YAML parser."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import vobject
import yaml

from conftest import DEMO_AS_OF, built_demo, demo_team, once_per_run, portal, table_rows, write_files

AS_OF = date.fromisoformat(DEMO_AS_OF)


def _build(work: Path) -> Path:
    return built_demo(work, "property", people=4, customers=90, months=2)


@pytest.fixture(scope="module")
def property_team(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    return once_per_run(tmp_path_factory, worker_id, "ledger", _build)


def _amount(text: str) -> float:
    return float(text.replace(",", "").replace("元", "").strip())


def _owed(data: Path) -> dict[str, tuple[str, str, float]]:
    """Customer id -> (owner, building, arrears) of every customer whose file says it owes."""
    found = {}
    for path in sorted((data / "customers").glob("*.yaml")):
        file = yaml.safe_load(path.read_text("utf-8"))
        for c in file["customers"]:
            if c.get("arrears"):
                found[c["id"]] = (file["owner"], str(c["building"]), float(c["arrears"]))
    return found


def _names(data: Path) -> dict[str, str]:
    people = yaml.safe_load((data / "people.yaml").read_text("utf-8"))
    return {p["id"]: p["name"] for p in people}


def test_the_ledger_totals_what_the_customer_files_say_is_owed_by_manager_and_by_building(property_team: Path) -> None:
    data, html = property_team / "data", (property_team / "site" / "ledger" / "index.html").read_text("utf-8")
    owed, names = _owed(data), _names(data)
    assert owed, "the demo has customers in arrears"
    rows = table_rows(html, "rows")
    assert len(rows) >= len(owed)
    by_person: dict[str, float] = {}
    by_building: dict[str, float] = {}
    for owner, building, amount in owed.values():
        by_person[names[owner]] = by_person.get(names[owner], 0) + amount
        by_building[building] = by_building.get(building, 0) + amount
    shown_people = {r[0]: _amount(r[2]) for r in table_rows(html, "by-person")}
    shown_buildings = {r[0]: _amount(r[2]) for r in table_rows(html, "by-building")}
    assert shown_people == pytest.approx(by_person)
    assert shown_buildings == pytest.approx(by_building)
    total = sum(a for _, _, a in owed.values())
    assert f"{round(total):,}" in re.sub(r"<[^>]+>", " ", html)
    home = (property_team / "site" / "index.html").read_text("utf-8")
    assert re.search(r'href="ledger/" class="md-nav__link">\s*<span class="md-ellipsis">\s*台账', home), "in the nav"


def test_a_promise_past_while_the_customer_still_owes_is_overdue_on_the_ledger_and_its_managers_page(
    property_team: Path,
) -> None:
    data, site = property_team / "data", property_team / "site"
    owed = _owed(data)
    latest: dict[str, tuple[date, object]] = {}  # customer -> (day, promised date) of its latest visit with a result
    for path in sorted((data / "logs").rglob("*.yaml")):
        log = yaml.safe_load(path.read_text("utf-8"))
        day = date.fromisoformat(str(log["date"]))
        if day > AS_OF:
            continue
        for v in log.get("visits") or []:
            if v.get("effect") and (v["customer"] not in latest or latest[v["customer"]][0] <= day):
                latest[v["customer"]] = (day, v.get("promised_date"))
    expected = {
        c for c, (_, promised) in latest.items() if isinstance(promised, date) and promised < AS_OF and c in owed
    }
    assert expected, "the demo has a promise broken"
    html = (site / "ledger" / "index.html").read_text("utf-8")
    overdue_rows = [r for r in table_rows(html, "promises") if "承诺逾期" in r[-1]]
    names = {}
    for path in (data / "customers").glob("*.yaml"):
        for c in yaml.safe_load(path.read_text("utf-8"))["customers"]:
            names[c["name"]] = c["id"]
    assert {names[r[0]] for r in overdue_rows} == expected
    for c in expected:
        owner = owed[c][0]
        page = (site / "people" / owner / "index.html").read_text("utf-8")
        assert 'id="ledger"' in page and f"customers/{c}/" in page
        assert "承诺逾期" in (site / "customers" / c / "index.html").read_text("utf-8")
    home = (site / "index.html").read_text("utf-8")
    assert "承诺逾期" in home


def test_an_open_promise_is_a_reminder_in_its_managers_calendar(property_team: Path) -> None:
    site = property_team / "site"
    html = (site / "ledger" / "index.html").read_text("utf-8")
    ahead = {r[0]: r[-1] for r in table_rows(html, "rows") if "承诺将到" in r[-1]}
    assert ahead, "the demo has a promise still to come"
    events = {}
    for feed in site.glob("feeds/*/*-reminders.ics"):
        for calendar in vobject.readComponents(feed.read_text("utf-8")):
            for event in getattr(calendar, "vevent_list", []):  # a calendar may have no event
                if event.uid.value.startswith("promise-"):
                    events[event.summary.value.split("：", 1)[1]] = event.dtstart.value
    for name, shown in ahead.items():
        assert name in events, name
        assert f"{events[name].month}月{events[name].day}日" in shown


def test_a_ledger_hidden_by_masking_names_the_field_and_shows_no_amount(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo_team(data, "telecom", people=2, customers=12)
    run = portal("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", DEMO_AS_OF, cwd=tmp_path)
    assert run.code == 0, run.err
    html = (tmp_path / "site" / "ledger" / "index.html").read_text("utf-8")
    assert "欠费金额是敏感字段" in re.sub(r"<[^>]+>", "", html)
    assert "欠费金额合计" not in html


@pytest.mark.parametrize(
    ("setting", "hint"),
    [
        ("customer_fields:\n  - {id: room, label: 房号, ledger: owed}\n", "type 改为 number"),
        ("visit_fields:\n  - {id: pay_by, label: 承诺缴费, promise: true}\n", "type 改为 date"),
        ("ledger_by: [buildng]\n", "是不是 'building'"),
    ],
)
def test_a_ledger_setting_that_cannot_work_is_an_error_naming_its_line(tmp_path: Path, setting: str, hint: str) -> None:
    data = tmp_path / "data"
    demo_team(data, "property", people=2, customers=8)
    team = data / "team.yaml"
    text = team.read_text("utf-8")
    write_files(data, {"team.yaml": text + setting})
    run = portal("check", "--data", str(data), "--as-of", DEMO_AS_OF)
    assert run.code == 1, run.out + run.err
    line = len(text.splitlines()) + (2 if setting.count("\n") > 1 else 1)
    found = [m for m in (run.out + run.err).splitlines() if ": error: " in m]
    assert len(found) == 1, run.out + run.err  # one message, for the one cause
    assert re.search(rf"team\.yaml:{line}:\d+: error: ", found[0]), found[0]
    assert hint in found[0]
