"""The credit union (农信社): a county branch whose managers serve farmers, small shops and co-operatives."""

from __future__ import annotations

import random
from datetime import date, timedelta

from builder.demo import names
from builder.demo.pack import ComplaintText, Ctx, CustomerKind, Level, Pack

TOWN = "城关镇"
TERRITORIES = [TOWN, "石桥镇", "柳河乡", "白沙镇", "新塘乡", "龙泉镇", "上庄乡", "河口镇"]
STREETS = {
    TOWN: ["人民路", "东街", "西门路"],
    "石桥镇": ["石桥村", "前进村", "桥头街"],
    "柳河乡": ["柳河村", "下湾村", "杨柳村"],
    "白沙镇": ["白沙村", "沙湾村", "新街"],
    "新塘乡": ["新塘村", "塘头村", "老屋村"],
    "龙泉镇": ["龙泉村", "泉水村", "龙泉街"],
    "上庄乡": ["上庄村", "黄土岭村", "枫树村"],
    "河口镇": ["河口村", "渡口村", "河口街"],
}
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组"]
SHOP_TRADES = ["农资店", "日杂店", "建材店", "饭店", "修车铺", "粮油店", "五金店", "养殖场", "茶叶店", "服装店"]
COOP_PRODUCTS = ["蔬菜", "茶叶", "水果", "生猪养殖", "水产养殖", "中药材", "粮食种植", "食用菌", "花卉苗木"]
VILLAGES = [s for streets in STREETS.values() for s in streets if s.endswith("村")]
TYPES_FARMER = {"farmer": 1}


def _shop(rng: random.Random) -> str:
    surname = rng.choice(names.SURNAMES)[0]
    return f"{surname}{rng.choice(['记', '家', '氏'])}{rng.choice(SHOP_TRADES)}"


def _coop(rng: random.Random) -> str:
    return f"{rng.choice(VILLAGES)}{rng.choice(COOP_PRODUCTS)}专业合作社"


def _village(rng: random.Random, ctx: Ctx) -> str:
    street = ctx.customer["address"].split("村")[0] + "村" if "村" in ctx.customer["address"] else ctx.territory
    return f"{street}{rng.choice(GROUPS)}"


def _area(rng: random.Random, ctx: Ctx) -> str:
    if ctx.territory == TOWN:
        return "城区"
    return "村" if ctx.kind.id == "farmer" else "乡镇"


def _credit(rng: random.Random, ctx: Ctx) -> bool | None:
    return True if rng.random() < (0.45 if ctx.kind.id == "farmer" else 0.1) else None


def _credit_line(rng: random.Random, ctx: Ctx) -> int | None:
    if rng.random() < 0.2:
        return None
    low, high = {"farmer": (1, 6), "business": (4, 20)}.get(ctx.kind.id, (10, 60))
    return rng.randint(low, high) * 5


def _loan_balance(rng: random.Random, ctx: Ctx) -> float | None:
    line = ctx.customer.get("credit_line")
    if not line or rng.random() < 0.3:
        return None
    return round(float(line) * rng.uniform(0.2, 1.0), 1)


def _loan_due(rng: random.Random, ctx: Ctx) -> date | None:
    if "loan_balance" not in ctx.customer:
        return None
    return ctx.end + timedelta(days=rng.randrange(-30, 365))


def _npl_balance(rng: random.Random, ctx: Ctx) -> float | None:
    """A few borrowers' loans have gone bad (003「不良贷款本息清收」)."""
    balance = ctx.customer.get("loan_balance")
    return round(float(balance) * rng.uniform(0.3, 1.0), 1) if balance and rng.random() < 0.06 else None


def _high_risk(rng: random.Random, ctx: Ctx) -> bool | None:
    balance = ctx.customer.get("loan_balance")
    return True if balance and not ctx.customer.get("npl_balance") and rng.random() < 0.05 else None


def _limitation(rng: random.Random, ctx: Ctx) -> date | None:
    """诉讼时效 and 担保时效 of a bad loan (003「确保诉讼时效和担保时效」): some within months."""
    if not ctx.customer.get("npl_balance"):
        return None
    return ctx.end + timedelta(days=rng.randrange(-10, 500))


