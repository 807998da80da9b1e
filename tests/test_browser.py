"""The built site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def type_query(page: Page, query: str) -> None:
    """Types `query` into Material's search box as a person would."""
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.fill("input.md-search__input", query)
    page.keyboard.press("End")  # Material reads the query on key up; fill() sends no key


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium (see .ci/run)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    """A page with everything that went wrong in it recorded: console errors and outside requests."""

    def __init__(self, browser: Browser, base_url: str, **options) -> None:
        self.base_url = base_url
        self.page: Page = browser.new_page(**options)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base_url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str = "") -> Page:
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.page


def test_home_then_a_person_then_a_customer_by_following_links(browser, base_url):
    visit = Visit(browser, base_url)
    page = visit.open()
    assert "本周拜访" in page.inner_text("article")
    page.click("article a[href$='people/zhangwei/']")
    page.wait_for_url("**/people/zhangwei/")
    assert page.inner_text("h1") == "张伟"
    assert "本周计划" in page.inner_text("article")
    page.click("article table a[href*='customers/c']")
    page.wait_for_url("**/customers/c*/")
    assert "往来记录" in page.inner_text("article")
    assert visit.errors == [] and visit.outside == []
    visit.page.close()


def test_searching_a_two_character_customer_name_lands_on_its_page(browser, base_url):
    visit = Visit(browser, base_url)
    page = visit.open()
    type_query(page, "黄敏")
    page.wait_for_function(  # the results follow the typing; wait until they are for the whole name
        "() => (document.querySelector('.md-search-result__item a') || {}).innerText?.startsWith('黄敏')",
        timeout=15000,
    )
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_url("**/customers/c001/**")
    assert page.inner_text("h1") == "黄敏"
    assert visit.errors == [] and visit.outside == []
    visit.page.close()


def test_injected_markup_shows_as_text_and_never_runs(browser, base_url):
    visit = Visit(browser, base_url)
    for path in ("customers/x01/", "logs/zhangwei/2026-11/", "customers/", ""):
        page = visit.open(path)
        assert page.evaluate("window.__pwned") is None, path
    page = visit.open("customers/x01/")
    assert page.inner_text("h1") == "<script>window.__pwned=1</script>李四"
    page = visit.open("logs/zhangwei/2026-11/")
    assert "</div><script>window.__pwned=3</script>" in page.inner_text("article")
    assert page.locator("article a[href^='javascript:']").count() == 0
    assert visit.errors == []
    visit.page.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "people/zhangwei/",
        "customers/c001/",
        "weeks/2026-W47/",
        "months/2026-11/",
        "logs/zhangwei/2026-11/",
        "quality/",
        "handbook/",
        "subscribe/",
    ],
)
def test_a_phone_sized_screen_has_no_horizontal_scroll(browser, base_url, path):
    visit = Visit(browser, base_url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = visit.open(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path}: page is {width}px wide"
    assert visit.errors == [] and visit.outside == []
    visit.page.close()


def test_the_dark_scheme_is_offered_and_charts_follow_it(browser, base_url):
    visit = Visit(browser, base_url, color_scheme="dark")
    page = visit.open("people/zhangwei/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    text_fill = page.evaluate("getComputedStyle(document.querySelector('svg.portal-chart text')).fill")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert text_fill != background
    assert text_fill.startswith("rgb") and text_fill not in ("rgb(0, 0, 0)",)
    visit.page.close()
