"""The host-side doors `portal init` writes (deploy/nginx.conf, deploy/Caddyfile), run for real on
loopback as written: they hold no account, so no one gets in until the team writes its own users,
by the step the file's own comments give; then the site asks for a login and the calendar feeds
do not (calendar apps cannot log in)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from builder.init import TEMPLATES
from conftest import portal

USER, PASSWORD = "zhangsan", "一个足够长的密码 2026"
GUESSES = [(USER, PASSWORD), ("zhangwei", "hiccup"), ("admin", "admin")]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _site(root: Path) -> Path:
    site = root / "site"
    (site / "feeds" / "k3y").mkdir(parents=True)
    (site / "index.html").write_text("<h1>客户名单</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>页面不存在</h1>", encoding="utf-8")
    (site / "feeds" / "k3y" / "zhangsan.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    return site


def _answer(url: str, user: str | None = None, password: str = "") -> tuple[int, Message, str]:
    """Status, headers and body of a GET."""
    request = urllib.request.Request(url)
    if user is not None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    for _ in range(100):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return int(response.status), response.headers, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return int(error.code), error.headers, error.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)  # the server is still starting
    raise AssertionError(f"no answer from {url}")


def _get(url: str, user: str | None = None, password: str = "") -> int:
    return _answer(url, user, password)[0]


def _logged_in(base: str) -> None:
    """What the team sees once it has an account: the site, its own 404 page, and feeds with no login."""
    assert _get(base + "index.html", USER, PASSWORD) == 200
    status, _, body = _answer(base + "no-such-page/", USER, PASSWORD)
    assert status == 404 and "页面不存在" in body
    status, headers, _ = _answer(base + "no-such-page/")
    assert status == 401 and "Basic" in headers.get("WWW-Authenticate", ""), headers
    status, headers, _ = _answer(base + "feeds/k3y/zhangsan.ics")  # no login for calendar apps
    assert status == 200 and headers.get("X-Robots-Tag") == "noindex, nofollow", headers


def _comment_step(text: str, marker: str) -> str:
    """The command a door's comments give for adding an account, found by what it runs."""
    return next(line.lstrip("# ").strip() for line in text.splitlines() if marker in line)


def test_no_file_init_writes_holds_a_credential(tmp_path, portal_wheel):
    run = portal("init", str(tmp_path / "t"), "--profile", "bank", "--date", "2026-11-23", "--wheel", str(portal_wheel))
    assert run.code == 0, run.err
    hashes = re.compile(r"\$2[aby]\$\d\d\$|\$apr1\$|\{SSHA\}|\{SHA\}|\$[56]\$[^\s$]+\$")
    for path in (tmp_path / "t").rglob("*"):
        if path.is_file() and ".git" not in path.parts and path.suffix != ".whl":
            text = path.read_text(encoding="utf-8")
            assert not hashes.search(text), path
    for door in ("nginx.conf", "Caddyfile"):
        text = (tmp_path / "t" / "deploy" / door).read_text(encoding="utf-8")
        assert "zhangwei" not in text and "hiccup" not in text


@pytest.mark.skipif(
    not shutil.which("nginx") or not shutil.which("htpasswd"), reason="Debian's nginx-light, apache2-utils"
)
def test_nginx_as_written_lets_no_one_in_until_the_team_adds_its_users(tmp_path):
    site, port = _site(tmp_path), _port()
    users = tmp_path / "portal.htpasswd"
    template = (TEMPLATES / "nginx.conf").read_text(encoding="utf-8")
    server = "\n".join(line for line in template.splitlines() if "ssl_" not in line)
    server = (
        server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
        .replace("/srv/portal", str(site))
        .replace("/etc/nginx/portal.htpasswd", str(users))
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        ("user root;\n" if os.getuid() == 0 else "")  # workers must read pytest's private temporary folder
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\n{server}\n}}\n",
        encoding="utf-8",
    )
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(["nginx", "-c", str(config), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        assert _get(base + "index.html") == 401
        assert {_get(base + "index.html", u, p) for u, p in GUESSES} == {403}  # no user file yet: every login refused
        assert _get(base + "feeds/k3y/zhangsan.ics") == 200
        users.write_text("", encoding="utf-8")  # a user file with nobody in it
        assert {_get(base + "index.html", u, p) for u, p in GUESSES} == {401}
        step = _comment_step(template, "htpasswd -c -B").replace("sudo ", "").replace("/etc/nginx/portal.htpasswd", "")
        assert step.split() == ["htpasswd", "-c", "-B", USER]
        subprocess.run(["htpasswd", "-b", "-c", "-B", str(users), USER, PASSWORD], check=True, capture_output=True)
        _logged_in(base)
        assert {_get(base + "index.html", u, p) for u, p in GUESSES[1:]} == {401}
        assert _get(base + "index.html", USER, "wrong") == 401
    finally:
        process.terminate()
        process.wait(timeout=10)


def _caddy(tmp_path: Path, caddyfile: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    return subprocess.Popen(
        ["caddy", "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not shutil.which("caddy"), reason="Debian's caddy (installed by .ci/run)")
def test_caddy_as_written_lets_no_one_in_until_the_team_adds_its_users(tmp_path):
    site, port = _site(tmp_path), _port()
    users = tmp_path / "portal-users"
    template = (TEMPLATES / "Caddyfile").read_text(encoding="utf-8")
    text = (
        "{\n\tadmin off\n}\n"  # tests run side by side: no admin endpoint on the shared port 2019
        + template.replace("portal.example.com {", f"http://127.0.0.1:{port} {{")
        .replace("/srv/portal", str(site))
        .replace("/etc/caddy/portal-users", str(users))
    )
    (tmp_path / "Caddyfile").write_text(text, encoding="utf-8")
    base = f"http://127.0.0.1:{port}/"

    refused = _caddy(tmp_path, tmp_path / "Caddyfile")  # no user file: Caddy does not start
    assert refused.wait(timeout=30) != 0
    assert "portal-users" in (refused.stderr.read() if refused.stderr else "")

    users.write_text("# 还没有账号\n", encoding="utf-8")
    process = _caddy(tmp_path, tmp_path / "Caddyfile")
    try:
        assert {_get(base + "index.html", u, p) for u, p in GUESSES} == {401}
        assert _get(base + "feeds/k3y/zhangsan.ics") == 200
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert "caddy hash-password" in _comment_step(template, "hash-password)")
    hashed = subprocess.run(
        ["caddy", "hash-password", "--plaintext", PASSWORD], capture_output=True, text=True, check=True
    ).stdout.strip()
    with users.open("a", encoding="utf-8") as stream:
        stream.write(f"{USER} {hashed}\n")  # the step: one line per person, "account hash"
    process = _caddy(tmp_path, tmp_path / "Caddyfile")
    try:
        _logged_in(base)
        assert {_get(base + "index.html", u, p) for u, p in GUESSES[1:]} == {401}
    finally:
        process.terminate()
        process.wait(timeout=10)
