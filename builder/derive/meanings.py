"""What each number on the pages counts, said once in the team's words.

The numbers themselves are computed in one place each (records.day_counts, records.collect,
customers.VisitCalendar.standing, periods.Summariser, metrics); the pages show these texts
as the title (tooltip) of a number's heading and as footnotes under its table.
"""

from __future__ import annotations

from builder.derive.metrics import SCORE_CAP
from builder.labels import Words
from builder.schema import Team


def meanings(team: Team, words: Words) -> dict[str, str]:
    """Each text in the team's words: its own word for a visit in place of 拜访 (the labels it
    names, such as its methods', are put in as they are)."""
    said = _meanings(team, words, by_phone=_PHONE)
    visit = words("visit")
    by_phone = "、".join(m.label for m in team.methods if not m.in_person) or f"电话方式的{visit}"
    return {key: words.say(text).replace(_PHONE, by_phone) for key, text in said.items()}


_PHONE = "\0methods by phone\0"


def _meanings(team: Team, words: Words, by_phone: str) -> dict[str, str]:
    customer = words("customer")
    due = team.rules.log_due_days
    log_due = "当天结束时" if not due else f"之后第 {due} 个工作日结束时"
    return {
        "planned": f"计划拜访：周计划里安排的当面拜访（{by_phone}不算）",
        "planned_done": "已完成计划：计划的当面拜访中，当天日志里有这次拜访并写了结果的（一次拜访只完成一条计划）",
        "visits": f"实际拜访：日志里当面拜访并写了结果（见到的人、洽谈内容、效果等）的次数；{by_phone}算电话；"
        "只从计划带入、还没写结果的不算",
        "customers_visited": f"拜访{customer}数：当面拜访过的{customer}，同一户只算一次",
        "calls": f"电话：日志里电话记录（calls）的条数，加上以{by_phone}方式记录并写了结果的拜访",
        "unwritten": "未写结果：从计划带入、还没写见到的人、洽谈内容或效果的拜访，仍算计划",
        "logs": f"日志：已交 / 应交；一天的日志{log_due}到期，到期后才算应交",
        "compliance": f"日志提交率：已到期的工作日中交了日志的比例（一天的日志{log_due}到期）",
        "expected": "时间进度：本期已过的工作日占全部工作日的比例（按本人的排班，从团队或本人开始之日算起）；"
        "今天在写了今天的日志后才算已过，与数字同时计入；团队的时间进度是各人的平均",
        "attainment": f"达成度：100% 表示按目标应达到的水平（金额和个数按时间进度折算），最高记 {SCORE_CAP:.0f}%",
        "change": "环比：与上月同期（从 1 日起同样多的天数）相比的增减；比率相减，以百分点计",
        "year_change": "同比：与月度计划里填写的去年同月实际相比的增减（比率以百分点计）；"
        "金额和个数要等本月结束、整月相比",
        "year_pending": "本月还没结束：金额和个数的同比要等整月结束再比",
        "no_base": "上月同期是 0：增减无法按百分比计算",
        "no_actual": "本期还没有这项数字，无从比较",
        "conversion": "转化率：本环节的实际数 ÷ 它所转化自的环节的实际数，两者都是本期合计",
        "conversion_over": "超过 100%（标 ↑）：本期这一环节的实际数多于它的来源环节，有一部分来自前期的来源",
        "coverage": f"覆盖：本期当面拜访过的{customer}数 / 负责的{customer}数",
        "overdue": f"逾期未访：过了应访日期的{customer}",
        "due": "应访日期：按拜访频次要求的日期与约定跟进的日期中较早的一个；"
        "约定跟进在下一次写了结果的拜访（当面或电话）后由它的约定取代",
        "freshness": f"状态：过了应访日期为逾期未访，{team.rules.due_soon_days} 天内到应访日期为即将应访，"
        "还没当面拜访过为从未拜访，其余为正常；每个页面都是同一个状态",
        "violations": "违规：本期违反团队工作规则的次数（每日电话、每次外出户数、每周外出天数、投诉时限、缺交日志）",
    }
