"""A property company's customer service department (物业客服): each 管家 serves the owners of a
group of buildings — fee notices and collection, repairs followed up, complaints answered
within six hours, calls back after service, and owners' suggestions gathered."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from builder.demo import names
from builder.demo.pack import ComplaintText, Ctx, CustomerKind, Pack

ESTATE = "锦绣花园"
GROUPS = ["1-4栋", "5-8栋", "9-12栋", "13-16栋", "17-20栋", "21-24栋", "25-28栋", "29-32栋"]
FEE_PER_SQM = 2.2  # 元/平方米/月
SHOP_TRADES = ["便利店", "水果店", "干洗店", "药店", "快递驿站", "美发店", "餐馆", "培训学校", "宠物店", "烘焙店"]


def _buildings(territory: str) -> list[int]:
    first, last = (int(n) for n in territory.removesuffix("栋").split("-"))
    return list(range(first, last + 1))


def _building(rng: random.Random, ctx: Ctx) -> str:
    return str(rng.choice(_buildings(ctx.territory)) if ctx.territory in GROUPS else rng.randint(1, 32))


def _unit(rng: random.Random, ctx: Ctx) -> str | None:
    return None if ctx.kind.id == "merchant" else str(rng.randint(1, 3))


def _room(rng: random.Random, ctx: Ctx) -> str:
    if ctx.kind.id == "merchant":
        return f"商{rng.randint(1, 12):02d}"
    return f"{rng.randint(1, 18)}{rng.randint(1, 4):02d}"


def _address(rng: random.Random, ctx: Ctx) -> str:
    c = ctx.customer
    unit = f"{c['unit']}单元" if c.get("unit") else "底商"
    return f"{ESTATE}{c['building']}栋{unit}{c['room']}"


def _area(rng: random.Random, ctx: Ctx) -> float:
    low, high = (30, 220) if ctx.kind.id == "merchant" else (68, 168)
    return float(rng.randint(low, high))


def _occupancy(rng: random.Random, ctx: Ctx) -> str:
    if ctx.klass == "C":
        return "空置"
    if ctx.kind.id == "merchant":
        return "经营"
    return rng.choices(["自住", "出租"], weights=[5, 1])[0]


def _move_in(rng: random.Random, ctx: Ctx) -> date | None:
    if ctx.customer.get("occupancy") == "空置":
        return None
    return ctx.since


def _renovation(rng: random.Random, ctx: Ctx) -> str:
    move_in = ctx.customer.get("move_in")
    if ctx.customer.get("occupancy") == "空置":
        return rng.choice(["未装修", "已完工"])
    if isinstance(move_in, date) and (ctx.end - move_in).days < 200:
        return "装修中"
    return "已完工"


def _permit(rng: random.Random, ctx: Ctx) -> date | None:
    if ctx.customer.get("renovation") != "装修中":
        return None
    return ctx.end + timedelta(days=rng.randrange(-15, 120))  # some run out: a reminder, one overdue


def _paid_until(rng: random.Random, ctx: Ctx) -> date:
    """Most paid to the year's end; some a quarter or half year ahead; one in six behind."""
    year_end = date(ctx.end.year, 12, 31)
    if rng.random() < 1 / 6:
        return date(ctx.end.year, rng.choice([3, 6, 9]), 30 if rng.random() < 0.5 else 28)
    return year_end if rng.random() < 0.7 else year_end + timedelta(days=rng.choice([90, 181, 365]))


