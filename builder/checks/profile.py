"""Checks that the team's settings (its profile with team.yaml laid over it) hang together:
metric kinds, visit rules, fields, complaint steps, sensitive fields."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from builder.checks.common import duplicates, ring, unknown_choice
from builder.derive.counted import CALL_KEYS, COMPLAINT_KEYS, STEP_STATES, VISIT_KEYS, VISIT_TEXTS
from builder.fields import attribute_names, listed
from builder.load import Document, Loc
from builder.model import Dataset
from builder.problems import Problem, Severity
from builder.schema import (
    CORE_SENSITIVE,
    ComplaintStep,
    Counted,
    FieldSpec,
    FieldType,
    Metric,
    MetricKind,
    Range,
    RecordKind,
    Team,
    VisitRule,
)


def check_settings(ds: Dataset, as_of: date) -> Iterator[Problem]:
    """The settings' problems; those in a part the team took from its profile say so."""
    if ds.team is None or ds.team_doc is None:
        return
    doc = ds.team_doc
    for section, problem in _settings(ds.team, doc):
        if (section,) not in doc.key_positions:
            problem = replace(
                problem,
                hint=f"{problem.hint}（{section} 取自 profile: {ds.team.profile} 的默认设置；"
                f"在 team.yaml 中写出 {section} 即可覆盖）",
            )
        yield problem


def _settings(team: Team, doc: Document) -> Iterator[tuple[str, Problem]]:
    for section, found in (
        ("metrics", _metrics(team, doc)),
        ("funnel", _funnel(team, doc)),
        ("visit_rules", _visit_rules(team, doc)),
        ("sensitive", _sensitive(team, doc)),
        ("complaints", _complaints(team, doc)),
        ("duties", _duties(team, doc)),
    ):
        yield from ((section, p) for p in found)
    for name in ("customer_types", "methods", "key_person_roles", "funnel", "customer_fields", "visit_fields"):
        items = getattr(team, name)
        yield from (
            (name, p) for p in duplicates(doc, [((name, i, "id"), item.id) for i, item in enumerate(items)], "")
        )
    for name in ("customer_fields", "visit_fields"):
        for i, spec in enumerate(getattr(team, name)):
            yield from ((name, p) for p in _field(doc, (name, i), spec))


def _complaints(team: Team, doc: Document) -> Iterator[Problem]:
    """Unique steps, their limits in order; a category's own steps and limits name steps there are."""
    settings = team.complaints
    yield from duplicates(doc, [(("complaints", "steps", i, "id"), s.id) for i, s in enumerate(settings.steps)], "环节")
    yield from _limits_in_order(settings.steps, doc)
    steps = [s.id for s in settings.steps]
    for i, category in enumerate(settings.categories):
        if isinstance(category, str):
            continue
        at = ("complaints", "categories", i)
        named: list[tuple[Loc, str]] = [((*at, "steps", j), ident) for j, ident in enumerate(category.steps)]
        named += [((*at, "within_hours", ident), ident) for ident in category.within_hours]
        for loc, ident in named:
            if ident not in steps:
                yield unknown_choice(doc, loc, ident, steps, "环节")


def _limits_in_order(steps: list[ComplaintStep], doc: Document) -> Iterator[Problem]:
    """Every limit counts from receipt: a later step due sooner than an earlier one is likely a slip."""
    limited = [(i, s, s.within_hours) for i, s in enumerate(steps) if s.within_hours is not None]
    for (_, before, earlier), (i, step, hours) in itertools.pairwise(limited):
        if hours < earlier:
            yield doc.problem(
                ("complaints", "steps", i, "within_hours"),
                "step-limits-order",
                f"「{step.label}」的时限 {hours:g} 小时短于它前面「{before.label}」的 {earlier:g} 小时",
                "时限都从收到投诉算起，后面的环节应不短于前面的；检查环节的顺序或时限",
                severity=Severity.WARNING,
            )


def _duties(team: Team, doc: Document) -> Iterator[Problem]:
    """Unique ids; a duty a plan records recurs as that plan does."""
    yield from duplicates(doc, [(("duties", i, "id"), d.id) for i, d in enumerate(team.duties)], "例行事项")
    for i, duty in enumerate(team.duties):
        wanted = {"week_summary": "week", "month_summary": "month"}.get(duty.recorded)
        if wanted and duty.every != wanted:
            every = {"week": "周", "month": "月", "quarter": "季度"}[duty.every]
            plan = "周计划" if wanted == "week" else "月度计划"
            yield doc.problem(
                ("duties", i, "recorded"),
                "recorded-period",
                f"例行事项 {duty.id} 每{every}一次，不能由{plan}的 summary 记录",
                f"写 every: {wanted}，或 recorded: log（在日志的 duties 中写编号）",
            )


