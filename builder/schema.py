"""The data formats: one pydantic model per kind of file, the single source of truth.

The JSON Schema files that editors use for completion are exported from these
models (`portal schema`). Descriptions are shown to managers while they type.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, TypeAdapter, WithJsonSchema

from builder.load import Kind

# --- scalar types -------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"


class Invalid(ValueError):
    """A value the manager wrote that cannot be right, with how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


DATE_HINT = "日期写作 YYYY-MM-DD，如 2026-09-01"
TIME_HINT = "时间写作 24 小时制 HH:MM，如 09:30"


FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside these years are typing mistakes (and break the calendar)
MAX_AMOUNT = 1e12  # no amount, figure or target of a team reaches this
MAX_COUNT = 1_000_000  # no count of calls, visits or customers reaches this


def _year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(f"{text} 的年份 {year} 不合理", f"年份应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间")


def parse_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        _year(value.year, value.isoformat())
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if not match or isinstance(value, bool):
        raise Invalid(f"'{text}' 不是日期", DATE_HINT)
    _year(int(match[1]), text)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise Invalid(f"{text} 这一天不存在", "检查月份和日子，如 2 月只有 28 或 29 天") from None


def _time(value: Any) -> time:
    if isinstance(value, time):
        return value
    match = _TIME.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise Invalid(f"'{value}' 不是时间", TIME_HINT)
    return time(int(match[1]), int(match[2]))


def _moment(value: Any) -> datetime | time:
    """A date and time, or only a time meaning 'on the day of this log'."""
    if isinstance(value, (datetime, time)):
        return value
    text = str(value).strip()
    match = _MOMENT.match(text)
    if match:
        day = parse_date(match[1])
        return datetime(day.year, day.month, day.day, int(match[2]), int(match[3]))
    if _TIME.match(text):
        return _time(text)
    raise Invalid(f"'{text}' 不是时间", "写 HH:MM（当天）或 YYYY-MM-DD HH:MM，如 2026-11-19 10:20")


def parse_week(value: Any) -> tuple[int, int]:
    match = _WEEK.match(str(value).strip())
    if match:
        year, week = int(match[1]), int(match[2])
        _year(year, str(value).strip())
        try:
            date.fromisocalendar(year, week, 1)
            return year, week
        except ValueError:
            raise Invalid(f"{year} 年没有第 {week} 周", "ISO 周从 W01 到 W52 或 W53") from None
    raise Invalid(f"'{value}' 不是周", "周写作 YYYY-Www，如 2026-W47")


def parse_month(value: Any) -> tuple[int, int]:
    match = _MONTH.match(str(value).strip())
    if match and 1 <= int(match[2]) <= 12:
        _year(int(match[1]), str(value).strip())
        return int(match[1]), int(match[2])
    raise Invalid(f"'{value}' 不是月份", "月份写作 YYYY-MM，如 2026-11")


def _text(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _identifier(value: Any) -> Any:
    """An id may be all digits (a licence number); written without quotes YAML reads it as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        raise Invalid(f"编号 {value:g} 是小数", "编号只含字母、数字、- 和 _；全是数字的编号请加引号")
    return value


Day = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
Clock = Annotated[
    time,
    BeforeValidator(_time),
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern, "examples": ["09:30"]}),
]
Moment = Annotated[
    datetime | time,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"{_MOMENT.pattern}|{_TIME.pattern}",
            "examples": ["2026-11-19 10:20", "10:20"],
        }
    ),
]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
Ident = Annotated[str, BeforeValidator(_identifier), Field(pattern=ID_PATTERN)]
# A reference to an id defined elsewhere: checked against the definitions, with suggestions.
Ref = Annotated[str, BeforeValidator(_identifier), WithJsonSchema({"type": "string"})]
WeekName = Annotated[
    str,
    BeforeValidator(lambda v: "{}-W{:02d}".format(*parse_week(v))),
    WithJsonSchema({"type": "string", "pattern": _WEEK.pattern}),
]
MonthName = Annotated[
    str,
    BeforeValidator(lambda v: "{}-{:02d}".format(*parse_month(v))),
    WithJsonSchema({"type": "string", "pattern": _MONTH.pattern}),
]
Secret = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,}$")]


def _number(value: Any, *, whole: bool) -> Any:
    """Refuse what pydantic's lax mode would take for a number: true/false, NaN, infinity, huge values."""
    what = "整数" if whole else "数字"
    if isinstance(value, bool):
        raise Invalid(f"{str(value).lower()} 不是{what}", f"这里写{what}，如 0 或 3")
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(f"{value} 不是有限的{what}", f"这里写{what}，如 0 或 3")
    if isinstance(value, (int, float)) and abs(value) > (MAX_COUNT if whole else MAX_AMOUNT):
        limit = f"{MAX_COUNT:,}" if whole else "1 万亿"
        raise Invalid(f"{_short(value)} 太大了", f"这里的{what}不会超过 {limit}；检查是否多写了位数")
    return value


def _short(value: float) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:12]}…（{len(text)} 位）"


