"""The bank branch (银行支行): the shipped demo team, a retail and business branch in an eastern city.

Its drawing order and distributions are those the shipped data/ was made with: keep them.
"""

from __future__ import annotations

import random

from builder.demo import names
from builder.demo.pack import ComplaintText, Ctx, CustomerKind, FunnelPace, Level, Pack

TEAM_NAME = "城东支行客户经理团队"
ORGANISATION = "江南银行城东支行"

SUPERVISOR = ("王芳", "wangfang")
MANAGERS = [
    ("张伟", "zhangwei"), ("李静", "lijing"), ("刘洋", "liuyang"), ("陈晨", "chenchen"),
    ("杨帆", "yangfan"), ("赵磊", "zhaolei"), ("黄婷", "huangting"), ("周杰", "zhoujie"),
]  # fmt: skip
TERRITORIES = [
    "新华街片区", "建设路片区", "城东新区", "滨江片区", "东湖片区", "科技园片区", "老城片区", "高铁新城",
]  # fmt: skip
STREETS = {
    "新华街片区": ["新华街", "文化路", "解放路"],
    "建设路片区": ["建设路", "工农路", "和平巷"],
    "城东新区": ["东方大道", "迎宾路", "金桥路"],
    "滨江片区": ["滨江路", "江南大道", "望江路"],
    "东湖片区": ["东湖路", "湖滨路", "青年路"],
    "科技园片区": ["科创大道", "智慧路", "创业路"],
    "老城片区": ["中山路", "鼓楼街", "府前街"],
    "高铁新城": ["站前路", "高铁大道", "兴业路"],
}
COMPANY_PREFIXES = [
    "恒顺", "鑫源", "华东", "永泰", "金盛", "天和", "宏达", "瑞丰", "正泰", "嘉禾",
    "广信", "众诚", "东升", "佳美", "利民", "新丰", "润泽", "鸿运", "博远", "盛世",
]  # fmt: skip
COMPANY_TRADES = [
    ("五金机电", "有限公司"), ("食品", "有限公司"), ("物流", "有限公司"),
    ("建材", "商行"), ("超市", ""), ("餐饮管理", "有限公司"),
    ("电子科技", "有限公司"), ("纺织", "有限公司"), ("汽车维修", "中心"),
    ("医药", "连锁店"), ("家居", "广场"), ("农业开发", "有限公司"),
    ("教育培训", "学校"), ("印务", "有限公司"), ("茶业", "商行"),
]  # fmt: skip
JOBS = ["个体工商户", "教师", "医生", "公务员", "退休干部", "企业高管", "私营业主", "工程师", "会计"]
KEY_PERSON_POSITIONS = [
    ("总经理", "decision_maker"),
    ("法定代表人", "decision_maker"),
    ("财务总监", "finance"),
    ("出纳", "finance"),
    ("采购经理", "purchaser"),
    ("行政主管", "other"),
]
VIP_LEVELS = ["金卡", "白金卡", "钻石卡"]
EXPIRY_ITEMS = ["大额存单", "三年期定期存款", "结构性存款", "理财产品", "流动资金贷款合同", "个人经营贷款合同"]

# Monthly target of an average manager, per metric.
BASE_TARGETS = {
    "deposits": 600,
    "wealth": 300,
    "insurance": 40,
    "insurance_regular": 40,
    "funds": 100,
    "loans": 200,
    "cards": 12,
    "mobile_banking": 30,
    "online_banking": 10,
    "phone_banking": 5,
}

