"""Timing the stages of the pipeline, for `--verbose`."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")


def peak_memory_mb() -> float | None:
    """The peak resident memory so far of this process or of any of its finished children, in MiB
    (None on Windows, which has no getrusage)."""
    try:
        import resource
    except ImportError:
        return None
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


@dataclass
class Timings:
    stages: list[tuple[str, float]] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)  # peak memory after each stage, MiB, where it is known
    notes: list[str] = field(default_factory=list)

    def run(self, name: str, stage: Callable[[], T]) -> T:
        start = time.perf_counter()
        result = stage()
        self.stages.append((name, time.perf_counter() - start))
        peak = peak_memory_mb()
        if peak is not None:
            self.peaks.append(peak)
        return result

    def report(self) -> str:
        stages = [f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.stages]
        peak = [f"peak memory {self.peaks[-1]:.0f} MiB"] if self.peaks else []
        return "  ".join([*stages, *peak, *self.notes])
