"""Work split over two processes: a forked child does one share while this process does the other.

The child is a copy of this process, so it needs nothing sent to it: it reads the model
as it is and writes its own files. It reports only failure, as text. Forking is safe only
while this process runs a single thread; otherwise (`portal serve`) the shares run here,
one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class ShareFailed(Exception):
    """The forked share raised; the message is its traceback."""


def in_two(share: Callable[[int], None]) -> None:
    """Run `share(1)` in a forked child and `share(0)` here, at the same time."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        share(0)
        share(1)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reading)
        code = 0
        try:
            share(1)
        except BaseException:
            os.write(writing, traceback.format_exc().encode("utf-8", errors="replace"))
            code = 1
        finally:
            os._exit(code)  # no cleanup of the parent's state: it is the parent's
    os.close(writing)
    try:
        share(0)
    finally:
        with os.fdopen(reading, "rb") as stream:
            failure = stream.read().decode("utf-8", errors="replace")
        _, status = os.waitpid(pid, 0)
    if failure or os.waitstatus_to_exitcode(status) != 0:
        raise ShareFailed(failure or f"the forked share ended with status {status}")


def each(items: Sequence[T], do: Callable[[T], None], first: Callable[[], None] = lambda: None) -> None:
    """`do(item)` for every item, here and in a forked child at once, each process taking the
    next item when it is free; this process runs `first` before it starts taking items."""
    taken = multiprocessing.Value("q", 0)  # shared memory: the child sees the same counter

    def share(n: int) -> None:
        if n == 0:
            first()
        while True:
            with taken.get_lock():
                i = taken.value
                taken.value += 1
            if i >= len(items):
                return
            do(items[i])

    in_two(share)
