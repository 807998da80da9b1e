"""The tobacco marketing department (烟草营销部): managers serve licensed retailers along weekly routes."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from builder.demo import names
from builder.demo.pack import ComplaintText, Ctx, CustomerKind, NameMaker, Pack

AREAS = {
    "城关片区": "城网",
    "城东片区": "城网",
    "城西片区": "城网",
    "开发区": "城网",
    "石门镇": "农网",
    "清水镇": "农网",
    "桃源乡": "农网",
    "北山镇": "农网",
}
STREETS = {
    "城关片区": ["解放路", "中山街", "人民路", "文化街", "府前路", "鼓楼巷"],
    "城东片区": ["东环路", "建设路", "迎春街", "东门巷", "青年路", "新华路"],
    "城西片区": ["西环路", "胜利路", "西门街", "和平路", "红旗路", "公园路"],
    "开发区": ["工业大道", "创业路", "科技路", "园区路", "兴业街", "长江路"],
    "石门镇": ["石门街", "老街", "石门村道", "下坪村道", "上坪村道", "河东路"],
    "清水镇": ["清水街", "桥头路", "清水村道", "溪口村道", "新村路", "集镇路"],
    "桃源乡": ["桃源街", "桃园村道", "竹林村道", "乡政府路", "梅岭村道", "花园路"],
    "北山镇": ["北山街", "山口路", "北山村道", "茶园村道", "车站路", "新街"],
}
PREFIXES = [
    "好邻居", "佳佳", "悦客", "百家", "快客", "喜多", "乐购", "万家", "美宜", "惠民", "邻里", "阳光",
    "顺心", "如意", "福满", "金福", "旺旺", "便民", "兴隆", "鑫鑫", "和顺", "开心", "丰收", "春来",
    "老街", "路口", "转角", "红星", "长青", "平安", "友谊", "向阳", "团结", "永安", "聚福", "常乐",
]  # fmt: skip
BRANDS = [
    "利群（新版）",
    "中华（硬）",
    "黄鹤楼（软蓝）",
    "玉溪（软）",
    "云烟（紫）",
    "芙蓉王（硬）",
    "南京（炫赫门）",
    "红塔山（经典）",
    "真龙（起源）",
]


def _surname(rng: random.Random) -> str:
    return rng.choice(names.SURNAMES)[0]


def _convenience(rng: random.Random) -> str:
    form = rng.choice(["{p}便利店", "{s}记便利店", "{p}便民店"])
    return form.format(s=_surname(rng), p=rng.choice(PREFIXES))


def _liquor(rng: random.Random) -> str:
    form = rng.choice(["{s}记烟酒店", "{s}家烟酒店", "{p}烟酒商行", "{p}名烟名酒"])
    return form.format(s=_surname(rng), p=rng.choice(PREFIXES))


def _market(rng: random.Random) -> str:
    return f"{rng.choice(PREFIXES)}{rng.choice(['超市', '购物中心', '生活超市'])}"


def _grocery(rng: random.Random) -> str:
    return f"{_surname(rng)}{rng.choice(['记食杂店', '家小卖部', '氏副食店', '记商店'])}"


def _leisure(rng: random.Random) -> str:
    return f"{rng.choice(PREFIXES)}{rng.choice(['棋牌室', 'KTV', '茶楼', '网吧'])}"


OWNER = [("店主", "owner"), ("店员", "clerk")]
TYPES = {"regular": 8, "model": 1, "new": 1}


def _kind(ident: str, weight: float, name: NameMaker, business: str, persons: tuple[int, int] = (1, 1)) -> CustomerKind:
    positions = OWNER if persons[1] > 1 else OWNER[:1]
    return CustomerKind(ident, weight, name, True, TYPES, positions, persons, fixed={"business_type": business})


def _licence(rng: random.Random, ctx: Ctx) -> str:
    """A 12-digit licence number: province and city, county, serial."""
    county = 21 + list(AREAS).index(ctx.territory) if ctx.territory in AREAS else 29
    return f"3301{county:02d}{rng.randrange(100_000, 1_000_000)}"


def _licence_expiry(rng: random.Random, ctx: Ctx) -> date:
    """A licence runs five years; one lapsed more than a few weeks ago was renewed for five more,
    so only a few (about 1 in 100) show as lapsed, and about 3 in 100 are due within two months."""
    days = rng.randrange(-90, 5 * 365)
    return ctx.end + timedelta(days=days + 5 * 365 if days < -20 else days)


def _grade(rng: random.Random, ctx: Ctx) -> int:
    low, high = {"A": (22, 30), "B": (12, 24)}.get(ctx.klass, (1, 15))
    return rng.randint(low, high)


def _area(rng: random.Random, ctx: Ctx) -> str:
    return AREAS.get(ctx.territory, "城网")


IN_PERSON = ("onsite", "display", "training", "special")


def _visit(rng: random.Random, visit: dict[str, Any], customer: dict[str, Any], _day: date) -> None:
    """The retailer signs the record of a visit in person (004「应请客户在记录簿上签名确认」), and the
    key brand's shelf is looked at on most (000「重点品牌(规格)名称上柜率」)."""
    figures = visit.get("figures", {})
    for part in ("key_brand_orders", "premium_orders"):  # part of the order: never more than the order
        if part in figures and figures[part] > figures.get("orders", 0):
            figures[part] = figures.get("orders", 0)
        if not figures.get(part):
            figures.pop(part, None)
    if "figures" in visit and not ("orders" in figures and "order_value" in figures):
        visit.pop("figures")
        visit.setdefault("no_order_reason", "库存充足")
    visit.pop("signed", None)
    visit.pop("shelf", None)
    if visit.get("method") in IN_PERSON:
        visit["signed"] = rng.random() < 0.95
        if rng.random() < 0.6:
            visit["shelf"] = "已上柜" if rng.random() < 0.75 else "未上柜"


