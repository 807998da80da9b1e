"""The shipped demo team: clean, realistic in size, and exactly what the generator makes."""

from __future__ import annotations

import filecmp

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
