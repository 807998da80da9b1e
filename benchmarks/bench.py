"""Benchmark: how `portal check` and `portal build` scale with team size, as ratios to a baseline.

The baseline, measured in the same run on the same files, is the cheapest possible
reading of the data: ruamel.yaml's C parser composing every file, nothing else.
Run: python benchmarks/bench.py [--sizes 8x120x3,24x360x3] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML

from builder.demo import DemoOptions, write_demo
from builder.pipeline import Timings, build, check


def _best(seconds: list[float]) -> float:
    return min(seconds)


def baseline(root: Path) -> float:
    yaml = YAML(typ="safe", pure=False)
    start = time.perf_counter()
    for path in sorted(root.rglob("*.yaml")):
        yaml.compose(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="8x120x3,32x480x6", help="people x customers x months, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="time the check only")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'team':>14} {'files':>6} {'baseline s':>11} {'check s':>8} {'ratio':>6}  stages")
    for size in args.sizes.split(","):
        people, customers, months = (int(n) for n in size.split("x"))
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "data"
            write_demo(root, DemoOptions(people, customers, months))
            files = sum(1 for _ in root.rglob("*.yaml"))
            base = _best([baseline(root) for _ in range(args.repeat)])
            runs = []
            for _ in range(args.repeat):
                timings = Timings()
                start = time.perf_counter()
                check(root, date(2026, 11, 20), timings)
                runs.append((time.perf_counter() - start, timings))
            seconds, timings = min(runs, key=lambda r: r[0])
            print(
                f"{size:>14} {files:>6} {base:>11.3f} {seconds:>8.3f} {seconds / base:>6.1f}  check: {timings.report()}"
            )
            if not args.no_build:
                timings = Timings()
                start = time.perf_counter()
                build(root, date(2026, 11, 20), Path(folder) / "site", work=Path(folder) / "build", timings=timings)
                seconds = time.perf_counter() - start
                pages = sum(1 for _ in (Path(folder) / "site").rglob("index.html"))
                ratio = seconds / base
                print(f"{'':>14} {pages:>6} {'pages':>11} {seconds:>8.3f} {ratio:>6.1f}  build: {timings.report()}")


if __name__ == "__main__":
    main()
