"""Issue 30, item 1: `portal import customers` brings a team's spreadsheet into its customer files:
columns by their titles, every value read as its field, problems located at their cells, known
customers matched by the team's key, changes written only when asked, twice is a no-op."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from ruamel.yaml import YAML

from conftest import demo_team, portal

MANAGERS = ["何志刚", "徐建平", "钱丽娟", "方志远"]  # the tobacco demo's first four people


def county_list(path: Path, rows: int, duplicate: bool = True) -> Path:
    """A county's retailer list as the company system exports it: a title merged over the table, group
    titles merged over two rows, a blank row, licences half stored as numbers, some dates typed as text."""
    rng = random.Random(7)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "零售户名单"
    ws["A1"] = "XX县烟草专卖局零售户名单（2026年11月）"
    ws.merge_cells("A1:J1")
    for column, title in enumerate(["序号", "许可证号", "零售户名称", "档位", "市场类型", "业态"], start=1):
        ws.cell(2, column, title)
    ws["G2"], ws["G3"], ws["H3"], ws["I2"], ws["J2"] = "联系方式", "联系电话", "经营地址", "客户经理", "许可证有效期"
    ws.merge_cells("G2:H2")
    for column in "ABCDEFIJ":
        ws.merge_cells(f"{column}2:{column}3")
    line = 4
    for i in range(rows):
        line += i == 100  # a blank row
        licence = 330102100000 + i
        typed_date = f"2027年{1 + i % 12}月{1 + i % 28}日"
        values = [i + 1, licence if i % 2 else str(licence), f"测试{i:03d}便利店", rng.randint(1, 30)]
        values += ["城网" if i % 3 else "农网", ["便利店", "烟酒店", "超市", "食杂店"][i % 4]]
        values += [f"139{rng.randint(10000000, 99999999)}", f"城关镇解放路{i}号", MANAGERS[i % 4]]
        values += [date(2027, 1 + i % 12, 1 + i % 28) if i % 5 else typed_date]
        for column, value in enumerate(values, start=1):
            ws.cell(line, column, value)
        line += 1
    if duplicate:
        for column, value in zip(
            (1, 2, 3, 9), (rows + 1, 330102100000, "测试000便利店（重复）", "何志刚"), strict=True
        ):
            ws.cell(line, column, value)
    book.save(path)
    return path


@pytest.fixture
def tobacco(tmp_path: Path) -> Path:
    return demo_team(tmp_path / "data", "tobacco", 5, 40)


def _import(data: Path, sheet: Path, *options: str):
    return portal("import", "customers", str(sheet), "--data", str(data), "--key", "licence", *options)


def _customers(data: Path) -> dict[str, dict]:
    yaml = YAML(typ="safe")
    found = {}
    for path in (data / "customers").glob("*.yaml"):
        for customer in yaml.load(path.read_text(encoding="utf-8"))["customers"]:
            found[str(customer.get("licence", customer["id"]))] = customer | {"owner": path.stem}
    return found


def test_a_county_list_of_500_retailers_is_imported_with_its_problems_at_their_cells(tmp_path, tobacco):
    sheet = county_list(tmp_path / "名单.xlsx", 500)
    before = {p: p.read_bytes() for p in (tobacco / "customers").glob("*.yaml")}
    run = _import(tobacco, sheet)
    assert run.code == 1
    assert "名单.xlsx: error: 表中没有客户分类这一列，而每个客户都要有 class" in run.err  # once, not once a row
    run = _import(tobacco, sheet, "--set", "class=C")
    assert run.code == 1, run.err
    said = "名单.xlsx:零售户名单!B505: error: 与第 4 行重复：许可证号都是 330102100000 (同一户写了两次就删去一行"
    assert said in run.err
    assert run.err.count("error:") == 1
    assert {p: p.read_bytes() for p in (tobacco / "customers").glob("*.yaml")} == before  # nothing written

    clean = county_list(tmp_path / "clean.xlsx", 500, duplicate=False)
    run = _import(tobacco, clean, "--set", "class=C")
    assert run.code == 0, run.err
    customers = _customers(tobacco)
    assert len(customers) == 540  # the blank row is no customer
    first, typed = customers["330102100001"], customers["330102100000"]  # a number in the sheet; a date typed as text
    assert first["owner"] == "xujianping" and first["name"] == "测试001便利店" and first["class"] == "C"
    assert typed["licence_expiry"] == date(2027, 1, 1) and typed["area"] == "农网" and typed["owner"] == "hezhigang"
    assert isinstance(first["grade"], int) and first["phone"].startswith("139")
    check = portal("check", "--data", str(tobacco))
    assert check.code == 0 and "0 个错误，0 个警告" in check.err, check.err

    written = {p: p.read_bytes() for p in (tobacco / "customers").glob("*.yaml")}
    again = _import(tobacco, clean, "--set", "class=C")
    assert again.code == 0 and "500 个客户与档案相同" in again.out and "没有需要写入的改动" in again.out
    assert {p: p.read_bytes() for p in (tobacco / "customers").glob("*.yaml")} == written


def test_changes_to_known_customers_are_shown_and_written_only_with_update(tmp_path, tobacco):
    path = min((tobacco / "customers").glob("*.yaml"))
    yaml = YAML(typ="safe")
    owner, known = path.stem, yaml.load(path.read_text(encoding="utf-8"))["customers"][0]
    other = next(p for p in yaml.load((tobacco / "people.yaml").read_text(encoding="utf-8")) if p["id"] != owner)
    path.write_text("# 城关片区，2026 年交接\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["许可证号", "零售户名称", "分类", "档位", "客户经理"])
    ws.append([int(known["licence"]), known["name"], known["class"], 29, other["name"]])
    book.save(tmp_path / "change.xlsx")
    run = _import(tobacco, tmp_path / "change.xlsx", "--dry-run", "--set", "territory=城关片区")
    assert run.code == 0, run.err
    assert f"{known['id']} 片区：{known.get('territory') or '（空）'} → 城关片区" in run.out  # a --set field, no column
    assert f"{known['id']} 档位：{known['grade']} → 29" in run.out
    assert f"{known['id']} 客户经理：{owner} → {other['id']}" in run.out
    assert "没有改写（要改写，加 --update）" in run.out
    assert "试运行" in run.out and "+++ b/" not in run.out  # nothing would be written without --update
    run = _import(tobacco, tmp_path / "change.xlsx", "--update")
    assert run.code == 0, run.err
    moved = _customers(tobacco)[known["licence"]]
    assert moved["owner"] == other["id"] and moved["grade"] == 29 and moved["id"] == known["id"]
    assert path.read_text(encoding="utf-8").startswith("# 城关片区，2026 年交接\n")  # the file's comments are kept


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_csv_as_excel_saves_it_and_a_bad_value_located_at_its_cell(tmp_path, tobacco, encoding):
    rows = ["许可证号,零售户名称,分类,档位,市场类型,客户经理", "330102999001,新开便利店,二类户,12,城网,何志刚"]
    rows += ["330102999002,街角烟酒,B,高档,城王,何志刚"]
    sheet = tmp_path / "list.csv"
    sheet.write_bytes("\r\n".join(rows).encode(encoding))
    run = _import(tobacco, sheet)
    assert run.code == 1
    assert "list.csv:D3: error: 档位：“高档”不是数字" in run.err
    assert "list.csv:E3: error: 市场类型：“城王”不是市场类型的选项 (可写：城网、农网；要加新的选项" in run.err
    shutil.copy(sheet, tmp_path / "keep.csv")
    sheet.write_bytes("\r\n".join(rows[:2]).encode(encoding))
    run = _import(tobacco, sheet, "--dry-run")
    assert run.code == 0 and "+  - id: " in run.out and "+    name: 新开便利店\n" in run.out  # what it would write
    assert "330102999001" not in str(_customers(tobacco))
    run = _import(tobacco, sheet)
    assert run.code == 0, run.err
    added = _customers(tobacco)["330102999001"]
    assert added["class"] == "B" and added["name"] == "新开便利店" and added["owner"] == "hezhigang"


def test_a_months_targets_by_person_go_into_the_month_plans(tmp_path):
    import shutil as sh

    from conftest import ROOT

    data = tmp_path / "data"
    sh.copytree(ROOT / "data", data)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["客户经理", "存款新增（万元）", "理财销售", "信用卡（张）"])
    ws.append(["张伟", 600, 350, 12])
    ws.append(["lijing", "580", 300, 10])
    book.save(tmp_path / "targets.xlsx")
    run = portal("import", "targets", str(tmp_path / "targets.xlsx"), "--month", "2026-12", "--data", str(data))
    assert run.code == 0, run.err
    plan = YAML(typ="safe").load((data / "plans" / "zhangwei" / "2026-12.yaml").read_text(encoding="utf-8"))
    assert plan == {"month": "2026-12", "targets": {"deposits": 600, "wealth": 350, "cards": 12}}
    november = data / "plans" / "zhangwei" / "2026-11.yaml"
    before = november.read_text(encoding="utf-8")
    run = portal("import", "targets", str(tmp_path / "targets.xlsx"), "--month", "2026-11", "--data", str(data))
    assert run.code == 0 and "zhangwei 2026-11 deposits：540 → 600" in run.out and "加 --update" in run.out
    assert november.read_text(encoding="utf-8") == before
    run = portal(
        "import", "targets", str(tmp_path / "targets.xlsx"), "--month", "2026-11", "--update", "--data", str(data)
    )
    assert run.code == 0, run.err
    after = november.read_text(encoding="utf-8")
    assert (
        "  deposits: 600\n" in after
        and after.replace("  deposits: 600\n", "  deposits: 540\n")
        .replace("  wealth: 350\n", "  wealth: 330\n")
        .replace("  cards: 12\n", "  cards: 15\n")
        == before
    )  # nothing else in the plan moved
    assert portal("check", "--data", str(data)).code == 0
    bad = Workbook()
    sheet = bad.active
    assert sheet is not None
    sheet.append(["客户经理", "存款新增"])
    sheet.append(["王小二", "很多"])
    bad.save(tmp_path / "bad.xlsx")
    run = portal("import", "targets", str(tmp_path / "bad.xlsx"), "--month", "2026-12", "--data", str(data))
    assert run.code == 1 and "bad.xlsx:Sheet!A2: error: “王小二”不是people.yaml 里的人" in run.err


def test_every_problem_in_one_run_each_cause_once_and_a_new_customers_warning_at_its_row(tmp_path, tobacco):
    known = YAML(typ="safe").load(min((tobacco / "customers").glob("*.yaml")).read_text(encoding="utf-8"))
    same_name = known["customers"][0]["name"]
    rows = [
        "许可证号,零售户名称,业态,客户经理",
        "330102999001,新开便利店,商场,何志刚",
        "330102999002,街角烟酒,商场,何志刚",
    ]
    rows += ["330102999003,老街超市,商场,何志刚", "330102999001,新开便利店二,超市,何志刚"]
    sheet = tmp_path / "list.csv"
    sheet.write_text("\n".join(rows), encoding="utf-8")
    run = portal("import", "customers", str(sheet), "--data", str(tobacco))
    assert run.code == 1
    assert "表中没有客户分类这一列" in run.err  # the missing column, the cells and the duplicate: one run
    assert "list.csv:C2: error: 业态：“商场”不是业态的选项" in run.err and "（另有 2 处：C3、C4）" in run.err
    assert run.err.count("“商场”") == 1  # one cause, one message
    assert "list.csv:A5: error: 与第 2 行重复：许可证号都是 330102999001" in run.err  # licence: the default key
    rows = ["许可证号,零售户名称,业态,客户经理", f"330102999009,{same_name},超市,何志刚"]
    sheet.write_text("\n".join(rows), encoding="utf-8")
    run = portal("import", "customers", str(sheet), "--data", str(tobacco), "--set", "class=C", "--dry-run")
    assert run.code == 0, run.err
    assert "list.csv:B2: warning:" in run.err and same_name in run.err  # the check's warning, at the sheet's row
