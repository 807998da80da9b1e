"""What tells a cache entry was made by other code: the files and package versions it came from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path


def code_stamp(files: Iterable[Path], packages: Iterable[str]) -> str:
    """The hash of the packages' versions and of each file's name and bytes (a missing file counts as absent)."""
    digest = hashlib.sha256()
    for package in packages:
        digest.update(f"{package}={version(package)}\0".encode())
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            digest.update(f"{path.name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()
