"""Timing the stages of the pipeline, for `--verbose`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


@dataclass
class Timings:
    stages: list[tuple[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def run(self, name: str, stage: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = stage()
        self.stages.append((name, time.perf_counter() - start))
        return result

    def report(self) -> str:
        return "  ".join([*(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.stages), *self.notes])
