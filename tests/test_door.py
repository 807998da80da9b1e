"""Issue 29, items 4 to 6: the publish guard judges the CI and the host, not the data alone; secrets
are judged by how many guesses they take; the sealed site's salt is the team's own; feed addresses
stay out of CI logs; the preview answers only its own host names."""

from __future__ import annotations

import http.client
import json
import shutil

import pytest
from test_serve import _serve, _wait_for

from builder.ci import runner
from builder.feeds.addresses import FeedKey, FeedKeyError
from builder.site.private import PasswordError, Sealer
from conftest import portal, write_files

KEY = "5f0c2a9e8b7d41c6a3e2f19d0b8c7a6e5d4c3b2a19f8e7d6c5b4a3928170f6e5"  # as openssl rand -hex 32 gives
OTHER_KEY = "c0ffee4e2d1b8a7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918070"
PASSWORD = "晨会八点 correct horse"


@pytest.mark.parametrize(
    ("env", "name", "review", "public"),
    [
        ({"CI": "true"}, "CI", False, None),
        ({"CI": "1"}, "CI", False, None),
        ({"CI": "false"}, None, None, None),
        ({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push"}, "GitHub Actions", False, None),
        ({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"}, "GitHub Actions", True, None),
        ({"GITHUB_ACTIONS": "true", "GITEA_ACTIONS": "true"}, "Gitea Actions", False, None),
        ({"GITHUB_ACTIONS": "true", "FORGEJO_ACTIONS": "true"}, "Forgejo Actions", False, None),
        ({"GITLAB_CI": "true", "CI_PROJECT_VISIBILITY": "public"}, "GitLab CI", False, True),
        ({"GITLAB_CI": "true", "CI_PROJECT_VISIBILITY": "private"}, "GitLab CI", False, False),
        ({"GITLAB_CI": "true", "CI_PIPELINE_SOURCE": "merge_request_event"}, "GitLab CI", True, None),
        ({"JENKINS_URL": "https://ci.example/"}, "Jenkins", False, None),
        ({"JENKINS_URL": "https://ci.example/", "CHANGE_ID": "42"}, "Jenkins", True, None),
        (
            {"CI": "woodpecker", "CI_PIPELINE_EVENT": "pull_request", "CI_REPO_PRIVATE": "true"},
            "Woodpecker",
            True,
            False,
        ),
        ({"DRONE": "true", "DRONE_REPO_PRIVATE": "false"}, "Drone", False, True),
    ],
)
def test_every_ci_is_recognised_with_its_reviews_and_the_repository_visibility(env, name, review, public):
    found = runner(env)
    assert (found and found.name, found and found.review, found and found.public) == (name, review, public)


def test_the_github_event_says_whether_the_repository_is_public(tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": False}}), encoding="utf-8")
    found = runner({"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "schedule", "GITHUB_EVENT_PATH": str(event)})
    assert found is not None and found.public is True and found.github


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "123456789012", "zhangwei2026", "abcdefghijkl"])
def test_a_password_that_is_long_enough_but_easy_to_guess_is_refused(password):
    with pytest.raises(PasswordError, match="太容易猜"):
        Sealer.for_team(password, "城东支行", b"0" * 16, ["zhangwei", "张伟"])


@pytest.mark.parametrize("key", ["a" * 32, "f" * 40, "0123456789abcdef" * 3])
def test_a_feed_key_without_enough_randomness_is_refused(key):
    with pytest.raises(FeedKeyError, match="太容易猜"):
        FeedKey.from_environment(key)


def test_the_site_salt_is_the_teams_own_not_its_name():
    same_name = {FeedKey.from_environment(k).site_salt("城东支行") for k in (KEY, OTHER_KEY)}
    assert len(same_name) == 2  # two teams both called 城东支行 (portal init's default) do not share one
    assert Sealer.for_team(PASSWORD, "城东支行", FeedKey.from_environment(KEY).site_salt("城东支行")).salt in same_name


@pytest.fixture
def small_team(tmp_path):
    from test_derive import FILES

    return write_files(tmp_path / "data", FILES)


def _build(data, site, env):
    return portal("build", "--data", str(data), "--site", str(site), "--as-of", "2026-11-06", env=env)


def test_a_public_data_repository_is_not_published_from(tmp_path, small_team):
    site = tmp_path / "site"
    secrets = {"PORTAL_SITE_PASSWORD": PASSWORD, "PORTAL_FEED_KEY": KEY}
    run = _build(small_team, site, {"GITLAB_CI": "true", "CI_PROJECT_VISIBILITY": "public"} | secrets)
    assert run.code == 1 and "数据仓库是公开的" in run.err and "GitLab CI" in run.err and not site.exists()
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": True}}), encoding="utf-8")
    github = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(event)}
    assert _build(small_team, site, github | secrets).code == 0


def test_protected_by_host_needs_the_ci_to_name_a_door_that_can_ask_for_a_login(tmp_path, small_team):
    team = small_team / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "publish: {protected_by_host: true}\n", encoding="utf-8")
    site = tmp_path / "site"
    ci = {"JENKINS_URL": "https://ci.example/", "PORTAL_FEED_KEY": KEY}
    run = _build(small_team, site, ci)
    assert run.code == 1 and "PORTAL_SITE_DOOR" in run.err and not site.exists()
    run = _build(small_team, site, ci | {"PORTAL_SITE_DOOR": "github-pages"})
    assert run.code == 1 and "不能要求登录" in run.err and not site.exists()
    assert _build(small_team, site, ci | {"PORTAL_SITE_DOOR": "nginx-basic-auth"}).code == 0
    shutil.rmtree(site)
    run = _build(small_team, site, ci | {"PORTAL_SITE_DOOR": "nginx-basic-auth", "PORTAL_FEED_KEY": "a" * 32})
    assert run.code == 1 and "PORTAL_FEED_KEY 太容易猜" in run.err and "Traceback" not in run.err


def test_feed_addresses_are_not_printed_into_a_ci_log_unless_asked(small_team):
    env = {"CI": "true", "PORTAL_FEED_KEY": KEY}
    run = portal("feeds", "--data", str(small_team), env=env)
    assert run.code == 1 and "CI 日志" in run.err and "feeds/" not in run.out
    token = FeedKey.from_environment(KEY).token("team")
    run = portal("feeds", "--data", str(small_team), "--into-ci-log", env=env)
    assert run.code == 0 and f"feeds/{token}/" in run.out
    assert portal("feeds", "--data", str(small_team), env={"PORTAL_FEED_KEY": KEY}).code == 0  # a laptop


def test_the_preview_answers_only_its_own_host_names(tmp_path, small_team):
    server, port = _serve(small_team, "2026-11-06", tmp_path / "serve.log")
    try:
        assert _wait_for(f"http://127.0.0.1:{port}/", "<html"), (tmp_path / "serve.log").read_text(encoding="utf-8")

        def status(host: str) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/", headers={"Host": host})
            code = connection.getresponse().status
            connection.close()
            return code

        assert status(f"127.0.0.1:{port}") == 200 and status(f"localhost:{port}") == 200
        assert status(f"rebind.attacker.example:{port}") == 421  # a name pointed at this machine by another site
        assert status("attacker.example") == 421
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_changed_site_url_is_called_out_against_the_base(tmp_path, small_team):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    team = small_team / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8") + "site_url: https://portal.example.cn/\n", encoding="utf-8")
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "data")
    same = portal("check", "--data", str(small_team), "--base", "HEAD")
    assert same.code == 0 and "site-url" not in same.out and "site_url" not in same.out
    text = team.read_text(encoding="utf-8").replace("portal.example.cn", "team.example.cn")
    team.write_text(text, encoding="utf-8")
    line = text.splitlines().index("site_url: https://team.example.cn/") + 1
    moved = portal("check", "--data", str(small_team), "--base", "HEAD", "--format", "github")
    assert moved.code == 0  # a warning: the change may be meant
    assert (
        f"line={line}" in moved.out
        and "site_url 从 https://portal.example.cn/ 改为 https://team.example.cn/" in moved.out
    )
    unreadable = portal("check", "--data", str(small_team), "--base", "HEAD~5")
    assert unreadable.code == 0 and "无法比较 site_url" in unreadable.out
