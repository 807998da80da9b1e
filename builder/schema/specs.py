"""The parts of the team settings: metrics, choices, fields, visit rules, complaint steps, duties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, model_validator

from builder.schema.base import Clock, Count, Days, Figure, Hours, Ident, Model, Ref, Text
from builder.schema.people import Role


class MetricKind(StrEnum):
    AMOUNT = "amount"
    COUNT = "count"
    RATE = "rate"
    LEVEL = "level"


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Range(Model):
    min: Figure | None = Field(None, description="不小于")
    max: Figure | None = Field(None, description="不大于")
    above: Figure | None = Field(None, description="大于")
    below: Figure | None = Field(None, description="小于")


Condition = Annotated[
    bool | float | str | list[str | float] | Range,
    WithJsonSchema({"description": "值、值的列表，或范围 {min, max, above, below}"}),
]


class RecordKind(StrEnum):
    VISITS = "visits"
    CALLS = "calls"
    COMPLAINTS = "complaints"


class Counted(Model):
    records: RecordKind = Field(
        description="统计哪种记录：visits 拜访（写了结果的）、calls 电话、complaints 投诉（按收到的日期）"
    )
    where: dict[Ref, Condition] = Field(
        default_factory=dict,
        description="只统计符合条件的记录。拜访：method、customer 或拜访字段（文字字段写 true 表示填写了）；"
        "投诉：category、customer、done（这个环节已完成）、on_time（按时完成）、decided（已完成或已超时）；"
        "电话：customer、invitation（是否邀约）",
    )
    sum: Ref | None = Field(None, description="累加拜访记录的这个数字字段，而不是数记录的条数")


class Metric(Model):
    id: Ident = Field(description="指标编号，日志 figures 和计划 targets 中使用，如 orders")
    label: Text = Field(description="显示名称，如 订货量")
    unit: Text = Field("", description="单位，如 万元、条、户、%")
    kind: MetricKind = Field(
        MetricKind.AMOUNT,
        description="amount 金额（累加），count 个数（累加，目标为整数），rate 比率（不累加、不按时间折算），"
        "level 时点值（取最新值，如余额）",
    )
    better: Better = Field(Better.HIGHER, description="higher 越高越好，lower 越低越好（如 投诉数、退货率）")
    of: list[Ref] = Field(
        default_factory=list,
        description="比率由两个指标之比算出：[分子指标, 分母指标]；不写则按每天填写的比率取平均",
    )
    latest: bool = Field(
        False, description="填写的比率取本期最后一次填写的值（如系统里截至当天的电子结算率），而不是各天的平均"
    )
    paced: bool = Field(
        False,
        description="比率按时间进度判断：分子逐日累积、分母是整期固定的数（如 收缴率 = 已收 ÷ 本月应收），"
        "月中按时间进度折算，不会因为还没收齐就显示落后",
    )
    per_customer: bool = Field(False, description="是否可在拜访记录中按客户填写（如 订货量）")
    reason_field: Ref | None = Field(None, description="客户没有这个指标时说明原因的拜访字段，如 no_order_reason")
    counted: Counted | None = Field(
        None,
        alias="from",
        description="由记录统计，不用填写：如 from: {records: visits, where: {method: callback}} 数回访的次数",
    )


class Choice(Model):
    id: Ident = Field(description="编号")
    label: Text = Field(description="显示名称")


class VisitMethod(Model):
    id: Ident = Field(description="拜访方式编号，如 onsite")
    label: Text = Field(description="显示名称，如 登门拜访")
    in_person: bool = Field(True, description="是否当面拜访（电话约访写 false）")


class FunnelStage(Model):
    id: Ident = Field(description="环节编号，如 effective_calls")
    label: Text = Field(description="显示名称，如 有效电话")
    converts_from: Ref | None = Field(None, description="由哪个环节转化而来，用于计算转化率")


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    FLAG = "flag"


class FieldSpec(Model):
    id: Ident = Field(description="字段编号，写在客户或拜访记录中，如 licence")
    label: Text = Field(description="显示名称，如 许可证号")
    type: FieldType = Field(FieldType.TEXT, description="text 文字，number 数字，date 日期，choice 选项，flag 是/否")
    choices: list[Text] = Field(default_factory=list, description="type 为 choice 时的可选值")
    unit: Text = Field("", description="数字的单位")
    min: Figure | None = Field(None, description="数字的最小值")
    max: Figure | None = Field(None, description="数字的最大值")
    expires: bool = Field(False, description="日期是否为到期日：到期前提醒，过期标红")
    required: bool = Field(False, description="是否必填")
    ledger: Literal["owed", "held"] | None = Field(
        None,
        description="客户字段的金额列入台账：owed 客户所欠（欠费、应收账款），held 客户在我方的（存款、贷款余额）；"
        "台账页按人和 ledger_by 合计",
    )
    promise: bool = Field(
        False, description="拜访字段的日期是客户的承诺（如承诺缴费日期）：到期提醒；过期仍欠着的列为逾期"
    )


class VisitRule(Model):
    id: Ident | None = Field(None, description="规则编号，team.yaml 中按编号修改或删除（remove）这条规则")
    label: Text = Field("", description="规则名称，如 城网零售户每月至少两次")
    when: dict[Ref, Condition] = Field(
        default_factory=dict, description="适用的客户：属性: 值，如 {class: A}、{area: 城网}、{grade: {min: 20}}"
    )
    every_days: Days | None = Field(None, gt=0, le=366, description="至少每多少天拜访一次")
    per_week: Count | None = Field(None, gt=0, le=7, description="每周至少拜访几次")
    per_month: Count | None = Field(None, gt=0, le=31, description="每月至少拜访几次")
    methods: Literal["in_person", "any"] | list[Ref] = Field(
        "in_person",
        description="哪些联系算数：in_person 当面拜访（默认）；any 任何写了结果的联系（电话、微信和电话记录也算）；"
        "或拜访方式编号的列表（call 表示日志里的电话记录）",
    )


class ComplaintStep(Model):
    id: Ident = Field(description="环节编号，写在投诉的 steps 中，如 responded")
    label: Text = Field(description="显示名称，如 反馈单签字")
    within_hours: Hours | None = Field(None, gt=0, description="收到投诉后多少小时内完成；不限时不写")


HoursCounted = Literal["office", "clock"]


class ComplaintCategory(Model):
    label: Text = Field(description="类别名称，如 维修")
    steps: list[Ref] = Field(
        default_factory=list, description="这类投诉要做的环节编号，按 complaints.steps 的先后；不写则做全部环节"
    )
    within_hours: dict[Ref, Hours] = Field(
        default_factory=dict, description="这类投诉各环节的时限（小时），取代环节本身的时限，如 {resolved: 24}"
    )
    hours: HoursCounted | None = Field(
        None,
        description="时限怎样计：office 只计工作日的办公时间，clock 按钟点连续计（如爆管）；不写按 complaints.hours",
    )


class OfficeHours(Model):
    start: Clock = Field(time(8, 30), description="上班时间 HH:MM")
    end: Clock = Field(time(17, 30), description="下班时间 HH:MM")

    @model_validator(mode="after")
    def _ordered(self) -> OfficeHours:
        if self.end <= self.start:
            raise ValueError("下班时间应晚于上班时间")
        return self


@dataclass(frozen=True)
class CategorySteps:
    """What a complaint of one category goes through: its steps with their limits, and how the hours count."""

    steps: tuple[ComplaintStep, ...]
    clock: bool


class ComplaintSettings(Model):
    steps: list[ComplaintStep] = Field(default_factory=list, description="投诉处理的环节，按先后顺序")
    escalation_handles: bool = Field(True, description="上报后是否视为已处理（之后的环节不再计时）")
    categories: list[Text | ComplaintCategory] = Field(
        default_factory=list,
        description="投诉类别，如 质量、服务；某类有自己的环节、时限或计时方式时写成 "
        "{label: 维修, steps: [...], within_hours: {环节: 小时}, hours: clock}",
    )
    hours: HoursCounted = Field(
        "office",
        description="时限怎样计：office 只计工作日（见 workdays）的办公时间（见 office_hours），clock 按钟点连续计",
    )
    office_hours: OfficeHours = Field(default_factory=OfficeHours, description="办公时间，office 计时用")

    @property
    def category_names(self) -> list[str]:
        return [c if isinstance(c, str) else c.label for c in self.categories]

    def own(self, category: str) -> ComplaintCategory | None:
        """The settings of its own `category` has, if any."""
        return next((c for c in self.categories if isinstance(c, ComplaintCategory) and c.label == category), None)

    def of(self, category: str) -> CategorySteps:
        """The steps and limits of a complaint of `category` (the team's own when it has none of its own)."""
        own = self.own(category)
        clock = (own.hours if own and own.hours else self.hours) == "clock"
        if own is None:
            return CategorySteps(tuple(self.steps), clock)
        steps = [s for s in self.steps if not own.steps or s.id in own.steps]
        limits = own.within_hours
        return CategorySteps(
            tuple(s.model_copy(update={"within_hours": limits[s.id]}) if s.id in limits else s for s in steps), clock
        )


class Duty(Model):
    id: Ident = Field(description="事项编号，写在日志的 duties 中，如 forecast")
    label: Text = Field(description="显示名称，如 需求预测上报")
    every: Literal["week", "month", "quarter"] = Field(description="多久一次：week 每周，month 每月，quarter 每季度")
    by: Count = Field(
        gt=0,
        le=31,
        description="截止：每周的星期几（1 周一 … 7 周日），每月的几日，每季度末月的几日；"
        "超过月底按月底，遇节假日顺延到下一个工作日",
    )
    who: list[Role] = Field(
        default_factory=lambda: [Role.MANAGER, Role.KEY_ACCOUNT_MANAGER],
        description="谁做：manager、key_account_manager、supervisor（默认两种经理）",
    )
    recorded: Literal["log", "week_summary", "month_summary"] = Field(
        "log",
        description="怎样算做了：log 当期某天的日志在 duties 中写了编号（默认）；week_summary 写了这一周周计划的 "
        "summary（周小结，如每周五的周报）；month_summary 写了这个月月度计划的 summary。写了日志也算",
    )
