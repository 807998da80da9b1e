"""The how-to pages (使用说明), written for each team from site_templates/howto/.

They speak the team's words (its supervisor's title, what it calls a customer), show its
own settings (metrics, fields, visit rules, complaint steps) and, as examples, the very
files `portal init` writes for it, so what managers copy passes the check. The `--help`
blocks are the commands' real help. A page of the same name in content/ replaces one.

The pages are Markdown: every value from the settings is written with Markdown's and
HTML's special characters as character references, and code is fenced with more
backticks than it contains, so nothing in team.yaml can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from builder import profiles
from builder.derive.frequency import rule_text
from builder.derive.meanings import meanings
from builder.fields import listed
from builder.init.examples import examples, team_file
from builder.labels import WORD_KEYS, Words
from builder.schema import FieldSpec, FieldType, MetricKind, Team
from builder.site.render import TEMPLATES, _number, stack_tables
from builder.site.worded import WordedLoader

PAGES = {
    "handbook.md": "数据文件手册",
    "logs.md": "怎样写工作日志",
    "plans.md": "怎样做周计划和月计划",
    "review.md": "怎样审阅日志",
    "calendars.md": "怎样订阅日历",
    "numbers.md": "怎样看数字",
    "publish.md": "怎样发布网站",
}
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&\"'~=:]")


def neutral(value: Any) -> Any:
    """Text that reads the same in Markdown and in HTML, and is markup in neither."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _SPECIAL.sub(lambda m: f"&#{ord(m[0])};", value)


def fenced(text: str, language: str = "", title: str = "") -> Markup:
    """A code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = language + (f' title="{title}"' if title else "")
    return Markup(f"{fence}{info}\n{text.rstrip(chr(10))}\n{fence}")


def _kind(metric: Any, team: Team) -> str:
    text = {
        MetricKind.AMOUNT: "金额，各天相加",
        MetricKind.COUNT: "个数，各天相加，目标为整数",
        MetricKind.RATE: "比率，" + _rate(metric),
        MetricKind.LEVEL: "时点值，取最新一天",
    }[metric.kind]
    if metric.better.value == "lower":
        text += "；越低越好"
    if metric.per_customer:
        text += "；可按客户填写"
    if metric.counted is not None:
        text += "；" + _counted(metric.counted, team)
    return text


def _rate(metric: Any) -> str:
    if metric.of:
        said = "由 " + " ÷ ".join(metric.of) + " 算出"
    else:
        said = "取最后填写的比率" if metric.latest else "取所填比率的平均"
    return said + ("，按时间进度折算" if metric.paced else "")


_RECORDS = {"visits": "写了结果的拜访", "calls": "电话", "complaints": "投诉"}


_STEP_STATES = {"done": "已完成", "on_time": "按时完成", "decided": "已完成或已超时"}


def _condition(name: str, condition: Any, steps: dict[str, str], labels: dict[str, str]) -> str:
    """One filter of a counted metric in the team's words: 事项为 回访、满意度为 满意 or 反馈按时完成."""
    values = listed(condition)
    if name in _STEP_STATES:
        return "、".join(f"“{steps.get(str(v), v)}”环节{_STEP_STATES[name]}" for v in values)
    if condition is True:
        return f"写了{labels.get(name, name)}"
    if condition is False:
        return f"没写{labels.get(name, name)}"
    return f"{labels.get(name, name)}为 " + "、".join(labels.get(str(v), str(v)) for v in values)


def _counted(counted: Any, team: Team) -> str:
    """How a metric counted from records is counted, in the team's words."""
    steps = {s.id: s.label for s in team.complaints.steps}
    labels = {
        **{f.id: f.label for f in team.visit_fields},
        **{m.id: m.label for m in team.methods},
        "method": "方式",
        "category": "类别",
        "customer": "客户",
        "suggestions": "意见建议",
        "invitation": "邀约",
    }
    conditions = [_condition(name, condition, steps, labels) for name, condition in counted.where.items()]
    what = Words(team).say(_RECORDS[counted.records.value]) + (f"中{'，'.join(conditions)}的" if conditions else "的")
    how = f"{labels.get(counted.sum, counted.sum)}之和" if counted.sum else "条数"
    return f"由记录统计，不用填写：{what}{how}"


