"""The securities branch (证券营业部): account opening, assets brought in, wealth management."""

from __future__ import annotations

import random

from builder.demo import names
from builder.demo.pack import ComplaintText, Ctx, CustomerKind, FunnelPace, Level, Pack

TERRITORIES = ["滨江驻点", "金融城", "高新区", "老城区", "大学城", "东站商圈", "西湖片区", "江北新区"]
STREETS = {
    "滨江驻点": ["滨江路", "观澜路", "江景街"],
    "金融城": ["金融大道", "钱塘路", "财富街"],
    "高新区": ["科技大道", "创新路", "文一路"],
    "老城区": ["中山路", "鼓楼街", "延安路"],
    "大学城": ["学院路", "求是路", "书香街"],
    "东站商圈": ["东站路", "天城路", "新塘路"],
    "西湖片区": ["北山路", "曙光路", "杨公堤"],
    "江北新区": ["江北大道", "浦口路", "新城路"],
}
COMPANY_PREFIXES = ["恒泰", "博睿", "启航", "华盛", "远景", "嘉信", "新锐", "明德", "汇智", "卓越", "鼎盛", "和泰"]
COMPANY_TRADES = ["投资管理有限公司", "科技股份有限公司", "私募基金管理有限公司", "实业有限公司", "控股集团有限公司"]
PERSON_TYPES = {"active": 7, "prospect": 2, "dormant": 1}


def _company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_PREFIXES)}{rng.choice(COMPANY_TRADES)}"


def _risk_level(rng: random.Random, ctx: Ctx) -> str:
    return rng.choices(["C1", "C2", "C3", "C4", "C5"], weights=[1, 3, 5, 3, 1])[0]


def _assets(rng: random.Random, ctx: Ctx) -> int:
    mu = 6.0 if ctx.kind.organisation else 3.5
    return round(rng.lognormvariate(mu, 1.0))


