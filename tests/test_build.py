"""`portal build`: the site it writes, and what it refuses to write."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from ruamel.yaml import YAML

from conftest import ROOT, Run, portal, write_files


def _phones(data: Path) -> set[str]:
    yaml = YAML(typ="safe")
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "phone" and value:
                    found.add(str(value))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in (data / "customers").glob("*.yaml"):
        walk(yaml.load(path.read_text(encoding="utf-8")))
    return found


def test_no_masked_phone_number_appears_anywhere_in_the_site(demo_site):
    phones = _phones(ROOT / "data") | {"13900001111", "13900002222", "330106199001011234"}
    assert len(phones) > 50
    for path in demo_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".ics", ".txt"):
            text = path.read_text(encoding="utf-8-sig")
            leaked = [p for p in phones if p in text]
            assert not leaked, (path, leaked[:3])
    assert "139****1111" in (demo_site / "customers" / "x01" / "index.html").read_text(encoding="utf-8")


def test_manager_text_is_escaped_in_pages_and_search_index(demo_site):
    page = (demo_site / "customers" / "x01" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;李四" in page
    assert "<img src=x onerror" not in page
    log = (demo_site / "logs" / "zhangwei" / "2026-11" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in log
    assert 'href="javascript:' not in log
    assert "{{ 7*7 }}" in log and "49" not in re.findall(r"效果及感受</dt><dd>([^<]*)", log)[0]
    assert "&lt;b&gt;加粗&lt;/b&gt; &amp; 符号" in log
    index = (demo_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in index


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def test_every_internal_link_resolves(demo_site):
    """Every link leads to a file, and a link to a place in a page (#…) to an element of that page."""
    broken = []
    pages = [p for p in demo_site.rglob("*.html") if p.name != "404.html"]  # 404 links from the root
    assert len(pages) > 150
    parsed = {}
    for page in pages:
        parsed[page.resolve()] = parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
    fragments = 0
    for page, parser in parsed.items():
        for link in parser.links:
            url = urlparse(link)
            if url.scheme or url.netloc or link.startswith("mailto:"):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((page.relative_to(demo_site).as_posix(), link))
            elif url.fragment and target in parsed:
                fragments += 1
                if url.fragment not in parsed[target].ids:
                    broken.append((page.relative_to(demo_site).as_posix(), link))
    assert broken == []
    assert fragments > 1000  # the headings' permalinks, and the home page's links into lists


def test_no_asset_comes_from_the_internet(demo_site):
    for page in [demo_site / "index.html", demo_site / "people" / "zhangwei" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"', html)
        assert [u for u in external if "fonts.g" in u or "cdn" in u] == []
        assert "fonts.googleapis" not in html


def test_exports_open_in_excel_and_parse_as_json(demo_site):
    data = json.loads((demo_site / "export" / "portal.json").read_text(encoding="utf-8"))
    assert data["as_of"] == "2026-11-20"
    assert "feeds" not in data["team"]  # the feed secrets are never published
    raw = (demo_site / "export" / "customers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "名称", "分类"]
    assert len(rows) == 1 + 121


def test_the_search_index_holds_chinese_words_and_whole_names(demo_site):
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    titles = {d["location"]: d["title"] for d in index["docs"]}
    assert titles["customers/c001/"] == "黄敏"


def test_a_search_result_keeps_table_cells_apart(demo_site):
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = [d["text"].replace("\u200b", "") for d in index["docs"]]
    headers = [t for t in texts if "日期 时间 " in t]  # a person's week plan, headed 日期 | 时间 | …
    assert headers and not any("日期时间" in t for t in texts)


def test_a_failed_check_leaves_the_last_good_site_in_place(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    (site / ".portal-site").write_text("", encoding="utf-8")  # a site the portal wrote
    run = portal("build", "--data", "tests/corpus/data", "--site", str(site), "--as-of", "2026-11-20")
    assert run.code == 1
    assert "Traceback" not in run.err
    assert "没有生成网站" in run.err and "yaml" in run.err
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in site.iterdir()) == [".portal-site", "index.html"]


def test_two_builds_of_the_same_data_and_day_are_byte_identical(tmp_path):
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    sites = []
    for n in (1, 2):
        run = portal("build", "--data", str(data), "--site", str(tmp_path / f"site{n}"), "--as-of", "2026-11-06")
        assert run.code == 0, run.err
        sites.append(
            {
                p.relative_to(tmp_path / f"site{n}"): p.read_bytes()
                for p in (tmp_path / f"site{n}").rglob("*")
                if p.is_file()
            }
        )
    assert sites[0].keys() == sites[1].keys()
    assert [k for k in sites[0] if sites[0][k] != sites[1][k]] == []


def test_single_chinese_characters_are_joined_to_a_neighbour_in_the_index():
    from builder.site.search_index import join_single_characters

    separator = r'[\s\u200b\-_,:!=\[\]()"`/]+|\.(?!\d)|&[lg]t;|(?!\b)(?=[A-Z][a-z])'
    assert (
        join_single_characters("客户\u200b对\u200b收益率\u200b不\u200b满意", separator)
        == "客户对\u200b收益率不\u200b满意"
    )
    assert join_single_characters("负责人 张\u200b伟", separator) == "负责人张伟"
    assert join_single_characters("黄敏", separator) == "黄敏"
    assert join_single_characters("A 类 · 重点", separator) == "A类 · 重点"


def test_a_build_that_fails_after_the_check_leaves_the_last_good_site_in_place(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    (site / ".portal-site").write_text("", encoding="utf-8")  # a site the portal wrote
    config = tmp_path / "mkdocs.yml"
    config.write_text("theme:\n  name: no-such-theme\n", encoding="utf-8")
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    run = portal("build", "--data", str(data), "--site", str(site), "--config", str(config), "--as-of", "2026-11-06")
    assert run.code == 1
    assert f"生成网站失败，上一次的网站 {site}/ 保持不变" in run.err and "Traceback" not in run.err
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in site.iterdir()) == [".portal-site", "index.html"]


@pytest.mark.parametrize(
    ("settings", "where", "said"),
    [
        ("theme:\n  name: material\nnav: [a, b\n", "mkdocs.yml:3:6:", "方括号 [ ] 没有闭合"),
        (
            "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.emoji.twemoji\n",
            "mkdocs.yml:3:20:",
            "不能用 ! 开头的标签（!!python/name:material.emoji.twemoji）",
        ),
    ],
)
def test_a_broken_mkdocs_yml_is_named_with_its_line_and_the_fix(tmp_path, settings, where, said):
    from test_derive import FILES

    config = tmp_path / "mkdocs.yml"
    config.write_text(settings, encoding="utf-8")
    write_files(tmp_path / "data", FILES)
    run = portal("build", "--site", str(tmp_path / "site"), "--as-of", "2026-11-06", cwd=tmp_path)
    assert run.code == 1 and "Traceback" not in run.err
    assert f"生成网站失败，{tmp_path / 'site'}/ 还没有网站" in run.err and where in run.err and said in run.err, run.err
    assert not re.search(r"[a-z]{4,} [a-z]{4,} [a-z]{4,}", run.err.split(said)[-1]), run.err  # no English sentence


def test_the_writer_refuses_to_write_a_file_twice(tmp_path):
    import pytest

    from builder.site.writer import Writer

    writer = Writer(tmp_path)
    writer.write("a/b.md", "one")
    with pytest.raises(ValueError, match="twice"):
        writer.write("a/b.md", "two")
    assert (tmp_path / "a" / "b.md").read_text(encoding="utf-8") == "one"


def _site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _pages(run) -> tuple[int, int]:
    found = re.search(r"\(pages: (\d+) reused, (\d+) built\)", run.err)
    assert found, run.err
    return int(found[1]), int(found[2])


def test_pages_kept_between_builds_give_the_site_a_full_build_gives(tmp_path):
    """The page cache (build/cache) outlives the process and is never stale: after an edit,
    a renamed customer and a deleted log, a build that reuses pages equals one without the cache."""
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)

    def build(site: str):
        run = portal(
            "build", "-v", "--data", str(data), "--site", str(tmp_path / site), "--as-of", "2026-11-06", cwd=tmp_path
        )
        assert run.code == 0, run.err
        return run

    reused, built = _pages(build("cold"))
    assert reused == 0 and built > 20
    assert _pages(build("warm")) == (built, 0)
    assert _site(tmp_path / "warm") == _site(tmp_path / "cold")

    log = data / "logs/ann/2026-11-02.yaml"
    log.write_text(log.read_text(encoding="utf-8") + "reflections: 缓存里没有的新心得\n", encoding="utf-8")
    (data / "logs/ann/2026-11-03.yaml").unlink()
    moved = (data / "logs/ann/2026-11-05.yaml").read_text(encoding="utf-8").replace("2026-11-05", "2026-11-04")
    (data / "logs/ann/2026-11-05.yaml").unlink()
    (data / "logs/ann/2026-11-04.yaml").write_text(moved, encoding="utf-8")
    reused, built = _pages(build("changed"))
    assert reused > 0 and built > 0
    shutil.rmtree(tmp_path / "build" / "cache")
    assert _pages(build("changed-cold"))[0] == 0
    changed = _site(tmp_path / "changed")
    assert changed == _site(tmp_path / "changed-cold")
    month = changed["logs/ann/2026-11/index.html"].decode()
    assert "缓存里没有的新心得" in month and 'id="2026-11-03"' not in month
    assert 'id="2026-11-04"' in month and 'id="2026-11-05"' not in month

    customers = data / "customers/ann.yaml"
    customers.write_text(customers.read_text(encoding="utf-8").replace("乙商行", "乙贸易行"), encoding="utf-8")
    _pages(build("renamed"))  # a new name is a new search word: every page is indexed again
    everything = b"".join(_site(tmp_path / "renamed").values()).decode("utf-8", errors="replace")
    assert "乙贸易行" in everything and "乙商行" not in everything


def test_pages_built_on_two_cores_are_the_pages_one_core_builds(tmp_path):
    """MkDocs' pages are laid into the theme here and in a forked copy (pages_in_two.py); the site,
    search index and page cache are the ones MkDocs makes alone, and both processes built pages."""
    from test_derive import FILES

    data = write_files(tmp_path / "data", FILES)
    counted = (
        "import os, builder.site.pages_in_two as two; one = two._build_page\n"
        "def counted(*a, **k):\n    print('BUILT', os.getpid(), file=__import__('sys').stderr); one(*a, **k)\n"
        "two._build_page = counted\n"
    )
    alone = "import builder.site.build_plugin as p; p.splittable = lambda *a: False\n"
    runs = {}
    for name, code in (("two", counted), ("one", alone)):
        work = tmp_path / f"work-{name}"  # each its own page cache (build/ in the folder it runs in)
        work.mkdir()
        args = ("build", "-v", "--data", str(data), "--site", str(tmp_path / name), "--as-of", "2026-11-06")
        run = portal(*args, cwd=work, via=("-c", code + "from builder.cli import main; main()"))
        assert run.code == 0, run.err
        runs[name] = run
    builders = set(re.findall(r"BUILT (\d+)", runs["two"].err))
    assert len(builders) == 2, runs["two"].err[-2000:]
    assert _pages(runs["two"]) == _pages(runs["one"])
    assert _site(tmp_path / "two") == _site(tmp_path / "one")


def test_a_build_with_nothing_changed_leaves_the_site_as_it_is(tmp_path):
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    args = ("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-06")
    assert "网站已生成到" in portal(*args, cwd=tmp_path).err
    index = tmp_path / "site" / "index.html"
    before = index.stat().st_mtime_ns
    again = portal(*args, cwd=tmp_path)
    assert again.code == 0 and "已是最新" in again.err
    assert index.stat().st_mtime_ns == before
    assert "网站已生成到" in portal(*args[:-1], "2026-11-05", cwd=tmp_path).err  # another day
    log = data / "logs/ann/2026-11-02.yaml"
    log.write_text(log.read_text(encoding="utf-8") + "reflections: 改了一个字\n", encoding="utf-8")
    assert "网站已生成到" in portal(*args, cwd=tmp_path).err
    assert "改了一个字" in (tmp_path / "site/logs/ann/2026-11/index.html").read_text(encoding="utf-8")
    secret = portal(
        *args, cwd=tmp_path, env={"PORTAL_FEED_KEY": "9b1f4e7c2a8d6035e1f7c9a4b2d8e6f03a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b"}
    )
    assert "网站已生成到" in secret.err  # builds with a secret always build
    assert "网站已生成到" in portal(*args, cwd=tmp_path).err  # and the site they replaced is not the stamp's


def _settled_at_once(*args: str, cwd: Path) -> Run:
    """The CLI in a child process that takes a file as settled as soon as it is written
    (normally two seconds later), so that the test need not wait out the filesystem's clock."""
    code = "import builder.load; builder.load.SETTLED_NS = 0; from builder.cli import main; main()"
    return portal(*args, cwd=cwd, via=("-c", code))


def test_a_file_changed_behind_the_digest_memo_is_still_seen(tmp_path):
    """The memo of file digests is keyed by what stat says: an edit of the same size with its
    modification time put back, a rename and a deletion all rebuild; a corrupt memo is ignored."""
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    args = ("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-06")
    assert "网站已生成到" in _settled_at_once(*args, cwd=tmp_path).err
    memo = tmp_path / "build/cache/digests.json"
    assert "data/logs/ann/2026-11-02.yaml" in memo.read_text(encoding="utf-8")
    assert "已是最新" in _settled_at_once(*args, cwd=tmp_path).err

    log = data / "logs/ann/2026-11-02.yaml"
    text, times = log.read_text(encoding="utf-8"), log.stat()
    assert "加息" in text
    log.write_text(text.replace("加息", "降息", 1), encoding="utf-8")  # same length in bytes
    os.utime(log, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert log.stat().st_size == times.st_size and log.stat().st_mtime_ns == times.st_mtime_ns
    assert "网站已生成到" in _settled_at_once(*args, cwd=tmp_path).err
    assert "竞争行降息" in (tmp_path / "site/logs/ann/2026-11/index.html").read_text(encoding="utf-8")
    assert "已是最新" in _settled_at_once(*args, cwd=tmp_path).err

    log.rename(data / "logs/ann/2026-11-09.yaml")
    renamed = _settled_at_once(*args, cwd=tmp_path).err
    assert "文件名是 2026-11-09.yaml" in renamed  # checked again, not taken as unchanged
    (data / "logs/ann/2026-11-09.yaml").unlink()
    assert "网站已生成到" in _settled_at_once(*args, cwd=tmp_path).err
    memo.write_text("{not json", encoding="utf-8")
    assert "已是最新" in _settled_at_once(*args, cwd=tmp_path).err


def test_a_file_found_beside_the_data_after_a_build_is_checked_not_taken_as_unchanged(tmp_path):
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    args = ("build", "--data", str(data), "--site", str(tmp_path / "site"), "--as-of", "2026-11-06")
    assert "网站已生成到" in portal(*args, cwd=tmp_path).err
    (data / "logs/ann/notes.txt").write_text("不是数据文件\n", encoding="utf-8")
    assert "已是最新" in portal(*args, cwd=tmp_path).err  # not data: the site cannot differ
    (data / "logs/ann/2026-11-09.yml").write_text("date: 2026-11-09\n", encoding="utf-8")
    refused = portal(*args, cwd=tmp_path)
    assert refused.code != 0 and "扩展名应为小写的 .yaml" in refused.err
    (data / "logs/ann/2026-11-09.yml").unlink()
    (data / "logs/ann/2026-11-10.yaml").symlink_to(tmp_path / "nowhere.yaml")
    refused = portal(*args, cwd=tmp_path)
    assert refused.code != 0 and "指向不存在位置的符号链接" in refused.err
    (data / "logs/ann/2026-11-10.yaml").unlink()
    (data / "stray.yaml").write_text("a: 1\n", encoding="utf-8")
    assert "1 个警告" in portal(*args, cwd=tmp_path).err
    assert "stray.yaml" in (tmp_path / "site/quality/index.html").read_text(encoding="utf-8")
    assert "已是最新" in portal(*args, cwd=tmp_path).err


def test_the_stamp_records_what_the_build_read_not_what_the_folder_holds_after_it(tmp_path):
    """A data file edited, added or removed while a build runs is seen by the next build."""
    from test_derive import FILES

    from builder.load import load
    from builder.unchanged import Digests, data_found, data_read

    data = write_files(tmp_path / "data", FILES)
    documents, problems = load(data)
    read = data_read(data, documents, problems, Digests(None))
    assert read == data_found(data, Digests(None))

    log = data / "logs/ann/2026-11-02.yaml"
    text = log.read_text(encoding="utf-8")
    log.write_text(text + "reflections: 构建时改的\n", encoding="utf-8")
    assert data_read(data, documents, problems, Digests(None)) == read  # what was read
    assert data_found(data, Digests(None)) != read  # so the next build is not skipped
    log.write_text(text, encoding="utf-8")
    assert data_found(data, Digests(None)) == read
    log.unlink()
    assert data_found(data, Digests(None)) != read
    log.write_text(text, encoding="utf-8")
    (data / "logs/ann/2026-11-09.yaml").write_text("date: 2026-11-09\n", encoding="utf-8")
    assert data_found(data, Digests(None)) != read


def test_html_blocks_of_a_generated_page_skip_markdown_element_by_element():
    """A table and its legend written on consecutive lines are set aside as two elements: the
    page shows both as written, and search still reads the legend though not the table."""
    from types import SimpleNamespace

    from builder.site import html_hook

    table = '<div class="portal-scroll" data-search-exclude><table><tr><td>1</td></tr></table></div>'
    legend = '<p class="portal-legend">时间进度：已过的工作日</p>'
    loose = "<div>开头</div> 之后的文字"
    markdown = f"## 指标\n\n{table}\n{legend}\n\n{loose}\n\n<div><div>未闭合</div>\n"
    page = SimpleNamespace(meta={"generated": True})
    kept = html_hook.on_page_markdown(markdown, page, None, None)
    assert table not in kept and legend not in kept
    assert loose in kept and "未闭合" in kept  # text beside a tag, and an open div, are Markdown's
    token, runs = page.portal_blocks
    assert runs == [[table, legend]]
    page.content = f"<h2>指标</h2>\n<p>{token}X0</p>"
    html_hook.on_page_context({}, page, None, None)
    assert page.content == f"<h2>指标</h2>\n{table}\n{legend}"
    assert legend in page.portal_search and "<table>" not in page.portal_search


def test_a_site_folder_in_a_new_folder_or_on_another_filesystem_is_swapped_in(tmp_path):
    """`--site /srv/portal` on a server: the folder's parents may not exist yet, and the site may lie on
    another filesystem than the build's work folder."""
    import os
    import tempfile

    from test_derive import FILES

    write_files(tmp_path / "data", FILES)
    deep = tmp_path / "srv" / "www" / "portal"
    run = portal("build", "--site", str(deep), "--as-of", "2026-11-06", cwd=tmp_path)
    assert run.code == 0, run.err
    assert (deep / "index.html").is_file()
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != tmp_path.stat().st_dev:
        with tempfile.TemporaryDirectory(dir=shm) as other:
            site = Path(other) / "site"
            for day in ("2026-11-06", "2026-11-09"):  # a first site, then one replacing it
                run = portal("build", "--site", str(site), "--as-of", day, cwd=tmp_path)
                assert run.code == 0, run.err
                assert (site / "index.html").is_file()
            assert sorted(p.name for p in Path(other).iterdir()) == ["site"]


@pytest.mark.parametrize("site", ["data", "content", ".", "..", "build", "data/logs", "other"])
def test_a_site_folder_that_would_take_the_data_or_other_files_with_it_is_refused(tmp_path, site):
    from test_derive import FILES

    work = tmp_path / "repo"
    write_files(work / "data", FILES)
    write_files(work / "content", {"team.md": "# 团队须知\n"})
    write_files(work / "other", {"important.txt": "不要删\n"})
    (work / "build").mkdir()
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    run = portal("build", "--site", site, "--as-of", "2026-11-06", cwd=work)
    assert run.code == 2 and "--site" in run.err and "Traceback" not in run.err, run.err
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before


def test_a_site_the_portal_wrote_is_replaced_with_or_without_its_mark(tmp_path):
    from test_derive import FILES

    write_files(tmp_path / "data", FILES)
    run = portal("build", "--as-of", "2026-11-06", cwd=tmp_path)
    assert run.code == 0 and (tmp_path / "site" / ".portal-site").is_file()
    (tmp_path / "site" / ".portal-site").unlink()  # a site from before the mark: its home page and style sheet
    run = portal("build", "--as-of", "2026-11-09", cwd=tmp_path)
    assert run.code == 0, run.err
    assert (tmp_path / "site" / ".portal-site").is_file()


def test_a_customer_page_opens_with_what_was_last_discussed_and_the_next_step(demo_site):
    """What a manager reads before a visit: the last visit's discussion and next step at the top,
    and every visit's notes (discussion, anomalies, suggestions, next step) in its history."""
    yaml = YAML(typ="safe")
    visits = []
    for path in sorted((ROOT / "data" / "logs").glob("*/*.yaml")):
        log = yaml.load(path.read_text(encoding="utf-8"))
        visits += [(str(log["date"]), v.get("time", ""), v) for v in log.get("visits") or [] if v["customer"] == "c001"]
    done = [v for v in sorted(visits, key=lambda x: (x[0], str(x[1]))) if v[2].get("discussion") or v[2].get("effect")]
    last = done[-1][2]
    page = (demo_site / "customers" / "c001" / "index.html").read_text(encoding="utf-8")
    top, history = re.split(r'<h2 id="[^"]*">往来记录', page, maxsplit=1)
    assert f'<th>上次洽谈内容</th><td class="portal-prose">{last["discussion"]}</td>' in top
    if last.get("next_step"):
        assert f'<th>下一步</th><td class="portal-prose">{last["next_step"]}</td>' in top
    for _, _, visit in done:
        for name, word in (("discussion", "洽谈内容"), ("suggestions", "客户意见建议"), ("next_step", "下一步")):
            if visit.get(name):
                assert f"<small>{word}：</small>{visit[name]}" in history, (name, visit[name])


def _under(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("<h2", start)
    return page[start : end if end > 0 else None]


def test_what_managers_write_of_their_weeks_and_months_is_gathered_for_the_supervisor(demo_site):
    """The week plans' 周小结 and the month plans' 月度总结 show on the period's page, each under its
    writer, and the latest of each on the writer's own page."""
    yaml = YAML(typ="safe")
    for key, kind in (("2026-W46", "weeks"), ("2026-10", "months")):
        written = _under((demo_site / kind / key / "index.html").read_text(encoding="utf-8"), "written")
        plans = sorted((ROOT / "data" / "plans").glob(f"*/{key}.yaml"))
        assert plans
        for plan in plans:
            summary = yaml.load(plan.read_text(encoding="utf-8")).get("summary", "").strip()
            if summary:
                assert f'people/{plan.parent.name}/">' in written and summary in written, (key, plan)
    page = (demo_site / "people" / "zhangwei" / "index.html").read_text(encoding="utf-8")
    latest = yaml.load((ROOT / "data/plans/zhangwei/2026-W46.yaml").read_text(encoding="utf-8"))["summary"].strip()
    assert latest in _under(page, "written") and "2026 年第 46 周周小结" in _under(page, "written")


def test_next_weeks_plans_show_from_the_weeks_last_workday_with_who_has_not_submitted(tmp_path):
    """On Friday the open week's page lists next week's plans, in and missing; each manager's page
    shows their plan for next week. Before Friday, neither shows."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "plans" / "lijing" / "2026-W48.yaml").unlink()
    for day, shown in (("2026-11-20", True), ("2026-11-19", False)):
        site = tmp_path / day
        run = portal("build", "--data", str(data), "--site", str(site), "--as-of", day, cwd=tmp_path)
        assert run.code == 0, run.err
        week = (site / "weeks" / "2026-W47" / "index.html").read_text(encoding="utf-8")
        mine = (site / "people" / "zhangwei" / "index.html").read_text(encoding="utf-8")
        lijing = (site / "people" / "lijing" / "index.html").read_text(encoding="utf-8")
        assert ('id="next-week"' in week) == shown == ('id="next-week"' in mine)
        if shown:
            listed = _under(week, "next-week")
            missing, submitted = listed.split("已提交", 1)
            assert "people/lijing/" in missing and "people/lijing/" not in submitted
            assert "people/zhangwei/#next-week" in submitted
            planned = yaml_visits(ROOT / "data/plans/zhangwei/2026-W48.yaml")
            assert f"计划拜访 {planned} 次" in submitted.split("people/zhangwei/", 1)[1].split("</a>", 2)[1]
            assert _under(mine, "next-week").count("待拜访") == planned
            assert "下周计划还没有提交" in _under(lijing, "next-week")


def yaml_visits(path: Path) -> int:
    plan = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return sum(
        len((plan.get(day) or {}).get("visits") or []) for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )


def test_a_managers_page_opens_with_today(demo_site):
    """Between two visits, a manager's own page starts with today's planned visits, then what is overdue."""
    plan = YAML(typ="safe").load((ROOT / "data/plans/zhangwei/2026-W47.yaml").read_text(encoding="utf-8"))
    planned = [v["customer"] for v in sorted(plan["fri"]["visits"], key=lambda v: str(v["time"]))]  # 2026-11-20
    page = (demo_site / "people" / "zhangwei" / "index.html").read_text(encoding="utf-8")
    assert page.index('id="today"') < min(page.index(f'id="{a}"') for a in ("customers", "written"))
    today = _under(page, "today")
    assert re.findall(r'<li>\d\d:\d\d <a href="\.\./\.\./customers/([^/]+)/"', today) == planned
    customers = _under(page, "customers")
    overdue = len(re.findall(r'<tr>(?:(?!</tr>).)*<span class="portal-badge fresh-overdue">逾期未访', customers))
    assert (f"逾期未访 {overdue} 户" in today) == (overdue > 0)


def test_a_month_of_logs_reads_latest_day_first_and_names_the_days_without_one(demo_site):
    """The month page of a person's logs starts with the latest day; its day links mark each day a
    log was due and is missing, the same days the month's rule violations name."""
    month = (demo_site / "months" / "2026-11" / "index.html").read_text(encoding="utf-8")
    violations = re.findall(r"<tr>(?:(?!</tr>).)*people/([a-z]+)/(?:(?!</tr>).)*>(\d+)月(\d+)日没有工作日志", month)
    assert violations
    for person in {p for p, _, _ in violations}:
        page = (demo_site / "logs" / person / "2026-11" / "index.html").read_text(encoding="utf-8")
        days = re.findall(r'<h2 id="(\d{4}-\d\d-\d\d)"', page)
        assert days == sorted(days, reverse=True) and len(days) > 1
        start = page.index('class="portal-days"')
        nav = page[start : page.index("</nav>", start)]
        marked = re.findall(
            r'<span class="portal-badge fresh-overdue"[^>]*><span class="portal-date">(\d+)月(\d+)日</span> 缺日志', nav
        )
        assert sorted(marked) == sorted((m, d) for p, m, d in violations if p == person)


def test_a_complaints_escalation_shows_in_the_months_table(demo_site):
    """The team's month page says which complaints were escalated, and when, in their own row."""
    yaml = YAML(typ="safe")
    escalated = []
    for path in sorted((ROOT / "data" / "logs").glob("*/*.yaml")):
        log = yaml.load(path.read_text(encoding="utf-8"))
        for complaint in log.get("complaints") or []:
            if complaint.get("escalated"):
                escalated.append((path.parent.name, str(log["date"]), complaint))
    assert escalated
    for person, day, complaint in escalated:
        month = (demo_site / "months" / day[:7] / "index.html").read_text(encoding="utf-8")
        row = re.search(
            rf'<tr[^>]*><td[^>]*><a href="\.\./\.\./logs/{person}/{day[:7]}/#{day}">(?:(?!</tr>).)*</tr>', month
        )
        assert row, (person, day)
        minutes = complaint["escalated"]
        clock = f"{minutes // 60:02d}:{minutes % 60:02d}" if isinstance(minutes, int) else str(minutes)[-5:]
        assert "已上报" in row[0] and clock in row[0], row[0][:300]


def test_a_kpi_charts_title_names_what_its_bars_show(demo_site: Path) -> None:
    """The chart beside a KPI table plots each metric's 达成度, and says so: each bar's value is the table's 达成度."""
    page = (demo_site / "people" / "zhangwei" / "index.html").read_text(encoding="utf-8")
    chart = re.search(r'<svg class="portal-chart"[^>]*aria-label="([^"]*)".*?</svg>', page, re.S)
    assert chart and chart[1].endswith("本月指标达成度"), chart[1] if chart else page[:200]
    bars = dict(
        re.findall(r'<text class="label"[^>]*>([^<]*)</text>.*?<text class="value"[^>]*>([^<]*)</text>', chart[0], re.S)
    )
    table = page[page.index("<th>指标</th>") :]
    cells = r"<td[^>]*>([^<（]*)[^<]*</td>(?:<td[^>]*>[^<]*</td>){4}<td[^>]*>([^<]*)"
    rows = re.findall(rf"<tr[^>]*>{cells}", table.split("</tbody>")[0])
    assert rows and bars
    for label, attainment in rows:
        assert bars[label].split()[0] == (attainment.strip() if attainment.strip() != "—" else "未设目标"), label
