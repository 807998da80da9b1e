"""The layout of every kind of page in a real browser: on a phone and a desktop, printed, and its charts.

The pages are found in the built demo site (the first or latest of each folder), never by a date.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from ruamel.yaml import YAML
from test_browser import Visit, base_url, browser  # noqa: F401  (the module's browser and server)

from builder.site.render import stack_tables
from conftest import DEMO_AS_OF, ROOT, portal

SCREENS = {
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
KINDS = (
    "home",
    "person",
    "supervisor",
    "customer",
    "log",
    "week",
    "month",
    "customers",
    "quality",
    "subscribe",
    "howto",
    "numbers",
)


def _pages(site: Path, pattern: str) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.glob(pattern))


@pytest.fixture(scope="module")
def paths(demo_site: Path) -> dict[str, str]:
    """A page of each kind, as the built site has it."""
    people = YAML(typ="safe").load((ROOT / "data" / "people.yaml").read_text(encoding="utf-8"))
    people = people["people"] if isinstance(people, dict) else people
    supervisor = next(p["id"] for p in people if p.get("role") == "supervisor")
    manager = next(p["id"] for p in people if p.get("role") != "supervisor")
    found = {
        "home": "",
        "person": f"people/{manager}/",
        "supervisor": f"people/{supervisor}/",
        "customer": _pages(demo_site, "customers/*/index.html")[0],
        "log": _pages(demo_site, "logs/*/*/index.html")[0],
        "week": _pages(demo_site, "weeks/*/index.html")[-1],  # the latest has the most in it
        "month": _pages(demo_site, "months/*/index.html")[-1],
        "customers": "customers/",
        "quality": "quality/",
        "subscribe": "subscribe/",
        "howto": "handbook/",
        "numbers": "numbers/",
    }
    for path in found.values():
        assert (demo_site / path / "index.html").is_file(), path
    return found


@pytest.fixture(scope="module", params=list(SCREENS))
def screen(request, browser, base_url):  # noqa: F811
    """One page object per screen size, reused for every kind of page."""
    visit = Visit(browser, base_url, **SCREENS[request.param])
    yield request.param, visit
    visit.page.close()


# What would spoil the page: anything reaching past the content column (on a phone the theme lets code and
# its tables' scroll boxes run to the screen's edges) without a box that scrolls it, a table that would need
# scrolling sideways, a cell narrower than three characters of its own font, a name or date broken in two.
LAYOUT = """() => {
  const article = document.querySelector('article');
  const box = document.querySelector('.md-content').getBoundingClientRect();
  const scrolled = (el) => {
    for (let e = el.parentElement; e && e !== article; e = e.parentElement) {
      const x = getComputedStyle(e).overflowX;
      if (x === 'auto' || x === 'scroll') return true;
    }
    return false;
  };
  const name = (el) =>
    `${el.tagName.toLowerCase()}.${el.getAttribute('class') || ''} «${(el.textContent || '').trim().slice(0, 24)}»`;
  const hidden = (el) => { const r = el.getBoundingClientRect(); return r.width <= 1 || r.height <= 1; };
  const overflow = [], unfitting = [], narrow = [];
  for (const el of article.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const out = r.right > box.right + 1 || r.left < box.left - 1;
    if (r.width && r.height && out && !scrolled(el)) overflow.push(name(el));
  }
  // a Latin word longer than any name (the injected markup of conftest.py) may widen its table or break
  const long = (el) => /[!-~]{20,}/.test(el.textContent);
  for (const table of article.querySelectorAll('table')) {
    if ([...table.querySelectorAll('td')].some(long)) continue;
    // a ranking of every metric (portal-wide) may scroll sideways in its box, never past the column
    if (table.matches('.portal-wide') && getComputedStyle(table.parentElement).overflowX === 'auto') continue;
    const wider = table.getBoundingClientRect().width > table.parentElement.getBoundingClientRect().width + 1;
    if (wider) unfitting.push(name(table));
  }
  for (const cell of article.querySelectorAll('td, th')) {
    const s = getComputedStyle(cell);
    if (s.display === 'none' || !cell.innerText.trim() || hidden(cell.closest('thead') || cell)) continue;
    const width = cell.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
      - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
    if (width < 3 * parseFloat(s.fontSize) - 0.5) narrow.push(`${name(cell)} ${width.toFixed(1)}px at ${s.fontSize}`);
  }
  // a name (a link of one word) or a date broken across lines
  const broken = [...article.querySelectorAll('td a, .portal-date')]
    .filter(e => !/\\s/.test(e.textContent.trim()) && !long(e) && e.getClientRects().length > 1).map(name);
  return {width: document.documentElement.scrollWidth, overflow, unfitting, narrow, broken};
}"""

# Text a reader sees (or hears: titles and labels) that is in English only: two English words and no Chinese.
ENGLISH = """() => {
  const found = [];
  const english = (t) => /[A-Za-z]{2,}[ \\t]+[A-Za-z]{2,}/.test(t) && !/[\\u3400-\\u9fff]/.test(t);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => n.parentElement.closest('script, style, code, pre, kbd, .md-search-result')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (english(n.textContent)) found.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      if (v && english(v)) found.push(`${a}="${v}"`);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_page_fits_the_screen_and_reads_in_chinese(screen, paths, kind):
    size, visit = screen
    page = visit.open(paths[kind])
    width = SCREENS[size]["viewport"]["width"]
    found = page.evaluate(LAYOUT)
    assert found["width"] <= width, f"{kind} on a {size}: the page is {found['width']}px wide"
    assert found["overflow"] == [], f"{kind} on a {size}: past the column"
    assert found["unfitting"] == [], f"{kind} on a {size}: tables wider than their column"
    assert found["narrow"] == [], f"{kind} on a {size}: cells narrower than three characters"
    assert found["broken"] == [], f"{kind} on a {size}: names or dates broken across lines"
    text = page.inner_text("body")
    assert "```" not in text, f"{kind}: a Markdown fence shown as text"
    assert page.evaluate("document.documentElement.lang").startswith("zh")
    footer = page.inner_text("footer")
    assert re.search(r"[\u4e00-\u9fff]", footer) and "Made with" not in footer, footer
    assert page.evaluate(ENGLISH) == [], f"{kind}: English-only text"
    assert visit.errors == [] and visit.outside == [], (visit.errors, visit.outside)


def test_on_a_phone_every_row_is_a_card_of_labelled_values(screen, paths):
    size, visit = screen
    page = visit.open(paths["week"])
    complaints = page.locator("article table:has(th:text-is('收到'))").first
    row = complaints.locator("tbody tr").first
    cells = row.locator("td")
    labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
    assert labels[:5] == ["收到", "客户", "状态", "客户经理", "内容"]  # what matters first
    status = cells.nth(2)
    display = row.evaluate("r => getComputedStyle(r).display")
    if size == "phone":
        assert display == "flex"
        assert status.evaluate("c => getComputedStyle(c, '::before').content") == '"状态"'
        assert status.is_visible() and status.bounding_box()["x"] + status.bounding_box()["width"] <= 360
        received = cells.nth(0).locator(".portal-date")  # a date is never broken across lines
        assert received.evaluate("d => d.getClientRects().length") == 1
    else:
        assert display == "table-row"
        assert complaints.locator("thead").is_visible()


def test_charts_keep_their_text_readable_on_a_phone_and_have_a_legend(browser, base_url, paths):  # noqa: F811
    visit = Visit(browser, base_url, **SCREENS["phone"])
    for kind in ("home", "person", "week"):
        page = visit.open(paths[kind])
        sizes = page.evaluate(
            """() => [...document.querySelectorAll('svg.portal-chart text')].map(t => {
                 const svg = t.closest('svg');
                 const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                 return parseFloat(getComputedStyle(t).fontSize) * scale;
               })"""
        )
        assert sizes and min(sizes) >= 10, f"{kind}: chart text shrinks to {min(sizes):.1f}px"
        boxes = page.locator("article .portal-chart-box")
        for i in range(boxes.count()):
            assert boxes.nth(i).locator(".portal-legend, svg .legend").count() > 0, f"{kind}: a chart without a legend"
    visit.page.close()


def test_blue_and_red_mean_the_same_on_every_chart(browser, base_url, paths):  # noqa: F811
    visit = Visit(browser, base_url, **SCREENS["desktop"])
    seen: dict[str, set[str]] = {"done": set(), "behind": set(), "actual line": set()}
    for kind in ("home", "person", "week", "month"):
        page = visit.open(paths[kind])
        found = page.evaluate(
            """() => {
                 const fill = (sel) => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).fill);
                 const bars = [...document.querySelectorAll('svg.portal-chart rect.bar')];
                 const badge = document.querySelector('.portal-badge.fresh-overdue');
                 return {
                   done: fill('svg.portal-chart rect.bar:not(.warn)'),
                   behind: fill('svg.portal-chart rect.bar.warn'),
                   actual: [...document.querySelectorAll('svg.portal-chart polyline.s2')]
                     .map(e => getComputedStyle(e).stroke),
                   overdue: badge ? getComputedStyle(badge).color : null,
                   said: bars.map(b => [b.classList.contains('warn'), b.nextElementSibling.textContent]),
                   dashes: [0, 1, 2].map(n => {
                     const line = document.querySelector(`svg.portal-chart polyline.s${n}`);
                     return line ? getComputedStyle(line).strokeDasharray : null;
                   }),
                 };
               }"""
        )
        seen["done"].update(found["done"])
        seen["behind"].update(found["behind"])
        seen["actual line"].update(found["actual"])
        for warn, said in found["said"]:  # never by colour alone
            assert ("落后" in said) == warn, f"{kind}: a bar says {said!r}"
        if found["overdue"] and found["behind"]:
            assert set(found["behind"]) == {found["overdue"]}, f"{kind}: red is not the red of 'overdue'"
        if found["dashes"][0] is not None:
            assert len(set(found["dashes"])) == 3, f"{kind}: the lines differ only by colour: {found['dashes']}"
    assert len(seen["done"]) == 1 and len(seen["behind"]) == 1, seen
    assert seen["actual line"] == seen["done"], "blue is not 'done' on the line chart"
    assert seen["done"] != seen["behind"]
    page = visit.open(paths["numbers"])
    rule = page.inner_text("article")
    assert "图表的颜色" in rule and "蓝色" in rule and "红色" in rule
    visit.page.close()


def _pdf_text(pdf: PdfReader) -> str:
    """The PDF's text without spaces. Chromium's PDFs name some characters by the radical drawn with the same
    glyph (⼾ for 户, ⻩ for 黄): such a character is kept as a NUL that stands for any character."""
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages))
    return "".join("\0" if 0x2E80 <= ord(c) <= 0x2FDF else unicodedata.normalize("NFKC", c) for c in text)


