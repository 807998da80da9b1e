"""The shipped demo team: clean, realistic in size, and exactly what the generator makes."""

from __future__ import annotations

import filecmp
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.demo import DemoOptions, generate, write_demo
from builder.demo.emit import Emitter
from conftest import DEMO_AS_OF, ROOT, portal


def test_the_demo_team_passes_the_check_without_errors_or_warnings():
    run = portal("check", "--as-of", DEMO_AS_OF)
    assert run.code == 0, run.out
    assert run.out == ""
    assert "0 个错误，0 个警告" in run.err
    assert "9 人，120 个客户" in run.err


def test_the_generator_reproduces_the_shipped_demo_byte_for_byte(tmp_path):
    run = portal("demo", "--out", str(tmp_path / "data"))
    assert run.code == 0, run.err
    comparison = filecmp.dircmp(ROOT / "data", tmp_path / "data")

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(comparison) == []
    for path in (ROOT / "data").rglob("*.yaml"):
        assert path.read_bytes() == (tmp_path / "data" / path.relative_to(ROOT / "data")).read_bytes()


def test_a_larger_synthetic_team_is_generated_and_passes(tmp_path):
    out = tmp_path / "big"
    run = portal("demo", "--out", str(out), "--people", "12", "--customers", "300", "--months", "1")
    assert run.code == 0, run.err
    assert len(list((out / "customers").glob("*.yaml"))) == 12
    check = portal("check", "--data", str(out), "--as-of", DEMO_AS_OF)
    assert check.code == 0, check.out
    assert "13 人，300 个客户" in check.err


def test_demo_refuses_to_write_into_a_folder_that_has_files(tmp_path):
    (tmp_path / "keep.yaml").write_text("a: 1\n", encoding="utf-8")
    run = portal("demo", "--out", str(tmp_path))
    assert run.code == 2
    assert (tmp_path / "keep.yaml").read_text(encoding="utf-8") == "a: 1\n"


