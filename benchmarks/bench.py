"""Benchmark: the portal on teams of three sizes, in one table.

Reference teams (people x customers x months): S 8x120x3 (the shipped demo), M 50x1500x12,
L 200x6000x12. For each, `portal demo` writes the team (timed), then:

- build: `portal build` in a fresh child process: seconds per stage (builder/timings.py),
  the total, the peak RSS of that process, and the pages and files of the site; with
  --builds N, every build below runs N times and each figure is its best run (the highest RSS);
- rebuilds: the same build again, in another child, into the same work and site folders
  (nothing changed: the site is left as it is; the best of at least three such runs), then
  once more after one log was edited (the page cache in the work folder spares MkDocs the
  unchanged pages); then the **next-day publish**, the build every team runs each morning: one
  new log a person for the next working day (a copy of that person's latest log, re-dated),
  built for that day with the work folder of the day before (its page cache restored);
- preview: `portal serve`'s build in a fresh child, once (its first build), then again after
  one log was edited (the time a saved log takes to show: files, records and pages unchanged
  since the first build are kept in memory, see builder/kept.py);
- check: `portal check` in a fresh child, against the cheapest reading of the same files,
  measured in the same run and the same way: PyYAML's C parser (libyaml) composing every file
  into nodes (the goal is a check within 3x of it). --parsers adds other readings beside it.

Every timed run (build, check, parse) starts right after every data file was read once
(`cache_files`), as a fresh checkout leaves them in the file cache.

The last column divides the last team's numbers by the one before (L/M): compare each
stage's ratio with the data's (files L / files M); `!` marks a stage growing faster.

Run: python benchmarks/bench.py [--sizes S,M,L] [--data FOLDER] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this worktree's builder, not an installed one

import yaml  # noqa: E402
from ruamel.yaml import YAML  # noqa: E402

from builder.cli import help_texts  # noqa: E402
from builder.demo import DemoOptions, write_demo  # noqa: E402
from builder.load import load  # noqa: E402
from builder.pipeline import Built, Timings, build, check  # noqa: E402
from builder.schema import Workdays  # noqa: E402
from builder.site import preview  # noqa: E402
from builder.unchanged import Unchanged  # noqa: E402
from builder.warm import Warm  # noqa: E402
from builder.workdays import WorkCalendar  # noqa: E402

AS_OF = date(2026, 11, 20)
SIZES = {"S": (8, 120, 3), "M": (50, 1500, 12), "L": (200, 6000, 12)}
CHECK_STAGES = ["load", "validate", "cross-check"]
PREVIEW_URL = "http://127.0.0.1:8000/"
NOTHING_CHANGED = 3  # runs at least, of a rebuild that changes nothing (each a second or less)
FASTER = 1.1  # a stage is marked when its ratio exceeds the data's by this factor (the goal's limit)


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


def portal_check(root: Path, as_of: date) -> None:
    check(root, as_of)


PARSERS: dict[str, Callable[[Path], None]] = {
    "ruamel-compose": ruamel_compose,
    "portal-load": portal_load,
}
RUNS: dict[str, Callable[[Path, date], None]] = {
    "check": portal_check,
    "baseline": lambda root, _: baseline(root),
    **{name: lambda root, _, run=run: run(root) for name, run in PARSERS.items()},
}


def cache_files(root: Path) -> None:
    """Read every file under `root`, so that the next run finds the data in the file cache, as a
    fresh checkout leaves it (this machine keeps little there: runs otherwise differ by how much
    of the data the disk had to read)."""
    for path in root.rglob("*"):
        if path.is_file():
            path.read_bytes()


def child_run(name: str, root: Path, as_of: date) -> float:
    """One of RUNS, timed in this (fresh) process, as its command would run it."""
    start = time.perf_counter()
    RUNS[name](root, as_of)
    return time.perf_counter() - start


def _best(name: str, repeat: int, root: Path, as_of: date) -> float:
    """The best of `repeat` runs of RUNS[name], each in a fresh child process."""
    return min(run_child("--run", root, as_of, name)["seconds"] for _ in range(repeat))


def _load_average() -> str:
    return ", ".join(f"{n:.1f}" for n in os.getloadavg())


def machine() -> str:
    load_average = _load_average()
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


@dataclass
class Result:
    label: str
    detail: str
    files: int
    demo: float | None = None  # seconds to generate, for a generated team
    stages: dict[str, float] = field(default_factory=dict)  # build stages, repeated ones summed
    build: float | None = None
    pages: int | None = None
    site_files: int | None = None
    rss_mb: float | None = None
    warm: float | None = None
    one_log: float | None = None
    next_day: float | None = None
    next_day_built: int | None = None  # pages MkDocs built, not copied from the page cache
    preview_one_log: float | None = None
    preview_first: float | None = None
    check: float = 0.0
    baseline: float = 0.0
    parsers: dict[str, float] = field(default_factory=dict)


def child_build(data: Path, work: Path, site: Path, as_of: date) -> dict[str, Any]:
    """One `portal build` as the CLI runs it, in this (fresh) process."""
    timings = Timings()
    start = time.perf_counter()
    config, content = ROOT / "mkdocs.yml", ROOT / "content"
    built = build(
        data, as_of, site, config_file=config, content=content, work=work, timings=timings, helps=help_texts()
    )
    seconds = time.perf_counter() - start
    if not isinstance(built, Built | Unchanged):
        raise SystemExit(f"{data}: the check found errors; no site was built")
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    pages, files = (built.pages, built.files) if isinstance(built, Built) else (None, None)
    reuse = re.search(r"pages: (\d+) reused, (\d+) built", " ".join(timings.notes))
    made = int(reuse[2]) if reuse else None
    return {"seconds": seconds, "stages": timings.stages, "pages": pages, "files": files, "rss_kb": peak, "built": made}


def child_preview(data: Path, folder: Path, as_of: date) -> dict[str, Any]:
    """`portal serve`'s first build, then its build after one saved log, in this (fresh) process."""
    warm, site = Warm(), folder / "preview"
    site.mkdir()
    config, content = ROOT / "mkdocs.yml", ROOT / "content"

    def again() -> float:
        start = time.perf_counter()
        shown = preview.build(
            data, as_of, lambda _: None, site, config, content, PREVIEW_URL, folder / "work", warm, help_texts()
        )
        if shown:
            raise SystemExit(f"{data}: the preview shows problems")
        return time.perf_counter() - start

    first = again()
    for thread in threading.enumerate():  # the manager saves once the preview is idle: its cleanup done,
        if thread.name == preview.CLEANUP:  # its files on disk
            thread.join()
    os.sync()
    change_one_log(data)
    return {"first": first, "one_log": again(), "reused": warm.counts()}


