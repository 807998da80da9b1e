"""The handbook's examples are complete, valid files: what managers copy must pass the check."""

from __future__ import annotations

import re

from conftest import ROOT, portal

BLOCK = re.compile(r'```yaml title="([^"]+)"\n(.*?)```', re.S)


def test_every_example_in_the_handbook_passes_the_check(tmp_path):
    text = (ROOT / "content" / "handbook.md").read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert {path.split("/")[1] for path, _ in blocks} >= {"team.yaml", "people.yaml", "customers", "logs", "plans"}
    for path, body in blocks:
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    run = portal("check", "--data", str(tmp_path / "data"), "--as-of", "2026-11-20")
    assert run.code == 0, run.out
    assert run.out == ""
    assert "6 个文件" in run.err and "0 个错误，0 个警告" in run.err
