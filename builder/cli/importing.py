"""`portal import`: what a team already keeps in spreadsheets, brought into its data files."""

from __future__ import annotations

import difflib
import sys
from datetime import date
from pathlib import Path

import click

from builder.cli.common import ChineseGroup, as_of_option, checked_for_writing, data_option, report_problems
from builder.edit import replace_file
from builder.load import display_path
from builder.problems import errors, summary


@click.group("import", cls=ChineseGroup)
def import_group() -> None:
    """从表格（.xlsx 或 .csv）导入数据。"""


def _mapping(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    mapped: dict[str, str] = {}
    for pair in pairs:
        left, sep, right = pair.partition("=")
        if not sep or not left.strip() or not right.strip():
            said = "表头标题=字段编号，如 手机号码=phone" if option == "--map" else "字段编号=值，如 class=C"
            raise click.BadParameter(f"“{pair}”应写成 {said}", param_hint=option)
        mapped[left.strip()] = right.strip()
    return mapped


def _show_diff(texts: dict[Path, str]) -> None:
    """What a write would change, as `git diff` shows it."""
    for path, text in texts.items():
        before = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.is_file() else []
        name = display_path(path)
        for line in difflib.unified_diff(before, text.splitlines(keepends=True), f"a/{name}", f"b/{name}"):
            click.echo(line, nl=not line.endswith("\n"))


def _written(texts: dict[Path, str], dry_run: bool) -> None:
    """The files written, or (a dry run) what writing them would change."""
    if dry_run:
        _show_diff(texts)
        click.echo(f"试运行：会写入 {len(texts)} 个文件（改动如上），实际没有写。")
        return
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(path, text)
        click.echo(f"已写入 {display_path(path)}")
    if not texts:
        click.echo("没有需要写入的改动。")


@import_group.command("customers")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--person", help="这些客户归谁（经理编号）；表中有“客户经理”一列时不用写。")
@click.option("--map", "pairs", multiple=True, metavar="标题=字段", help="指定某一列导入到哪个字段，可写多次。")
@click.option("--set", "sets", multiple=True, metavar="字段=值", help="表中没有的字段，给所有行同一个值，如 class=C。")
@click.option("--key", help="按哪个字段认出已有的客户（写字段编号）；默认按编号，没有编号列时按名称。")
@click.option("--sheet", help="工作表名称；默认第一个。")
@click.option("--update", is_flag=True, help="已有客户的字段与表中不同时，按表改写（默认只列出不同）。")
@click.option("--dry-run", is_flag=True, help="只显示会写入什么，不写文件。")
@data_option
@as_of_option
def import_customers_command(
    source: Path,
    person: str | None,
    pairs: tuple[str, ...],
    sets: tuple[str, ...],
    key: str | None,
    sheet: str | None,
    update: bool,
    dry_run: bool,
    data_dir: Path,
    as_of: date | None,
) -> None:
    """把客户名单导入 customers/ 下各经理的文件：新客户追加，已有客户按 --key 认出（不重复导入）。

    表头按字段名称认列（如 名称、电话，以及 team.yaml 中客户字段的名称），认不出的列用 --map 指定。
    有任何错误时不写入；错误指到表格的单元格，如 名单.xlsx:Sheet1!C17。
    """
    from builder.importing import Options, import_customers

    checked = checked_for_writing(data_dir, as_of)
    options = Options(
        person=person,
        mapped=_mapping(pairs, "--map"),
        key=key,
        given=_mapping(sets, "--set"),
        update=update,
        sheet=sheet,
    )
    outcome = import_customers(checked, source, display_path(source), options)
    report_problems(outcome.problems)
    if outcome.left_out:
        click.echo(f"没有导入的列：{'、'.join(outcome.left_out)}（要导入，用 --map 标题=字段）", err=True)
    made = outcome.plan
    if made is None or errors(outcome.problems):
        click.echo(f"没有写入任何文件：{summary(outcome.problems)}", err=True)
        sys.exit(1)
    for owner, ids in sorted(made.added.items()):
        click.echo(
            f"{owner}：新增 {len(ids)} 个客户（{ids[0]} 至 {ids[-1]}）" if len(ids) > 1 else f"{owner}：新增 {ids[0]}"
        )
    for line in made.changes:
        click.echo(f"  {line}")
    for customer, before, after in made.moves:
        click.echo(f"  {customer} 客户经理：{before} → {after}")
    if (made.changes or made.moves) and not update:
        click.echo(f"以上 {len(made.changes) + len(made.moves)} 处与现有档案不同，没有改写（要改写，加 --update）。")
    click.echo(f"{made.same} 个客户与档案相同。")
    _written(made.texts, dry_run)


@import_group.command("targets")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", required=True, help="哪个月的目标，如 2026-12。")
@click.option("--last-year", is_flag=True, help="表中是去年同月的实际（写入 last_year，用于同比），不是目标。")
@click.option("--sheet", help="工作表名称；默认第一个。")
@click.option("--update", is_flag=True, help="月计划中已有的数与表中不同时，按表改写（默认只列出不同）。")
@click.option("--dry-run", is_flag=True, help="只显示会写入什么，不写文件。")
@data_option
def import_targets_command(
    source: Path, month: str, last_year: bool, sheet: str | None, update: bool, dry_run: bool, data_dir: Path
) -> None:
    """把每人一行、每个指标一列的目标表导入各人的月计划（plans/<编号>/<月份>.yaml 的 targets）。"""
    from builder.importing.targets import import_targets
    from builder.schema.base import Invalid, parse_month

    try:
        year, number = parse_month(month)
    except Invalid:
        raise click.BadParameter(f"“{month}”不是月份，写成 2026-12", param_hint="--month") from None
    checked = checked_for_writing(data_dir, None)
    key = f"{year}-{number:02d}"
    made, problems = import_targets(
        checked, source, display_path(source), key, last_year=last_year, update=update, sheet=sheet
    )
    report_problems(problems)
    if made is None or errors(problems):
        click.echo(f"没有写入任何文件：{summary(problems)}", err=True)
        sys.exit(1)
    for line in made.changes:
        click.echo(f"  {line}")
    if made.changes and not update:
        click.echo(f"以上 {len(made.changes)} 处与月计划不同，没有改写（要改写，加 --update）。")
    click.echo(f"新增 {made.added} 个数，{made.same} 个与月计划相同。")
    _written(made.texts, dry_run)