def change_one_log(root: Path) -> None:
    """What a manager's save does: one word more in what was discussed at a visit of the latest log."""
    for path in sorted(root.glob("logs/*/*.yaml"), reverse=True):
        text = path.read_text(encoding="utf-8")
        if "discussion: " in text:
            path.write_text(text.replace("discussion: ", "discussion: 另外", 1), encoding="utf-8")
            return


def next_day_logs(root: Path, as_of: date) -> tuple[date, list[Path]]:
    """The next working day after `as_of`, and one new log a person for it: the person's latest log
    moved to that day (every date in it moved by as many days, its supervisor's review left out, as
    a log is written before it is reviewed). The caller removes them."""
    day = WorkCalendar(Workdays()).add_workdays(as_of, 1)
    added = []
    for person in sorted(p for p in (root / "logs").iterdir() if p.is_dir()):
        latest = max(person.glob("*.yaml"), default=None)
        if latest is None:
            continue
        shift = day - date.fromisoformat(latest.stem)
        text = re.sub(r"^review:.*?(?=^\S|\Z)", "", latest.read_text(encoding="utf-8"), flags=re.M | re.S)
        text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: (date.fromisoformat(m[0]) + shift).isoformat(), text)  # noqa: B023
        new = person / f"{day.isoformat()}.yaml"
        new.write_text(text, encoding="utf-8")
        added.append(new)
    return day, added


def run_build(data: Path, folder: Path, as_of: date, kind: str = "--child") -> dict[str, Any]:
    """A build in a fresh child process (see child_build and child_preview), for its own peak RSS."""
    return run_child(kind, data, as_of, str(folder))