Amount = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(ge=0)]
# A signed figure (a change in a balance can be negative): finite and bounded, never true/false.
Figure = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(allow_inf_nan=False)]
# Spans in team settings: bounded so that date and time arithmetic cannot overflow
# (`visit_minutes: 1e12` crashed a cross-check). Use with Field(gt=0) or Field(ge=0).
Days = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(le=3660)]
Hours = Annotated[float, BeforeValidator(lambda v: _number(v, whole=False)), Field(le=24 * 366, allow_inf_nan=False)]
Minutes = Annotated[int, BeforeValidator(lambda v: _number(v, whole=True)), Field(le=24 * 60 * 31)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- team settings: data/team.yaml (over the profile it names) ---------------------


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


class ComplaintSettings(Model):
    steps: list[ComplaintStep] = Field(default_factory=list, description="投诉处理的环节，按先后顺序")
    escalation_handles: bool = Field(True, description="上报后是否视为已处理（之后的环节不再计时）")
    categories: list[Text] = Field(default_factory=list, description="投诉类别，如 质量、服务、价格")


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


CORE_SENSITIVE = ("phone", "id_number", "address")


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
        default_factory=list, description="发布网站时遮盖的字段：phone、id_number、address 或本团队的客户字段"
    )
    feeds: Feeds = Field(default_factory=Feeds, description="日历订阅设置")
    publish: Publish = Field(default_factory=Publish, description="发布：网站怎样受保护")
    workdays: Workdays = Field(default_factory=Workdays, description="工作日历")

    def word(self, key: str, default: str) -> str:
        return self.words.get(key, default)


# --- people: data/people.yaml ---------------------------------------------------------


class Role(StrEnum):
    MANAGER = "manager"
    KEY_ACCOUNT_MANAGER = "key_account_manager"
    SUPERVISOR = "supervisor"


class Person(Model):
    id: Ident = Field(description="经理编号，建议用姓名拼音，如 zhangwei")
    name: Text = Field(description="姓名")
    role: Role = Field(
        Role.MANAGER, description="manager 客户经理，key_account_manager 大客户经理，supervisor 主管（称呼见 words）"
    )
    supervisor: Ref | None = Field(None, description="主管的编号")
    territory: Text = Field("", description="片区")
    email: Text = Field("", description="邮箱")
    phone: Text = Field("", description="电话")
    start: Day | None = Field(None, description="入职或开始使用门户的日期；此前不统计缺日志等规则")
    leave: Day | None = Field(None, description="离开团队的日期；此后不再统计")


# --- customers: data/customers/<owner>.yaml ---------------------------------------------


class Declared(BaseModel):
    """A record that may carry the team's own fields (customer_fields, visit_fields) as extra keys;
    validate.py checks them against the team's declarations."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class KeyPerson(Model):
    name: Text = Field(description="姓名")
    position: Text = Field("", description="职务")
    role: Ref | None = Field(None, description="角色，见 team.yaml 的 key_person_roles，如 decision_maker")
    phone: Text = Field("", description="电话（敏感）")
    birthday: Day | None = Field(None, description="生日 YYYY-MM-DD")


class Anniversary(Model):
    label: Text = Field(description="纪念日名称，如 开业纪念日")
    date: Day = Field(description="首次的日期 YYYY-MM-DD，每年提醒")


class Expiry(Model):
    item: Text = Field(description="到期的合同、产品或证照")
    date: Day = Field(description="到期日 YYYY-MM-DD")
    amount: Amount | None = Field(None, description="金额（单位见 team.yaml 的 words.money）")


class Route(Model):
    id: Ident = Field(description="线路编号，如 east1")
    label: Text = Field(description="线路名称，如 城东一线")
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        min_length=1, description="走这条线路的星期：mon tue wed thu fri sat sun"
    )


class Customer(Declared):
    id: Ident = Field(description="客户编号，如 c017；许可证号等纯数字编号请加引号")
    name: Text = Field(description="客户名称")
    class_: Ref = Field(alias="class", description="客户分类，见 team.yaml 的 classes")
    type: Ref | None = Field(None, description="客户类型，见 team.yaml 的 customer_types")
    key: bool = Field(False, description="是否重点客户")
    route: Ref | None = Field(None, description="所在线路的编号，见本文件的 routes")
    territory: Text = Field("", description="片区")
    organisation: Text = Field("", description="单位")
    address: Text = Field("", description="地址")
    phone: Text = Field("", description="电话（敏感）")
    id_number: Text = Field("", description="证件号码（敏感）")
    birthday: Day | None = Field(None, description="生日 YYYY-MM-DD")
    since: Day | None = Field(None, description="成为客户的日期")
    key_persons: list[KeyPerson] = Field(default_factory=list, description="关键人物")
    anniversaries: list[Anniversary] = Field(default_factory=list, description="纪念日")
    expiries: list[Expiry] = Field(default_factory=list, description="合同、产品到期")
    notes: Text = Field("", description="备注")


class CustomerFile(Model):
    owner: Ref = Field(description="负责这些客户的经理编号")
    routes: list[Route] = Field(default_factory=list, description="拜访线路及其星期")
    customers: list[Customer] = Field(description="客户列表")


# --- daily log: data/logs/<person>/<date>.yaml ------------------------------------------


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


# --- plans: data/plans/<person>/<YYYY>-W<ww>.yaml and <YYYY-MM>.yaml ------------------------


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


SCHEMAS: dict[Kind, TypeAdapter[Any]] = {
    Kind.TEAM: TypeAdapter(Team),
    Kind.PEOPLE: TypeAdapter(list[Person]),
    Kind.CUSTOMERS: TypeAdapter(CustomerFile),
    Kind.LOG: TypeAdapter(DailyLog),
    Kind.WEEK_PLAN: TypeAdapter(WeekPlan),
    Kind.MONTH_PLAN: TypeAdapter(MonthPlan),
}

# Which files each exported schema applies to, for editors.
SCHEMA_GLOBS: dict[Kind, str] = {
    Kind.TEAM: "data/team.yaml",
    Kind.PEOPLE: "data/people.yaml",
    Kind.CUSTOMERS: "data/customers/*.yaml",
    Kind.LOG: "data/logs/*/*.yaml",
    Kind.WEEK_PLAN: "data/plans/*/*-W*.yaml",
    Kind.MONTH_PLAN: "data/plans/*/[0-9][0-9][0-9][0-9]-[0-9][0-9].yaml",
}
