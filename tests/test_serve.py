"""portal serve: the preview rebuilds when a data file is saved, and keeps the last good site on errors."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from test_derive import FILES

from conftest import ROOT


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


def test_the_preview_follows_saved_files(tmp_path):
    data = tmp_path / "data"
    for name, text in FILES.items():
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "builder",
                "serve",
                "--data",
                str(data),
                "--port",
                str(port),
                "--as-of",
                "2026-11-06",
            ],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
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
        assert "仍显示上一次的网站" in log.read_text(encoding="utf-8")
        assert "预览里马上能看到" in _get(page)
    finally:
        server.terminate()
        server.wait(timeout=30)
