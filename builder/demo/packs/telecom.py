"""The telecom operator's business-customer department (电信政企客户部): agencies, schools, hospitals, firms."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from builder.demo.pack import ComplaintText, Ctx, CustomerKind, FunnelPace, NameMaker, Pack

TERRITORIES = ["政务区", "高新园区", "大学城", "医疗片区", "老城商圈", "开发区", "港口片区", "新城片区"]
STREETS = {
    "政务区": ["市民路", "行政大道", "政通路"],
    "高新园区": ["软件园路", "科技路", "智造大道"],
    "大学城": ["学府路", "文华路", "博学路"],
    "医疗片区": ["健康路", "仁和街", "康宁路"],
    "老城商圈": ["中山路", "步行街", "商业街"],
    "开发区": ["开发大道", "工业路", "兴港路"],
    "港口片区": ["港湾大道", "临海路", "码头路"],
    "新城片区": ["新城大道", "未来路", "滨湖路"],
}
DISTRICTS = ["城西区", "江城市", "滨湖区", "高新区"]
AGENCIES = [
    "人力资源和社会保障局",
    "市场监督管理局",
    "自然资源和规划局",
    "教育局",
    "卫生健康委员会",
    "行政审批服务中心",
    "街道办事处",
    "住房和城乡建设局",
    "应急管理局",
    "税务局第一分局",
]
SCHOOLS = ["实验小学", "第一中学", "第三中学", "外国语学校", "职业技术学院", "实验幼儿园", "第二小学", "高级中学"]
HOSPITALS = ["第一人民医院", "第二人民医院", "中医院", "妇幼保健院", "口腔医院", "社区卫生服务中心", "康复医院"]
PREFIXES = ["江城", "恒达", "汇通", "华创", "天成", "远大", "新宇", "精工", "博瑞", "中联", "瑞祥", "德信", "海川"]
FIRM_TRADES = {
    "制造": ["精密机械有限公司", "电子科技有限公司", "新材料股份有限公司", "汽车零部件有限公司"],
    "商贸": ["商贸有限公司", "连锁超市有限公司", "酒店管理有限公司", "物流有限公司"],
    "金融": ["小额贷款有限公司", "保险代理有限公司", "融资租赁有限公司"],
}
EMPLOYEES = {"政务": (40, 300), "教育": (80, 600), "医疗": (200, 2000), "制造": (50, 1200), "商贸": (20, 400)}
EMPLOYEES["金融"] = (20, 200)


def _agency(rng: random.Random) -> str:
    return f"{rng.choice(DISTRICTS)}{rng.choice(AGENCIES)}"


def _school(rng: random.Random) -> str:
    return f"{rng.choice(DISTRICTS)}{rng.choice(SCHOOLS)}"


def _hospital(rng: random.Random) -> str:
    return f"{rng.choice(DISTRICTS)}{rng.choice(HOSPITALS)}"


def _firm(industry: str) -> NameMaker:
    return lambda rng: f"{rng.choice(PREFIXES)}{rng.choice(FIRM_TRADES[industry])}"


def _kind(ident: str, weight: float, name: NameMaker, industry: str, types: Mapping[str, float]) -> CustomerKind:
    positions = [("分管领导", "decision_maker"), ("信息中心主任", "it_lead"), ("采购专员", "purchaser")]
    if industry in FIRM_TRADES:
        positions = [
            ("总经理", "decision_maker"),
            ("IT 经理", "it_lead"),
            ("行政采购", "purchaser"),
            ("财务经理", "finance"),
        ]
    return CustomerKind(ident, weight, name, True, types, positions, (1, 3), fixed={"industry": industry})


def _employees(rng: random.Random, ctx: Ctx) -> int:
    low, high = EMPLOYEES[ctx.kind.fixed["industry"]]
    return round(rng.randint(low, high), -1)


def _monthly_bill(rng: random.Random, ctx: Ctx) -> float:
    return round(float(ctx.customer.get("employees", 100)) * rng.uniform(0.004, 0.02), 1)


def _contract_end(rng: random.Random, ctx: Ctx) -> date:
    return ctx.end + timedelta(days=rng.randrange(-30, 730))


PUBLIC = {"government": 1}
FIRMS = {"sme": 3, "group": 1}


def _arrears(rng: random.Random, ctx: Ctx) -> float | None:
    """A few customers owe a month or two of their bill (003「欠费收缴」)."""
    bill = ctx.customer.get("monthly_bill")
    return round(float(bill) * rng.choice([1, 1, 2]), 1) if bill and rng.random() < 0.08 else None


def _alert(rng: random.Random, ctx: Ctx) -> str:
    """The billing system's warning (003「欠费预警、话费突增」): owing customers are warned."""
    if ctx.customer.get("arrears"):
        return "欠费预警"
    return rng.choices(["无", "话费突增", "话费下降", "零话费"], weights=[40, 2, 2, 1])[0]


