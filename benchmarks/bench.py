"""Benchmark: `portal check` (and `portal build`) as ratios to the cheapest reading of the same files.

The baseline, measured in the same run on the same files, is PyYAML's C parser
(libyaml) composing every file into nodes that keep their line and column, nothing
else. The goal is a check of a 50-person, 12-month team within 3x the baseline.
Other parsers can be timed beside it (--parsers): ruamel.yaml's (pure Python unless
ruamel.yaml.clib is installed) and the portal's own loader alone.

Run: python benchmarks/bench.py [--sizes 8x120x3,50x700x12] [--data FOLDER] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml
from ruamel.yaml import YAML

from builder.demo import DemoOptions, write_demo
from builder.load import load
from builder.pipeline import Timings, build, check

AS_OF = date(2026, 11, 20)


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def baseline(root: Path) -> None:
    for path in _files(root):
        yaml.compose(path.read_bytes(), Loader=yaml.CSafeLoader)


def ruamel_compose(root: Path) -> None:
    parser = YAML(typ="safe")
    for path in _files(root):
        parser.compose(path.read_text(encoding="utf-8"))


def portal_load(root: Path) -> None:
    load(root)


def portal_check(root: Path) -> None:
    check(root, AS_OF)


PARSERS: dict[str, Callable[[Path], None]] = {
    "ruamel-compose": ruamel_compose,
    "portal-load": portal_load,
}


def _best(run: Callable[[], object], repeat: int) -> float:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return min(seconds)


def machine() -> str:
    load_average = "、".join(f"{n:.1f}" for n in os.getloadavg())
    clib = "ruamel.yaml.clib installed" if _has_clib() else "no ruamel.yaml.clib"
    return (
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} (libyaml {'yes' if yaml.__with_libyaml__ else 'no'}), {clib}; "
        f"load average {load_average}"
    )


def _has_clib() -> bool:
    try:
        import _ruamel_yaml  # noqa: F401
    except ImportError:
        return False
    return True


def measure(label: str, root: Path, args: argparse.Namespace) -> None:
    files = len(_files(root))
    base = _best(lambda: baseline(root), args.repeat)
    print(f"\n{label}: {files} files")
    print(f"{'what':<16} {'seconds':>8} {'ratio':>6}  stages")
    print(f"{'libyaml compose':<16} {base:>8.2f} {1:>6.2f}  (baseline)")
    for name in args.parsers:
        seconds = _best(lambda name=name: PARSERS[name](root), args.repeat)
        print(f"{name:<16} {seconds:>8.2f} {seconds / base:>6.2f}")
    runs = []
    for _ in range(args.repeat):
        timings = Timings()
        start = time.perf_counter()
        check(root, AS_OF, timings)
        runs.append((time.perf_counter() - start, timings))
    seconds, timings = min(runs, key=lambda r: r[0])
    print(f"{'portal check':<16} {seconds:>8.2f} {seconds / base:>6.2f}  {timings.report()}")
    if not args.no_build:
        with tempfile.TemporaryDirectory() as folder:
            timings = Timings()
            start = time.perf_counter()
            build(root, AS_OF, Path(folder) / "site", work=Path(folder) / "build", timings=timings)
            seconds = time.perf_counter() - start
            pages = sum(1 for _ in (Path(folder) / "site").rglob("index.html"))
        print(f"{'portal build':<16} {seconds:>8.2f} {seconds / base:>6.2f}  {pages} pages; {timings.report()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="8x120x3", help="people x customers x months, comma-separated")
    parser.add_argument("--data", type=Path, action="append", default=[], help="an existing data folder to time")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--parsers", default="portal-load", help=f"also time: {','.join(PARSERS)} (or none)")
    parser.add_argument("--no-build", action="store_true", help="time the check only")
    args = parser.parse_args()
    args.parsers = [p for p in args.parsers.split(",") if p in PARSERS]
    print(machine())
    for root in args.data:
        measure(str(root), root, args)
    for size in [s for s in args.sizes.split(",") if s and not args.data]:
        people, customers, months = (int(n) for n in size.split("x"))
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "data"
            write_demo(root, DemoOptions(people, customers, months))
            measure(f"team {size}", root, args)


if __name__ == "__main__":
    main()