def _in_pdf(text: str, printed: str) -> bool:
    wanted = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    return re.search("".join(f"(?:{re.escape(c)}|\\x00)" for c in wanted), printed) is not None


@pytest.mark.parametrize("kind", ["week", "month"])
def test_the_week_and_month_summaries_print_to_pdf_without_the_site_around_them(browser, base_url, paths, kind):  # noqa: F811
    visit = Visit(browser, base_url, viewport={"width": 1280, "height": 900})
    page = visit.open(paths[kind])
    title = page.inner_text("article h1")
    assert title
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert len(pdf.pages) >= 2
    assert abs(float(pdf.pages[0].mediabox.width) - 595.3) < 1.5  # A4, in points
    printed = _pdf_text(pdf)
    for heading in [title, *page.locator("article h2").all_inner_texts()]:
        assert _in_pdf(heading.rstrip("¶"), printed), heading
    assert not _in_pdf("全部周报", printed) and not _in_pdf("全部成员", printed)  # the navigation is not printed

    page.emulate_media(media="print")
    shown = page.evaluate(
        """() => ({
             hidden: ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer', '.md-search']
               .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none')
               .map(e => e.className),
             article: document.querySelector('article').getBoundingClientRect().width,
             wide: [...document.querySelectorAll('article table')]
               .filter(t => t.getBoundingClientRect().width > t.parentElement.getBoundingClientRect().width + 1).length,
             whole: [...document.querySelectorAll('article .portal-scroll')]
               .every(b => getComputedStyle(b).breakInside === 'avoid'),
             rows: [...document.querySelectorAll('article table.portal-table tr')]
               .every(r => getComputedStyle(r).breakInside === 'avoid'),
           })"""
    )
    assert shown["hidden"] == [], f"printed: {shown['hidden']}"
    assert shown["article"] >= 0.9 * 1280
    assert shown["wide"] == 0 and shown["whole"] and shown["rows"]
    page.emulate_media(media="screen")
    assert visit.errors == []
    visit.page.close()