def _funnel(team: Team, doc: Document) -> Iterator[Problem]:
    stages = [s.id for s in team.funnel]
    source = {s.id: s.converts_from for s in team.funnel if s.converts_from}
    for i, stage in enumerate(team.funnel):
        if stage.converts_from and stage.converts_from not in stages:
            yield unknown_choice(doc, ("funnel", i, "converts_from"), stage.converts_from, stages, "环节")
        elif (loop := ring(stage.id, source)) and loop[0] == min(loop):  # said once, at its first stage
            yield doc.problem(
                ("funnel", i, "converts_from"),
                "funnel-ring",
                "环节互相转化：" + " ← ".join([*loop, loop[0]]),
                "每个环节只由它之前的环节转化而来；删掉其中一个 converts_from",
            )


def _visit_rules(team: Team, doc: Document) -> Iterator[Problem]:
    yield from duplicates(doc, [(("visit_rules", i, "id"), r.id) for i, r in enumerate(team.visit_rules) if r.id], "")
    methods = [*(m.id for m in team.methods), "call"]
    for i, rule in enumerate(team.visit_rules):
        yield from _visit_rule(team, doc, ("visit_rules", i), rule)
        for j, method in enumerate(rule.methods if isinstance(rule.methods, list) else []):
            if method not in methods:
                yield unknown_choice(
                    doc, ("visit_rules", i, "methods", j), method, methods, "拜访方式（call 为电话记录）"
                )


def _sensitive(team: Team, doc: Document) -> Iterator[Problem]:
    sensitive = [*CORE_SENSITIVE, *(s.id for s in team.customer_fields)]
    for i, name in enumerate(team.sensitive):
        if name not in sensitive:
            yield unknown_choice(doc, ("sensitive", i), name, sensitive, "可遮盖的字段")
    for i, name in enumerate(team.publish.show):
        if name not in sensitive:
            yield unknown_choice(doc, ("publish", "show", i), name, list(team.sensitive), "遮盖的字段")
        elif name not in team.sensitive:
            yield doc.problem(
                ("publish", "show", i),
                "show-not-sensitive",
                f"'{name}' 不在 sensitive 中，本来就照常显示",
                "publish.show 只写 sensitive 里的字段" + (f"：{'、'.join(team.sensitive)}" if team.sensitive else ""),
                severity=Severity.WARNING,
            )


def _metrics(team: Team, doc: Document) -> Iterator[Problem]:
    ids = [m.id for m in team.metrics]
    visit_fields = [f.id for f in team.visit_fields]
    for i, metric in enumerate(team.metrics):
        loc = ("metrics", i)
        if metric.of and metric.kind is not MetricKind.RATE:
            yield doc.problem(
                (*loc, "of"), "of-not-rate", f"指标 {metric.id} 不是比率，不能写 of", "删除 of，或写 kind: rate"
            )
        elif metric.of and len(metric.of) != 2:
            yield doc.problem((*loc, "of"), "of-two", "of 要写两个指标：[分子, 分母]", "如 of: [order_value, orders]")
        for j, part in enumerate(metric.of):
            if part not in ids or part == metric.id:
                yield unknown_choice(doc, (*loc, "of", j), part, [m for m in ids if m != metric.id], "指标")
        yield from _rate_settings(doc, loc, metric)
        if metric.reason_field and metric.reason_field not in visit_fields:
            yield unknown_choice(doc, (*loc, "reason_field"), metric.reason_field, visit_fields, "拜访字段")
        if metric.counted is not None:
            yield from _counted(team, doc, loc, metric)


def _rate_settings(doc: Document, loc: Loc, metric: Metric) -> Iterator[Problem]:
    """`latest` and `paced` are a rate's: the last reading of a typed one; a rate judged by pace."""
    for name, wanted in (("latest", "kind: rate 且不写 of 的比率"), ("paced", "kind: rate 且越高越好的比率")):
        if not getattr(metric, name):
            continue
        rate = metric.kind is MetricKind.RATE
        fits = rate and (not metric.of if name == "latest" else metric.better.value == "higher")
        if not fits:
            yield doc.problem(
                (*loc, name),
                f"{name}-not-rate",
                f"指标 {metric.id} 不能写 {name}: true",
                f"{name} 只用于{wanted}；删除这一项",
            )


