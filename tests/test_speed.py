"""What makes a large team's build fast and small keeps its output the same (timings: benchmarks/)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import ROOT

_SHARES = """
import os, sys
from pathlib import Path
from builder.site.forked import ShareFailed, in_two

out = Path(sys.argv[1])

def share(n):
    (out / str(n)).write_text(str(os.getpid()))
    if n == int(sys.argv[2]):
        raise ValueError("share " + str(n) + " broke")

try:
    in_two(share)
except ShareFailed as exc:
    print("failed:", str(exc).strip().splitlines()[-1])
except ValueError as exc:
    print("raised here:", exc)
print("parent", os.getpid())
"""


def _shares(folder, failing: int) -> tuple[str, dict[str, str]]:
    """Two shares in a fresh process (one thread, so the second share is forked)."""
    folder.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_SHARES), str(folder), str(failing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout, {p.name: p.read_text() for p in folder.iterdir()}


def test_pages_render_in_two_processes_and_a_failure_in_either_fails_the_build(tmp_path):
    out, pids = _shares(tmp_path / "fine", -1)
    parent = out.split("parent ")[1].strip()
    assert pids["0"] == parent and pids["1"] != parent  # share 1 ran in a forked child
    out, pids = _shares(tmp_path / "child", 1)
    assert "failed: ValueError: share 1 broke" in out and set(pids) == {"0", "1"}
    out, pids = _shares(tmp_path / "here", 0)
    assert "raised here: share 0 broke" in out and set(pids) == {"0", "1"}  # the child was waited for


def _entries(site, prefix: str) -> str:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    found = [d for d in index["docs"] if d["location"].startswith(prefix)]
    assert found, prefix
    return " ".join(d["title"] + " " + d["text"] for d in found).replace("\u200b", "")


def test_tables_of_numbers_and_charts_stay_out_of_search_and_what_was_said_stays_in(demo_site):
    week = _entries(demo_site, "weeks/2026-W46/")
    assert "指标完成与排名" in week and "市场异常" in week  # the headings are found
    assert "完成/目标" not in week and "平均达成度" not in week  # the ranking table and chart are not
    assert "团队合计" not in week  # nor the totals rows of the other tables
    customer = _entries(demo_site, "customers/c001/")
    page = (demo_site / "customers" / "c001" / "index.html").read_text(encoding="utf-8")
    said = page.split("往来记录")[-1]
    assert "portal-prose" in said
    first = said.split('class="portal-prose">')[1].split("<")[0]
    assert first and first in customer  # what was said at a visit is found on the customer's page