@pytest.fixture(scope="module")
def open_phones(tmp_path_factory) -> Path:
    """A small team whose phones are not sensitive, with a phone written down at a visit."""
    work = tmp_path_factory.mktemp("phones")
    data = work / "data"
    assert portal("demo", "--out", str(data), "--people", "2", "--customers", "6", "--months", "1").code == 0
    with (data / "team.yaml").open("a", encoding="utf-8") as stream:
        stream.write("sensitive: []\n")
    met = "    met:\n      - name: "
    log = next(p for p in sorted(data.glob("logs/*/*.yaml"), reverse=True) if met in p.read_text(encoding="utf-8"))
    text = log.read_text(encoding="utf-8")
    phone = "    met:\n      - phone: '138 0013 8000'\n        name: "
    log.write_text(text.replace("    met:\n      - name: ", phone, 1), encoding="utf-8")
    run = portal("build", "--data", str(data), "--site", str(work / "site"), "--as-of", DEMO_AS_OF)
    assert run.code == 0, run.err
    return work / "site"


def test_a_key_persons_phone_is_a_link_that_dials_it_wherever_it_is_shown(open_phones):
    phones = 0
    for page in open_phones.glob("customers/*/index.html"):
        html = page.read_text(encoding="utf-8")
        cells = re.findall(r'<td data-label="电话">(.*?)</td>', html) + re.findall(r"<th>电话</th><td>(.*?)</td>", html)
        for cell in cells:
            phones += 1
            assert re.fullmatch(r'<a href="tel:\+?\d+">[^<]+</a>', cell), (page, cell)
    assert phones > 0
    logs = [p.read_text(encoding="utf-8") for p in open_phones.glob("logs/**/index.html")]
    assert any('<a href="tel:13800138000">138 0013 8000</a>' in html for html in logs)