PROFILES = ["bank", "credit_union", "securities", "tobacco", "distribution", "telecom", "property"]


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profiles_demo_checks_clean_and_is_the_same_every_time(tmp_path, profile):
    first, second = tmp_path / "first", tmp_path / "second"
    options = DemoOptions(people=3, months=2, profile=profile)
    count = write_demo(first, options)
    assert write_demo(second, options) == count
    files = sorted(p.relative_to(first) for p in first.rglob("*.yaml"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.yaml"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    team = (first / "team.yaml").read_text(encoding="utf-8")
    assert f"profile: {profile}\n" in team
    check = portal("check", "--data", str(first), "--as-of", DEMO_AS_OF)
    assert check.code == 0, check.err
    assert "0 个错误，0 个警告" in check.err, check.err


def test_another_seed_makes_another_team(tmp_path):
    a = dict(generate(DemoOptions(people=2, customers=10, months=1, profile="telecom")))
    b = dict(generate(DemoOptions(people=2, customers=10, months=1, profile="telecom", seed=8)))
    assert a["customers/xuwenjie.yaml"] != b["customers/xuwenjie.yaml"]


def test_the_tobacco_demo_walks_routes_and_records_orders(tmp_path):
    files = dict(generate(DemoOptions(people=2, months=1, profile="tobacco")))
    for owner in ("xujianping", "qianlijuan"):
        customers = files[f"customers/{owner}.yaml"]
        routes = customers["routes"]
        assert 4 <= len(routes) <= 6
        assert {day for r in routes for day in r["days"]} == {"mon", "tue", "wed", "thu", "fri"}
        for customer in customers["customers"]:
            assert customer["route"] in {r["id"] for r in routes}
            assert re.fullmatch(r"\d{12}", customer["licence"])
            assert 1 <= customer["grade"] <= 30
            assert customer["area"] in ("城网", "农网")
            assert re.sub(r"（\d+）$", "", customer["name"]).endswith(
                ("店", "行", "超市", "中心", "部", "室", "KTV", "楼", "吧", "酒")
            )
    expiries = [c["licence_expiry"] for f in files.values() if "routes" in f for c in f["customers"]]
    assert any(d < date(2026, 11, 20) for d in expiries), "some licences should have expired"
    visits = [v for path, log in files.items() if path.startswith("logs/") for v in log.get("visits", [])]
    assert visits
    for visit in visits:
        assert ("figures" in visit) != ("no_order_reason" in visit)
        if "figures" in visit:
            assert set(visit["figures"]) <= {"orders", "order_value", "key_brand_orders", "premium_orders"}
            assert 100 <= visit["figures"]["order_value"] / visit["figures"]["orders"] <= 300
    days = [
        len(plan["visits"])
        for path, week in files.items()
        if "-W" in path
        for day, plan in week.items()
        if day in ("mon", "tue", "wed", "thu", "fri")
    ]
    assert max(days) >= 20 and max(days) <= 26  # 004「访问二,三十个客户后,常常是中午一点多了」
    daily = [log.get("figures", {}) for path, log in files.items() if path.startswith("logs/")]
    assert all("price_per_carton" not in f and "orders" not in f for f in daily)
    assert all(0 <= f["e_settlement"] <= 100 for f in daily if "e_settlement" in f)


def test_a_customer_count_larger_than_every_name_pool_finishes(tmp_path):
    files = dict(generate(DemoOptions(people=3, customers=1500, months=1)))
    names = [c["name"] for path, f in files.items() if path.startswith("customers/") for c in f["customers"]]
    assert len(names) == 1500
    assert len(set(names)) == 1500
    assert any(name.endswith("（2）") for name in names)


def test_demo_writes_the_profile_it_is_asked_for_and_refuses_an_unknown_one(tmp_path):
    run = portal("demo", "--out", str(tmp_path / "t"), "--profile", "tobacco", "--people", "2", "--months", "1")
    assert run.code == 0, run.err
    assert "profile: tobacco\n" in (tmp_path / "t" / "team.yaml").read_text(encoding="utf-8")
    assert "routes:" in (tmp_path / "t" / "customers" / "xujianping.yaml").read_text(encoding="utf-8")
    wrong = portal("demo", "--out", str(tmp_path / "w"), "--profile", "bnak")
    assert wrong.code == 2
    assert "bank" in wrong.err
    assert not (tmp_path / "w").exists()


@pytest.mark.parametrize("profile", PROFILES)
def test_the_demo_emitter_writes_every_file_as_ruamel_does(profile):
    emitter = Emitter()
    for path, content in generate(DemoOptions(people=2, months=1, profile=profile, seed=11)):
        assert emitter.dump(content) == emitter.ruamel(content), path


YAML_TEXT = st.text(
    st.sampled_from([*"ab01-?:#'\" .,[]{}&*!|>%@`~=<+eE_\t\n\r\x00\x85\x7f\xa0\ufeff\u2028\u3000", "张", "：", "😀"]),
    max_size=8,
) | st.sampled_from(["null", "True", "yes", "~", "1e3", "0x1F", ".inf", "2026-11-20", "10:30", "<<", "=", "---", "- a"])
EMITTED = st.recursive(
    st.one_of(
        YAML_TEXT,
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(allow_nan=False),
        st.dates(),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(YAML_TEXT, inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(EMITTED)
def test_the_demo_emitter_writes_any_value_as_ruamel_does(value):
    emitter = Emitter()
    for content in ({"k": value}, [value]):
        assert emitter.dump(content) == emitter.ruamel(content)


def test_the_largest_demo_customer_file_stays_within_the_loaders_limits(tmp_path):
    out = tmp_path / "one"
    run = portal(
        "demo", "--out", str(out), "--profile", "distribution", "--people", "1", "--customers", "3000", "--months", "1"
    )
    assert run.code == 0, run.err
    check = portal("check", "--data", str(out), "--as-of", DEMO_AS_OF)
    assert check.code == 0, check.err
    assert "2 人，3000 个客户" in check.err
    assert "0 个错误" in check.err
    refused = portal("demo", "--out", str(tmp_path / "many"), "--people", "1", "--customers", "3001")
    assert refused.code == 2
    assert "--people 2" in refused.err
    assert not (tmp_path / "many").exists()
