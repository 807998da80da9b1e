"""Issue 14: no data value can forge output, and what is published is masked.

Each test writes a small demo team with `portal demo`, plants hostile values in it and
runs the real command line (`portal check`, `portal build`) in a child process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DEMO_AS_OF, portal

FORGED = "x\n::error file=README.md,line=1,title=Approved::Security review passed\n::add-mask::zhangwei"
FORGED_OTHER_BREAKS = "y\r::warning::carriage\u2028::error::separator\x85::notice::nel ##[add-mask]zhangwei"


def small_team(folder: Path) -> Path:
    data = folder / "data"
    run = portal("demo", "--out", str(data), "--people", "2", "--customers", "12", "--months", "1")
    assert run.code == 0, run.err
    return data


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(text)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value`."""
    return json.dumps(value, ensure_ascii=True)


@pytest.fixture(scope="module")
def forging_team(tmp_path_factory) -> Path:
    """Values holding workflow commands after line breaks, in places the check quotes them."""
    data = small_team(tmp_path_factory.mktemp("forging"))
    append(
        data / "customers" / "zhangwei.yaml",
        f"""  - id: f01
    name: {quoted(FORGED_OTHER_BREAKS)}
    class: {quoted("Z" + FORGED)}
    phone: {quoted(FORGED)}
  - id: f02
    name: {quoted(FORGED_OTHER_BREAKS)}
    class: C
    phone: {quoted(FORGED_OTHER_BREAKS)}
""",
    )
    (data / "logs" / "zhangwei" / "2026-11-16.yaml").write_text(
        f"date: {quoted('2026-11-16' + FORGED)}\n", encoding="utf-8"
    )
    return data


OWN_COMMAND = re.compile(r"::(error|warning) file=[^,:\s]+(,line=\d+,col=\d+)?,title=[a-z0-9-]+::")


@pytest.mark.parametrize("output", ["text", "json", "github", "gitlab"])
def test_no_data_value_starts_a_line_of_check_output_under_github_actions(forging_team, output):
    run = portal("check", "--data", str(forging_team), "--format", output, env={"GITHUB_ACTIONS": "true"})
    assert run.code == 1
    text = run.out + run.err
    assert "Security review passed" in text and "carriage" in text  # the values did reach the output
    lines = text.splitlines()  # splits at every line break Python knows, a superset of the runner's
    commands = [line for line in lines if line.lstrip().startswith("::")]
    for line in commands:
        assert OWN_COMMAND.match(line.lstrip()), line
    for line in lines:
        assert "##[" not in line, line
    if output in ("text", "github"):
        assert len(commands) >= 5  # the tool's own annotations are still there
    else:
        assert commands == []
    if output in ("json", "gitlab"):
        report = json.loads(run.out)
        assert any(FORGED in item.get("message", item.get("description", "")) for item in report)


def test_annotations_escape_values_as_github_requires(forging_team):
    run = portal("check", "--data", str(forging_team), "--format", "github")
    phone = next(line for line in run.out.splitlines() if "Security review passed" in line and "电话" in line)
    assert "x%0A::error file=README.md,line=1,title=Approved::Security review passed%0A::add-mask::zhangwei" in phone
