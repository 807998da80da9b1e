"""Commands for the team's people: their calendar feeds, a new log or plan, and the supervisor's review."""

from __future__ import annotations

import os
import sys
from datetime import date, timedelta
from pathlib import Path

import click

from builder import pipeline
from builder.ci import runner
from builder.cli.common import (
    AsOf,
    ChineseCommand,
    ChineseGroup,
    as_of_option,
    checked_for_writing,
    data_option,
    fail,
    report_problems,
)
from builder.feeds.addresses import FeedKey, FeedKeyError
from builder.problems import errors, one_line

IN_CI_LOG = (
    "在 CI（{ci}）中不列出订阅地址：它们会留在 CI 日志里，有仓库权限的人都能看到、都能订阅。"
    "请在自己的电脑上设置 PORTAL_FEED_KEY 后运行 portal feeds；确实要写进日志，加 --into-ci-log。"
)


@click.command("feeds", cls=ChineseCommand)
@data_option
@click.option("--into-ci-log", is_flag=True, help="在 CI 中也列出地址（地址会留在 CI 日志里）。")
def feeds_command(data_dir: Path, into_ci_log: bool) -> None:
    """列出每个人的日历订阅地址（由环境变量 PORTAL_FEED_KEY 生成），供分发给本人。"""
    from builder.feeds import planned_feeds

    ci = runner(os.environ)
    if ci is not None and not into_ci_log:
        click.echo(f"portal: {IN_CI_LOG.format(ci=ci.name)}", err=True)
        sys.exit(1)
    checked = pipeline.check(data_dir, None)
    team = checked.dataset.team
    if team is None:
        report_problems(errors(checked.problems))
        sys.exit(1)
    try:
        key = FeedKey.from_environment(os.environ.get("PORTAL_FEED_KEY"))
    except FeedKeyError as exc:
        fail(exc)
    if key.development:
        click.echo(
            "注意：没有设置 PORTAL_FEED_KEY，下面是开发密钥生成的地址，有仓库的人都能算出；"
            "发布用的地址请在设置了 PORTAL_FEED_KEY 的环境中运行本命令。",
            err=True,
        )
    base = team.site_url.rstrip("/") + "/" if team.site_url else ""
    for plan in planned_feeds(team, checked.dataset.people):
        click.echo(f"{one_line(plan.name)}\t{one_line(base + key.path(plan.owner, plan.file))}")


@click.group("new", cls=ChineseGroup)
def new_group() -> None:
    """新建当天的日志或下周的计划（已有的文件不会被覆盖）。"""


@new_group.command("log")
@click.option("--person", help="经理编号；默认按 git 的 user.email 在 people.yaml 中查找。")
@click.option("--date", "day", type=AsOf(), default=None, help="日志日期，默认今天。")
@click.option("--empty", is_flag=True, help="当天没有计划拜访时也新建（不带入拜访）。")
@data_option
def new_log_command(person: str | None, day: date | None, empty: bool, data_dir: Path) -> None:
    """新建一天的日志，带入周计划中当天的拜访和次日计划。"""
    from builder.author import AuthorError, new_log, person_of

    checked = checked_for_writing(data_dir, day)
    try:
        who = person_of(checked.dataset, person, data_dir)
        path = new_log(checked.dataset, data_dir, who, day or checked.as_of, empty=empty)
    except AuthorError as exc:
        fail(exc)
    click.echo(f"已新建 {path.as_posix()}，填好后提交。")


@new_group.command("plan")
@click.option("--person", help="经理编号；默认按 git 的 user.email 在 people.yaml 中查找。")
@click.option("--week", help="ISO 周，如 2026-W48；默认下周。")
@data_option
@as_of_option
def new_plan_command(person: str | None, week: str | None, data_dir: Path, as_of: date | None) -> None:
    """新建一周的计划，按团队规则带入到期、逾期、待跟进和合同将到期的客户，按片区分到各天。"""
    from builder.author import AuthorError, person_of, week_of
    from builder.new_plan import new_plan

    checked = checked_for_writing(data_dir, as_of)
    try:
        who = person_of(checked.dataset, person, data_dir)
        if week is None:
            year, number, _ = (checked.as_of + timedelta(days=7)).isocalendar()
        else:
            year, number = week_of(week)
        path = new_plan(checked.dataset, data_dir, who, year, number, checked.as_of)
    except AuthorError as exc:
        fail(exc)
    click.echo(f"已新建 {path.as_posix()}，调整后提交。")


@click.command("review", cls=ChineseCommand)
@click.option("--person", required=True, help="被审阅的经理编号。")
@click.option("--week", required=True, help="ISO 周，如 2026-W47。")
@click.option("--by", "by", required=True, help="审阅人的编号（people.yaml 中 role 为 supervisor）。")
@click.option("--comment", default="", help="批注（写入这一周的每篇日志）。")
@click.option("--date", "day", type=AsOf(), default=None, help="审阅日期，默认今天。")
@click.option("--force", is_flag=True, help="已审阅的日志也重新签字。")
@data_option
def review_command(
    person: str, week: str, by: str, comment: str, day: date | None, force: bool, data_dir: Path
) -> None:
    """签字确认一周的日志：在每篇日志中写入 review（只改这一段，其余内容和注释原样保留）。"""
    from builder.author import AuthorError, person_of, review, week_of

    checked = checked_for_writing(data_dir, day)
    try:
        who = person_of(checked.dataset, person, data_dir)
        year, number = week_of(week)
        done = review(checked.dataset, who, year, number, by, day or checked.as_of, comment, force=force)
    except AuthorError as exc:
        fail(exc)
    for path in done.signed:
        click.echo(f"已签字 {path.as_posix()}")
    for path in done.skipped:
        click.echo(f"已审阅过，跳过 {path.as_posix()}（要重新签字加 --force）")
