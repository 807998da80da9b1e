"""In Chromium: a name searched for lands on its page first, and on a phone the home page says
who needs attention, each item a tap away from its page."""

from __future__ import annotations

import pytest
from test_browser import Visit, base_url, browser, type_query  # noqa: F401 (fixtures)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _search(page, query: str) -> list[str]:
    """The addresses of Material's results for `query`, once they are for the whole query."""
    type_query(page, query)
    page.wait_for_function(  # the results follow the typing; wait until they are for the whole query
        "q => [...document.querySelectorAll('.md-search-result__item > a')].some(a => a.innerText.includes(q))",
        arg=query,
        timeout=15000,
    )
    return [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]


@pytest.mark.parametrize(
    ("name", "page", "also"),
    [
        ("张伟", "people/zhangwei/", "customers/"),  # a manager: their customers' pages name them
        ("黄婷", "people/huangting/", "customers/"),
        ("吴国平", "customers/c094/", "people/zhaolei/"),  # a customer, also on their manager's page
    ],
)
def test_a_searched_name_lists_its_person_or_customer_page_first(browser, base_url, name, page, also):  # noqa: F811
    visit = Visit(browser, base_url)
    results = _search(visit.open(), name)
    assert results[0].split("?")[0] == base_url + page, results[:5]
    assert any(also in r for r in results[1:])  # other pages do mention it: the order is what is tested
    visit.page.locator(".md-search-result__item > a").first.click()
    visit.page.wait_for_url(f"**/{page}**")
    assert visit.page.inner_text("h1") == name
    assert visit.errors == [] and visit.outside == []
    visit.page.close()


def test_on_a_phone_the_home_page_leads_to_whoever_needs_attention(browser, base_url):  # noqa: F811
    visit = Visit(browser, base_url, **PHONE)
    page = visit.open()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    attention = page.locator("article h2#attention")
    assert attention.bounding_box()["y"] < 844  # the first thing on the page, not below the fold
    lists = page.locator("article ul.portal-attention")
    assert all(lists.nth(i).locator("li").count() <= 5 for i in range(lists.count()))
    # a card leads to its full list on the customers page
    page.locator("article a.portal-card[href$='customers/#overdue']").tap()
    page.wait_for_url("**/customers/#overdue")
    heading = page.locator("h2#overdue")
    assert heading.is_visible() and heading.bounding_box()["y"] < 844
    overdue = page.locator("h2#overdue + div table tbody tr")
    assert overdue.count() >= 1
    assert all("逾期未访" in overdue.nth(i).inner_text() for i in range(overdue.count()))
    # a name in a list leads to that customer's page
    page = visit.open()
    first = page.locator("h3#overdue + ul li a").first
    name = first.inner_text()
    first.tap()
    page.wait_for_url("**/customers/*/")
    assert page.inner_text("h1") == name
    # the oldest unreviewed log of a manager opens that log
    page = visit.open()
    log = page.locator("h3#unreviewed + ul li a[href*='logs/']").first
    log.tap()
    page.wait_for_url("**/logs/**")
    assert "工作日志" in page.inner_text("h1")
    assert visit.errors == [] and visit.outside == []
    visit.page.close()


def test_on_a_phone_a_month_of_logs_has_a_day_picker_that_shows_the_day_picked(browser, base_url):  # noqa: F811
    visit = Visit(browser, base_url, **PHONE)
    page = visit.open("logs/zhangwei/2026-11/")
    picker = page.locator("select.portal-day-picker")
    days = picker.locator("option:not([disabled])")
    assert days.count() >= 10
    missing = picker.locator("option[disabled]:not([value=''])")  # a day whose log is missing cannot be picked
    assert all("缺日志" in missing.nth(i).inner_text() for i in range(missing.count()))
    day = days.nth(3).get_attribute("value")
    picker.select_option(day)
    page.wait_for_url(f"**/logs/zhangwei/2026-11/#{day}")
    heading = page.locator(f"h2[id='{day}']")
    assert heading.is_visible() and 0 <= heading.bounding_box()["y"] < 844