def run_child(kind: str, data: Path, as_of: date, argument: str) -> dict[str, Any]:
    cache_files(data)
    command = [sys.executable, str(Path(__file__).resolve()), kind, str(data), argument, as_of.isoformat()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} {argument} of {data} failed:\n{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


def measure(label: str, detail: str, root: Path, args: argparse.Namespace, demo: float | None = None) -> Result:
    result = Result(label, detail, len(_files(root)), demo)
    print(f"{label}: {result.files} files …", file=sys.stderr, flush=True)
    result.baseline = _best("baseline", args.repeat, root, args.as_of)
    for name in args.parsers:
        result.parsers[name] = _best(name, args.repeat, root, args.as_of)
    result.check = _best("check", args.repeat, root, args.as_of)
    if not args.no_build:
        colds, warms, changes, nexts, previews = [], [], [], [], []
        for _ in range(args.builds):
            with tempfile.TemporaryDirectory(prefix="bench-") as folder:
                colds.append(run_build(root, Path(folder), args.as_of))
                again = [run_build(root, Path(folder), args.as_of) for _ in range(max(args.builds, NOTHING_CHANGED))]
                warms.append(min(again, key=lambda run: run["seconds"]))
                change_one_log(root)
                changes.append(run_build(root, Path(folder), args.as_of))
                day, added = next_day_logs(root, args.as_of)
                try:
                    nexts.append(run_build(root, Path(folder), day))
                finally:
                    for path in added:
                        path.unlink()
            with tempfile.TemporaryDirectory(prefix="bench-") as folder:
                previews.append(run_build(root, Path(folder), args.as_of, "--preview"))
            print(f"  preview reused: {previews[-1]['reused']}", file=sys.stderr)
            runs = (
                ("cold", colds[-1]),
                ("nothing changed", warms[-1]),
                ("one log", changes[-1]),
                ("next day", nexts[-1]),
            )
            for name, run in runs:
                stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in _summed(run["stages"]).items())
                print(f"  {name}: {run['seconds']:.2f} s ({stages})", file=sys.stderr)
        stages = [_summed(cold["stages"]) for cold in colds]
        result.stages = {name: min(s[name] for s in stages if name in s) for name in stages[0]}
        result.build = min(cold["seconds"] for cold in colds)
        result.warm = min(run["seconds"] for run in warms)
        result.one_log = min(run["seconds"] for run in changes)
        best_next = min(nexts, key=lambda run: run["seconds"])
        result.next_day, result.next_day_built = best_next["seconds"], best_next["built"]
        result.preview_one_log = min(run["one_log"] for run in previews)
        result.preview_first = min(run["first"] for run in previews)
        result.pages, result.site_files = colds[0]["pages"], colds[0]["files"]
        result.rss_mb = max(cold["rss_kb"] for cold in colds) / 1024
    return result


def _summed(stages: list[tuple[str, float]]) -> dict[str, float]:
    found: dict[str, float] = {}
    for name, seconds in stages:
        found[name] = found.get(name, 0.0) + seconds
    return found


# The table: one row per measure, one column per team, and the last team / the one before.
Row = tuple[str, list[float | None], str]  # label, value per team, format ("int", "s", "mb", "x")


def rows(results: list[Result]) -> list[Row]:
    found: list[Row] = [
        ("data files", [r.files for r in results], "int"),
        ("demo (s)", [r.demo for r in results], "s"),
    ]
    if any(r.build is not None for r in results):
        stages = list(dict.fromkeys(name for r in results for name in r.stages))
        found += [
            ("site pages", [r.pages for r in results], "int"),
            ("site files", [r.site_files for r in results], "int"),
            *((f"{name} (s)", [r.stages.get(name) for r in results], "s") for name in stages),
            ("build total (s)", [r.build for r in results], "s"),
            ("rebuild, nothing changed (s)", [r.warm for r in results], "s"),
            ("rebuild, one log changed (s)", [r.one_log for r in results], "s"),
            ("next-day publish (s)", [r.next_day for r in results], "s"),
            ("next-day pages built", [r.next_day_built for r in results], "int"),
            ("preview, one log saved (s)", [r.preview_one_log for r in results], "s"),
            ("preview, first build (s)", [r.preview_first for r in results], "s"),
            ("build peak RSS (MB)", [r.rss_mb for r in results], "mb"),
        ]
    found += [
        ("check (s)", [r.check for r in results], "s"),
        ("libyaml compose (s)", [r.baseline for r in results], "s"),
        ("check / libyaml", [r.check / r.baseline if r.baseline else None for r in results], "x"),
    ]
    names = list(dict.fromkeys(name for r in results for name in r.parsers))
    found += [(f"{name} (s)", [r.parsers.get(name) for r in results], "s") for name in names]
    return found


def _cell(value: float | None, kind: str) -> str:
    if value is None:
        return ""
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "mb":
        return f"{value:,.0f}"
    if kind == "x":
        return f"{value:.2f}"
    return f"{value:.2f}"


def _ratio(values: list[float | None], data: float | None, label: str) -> str:
    if len(values) < 2 or label == "check / libyaml":
        return ""
    last, before = values[-1], values[-2]
    if last is None or not before:
        return ""
    ratio = last / before
    faster = data is not None and label.endswith("(s)") and ratio > data * FASTER
    return f"{ratio:.1f}×" + (" !" if faster else "")


