"""What the daily publish takes from the build before it: the data files as parsed, and the pages
whose fingerprint (everything their template is given) is the same; and what makes that safe: a
page about the past does not change with the as-of day, and a fingerprint is the same in every
process. (That a build on the last one's work folder makes the site a build from nothing makes is
tests/test_incremental.py.)"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, portal, write_files

OCTOBER = {
    "logs/ann/2026-10-20.yaml": "date: 2026-10-20\n"
    'visits:\n  - {time: "10:00", customer: a1, method: onsite, purpose: 十月拜访}\n'
}


def _team(tmp_path: Path) -> Path:
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, {**FILES, **OCTOBER})
    return data


def _build(tmp_path: Path, data: Path, site: str, as_of: str) -> tuple[int, int]:
    run = portal("build", "-v", "--data", str(data), "--site", str(tmp_path / site), "--as-of", as_of, cwd=tmp_path)
    assert run.code == 0, run.err
    found = re.search(r"\(rendered: (\d+) taken, (\d+) made\)", run.err)
    assert found, run.err
    return int(found[1]), int(found[2])


def _page(tmp_path: Path, site: str, url: str) -> bytes:
    return (tmp_path / site / url / "index.html").read_bytes()


def test_pages_about_the_past_do_not_change_with_the_as_of_day(tmp_path):
    data = _team(tmp_path)
    _build(tmp_path, data, "friday", "2026-11-06")
    _build(tmp_path, data, "next-friday", "2026-11-13")
    for url in ("logs/ann/2026-10", "months/2026-10", "weeks/2026-W44"):
        assert _page(tmp_path, "friday", url) == _page(tmp_path, "next-friday", url), url
    # the nav is the same on every day: it lists the sections, not the latest weeks
    nav = re.compile(rb'<nav class="md-nav md-nav--primary".*?</nav>', re.S)
    home = [nav.search((tmp_path / site / "index.html").read_bytes()) for site in ("friday", "next-friday")]
    assert home[0] and home[1] and home[0][0] == home[1][0]
    assert b"2026-W45" not in home[0][0]
    # the days left to a due date are counted by the reader's browser from the date the page names
    customer = _page(tmp_path, "friday", "customers/a1").decode()
    assert '<span class="portal-countdown" data-day="2026-12-02" data-lead=""></span>' in customer
    assert "还有" not in customer and "已逾期 " not in customer


def test_the_next_build_renders_only_the_pages_whose_inputs_changed(tmp_path):
    data = _team(tmp_path)
    taken, made = _build(tmp_path, data, "first", "2026-11-06")
    assert taken == 0
    again, made_again = _build(tmp_path, data, "second", "2026-11-06")  # another site folder: built, not skipped
    assert again > 0 and again + made_again == made
    customers = data / "customers/ann.yaml"
    before = "{id: c1, name: 乙商行, class: C}"
    after = "{id: c1, name: 乙商行, class: C, notes: 新备注}"
    customers.write_text(customers.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    taken, made = _build(tmp_path, data, "third", "2026-11-06")
    assert (taken, made) == (again - 1, made_again + 1)  # the one customer's page
    assert "新备注" in _page(tmp_path, "third", "customers/c1").decode()
    assert _page(tmp_path, "third", "logs/ann/2026-10") == _page(tmp_path, "first", "logs/ann/2026-10")


_FINGERPRINTS = """
import json, sys
from datetime import date
from pathlib import Path
from builder.pipeline import check
from builder.site.generate import _views
from builder.site.pages import pages
from builder.site.fingerprint import fingerprint
from builder.timings import Timings
from builder.feeds.addresses import DEVELOPMENT_KEY

checked = check(Path(sys.argv[1]), date(2026, 11, 6))
views = _views(checked, False, None, Timings())
found = pages(views.shown, [], [], DEVELOPMENT_KEY, listed=True)
print(json.dumps({p.path: fingerprint(p) for p in found if p.reusable}))
"""


def test_a_page_has_the_same_fingerprint_in_every_process(tmp_path):
    """Pickle would write a pydantic model's set of fields in the order of the process's string
    hashing, and an object met twice as a reference back: fingerprint.py writes neither."""
    data = _team(tmp_path)
    seen = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [sys.executable, "-c", _FINGERPRINTS, str(data)], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        seen.append(json.loads(done.stdout))
    assert seen[0] == seen[1] and len(seen[0]) >= 5


def test_a_shared_value_and_an_equal_copy_have_one_fingerprint():
    from builder.site.fingerprint import fingerprint

    text = "".join(["同一", "段话"])
    shared = [text, text]
    copied = [text, "".join(["同一", "段话"])]
    assert copied[0] is not copied[1]
    assert fingerprint(shared) == fingerprint(copied)
    assert fingerprint(["a"]) != fingerprint(["b"])


def test_a_file_taken_as_parsed_in_the_last_build_reports_its_positions(tmp_path):
    from builder.load import load
    from builder.load.parsed import ParsedFiles
    from builder.validate import validate

    data = tmp_path / "data"
    from test_derive import FILES

    files = dict(FILES)
    files["logs/ann/2026-11-05.yaml"] = "date: 2026-11-05\n\n\nvisits:\n  - {customer: a1, method: 飞鸽传书}\n"
    write_files(data, files)
    cache = tmp_path / "parsed.json"

    def problems() -> list[str]:
        parsed = ParsedFiles(cache)
        documents, found = load(data, parsed=parsed)
        parsed.save()
        _, more = validate(str(data), documents)
        return sorted(f"{p.path}:{p.line}:{p.column}:{p.code}" for p in found + more)

    first = problems()
    assert any(":5:" in p and "2026-11-05" in p for p in first), first
    assert len(json.loads(cache.read_text(encoding="utf-8"))["files"]) == len(files)
    assert problems() == first  # taken from the cache: the same places
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache is a cold one
    assert problems() == first


def test_templates_compiled_by_one_build_are_taken_by_the_next_and_a_damaged_one_is_compiled_again(tmp_path):
    data = _team(tmp_path)
    _build(tmp_path, data, "site", "2026-11-06")
    compiled = tmp_path / "build" / "cache" / "templates"
    first = {p: p.stat().st_mtime_ns for p in compiled.rglob("*.bin")}
    assert len(first) > 20  # the theme's templates and the pages' own
    stale = compiled / "0123456789abcdef"  # compiled by other code (another portal, Jinja or theme)
    (stale / "x.bin").parent.mkdir()
    (stale / "x.bin").write_bytes(b"old")
    _build(tmp_path, data, "site", "2026-11-13")
    assert {p: p.stat().st_mtime_ns for p in compiled.rglob("*.bin")} == first  # none compiled again
    assert not stale.exists()
    damaged = sorted(first)[0]
    damaged.write_bytes(b"not bytecode")
    _build(tmp_path, data, "site", "2026-11-20")
    assert damaged.read_bytes() != b"not bytecode"
    _build(tmp_path, data, "fresh", "2026-11-20")
    assert _page(tmp_path, "site", "customers/a1") == _page(tmp_path, "fresh", "customers/a1")
    # a template's compiled code holds none of the team's words: changed, they show at once
    assert "<th>客户经理</th>" in _page(tmp_path, "site", "customers/a1").decode()
    team = data / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "words: {manager: 管家}\n", encoding="utf-8")
    _build(tmp_path, data, "site", "2026-11-20")
    assert "<th>管家</th>" in _page(tmp_path, "site", "customers/a1").decode()