PACK = Pack(
    team_name="城关信用社客户经理组",
    organisation="青溪县农村信用合作联社城关信用社",
    supervisor=("陈国强", "chenguoqiang"),
    supervisor_territory="城关信用社",
    managers=[
        ("李红梅", "lihongmei"),
        ("王建军", "wangjianjun"),
        ("张丽华", "zhanglihua"),
        ("刘德明", "liudeming"),
        ("赵小军", "zhaoxiaojun"),
        ("孙秀兰", "sunxiulan"),
        ("周海涛", "zhouhaitao"),
        ("吴春燕", "wuchunyan"),
    ],
    territories=TERRITORIES,
    streets=STREETS,
    kinds=[
        CustomerKind("farmer", 0.55, names.person, organisation=False, types=TYPES_FARMER),
        CustomerKind(
            "business",
            0.3,
            _shop,
            organisation=True,
            types={"business": 1},
            positions=[("店主", "householder"), ("担保人", "guarantor")],
            persons=(1, 2),
        ),
        CustomerKind(
            "enterprise",
            0.15,
            _coop,
            organisation=True,
            types={"enterprise": 1},
            positions=[("理事长", "householder"), ("会计", "other"), ("担保人", "guarantor")],
            persons=(1, 3),
        ),
    ],
    self_position="户主",
    jobs=["种植户", "养殖户", "务工人员", "个体工商户", "村干部", "教师", "退休职工"],
    base_targets={
        "deposits": 400,
        "loans": 300,
        "farmer_credit": 12,
        "mobile_banking": 25,
        "recovered": 30,
        "overdue_rate": 2.5,
        "interest": 28,
        "interest_due": 30,
        "interest_rate": 90,
        "high_risk_resolved": 12,
        "new_npl": 0.4,
        "dunning": 4,
    },
    count_targets={"farmer_credit": (8, 16), "mobile_banking": (15, 30), "new_npl": (0, 0), "dunning": (3, 6)},
    levels={"npl": Level(start=60, step=6, plus="new_npl", minus="recovered", outflow=(0,))},
    rate_spread={"overdue_rate": 0.4},
    calls=(2, 5),
    makers={
        "village": _village,
        "area": _area,
        "credit": _credit,
        "credit_line": _credit_line,
        "loan_balance": _loan_balance,
        "loan_due": _loan_due,
        "npl_balance": _npl_balance,
        "high_risk": _high_risk,
        "litigation_due": _limitation,
        "guarantee_due": _limitation,
    },
    key_actions=["onsite", "phone", "village"],
    anniversary="入社纪念日",
    expiry_items=["定期存款", "农户小额信用贷款", "个体工商户经营贷款", "合作社流动资金贷款"],
    expiry_amounts=[3, 5, 10, 20, 50],
    expiry_share=0.15,
    notes=[
        "农忙时白天在地里，傍晚再去",
        "子女在外务工，老人在家",
        "养殖大户，资金需求随季节变化",
        "与村主任熟，可请其引荐",
    ],
    purposes_person=[
        "了解春耕备耕资金需求",
        "上门采集农户信息，评定信用等级",
        "提醒贷款到期，商量还款安排",
        "宣传惠农贷款政策",
        "回访贷款用途和种养殖情况",
        "协助办理社保卡激活",
    ],
    purposes_org=[
        "了解店铺经营和流水情况",
        "洽谈经营贷款续贷",
        "核实贷款用途",
        "了解合作社收购和销售进度",
        "推荐收款码和代发工资",
        "回访担保人",
    ],
    discussions_person=[
        "今年种了二十亩水稻，秋收后有一笔存款，答应存在社里。",
        "家里新盖了猪圈，想增加十万元授信，需要补充担保人。",
        "孩子明年上大学，咨询助学贷款和存款到期时间。",
        "去年贷款按时还清，评为信用户后想办理循环贷款。",
        "担心存款利率下调，解释了定期存款和整存整取的区别。",
        "在外务工的儿子寄钱回来，问怎么查收和转账。",
    ],
    discussions_org=[
        "店里生意比去年好，年前要进一批货，资金缺口约五万元。",
        "合作社今年收购茶叶两百多吨，货款回笼要到年底。",
        "老板想扩建冷库，咨询中长期贷款和抵押物要求。",
        "收款码流水不错，同意把日常结算放在社里。",
        "担保人身体不好，商量更换担保人或追加抵押。",
        "合作社社员二十多户，愿意集中办理工资代发。",
    ],
    strategies=[
        "先了解生产情况，再谈资金需求",
        "请村干部陪同，增进信任",
        "带上贷款政策宣传单当面讲解",
        "逢节日上门问候，不谈业务",
        "对信用户优先办理，突出方便快捷",
        "联合村委会开展集中宣讲",
    ],
    anomalies=[
        "附近邮储银行网点开展存款送米面油活动。",
        "有村民反映外地人上门推销高息集资，已提醒村委会。",
        "今年雨水多，部分种植户收成减少，还款可能推迟。",
        "生猪价格下跌，养殖户资金紧张。",
        "镇上新开了一家村镇银行，利率略高。",
    ],
    suggestions=[
        "希望在村里设置助农取款点。",
        "希望贷款办理不用多次跑腿。",
        "建议农忙季节延长营业时间。",
        "希望多来村里讲讲防诈骗知识。",
    ],
    effects=[
        "户主态度积极，同意下周来社里签字。",
        "沟通顺利，关系更近了一步。",
        "客户仍在考虑，需要继续跟进。",
        "已收齐资料，等待审批。",
        "当场办理完成，客户满意。",
    ],
    next_steps=[
        "准备贷款资料清单送到家里",
        "约担保人来社里面签",
        "请信贷内勤核实征信",
        "下次带上信用户评定表",
        "秋收后再上门商量存款",
    ],
    call_outcomes=[
        "提醒本月贷款利息扣款日",
        "客户在外务工，约春节回来后面谈",
        "已告知定期存款到期，客户同意续存",
        "确认了上门走访时间",
        "电话未接通，稍后再拨",
        "客户暂无需求，保持联系",
    ],
    meeting_places=["信用社营业厅", "客户家中", "村委会", "合作社办公室", "客户店里"],
    complaints=[
        ComplaintText("办理时效", "贷款审批等了两个多星期，耽误了买化肥。", "向主任汇报后加急审批，已放款。"),
        ComplaintText("服务态度", "柜员说话不耐烦，老人没听懂就让他回去。", "当面致歉，安排专人上门讲解。"),
        ComplaintText("收费", "认为短信提醒费不该收。", "解释收费标准，帮客户取消短信提醒。"),
        ComplaintText("其他", "助农取款点经常没现金。", "联系网点加大备付金，每周检查一次。"),
    ],
    problems=[
        ("部分农户不愿提供收入证明。", "改为上门实地调查，参考村委会评议。"),
        ("村里年轻人外出务工，联系不上户主。", "通过电话和微信与户主联系，春节集中走访。"),
        ("个别贷款户还款困难。", "了解原因，符合条件的办理展期，并加强跟踪。"),
    ],
    reflections=[
        "走村入户要选对时间，农忙时别去打扰。",
        "信用户评定要公开透明，村民才信服。",
        "多听少说，先把农户的难处弄清楚。",
        "当天事当天毕，走访记录晚上补容易遗漏。",
    ],
    focus_market=["了解各村种养殖和收成情况", "掌握他行在乡镇的揽储活动", "收集外出务工人员返乡时间"],
    focus_brand=["开展整村授信宣讲", "宣传惠农贷款和信用户政策", "进村开展防诈骗宣传"],
    focus_service=["到期贷款逐户提醒", "信用户回访", "处理客户意见，提升满意度"],
    month_focus=[
        "整村授信推进，完成两个村的信用户评定",
        "春耕备耕贷款投放",
        "存款稳存增存，做好外出务工人员返乡揽储",
        "不良贷款清收",
        "个体工商户经营贷款营销",
        "合作社流动资金需求摸排",
        "逾期贷款压降",
    ],
    resources=["需要主任陪同走访", "需要村委会协助组织宣讲", "需要信贷内勤提前审查资料", ""],
    week_summaries=[
        "本周走访计划基本完成，存款略有落后，下周重点走访返乡务工人员。",
        "本周完成一个村的信用户评定，贷款投放超过周目标。",
        "受雨天影响两户走访顺延，计划总体合理，效果一般。",
    ],
    month_summary="本月各项指标完成情况见团队月报。",
    tomorrow=[
        "上午去村里走访三户，下午整理贷款资料。",
        "继续跟进昨天的贷款申请，约担保人面签。",
        "上午在社里接待客户，下午电话提醒到期贷款。",
        "参加联社培训，晚上补走访记录。",
    ],
    review_comments=["记录详细，继续保持。", "到期贷款要提前一周提醒。", "信用户评定资料要齐全。", "注意走访安全。"],
)