def _visit(rng: random.Random, visit: dict[str, Any], customer: dict[str, Any], _day: date) -> None:
    """A contract running out is renewed, changed or, rarely, not, with the written reason
    (003「到期提醒的协议要及时进行续签或改签…须要写出书面说明」)."""
    visit.pop("renewal", None)
    visit.pop("renewal_note", None)
    if customer.get("expiries") and rng.random() < 0.25:
        visit["renewal"] = rng.choices(["续签", "改签", "未续签"], weights=[7, 2, 1])[0]
        if visit["renewal"] == "未续签" and rng.random() < 0.8:
            visit["renewal_note"] = rng.choice(["单位预算未批，明年一月再议", "已改用其他运营商专线，已书面说明原因"])


PACK = Pack(
    team_name="城西分公司政企客户部",
    organisation="江城电信城西分公司",
    supervisor=("林海", "linhai"),
    supervisor_territory="政企客户部",
    managers=[
        ("许文杰", "xuwenjie"),
        ("崔静怡", "cuijingyi"),
        ("秦浩然", "qinhaoran"),
        ("韦丽萍", "weiliping"),
        ("雷鸣", "leiming"),
        ("邵雨欣", "shaoyuxin"),
        ("龚志成", "gongzhicheng"),
        ("尹婷婷", "yintingting"),
    ],
    territories=TERRITORIES,
    streets=STREETS,
    kinds=[
        _kind("agency", 0.2, _agency, "政务", PUBLIC),
        _kind("school", 0.15, _school, "教育", {"government": 2, "group": 1}),
        _kind("hospital", 0.1, _hospital, "医疗", {"group": 2, "government": 1}),
        _kind("maker", 0.25, _firm("制造"), "制造", FIRMS),
        _kind("trader", 0.22, _firm("商贸"), "商贸", FIRMS),
        _kind("finance", 0.08, _firm("金融"), "金融", {"sme": 1, "group": 1}),
    ],
    self_position="负责人",
    jobs=["企业主"],
    base_targets={
        "revenue": 50,
        "lines": 5,
        "broadband": 15,
        "sim_cards": 60,
        "cloud": 20,
        "churn": 3,
        "arrears_collected": 4,
        "renewals": 2,
        "renewals_unexplained": 0,
    },
    count_targets={"lines": (3, 8), "broadband": (10, 25), "sim_cards": (40, 90), "churn": (1, 4)},
    method_weights={"onsite": 7, "phone": 2, "solution": 2, "survey": 1},
    funnel={
        "opportunities": FunnelPace((3, 4, 5), (1, 5)),
        "solutions": FunnelPace((1, 2), (0, 2)),
        "contracts": FunnelPace((1,), (0, 1)),
    },
    calls=(3, 8),
    makers={
        "employees": _employees,
        "monthly_bill": _monthly_bill,
        "contract_end": _contract_end,
        "arrears": _arrears,
        "alert": _alert,
    },
    visit_hook=_visit,
    key_actions=["onsite", "solution", "survey", "phone"],
    anniversary="签约纪念日",
    expiry_items=["互联网专线合同", "云主机租用合同", "集团号卡协议", "视频监控服务合同"],
    expiry_amounts=[5, 10, 20, 50, 100],
    expiry_share=0.2,
    notes=["采购走公开招标", "信息中心主任是技术把关人", "预算每年三月批复", "对网络稳定性要求高"],
    purposes_org=[
        "了解信息化建设规划",
        "推荐互联网专线提速",
        "洽谈云主机和数据备份方案",
        "现场勘查机房和布线",
        "集团号卡续约",
        "处理网络故障后回访",
        "介绍视频会议和安防监控方案",
    ],
    discussions_org=[
        "信息中心计划明年上线新的业务系统，需要两条百兆专线互为备份。",
        "单位新入职 40 人，需要办理号卡并开通集团短号。",
        "学校准备建智慧教室，咨询校园宽带和云桌面。",
        "医院影像数据增长快，对云存储和专线带宽有需求。",
        "客户反映上月网络中断两小时，已说明原因并提供故障报告。",
        "竞争对手报价低两成，客户要求重新报价。",
        "合同明年到期，客户愿意续约，但希望增加带宽不加价。",
    ],
    strategies=[
        "先做现场勘查，再出方案",
        "联合解决方案经理上门交流",
        "以服务质量保障打动客户",
        "用同行业案例说明效果",
        "向分管领导汇报整体方案",
        "节日问候为主，不谈业务",
    ],
    anomalies=[
        "竞争运营商推出专线首年半价活动。",
        "园区新入驻十几家企业，信息化需求集中。",
        "有客户反映被竞争对手上门挖转号卡。",
        "政府采购平台发布了视频会议项目招标。",
        "片区光缆施工，近期可能影响网络质量。",
    ],
    suggestions=[
        "希望故障响应再快一些。",
        "希望提供账单明细的电子版。",
        "建议定期上门巡检机房。",
        "希望号卡套餐更灵活。",
    ],
    effects=[
        "客户认可方案，约定下周报价。",
        "沟通顺畅，关系进一步拉近。",
        "客户仍在比较，需要持续跟进。",
        "已签订意向书。",
        "效果一般，客户对价格不满意。",
    ],
    next_steps=[
        "下周提交解决方案和报价",
        "安排技术人员现场勘查",
        "约分管领导汇报方案",
        "准备续约合同",
        "跟进号卡办理进度",
    ],
    call_outcomes=[
        "客户同意下周现场交流",
        "提醒客户合同下月到期",
        "确认了勘查时间",
        "客户出差，约下周再联系",
        "客户暂无需求，保持联系",
        "电话未接通，稍后再拨",
    ],
    meeting_places=["客户办公室", "客户机房", "分公司展厅", "客户会议室"],
    complaints=[
        ComplaintText("网络故障", "专线中断近两小时，影响窗口业务办理。", "抢修恢复后提交故障报告，承诺增加备份路由。"),
        ComplaintText("资费", "账单比合同约定多收了费用。", "核实后退还差额，调整计费配置。"),
        ComplaintText("装机", "约好的宽带安装推迟了三天。", "致歉并协调装维人员优先上门。"),
        ComplaintText("服务", "报障电话打了几次都没人回复。", "指定专人对接，故障时直接联系客户经理。"),
    ],
    problems=[
        ("客户预算紧张，项目推迟。", "拆分方案分期实施，先上最急需的部分。"),
        ("竞争对手低价抢客户。", "突出网络质量和本地服务，必要时申请优惠。"),
        ("客户信息化负责人更换。", "重新拜访新负责人，做好交接。"),
    ],
    reflections=[
        "先勘查再出方案，客户更信任。",
        "分管领导和技术负责人都要照顾到。",
        "合同到期前三个月就要开始续约。",
        "当天拜访当天记，需求细节不容易漏。",
    ],
    focus_market=["收集园区新入驻企业名单", "了解竞争对手的报价和活动", "跟踪政府采购项目"],
    focus_brand=["推广云业务和视频会议", "开展校园信息化交流会", "宣传专线服务保障"],
    focus_service=["战略客户走访", "故障客户回访", "到期合同续约"],
    month_focus=[
        "战略客户续约",
        "专线和云业务拓展",
        "园区中小企业宽带营销",
        "号卡新增和防离网",
        "政府采购项目跟进",
        "医疗和教育行业方案推广",
        "离网预警客户挽留",
    ],
    resources=["需要解决方案经理支持", "需要申请专项优惠", "需要装维人员配合勘查", ""],
    week_summaries=[
        "本周各项指标基本按进度完成，收入略有落后，下周加快合同签订。",
        "本周拜访计划执行较好，战略客户全部走访，号卡新增超过周目标。",
        "受客户会议影响两户拜访顺延，计划总体合理，效果一般。",
    ],
    tomorrow=[
        "上午去园区拜访两家企业，下午写方案。",
        "陪装维人员现场勘查。",
        "整理本周商机，电话回访重要客户。",
        "参加分公司例会，下午拜访客户。",
    ],
    review_comments=["记录详细，继续保持。", "商机要及时录入。", "注意合同到期提醒。", "故障回访要闭环。"],
)