PACK = Pack(
    team_name="城关烟草营销部客户经理团队",
    organisation="青山县烟草专卖局（营销部）",
    supervisor=("何志刚", "hezhigang"),
    supervisor_territory="营销部",
    managers=[
        ("徐建平", "xujianping"),
        ("钱丽娟", "qianlijuan"),
        ("方志远", "fangzhiyuan"),
        ("蒋文斌", "jiangwenbin"),
        ("沈佳怡", "shenjiayi"),
        ("程浩", "chenghao"),
        ("袁晓峰", "yuanxiaofeng"),
        ("邓雪莲", "dengxuelian"),
    ],
    territories=list(AREAS),
    streets=STREETS,
    kinds=[
        _kind("convenience", 0.3, _convenience, "便利店"),
        _kind("liquor", 0.3, _liquor, "烟酒店"),
        _kind("market", 0.12, _market, "超市", (2, 2)),
        _kind("grocery", 0.2, _grocery, "食杂店"),
        _kind("leisure", 0.08, _leisure, "娱乐服务"),
    ],
    self_position="店主",
    jobs=["个体工商户"],
    base_targets={
        "orders": 4000,
        "order_value": 720_000,
        "price_per_carton": 180,
        "e_settlement": 92,
        "terminals": 3,
        "returns": 2,
        "key_brand_orders": 1200,
        "premium_orders": 900,
        "repurchase_rate": 65,
        "shelf_checked": 150,
        "shelved": 110,
        "shelf_rate": 70,
        "service_visits": 300,
        "signed_visits": 280,
        "sign_rate": 92,
    },
    count_targets={"terminals": (2, 5), "returns": (0, 3)},
    rate_spread={"e_settlement": 3.0, "repurchase_rate": 6.0},
    method_weights={"onsite": 10, "display": 2, "training": 1, "phone": 1},
    calls=(0, 3),
    customers=1200,  # some 150 retailers a manager, each along a route twice a month
    visit_minutes=10,
    routes=True,
    route_size=(20, 26),  # 004「访问二,三十个客户后,常常是中午一点多了」
    route_steps=(10, 12, 15),
    visit_hook=_visit,
    makers={"licence": _licence, "licence_expiry": _licence_expiry, "grade": _grade, "area": _area},
    visit_texts={"brand": BRANDS},
    no_figures_share=0.15,
    key_actions=["onsite", "display", "training", "phone"],
    anniversary="开业纪念日",
    notes=["店主下午才开门", "夫妻店，丈夫负责进货", "靠近学校，注意未成年人禁售", "店面正在装修"],
    purposes_org=[
        "了解本周卷烟销售和库存",
        "指导卷烟陈列，更新价格标签",
        "推介新品规格，听取反馈",
        "核实零售户经营状态",
        "宣传电子结算，协助绑定银行卡",
        "检查明码标价和禁售未成年人标识",
        "采集周边市场价格信息",
    ],
    discussions_org=[
        "店主反映高端规格走得慢，库存偏多，建议本周少订。",
        "新品试销两周，回头客不少，店主愿意继续订货。",
        "附近新开一家超市，客流被分走一部分，营业额下降约一成。",
        "春节前准备多备中高档规格，询问货源是否充足。",
        "陈列柜灯坏了，已帮忙联系维修，并调整了陈列顺序。",
        "店主对电子结算还不放心，现场演示了扣款流程。",
        "外地游客多，细支烟需求明显增加。",
    ],
    strategies=[
        "按档位推荐货源，不压库存",
        "先看陈列再谈订货",
        "用周边价格数据说服店主",
        "示范户带动周边零售户",
        "帮助店主算清毛利",
        "以服务为主，不谈任务",
    ],
    anomalies=[
        "发现周边有零售户低价销售，价格明显低于指导价。",
        "有外地流动商贩兜售来路不明的烟，已报专卖科。",
        "附近一家零售户长期停业，许可证未注销。",
        "某规格市场价格连续两周上涨。",
        "新开一家大型超市，烟柜面积较大。",
    ],
    suggestions=[
        "希望紧俏规格多分一些货源。",
        "建议配送时间提前到上午。",
        "希望多组织经营培训。",
        "建议电子结算扣款失败时短信提醒。",
    ],
    effects=[
        "店主配合，陈列明显改善。",
        "沟通顺利，本周订货结构更合理。",
        "店主仍有顾虑，需要持续跟进。",
        "新品试销意向已确认。",
        "效果一般，店主对利润不满意。",
    ],
    next_steps=[
        "下周带新品样盒上门",
        "帮店主更换陈列柜价签",
        "约店主参加经营培训",
        "跟进电子结算绑定",
        "下次核对库存和订货结构",
    ],
    call_outcomes=[
        "电话访销，店主按上周结构订货",
        "提醒明天是订货日",
        "店主外出，约下次走访时再谈",
        "确认本周配送时间",
        "电话未接通，稍后再拨",
    ],
    meeting_places=["零售户店内", "营销部会议室", "乡镇服务站"],
    complaints=[
        ComplaintText("卷烟质量", "一条烟拆开后发现受潮。", "上门核实后办理调换，店主签收。", "利群（新版）"),
        ComplaintText("破损短少", "到货少了一条，配送单上却已签收。", "核对配送记录后补发，提醒当面清点。"),
        ComplaintText("配送", "配送员连续两周下午才到，影响上午销售。", "与物流中心协调调整线路顺序。"),
        ComplaintText("服务", "客户经理很久没来店里，订货有问题找不到人。", "当面致歉，留下电话并约定固定走访日。"),
        ComplaintText("价格", "认为某规格批发价上调没有提前通知。", "解释价格调整文件，下次提前告知。", "玉溪（软）"),
    ],
    problems=[
        ("部分零售户资金紧张，订货量下降。", "按档位推荐适销规格，避免压库存。"),
        ("农网零售户对电子结算不熟悉。", "逐户上门演示，教会店主查看扣款记录。"),
        ("个别规格货源不足，店主有意见。", "如实说明货源情况，推荐相近价位规格。"),
    ],
    reflections=[
        "走访前先看上周订货数据，谈起来更有针对性。",
        "陈列做好了，店主自己也愿意多订。",
        "线路走熟了，时间安排要留出突发情况的余地。",
        "当天走访当天记，细节不容易忘。",
    ],
    focus_market=["采集线路上零售户的零售价格", "关注周边超市烟柜变化", "掌握春节前备货需求"],
    focus_brand=["新品规格试销推介", "重点品牌陈列检查", "示范户陈列标准推广"],
    focus_service=["电子结算绑定和回访", "投诉调换处理到位", "新办户开业指导"],
    month_focus=[
        "提高电子结算率",
        "新品规格试销推广",
        "示范户建设，每条线路至少一户",
        "春节前备货摸底",
        "规范明码标价",
        "高档位零售户每周走访",
        "减少退换货",
    ],
    resources=["需要市场经理陪同走访", "需要新品宣传物料", "需要陈列柜维修支持", ""],
    week_summaries=[
        "本周各线路按计划走访，订货量略低于周目标，下周重点推介新品。",
        "本周电子结算率提升明显，线路走访全部完成。",
        "受配送调整影响两户走访顺延，计划总体合理，效果一般。",
    ],
    month_summary="本月订货和电子结算情况见团队月报。",
    tomorrow=[
        "按线路走访，重点看新品陈列。",
        "上午走访线路上的高档位零售户，下午整理订货数据。",
        "继续跟进电子结算绑定。",
        "参加营销部例会，下午走访。",
    ],
    review_comments=["记录详细，继续保持。", "未订货原因要写清楚。", "注意检查明码标价。", "新品反馈要及时上报。"],
)
