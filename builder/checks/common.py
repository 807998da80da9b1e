"""What the checks share: finding ids, naming what is missing, resolving references."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from builder.load import Document, Kind, Loc
from builder.model import Dataset
from builder.problems import Problem, Severity
from builder.schema import MetricKind, Route
from builder.suggest import did_you_mean

WARNING = Severity.WARNING


def duplicates(doc: Document, items: list[tuple[Loc, str]], what: str) -> Iterator[Problem]:
    first: dict[str, Loc] = {}
    for loc, ident in items:
        if ident in first:
            line, _ = doc.position(first[ident])
            yield doc.problem(
                loc,
                "duplicate-id",
                f"{what}编号 '{ident}' 重复（第 {line} 行已有）",
                "每个编号只能用一次，改成新的编号",
            )
        else:
            first[ident] = loc


def missing_file(ds: Dataset, name: str, what: str) -> Problem:
    return Problem(
        f"{ds.root}/{name}",
        0,
        0,
        Severity.ERROR,
        "missing-file",
        f"缺少{what} {name}",
        f"参照手册创建 {ds.root}/{name}",
    )


def named_customer(ds: Dataset, customer: str) -> str:
    """The customer's id with their name, for a message (the id alone when not on file)."""
    found = ds.customers.get(customer)
    return f"{customer}（{found[0].name}）" if found else f"{customer} "


def unknown_choice(
    doc: Document,
    loc: Loc,
    value: str,
    choices: list[str],
    what: str,
    *,
    code: str = "unknown-reference",
    where: str = "",
    key: bool = False,
) -> Problem:
    """'There is no <what> <value>', with the likeliest choice and the list of them (or where to define one)."""
    guess = did_you_mean(value, choices)
    listed = f"先在 {where} 中定义" if where and not choices else "可选：" + ("、".join(choices) or "（无）")
    hint = (f"是不是想写 '{guess}'？" if guess else "") + listed
    return doc.problem(loc, code, f"没有{what} '{value}'", hint, key=key)


def unknown_ref(
    doc: Document,
    loc: Loc,
    ident: str,
    known: set[str],
    what: str,
    *,
    names: dict[str, str] | None = None,
    key: bool = False,
    own: list[str] | None = None,
) -> Problem:
    """`ident` names nothing known; the hint guesses first among `own` (the writer's customers)."""
    by_name = (names or {}).get(ident)
    numbered = [
        k
        for k in sorted(known)
        if ident.isdigit()
        and k.lstrip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-").lstrip("0") == ident.lstrip("0")
    ]
    if by_name:
        hint = f"这里要写编号：{by_name}"
    elif numbered:
        hint = f"编号要写全，是不是 '{numbered[0]}'？"
    elif ident.isdigit():
        hint = "写档案中的完整编号，如 c017；全是数字的编号（许可证号）在档案中要加引号"
    elif guess := did_you_mean(ident, own or []) or did_you_mean(ident, sorted(known)):
        hint = f"是不是想写 '{guess}'？"
    else:
        hint = f"先在{'客户档案' if what == '客户' else ' people.yaml '}中登记，或检查拼写"
    return doc.problem(loc, "unknown-reference", f"没有编号为 '{ident}' 的{what}", hint, key=key)