def test_cells_are_labelled_with_their_column_heading_across_spanned_rows():
    html = (
        '<table class="portal-table"><thead><tr><th>日期</th><th>时间<br><small>到达</small></th><th>客户</th></tr>'
        "</thead><tbody>"
        '<tr><td rowspan="2">周一</td><td>09:00</td><td>甲</td></tr>'
        "<tr><td>10:00</td><td>乙</td></tr>"
        "<tr><td>周二</td><td>11:00</td><td>丙</td></tr>"
        '</tbody></table><table class="portal-table portal-keep"><thead><tr><th>指标</th></tr></thead>'
        "<tbody><tr><td>1</td></tr></tbody></table>"
        '<table class="portal-table portal-facts"><tbody><tr><th>电话</th><td>1</td></tr></tbody></table>'
    )
    done = stack_tables(html)
    assert '<table class="portal-table portal-stack">' in done
    labels = re.findall(r'<td data-label="([^"]*)"[^>]*>([^<]*)</td>', done)
    assert labels == [
        ("日期", "周一"),
        ("时间", "09:00"),
        ("客户", "甲"),
        ("时间", "10:00"),  # the day above spans this row
        ("客户", "乙"),
        ("日期", "周二"),
        ("时间", "11:00"),
        ("客户", "丙"),
    ]
    assert done.endswith(html[html.index('<table class="portal-table portal-keep">') :])  # kept as they were
