"""`portal init` and `portal upgrade`: a team's repository, ready to check, build and publish.

It holds the team's data (one file of each kind, in its trade's words, passing the
check), the site's look (mkdocs.yml), a page of its own in content/, the CI files for
GitHub and GitLab, the pre-commit hook, the editor schemas made for the team, the host
doors, and this portal release itself, pinned by hash (release.py), so the repository
installs the same portal on every machine that reaches a package mirror.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from builder import profiles
from builder.editor_schema import json_schemas
from builder.init import git
from builder.init.examples import examples, team_file
from builder.init.release import FOLDER, INSTALL, Wheel, install_files, version
from builder.labels import Words
from builder.schema import Team

TEMPLATES = Path(__file__).resolve().parent / "templates"
THIS_REPOSITORY = {  # the portal's own repository: the same locks, then this checkout (see README)
    "install": "python -m pip install --require-hashes -r builder/init/locks/build.txt"
    " && python -m pip install --require-hashes --no-build-isolation -r builder/init/locks/portal.txt"
    " && python -m pip install --no-deps --no-build-isolation -e .",
    "cache_path": "builder/init/locks/portal.txt",
}
TEAM_REPOSITORY = {"install": INSTALL, "cache_path": "requirements.txt"}
Files = dict[str, str | bytes]


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
        found[target] = _fill(template, how)
    return found


def _fill(template: str, values: dict[str, str]) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{ " + key + " }}", value)
    return text


def team_of(profile: str, name: str, organisation: str, start: date) -> Team:
    base = profiles.profile(profile)
    if base is None:
        raise InitError(f"没有团队类型 '{profile}'，可选：" + "、".join(profiles.names()))
    return Team.model_validate({**base, "profile": profile, "name": name, "organisation": organisation, "start": start})


def files(profile: str, name: str | None, organisation: str | None, day: date, wheel: Wheel) -> Files:
    """Every file of a new team's repository, by path."""
    example = profiles.example(profile)
    team = team_of(profile, name or example["team"], organisation or example["organisation"], day)
    label = profiles.title(profile)
    found: Files = {"data/team.yaml": team_file(team, label, day)}
    found.update({f"data/{path}": text for path, text in examples(team, example, day).items()})
    found.update(managed(team, wheel))
    found["mkdocs.yml"] = (TEMPLATES / "mkdocs.yml").read_text(encoding="utf-8")
    for door in ("nginx.conf", "Caddyfile"):
        found[f"deploy/{door}"] = (TEMPLATES / door).read_text(encoding="utf-8")
    found[".gitignore"] = "/site/\n/build/\n/public/\n__pycache__/\n.venv/\n"
    found[".gitattributes"] = "*.whl binary\n"  # git never touches the wheel's bytes, so its hash holds
    found["content/team.md"] = _fill("team.md", {"name": team.name})
    words = Words(team)
    shown = {"name": team.name, "label": label, "install": INSTALL}
    shown.update((key, words(key)) for key in ("manager", "customer"))
    found["README.md"] = _fill("README.md", shown)
    return found


def managed(team: Team | None, wheel: Wheel) -> Files:
    """What follows the portal's release, and `portal upgrade` writes anew: the install, CI, schemas."""
    found: Files = dict(install_files(wheel))
    found.update(ci_files(TEAM_REPOSITORY))
    found.update({f"schemas/{n}": text for n, text in json_schemas(team).items()})
    return found


def create(folder: Path, profile: str, name: str | None, organisation: str | None, day: date, wheel: Wheel) -> str:
    """Write a new team's repository into `folder` (empty or not there yet) and commit it; says how git went."""
    if folder.exists() and any(folder.iterdir()):
        raise InitError(f"{folder.as_posix()} 不是空文件夹；请换一个新文件夹")
    for relative, content in sorted(files(profile, name, organisation, day, wheel).items()):
        _write(folder / relative, content)
    return git.first_commit(folder, f"新建团队仓库（门户 {version()}）")


def upgrade(repository: Path, team: Team | None, wheel: Wheel) -> tuple[list[str], str]:
    """Move a team's repository to the running portal: the paths changed, and how git went."""
    if not (repository / "data" / "team.yaml").is_file():
        raise InitError(
            f"{repository.as_posix()} 不是团队仓库（没有 data/team.yaml）；在团队仓库的根目录运行，或用 --repo 指定"
        )
    new = managed(team, wheel)
    stale = [p for p in (repository / FOLDER).glob("*.whl") if f"{FOLDER}/{p.name}" not in new]
    changed = [path for path, content in sorted(new.items()) if _read(repository / path) != _bytes(content)]
    changed += [f"{FOLDER}/{p.name}" for p in stale]
    if not changed:
        return [], ""
    for relative in changed:
        if relative in new:
            _write(repository / relative, new[relative])
    for old in stale:
        old.unlink()
    return changed, git.commit_upgrade(repository, changed, version())


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_bytes(content))
