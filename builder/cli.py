"""The `portal` command."""

from __future__ import annotations

import os
import sys
import traceback
from datetime import date, timedelta
from pathlib import Path

import click

from builder import pipeline, profiles
from builder.feeds.addresses import FeedKey, FeedKeyError
from builder.model import Checked
from builder.problems import (
    Problem,
    errors,
    format_github,
    format_gitlab,
    format_json,
    format_text,
    one_line,
    summary,
)
from builder.profiles import names as profile_names
from builder.site.private import PasswordError
from builder.timings import Timings
from builder.unchanged import Unchanged

PROFILES_HELP = "团队类型：" + "，".join(f"{n} {profiles.title(n)}" for n in profiles.names()) + "。"


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


class _Command(_Chinese, click.Command):
    pass


class _Group(_Chinese, click.Group):
    command_class = _Command


_Group.group_class = _Group


@click.group(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"], "terminal_width": 100, "max_content_width": 100},
)
@click.version_option(package_name="account-manager-portal", help="显示版本并退出。")
def cli() -> None:
    """客户经理团队门户：检查数据、生成网站和日历订阅。"""


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


@cli.command("check")
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
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def check_command(paths: tuple[Path, ...], data_dir: Path, as_of: date | None, output: str, verbose: bool) -> None:
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
@data_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="写入 JSON Schema 的文件夹。",
)
def schema_command(data_dir: Path, out: Path) -> None:
    """导出数据文件的 JSON Schema，供编辑器自动补全和检查（按 team.yaml 加入本团队的字段和选项）。"""
    from builder.editor_schema import write_json_schemas

    team = pipeline.check(data_dir, None).dataset.team
    if team is None:
        click.echo("team.yaml 有错误或不存在，导出的是不含本团队设置的通用 Schema", err=True)
    for path in write_json_schemas(out, team):
        click.echo(path.as_posix())


wheel_option = click.option(
    "--wheel",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="门户程序的安装包（.whl），放进团队仓库；默认用正在运行的门户本身。",
)


@cli.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--profile", required=True, type=click.Choice(sorted(profile_names())), help="团队类型。")
@click.option("--name", help="团队名称，默认用该类型的示例名称。")
@click.option("--organisation", help="所属机构。")
@click.option("--date", "day", type=AsOf(), default=None, help="开始使用门户的日期，也是示例日志的日期；默认今天。")
@wheel_option
def init_command(
    folder: Path, profile: str, name: str | None, organisation: str | None, day: date | None, wheel: Path | None
) -> None:
    """新建一个团队的仓库：数据示例（能通过检查）、网站设置、CI、编辑器设置和按散列锁定的门户程序。"""
    from builder.init import InitError, create
    from builder.init.release import ReleaseError, running_wheel

    try:
        release = running_wheel(wheel)
        said = create(folder, profile, name, organisation, day or pipeline.today(pipeline.DEFAULT_TIMEZONE), release)
    except (InitError, ReleaseError) as exc:
        _fail(exc)
    click.echo(f"在 {folder.as_posix()} 建好了团队仓库（门户 {release.version}）；{said}。接下来：", err=True)
    click.echo(f"  cd {folder.as_posix()}，按 README.md 安装门户、生成网站、推送并发布", err=True)


@cli.command("upgrade")
@click.option(
    "--repo",
    "repository",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="团队仓库的文件夹。",
)
@wheel_option
def upgrade_command(repository: Path, wheel: Path | None) -> None:
    """把团队仓库换成正在运行的门户版本，在新分支上提交一次。

    更新门户安装包、锁定的依赖、CI 文件和编辑器 Schema。先安装新版本的门户：

    python -m pip install account_manager_portal-版本-py3-none-any.whl

    再在团队仓库里运行本命令；推送新分支，开合并请求，检查通过后合并。
    """
    from builder.init import InitError, upgrade
    from builder.init.release import ReleaseError, running_wheel

    data = repository / "data"
    team = pipeline.check(data).dataset.team if (data / "team.yaml").is_file() else None
    try:
        release = running_wheel(wheel)
        changed, said = upgrade(repository, team, release)
    except (InitError, ReleaseError) as exc:
        _fail(exc)
    if not changed:
        click.echo(f"{repository.as_posix()} 已经用门户 {release.version}，没有要改的文件。", err=True)
        return
    for path in changed:
        click.echo(path)
    click.echo(f"门户升级到 {release.version}，改了上面 {len(changed)} 个文件；{said}。", err=True)


@cli.command("demo")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data"),
    show_default=True,
    help="写入的数据文件夹（必须为空或不存在）。",
)
@click.option(
    "--people",
    type=click.IntRange(1, 500),
    default=8,
    show_default=True,
    help="客户经理人数（另有负责审阅的 supervisor）。",
)
@click.option(
    "--customers",
    type=click.IntRange(1, 100_000),
    default=None,
    help="客户总数（默认按团队类型：银行 120，烟草 300 …）。",
)
@click.option("--months", type=click.IntRange(1, 36), default=3, show_default=True, help="日志覆盖的月数。")
@click.option("--end", type=AsOf(), default="2026-11-20", show_default=True, help="最后一篇日志的日期。")
@click.option("--seed", type=int, default=7, show_default=True, help="随机种子。")
@click.option(
    "--profile",
    type=click.Choice(profiles.names()),
    default="bank",
    show_default=True,
    help=PROFILES_HELP,
)
@click.option("--force", is_flag=True, help="覆盖已有的文件夹。")
def demo_command(
    out: Path, people: int, customers: int | None, months: int, end: date, seed: int, profile: str, force: bool
) -> None:
    """生成演示团队的数据（同样的参数总是生成同样的文件）。"""
    from builder.demo import MAX_CUSTOMERS_PER_PERSON, DemoOptions, write_demo

    if out.exists() and any(out.iterdir()) and not force:
        raise click.UsageError(f"{out.as_posix()} 不是空的；加 --force 覆盖")
    if customers and customers > people * MAX_CUSTOMERS_PER_PERSON:
        raise click.UsageError(
            f"每位客户经理的客户在一个文件里，最多 {MAX_CUSTOMERS_PER_PERSON} 个；"
            f"{customers} 个客户至少要 --people {-(-customers // MAX_CUSTOMERS_PER_PERSON)}"
        )
    count = write_demo(out, DemoOptions(people, customers, months, end, seed, profile))
    click.echo(f"在 {out.as_posix()} 写入了 {count} 个文件", err=True)


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(format_text(problem), err=True)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            click.echo(format_github(problem))


