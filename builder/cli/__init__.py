"""The `portal` command: the group with its commands, and the entry point."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from builder.cli.authoring import feeds_command, new_group, review_command
from builder.cli.checking import build_command, check_command, serve_command
from builder.cli.common import ChineseGroup
from builder.cli.importing import import_group
from builder.cli.repository import demo_command, init_command, schema_command, upgrade_command
from builder.problems import one_line


@click.group(
    cls=ChineseGroup,
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 100, "max_content_width": 100},
)
@click.version_option(package_name="account-manager-portal", help="显示版本并退出。")
def cli() -> None:
    """客户经理团队门户：检查数据、生成网站和日历订阅。"""


cli.add_command(check_command)
cli.add_command(schema_command)
cli.add_command(init_command)
cli.add_command(upgrade_command)
cli.add_command(demo_command)
cli.add_command(build_command)
cli.add_command(serve_command)
cli.add_command(feeds_command)
cli.add_command(new_group)
cli.add_command(review_command)
cli.add_command(import_group)


INTERNAL_ERROR = 3


def help_texts() -> dict[str, str]:
    """What `portal … --help` prints for every command, by the words after `portal` ("new log" …):
    the how-to pages show them."""
    found: dict[str, str] = {}

    def walk(command: click.Command, name: str, parent: click.Context | None, words: tuple[str, ...]) -> None:
        ctx = click.Context(command, info_name=name, parent=parent, **command.context_settings)
        if words:
            found[" ".join(words)] = command.get_help(ctx) + "\n"
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                walk(sub, sub_name, ctx, (*words, sub_name))

    walk(cli, "portal", None, ())
    return found


def main() -> None:
    """Entry point: exit 0 clean, 1 data errors, 2 usage, 3 a bug of the portal's, said in one line
    (with its traceback under PORTAL_DEBUG=1)."""
    try:
        cli(prog_name="portal", standalone_mode=True)
    except Exception as exc:
        if os.environ.get("PORTAL_DEBUG"):
            traceback.print_exc()
        else:
            click.echo(
                f"portal: 抱歉，这是门户程序自己的错误，不是数据的问题（{one_line(repr(exc))}，在 {_where(exc)}）。"
                "请设置环境变量 PORTAL_DEBUG=1 再运行同一条命令，把输出连同门户版本（portal --version）"
                "发给维护门户的同事。",
                err=True,
            )
        sys.exit(INTERNAL_ERROR)


def _where(exc: BaseException) -> str:
    """The innermost frame of the portal's own code, as builder/…/file.py:line."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "builder" in Path(f.filename).parts]
    if not frames:
        return "门户之外的代码"
    parts = Path(frames[-1].filename).parts
    return "/".join(parts[len(parts) - 1 - parts[::-1].index("builder") :]) + f":{frames[-1].lineno}"
