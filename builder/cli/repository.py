"""Commands that set up a team's repository: schema, init, upgrade and demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from builder import pipeline, profiles
from builder.cli.common import AsOf, ChineseCommand, data_option, fail
from builder.profiles import names as profile_names

PROFILES_HELP = "团队类型：" + "，".join(f"{n} {profiles.title(n)}" for n in profiles.names()) + "。"


@click.command("schema", cls=ChineseCommand)
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


@click.command("init", cls=ChineseCommand)
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
        fail(exc)
    click.echo(f"在 {folder.as_posix()} 建好了团队仓库（门户 {release.version}）；{said}。接下来：", err=True)
    click.echo(f"  cd {folder.as_posix()}，按 README.md 安装门户、生成网站、推送并发布", err=True)


@click.command("upgrade", cls=ChineseCommand)
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
        fail(exc)
    if not changed:
        click.echo(f"{repository.as_posix()} 已经用门户 {release.version}，没有要改的文件。", err=True)
        return
    for path in changed:
        click.echo(path)
    click.echo(f"门户升级到 {release.version}，改了上面 {len(changed)} 个文件；{said}。", err=True)


@click.command("demo", cls=ChineseCommand)
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
