"""A build that reuses what the build before it left (the page cache, the digest memo, the stamp)
makes the very site a build from nothing makes: random sequences of edits a team makes in a day
(hypothesis), each built both ways with `portal build`, and the two sites compared byte by byte."""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import once_per_run, portal

START = date(2026, 11, 20)
EDITS = (
    "visit",  # a visit's purpose reworded
    "add_log",  # a log written for a day that had none
    "delete_log",
    "rename_customer",
    "move_customer",  # a customer handed to the other manager
    "plan",  # a week plan's focus reworded
    "team_name",
    "team_rule",  # how many working days a log may be late
    "next_day",  # the as-of date a day on
    "next_week",
)


def _team(folder: Path) -> Path:
    run = portal("demo", "--out", str(folder / "data"), "--people", "2", "--customers", "12", "--months", "1")
    assert run.code == 0, run.err
    return folder / "data"


@pytest.fixture(scope="session")
def tiny_team(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    return once_per_run(tmp_path_factory, worker_id, "tiny-team", _team)


def _round_trip(path: Path, change: object) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def _edit(data: Path, edit: str, rnd: random.Random, as_of: date) -> date:
    """Make `edit` in the team's data; the as-of date after it."""
    logs = sorted(data.glob("logs/*/*.yaml"))
    if edit == "visit":
        path = rnd.choice([p for p in logs if "purpose: " in p.read_text(encoding="utf-8")])
        path.write_text(path.read_text(encoding="utf-8").replace("purpose: ", "purpose: 又谈了", 1), encoding="utf-8")
    elif edit == "add_log":
        _add_log(data, rnd, as_of)
    elif edit == "delete_log" and len(logs) > 4:
        rnd.choice(logs).unlink()
    elif edit == "rename_customer":
        path = rnd.choice(sorted(data.glob("customers/*.yaml")))
        _round_trip(path, lambda d: d["customers"][rnd.randrange(len(d["customers"]))].update(name="更名后的客户"))
    elif edit == "move_customer":
        _move_customer(data, rnd)
    elif edit == "plan":
        path = rnd.choice(sorted(data.glob("plans/*/*-W*.yaml")))
        _round_trip(path, lambda d: d.setdefault("focus", {}).update(market="盯住年末存款"))
    elif edit == "team_name":
        _round_trip(data / "team.yaml", lambda d: d.update(name=d["name"] + "（新）"))
    elif edit == "team_rule":
        _round_trip(data / "team.yaml", lambda d: d.setdefault("rules", {}).update(log_due_days=rnd.choice([1, 2, 3])))
    elif edit == "next_day":
        return as_of + timedelta(days=1)
    elif edit == "next_week":
        return as_of + timedelta(days=7)
    return as_of


def _add_log(data: Path, rnd: random.Random, as_of: date) -> None:
    """A copy of a person's log moved to a past day without one, every date in it moved alike."""
    person = rnd.choice(sorted(p for p in (data / "logs").iterdir() if p.is_dir()))
    written = {p.stem for p in person.glob("*.yaml")}
    free = [as_of - timedelta(days=n) for n in range(1, 15) if (as_of - timedelta(days=n)).isoformat() not in written]
    source = rnd.choice(sorted(person.glob("*.yaml")))
    if not free:
        return
    day = rnd.choice(free)
    shift = day - date.fromisoformat(source.stem)
    text = re.sub(r"^review:.*?(?=^\S|\Z)", "", source.read_text(encoding="utf-8"), flags=re.M | re.S)
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: (date.fromisoformat(m[0]) + shift).isoformat(), text)
    (person / f"{day.isoformat()}.yaml").write_text(text, encoding="utf-8")


def _move_customer(data: Path, rnd: random.Random) -> None:
    giver, taker = rnd.sample(sorted(data.glob("customers/*.yaml")), 2)
    yaml = YAML()
    given_file = yaml.load(giver.read_text(encoding="utf-8"))
    taken_file = yaml.load(taker.read_text(encoding="utf-8"))
    customer = given_file["customers"].pop(rnd.randrange(len(given_file["customers"])))
    customer.pop("route", None)  # routes are the owner's own
    taken_file["customers"].append(customer)
    for path, content in ((giver, given_file), (taker, taken_file)):
        with path.open("w", encoding="utf-8") as stream:
            yaml.dump(content, stream)


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(repository: Path, as_of: date) -> tuple[int, dict[str, bytes]]:
    run = portal("build", "--as-of", as_of.isoformat(), cwd=repository)
    assert run.code in (0, 1), run.err  # an edit may leave the data with errors: then both builds refuse
    return run.code, _site(repository / "site")


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,  # the same draws every run: CI passes or fails on the code, not on the luck of a draw
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(st.sampled_from(EDITS), min_size=1, max_size=3), seed=st.integers(0, 2**16))
@example(edits=["add_log", "delete_log", "rename_customer"], seed=1)  # every kind of edit, whatever is drawn
@example(edits=["plan", "team_name", "next_week"], seed=2)
def test_a_build_on_the_last_ones_work_folder_makes_the_site_a_build_from_nothing_makes(
    tiny_team: Path, edits: list[str], seed: int
) -> None:
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        warm, cold = Path(folder) / "warm", Path(folder) / "cold"
        shutil.copytree(tiny_team, warm / "data")
        as_of = START
        assert _build(warm, as_of)[0] == 0  # the day before's site, cache and stamp
        for edit in edits:
            as_of = _edit(warm / "data", edit, rnd, as_of)
            code, reused = _build(warm, as_of)
            shutil.rmtree(cold, ignore_errors=True)
            shutil.copytree(warm / "data", cold / "data")
            cold_code, fresh = _build(cold, as_of)
            assert code == cold_code, (edits, edit)
            if code == 0:
                differ = sorted(name for name in reused.keys() | fresh.keys() if reused.get(name) != fresh.get(name))
                assert differ == [], (edits, edit, differ[:10])
