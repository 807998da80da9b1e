"""The private site: without the password the built files reveal no customer data; with it
every page, the search and the exports work in Chromium; CI refuses to publish it unprotected."""

from __future__ import annotations

import functools
import http.server
import io
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, sync_playwright
from ruamel.yaml import YAML
from test_browser import ARGS, CHROMIUM, _Quiet, type_query

from builder.site.private import Sealer, seal_site
from conftest import DEMO_AS_OF, ROOT, portal, write_files

PASSWORD = "晨会八点 correct horse"


@pytest.fixture(scope="module")
def private_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("private") / "site"
    run = portal("build", "--site", str(site), "--as-of", DEMO_AS_OF, env={"PORTAL_SITE_PASSWORD": PASSWORD})
    assert run.code == 0, run.err
    return site


def _secrets() -> set[str]:
    """Every customer's name, phone and note, and every key person's name and phone, from the demo data."""
    found: set[str] = set()
    yaml = YAML(typ="safe")
    for path in (ROOT / "data" / "customers").glob("*.yaml"):
        for c in yaml.load(path.read_text(encoding="utf-8"))["customers"]:
            found |= {str(c[k]) for k in ("name", "phone", "notes", "id_number") if c.get(k)}
            for k in c.get("key_persons", []):
                found |= {str(k[f]) for f in ("name", "phone") if k.get(f)}
    return {s for s in found if len(s) >= 2}


