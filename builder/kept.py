"""What a stage computed in one build, kept for the next build in the same process (portal serve).

A result is reused only while it is asked for under the same key with the very same input
objects (`is`, or `==` for a store made `by_value`): stages that keep their results hand
unchanged objects on, so the next stage's inputs stay the same objects too (and compare
equal at once), and a saved file redoes only what it feeds.
Nothing here outlives the process; a result not asked for in a build is dropped after it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

R = TypeVar("R")


class Kept(Generic[R]):
    def __init__(self, by_value: bool = False) -> None:
        self.by_value = by_value
        self._last: dict[Hashable, tuple[tuple[object, ...], R]] = {}
        self._now: dict[Hashable, tuple[tuple[object, ...], R]] = {}
        self.reused = 0
        self.made = 0

    def get(self, key: Hashable, inputs: tuple[object, ...], make: Callable[[], R]) -> R:
        """The result kept for `key` if it was made from these very `inputs`, else `make()`."""
        found = self._now.get(key) or self._last.get(key)
        if found is not None and (found[0] == inputs if self.by_value else _same(found[0], inputs)):
            self.reused += 1
            result = found[1]
        else:
            self.made += 1
            result = make()
        self._now[key] = (inputs, result)
        return result

    def forget(self) -> None:
        """Keep nothing from the last build: what all its results were made from has changed."""
        self._last = {}

    def next_build(self) -> None:
        """Keep what this build asked for, and only that, for the next one."""
        self._last, self._now = self._now, {}
        self.reused = self.made = 0


def _same(these: tuple[object, ...], those: tuple[object, ...]) -> bool:
    return len(these) == len(those) and all(map(operator.is_, these, those))


def kept(store: Kept[R] | None, key: Hashable, inputs: tuple[object, ...], make: Callable[[], R]) -> R:
    """`store.get(...)`, or just `make()` when nothing is kept (a one-off build)."""
    return make() if store is None else store.get(key, inputs, make)