PERSONAL_PURPOSES = [
    "介绍大额存单新产品",
    "回访上月购买的理财产品",
    "了解年末资金安排",
    "上门办理信用卡激活",
    "送达理财规划书",
    "邀请参加周末理财沙龙",
    "维护老客户关系，生日问候",
    "推荐养老储蓄产品",
    "讲解个人养老金账户政策",
]
COMPANY_PURPOSES = [
    "了解企业经营和回款情况",
    "推荐手机银行和代发工资",
    "洽谈流动资金贷款续贷",
    "核实贷款用途",
    "协助办理对公账户年检",
    "了解年末资金安排",
    "维护客户关系，走访企业负责人",
]
PERSONAL_DISCUSSIONS = [
    "客户关心利率走势，对三年期大额存单有兴趣，需回家与家人商量。",
    "客户对手机银行转账限额有疑问，已现场演示调整方法。",
    "客户持有的理财产品下月到期，初步同意续作稳健型产品。",
    "客户担心保险产品流动性，解释了保单贷款功能后态度缓和。",
    "客户提到孩子明年出国留学，需要购汇和境外汇款服务。",
    "老客户对上次排队时间过长表示不满，已致歉并介绍预约服务。",
    "客户刚卖掉一套房产，资金暂存他行，愿意比较我行产品。",
    "客户临近退休，咨询个人养老金账户的缴存和税收优惠。",
]
COMPANY_DISCUSSIONS = [
    "企业年底有一笔货款回笼，约 200 万，可考虑七天通知存款。",
    "财务总监反映代发工资系统导入麻烦，答应下周带技术人员上门。",
    "经营情况良好，今年营业额增长约两成，有扩大店面的打算。",
    "老板计划明年春节前备货，流动资金贷款需求约 150 万。",
    "企业新招 30 名员工，同意由我行代发工资并办理工资卡。",
    "财务反映对公网银操作繁琐，已现场培训并留下操作手册。",
]
STRATEGIES = [
    "以利率优势切入，强调资金安全",
    "先解决客户痛点，再推荐产品",
    "邀请家人一同参加沙龙",
    "带上理财规划书当面讲解",
    "联合对公条线提供综合方案",
    "节日问候为主，不谈产品",
    "对比他行产品，突出服务优势",
    "请支行行长陪同拜访以示重视",
]
ANOMALIES = [
    "竞争行推出三年期大额存单，利率上浮至 2.35%。",
    "附近新开一家农商行网点，开业送礼品揽储。",
    "有客户反映他行理财经理上门推荐高收益产品。",
    "片区两家建材商户资金紧张，回款周期拉长。",
    "本周多位客户询问个人养老金账户。",
    "竞争行信用卡首年免年费并送积分，抢客明显。",
]
SUGGESTIONS = [
    "希望网点周六延长营业时间。",
    "建议手机银行增加大字版。",
    "希望理财产品起购金额降低。",
    "希望贷款审批流程再快一些。",
    "建议在小区设置自助设备。",
    "希望多举办适合老人的讲座。",
]
EFFECTS = [
    "客户态度积极，有望下周签约。",
    "沟通顺畅，关系进一步拉近。",
    "客户仍在观望，需持续跟进。",
    "已初步达成意向，等待客户确认金额。",
    "效果一般，客户对收益率不满意。",
    "当场办理成功，客户满意。",
]
NEXT_STEPS = [
    "下周送产品说明书上门",
    "约客户来网点面签",
    "请产品经理准备测算表",
    "电话确认资金到账时间",
    "邀请参加月底理财沙龙",
    "准备续贷材料清单",
]
CALL_OUTCOMES = [
    "客户同意周末来网点详谈",
    "客户在外地出差，约下周再联系",
    "已告知产品到期，客户表示续作",
    "提醒客户信用卡还款日",
    "客户暂无需求，保持联系",
    "客户询问存款利率，已详细解答",
    "电话未接通，稍后再拨",
    "确认了上门拜访时间",
]
MEETING_PLACES = ["网点贵宾室", "客户公司", "客户家中", "网点理财室", "小区活动中心"]
COMPLAINTS = [  # (summary, handling): the shipped demo writes no category
    ("网点排队时间过长，等了一个多小时。", "致歉并为客户预约绿色通道，客户表示理解。"),
    ("手机银行转账失败，但账户已扣款。", "联系科技部查询，款项已退回，向客户解释原因。"),
    ("理财产品收益低于预期，认为销售时没讲清楚。", "重新讲解产品说明书，说明业绩比较基准，客户接受。"),
    ("信用卡被收取了年费，客户认为承诺过免年费。", "核实后申请退还年费，已处理完毕。"),
    ("贷款审批时间太长，影响进货。", "与信贷部门沟通加急，已上报主管协调。"),
]
PROBLEMS = [
    ("客户对存款利率下调不满，担心收益减少。", "介绍期限更长的产品和保险组合，分散配置。"),
    ("企业客户财务人员更换，新联系人不熟悉我行。", "重新上门拜访，做好交接和关系维护。"),
    ("部分老年客户不会使用手机银行。", "准备图文操作指南，在网点安排专人辅导。"),
    ("竞争行以高利率揽储，个别客户资金流出。", "及时回访重点客户，突出综合服务优势。"),
]
REFLECTIONS = [
    "拜访前做足功课，客户明显更愿意交流。",
    "电话约访时先说明来意，成功率高很多。",
    "老客户是最好的转介绍来源，要经常维护。",
    "当天事当天毕，晚上补日志容易漏掉细节。",
    "产品讲解要少用术语，多举例子。",
]
FOCUS_MARKET = ["了解竞争行存款利率和营销活动", "收集片区商户经营和资金情况", "掌握年末企业资金回笼动向"]
FOCUS_BRAND = ["推广手机银行和养老金账户", "宣传本行大额存单和稳健理财", "开展进社区金融知识讲座"]
FOCUS_SERVICE = ["重点客户年末回访", "到期产品客户逐一电话提醒", "处理客户意见，提升满意度"]
MONTH_FOCUS = [
    "存款稳存增存，重点做好到期资金承接",
    "信用卡分期和新客户拓展",
    "代发工资单位营销",
    "个人养老金账户开立",
    "小微企业贷款投放",
    "重点客户资产配置检视",
    "年末旺季营销准备",
]
RESOURCES = [
    "需要支行行长陪同拜访",
    "需要产品经理出具测算表",
    "需要申请沙龙活动场地和礼品",
    "需要信贷部门提前介入",
    "",
]
WEEK_SUMMARIES = [
    "本周各项指标基本按进度完成，存款略有落后，下周加大到期资金承接。",
    "本周拜访计划执行较好，重点客户全部走访，理财销售超过周目标。",
    "受客户出差影响，两户拜访顺延，计划总体合理，效果一般。",
]
TOMORROW = [
    "上午回访两户到期客户，下午参加支行培训。",
    "继续跟进昨天意向客户，准备续贷材料。",
    "整理本周客户资料，电话约访三户 B 类客户。",
    "上午外出拜访，下午在网点接待预约客户。",
]
REVIEW_COMMENTS = [
    "记录详细，继续保持。",
    "下次拜访记得带上规划书。",
    "注意跟进到期资金。",
    "客户意见要及时反馈给网点。",
]
NOTES = ["喜欢上午拜访", "只接受电话预约后上门", "家人在本行工作", "对利率敏感"]
TYPES = {"converted": 7, "prospect": 2, "influencer": 1}


