"""The build's data lives as long as the build: the cycle collector need not scan it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """What is made inside is kept to the end of the build: the cycle collector does not run
    while it is made, and afterwards leaves it out of its scans (`gc.freeze`). A year of logs
    is millions of objects without cycles; scanning them again and again was a third of the
    time of validate and derive. `release` undoes it when the build ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release() -> None:
    """Let the cycle collector see everything again (a long-running `portal serve` builds many times)."""
    gc.unfreeze()
