"""Pack the YAML test suite's cases into tests/yaml_suite/cases.json for tests/test_yaml_suite.py.

Usage: python scripts/vendor_yaml_suite.py <a checkout of github.com/yaml/yaml-test-suite's data branch>
Each case keeps its name (===), its input (in.yaml), its expected value (in.json, when the suite
gives one) and whether it is an error case; nothing else of the suite is used.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(suite: Path) -> None:
    cases = {}
    for source in sorted(suite.rglob("in.yaml")):
        folder = source.parent
        name = folder / "==="
        expected = folder / "in.json"
        cases[folder.relative_to(suite).as_posix()] = {
            "name": name.read_text(encoding="utf-8").strip() if name.is_file() else "",
            "yaml": source.read_text(encoding="utf-8"),
            "json": expected.read_text(encoding="utf-8") if expected.is_file() else None,
            "error": (folder / "error").is_file(),
        }
    target = Path(__file__).resolve().parent.parent / "tests" / "yaml_suite" / "cases.json"
    target.write_text(json.dumps(cases, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
