"""What the commands of `portal` share: option types and options, help in Chinese, reporting problems."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from builder import pipeline
from builder.model import Checked
from builder.problems import Problem, errors, format_github, format_text, one_line


class AsOf(click.ParamType[date]):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' 不是 YYYY-MM-DD 格式的日期", param, ctx)


def _data_folder(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    if not value.is_dir():
        raise click.BadParameter(f"找不到数据文件夹 {value}（用 --data 指定）", ctx, param)
    return value


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    callback=_data_folder,
    help="数据文件夹。",
)


def _config_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """mkdocs.yml when there is one; a file named with --config must exist."""
    if value is None:
        return Path("mkdocs.yml")
    if not value.is_file():
        raise click.BadParameter(f"找不到 MkDocs 设置文件 {value}", ctx, param)
    return value


config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=_config_file,
    help="网站外观的 MkDocs 设置，默认 mkdocs.yml（可选，没有时用门户的默认设置）。",
)
as_of_option = click.option(
    "--as-of",
    type=AsOf(),
    default=None,
    help="按哪一天计算“本周”“逾期”等，默认团队时区的今天。",
)


class _Chinese:
    """Commands whose -h/--help and --version lines are in Chinese too."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "显示这段帮助并退出。"
        return option


class ChineseCommand(_Chinese, click.Command):
    pass


class ChineseGroup(_Chinese, click.Group):
    command_class = ChineseCommand


ChineseGroup.group_class = ChineseGroup


def report_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(format_text(problem), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(format_github(problem))


def fail(exc: Exception) -> None:
    click.echo(f"portal: {one_line(str(exc))}", err=True)
    sys.exit(1)


def checked_for_writing(data_dir: Path, as_of: date | None) -> Checked:
    """The data must be readable (no errors) before a command writes into it."""
    checked = pipeline.check(data_dir, as_of)
    if checked.dataset.team is None or errors(checked.problems):
        report_problems(errors(checked.problems))
        click.echo("数据有错误，请先改正（portal check），再运行这个命令。", err=True)
        sys.exit(1)
    return checked
