"""The host-side doors `portal init` writes (deploy/nginx.conf, deploy/Caddyfile), run for real on
loopback: the site asks for a login, the calendar feeds do not (calendar apps cannot log in)."""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.init import TEMPLATES

USER, PASSWORD = "zhangwei", "一个足够长的密码 2026"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "feeds" / "k3y").mkdir(parents=True)
    (site / "index.html").write_text("<h1>客户名单</h1>", encoding="utf-8")
    (site / "feeds" / "k3y" / "zhangwei.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return site


def _get(url: str, auth: bool = False) -> int:
    request = urllib.request.Request(url)
    if auth:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    for _ in range(50):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)  # the server is still starting
    raise AssertionError(f"no answer from {url}")


def _doors(base: str) -> None:
    assert _get(base + "index.html") == 401
    assert _get(base + "index.html", auth=True) == 200
    assert _get(base + "feeds/k3y/zhangwei.ics") == 200  # no login for calendar apps


@pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx-light (installed by .ci/run)")
def test_nginx_asks_for_a_login_except_for_the_feeds(tmp_path):
    site, port = _site(tmp_path), _port()
    salt = os.urandom(4)
    digest = base64.b64encode(hashlib.sha1(PASSWORD.encode() + salt).digest() + salt).decode()
    (tmp_path / "htpasswd").write_text(f"{USER}:{{SSHA}}{digest}\n", encoding="utf-8")
    server = (TEMPLATES / "nginx.conf").read_text(encoding="utf-8")
    server = "\n".join(line for line in server.splitlines() if "ssl_" not in line)
    server = (
        server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
        .replace("/srv/portal", str(site))
        .replace("/etc/nginx/portal.htpasswd", str(tmp_path / "htpasswd"))
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.getuid() == 0 else "")  # workers must read pytest's private temporary folder
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\n{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(["nginx", "-c", str(config), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        _doors(f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.skipif(not shutil.which("caddy"), reason="Debian's caddy (installed by .ci/run)")
def test_caddy_asks_for_a_login_except_for_the_feeds(tmp_path):
    site, port = _site(tmp_path), _port()
    hashed = subprocess.run(
        ["caddy", "hash-password", "--plaintext", PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = (TEMPLATES / "Caddyfile").read_text(encoding="utf-8")
    example_hash = next(line.split()[1] for line in text.splitlines() if line.strip().startswith(USER))
    text = (
        text.replace("portal.example.com {", f"http://127.0.0.1:{port} {{")
        .replace("/srv/portal", str(site))
        .replace(example_hash, hashed)
    )
    (tmp_path / "Caddyfile").write_text(text, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    process = subprocess.Popen(
        ["caddy", "run", "--config", str(tmp_path / "Caddyfile"), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _doors(f"http://127.0.0.1:{port}/")
    finally:
        process.terminate()
        process.wait(timeout=10)