def _publishing() -> pipeline.Publishing:
    """The site password from the environment; whether this is a CI run that publishes (not a review of a change)."""
    env = os.environ
    review = env.get("GITHUB_EVENT_NAME") in ("pull_request", "pull_request_target") or env.get(
        "CI_PIPELINE_SOURCE"
    ) in ("merge_request_event", "external_pull_request_event")
    return pipeline.Publishing(
        env.get("PORTAL_SITE_PASSWORD", ""), env.get("PORTAL_FEED_KEY", ""), env.get("CI", "") == "true" and not review
    )


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
@config_option
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时。")
def build_command(data_dir: Path, as_of: date | None, site_dir: Path, config_file: Path, verbose: bool) -> None:
    """检查数据并生成网站；有错误时不生成，保留上一次的网站。"""
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
            publishing=_publishing(),
            helps=help_texts(),
        )
    except pipeline.SiteFolderRefused as exc:
        raise click.BadParameter(str(exc), param_hint="--site") from None
    except (pipeline.Unprotected, PasswordError, FeedKeyError) as exc:
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
        _report(errors(result.problems))
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


@cli.command("serve")
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
    from builder.site.preview import PortInUse, serve

    def report(checked: Checked) -> None:
        _report(checked.problems)
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


@cli.command("feeds")
@data_option
def feeds_command(data_dir: Path) -> None:
    """列出每个人的日历订阅地址（由环境变量 PORTAL_FEED_KEY 生成），供分发给本人。"""
    from builder.feeds import planned_feeds

    checked = pipeline.check(data_dir, None)
    team = checked.dataset.team
    if team is None:
        _report(errors(checked.problems))
        sys.exit(1)
    try:
        key = FeedKey.from_environment(os.environ.get("PORTAL_FEED_KEY"))
    except FeedKeyError as exc:
        _fail(exc)
    if key.development:
        click.echo(
            "注意：没有设置 PORTAL_FEED_KEY，下面是开发密钥生成的地址，有仓库的人都能算出；"
            "发布用的地址请在设置了 PORTAL_FEED_KEY 的环境中运行本命令。",
            err=True,
        )
    base = team.site_url.rstrip("/") + "/" if team.site_url else ""
    for plan in planned_feeds(team, checked.dataset.people):
        click.echo(f"{one_line(plan.name)}\t{one_line(base + key.path(plan.owner, plan.file))}")


def _checked_for_authoring(data_dir: Path, as_of: date | None) -> Checked:
    """The data must be readable (no errors) before a command writes into it."""
    checked = pipeline.check(data_dir, as_of)
    if checked.dataset.team is None or errors(checked.problems):
        _report(errors(checked.problems))
        click.echo("数据有错误，请先改正（portal check），再运行这个命令。", err=True)
        sys.exit(1)
    return checked


def _fail(exc: Exception) -> None:
    click.echo(f"portal: {one_line(str(exc))}", err=True)
    sys.exit(1)


@cli.group("new")
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

    checked = _checked_for_authoring(data_dir, day)
    try:
        who = person_of(checked.dataset, person, data_dir)
        path = new_log(checked.dataset, data_dir, who, day or checked.as_of, empty=empty)
    except AuthorError as exc:
        _fail(exc)
    click.echo(f"已新建 {path.as_posix()}，填好后提交。")


@new_group.command("plan")
@click.option("--person", help="经理编号；默认按 git 的 user.email 在 people.yaml 中查找。")
@click.option("--week", help="ISO 周，如 2026-W48；默认下周。")
@data_option
@as_of_option
def new_plan_command(person: str | None, week: str | None, data_dir: Path, as_of: date | None) -> None:
    """新建一周的计划，按团队规则带入到期、逾期、待跟进和合同将到期的客户，按片区分到各天。"""
    from builder.author import AuthorError, new_plan, person_of, week_of

    checked = _checked_for_authoring(data_dir, as_of)
    try:
        who = person_of(checked.dataset, person, data_dir)
        if week is None:
            year, number, _ = (checked.as_of + timedelta(days=7)).isocalendar()
        else:
            year, number = week_of(week)
        path = new_plan(checked.dataset, data_dir, who, year, number, checked.as_of)
    except AuthorError as exc:
        _fail(exc)
    click.echo(f"已新建 {path.as_posix()}，调整后提交。")


@cli.command("review")
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

    checked = _checked_for_authoring(data_dir, day)
    try:
        who = person_of(checked.dataset, person, data_dir)
        year, number = week_of(week)
        done = review(checked.dataset, who, year, number, by, day or checked.as_of, comment, force=force)
    except AuthorError as exc:
        _fail(exc)
    for path in done.signed:
        click.echo(f"已签字 {path.as_posix()}")
    for path in done.skipped:
        click.echo(f"已审阅过，跳过 {path.as_posix()}（要重新签字加 --force）")
