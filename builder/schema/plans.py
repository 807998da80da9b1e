"""The plans: data/plans/<person>/<YYYY>-W<ww>.yaml and <YYYY-MM>.yaml."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from builder.schema.base import Amount, Clock, Count, Figure, Model, MonthName, Ref, Text, WeekName


class Category(StrEnum):
    KEY = "key"
    ORDINARY = "ordinary"


class PlannedVisit(Model):
    time: Clock = Field(description="开始时间 HH:MM")
    customer: Ref = Field(description="客户编号")
    duration: int | None = Field(None, gt=0, le=720, description="时长（分钟），默认见 team.yaml")
    category: Category | None = Field(None, description="key 重点，ordinary 一般；默认按客户档案")
    method: Ref | None = Field(None, description="拜访方式，见 team.yaml 的 methods；默认第一种")
    purpose: Text = Field("", description="拜访目的")
    strategy: Text = Field("", description="服务策略")
    location: Text = Field("", description="地点，默认客户地址")
    with_: list[Ref] = Field(
        default_factory=list,
        alias="with",
        description="一同拜访的人的编号（协同拜访，如主管陪同）：拜访也列入他们的日历",
    )


class DayPlan(Model):
    route: Text = Field("", description="拜访线路")
    visits: list[PlannedVisit] = Field(default_factory=list, description="计划拜访")


class Focus(Model):
    market: Text = Field("", description="市场信息")
    brand: Text = Field("", description="品牌培育")
    service: Text = Field("", description="客户服务")


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class WeekPlan(Model):
    week: WeekName = Field(description="ISO 周，如 2026-W47，必须与文件名相同")
    focus: Focus = Field(default_factory=Focus, description="本周工作重点")
    mon: DayPlan | None = Field(None, description="周一")
    tue: DayPlan | None = Field(None, description="周二")
    wed: DayPlan | None = Field(None, description="周三")
    thu: DayPlan | None = Field(None, description="周四")
    fri: DayPlan | None = Field(None, description="周五")
    sat: DayPlan | None = Field(None, description="周六（调休上班时）")
    sun: DayPlan | None = Field(None, description="周日（调休上班时）")
    summary: Text = Field("", description="周小结：进度、计划是否合理、效果")

    def days(self) -> list[tuple[int, DayPlan]]:
        """(weekday 0-6, plan) for every day that has a plan."""
        return [(i, p) for i, name in enumerate(WEEKDAYS) if (p := getattr(self, name)) is not None]


class KeyCustomerPlan(Model):
    customer: Ref = Field(description="客户编号")
    actions: list[Ref] = Field(default_factory=list, description="计划动作：拜访方式编号，见 team.yaml 的 methods")
    resources: Text = Field("", description="需要的资源支持")


class VisitTargets(Model):
    customers: Count = Field(0, description="计划拜访客户数")
    key_customers: Count = Field(0, description="其中重点客户数")


class MonthPlan(Model):
    month: MonthName = Field(description="月份，如 2026-11，必须与文件名相同")
    focus: list[Text] = Field(default_factory=list, description="本月工作重点")
    targets: dict[Ref, Amount] = Field(default_factory=dict, description="指标目标：指标编号: 目标值")
    last_year: dict[Ref, Figure] = Field(default_factory=dict, description="去年同月实际，用于同比")
    visits: VisitTargets = Field(default_factory=VisitTargets, description="拜访计划")
    key_customers: list[KeyCustomerPlan] = Field(default_factory=list, description="重点跟进客户")
    summary: Text = Field("", description="月度总结")