def table(results: list[Result]) -> tuple[list[str], list[list[str]]]:
    headers = ["", *(f"{r.label} ({r.detail})" if r.detail else r.label for r in results)]
    found = rows(results)
    data_ratio = None
    if len(results) >= 2 and results[-2].files:
        data_ratio = results[-1].files / results[-2].files
        headers.append(f"{results[-1].label}/{results[-2].label}")
    body = []
    for label, values, kind in found:
        if all(v is None for v in values):
            continue
        line = [label, *(_cell(v, kind) for v in values)]
        if data_ratio is not None:
            line.append(_ratio(values, data_ratio, label))
        body.append(line)
    return headers, body


def text_table(headers: list[str], body: list[list[str]]) -> str:
    widths = [max(_width(line[i]) for line in [headers, *body]) for i in range(len(headers))]

    def one(line: list[str]) -> str:
        cells = [line[0] + " " * (widths[0] - _width(line[0]))]
        cells += [" " * (w - _width(c)) + c for c, w in zip(line[1:], widths[1:], strict=True)]
        return "  ".join(cells).rstrip()

    return "\n".join([one(headers), *(one(line) for line in body)])


def _width(text: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)  # Chinese characters take two columns


def markdown_table(headers: list[str], body: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(["---", *("---:" for _ in headers[1:])]) + "|"]
    lines += ["| " + " | ".join(line) + " |" for line in body]
    return "\n".join(lines)


def parse_size(name: str) -> tuple[str, int, int, int]:
    if name in SIZES:
        return (name, *SIZES[name])
    match = re.fullmatch(r"(\d+)x(\d+)x(\d+)", name)
    if not match:
        raise SystemExit(f"size {name!r}: one of {', '.join(SIZES)}, or people x customers x months like 8x120x3")
    people, customers, months = (int(n) for n in match.groups())
    return name, people, customers, months


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        data, folder, as_of = sys.argv[2:5]
        work = Path(folder)
        report = child_build(Path(data), work / "work", work / "site", date.fromisoformat(as_of))
        print(json.dumps(report))
        return
    if sys.argv[1:2] == ["--run"]:
        data, name, as_of = sys.argv[2:5]
        print(json.dumps({"seconds": child_run(name, Path(data), date.fromisoformat(as_of))}))
        return
    if sys.argv[1:2] == ["--preview"]:
        data, folder, as_of = sys.argv[2:5]
        print(json.dumps(child_preview(Path(data), Path(folder), date.fromisoformat(as_of))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", help="teams to generate: S, M, L or people x customers x months (default S,M,L)")
    parser.add_argument("--data", type=Path, action="append", default=[], help="an existing data folder to time")
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF, help="as-of date of the check and build")
    parser.add_argument("--repeat", type=int, default=2, help="check and baselines: best of this many runs")
    parser.add_argument(
        "--builds", type=int, default=1, help="builds, rebuilds and previews: each time the best of this many runs"
    )
    parser.add_argument("--parsers", default="", help=f"also time: {','.join(PARSERS)}")
    parser.add_argument("--no-build", action="store_true", help="time the check only")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown to this file")
    args = parser.parse_args()
    args.parsers = [p for p in args.parsers.split(",") if p in PARSERS]
    sizes = [parse_size(s) for s in (args.sizes or ("" if args.data else "S,M,L")).split(",") if s]
    line = machine()
    print(line, flush=True)
    results = [measure(root.name, "" if str(root) == root.name else str(root), root, args) for root in args.data]
    for label, people, customers, months in sizes:
        with tempfile.TemporaryDirectory(prefix="bench-data-") as folder:
            root = Path(folder) / "data"
            start = time.perf_counter()
            write_demo(root, DemoOptions(people, customers, months, AS_OF))
            seconds = time.perf_counter() - start
            shape = f"{people}×{customers}×{months}"
            named = label in SIZES
            results.append(measure(label if named else shape, shape if named else "", root, args, seconds))
    headers, body = table(results)
    print(text_table(headers, body))
    line += f" at the start, {_load_average()} at the end"
    print(line.split(";")[-1].strip())
    if args.markdown:
        note = "Teams are people × customers × months; seconds are wall-clock."
        if len(results) > 1:
            note += (
                f" {headers[-1]}: the last team's value ÷ the one before's; `!` where a time grows over "
                f"{FASTER}× faster than the data files."
            )
        args.markdown.write_text(f"{line}\n\n{markdown_table(headers, body)}\n\n{note}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
