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


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def in_two(share: Callable[[int], bytes]) -> tuple[bytes, bytes]:
    """Run `share(1)` in a forked child and `share(0)` here, at the same time; what each returned."""
    if not can_fork():
        return share(0), share(1)
    sys.stdout.flush()
    sys.stderr.flush()
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(reading)
        code = 1
        try:
            try:
                said, code = b"K" + share(1), 0
            except BaseException:
                said = b"E" + traceback.format_exc().encode("utf-8", errors="replace")
            with os.fdopen(writing, "wb") as stream:
                stream.write(said)
        finally:
            os._exit(code)  # no cleanup of the parent's state: it is the parent's
    os.close(writing)
    try:
        here = share(0)
    finally:
        with os.fdopen(reading, "rb") as stream:
            said = stream.read()
        _, status = os.waitpid(pid, 0)
    if not said.startswith(b"K") or os.waitstatus_to_exitcode(status) != 0:
        failure = said[1:].decode("utf-8", errors="replace")
        raise ShareFailed(failure or f"the forked share ended with status {status}")
    return here, said[1:]


def each(
    items: Sequence[T],
    do: Callable[[T], None],
    first: Callable[[], None] = lambda: None,
    last: Callable[[], bytes] = lambda: b"",
    child_first: Callable[[], None] = lambda: None,
) -> tuple[bytes, bytes]:
    """`do(item)` for every item, here and in a forked child at once, each process taking the
    next item when it is free; this process runs `first` before it starts taking items, the child
    `child_first`, and each process `last` when no item is left: what it returns, this process's
    and the child's."""
    taken = multiprocessing.Value("q", 0)  # shared memory: the child sees the same counter

    def share(n: int) -> bytes:
        (first if n == 0 else child_first)()
        while True:
            with taken.get_lock():
                i = taken.value
                taken.value += 1
            if i >= len(items):
                return last()
            do(items[i])

    return in_two(share)
