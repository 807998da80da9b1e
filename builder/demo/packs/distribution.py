"""The lubricant seller (润滑油经营部): fleets, repair shops, machinery rental, factories and dealers."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date
from typing import Any

from builder.demo.pack import ComplaintText, Ctx, CustomerKind, FunnelPace, Level, NameMaker, Pack

TERRITORIES = ["城南工业区", "物流园", "港区", "经济开发区", "北郊", "西环片区", "东郊矿区", "高新区"]
STREETS = {
    "城南工业区": ["工业大道", "南环路", "机械路"],
    "物流园": ["物流大道", "货运路", "仓储街"],
    "港区": ["港湾路", "码头路", "临港大道"],
    "经济开发区": ["开发大道", "兴业路", "创新路"],
    "北郊": ["北环路", "国道支线", "北郊路"],
    "西环片区": ["西环路", "汽配城路", "建材路"],
    "东郊矿区": ["矿山路", "东郊大道", "石料厂路"],
    "高新区": ["高新大道", "电子路", "精工路"],
}
PREFIXES = [
    "顺达", "通运", "宏远", "安捷", "恒通", "远航", "捷达", "众鑫", "金马", "永昌", "力拓", "华瑞",
    "铁牛", "宏图", "鸿基", "大力", "长风", "盛源", "正阳", "驰骋",
]  # fmt: skip
EQUIPMENT = {
    "运输车队": ["重卡 40 台", "牵引车 25 台", "冷链车 18 台", "自卸车 30 台"],
    "汽修": ["举升机 6 台", "二类维修资质，日均保养 20 台", "快修工位 4 个"],
    "工程机械": ["挖掘机 12 台", "装载机 8 台", "塔吊 5 台、汽车吊 3 台"],
    "制造业": ["注塑机 30 台", "数控机床 45 台", "空压机 6 台、液压站 4 套"],
    "矿山": ["矿用自卸车 15 台", "破碎机 4 台", "挖掘机 10 台"],
    "其他": ["门店 2 个，服务周边汽修厂", "仓库 800 平方米"],
}
USAGE = {
    "运输车队": (2, 15),
    "汽修": (0.5, 3),
    "工程机械": (1, 8),
    "制造业": (1, 10),
    "矿山": (5, 30),
    "其他": (10, 40),
}
END_USER = {"end_user": 5, "prospect": 2}


def _named(*forms: str) -> NameMaker:
    return lambda rng: rng.choice(forms).format(p=rng.choice(PREFIXES))


def _kind(ident: str, weight: float, name: NameMaker, industry: str, types: Mapping[str, float]) -> CustomerKind:
    positions = [
        ("总经理", "decision_maker"),
        ("采购主管", "purchaser"),
        ("设备主管", "technician"),
        ("财务", "finance"),
    ]
    if industry == "运输车队":
        positions[2] = ("车队长", "technician")
    return CustomerKind(ident, weight, name, True, types, positions, (1, 3), fixed={"industry": industry})


def _equipment(rng: random.Random, ctx: Ctx) -> str:
    return rng.choice(EQUIPMENT[ctx.kind.fixed["industry"]])


def _usage(rng: random.Random, ctx: Ctx) -> float:
    low, high = USAGE[ctx.kind.fixed["industry"]]
    return round(rng.uniform(low, high), 1)


def _competitor(rng: random.Random, ctx: Ctx) -> str | None:
    return rng.choice(["壳牌", "美孚", "统一", "昆仑", "嘉实多", None])  # never our own brand


def _credit_limit(rng: random.Random, ctx: Ctx) -> int | None:
    if ctx.customer.get("type") == "prospect":
        return None
    return {"A": 100, "B": 50}.get(ctx.klass, rng.choice([10, 20, 30]))


def _credit(rng: random.Random, ctx: Ctx) -> bool | None:
    """Trade credit (赊销) for some customers with a credit limit: 003「确保信用销售业务在信用期限内收回货款」."""
    return True if ctx.customer.get("credit_limit") and rng.random() < 0.35 else None


def _visit(rng: random.Random, visit: dict[str, Any], customer: dict[str, Any], _day: date) -> None:
    """A dealer's purchases, sales and stock (进销存) noted on some visits; the channel watched
    (003「窜货、假货、低价倾销」): almost always nothing found."""
    for name in ("dealer_in", "dealer_out", "dealer_stock", "channel_violation"):
        visit.pop(name, None)
    if customer.get("type") == "dealer" and rng.random() < 0.5:
        sold = rng.randint(5, 40)
        visit.update(dealer_in=rng.randint(5, 40), dealer_out=sold, dealer_stock=rng.randint(sold // 2, sold * 2))
        visit["channel_violation"] = "未发现" if rng.random() < 0.93 else rng.choice(["窜货", "低价倾销", "假货"])


PACK = Pack(
    team_name="城南经营部客户经理团队",
    organisation="鑫达润滑油有限公司城南经营部",
    supervisor=("郑国华", "zhengguohua"),
    supervisor_territory="城南经营部",
    managers=[
        ("丁志勇", "dingzhiyong"),
        ("范晓燕", "fanxiaoyan"),
        ("任卫东", "renweidong"),
        ("魏海波", "weihaibo"),
        ("彭俊", "pengjun"),
        ("曾红霞", "zenghongxia"),
        ("石磊", "shilei"),
        ("贺建新", "hejianxin"),
    ],
    territories=TERRITORIES,
    streets=STREETS,
    kinds=[
        _kind("fleet", 0.25, _named("{p}运输有限公司", "{p}物流有限公司", "{p}冷链运输车队"), "运输车队", END_USER),
        _kind("repair", 0.22, _named("{p}汽修厂", "{p}汽车维修中心", "{p}重卡服务站"), "汽修", END_USER),
        _kind("rental", 0.15, _named("{p}工程机械租赁有限公司", "{p}机械设备租赁部"), "工程机械", END_USER),
        _kind(
            "factory", 0.15, _named("{p}机械制造有限公司", "{p}精密部件有限公司", "{p}塑胶制品厂"), "制造业", END_USER
        ),
        _kind("mine", 0.08, _named("{p}矿业有限公司", "{p}石料厂"), "矿山", END_USER),
        _kind("dealer", 0.15, _named("{p}汽配商行", "{p}油品经销部", "{p}润滑油专营店"), "其他", {"dealer": 1}),
    ],
    self_position="负责人",
    jobs=["个体工商户"],
    base_targets={
        "sales": 300,
        "volume": 200,
        "collections": 260,
        "new_terminals": 4,
        "tech_services": 9,
        "collection_rate": 70,
    },
    count_targets={"new_terminals": (2, 6), "tech_services": (6, 12)},
    levels={"receivables": Level(start=120, step=10, plus="sales", minus="collections")},
    method_weights={"onsite": 7, "phone": 2, "tech_service": 2, "oil_check": 1},
    funnel={
        "leads": FunnelPace((3, 4, 5), (1, 5)),
        "trials": FunnelPace((1, 2), (0, 2)),
        "deals": FunnelPace((1,), (0, 1)),
    },
    calls=(3, 7),
    makers={
        "equipment": _equipment,
        "monthly_usage": _usage,
        "competitor": _competitor,
        "credit_limit": _credit_limit,
        "credit": _credit,
    },
    visit_hook=_visit,
    visit_texts={
        "competitor_price": [
            "壳牌 CI-4 15W-40 每桶 680 元",
            "美孚黑霸王 每桶 720 元",
            "统一 CH-4 每桶 560 元",
            "昆仑天威 每桶 590 元",
            "本地杂牌 每桶 380 元",
        ]
    },
    key_actions=["onsite", "tech_service", "oil_check", "phone"],
    anniversary="合作纪念日",
    expiry_items=["年度供货合同", "设备用油保障协议", "区域代理协议"],
    expiry_amounts=[10, 30, 50, 100],
    expiry_share=0.3,
    notes=["采购要老板签字", "月底集中付款", "设备主管懂行，谈技术要带工程师", "对价格敏感"],
    purposes_org=[
        "了解设备运行和用油情况",
        "推荐长换油周期的柴机油",
        "送检在用油样，出具检测报告",
        "洽谈年度供货合同",
        "催收上月货款",
        "了解竞品价格和服务",
        "培训设备人员正确加注和换油",
    ],
    discussions_org=[
        "车队新进 10 台国六重卡，需要低灰分柴机油，约下周试用。",
        "液压系统频繁报警，油样检测发现水分超标，建议更换密封件。",
        "老板嫌价格高，对比了换油周期和综合成本后态度松动。",
        "采购主管反映上批货送晚了一天，已承诺调整配送。",
        "工地开工率下降，本月用油量减少约三成。",
        "竞品每桶便宜五十元，但没有技术服务，客户仍在比较。",
        "财务答应月底前付清上月货款。",
    ],
    strategies=[
        "以油品检测数据说话",
        "先解决设备问题，再谈采购",
        "算综合用油成本，不拼单价",
        "请技术工程师一同拜访",
        "用同行业案例说服客户",
        "以服务留住老客户",
    ],
    anomalies=[
        "竞品在物流园搞买十送一促销。",
        "有客户反映市场上出现假冒品牌的桶装油。",
        "基础油价格上涨，竞品下月起调价。",
        "两家运输公司合并，采购改为集中招标。",
        "新开一家汽配城，聚集了十几家门店。",
    ],
    suggestions=[
        "希望提供小包装，方便门店零售。",
        "希望账期延长到 60 天。",
        "建议定期上门做油品检测。",
        "希望配送时间固定在上午。",
    ],
    effects=[
        "客户认可检测结果，同意试用。",
        "沟通顺畅，采购意向明确。",
        "客户仍在比较价格，需持续跟进。",
        "当场下单，客户满意。",
        "效果一般，客户暂不更换品牌。",
    ],
    next_steps=[
        "下周送试用油上门",
        "一周后复检油样",
        "准备年度供货合同草稿",
        "请技术工程师做换油培训",
        "月底前确认回款",
    ],
    call_outcomes=[
        "客户下单 20 桶，约明天送货",
        "提醒客户本月货款到期",
        "确认了上门检测时间",
        "客户出差，约下周再联系",
        "客户暂无需求，保持联系",
        "电话未接通，稍后再拨",
    ],
    meeting_places=["客户车间", "客户办公室", "经营部会议室", "客户车队场站"],
    complaints=[
        ComplaintText(
            "产品质量", "换油后发动机异响，怀疑油有问题。", "取样送检，结果合格，协助排查为滤芯问题。", "柴机油"
        ),
        ComplaintText("交货", "约好上午送货，下午三点才到。", "致歉并调整配送线路，下次优先送达。"),
        ComplaintText("技术服务", "检测报告迟迟没出来。", "联系实验室加急，两天内出具报告。"),
        ComplaintText("价格", "同一产品比别的客户贵。", "解释阶梯价格政策，按年度用量调整报价。", "液压油"),
    ],
    problems=[
        ("客户以价格为由流失到竞品。", "用检测数据和综合成本对比，争取试用。"),
        ("部分客户回款拖延。", "按合同约定提醒，大额欠款请经理一同上门。"),
        ("新客户设备人员不会正确加注。", "安排技术服务，现场培训并留下操作卡。"),
    ],
    reflections=[
        "带着检测报告去谈，比单纯报价有说服力。",
        "设备主管是关键人，要经常沟通。",
        "回款要早提醒，别等到月底。",
        "当天拜访当天记，竞品信息才准确。",
    ],
    focus_market=["收集竞品价格和促销信息", "了解片区车队和工地开工情况", "掌握新开汽配门店"],
    focus_brand=["推广长换油周期产品", "开展免费油品检测活动", "新开终端门店形象布置"],
    focus_service=["重点客户设备回访", "回款跟进", "技术服务和换油培训"],
    month_focus=[
        "重点客户年度合同续签",
        "新开终端门店",
        "回款和应收账款压降",
        "工程机械客户旺季备货",
        "油品检测服务推广",
        "车队客户试用转化",
        "竞品客户攻关",
    ],
    resources=["需要技术工程师陪同", "需要试用油和检测名额", "需要经理审批特价", ""],
    week_summaries=[
        "本周各项指标基本按进度完成，回款略有落后，下周重点催收。",
        "本周拜访计划执行较好，两家客户完成试用，销量超过周目标。",
        "受客户停工影响两次拜访顺延，计划总体合理，效果一般。",
    ],
    tomorrow=[
        "上午去物流园拜访两家车队，下午跟进回款。",
        "送试用油上门，顺便取油样。",
        "整理本周竞品信息，电话回访 B 类客户。",
        "陪技术工程师做换油培训。",
    ],
    review_comments=["记录详细，继续保持。", "竞品价格要写清楚规格。", "注意回款进度。", "试用客户要按时复检。"],
)