def test_without_the_password_no_file_outside_the_feeds_reveals_customer_data(private_site):
    secrets = _secrets()
    assert len(secrets) > 200
    leaks = []
    for path in private_site.rglob("*"):
        relative = path.relative_to(private_site).as_posix()
        if path.is_file() and not relative.startswith("feeds/"):
            data = path.read_bytes()
            leaks += [(relative, s) for s in secrets if s.encode("utf-8") in data]
    assert leaks == []
    assert not (private_site / "sitemap.xml").exists()
    with pytest.raises(ValueError):
        json.loads((private_site / "search" / "search_index.json").read_bytes())
    with pytest.raises(ValueError):
        json.loads((private_site / "export" / "portal.json").read_bytes())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def private_url(private_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(private_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_password_opens_every_page_search_and_exports_once_a_session(browser, private_url):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(private_url)
    assert page.get_by_label("团队密码").is_visible()  # a labelled field, for screen readers too
    page.get_by_label("团队密码").fill("not the password")
    page.get_by_role("button", name="打开").click()
    page.wait_for_function("document.getElementById('portal-message').textContent.includes('密码不对')")
    page.get_by_label("团队密码").fill(PASSWORD)
    page.get_by_role("button", name="打开").click()
    page.wait_for_selector(".md-header", timeout=20_000)
    assert page.title().startswith("首页")
    page.goto(private_url + "customers/")  # the next page opens without asking again
    page.wait_for_selector(".md-header", timeout=20_000)
    assert page.locator("#portal-unlock").count() == 0 and page.title().startswith("客户")
    page.set_viewport_size({"width": 1280, "height": 900})
    type_query(page, "孙德胜")
    page.wait_for_function(
        "() => (document.querySelector('.md-search-result__item a') || {}).innerText?.startsWith('孙德胜')",
        timeout=20_000,
    )
    page.goto(private_url + "quality/")
    page.wait_for_selector(".md-header")
    with page.expect_download() as download:
        page.locator("a[href$='export/customers.csv']").click()
    assert "孙德胜" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.goto(private_url + "months/2026-11/")  # the month's forms: a workbook, sealed like every export
    page.wait_for_selector(".md-header")
    with page.expect_download() as download:
        page.locator("a[href$='export/forms/2026-11.xlsx']").click()
    assert download.value.suggested_filename == "2026-11.xlsx"
    assert load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).sheetnames[0] == "团队"
    fresh = browser.new_page()  # a new session asks again
    fresh.goto(private_url + "customers/")
    assert fresh.get_by_label("团队密码").is_visible()
    assert errors == []


def test_sealing_is_deterministic_and_bound_to_the_file(tmp_path):
    sealer = Sealer.for_team(PASSWORD, "测试团队", b"team's own salt!")
    assert sealer.seal("a.html", b"<p>x</p>") == sealer.seal("a.html", b"<p>x</p>")
    assert sealer.seal("a.html", b"<p>x</p>") != sealer.seal("b.html", b"<p>x</p>")
    for copy in ("one", "two"):
        (tmp_path / copy / "export").mkdir(parents=True)
        (tmp_path / copy / "index.html").write_text("<p>李娜</p>", encoding="utf-8")
        (tmp_path / copy / "export" / "x.csv").write_text("李娜", encoding="utf-8")
        seal_site(tmp_path / copy, sealer)
    for name in ("index.html", "export/x.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.fixture
def served_copy(private_site: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the private site, served, that a test may change."""
    copy = tmp_path / "copy"
    shutil.copytree(private_site, copy)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(copy)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield copy, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _unlock(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("团队密码").fill(PASSWORD)
    page.get_by_role("button", name="打开").click()
    page.wait_for_selector(".md-header", timeout=20_000)


def test_a_sealed_page_moved_to_another_address_does_not_open(browser, served_copy):
    copy, url = served_copy
    shutil.copy(copy / "customers" / "c001" / "index.html", copy / "customers" / "c002" / "index.html")
    page = browser.new_page()
    _unlock(page, url)
    page.goto(url + "customers/c002/")
    page.wait_for_function("document.getElementById('portal-message').textContent.includes('不在它原来的地址上')")
    assert page.locator(".md-header").count() == 0 and "黄敏" not in page.content()
    page.goto(url + "customers/c001/")  # at its own address it opens, without the password again
    page.wait_for_selector(".md-header", timeout=20_000)
    assert page.inner_text("h1") == "黄敏"


def test_the_lock_button_locks_the_site_and_no_script_can_read_the_key(browser, served_copy):
    copy, url = served_copy
    (copy / "other-project.html").write_text(  # another site of the same origin, as on <owner>.github.io
        "<!doctype html><title>x</title><script>window.done = new Promise(function (resolve) {"
        "var o = indexedDB.open('portal-site', 1);"
        "o.onupgradeneeded = function () { o.result.createObjectStore('keys'); };"
        "o.onsuccess = function () { var r = o.result.transaction('keys').objectStore('keys').getAll();"
        "r.onsuccess = function () { var keys = r.result; if (!keys.length) return resolve('none');"
        "crypto.subtle.exportKey('raw', keys[0]).then(function () { resolve('exported'); },"
        "function (e) { resolve(keys[0].extractable + ' ' + e.name); }); }; }; });"
        "var raw = Object.keys(sessionStorage).filter(function (k) { return k !== 'portal-tab'; });"
        "window.stored = raw.length;</script>",
        encoding="utf-8",
    )
    page = browser.new_page()
    _unlock(page, url + "customers/")
    page.goto(url + "other-project.html")
    assert page.evaluate("window.done") == "false InvalidAccessError"  # a key no script can read out
    assert page.evaluate("window.stored") == 0  # nothing else kept in the tab's storage
    page.goto(url + "customers/")
    page.wait_for_selector(".md-header", timeout=20_000)
    page.get_by_role("button", name="锁定").click()
    page.get_by_label("团队密码").wait_for(timeout=20_000)  # locked: the password is asked again
    page.goto(url + "quality/")
    assert page.get_by_label("团队密码").is_visible()
    page.goto(url + "other-project.html")
    assert page.evaluate("window.done") == "none"


def _small_team(tmp_path: Path) -> Path:
    from test_derive import FILES

    data = tmp_path / "data"
    write_files(data, FILES)
    return data


def test_ci_refuses_to_publish_an_unprotected_site(tmp_path):
    data = _small_team(tmp_path)
    site = tmp_path / "site"
    args = ("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-06")
    run = portal(*args, env={"CI": "true"})
    assert run.code == 1 and "PORTAL_SITE_PASSWORD" in run.err and "publish: {public: true}" in run.err
    assert not site.exists()
    review = {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"}
    assert portal(*args, env=review).code == 0  # a review, not published
    shutil.rmtree(site)
    team = data / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "publish: {protected_by_host: true}\n", encoding="utf-8")
    run = portal(*args, env={"CI": "true", "PORTAL_SITE_DOOR": "nginx-basic-auth"})
    assert run.code == 1 and "PORTAL_FEED_KEY" in run.err  # feeds at addresses worked out from the repository
    assert (
        portal(
            *args,
            env={
                "CI": "true",
                "PORTAL_SITE_DOOR": "nginx-basic-auth",
                "PORTAL_FEED_KEY": "e3c1a9f7d5b3091e7c5a3f1d9b7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f5d3b1e",
            },
        ).code
        == 0
    )
    run = portal(
        *args,
        env={
            "CI": "true",
            "PORTAL_SITE_PASSWORD": "short",
            "PORTAL_FEED_KEY": "e3c1a9f7d5b3091e7c5a3f1d9b7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f5d3b1e",
        },
    )
    assert run.code == 1 and "至少要 12 个字符" in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("written", ["protected_by_host: true, show: [phone]", "protected_by_host: true"])
def test_a_protected_site_shows_a_phone_that_exports_and_feeds_still_mask(tmp_path, written):
    data = _small_team(tmp_path)
    team = data / "team.yaml"
    text = team.read_text(encoding="utf-8") + f"publish: {{{written}}}\n"
    team.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    run = portal(
        "build",
        "--data",
        str(data),
        "--site",
        str(site),
        "--as-of",
        "2026-11-06",
        env={
            "CI": "true",
            "PORTAL_SITE_DOOR": "nginx-basic-auth",
            "PORTAL_FEED_KEY": "e3c1a9f7d5b3091e7c5a3f1d9b7e5c3a1f9d7b5e3c1a9f7d5b3e1c9a7f5d3b1e",
        },
    )
    assert run.code == 0, run.err
    page = (site / "customers" / "a1" / "index.html").read_text(encoding="utf-8")
    assert '<a href="tel:13812345678">13812345678</a>' in page
    assert "13812345678" not in (site / "export" / "portal.json").read_text(encoding="utf-8")
    assert all(b"13812345678" not in p.read_bytes() for p in (site / "feeds").rglob("*.ics"))
    door = f"publish: {{{written}}}\n"
    team.write_text(text.replace(door, "publish: {public: true}\n"), encoding="utf-8")  # no door: masked
    assert portal("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-06").code == 0
    assert "13812345678" not in (site / "customers" / "a1" / "index.html").read_text(encoding="utf-8")
    shut = "publish: {protected_by_host: true, show: []}\n"
    team.write_text(text.replace(door, shut), encoding="utf-8")  # a door, and nothing shown
    assert portal("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-06").code == 0
    assert "13812345678" not in (site / "customers" / "a1" / "index.html").read_text(encoding="utf-8")


def test_no_page_tells_a_masked_value_through_a_visit_rule(tmp_path):
    data = _small_team(tmp_path)
    team = data / "team.yaml"
    credit = "customer_fields:\n  - remove: all\n  - {id: credit, label: 信用客户, type: flag}"
    text = team.read_text(encoding="utf-8").replace(credit, credit + "\n  - {id: loan, label: 贷款余额, type: number}")
    weekly = "  - {label: 大额贷款每周拜访, when: {loan: {above: 300}}, every_days: 7}"
    text = text.replace("  - {when: {credit: true}, every_days: 15}", weekly)
    team.write_text(text.replace("sensitive: [phone]", "sensitive: [phone, loan]"), encoding="utf-8")
    customers = data / "customers" / "ann.yaml"
    text = customers.read_text(encoding="utf-8").replace("class: C}", "class: C, loan: 450}", 1)
    customers.write_text(text, encoding="utf-8")
    log = data / "logs" / "ann" / "2026-11-02.yaml"  # no follow-up promised: the rules alone set the due date
    log.write_text(log.read_text(encoding="utf-8").replace(", next_visit: 2026-11-05", ""), encoding="utf-8")
    site = tmp_path / "site"
    assert portal("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-06").code == 0
    page = (site / "customers" / "c1" / "index.html").read_text(encoding="utf-8")
    assert "大额贷款" not in page and "450" not in page
    assert "2027年1月31日" in page  # due 90 days after 11-02 (class C), not 7: the date tells nothing either


def test_no_feed_address_is_left_in_the_work_folder_of_a_published_build(tmp_path):
    """Issue 29, item 2: the pages showing the feeds' secret addresses are built, never cached, and a
    sealed or keyed build keeps no Markdown beside the site; built twice, to fill the caches."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    secrets = {
        "PORTAL_SITE_PASSWORD": PASSWORD,
        "PORTAL_FEED_KEY": "9b1f4e7c2a8d6035e1f7c9a4b2d8e6f03a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b",
    }
    for day in (DEMO_AS_OF, "2026-11-23"):
        run = portal("build", "--data", "data", "--site", "site", "--as-of", day, cwd=tmp_path, env=secrets)
        assert run.code == 0, run.err
    tokens = {path.parent.name for path in (tmp_path / "site" / "feeds").glob("*/*.ics")}  # feeds/<token>/<id>.ics
    assert len(tokens) >= 9  # one a person
    found = [
        (path.relative_to(tmp_path).as_posix(), token)
        for path in (tmp_path / "build").rglob("*")
        if path.is_file()
        for token in tokens
        if token.encode() in path.read_bytes()
    ]
    assert found == []
    assert (tmp_path / "build" / "cache" / "pages").is_dir() and not (tmp_path / "build" / "docs").exists()


def test_a_published_builds_caches_hold_no_customer_data_and_still_spare_work(tmp_path):
    """Issue 29, item 2: under a real feed key every entry of build/cache is sealed (cache_seal.py);
    built twice, then every file under build/ searched for every customer's name, phone and note."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    secrets = {
        "PORTAL_SITE_PASSWORD": PASSWORD,
        "PORTAL_FEED_KEY": "9b1f4e7c2a8d6035e1f7c9a4b2d8e6f03a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b",
    }
    args = ("build", "--data", "data", "--site", "site", "--as-of", DEMO_AS_OF, "--verbose")
    first = portal(*args, cwd=tmp_path, env=secrets)
    assert first.code == 0, first.err
    again = portal(*args, cwd=tmp_path, env=secrets)
    assert again.code == 0, again.err
    reused = re.search(r"pages: (\d+) reused, (\d+) built", again.err)
    assert reused and int(reused[1]) > 150 and int(reused[2]) < 10, again.err  # the sealed cache is read back
    secret_texts = {s.encode("utf-8") for s in _secrets()}
    found = [
        (path.relative_to(tmp_path).as_posix(), text.decode())
        for path in (tmp_path / "build").rglob("*")
        if path.is_file()
        for text in secret_texts
        if text in path.read_bytes()
    ]
    assert found == []
    cache = tmp_path / "build" / "cache"
    assert (cache / "parsed.json").read_bytes().startswith(b"portal-cache-sealed-1")
    assert any(p.name == "page.html" for p in (cache / "pages").rglob("*"))


def test_builds_with_and_without_the_key_in_one_work_folder_never_take_each_others_entries(tmp_path):
    """A sealed entry is never copied into a plain build's site (nor a plain one into a sealed build's)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    key = {"PORTAL_FEED_KEY": "9b1f4e7c2a8d6035e1f7c9a4b2d8e6f03a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b"}
    args = ("build", "--data", "data", "--site", "site", "--as-of", DEMO_AS_OF, "--verbose")
    for env in (key, {}, key):
        run = portal(*args, cwd=tmp_path, env=env)
        assert run.code == 0, run.err
        page = (tmp_path / "site" / "customers" / "c001" / "index.html").read_text(encoding="utf-8")
        assert "黄敏" in page and "portal-cache-sealed" not in page
