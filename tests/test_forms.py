"""Issue 30, item 2: the month's forms people hand up, as a workbook (000's 目标设定表 and 每日业绩登记表),
opened with openpyxl and held against the month page; deterministic; text never a formula."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from conftest import DEMO_AS_OF, ROOT, portal


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _month_page_row(site: Path, name: str, page: str = "months/2026-11") -> dict[str, tuple[float, float]]:
    """A period page's ranking row of a manager: metric label -> (achieved, target)."""
    page = (site / page / "index.html").read_text(encoding="utf-8")
    row = re.search(rf">{name}</a></td>(.*?)</tr>", page, re.S)
    assert row
    cells = re.findall(r'data-label="([^"]+)"[^>]*>([\d,.]+) / ([\d,.]+)<br>', row[1])
    return {label: (_number(actual), _number(target)) for label, actual, target in cells}


def test_the_month_workbook_holds_the_month_pages_figures(demo_site):
    book = load_workbook(demo_site / "export" / "forms" / "2026-11.xlsx")
    assert book.sheetnames[0] == "团队" and "张伟" in book.sheetnames
    sheet = book["张伟"]
    assert sheet.protection.sheet  # a record: protected against accidental edits
    heads = [c.value for c in sheet[2]]
    assert heads[:4] == ["项目", "上月目标", "上月达成", "本月目标"] and "本月实际达成" in heads
    assert heads[4].startswith("第1周 11/01–11/08") and heads[4].endswith("目标")  # 1 November, a Sunday, joins week 1
    shown = _month_page_row(demo_site, "张伟")
    compared = 0
    for line in sheet.iter_rows(min_row=3, values_only=True):
        if not line[0] or line[0] == "每日业绩登记表":
            break
        label = str(line[0]).split("（")[0]
        if label in shown:
            actual, target = shown[label]
            assert round(line[heads.index("本月实际达成")]) == round(actual), label
            assert round(line[heads.index("本月目标")]) == round(target), label
            compared += 1
    assert compared >= 5
    week = _month_page_row(demo_site, "张伟", "weeks/2026-W47")  # 16–22 November: the month's third week
    achieved, aimed = heads.index("第3周 11/16–11/22 达成"), heads.index("第3周 11/16–11/22 目标")
    for line in sheet.iter_rows(min_row=3, max_row=2 + len(shown), values_only=True):
        label = str(line[0]).split("（")[0]
        if label in week:
            assert round(line[achieved], 1) == week[label][0] and abs(line[aimed] - week[label][1]) < 0.051, label
    week_targets = [heads.index(h) for h in heads if h.startswith("第") and h.endswith("目标")]
    first = next(sheet.iter_rows(min_row=3, max_row=3, values_only=True))
    assert abs(sum(first[i] for i in week_targets) - first[heads.index("本月目标")]) < 0.1  # the weeks add up
    register = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], datetime)]
    assert register and register[0][0].date() == date(2026, 11, 2) and register[0][1] == "周一"
    assert all(r[0].date() < date(2026, 11, 20) for r in register)  # the as-of day's log is not in yet
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "本月")
    month_rows = list(sheet.iter_rows(min_row=3, max_row=2 + len(shown) + 2, values_only=True))
    achieved = [r[heads.index("本月实际达成")] for r in month_rows if r[0] and r[0] != "每日业绩登记表"]
    assert list(total[2 : 2 + len(achieved)]) == achieved  # the register's month row: the month's own figures
    assert sheet.print_title_rows and sheet.page_setup.orientation == "landscape"


def test_the_workbook_is_the_same_bytes_for_the_same_data_and_day_and_holds_no_formula(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    people = data / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("name: 张伟", 'name: =HYPERLINK("x")'), encoding="utf-8"
    )
    sites = []
    for name in ("one", "two"):
        run = portal("build", "--data", str(data), "--site", str(tmp_path / name), "--as-of", DEMO_AS_OF)
        assert run.code == 0, run.err
        sites.append(tmp_path / name / "export" / "forms" / "2026-11.xlsx")
    assert sites[0].read_bytes() == sites[1].read_bytes()
    book = load_workbook(sites[0])
    names = [sheet.title for sheet in book.worksheets]
    sheet = book[next(n for n in names if "HYPERLINK" in n)]
    assert sheet["A1"].data_type == "s" and "=HYPERLINK" in str(sheet["A1"].value)
    assert all(c.data_type != "f" for s in book.worksheets for row in s.iter_rows() for c in row)


def test_the_week_workbook_lays_out_each_managers_plan_and_summary(demo_site):
    from ruamel.yaml import YAML

    plan = YAML(typ="safe").load((ROOT / "data" / "plans" / "zhangwei" / "2026-W47.yaml").read_text(encoding="utf-8"))
    planned = [v for day in ("mon", "tue", "wed", "thu", "fri") for v in (plan.get(day) or {}).get("visits", [])]
    book = load_workbook(demo_site / "export" / "forms" / "2026-W47.xlsx")
    rows = [r for r in book["张伟"].iter_rows(values_only=True) if isinstance(r[1], datetime)]
    assert [(r[3], r[6]) for r in rows] == [(v["time"], v.get("purpose", "")) for v in planned]  # times as quoted
    assert plan["focus"]["market"] in [c.value for c in book["张伟"]["B"]]
    week_page = (demo_site / "weeks" / "2026-W47" / "index.html").read_text(encoding="utf-8")
    assert "export/forms/2026-W47.xlsx" in week_page
    listing = (demo_site / "weeks" / "index.html").read_text(encoding="utf-8")
    assert "export/forms/2026-W47.xlsx" in listing and "export/forms/2026-W46.xlsx" in listing
    closed = (demo_site / "weeks" / "2026-W46" / "index.html").read_text(encoding="utf-8")
    assert "export/forms/" not in closed  # a closed week's page does not change when the day moves on