def _counted(team: Team, doc: Document, loc: Loc, metric: Metric) -> Iterator[Problem]:
    """A metric counted from records: a sum or count, never also typed per customer, its
    conditions on what the records hold."""
    counted = metric.counted
    assert counted is not None
    where = (*loc, "from")
    if metric.kind not in (MetricKind.COUNT, MetricKind.AMOUNT):
        yield doc.problem(
            (*loc, "kind"),
            "counted-kind",
            f"指标 {metric.id} 由记录统计，只能是 count（条数）或 amount（累加数字）",
            "比率写成两个统计指标之比：kind: rate, of: [分子, 分母]",
        )
    if metric.per_customer:
        yield doc.problem(
            (*loc, "per_customer"),
            "counted-typed",
            f"指标 {metric.id} 由记录统计，不能再按客户填写",
            "删除 per_customer",
        )
    numbers = [f.id for f in team.visit_fields if f.type is FieldType.NUMBER]
    if counted.sum is not None and (counted.records is not RecordKind.VISITS or counted.sum not in numbers):
        yield unknown_choice(doc, (*where, "sum"), counted.sum, numbers, "拜访记录中的数字字段")
    yield from _conditions(team, doc, where, counted)


def _conditions(team: Team, doc: Document, where: Loc, counted: Counted) -> Iterator[Problem]:
    keys = {
        RecordKind.VISITS: [*VISIT_KEYS, *VISIT_TEXTS, *(f.id for f in team.visit_fields)],
        RecordKind.COMPLAINTS: list(COMPLAINT_KEYS),
        RecordKind.CALLS: list(CALL_KEYS),
    }[counted.records]
    # the filters that name the team's own ids: what each may be, and what it is called
    named = {"method": ([m.id for m in team.methods], "拜访方式")}
    named |= {state: ([s.id for s in team.complaints.steps], "投诉环节") for state in STEP_STATES}
    for name, condition in counted.where.items():
        if name not in keys:
            yield unknown_choice(doc, (*where, "where", name), name, keys, "可以筛选的项", key=True)
        elif name in named:
            choices, what = named[name]
            for value in listed(condition):
                if str(value) not in choices:
                    yield unknown_choice(doc, (*where, "where", name), str(value), choices, what)


def _field(doc: Document, loc: Loc, spec: FieldSpec) -> Iterator[Problem]:
    if spec.type is FieldType.CHOICE and not spec.choices:
        yield doc.problem(loc, "no-choices", f"字段 {spec.id} 是选项，却没有 choices", "添加 choices: [选项1, 选项2]")
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        yield doc.problem((*loc, "min"), "min-max", f"字段 {spec.id} 的 min 大于 max", "检查这两个数字")


def _visit_rule(team: Team, doc: Document, loc: Loc, rule: VisitRule) -> Iterator[Problem]:
    given = [n for n in ("every_days", "per_week", "per_month") if getattr(rule, n) is not None]
    if len(given) != 1:
        yield doc.problem(
            loc,
            "rule-frequency",
            "拜访规则要写且只写一种频次" + (f"，却写了 {'、'.join(given)}" if given else ""),
            "every_days（每多少天）、per_week（每周几次）或 per_month（每月几次）选一个",
        )
    names = attribute_names(team)
    specs = {s.id: s for s in team.customer_fields}
    for name, condition in rule.when.items():
        where = (*loc, "when", name)
        if name not in names:
            yield unknown_choice(doc, where, name, list(names), "客户属性", key=True)
            continue
        values = listed(condition)
        spec = specs.get(name)
        choices = _rule_choices(team, name, spec)
        numeric = spec is not None and spec.type is FieldType.NUMBER
        for value in values:
            if isinstance(value, Range) and not numeric:
                yield doc.problem(where, "rule-range", f"{names[name]} 不是数字，不能写范围", "写一个值或值的列表")
            elif choices and not isinstance(value, Range) and str(value) not in choices:
                yield unknown_choice(doc, where, str(value), choices, f"{names[name]}的选项")
            elif spec is not None and spec.type is FieldType.FLAG and not isinstance(value, bool):
                yield doc.problem(
                    where, "rule-flag", f"{names[name]} 是“是/否”，应写 true 或 false", "如 {credit: true}"
                )


def _rule_choices(team: Team, name: str, spec: FieldSpec | None) -> list[str]:
    """The values a visit rule may select on the attribute `name`; [] when any value will do."""
    if name == "class":
        return [c.id for c in team.classes]
    if name == "type":
        return [t.id for t in team.customer_types]
    if spec is not None and spec.type is FieldType.CHOICE:
        return spec.choices
    return []