def _arrears(rng: random.Random, ctx: Ctx) -> float | None:
    paid = ctx.customer.get("paid_until")
    if not isinstance(paid, date) or paid >= ctx.end:
        return None
    months = max(1, (ctx.end - paid).days // 30)
    return round(float(ctx.customer.get("floor_area", 100)) * FEE_PER_SQM * months)


def _shop(rng: random.Random) -> str:
    return f"{names.person(rng)[0]}记{rng.choice(SHOP_TRADES)}"


MATTERS = {  # matter: (purpose, discussion, effect)
    "催缴物业费": (
        ["派发缴费通知，提醒缴纳物业费", "催缴欠费，了解欠费原因", "提醒业主物业费即将到期"],
        [
            "业主说最近手头紧，承诺月底前缴清。",
            "业主对电梯维修不满意，说修好了再缴费，已记录并转工程部。",
            "业主在外地，约定通过微信转账缴费。",
            "租户说物业费由房东缴，已联系房东。",
        ],
        ["业主当场缴费。", "业主承诺缴费日期，到期再跟进。", "业主仍有异议，需主管出面沟通。"],
    ),
    "服务回访": (
        ["报修后回访，了解维修效果", "保洁整改后回访", "回访门禁卡办理情况"],
        [
            "卫生间漏水已修好，业主确认没有再渗水。",
            "楼道保洁比上月干净，业主希望垃圾桶每天清洗。",
            "门禁卡已补办，业主反映地库感应偶尔失灵。",
            "空调外机噪音已处理，业主表示满意。",
        ],
        ["业主满意。", "业主基本满意，提了改进意见。", "业主不太满意，已转相关部门再处理。"],
    ),
    "投诉回访": (
        ["投诉处理后回访", "回访停车投诉处理结果"],
        [
            "楼上装修噪音已协调改到工作日白天施工，业主认可。",
            "车位被占问题已贴告知单，业主希望加强巡查。",
            "业主对处理速度不满意，认为反馈太慢。",  # 不满意: its 满意度 says so
        ],
        ["业主认可处理结果。", "业主接受，但希望以后反馈快一些。", "业主仍不满意，已报客服主管。"],
    ),
    "走访征求意见": (
        ["走访业主，征求对物业服务的意见", "季度满意度调查入户走访"],
        [
            "业主建议增加儿童游乐设施，已记录。",
            "业主希望小区夜间巡逻更频繁。",
            "业主对绿化养护很满意，建议补种行道树。",
            "业主反映快递堆放在大堂影响通行。",
        ],
        ["收集到意见，已汇总上报。", "业主很配合，聊了很多。"],
    ),
    "入住办理": (
        ["协助新业主办理入住手续", "交房验收陪同"],
        ["业主对交房质量提出三处整改，已登记。", "入住资料齐全，已发放钥匙和门禁卡。"],
        ["入住手续办理完毕。", "待整改完成后再验收。"],
    ),
    "装修办理": (
        ["装修手续办理和施工巡查", "检查装修许可证和施工时间"],
        ["装修队周末施工被投诉，已提醒按规定时间施工。", "装修垃圾未按指定地点堆放，已要求清运。"],
        ["装修人员已整改。", "已开具整改通知，三天后复查。"],
    ),
}
MATTER_WEIGHTS = {"服务回访": 40, "走访征求意见": 22, "投诉回访": 10, "催缴物业费": 18, "入住办理": 3, "装修办理": 7}
SATISFACTION = (["非常满意", "满意", "一般", "不满意"], [4, 6, 0.7, 0.3])
SUGGESTIONS = [
    "建议在地库入口加装照明。",
    "希望快递柜增加一组。",
    "建议小区健身器材定期检修。",
    "希望物业费可以在手机上缴纳。",
    "建议电梯内张贴维修保养记录。",
]


def _visit(rng: random.Random, visit: dict[str, Any], customer: dict[str, Any], day: date) -> None:
    """A visit about one matter, its words, a 满意度 on a call-back, a payment on collection."""
    owing = bool(customer.get("arrears"))
    weights = {**MATTER_WEIGHTS, "催缴物业费": 60 if owing else MATTER_WEIGHTS["催缴物业费"]}
    matter = rng.choices(list(weights), weights=list(weights.values()))[0]
    if visit.get("method") in ("phone", "wechat") and matter in ("入住办理", "装修办理"):
        matter = "服务回访"  # procedures are done in person
    purposes, discussions, effects = MATTERS[matter]
    discussion = rng.choice(discussions)
    visit.update(matter=matter, purpose=rng.choice(purposes), discussion=discussion, effect=rng.choice(effects))
    visit.pop("satisfaction", None)
    visit.pop("figures", None)
    visit.pop("promised_date", None)
    if matter.endswith("回访"):
        unhappy = "不满意" in discussion
        visit["satisfaction"] = rng.choice(["一般", "不满意"]) if unhappy else rng.choices(*SATISFACTION)[0]
        if unhappy or visit["satisfaction"] in ("一般", "不满意"):
            visit["effect"] = effects[-1]  # still not satisfied: passed on
    if matter == "走访征求意见" and rng.random() < 0.6:
        visit["suggestions"] = rng.choice(SUGGESTIONS)
    if matter == "催缴物业费":
        area = float(customer.get("floor_area", 100))
        if rng.random() < 0.55:
            months = 1 if owing else rng.choice([3, 6, 12, 12])
            visit["figures"] = {"collected": float(customer.get("arrears") or round(area * FEE_PER_SQM * months))}
            visit["effect"] = "业主当场缴费。" if visit.get("method") in ("home", "front_desk") else "业主已线上缴费。"
        else:
            visit["effect"] = rng.choice(effects[1:])  # not paid: a promise, or still disputed
            if owing and rng.random() < 0.6:  # promised to pay within a fortnight or so
                visit["promised_date"] = day + timedelta(days=rng.randrange(3, 16))


PACK = Pack(
    team_name="锦绣花园客户服务部",
    organisation="青城物业服务有限公司（锦绣花园项目）",
    supervisor=("刘燕", "liuyan"),
    supervisor_territory="客户服务部",
    managers=[
        ("周强", "zhouqiang"),
        ("吴婷", "wuting"),
        ("郑浩", "zhenghao"),
        ("孙莉", "sunli"),
        ("马骏", "majun"),
        ("林晓", "linxiao"),
        ("冯佳", "fengjia"),
        ("唐亮", "tangliang"),
    ],
    territories=GROUPS,
    streets={group: [f"{b}栋" for b in _buildings(group)] for group in GROUPS},
    kinds=[
        CustomerKind("household", 0.88, names.person, organisation=False, types={"owner": 6, "tenant": 1}),
        CustomerKind(
            "merchant",
            0.12,
            _shop,
            organisation=True,
            types={"merchant": 1},
            positions=[("店主", "owner"), ("店长", "manager"), ("财务", "finance")],
            persons=(1, 2),
        ),
    ],
    self_position="业主本人",
    jobs=["企业职员", "教师", "个体经营", "公务员", "退休", "医生", "自由职业"],
    early_fields=["building", "unit", "room", "floor_area", "occupancy"],
    address=_address,
    class_weights=(0.12, 0.73, 0.15),
    makers={
        "building": _building,
        "unit": _unit,
        "room": _room,
        "floor_area": _area,
        "occupancy": _occupancy,
        "move_in": _move_in,
        "renovation": _renovation,
        "renovation_permit": _permit,
        "paid_until": _paid_until,
        "arrears": _arrears,
    },
    visit_hook=_visit,
    base_targets={
        "collected": 9_000,
        "dunning": 12,
        "callbacks": 22,
        "satisfaction": 80,  # 000「业主对服务的满意率达%以上」 leaves the figure to the team
        "suggestions": 10,
        "feedback_rate": 100,
        "resolution_rate": 95,
    },
    method_weights={"home": 10, "front_desk": 3, "phone": 3, "wechat": 3},
    calls=(1, 4),
    daily_visits=(3, 4, 4, 5, 6),
    visit_slots=("09:00", "09:45", "10:30", "11:15", "14:00", "14:45", "15:30", "16:15", "19:00", "19:40"),
    visit_targets=(70, 80, 90),
    durations=(20, 30, 40),
    customers=260,
    visit_minutes=30,
    no_figures_share=0.0,
    office_hours=True,  # 管家 answer in the day; the six hours still run on the clock
    key_actions=["home", "phone", "wechat"],
    anniversary="入住纪念日",
    notes=["老人独居，子女在外地", "白天上班，晚上七点后在家", "有宠物狗，入户前先电话", "出租户，房东在外地"],
    purposes_org=["了解商户经营和物业服务需求", "提醒商户缴纳物业费", "商户门前秩序巡查"],
    purposes_person=[p for purposes, _, _ in MATTERS.values() for p in purposes],
    discussions_org=["店主希望门前停车位不要被长期占用。"],
    discussions_person=["业主对小区环境总体满意。"],
    strategies=[
        "先听意见，再谈缴费",
        "带上维修记录当面说明",
        "约在业主方便的晚上",
        "请楼长一同走访",
        "微信先约时间再上门",
    ],
    anomalies=[
        "地库有积水，已报工程部。",
        "楼道堆放杂物，存在消防隐患。",
        "发现有人在绿化带私自种菜。",
        "电梯运行有异响，已报维保单位。",
    ],
    suggestions=SUGGESTIONS,
    effects=["业主满意。"],
    next_steps=["通知工程部维修", "三天后电话回访", "约业主周末面谈", "把意见汇总到周报", "请客服主管出面沟通"],
    call_outcomes=[
        "电话提醒物业费到期",
        "确认维修师傅上门时间",
        "通知停水停电安排",
        "业主未接，已发短信",
        "微信回访维修满意度",
    ],
    meeting_places=["客服中心", "业主家中", "小区会所"],
    complaints=[
        ComplaintText("维修", "楼上卫生间漏水，天花板渗水。", "工程部上门查漏，更换防水层。"),
        ComplaintText("噪音", "楼上装修周末一大早就施工。", "约谈装修户，调整施工时间。"),
        ComplaintText("停车", "自己的车位被外来车辆占用。", "保安贴告知单并联系车主挪车。"),
        ComplaintText("保洁", "楼道垃圾两天没人清理。", "督促保洁班组整改，增加巡查。"),
        ComplaintText("安保", "有陌生人尾随进入单元门。", "调取监控，加强门岗登记。"),
        ComplaintText("收费", "认为公摊电费计算不合理。", "出示计费明细，当面解释。"),
        ComplaintText("绿化", "楼下树木遮挡采光。", "安排绿化班组修剪。"),
    ],
    problems=[
        ("部分业主以服务问题为由拒缴物业费。", "先把服务问题解决，再约时间沟通缴费。"),
        ("空置户联系不上。", "通过微信和电话联系，查档案中的紧急联系人。"),
        ("装修户不按规定时间施工。", "开具整改通知，联合保安巡查。"),
    ],
    reflections=[
        "先把业主反映的问题办好，催缴就顺了。",
        "回访要趁热，维修当天或第二天最好。",
        "晚上入户见到的人多，效率高。",
        "投诉先回个电话，业主的火就消了一半。",
    ],
    focus_market=["逐户核对欠费台账", "统计空置户和出租户", "了解业主对服务的意见"],
    focus_brand=["报修后 24 小时内回访", "投诉 6 小时内反馈", "装修巡查每周两次"],
    focus_service=["季度满意度调查入户", "年底前欠费户逐户上门", "冬季防冻提示"],
    month_focus=[
        "物业费收缴，年底前欠费户逐户上门",
        "季度满意度调查",
        "报修回访全覆盖",
        "装修巡查，规范施工时间",
        "征集业主意见建议",
        "冬季管道防冻提示",
        "投诉 6 小时内反馈",
    ],
    resources=["需要客服主管陪同走访", "需要工程部配合维修", "需要收费系统导出欠费明细", ""],
    week_summaries=[
        "本周回访计划完成，催缴略落后，下周重点走访欠费户。",
        "本周投诉都在 6 小时内反馈，满意度比上周提高。",
        "受停水检修影响，两户走访顺延，计划总体合理。",
    ],
    month_summary="本月收缴和满意度情况见团队月报。",
    tomorrow=[
        "上午回访报修业主，下午催缴欠费户。",
        "晚上入户走访，征求意见。",
        "跟进装修户整改情况。",
        "参加部门例会，下午前台值班。",
    ],
    review_comments=["记录详细，继续保持。", "欠费原因要写清楚。", "回访要记录满意度。", "投诉反馈要及时。"],
)