def _field_help(spec: FieldSpec) -> str:
    if spec.type is FieldType.CHOICE:
        return "选一个：" + "、".join(spec.choices)
    if spec.type is FieldType.NUMBER:
        bounds = f"，{_number(spec.min)}–{_number(spec.max)}" if spec.min is not None and spec.max is not None else ""
        ledger = {"owed": "，列入台账（所欠）", "held": "，列入台账（在我方）"}.get(spec.ledger or "", "")
        return f"数字{bounds}" + (f"，单位 {spec.unit}" if spec.unit else "") + ledger
    if spec.type is FieldType.DATE:
        promise = "，客户的承诺：到期提醒，过期仍欠着的列为承诺逾期" if spec.promise else ""
        return "日期 YYYY-MM-DD" + ("，到期前提醒，过期标红" if spec.expires else "") + promise
    if spec.type is FieldType.FLAG:
        return "true 或 false"
    return "文字"


def _complaint(team: Team, customer: str) -> str:
    steps = team.complaints.steps
    lines = ["complaints:", f"  - customer: {customer}", '    received: "09:10"']
    if team.complaints.categories:
        lines.append(f"    category: {team.complaints.categories[0]}")
    lines.append("    summary: （投诉内容）")
    if steps:
        lines.append("    steps:")
        lines += [f'      {s.id}: "{10 + i}:00"' for i, s in enumerate(steps[:2])]
    return "\n".join(lines) + "\n"


def environment(helps: Mapping[str, str]) -> Environment:
    """The pages' templates; `helps` holds what `portal … --help` prints, by the words after portal."""
    env = Environment(
        loader=WordedLoader(TEMPLATES / "howto", lambda key: '{{ w("' + key + '") }}'),
        autoescape=False,
        finalize=neutral,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    doors = Path(__file__).resolve().parent.parent / "init" / "templates"
    env.globals.update(
        fenced=fenced,
        help=lambda *command: fenced(
            helps[" ".join(command)], "text", f"portal {' '.join(command)} --help（命令说明）"
        ),
        door=lambda name: fenced((doors / name).read_text(encoding="utf-8"), "", f"deploy/{name}"),
    )
    return env


def howto_pages(team: Team, day: date, helps: Mapping[str, str]) -> dict[str, str]:
    """File name -> Markdown of every how-to page, for `team` as of `day`, with the commands' `helps`."""
    example = profiles.example(team.profile)
    files = {"team.yaml": team_file(team, profiles.title(team.profile), team.start or day)}
    files.update(examples(team, example, day))
    manager, supervisor = example["manager"]["id"], example["supervisor"]["id"]
    paths = {kind: next(p for p in files if p.startswith(kind)) for kind in ("customers/", "logs/")}
    plans = sorted(p for p in files if p.startswith("plans/"))
    words = Words(team)
    context = {
        "team": team,
        "w": words,
        "word_keys": {key: words.say(what) for key, what in WORD_KEYS.items()},
        "means": meanings(team, words),
        "profile_label": profiles.title(team.profile),
        "files": files,
        "customers_path": paths["customers/"],
        "log_path": paths["logs/"],
        "month_path": next(p for p in plans if "-W" not in p),
        "week_path": next(p for p in plans if "-W" in p),
        "kinds": {m.id: _kind(m, team) for m in team.metrics},
        "field_help": {s.id: _field_help(s) for s in [*team.customer_fields, *team.visit_fields]},
        "rules": [rule_text(r, words("visit")) for r in team.visit_rules],
        "per_customer": [m for m in team.metrics if m.per_customer],
        "complaint_example": _complaint(team, example["customer"]["id"]),
        "manager": manager,
        "supervisor": supervisor,
    }
    env = environment(helps)
    return {name: stack_tables(env.get_template(f"{name}.j2").render(context)) for name in PAGES}
