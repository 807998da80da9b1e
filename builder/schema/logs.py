"""The daily log: data/logs/<person>/<date>.yaml."""

from __future__ import annotations

from pydantic import Field

from builder.schema.base import Clock, Count, Day, Declared, Figure, Model, Moment, Ref, Text


class Contact(Model):
    name: Text = Field(description="姓名")
    position: Text = Field("", description="职务")
    phone: Text = Field("", description="电话（敏感）")


class Visit(Declared):
    time: Clock = Field(description="拜访时间 HH:MM")
    customer: Ref = Field(description="客户编号")
    method: Ref | None = Field(None, description="拜访方式，见 team.yaml 的 methods；默认第一种")
    purpose: Text = Field("", description="拜访目的")
    with_: list[Ref] = Field(default_factory=list, alias="with", description="一同拜访的人的编号（协同拜访）")
    met: list[Contact] = Field(default_factory=list, description="见到的人")
    discussion: Text = Field("", description="洽谈内容")
    figures: dict[Ref, Figure] = Field(
        default_factory=dict, description="这个客户的业绩：指标编号: 数值，如 orders: 50"
    )
    strategy_done: bool | None = Field(None, description="服务策略是否执行")
    anomalies: Text = Field("", description="市场异常信息")
    suggestions: Text = Field("", description="客户意见建议")
    effect: Text = Field("", description="拜访效果及感受")
    next_step: Text = Field("", description="下一步工作")
    next_visit: Day | None = Field(None, description="下次拜访日期 YYYY-MM-DD")

    @property
    def has_result(self) -> bool:
        """Whether its result is written: someone met, what was discussed, its effect, figures,
        the strategy done or not, anomalies, suggestions or one of the team's visit fields.
        `portal new log` copies time, customer, method and purpose from the plan; until a
        result is written the visit is still a plan and counts as done nowhere."""
        return bool(
            self.met
            or self.discussion.strip()
            or self.effect.strip()
            or self.figures
            or self.strategy_done is not None
            or self.anomalies.strip()
            or self.suggestions.strip()
            or any(value not in (None, "", [], {}) for value in self.fields.values())
        )


class Invitation(Model):
    at: Moment = Field(description="约定见面时间 YYYY-MM-DD HH:MM")
    place: Text = Field("", description="地点")


class Call(Model):
    customer: Ref = Field(description="客户编号")
    time: Clock | None = Field(None, description="时间 HH:MM")
    outcome: Text = Field("", description="沟通结果")
    invitation: Invitation | None = Field(None, description="电话邀约：约定的见面")


class Tally(Model):
    plan: Count = Field(0, description="计划")
    actual: Count = Field(0, description="实际")


class Complaint(Model):
    customer: Ref | None = Field(None, description="客户编号；投诉人不在客户档案中时不写，改写 complainant 和 address")
    complainant: Text = Field("", description="投诉人（不在客户档案中时，如租户、路人、来电者）")
    address: Text = Field("", description="投诉人的地址或房号（不在客户档案中时）")
    received: Moment = Field(description="收到时间 HH:MM 或 YYYY-MM-DD HH:MM")
    category: Text = Field("", description="投诉类别，见 team.yaml 的 complaints.categories")
    product: Text = Field("", description="涉及的产品")
    summary: Text = Field(description="投诉内容")
    steps: dict[Ref, Moment] = Field(
        default_factory=dict, description="各环节完成时间：环节编号: 时间，环节见 team.yaml 的 complaints.steps"
    )
    escalated: Moment | None = Field(None, description="上报时间")
    handling: Text = Field("", description="处理情况")


class Issue(Model):
    problem: Text = Field(description="遇到的问题")
    solution: Text = Field("", description="解决方案")


class Review(Model):
    by: Ref = Field(description="主管编号")
    date: Day = Field(description="审阅日期")
    comment: Text = Field("", description="批注")
    covers: Text = Field(
        "", description="审阅时日志内容的指纹（portal review 写入，不要手改）：日志之后被改动，审阅就只算之前的版本"
    )


class DailyLog(Model):
    date: Day = Field(description="日期，必须与文件名相同")
    visits: list[Visit] = Field(default_factory=list, description="拜访记录")
    calls: list[Call] = Field(default_factory=list, description="电话沟通")
    funnel: dict[Ref, Tally] = Field(default_factory=dict, description="计划与实际：环节编号: {plan, actual}")
    figures: dict[Ref, Figure] = Field(default_factory=dict, description="业绩：指标编号: 数值")
    complaints: list[Complaint] = Field(default_factory=list, description="客户投诉")
    problems: list[Issue] = Field(default_factory=list, description="遇到的问题和解决方案")
    reflections: Text = Field("", description="工作心得")
    tomorrow: Text = Field("", description="次日计划")
    review: Review | None = Field(None, description="主管审阅（签字确认）")
    duties: list[Ref] = Field(default_factory=list, description="今天做完的例行事项的编号，见 team.yaml 的 duties")
