"""The team settings: data/team.yaml (over the profile it names)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from builder.schema.base import Count, Day, Days, Hours, Minutes, Model, Ref, Text
from builder.schema.specs import Choice, ComplaintSettings, Duty, FieldSpec, FunnelStage, Metric, VisitMethod, VisitRule


class Rules(Model):
    calls_per_day: Count = Field(0, le=1000, description="每天至少电话联系客户数，0 表示不考核")
    customers_per_outing: Count = Field(0, le=1000, description="每次外出至少拜访客户数，0 表示不考核")
    visit_days_per_week: Count = Field(0, le=7, description="每周至少外出拜访天数，0 表示不考核")
    log_due_days: Days = Field(0, ge=0, description="日志最迟在第几个工作日后提交，0 表示当天")
    due_soon_days: Days = Field(7, ge=0, description="距应访日期多少天内提示即将应访")
    expiry_notice_days: Days = Field(30, ge=0, description="合同、证照到期前多少天提醒")


class Feeds(Model):
    alarm_minutes: Minutes | None = Field(30, ge=0, description="拜访前多少分钟提醒；不提醒写 null")
    refresh_hours: Hours = Field(6, gt=0, description="日历应用多久刷新一次订阅（小时）")
    visit_minutes: Minutes = Field(60, gt=0, description="计划未写时长时的默认拜访时长（分钟）")
    past_days: int = Field(14, ge=0, le=90, description="拜访过后在日历订阅中保留多少天（网站保留全部记录）")


class Workdays(Model):
    calendar: Literal["cn", "weekdays"] = Field(
        "cn", description="cn 按国务院节假日及调休安排；weekdays 只按周一至周五"
    )
    extra_holidays: list[Day] = Field(default_factory=list, description="本单位额外的休息日")
    extra_workdays: list[Day] = Field(default_factory=list, description="本单位额外的工作日")


class Publish(Model):
    protected_by_host: bool = Field(
        False, description="网站由托管方的门禁保护（GitLab Pages 访问控制、nginx 认证、单位内网），不需要加密"
    )
    public: bool = Field(False, description="明确同意把网站公开给所有人（网站含有客户数据时请勿使用）")
    show: list[Ref] = Field(
        default_factory=lambda: ["phone"],
        description="网站受密码或门禁保护时照常显示的敏感字段，默认 [phone]：门内的电话可直接点拨；"
        "写 [] 则一律遮盖；导出文件和日历订阅总是遮盖",
    )


CORE_SENSITIVE = ("phone", "id_number", "bank_card", "email", "address")


class Team(Model):
    profile: Ref = Field(
        description="团队类型：bank 银行，credit_union 农信社/农商行，securities 证券，tobacco 烟草营销，"
        "distribution 润滑油/工业品经销，telecom 电信运营商，property 物业客服；"
        "其余设置默认取自该类型，可在本文件中覆盖"
    )
    name: Text = Field(description="团队名称，显示在网站标题")
    organisation: Text = Field("", description="所属机构")
    start: Day | None = Field(None, description="团队开始使用门户的日期；此前不统计缺日志等规则")
    timezone: Text = Field("Asia/Shanghai", description="时区（IANA 名称）")
    site_url: Text = Field("", description="网站发布地址，用于日历订阅链接，如 https://example.com/portal/")
    source_url: Text = Field(
        "",
        description="数据文件在代码仓库中的网址模板，{path} 和 {line} 会被替换，"
        "如 https://github.com/org/repo/blob/main/{path}#L{line}",
    )
    words: dict[Ref, Text] = Field(
        default_factory=dict,
        description="网站用语：supervisor 主管的称呼，manager 客户经理的称呼，customer 客户的称呼，money 金额单位等",
    )
    metrics: list[Metric] = Field(min_length=1, description="考核指标")
    classes: list[Choice] = Field(min_length=1, description="客户分类，如 A类、B类、C类")
    customer_types: list[Choice] = Field(default_factory=list, description="客户类型，如 准客户、已成交客户")
    methods: list[VisitMethod] = Field(min_length=1, description="拜访方式")
    key_person_roles: list[Choice] = Field(default_factory=list, description="关键人物的角色，如 决策人、采购")
    funnel: list[FunnelStage] = Field(default_factory=list, description="每日计划与实际的环节；不用写 []")
    customer_fields: list[FieldSpec] = Field(default_factory=list, description="客户档案中本团队的字段")
    visit_fields: list[FieldSpec] = Field(default_factory=list, description="拜访记录中本团队的字段")
    visit_rules: list[VisitRule] = Field(default_factory=list, description="拜访频次规则；一个客户适用多条时取最严")
    duties: list[Duty] = Field(
        default_factory=list,
        description="例行事项：按周、月、季度截止的报表、考核、培训等，做完在当天日志的 duties 中写编号",
    )
    ledger_by: list[Ref] = Field(
        default_factory=list,
        description="台账除按人外，还按哪些客户属性合计，如 [building]（楼栋）、[territory]（片区）",
    )
    complaints: ComplaintSettings = Field(default_factory=ComplaintSettings, description="投诉处理环节和时限")
    rules: Rules = Field(default_factory=Rules, description="工作规则")
    sensitive: list[Ref] = Field(
        default_factory=list,
        description="发布网站时遮盖的：phone 电话、id_number 身份证号、bank_card 银行卡号和账号、email 邮箱"
        "（这四种在任何文字中都按其样子找出并遮盖）、address 地址或本团队的客户字段",
    )
    feeds: Feeds = Field(default_factory=Feeds, description="日历订阅设置")
    publish: Publish = Field(default_factory=Publish, description="发布：网站怎样受保护")
    workdays: Workdays = Field(default_factory=Workdays, description="工作日历")

    def word(self, key: str, default: str) -> str:
        return self.words.get(key, default)
