"""Which CI runs this build, from the variables every CI sets: whether it reviews a change (a pull or
merge request, which must not publish), whether the data repository is public, and the door the
team says stands in front of the site (PORTAL_SITE_DOOR)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

NOT_TRUE = ("", "0", "false", "no", "off")
DOOR = "PORTAL_SITE_DOOR"  # the CI variable naming the host's door when team.yaml says protected_by_host
NO_DOOR = ("github-pages",)  # hosts that cannot ask for a login


@dataclass(frozen=True)
class Runner:
    name: str  # as the messages name it
    review: bool  # a pull or merge request: it checks and builds, never publishes
    public: bool | None  # whether the data repository is public, where the CI tells
    github: bool = False  # GitHub Actions itself (not Gitea or Forgejo): it publishes to GitHub Pages


def _github(env: Mapping[str, str]) -> Runner:
    """GitHub Actions, and Gitea and Forgejo Actions, which set the same variables."""
    review = env.get("GITHUB_EVENT_NAME", "") in ("pull_request", "pull_request_target")
    name = (
        "Gitea Actions" if _true(env, "GITEA_ACTIONS") else "Forgejo Actions" if _true(env, "FORGEJO_ACTIONS") else ""
    )
    public = None
    try:  # the event's payload names the repository and says whether it is private
        event = json.loads(Path(env.get("GITHUB_EVENT_PATH", "")).read_text(encoding="utf-8"))
        repository = event.get("repository") if isinstance(event, dict) else None
        if isinstance(repository, dict) and isinstance(repository.get("private"), bool):
            public = not repository["private"]
    except (OSError, ValueError):
        pass
    return Runner(name or "GitHub Actions", review, public, github=not name)


def _true(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() not in NOT_TRUE


def _visibility(value: str | None) -> bool | None:
    return None if value is None else value.lower() in ("public", "false")


def runner(env: Mapping[str, str]) -> Runner | None:
    """The CI this build runs in, or None on a person's machine."""
    if _true(env, "GITHUB_ACTIONS"):
        return _github(env)
    if _true(env, "GITLAB_CI"):
        review = env.get("CI_PIPELINE_SOURCE") in ("merge_request_event", "external_pull_request_event")
        return Runner("GitLab CI", review, _visibility(env.get("CI_PROJECT_VISIBILITY")))
    if env.get("JENKINS_URL"):
        return Runner("Jenkins", bool(env.get("CHANGE_ID")), None)  # CHANGE_ID: a multibranch pull request
    if env.get("CI") == "woodpecker" or env.get("WOODPECKER_URL"):
        review = env.get("CI_PIPELINE_EVENT") == "pull_request"
        return Runner("Woodpecker", review, _visibility(env.get("CI_REPO_PRIVATE")))
    if _true(env, "DRONE"):
        return Runner(
            "Drone", env.get("DRONE_BUILD_EVENT") == "pull_request", _visibility(env.get("DRONE_REPO_PRIVATE"))
        )
    if _true(env, "CI"):
        return Runner("CI", False, None)
    return None