class References:
    """Looks up people, customers and metrics, quietly when their files could not be read."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        self.people = None if ds.people_unknown() else ds.known_ids(Kind.PEOPLE)  # people.yaml says why, once
        self.customers = None if ds.unreadable(Kind.CUSTOMERS) else ds.known_ids(Kind.CUSTOMERS)
        self.metrics = None if ds.team is None else ds.known_ids(Kind.TEAM)
        team = ds.team
        self.per_customer = {m.id for m in team.metrics if m.per_customer} if team else set()
        self.counted = {m.id: m for m in team.metrics if m.counted} if team else {}
        self.kinds = {m.id: m.kind for m in team.metrics} if team else {}
        self.methods = [m.id for m in team.methods] if team else None
        self.funnel = [s.id for s in team.funnel] if team else None
        self.customer_names = {c.name: i for i, (c, _) in ds.customers.items()}
        self.owned: dict[str, list[str]] = {}  # person -> their customers, as the files list them
        for ident, (_, owner) in ds.customers.items():
            self.owned.setdefault(owner, []).append(ident)

    def route_of(self, customer: str) -> Route | None:
        return self.ds.routes.get(customer)

    def person(self, doc: Document, loc: Loc, ident: str) -> Iterator[Problem]:
        if self.people is not None and ident not in self.people:
            yield unknown_ref(doc, loc, ident, self.people, "人员")

    def customer(
        self, doc: Document, loc: Loc, ident: str, person: str, joined: Sequence[str] = ()
    ) -> Iterator[Problem]:
        """`ident` is a customer of `person`, or of one of the people `joined` (a joint visit)."""
        if self.customers is None:
            return
        if ident not in self.customers:
            own = self.owned.get(person, [])
            yield unknown_ref(doc, loc, ident, self.customers, "客户", names=self.customer_names, own=own)
            return
        found = self.ds.customers.get(ident)
        known = self.ds.people_by_id
        if found and found[1] != person and found[1] not in joined and person in known and found[1] in known:
            owner = self.ds.people_by_id.get(found[1])
            yield doc.problem(
                loc,
                "other-owner",
                f"客户 {ident}（{found[0].name}）由 {owner.name if owner else found[1]} 负责",
                f"确认客户编号；协同拜访写 with: [{found[1]}]",
                severity=WARNING,
            )

    def choice(self, doc: Document, loc: Loc, value: str, choices: list[str], what: str, where: str) -> Problem:
        return unknown_choice(doc, loc, value, choices, what, code="invalid-choice", where=where)

    def method(self, doc: Document, loc: Loc, method: str | None) -> Iterator[Problem]:
        if method is not None and self.methods is not None and method not in self.methods:
            yield self.choice(doc, loc, method, self.methods, "拜访方式", "team.yaml 的 methods")

    def figure(
        self, doc: Document, loc: Loc, ident: str, number: float, *, one_customer: bool = False
    ) -> Iterator[Problem]:
        """A count is whole; what one customer did is not below zero (a day's total may be: returns)."""
        metric = self.kinds.get(ident)
        if metric is MetricKind.COUNT and number != int(number):
            yield doc.problem(loc, "fractional-count", f"{ident} 是个数，不能是 {number:g}", "写整数")
        elif one_customer and number < 0:
            yield doc.problem(
                loc,
                "negative-figure",
                f"一次拜访的 {ident} 不能是负数 {number:g}",
                "写 0 或正数；退货等写在当天的合计里",
            )

    def metric(
        self, doc: Document, loc: Loc, ident: str, *, per_customer: bool = False, typed: bool = True
    ) -> Iterator[Problem]:
        """A metric named in a file; `typed`: a figure written down, not a target."""
        if typed and ident in self.counted:
            metric = self.counted[ident]
            yield doc.problem(
                loc,
                "counted-metric",
                f"指标 '{ident}'（{metric.label}）由记录统计，不用填写",
                "删除这一项：门户按团队设置（profile 或 team.yaml）中这个指标的 from，从拜访、电话或投诉记录数出来",
                key=True,
            )
            return
        if per_customer and self.metrics is not None and ident in self.metrics and ident not in self.per_customer:
            yield doc.problem(
                loc,
                "not-per-customer",
                f"指标 '{ident}' 不按客户填写",
                "写在日志的 figures 中；或在 team.yaml 中给这个指标加 per_customer: true",
                key=True,
            )
            return
        if self.metrics is not None and ident not in self.metrics:
            guess = did_you_mean(ident, sorted(self.metrics))
            yield doc.problem(
                loc,
                "unknown-metric",
                f"没有编号为 '{ident}' 的指标",
                f"是不是想写 '{guess}'？" if guess else "可用指标：" + "、".join(sorted(self.metrics)),
                key=True,
            )

    def folder_person(self, doc: Document) -> Iterator[Problem]:
        if self.people is not None and doc.folder not in self.people:
            guess = did_you_mean(doc.folder, sorted(self.people))
            yield Problem(
                doc.display,
                0,
                0,
                Severity.ERROR,
                "unknown-person-folder",
                f"文件夹 '{doc.folder}' 不是任何人的编号",
                f"是不是 '{guess}'？" if guess else "文件夹名应为 people.yaml 中的经理编号",
            )


def ring(start: str, parent: dict[str, str]) -> list[str]:
    """The ids around a loop of `parent` links through `start`, or [] when following them from it ends."""
    seen = [start]
    while (step := parent.get(seen[-1])) is not None:
        if step == start:
            return seen
        if step in seen:
            return []  # a loop elsewhere, said at its own members
        seen.append(step)
    return []
