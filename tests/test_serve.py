"""portal serve: the preview rebuilds when a data file is saved, and keeps the last good site on errors."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright
from test_browser import ARGS, CHROMIUM
from test_derive import FILES

from builder import load as loading
from builder import pipeline
from builder.cli import help_texts
from builder.demo import DemoOptions, write_demo
from builder.problems import errors
from builder.site.generate import make_site
from builder.timings import Timings
from builder.warm import Warm
from conftest import DEMO_AS_OF, ROOT, write_files


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _get(url):
            return True
        time.sleep(0.5)
    return False


def _serve(data: Path, as_of: str, log: Path, *options: str) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "builder", "serve", "--data", str(data), "--port", str(port), "--as-of", as_of]
    with log.open("w") as output:
        server = subprocess.Popen(
            [*command, *options],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    return server, port


def test_the_preview_follows_saved_files(tmp_path):
    data = tmp_path / "data"
    write_files(data, FILES)
    log = tmp_path / "serve.log"
    server, port = _serve(data, "2026-11-06", log)
    try:
        page = f"http://127.0.0.1:{port}/logs/ann/2026-11/"
        assert _wait_for(page, "工作日志"), log.read_text(encoding="utf-8")
        assert "livereload" in _get(page)
        path = data / "logs" / "ann" / "2026-11-05.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "reflections: 预览里马上能看到\n", encoding="utf-8")
        assert _wait_for(page, "预览里马上能看到"), log.read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + "custmer: x\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while "未知字段 'custmer'" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "有错误，页面顶部列出错误" in log.read_text(encoding="utf-8")
        assert "预览里马上能看到" in _get(page)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_preview_shows_the_errors_of_the_last_save_in_the_page_until_they_are_fixed(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    log = tmp_path / "serve.log"
    server, port = _serve(data, DEMO_AS_OF, log)
    try:
        url = f"http://127.0.0.1:{port}/people/zhangwei/"
        assert _wait_for(url, "本周计划", 300), log.read_text(encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(url)
            assert page.locator("#portal-preview-errors").count() == 0
            path = data / "logs" / "zhangwei" / "2026-11-19.yaml"
            good = path.read_text(encoding="utf-8")
            path.write_text(good + '"<b>custmer</b>": x\n', encoding="utf-8")
            # the page reloads itself once the check has run, with the banner on top
            banner = page.locator("#portal-preview-errors")
            banner.wait_for(timeout=180_000)
            text = banner.inner_text()
            line = len(good.splitlines()) + 1
            assert f"logs/zhangwei/2026-11-19.yaml:{line}:1: error: 未知字段 '<b>custmer</b>'" in text
            assert banner.locator("b").count() == 0  # the file's text is shown, never run as markup
            assert page.inner_text("h1") == "张伟"  # the last good site is still there under it
            page.goto(f"http://127.0.0.1:{port}/customers/c001/")  # every page has it
            assert "未知字段" in page.locator("#portal-preview-errors").inner_text()
            path.write_text(good, encoding="utf-8")
            banner.wait_for(state="detached", timeout=300_000)
            assert page.inner_text("h1") == "黄敏"
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_build_that_fails_after_the_check_is_shown_in_the_page_too(tmp_path):
    data = tmp_path / "data"
    write_files(data, FILES)
    config = tmp_path / "mkdocs.yml"
    config.write_text("theme:\n  name: <i>nosuchtheme</i>\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    server, port = _serve(data, "2026-11-06", log, "--config", str(config))
    try:
        url = f"http://127.0.0.1:{port}/"
        # no site was ever built: a page of its own says so, under the banner
        assert _wait_for(url, "生成网站失败", 120), log.read_text(encoding="utf-8")
        page = _get(url)
        assert "&lt;i&gt;nosuchtheme&lt;/i&gt;" in page and "<i>" not in page
        assert "livereload" in page
        config.write_text("theme:\n  name: material\n", encoding="utf-8")
        assert _wait_for(url, "<title>首页", 120), log.read_text(encoding="utf-8")
        assert "portal-preview-errors" not in _get(url)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _built(
    data: Path, folder: Path, warm: Warm | None, cache: Path | None, docs: Path | None = None
) -> dict[str, bytes]:
    """Every file of the docs folder and of the site, built as the preview builds it."""
    checked = pipeline.check(data, date.fromisoformat(DEMO_AS_OF), warm=warm)
    assert not errors(checked.problems), checked.problems
    made = make_site(
        checked,
        folder,
        ROOT / "mkdocs.yml",
        ROOT / "content",
        Timings(),
        serve_url="http://x/",
        cache=cache,
        warm=warm,
        docs=docs,
        helps=help_texts(),
    )
    found = {f"site/{relative}": path.read_bytes() for relative, path in made.elsewhere.items()}  # as serve links them
    for top in (made.docs, made.site):
        for path in sorted(top.rglob("*")):
            if path.is_file():
                found[f"{top.name}/{path.relative_to(top).as_posix()}"] = path.read_bytes()
    shutil.rmtree(folder)
    return found


def test_a_file_changed_within_the_last_two_seconds_is_read_again_whatever_its_stat(tmp_path):
    path = tmp_path / "logs" / "ann" / "2026-11-05.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("date: 2026-11-05\n", encoding="utf-8")
    settled = loading.settled_clock()
    assert loading.settled(path.stat(), settled) is None  # written twice in a tick, it looks the same
    assert loading.settled(path.stat(), settled + loading.SETTLED_NS) is not None


def test_a_warm_rebuild_makes_what_a_cold_build_makes_after_an_edit_a_rename_and_a_deletion(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "SETTLED_NS", 0)  # the files were all written a moment ago
    data = tmp_path / "data"
    write_demo(data, DemoOptions(people=3, customers=24, months=2))
    warm, cache, docs = Warm(), tmp_path / "cache", tmp_path / "docs"  # the preview keeps its docs folder
    logs = sorted((data / "logs").rglob("*.yaml"))

    def move_to_a_sunday_before() -> None:  # a file renamed with its date says the new one
        moved = logs[-2].rename(logs[-2].with_name("2026-11-15.yaml"))
        moved.write_text(re.sub(r"^date: .*$", "date: 2026-11-15", moved.read_text("utf-8"), flags=re.M), "utf-8")

    edits = [
        lambda: logs[-1].write_text(logs[-1].read_text(encoding="utf-8") + "reflections: 改过的总结\n", "utf-8"),
        move_to_a_sunday_before,
        lambda: [p.unlink() for p in logs if p.parent == logs[0].parent and p.name[:7] == logs[0].name[:7]],
        lambda: (data / "people.yaml").write_text(
            (data / "people.yaml").read_text(encoding="utf-8").replace("name: ", "name: 新", 1), "utf-8"
        ),
    ]
    before = _built(data, tmp_path / "first", warm, cache, docs)
    reused, gone = [], []
    for number, edit in enumerate(edits):
        edit()
        warm_site = _built(data, tmp_path / f"warm{number}", warm, cache, docs)
        gone.append(sorted(n for n in set(before) - set(warm_site) if n.startswith("docs/logs/")))
        before = warm_site
        reused.append(
            (warm.files.reused > 0, warm.typed.reused > 0, warm.derived.summaries.reused > 0, warm.pages.reused > 0)
        )
        cold_site = _built(data, tmp_path / f"cold{number}", None, None)
        assert sorted(warm_site) == sorted(cold_site), number
        assert [name for name in cold_site if warm_site[name] != cold_site[name]] == [], number
    # it was warm: files read and records typed are reused; the summaries of periods before the
    # day changed (none when the first log goes); pages too, until a name every page may show changed
    assert reused == [(True, True, True, True)] * 2 + [(True, True, False, True), (True, True, False, False)]
    assert [bool(g) for g in gone] == [False, False, True, False]  # a month without logs left the kept docs folder


def test_a_port_already_taken_is_said_before_anything_is_built(tmp_path):
    write_files(tmp_path / "data", FILES)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "builder", "serve", "--data", str(tmp_path / "data"), "--port", str(port)]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert f"127.0.0.1:{port} 用不了" in done.stderr and "--port" in done.stderr
    assert "正在生成网站" not in done.stderr and "Traceback" not in done.stderr
