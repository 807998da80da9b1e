"""Issue 29, item 1: what is sensitive is masked by what it is, in every spelling, on every byte
the site publishes (pages, search, exports, feeds)."""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from builder.publish import Known, Masker
from builder.recognise import half_width
from conftest import DEMO_AS_OF, ROOT, portal

KINDS = ["phone", "id_number", "bank_card", "email"]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("手机１３９６６６７０００７", "手机139****0007"),
        ("电话 139 666 70007 找王总", "电话 139****0007 找王总"),
        ("８６－１３９１２３４５６７８", "139****5678"),
        ("卡号6222021234567890123", "卡号***************0123"),
        ("卡号 6222 0212 3456 7890 123 已核对", "卡号 ***************0123 已核对"),
        ("身份证 1101 0119 9003 0745 28", "身份证 **************4528"),
        ("身份证１１０１０１１９９００３０７４５２Ｘ", "身份证**************452X"),
        ("对公账户 3301-0400-0123-4567-89", "对公账户 **************6789"),
        ("邮箱 Wang.Min+ops@corp-mail.example.cn 已发", "邮箱 W***@corp-mail.example.cn 已发"),
        ("邮箱ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "邮箱w***@example.com"),
    ],
)
def test_sensitive_values_are_masked_by_what_they_are(typed, shown):
    assert Masker(KINDS).text(typed) == shown


@pytest.mark.parametrize(
    "typed",
    [
        "400-800-8888 是银行热线",  # a company's hotline is public
        "2026-11-20 2026-11-21 两次拜访",  # dates side by side are not a card number
        "订单 20261120001",
        "存款 500 万元，贷款 1200.5 万元，合计 1,700.5 万元",
        "周三 09:30-11:30 在 3 号楼 1201 室",
        "客户生日 1990-03-07",  # a date nobody in the data was born on
    ],
)
def test_what_is_not_sensitive_is_left_as_typed(typed):
    assert Masker(KINDS, Known(births={date(1985, 6, 15)})).text(typed) == typed


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("生日1985年6月15日", "生日****年6月15日"),
        ("生日 1985 年 06 月 15 号", "生日 **** 年 06 月 15 号"),
        ("生日85年6月15日", "生日**年6月15日"),
        ("1985-06-15 生", "****-06-15 生"),
        ("1985/6/15", "****/6/15"),
        ("１９８５．６．１５", "****．６．１５"),
        ("19850615", "****0615"),
    ],
)
def test_a_known_birth_date_keeps_its_year_hidden_however_written(typed, shown):
    assert Masker(KINDS, Known(births={date(1985, 6, 15)})).text(typed) == shown


@pytest.mark.parametrize("typed", ["余额 3456.78 万", "余额3,456.78万", "余额 ３４５６.７８", "余额 3456.780 万"])
def test_a_masked_figure_is_hidden_wherever_it_is_repeated(typed):
    masked = Masker(["loan_balance"], Known(figures={Decimal("3456.78")})).text(typed)
    assert "3456" not in half_width(masked).replace(",", "") and "已隐藏" in masked
    assert Masker(["loan_balance"], Known(figures={Decimal("3456.78")})).text("余额 3456.79 万") == "余额 3456.79 万"


# --- the corpus: distinctive values planted in a copy of the demo, every published byte searched ---

PLANTED_NOTES = (
    "手机１３９６６６７０００７；备用 139 666 70008；卡号 6222 0212 3456 7890 123；"
    "身份证 1101 0119 6303 0700 5X；邮箱 Zhou.Bin@hospital-mail.example.cn；"
    "生日1964年3月3日；总资产 3,456.78 万"
)
PLANTED_LOG = "客户说新手机号是 +86 139-6667-0009，工资卡 6217 0012 3456 7890 12，周斌 1964-03-03 生"
SECRETS = [  # as digits, or as written where they hold letters
    "13966670007",
    "13966670008",
    "13966670009",
    "6222021234567890123",
    "621700123456789012",
    "11010119630307005X",
    "zhou.bin@hospital-mail.example.cn",
    "lijing@example.com",  # a manager's own (zhangwei@example.com is also the handbook's made-up example)
    "19640303",  # c004's birth date with its year, written twice in free text
    "1964年3月",
    "3456.78",
]


def _published_text(path: Path) -> str:
    """A published file as a reader would see its text: entities, escapes and folded lines undone, half-width."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    elif path.suffix in (".html", ".xml"):
        text = html.unescape(text)
    elif path.suffix == ".ics":
        text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")
    text = half_width(text).lower().replace(",", "")
    return re.sub(r"(?<=[0-9])[\s\-.()+/]+(?=[0-9])", "", text)  # a number however it was split


def test_no_planted_value_is_published_in_any_spelling(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    customers = data / "customers" / "chenchen.yaml"
    text = customers.read_text(encoding="utf-8")
    assert "    assets: 15\n" in text
    text = text.replace("    assets: 15\n", f"    assets: 3456.78\n    notes: '{PLANTED_NOTES}'\n", 1)
    customers.write_text(text, encoding="utf-8")
    log = data / "logs" / "chenchen" / "2026-11-19.yaml"
    log.write_text(
        log.read_text(encoding="utf-8").replace("outcome: 已告知产品到期，客户表示续作", f"outcome: {PLANTED_LOG}", 1),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    run = portal("build", "--data", str(data), "--site", str(site), "--as-of", DEMO_AS_OF)
    assert run.code == 0, run.err

    published = (".html", ".json", ".csv", ".ics", ".xml", ".txt")
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in published]
    kinds = {p.suffix for p in files}
    assert {".html", ".json", ".csv", ".ics"} <= kinds and any("feeds" in p.parts for p in files)
    leaks = []
    for path in files:
        text = _published_text(path)
        leaks += [(path.relative_to(site).as_posix(), s) for s in SECRETS if s.lower().replace(",", "") in text]
    assert leaks == [], leaks
    page = (site / "customers" / "c004" / "index.html").read_text(encoding="utf-8")
    assert "139****0007" in page and "*************0123" in page and "Z***@hospital-mail.example.cn" in page
    assert "****年3月3日" in page
