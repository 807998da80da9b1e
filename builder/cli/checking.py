"""Commands that check the data and make the site: check, build and serve."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from builder import pipeline
from builder.checks.moved import site_url_moved
from builder.cli.common import ChineseCommand, as_of_option, config_option, data_option, report_problems
from builder.door import Publishing, Unprotected
from builder.feeds.addresses import FeedKeyError
from builder.model import Checked
from builder.problems import errors, format_github, format_gitlab, format_json, format_text, one_line, summary
from builder.site.private import PasswordError
from builder.timings import Timings
from builder.unchanged import Unchanged


@click.command("check", cls=ChineseCommand)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@data_option
@as_of_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github", "gitlab"]),
    default="text",
    show_default=True,
    help="输出格式：text 文字，json，github 注释，gitlab 代码质量报告；在 GitHub Actions 中 text 另外输出注释。",
)
@click.option(
    "--base",
    metavar="REF",
    help="与这个提交比较（合并请求中用 origin/main）：site_url 变了时提出警告，因为所有日历订阅地址都会变。",
)
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def check_command(
    paths: tuple[Path, ...], data_dir: Path, as_of: date | None, output: str, base: str | None, verbose: bool
) -> None:
    """检查数据文件，一次报告所有问题。

    只给出 PATHS（数据文件夹里的文件或文件夹）时仍读取全部数据（以便核对引用），但只报告其中的问题。
    有错误时退出码为 1，没有错误（可有警告）时为 0。
    """
    for path in paths:
        if not path.resolve().is_relative_to(data_dir.resolve()):
            other = next((p for p in (path, *path.parents) if (p / "team.yaml").is_file()), None)
            other = other or (path if path.is_dir() else path.parent)
            raise click.BadParameter(
                f"{path.as_posix()} 不在数据文件夹 {data_dir.as_posix()} 里，不会被检查；"
                f"要检查另一个数据文件夹，用 --data {other.as_posix()}",
                param_hint="PATHS",
            )
    timings = Timings()
    checked = pipeline.check(data_dir, as_of, timings)
    problems = pipeline.within(checked.problems, paths)
    ds = checked.dataset
    if base and ds.team is not None and ds.team_doc is not None:
        problems = [*problems, *site_url_moved(data_dir, ds.team, ds.team_doc, base)]
    if output == "json":
        click.echo(format_json(problems))
    elif output == "gitlab":
        click.echo(format_gitlab(problems))
    else:
        for problem in problems:
            click.echo(format_github(problem) if output == "github" else format_text(problem))
    if output == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(format_github(problem))
    click.echo(
        f"检查了 {len(ds.documents)} 个文件：{len(ds.people)} 人，{len(ds.customers)} 个客户，"
        f"{len(ds.logs)} 篇日志，{len(ds.week_plans)} 份周计划，{len(ds.month_plans)} 份月计划；"
        f"{summary(problems)}",
        err=True,
    )
    if verbose:
        click.echo(timings.report(), err=True)
    sys.exit(1 if errors(problems) else 0)


@click.command("build", cls=ChineseCommand)
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
@config_option
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def build_command(data_dir: Path, as_of: date | None, site_dir: Path, config_file: Path, verbose: bool) -> None:
    """检查数据并生成网站；有错误时不生成，保留上一次的网站。"""
    from builder.cli import help_texts

    timings = Timings()
    kept = (
        f"上一次的网站 {site_dir.as_posix()}/ 保持不变" if site_dir.is_dir() else f"{site_dir.as_posix()}/ 还没有网站"
    )
    try:
        result = pipeline.build(
            data_dir,
            as_of,
            site_dir,
            config_file=config_file,
            timings=timings,
            publishing=Publishing.from_environment(os.environ),
            helps=help_texts(),
        )
    except pipeline.SiteFolderRefused as exc:
        raise click.BadParameter(str(exc), param_hint="--site") from None
    except (Unprotected, PasswordError, FeedKeyError) as exc:
        click.echo(f"portal: 没有生成网站：{exc}", err=True)
        sys.exit(1)
    except pipeline.BuildFailed as exc:
        click.echo(f"portal: 生成网站失败，{kept}：{one_line(str(exc))}", err=True)
        sys.exit(1)
    if isinstance(result, Unchanged):
        click.echo(
            f"数据、设置和程序都与上次生成时相同，{site_dir.as_posix()}/ 已是最新（数据截至 {result.as_of}）；"
            "要重新生成，删除 build/cache/last-build.json。",
            err=True,
        )
        if verbose:
            click.echo(timings.report(), err=True)
        return
    if isinstance(result, Checked):
        report_problems(errors(result.problems))
        click.echo(f"数据有 {summary(result.problems)}，没有生成网站；{kept}。", err=True)
        sys.exit(1)
    warned = [p for p in result.checked.problems if p not in errors(result.checked.problems)]
    click.echo(
        f"网站已生成到 {site_dir.as_posix()}/：{result.pages} 个页面，共 {result.files} 个文件，数据截至 "
        f"{result.checked.as_of}；{len(warned)} 个警告见“数据质量”页。"
        + ("网站已整站加密，打开时输入 PORTAL_SITE_PASSWORD 的密码。" if result.sealed else ""),
        err=True,
    )
    if result.development_key:
        click.echo(
            "注意：没有设置 PORTAL_FEED_KEY，日历订阅的地址是用公开的开发密钥算出的，知道经理编号的人都能算出来；"
            "这个网站只能在本机看，发布前务必设置 PORTAL_FEED_KEY（见 README 的“发布网站”）。",
            err=True,
        )
    if verbose:
        click.echo(timings.report(), err=True)


@click.command("serve", cls=ChineseCommand)
@data_option
@as_of_option
@config_option
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="端口。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址。")
def serve_command(data_dir: Path, as_of: date | None, config_file: Path, port: int, host: str) -> None:
    """本机预览网站：保存数据、页面或模板后自动重新生成并刷新浏览器。

    在仓库根目录运行：网站设置（--config）和自写页面（content/）取自当前文件夹。

    第一次生成要等一会儿，之后只重做保存的文件影响到的部分。

    有错误时仍显示上一次的网站，每页顶部列出错误（文件:行 和说明），改正后消失。
    """
    from builder.cli import help_texts
    from builder.site.preview import PortInUse, serve

    def report(checked: Checked) -> None:
        report_problems(checked.problems)
        state = "有错误，页面顶部列出错误" if errors(checked.problems) else "正在生成网站"
        click.echo(f"{summary(checked.problems)}；{state}：http://{host}:{port}/", err=True)

    try:
        serve(
            data_dir,
            as_of,
            config_file,
            Path("content"),
            host,
            port,
            report,
            help_texts(),
        )
    except PortInUse as exc:
        click.echo(f"portal serve: {exc}", err=True)
        sys.exit(2)
