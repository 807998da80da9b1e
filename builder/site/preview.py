"""`portal serve`: a live preview that rebuilds when data, pages, templates or settings change.

Uses MkDocs' own live-reload server. A rebuild whose check finds errors (or that fails)
keeps showing the last good site, with a banner on every page that lists the problems
until a save fixes them.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

from builder import pipeline
from builder.model import Checked
from builder.problems import errors, format_text, one_line
from builder.site.render import TEMPLATES
from builder.site.writer import SITE_MARK, SITE_MARK_TEXT
from builder.warm import Warm

BANNER_ID = "portal-preview-errors"
CLEANUP = pipeline.CLEANUP  # the thread that removes a build's staging folder
SHOWN = 50  # problems listed in the banner; the terminal has them all
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_EMPTY_SITE = (
    '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>网站预览</title></head>'
    "<body><p>网站还没有生成过。</p></body></html>"
)


def banner(lines: Sequence[str], title: str) -> bytes:
    """The HTML of the banner: `title` and the lines, every character of them escaped."""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines[:SHOWN])
    more = f"<li>还有 {len(lines) - SHOWN} 个，见终端。</li>" if len(lines) > SHOWN else ""
    style = (
        "position:relative;z-index:1000;margin:0;padding:.8em 1.2em;background:#b71c1c;color:#fff;"
        "font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere"
    )
    return (
        f'<div id="{BANNER_ID}" role="alert" style="{style}"><strong>{escape(title)}</strong>'
        f'<ul style="margin:.4em 0 0;padding-left:1.2em">{items}{more}</ul></div>'
    ).encode()


KEPT = "下面仍是上一次成功生成的网站；改正后本页会自动刷新。"
NONE_YET = "网站还没有生成过；改正后本页会自动刷新。"


class PortInUse(Exception):
    """The preview's address is taken (another `portal serve`?); the message says what to do."""


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that also puts `banner` (when there is one) at the top of every
    page, and takes its address before the first build (`server_bind` binds once)."""

    banner: bytes = b""
    _bound = False
    names: frozenset[str] = frozenset()  # host names it answers to besides IP addresses and localhost

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        """Another site's page cannot read the preview through a name of its own pointed at this machine
        (DNS rebinding): a request whose Host is not an address of this server's is refused."""
        if not own_host(environ.get("HTTP_HOST", ""), self.names):
            start_response("421 Misdirected Request", [("Content-Type", "text/plain; charset=utf-8")])
            return ["portal serve 只回答本机地址的请求。\n".encode()]
        served: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        return served

    def server_bind(self) -> None:
        if not self._bound:
            super().server_bind()
            self._bound = True

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)  # type: ignore[no-untyped-call]
        shown = self.banner
        if not shown:
            return content
        body = _BODY.search(content)
        at = body.end() if body else 0
        return content[:at] + shown + content[at:]


def own_host(header: str, names: frozenset[str]) -> bool:
    """Whether the Host header names this server: an IP address, localhost, or a name it was started with."""
    host = header[1 : header.find("]")] if header.startswith("[") else re.sub(r":\d+$", "", header)
    host = host.lower().rstrip(".")
    if host in ("localhost", *names) or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class _Errors(logging.Handler):
    """MkDocs' error messages while a site is built (a bad mkdocs.yml is logged, then aborts)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(one_line(record.getMessage()))


def build(
    data: Path,
    as_of: date | None,
    report: Callable[[Checked], None],
    site: Path,
    config_file: Path,
    content: Path,
    url: str,
    work: Path,
    warm: Warm,
    helps: Mapping[str, str],
) -> bytes:
    """Check and build the site into `site` through the pipeline, as `portal build` does, keeping
    what it made in `warm` and its folders in `work`; the banner to show: the problems, or b""."""
    after = KEPT if any(site.iterdir()) else NONE_YET
    logged = _Errors()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(logged)
    try:
        result = pipeline.build(
            data,
            as_of,
            site,
            config_file=config_file,
            content=content,
            work=work,
            helps=helps,
            preview=pipeline.Preview(warm, url, report),
        )
    except pipeline.BuildFailed as exc:  # the team's mkdocs.yml or its pages: the message says what to fix
        print(f"portal: {exc}", file=sys.stderr, flush=True)
        return banner([*logged.lines, str(exc)], f"生成网站失败，{after}")
    except Exception as exc:  # the preview goes on; the page says what went wrong
        traceback.print_exc()
        return banner([*logged.lines, one_line(f"{type(exc).__name__}: {exc}")], f"生成网站失败，{after}")
    finally:
        mkdocs_log.removeHandler(logged)
    if isinstance(result, Checked):
        found = errors(result.problems)
        return banner([format_text(p) for p in found], f"最近一次保存后数据有 {len(found)} 个错误，{after}")
    return b""


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(
    data: Path,
    as_of: date | None,
    config_file: Path,
    content: Path,
    host: str,
    port: int,
    report: Callable[[Checked], None],
    helps: Mapping[str, str],
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    site, work = folder / "site", folder / "work"  # the site served; the page cache, docs, staging folders
    site.mkdir()
    url = f"http://{host}:{port}/"
    warm = Warm()  # what a build keeps for the next: a save redoes only what the saved file feeds

    def rebuild() -> None:
        server.banner = build(data, as_of, report, site, config_file, content, url, work, warm, helps)
        if server.banner and not any(site.iterdir()):
            (site / "index.html").write_text(_EMPTY_SITE, encoding="utf-8")
            (site / SITE_MARK).write_text(SITE_MARK_TEXT, encoding="utf-8")  # the next build may replace it

    server = PreviewServer(builder=rebuild, host=host, port=port, root=str(site))
    server.names = frozenset({host.lower()})
    signal.signal(signal.SIGTERM, _stop)  # stopped by a process manager: the temporary folders go too
    try:
        try:
            server.server_bind()  # a taken port is said at once, not after the first build
        except OSError as exc:
            raise PortInUse(
                f"{host}:{port} 用不了（{exc.strerror}）：可能已有一个 portal serve 在运行；用 --port 换一个端口"
            ) from None
        rebuild()
        for path in (data, content, TEMPLATES, config_file):
            if path.exists():
                server.watch(str(path))
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
