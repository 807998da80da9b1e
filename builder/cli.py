"""The `portal` command."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date
from pathlib import Path

import click

from builder import pipeline
from builder.problems import (
    Problem,
    errors,
    format_github,
    format_json,
    format_text,
    summary,
)


class AsOf(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' 不是 YYYY-MM-DD 格式的日期", param, ctx)


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="数据文件夹。",
)
as_of_option = click.option(
    "--as-of",
    type=AsOf(),
    default=None,
    help="按哪一天计算“本周”“逾期”等，默认团队时区的今天。",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="account-manager-portal")
def cli() -> None:
    """客户经理团队门户：检查数据、生成网站和日历订阅。"""


def main() -> None:
    """Entry point: a bug shows as one short message, not a traceback (PORTAL_DEBUG=1 shows it)."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:
        if os.environ.get("PORTAL_DEBUG"):
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        click.echo(
            f"portal: 内部错误 {exc!r}（{where.filename}:{where.lineno}）；"
            "设置 PORTAL_DEBUG=1 重新运行可查看详情，请报告给维护者",
            err=True,
        )
        sys.exit(3)


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@data_option
@as_of_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="输出格式；在 GitHub Actions 中另外输出注释。",
)
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def check_command(paths: tuple[Path, ...], data_dir: Path, as_of: date | None, output: str, verbose: bool) -> None:
    """检查数据文件，一次报告所有问题。

    只给出 PATHS 时仍读取全部数据（以便核对引用），但只报告这些文件或文件夹中的问题。
    有错误时退出码为 1，没有错误（可有警告）时为 0。
    """
    if not data_dir.is_dir():
        raise click.UsageError(f"找不到数据文件夹 {data_dir}（用 --data 指定）")
    timings = pipeline.Timings()
    checked = pipeline.check(data_dir, as_of, timings)
    problems = pipeline.within(checked.problems, paths)
    if output == "json":
        click.echo(format_json(problems))
    else:
        for problem in problems:
            click.echo(format_github(problem) if output == "github" else format_text(problem))
    if output == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(format_github(problem))
    ds = checked.dataset
    click.echo(
        f"检查了 {len(ds.documents)} 个文件：{len(ds.people)} 人，{len(ds.customers)} 个客户，"
        f"{len(ds.logs)} 篇日志，{len(ds.week_plans)} 份周计划，{len(ds.month_plans)} 份月计划；"
        f"{summary(problems)}",
        err=True,
    )
    if verbose:
        click.echo(timings.report(), err=True)
    sys.exit(1 if errors(problems) else 0)


@cli.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="写入 JSON Schema 的文件夹。",
)
def schema_command(out: Path) -> None:
    """导出数据文件的 JSON Schema，供编辑器自动补全和检查。"""
    from builder.schema import write_json_schemas

    for path in write_json_schemas(out):
        click.echo(path.as_posix())


@cli.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="写入的数据文件夹（必须为空或不存在）。",
)
@click.option(
    "--people", type=click.IntRange(1, 500), default=8, show_default=True, help="客户经理人数（另有一名主管）。"
)
@click.option("--customers", type=click.IntRange(1, 100_000), default=120, show_default=True, help="客户总数。")
@click.option("--months", type=click.IntRange(1, 36), default=3, show_default=True, help="日志覆盖的月数。")
@click.option("--end", type=AsOf(), default="2026-11-20", show_default=True, help="最后一篇日志的日期。")
@click.option("--seed", type=int, default=7, show_default=True, help="随机种子。")
@click.option("--force", is_flag=True, help="覆盖已有的文件夹。")
def demo_command(out: Path, people: int, customers: int, months: int, end: date, seed: int, force: bool) -> None:
    """生成演示团队的数据（同样的参数总是生成同样的文件）。"""
    from builder.demo import DemoOptions, write_demo

    if out.exists() and any(out.iterdir()) and not force:
        raise click.UsageError(f"{out} 不是空的；加 --force 覆盖")
    count = write_demo(out, DemoOptions(people, customers, months, end, seed))
    click.echo(f"在 {out} 写入了 {count} 个文件", err=True)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(format_text(problem), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(format_github(problem))


@cli.command("build")
@data_option
@as_of_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="生成网站的文件夹（成功后整体替换）。",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs 设置文件。",
)
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def build_command(data_dir: Path, as_of: date | None, site_dir: Path, config_file: Path, verbose: bool) -> None:
    """检查数据并生成网站；有错误时不生成，保留上一次的网站。"""
    if not data_dir.is_dir():
        raise click.UsageError(f"找不到数据文件夹 {data_dir}（用 --data 指定）")
    timings = pipeline.Timings()
    try:
        result = pipeline.build(data_dir, as_of, site_dir, config_file=config_file, timings=timings)
    except pipeline.BuildFailed as exc:
        click.echo(f"portal: 生成网站失败，上一次的网站保持不变：{exc}", err=True)
        sys.exit(1)
    if isinstance(result, pipeline.Checked):
        _report(errors(result.problems))
        click.echo(f"数据有 {summary(result.problems)}，没有生成网站；上一次的网站保持不变。", err=True)
        sys.exit(1)
    warned = [p for p in result.checked.problems if p not in errors(result.checked.problems)]
    click.echo(
        f"网站已生成到 {site_dir}/：{result.pages} 个页面，共 {result.files} 个文件，数据截至 "
        f"{result.checked.as_of}；{len(warned)} 个警告见“数据质量”页。",
        err=True,
    )
    if verbose:
        click.echo(timings.report(), err=True)


@cli.command("serve")
@data_option
@as_of_option
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs 设置文件。",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
def serve_command(data_dir: Path, as_of: date | None, config_file: Path, port: int, host: str) -> None:
    """本机预览网站：保存数据、页面或模板后自动重新生成并刷新浏览器。"""
    from builder.site.preview import serve

    if not data_dir.is_dir():
        raise click.UsageError(f"找不到数据文件夹 {data_dir}（用 --data 指定）")

    def report(checked: pipeline.Checked) -> None:
        _report(checked.problems)
        state = "有错误，仍显示上一次的网站" if errors(checked.problems) else "已更新"
        click.echo(f"{summary(checked.problems)}；{state}：http://{host}:{port}/", err=True)

    serve(lambda: pipeline.check(data_dir, as_of), config_file, Path("content"), data_dir, host, port, report)


@cli.command("feeds")
@data_option
def feeds_command(data_dir: Path) -> None:
    """列出所有日历订阅地址，包括含密钥、不在网站上公开的地址（供主管分发）。"""
    from builder.feeds import feed_path

    checked = pipeline.check(data_dir, None)
    team = checked.dataset.team
    if team is None:
        _report(errors(checked.problems))
        sys.exit(1)
    base = team.site_url.rstrip("/") + "/" if team.site_url else ""
    rows = [("团队", "全部拜访计划", feed_path(team.feeds.secrets, "team", "team.ics"))]
    for person in checked.dataset.people:
        if person.role.value != "supervisor":
            rows.append((person.name, "拜访计划", feed_path(team.feeds.secrets, person.id, f"{person.id}.ics")))
            rows.append(
                (person.name, "客户提醒", feed_path(team.feeds.secrets, person.id, f"{person.id}-reminders.ics"))
            )
    for who, what, (path, secret) in rows:
        click.echo(f"{who}\t{what}\t{base}{path}\t{'含密钥，不公开' if secret else '公开'}")
