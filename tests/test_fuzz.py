"""Property: no mutation of valid files makes `portal` crash, misplace an error or spoil the site.

Valid demo files are mutated in their text (characters that matter to YAML inserted,
deleted or replaced) and in their structure (a value replaced by another scalar,
list or mapping; a key dropped or renamed), then checked in-process. The exit code
must be 0 or 1, every problem must lie in a file that exists, and a build either
builds or leaves the previous site untouched. The budget is short here; raise it
with PORTAL_FUZZ_EXAMPLES and PORTAL_FUZZ_BUILDS (see scripts/fuzz).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.cli import cli
from builder.schema import MAX_AMOUNT, MAX_COUNT
from conftest import DEMO_AS_OF, ROOT

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "40"))
BUILDS = int(os.environ.get("PORTAL_FUZZ_BUILDS", "2"))
SOURCES = (
    "team.yaml",
    "people.yaml",
    "customers/zhangwei.yaml",
    "logs/zhangwei/2026-11-19.yaml",
    "plans/zhangwei/2026-W47.yaml",
    "plans/zhangwei/2026-11.yaml",
)
YAML_CHARACTERS = [*":-?[]{},&*!|>'\"%@`#\t\n \x00\x07\ufeff\u2028", "0", "1e999", ".nan", "true", "张", "9" * 30]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2026-02-30", "9999-12-31", "0001-01-01", "10:00", "25:99", "CON", "c001", "zhangwei", "x" * 300]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)

# A build on a laptop, whatever the test runs in: CI's refusal to publish is tested in test_private.py.
LOCAL = dict.fromkeys(("CI", "GITHUB_ACTIONS", "GITLAB_CI", "PORTAL_SITE_PASSWORD", "PORTAL_FEED_KEY"))


def _paths(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [loc]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _paths(value, (*loc, i))
    return found


def _mutate_tree(data: Any, draw: Any) -> Any:
    paths = _paths(data)
    loc = draw(st.sampled_from(paths))
    replacement = draw(VALUES)
    if not loc:
        return replacement
    parent = data
    for part in loc[:-1]:
        parent = parent[part]
    action = draw(st.sampled_from(["replace", "drop", "rename"]))
    if action == "drop" or (action == "rename" and isinstance(parent, list)):
        del parent[loc[-1]]
    elif action == "rename":
        parent[draw(st.text(max_size=8))] = parent.pop(loc[-1])
    else:
        parent[loc[-1]] = replacement
    return data


EXTREMES = st.one_of(
    st.integers(0, MAX_COUNT),
    st.floats(0, MAX_AMOUNT),
    st.sampled_from([0, 1, MAX_COUNT, MAX_AMOUNT, 1e-300, 1e300, -1e300, 5e-324]),
)
ODD_NAMES = (
    "logs/zhangwei/9999-12-31.yaml",
    "logs/zhangwei/0001-01-01.yaml",
    "plans/zhangwei/2026-W53.yaml",
    "plans/zhangwei/2100-12.yaml",
    "logs/zhangwei/2026-11-19.yml",
    "logs/ZhangWei/2026-11-19.yaml",
    "customers/CON.yaml",
)


def _numbers_changed(data: Any, draw: Any) -> Any:
    """Every number replaced by an extreme one that the schema may still accept (the build then runs)."""
    if isinstance(data, dict):
        return {key: _numbers_changed(value, draw) for key, value in data.items()}
    if isinstance(data, list):
        return [_numbers_changed(value, draw) for value in data]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return draw(EXTREMES)
    return data


@st.composite
def mutations(draw: Any) -> tuple[str, bytes]:
    name = draw(st.sampled_from(SOURCES))
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    how = draw(st.sampled_from(["tree", "text", "numbers", "name"]))
    if how == "numbers":
        data = _numbers_changed(yaml.safe_load(text), draw)
        return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    if how == "name":
        return draw(st.sampled_from(ODD_NAMES)), text.encode("utf-8")
    if how == "tree":
        data = _mutate_tree(yaml.safe_load(text), draw)
        try:
            return name, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
        except (yaml.YAMLError, ValueError):
            return name, text.encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        cut = draw(st.integers(0, 3))
        text = text[:at] + draw(st.sampled_from([*YAML_CHARACTERS, ""])) + text[at + cut :]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "gbk"]))
    return name, text.encode(encoding, errors="replace")


def _team(folder: Path, name: str, content: bytes) -> Path:
    data = folder / "data"
    for source in SOURCES:
        (data / source).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "data" / source, data / source)
    (data / name).parent.mkdir(parents=True, exist_ok=True)
    (data / name).write_bytes(content)
    return data


def _check(data: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["check", "--data", str(data), "--as-of", DEMO_AS_OF, "--format", "json"], env=LOCAL
    )
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exc_info)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    problems = json.loads(result.stdout)
    assert (result.exit_code == 1) == any(p["severity"] == "error" for p in problems)
    return problems


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=EXAMPLES <= 40)
@given(mutations())
def test_no_mutation_of_valid_files_crashes_the_check_or_misplaces_an_error(mutation):
    name, content = mutation
    with tempfile.TemporaryDirectory() as folder:
        data = _team(Path(folder), name, content)
        for problem in _check(data):
            where = Path(problem["path"])
            # a folder is the place of a problem about the folder (two names differing in case)
            assert where.exists() or problem["code"] == "missing-file", problem
            assert problem["code"] != "internal-error", json.dumps(problem, ensure_ascii=False)
            assert data.resolve() in where.resolve().parents or problem["code"] == "missing-file", problem


@settings(max_examples=BUILDS, deadline=None, suppress_health_check=list(HealthCheck), derandomize=BUILDS <= 2)
@given(mutations())
@example((SOURCES[3], (ROOT / "data" / SOURCES[3]).read_bytes()))
def test_a_build_of_mutated_files_builds_or_leaves_the_previous_site_untouched(mutation):
    name, content = mutation
    with tempfile.TemporaryDirectory() as folder:
        data = _team(Path(folder), name, content)
        site = Path(folder) / "site"
        site.mkdir()
        (site / "index.html").write_text("previous", encoding="utf-8")
        (site / ".portal-site").write_text("", encoding="utf-8")  # a site the portal wrote
        arguments = ["build", "--data", str(data), "--site", str(site), "--as-of", DEMO_AS_OF]
        shutil.copytree(ROOT / "content", Path(folder) / "content")
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        config = config.replace("builder/site/search_hook.py", str(ROOT / "builder" / "site" / "search_hook.py"))
        (Path(folder) / "mkdocs.yml").write_text(config, encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            result = CliRunner().invoke(cli, arguments, env=LOCAL)
        finally:
            os.chdir(cwd)
        assert result.exit_code in (0, 1), (result.output, result.exc_info)
        assert "生成网站失败" not in result.output, result.output
        if name == SOURCES[3] and content == (ROOT / "data" / name).read_bytes():
            assert result.exit_code == 0, result.output  # the unchanged team builds
        if result.exit_code == 0:
            assert (site / "index.html").read_text(encoding="utf-8") != "previous"
        else:
            assert (site / "index.html").read_text(encoding="utf-8") == "previous"
            assert sorted(p.name for p in site.iterdir()) == [".portal-site", "index.html"]
