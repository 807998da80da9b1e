"""`portal init`: a new team's repository, ready to check, build and publish.

It holds the team's data (one file of each kind, in its trade's words, passing the
check), the site's look (mkdocs.yml), a page of its own in content/, the CI files for
GitHub and GitLab, the pre-commit hook and the editor schemas made for the team.
"""

from __future__ import annotations

from datetime import date
from importlib.metadata import version
from pathlib import Path

from builder import profiles
from builder.editor_schema import json_schemas
from builder.init.examples import examples, team_file
from builder.schema import Team

TEMPLATES = Path(__file__).resolve().parent / "templates"
PACKAGE = "account-manager-portal"
THIS_REPOSITORY = {  # the dependencies locked with hashes, the build backend included (see README)
    "install": "python -m pip install --require-hashes --no-deps -r requirements/publish.txt"
    " && python -m pip install --no-deps --no-build-isolation -e .",
    "cache_path": "requirements/publish.txt",
}
TEAM_REPOSITORY = {"install": "python -m pip install -r requirements.txt", "cache_path": "requirements.txt"}


class InitError(Exception):
    pass


def ci_files(how: dict[str, str]) -> dict[str, str]:
    """The CI and editor files, for a repository that installs the portal as `how` says."""
    found = {}
    for template, target in (
        ("publish.yml", ".github/workflows/publish.yml"),
        ("gitlab-ci.yml", ".gitlab-ci.yml"),
        ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
        ("vscode-settings.json", ".vscode/settings.json"),
    ):
        text = (TEMPLATES / template).read_text(encoding="utf-8")
        for key, value in how.items():
            text = text.replace("{{ " + key + " }}", value)
        found[target] = text
    return found


def team_of(profile: str, name: str, organisation: str, start: date) -> Team:
    base = profiles.profile(profile)
    if base is None:
        raise InitError(f"没有团队类型 '{profile}'，可选：" + "、".join(profiles.names()))
    return Team.model_validate({**base, "profile": profile, "name": name, "organisation": organisation, "start": start})


def files(profile: str, name: str | None, organisation: str | None, day: date) -> dict[str, str]:
    """Every file of a new team's repository, by path."""
    example = profiles.example(profile)
    team = team_of(profile, name or example["team"], organisation or example["organisation"], day)
    label = profiles.title(profile)
    found = {"data/team.yaml": team_file(team, label, day)}
    found.update({f"data/{path}": text for path, text in examples(team, example, day).items()})
    found.update({f"schemas/{n}": text for n, text in json_schemas(team).items()})
    found.update(ci_files(TEAM_REPOSITORY))
    found["mkdocs.yml"] = (TEMPLATES / "mkdocs.yml").read_text(encoding="utf-8")
    found["requirements.txt"] = (
        "# 门户程序的安装来源：默认从软件包源安装这个版本；单位有内部源或 git 仓库时改写这一行\n"
        f"{PACKAGE}=={version(PACKAGE)}\n"
    )
    for door in ("nginx.conf", "Caddyfile"):
        found[f"deploy/{door}"] = (TEMPLATES / door).read_text(encoding="utf-8")
    found[".gitignore"] = "/site/\n/build/\n__pycache__/\n.venv/\n"
    found["content/team.md"] = (TEMPLATES / "team.md").read_text(encoding="utf-8").replace("{{ name }}", team.name)
    found["README.md"] = (
        (TEMPLATES / "README.md")
        .read_text(encoding="utf-8")
        .replace("{{ name }}", team.name)
        .replace("{{ label }}", label)
    )
    return found


def create(folder: Path, profile: str, name: str | None, organisation: str | None, day: date) -> list[Path]:
    """Write a new team's repository into `folder`, which must be empty or not exist yet."""
    if folder.exists() and any(folder.iterdir()):
        raise InitError(f"{folder} 不是空文件夹；请换一个新文件夹")
    written = []
    for relative, text in sorted(files(profile, name, organisation, day).items()):
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
