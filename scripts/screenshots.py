"""Screenshots of the built site for the README: home, a person and a team summary page.

Needs Debian's chromium and fonts-noto-cjk. Run after `portal build`:
    python scripts/screenshots.py [--site site] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(site: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--person", default="zhangwei")
    parser.add_argument("--week", default="2026-W47")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    server = serve(args.site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    shots = [
        ("home", "", {"width": 1280, "height": 1400}),
        ("person", f"people/{args.person}/", {"width": 1280, "height": 1400}),
        ("week", f"weeks/{args.week}/", {"width": 1280, "height": 1400}),
        ("home-phone", "", {"width": 390, "height": 844}),
        ("person-dark", f"people/{args.person}/", {"width": 1280, "height": 1000}),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, url, viewport in shots:
            scheme = "dark" if name.endswith("dark") else "light"
            page = browser.new_page(viewport=viewport, color_scheme=scheme)
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(args.out / f"{name}.png"))
            print(args.out / f"{name}.png")
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
