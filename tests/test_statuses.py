"""One status per customer, the same on every page: home, the customer list, the customer's
page and its manager's page, read in Chromium from the built demo site (as of 2026-11-20)."""

from __future__ import annotations

import re

from test_browser import Visit, base_url, browser  # noqa: F401  (fixtures)

# Each table of the article: its headers, and per row the link of its first cell and the cells' text.
TABLES = """() => Array.from(document.querySelectorAll('article table')).map(t => ({
  headers: Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim()),
  rows: Array.from(t.querySelectorAll('tbody tr')).map(tr => ({
    link: (tr.querySelector('td a') || {href: ''}).href,
    cells: Array.from(tr.querySelectorAll('td')).map(td => td.textContent.trim()),
  })),
}))"""


def _customer(link: str) -> str | None:
    found = re.search(r"/customers/([^/]+)/$", link)
    return found[1] if found else None


def _rows(page, header: str) -> dict[str, dict[str, str]]:
    """Customer id -> {header: cell text} of the rows of every table that has `header`."""
    found = {}
    for table in page.evaluate(TABLES):
        if header in table["headers"]:
            for row in table["rows"]:
                if (customer := _customer(row["link"])) is not None:
                    found[customer] = dict(zip(table["headers"], row["cells"], strict=False))
    return found


def test_every_page_shows_a_customer_the_same_status(browser, base_url):  # noqa: F811
    visit = Visit(browser, base_url)
    home = visit.open()
    follow_ups = _rows(visit.open("customers/"), "约定跟进")  # home links to this list
    assert len(follow_ups) >= 3  # the demo has follow-ups promised and not kept
    listed = _rows(visit.open("customers/"), "应访日期")
    owners = {c: row["客户经理"] for c, row in listed.items()}
    on_person_pages = {}
    for person in sorted(
        {
            href
            for href in home.eval_on_selector_all(
                "article a[href*='people/']", "as => as.map(a => a.getAttribute('href'))"
            )
        }
    ):
        on_person_pages.update(_rows(visit.open(person), "应访日期"))
    assert set(on_person_pages) == set(listed)
    for customer, row in listed.items():
        assert on_person_pages[customer]["状态"] == row["状态"], customer
        assert on_person_pages[customer]["应访日期"] == row["应访日期"], customer
    for customer, row in follow_ups.items():
        # a follow-up promised and not kept is overdue everywhere, and its date is the due date
        assert row["状态"] == "逾期未访", (customer, row)
        assert listed[customer]["状态"] == "逾期未访", customer
        page = visit.open(f"customers/{customer}/")
        assert page.inner_text(".portal-profile .portal-badge") == "逾期未访"
        facts = page.inner_text(".portal-facts")
        assert re.search(r"约定跟进\s+\S+ 已逾期", facts), facts
        due = re.search(r"应访日期\s+(\d+)年(\d+)月(\d+)日（(?:约定跟进，)?已逾期 \d+ 天）", facts)
        assert due, facts
        assert listed[customer]["应访日期"].split()[0] == f"{int(due[2])}月{int(due[3])}日"
        assert owners[customer] == row["客户经理"]
    assert visit.errors == []
