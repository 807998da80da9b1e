"""Jinja templates compiled once, kept for the next build (see Compiled)."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from builder.stamp import code_stamp


class Compiled(BytecodeCache):
    """Templates compiled once: in this process (portal serve builds again and again) and, with
    `folder`, for the next build (compiling the theme's and the pages' templates takes seconds).
    A template is known by its name and its source's checksum, so an edited one is compiled anew;
    a damaged file is compiled again too. Compiled code also depends on the filters it calls and on
    Jinja: the folder keeps one subfolder, named by their stamp (COMPILED_BY). It may be deleted at any time."""

    def __init__(self, folder: Path | None = None) -> None:
        self.code: dict[str, bytes] = {}
        self.folder = folder / code_stamp(COMPILED_BY, TEMPLATE_PACKAGES)[:16] if folder is not None else None
        if folder is not None and folder.is_dir():
            for other in folder.iterdir():
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
                elif not other.is_dir():
                    other.unlink(missing_ok=True)

    def _file(self, key: str) -> Path | None:
        return self.folder / f"{key}.bin" if self.folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        file = self._file(bucket.key)
        if code is None and file is not None:
            with contextlib.suppress(OSError):
                code = file.read_bytes()
        if code is not None:
            bucket.bytecode_from_string(code)  # checks the version and the checksum, else leaves it to compile

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self.code[bucket.key] = bucket.bytecode_to_string()
        file = self._file(bucket.key)
        if file is None:
            return
        with contextlib.suppress(OSError):  # a cache: a build never fails for want of it
            file.parent.mkdir(parents=True, exist_ok=True)
            part = file.with_name(f"{file.name}.{os.getpid()}")
            part.write_bytes(code)
            os.replace(part, file)


COMPILED_BY = (
    Path(__file__).with_name("render.py"),
    Path(__file__).with_name("worded.py"),
)  # the filters of the pages' templates
TEMPLATE_PACKAGES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material")  # Jinja, and the theme's filters