def _company_name(rng: random.Random) -> str:
    trade, suffix = rng.choice(COMPANY_TRADES)
    return f"{rng.choice(COMPANY_PREFIXES)}{trade}{suffix}"


def _loan_balance(rng: random.Random, ctx: Ctx) -> int | None:
    return rng.choice([80, 150, 260, 320, 450, 600, 1200]) if rng.random() < 0.5 else None


def _assets(rng: random.Random, ctx: Ctx) -> int:
    return round(rng.lognormvariate(4, 1))


def _vip(rng: random.Random, ctx: Ctx) -> str | None:
    return rng.choice(VIP_LEVELS) if ctx.klass != "C" else None


PACK = Pack(
    team_name=TEAM_NAME,
    organisation=ORGANISATION,
    supervisor=SUPERVISOR,
    supervisor_territory="城东支行",
    managers=MANAGERS,
    territories=TERRITORIES,
    streets=STREETS,
    kinds=[
        CustomerKind(
            "company",
            0.4,
            _company_name,
            organisation=True,
            types=TYPES,
            positions=KEY_PERSON_POSITIONS,
            fields=["loan_balance"],
        ),
        CustomerKind("person", 0.6, names.person, organisation=False, types=TYPES, fields=["assets", "vip"]),
    ],
    self_position="本人",
    jobs=JOBS,
    base_targets=BASE_TARGETS,
    count_targets={
        "cards": (8, 16),
        "mobile_banking": (20, 40),
        "online_banking": (6, 14),
        "phone_banking": (3, 8),
    },
    levels={"deposit_balance": Level(start=3000, step=100, plus="deposits")},
    amount_step=5,
    office_hours=False,  # the shipped data was made before complaint steps kept office hours
    method_weights={"onsite": 7, "phone": 1, "proposal": 1, "seminar": 1},
    funnel={
        "effective_calls": FunnelPace((6, 8, 10), (0, 3), from_calls=True),
        "needs_meetings": FunnelPace((2, 3), (0, 3)),
        "deal_meetings": FunnelPace((1,), (0, 2)),
        "after_sales": FunnelPace((1, 2), (0, 2)),
    },
    class_intervals={"A": 30, "B": 60, "C": 90},
    makers={"loan_balance": _loan_balance, "assets": _assets, "vip": _vip},
    key_actions=["phone", "onsite", "seminar", "proposal"],
    anniversary="成为客户纪念日",
    expiry_items=EXPIRY_ITEMS,
    notes=NOTES,
    purposes_org=COMPANY_PURPOSES,
    purposes_person=PERSONAL_PURPOSES,
    discussions_org=COMPANY_DISCUSSIONS,
    discussions_person=PERSONAL_DISCUSSIONS,
    strategies=STRATEGIES,
    anomalies=ANOMALIES,
    suggestions=SUGGESTIONS,
    effects=EFFECTS,
    next_steps=NEXT_STEPS,
    call_outcomes=CALL_OUTCOMES,
    meeting_places=MEETING_PLACES,
    complaints=[ComplaintText("", summary, handling) for summary, handling in COMPLAINTS],
    problems=PROBLEMS,
    reflections=REFLECTIONS,
    focus_market=FOCUS_MARKET,
    focus_brand=FOCUS_BRAND,
    focus_service=FOCUS_SERVICE,
    month_focus=MONTH_FOCUS,
    resources=RESOURCES,
    week_summaries=WEEK_SUMMARIES,
    tomorrow=TOMORROW,
    review_comments=REVIEW_COMMENTS,
)
