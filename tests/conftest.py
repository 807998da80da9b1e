from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_AS_OF = "2026-11-20"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def portal(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run the real `portal` command line in a child process."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "PORTAL_DEBUG")}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