PACK = Pack(
    team_name="滨江路营业部财富管理团队",
    organisation="华信证券滨江路营业部",
    supervisor=("孙立新", "sunlixin"),
    supervisor_territory="营业部",
    managers=[
        ("陆晓雯", "luxiaowen"),
        ("蔡明轩", "caimingxuan"),
        ("叶子豪", "yezihao"),
        ("潘悦", "panyue"),
        ("戴文静", "daiwenjing"),
        ("夏天宇", "xiatianyu"),
        ("钟欣然", "zhongxinran"),
        ("姚俊杰", "yaojunjie"),
    ],
    territories=TERRITORIES,
    streets=STREETS,
    kinds=[
        CustomerKind("person", 0.8, names.person, organisation=False, types=PERSON_TYPES),
        CustomerKind(
            "institution",
            0.2,
            _company,
            organisation=True,
            types={"active": 3, "prospect": 1},
            positions=[("董事长", "decision_maker"), ("财务总监", "finance"), ("董事会秘书", "other")],
        ),
    ],
    self_position="本人",
    jobs=["企业主", "医生", "教师", "公务员", "退休人员", "工程师", "自由职业", "企业高管", "律师"],
    base_targets={
        "new_accounts": 15,
        "assets_in": 800,
        "fund_sales": 200,
        "margin_accounts": 3,
        "commission": 8,
        "prospects": 200,
        "callbacks": 8,
        "activations": 3,
    },
    count_targets={"new_accounts": (10, 20), "margin_accounts": (1, 5), "callbacks": (6, 10), "activations": (2, 4)},
    levels={"custody_assets": Level(start=20_000, step=1500, plus="assets_in", outflow=(0, 0, 20, 50, 100))},
    funnel={
        "effective_calls": FunnelPace((8, 10, 12), (0, 4), from_calls=True),
        "meetings": FunnelPace((2, 3), (0, 3)),
        "accounts": FunnelPace((1,), (0, 2)),
    },
    calls=(9, 14),
    makers={"risk_level": _risk_level, "assets": _assets},
    key_actions=["meeting", "phone", "seminar", "outpost"],
    anniversary="开户纪念日",
    expiry_items=["收益凭证", "固收产品", "两融合约", "定制资管计划"],
    expiry_amounts=[10, 30, 50, 100, 300],
    expiry_share=0.2,
    notes=["只接受预约后面谈", "偏好短线交易", "对回撤很敏感", "家属也在营业部开户"],
    purposes_person=[
        "回访持仓，讲解近期市场",
        "推荐新发基金",
        "邀请参加周末投资策略会",
        "办理两融开户前的适当性评估",
        "为休眠户做账户激活",
        "讲解个人养老金账户投资",
        "更新风险测评",
    ],
    purposes_org=[
        "洽谈闲置资金的现金管理",
        "了解股权激励行权安排",
        "推荐机构交易服务",
        "拜访董事会秘书，了解公司近况",
    ],
    discussions_person=[
        "客户关心市场波动，持仓偏重科技板块，建议适当分散。",
        "客户有一笔定期到期，约两百万，愿意了解债券基金。",
        "客户对两融感兴趣，讲解了保证金比例和平仓线。",
        "客户账户一年没有交易，了解到因亏损不愿再看，约下周面谈。",
        "客户风险测评已过期，现场重新测评为 C4。",
        "客户想给孩子做教育金规划，推荐了定投方案。",
    ],
    discussions_org=[
        "公司账上有三千万闲置资金，考虑国债逆回购和货币基金。",
        "董事长关心限售股解禁后的减持安排，约专业团队面谈。",
        "财务总监希望简化对账流程，答应提供电子对账单。",
        "公司计划明年员工持股，咨询股权激励行权融资。",
    ],
    strategies=[
        "先听客户需求，再推荐产品",
        "用历史数据讲清风险",
        "邀请投资顾问一同面谈",
        "节日问候为主，不谈产品",
        "突出交易系统和服务优势",
        "以投资策略会带动面谈",
    ],
    anomalies=[
        "竞争券商推出低佣金开户活动，万一免五。",
        "多位客户询问可转债打新。",
        "有客户反映收到冒充营业部的诈骗电话。",
        "本周两融余额明显上升。",
        "附近银行网点在推同类基金，费率打折。",
    ],
    suggestions=[
        "希望交易软件增加条件单功能。",
        "希望投资策略会安排在周末。",
        "建议研究报告推送再及时一些。",
        "希望佣金能再优惠一点。",
    ],
    effects=[
        "客户认可建议，约定下周面谈细节。",
        "沟通顺畅，客户愿意转入部分资产。",
        "客户仍在观望，需要持续跟进。",
        "已完成开户，客户满意。",
        "效果一般，客户对收益不满意。",
    ],
    next_steps=[
        "下周发送资产配置建议书",
        "约投资顾问一同面谈",
        "提醒客户完成风险测评",
        "邀请参加月底投资策略会",
        "跟进资产转入进度",
    ],
    call_outcomes=[
        "客户同意周末来营业部面谈",
        "客户出差，约下周再联系",
        "提醒客户两融合约即将到期",
        "客户询问新股申购规则，已解答",
        "客户暂无需求，保持联系",
        "电话未接通，稍后再拨",
        "确认了面谈时间",
    ],
    meeting_places=["营业部贵宾室", "客户公司", "咖啡馆", "驻点工作室", "投资者教育基地"],
    complaints=[
        ComplaintText("交易系统", "开盘时交易软件卡顿，委托没有及时成交。", "联系信息技术部核查日志，向客户说明原因。"),
        ComplaintText("服务态度", "电话咨询时被转了三次才有人回答。", "致歉并留下专属服务电话。"),
        ComplaintText(
            "适当性", "认为购买的产品风险高于自己的风险等级。", "调取双录和测评记录，当面解释并记录意见。", "混合型基金"
        ),
        ComplaintText("其他", "佣金比承诺的高。", "核实后调整佣金并退还差额。"),
    ],
    problems=[
        ("客户对市场信心不足，资产转入放缓。", "多做投资者教育，以定投和稳健产品切入。"),
        ("休眠户联系不上。", "通过短信和邮件分批联系，约到的优先面谈。"),
        ("竞争券商佣金战，个别客户转户。", "突出投资顾问服务，及时回访重点客户。"),
    ],
    reflections=[
        "面谈前先看客户持仓，建议才有针对性。",
        "讲风险比讲收益更能赢得信任。",
        "驻点营销要固定时间，客户才找得到人。",
        "当天面谈当天记，细节不容易漏。",
    ],
    focus_market=["了解竞争券商佣金和开户活动", "跟踪两融余额和市场情绪", "收集驻点客户的资金动向"],
    focus_brand=["举办投资策略会", "推广投资顾问服务", "开展投资者教育进社区"],
    focus_service=["核心客户持仓回访", "到期产品客户逐一提醒", "休眠户激活"],
    month_focus=[
        "新开有效户拓展",
        "资产引入，重点承接到期资金",
        "基金销售，推进定投",
        "两融业务拓展",
        "休眠户激活",
        "核心客户资产配置检视",
        "投资者教育活动",
    ],
    resources=["需要投资顾问陪同面谈", "需要策略会场地和资料", "需要机构业务部支持", ""],
    week_summaries=[
        "本周各项指标基本按进度完成，资产引入略有落后，下周加大到期资金承接。",
        "本周面谈计划执行较好，核心客户全部联系，基金销售超过周目标。",
        "受客户出差影响两次面谈顺延，计划总体合理，效果一般。",
    ],
    tomorrow=[
        "上午电话回访核心客户，下午驻点营销。",
        "继续跟进昨天意向客户的资产转入。",
        "准备周末投资策略会的资料。",
        "上午面谈两位客户，下午整理客户资料。",
    ],
    review_comments=["记录详细，继续保持。", "适当性材料要留档。", "注意跟进到期资金。", "休眠户要分批联系。"],
)
