"""`portal serve`: a live preview that rebuilds when data, pages, templates or settings change.

Uses MkDocs' own live-reload server. A rebuild whose check finds errors prints them
and keeps showing the last good site.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from builder.model import Checked
from builder.problems import errors
from builder.site.generate import make_site
from builder.site.render import TEMPLATES
from builder.site.writer import sync_folder
from builder.timings import Timings

log = logging.getLogger("portal")


def serve(
    check: Callable[[], Checked],
    config_file: Path,
    content: Path,
    data: Path,
    host: str,
    port: int,
    report: Callable[[Checked], None],
) -> None:
    site = Path(tempfile.mkdtemp(prefix="portal-serve-"))
    cache = Path(tempfile.mkdtemp(prefix="portal-serve-cache-"))  # unchanged pages are not rebuilt on a save
    url = f"http://{host}:{port}/"

    def rebuild() -> None:
        checked = check()
        report(checked)
        if errors(checked.problems):
            return
        staging = Path(tempfile.mkdtemp(prefix="portal-staging-"))
        try:
            made = make_site(checked, staging, config_file, content, Timings(), serve_url=url, cache=cache)
            sync_folder(made.site, site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(site))
    try:
        rebuild()
        for path in (data, content, TEMPLATES, config_file):
            if path.exists():
                server.watch(str(path))
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
