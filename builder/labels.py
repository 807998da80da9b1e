"""Every label shown to people, in one table so that the site can be translated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from builder.problems import Problem
from builder.schema import Team

LABELS: dict[str, str] = {
    # what every team calls its people and customers, unless its profile or team.yaml says otherwise
    "manager": "客户经理",
    "key_account_manager": "大客户经理",
    "supervisor": "主管",
    "customer": "客户",
    "money": "元",
    "key": "重点",
    "ordinary": "一般",
    # freshness of a customer
    "overdue": "逾期未访",
    "due_soon": "即将应访",  # a visit due soon; 即将到期 is said of licences and contracts
    "never": "从未拜访",
    "on_track": "正常",
    # KPI status
    "ahead": "进度正常",
    "behind": "落后",
    "no_target": "未设目标",
    # history entries
    "visit": "拜访",
    "call": "电话",
    "complaint": "投诉",
    "invitation": "邀约",
    # complaint states
    "done": "已办结",
    "escalated": "已上报",
    "open": "处理中",
    # rules
    "calls_per_day": "每日电话联系不足",
    "customers_per_outing": "外出拜访客户数不足",
    "visit_days_per_week": "每周外出天数不足",
    "complaint_step": "投诉处理超时",
    "missing_log": "未提交日志",
    "follow_up_overdue": "跟进逾期",
    # weekdays
    "mon": "周一",
    "tue": "周二",
    "wed": "周三",
    "thu": "周四",
    "fri": "周五",
    "sat": "周六",
    "sun": "周日",
    # masking
    "masked": "（已隐藏）",
    # what customers owe or hold, by manager and by building or area (customer fields marked `ledger`)
    "ledger": "台账",
    # what a visit records (the names of its fields), as the team says it
    "purpose": "拜访目的",
    "met": "见到的人",
    "discussion": "洽谈内容",
    "anomalies": "市场异常",
    "suggestions": "客户意见建议",
    "effect": "效果及感受",
    "next_step": "下一步",
    "strategy": "服务策略",
    "figures": "业绩",
    # what a manager writes of a period of their own
    "week_summary": "周小结",
    "month_summary": "月度总结",
    # the titles a spreadsheet of customers gives its columns (portal import customers), "|" between them;
    # {customer} is the team's word for a customer
    "import.id": "编号|{customer}编号|客户编号|代码|{customer}代码|客户代码",
    "import.name": "名称|{customer}名称|客户名称|姓名|户名|{customer}|单位名称|企业名称|店名",
    "import.class": "分类|类别|{customer}分类|客户分类|等级|客户等级",
    "import.type": "类型|{customer}类型|客户类型",
    "import.key": "重点|重点客户|是否重点",
    "import.territory": "片区|区域|所属片区|网格",
    "import.organisation": "单位|工作单位|所属单位|职业",
    "import.address": "地址|经营地址|住址|联系地址",
    "import.phone": "电话|手机|手机号|联系电话|电话号码|联系方式",
    "import.id_number": "身份证号|身份证|证件号|证件号码|身份证号码",
    "import.birthday": "生日|出生日期",
    "import.since": "建档日期|开户日期|成为客户日期|起始日期",
    "import.notes": "备注|说明",
    "import.owner": "客户经理|{manager}|负责人|管户经理|{manager}编号|经理",
    "import.route": "线路|送货线路|拜访线路",
    "import.ignore": "序号|行号|NO|No.",  # columns that only number the rows: left out without a word
    "import.yes": "是|有|Y|YES|TRUE|1|√|✓|已",
    "import.no": "否|无|N|NO|FALSE|0|×|未",
    # a week plan's three focuses
    "focus_market": "市场动态",
    "focus_brand": "重点产品",
    "focus_service": "客户服务",
}


# the words a team most often says its own way in team.yaml's `words`, and what each names
# (any key of LABELS may be changed the same way)
WORD_KEYS: dict[str, str] = {
    "manager": "写日志、做拜访的人",
    "key_account_manager": "负责大客户的人",
    "supervisor": "审阅日志的人",
    "customer": "拜访的对象",
    "money": "金额的单位",
    "purpose": "拜访记录的“目的”",
    "met": "拜访记录的“见到的人”",
    "discussion": "拜访记录的“谈了什么”",
    "anomalies": "拜访中发现的异常",
    "suggestions": "拜访中听到的意见建议",
    "effect": "拜访记录的“效果”",
    "next_step": "拜访记录的“下一步”",
    "strategy": "计划拜访的策略",
    "figures": "日志和客户页面上的业务数字",
    "visit": "拜访本身（写成“走访”，网站、日历和说明里的“拜访”都随之改）",
    "focus_market": "周计划的第一项重点（focus.market）",
    "focus_brand": "周计划的第二项重点（focus.brand）",
    "focus_service": "周计划的第三项重点（focus.service）",
    "ledger": "客户所欠、所持金额的汇总页（客户字段写 ledger 的团队才有）",
}


# a word the portal's own texts say (its templates, its fixed strings) -> its key above: a team
# whose `words` change the key reads its own word there (worded.py for templates, Words.say)
WORDED = {LABELS["visit"]: "visit"}


def word_of(team: Team, key: str) -> str:
    """One word of the team, without building its whole table (Words)."""
    return team.words.get(key) or label(key)


def label(key: str) -> str:
    """The generic Chinese label of `key`, or the key itself when none is defined."""
    return LABELS.get(str(key), str(key))


class Words:
    """The labels of one team: the generic ones, then its profile's lists (methods, customer
    types, funnel stages, key person roles, classes), then its own `words`."""

    def __init__(self, team: Team | None) -> None:
        table, items = dict(LABELS), dict[str, str]()
        if team is not None:  # the generic labels say the team's word for a visit (从未走访)
            table = {key: _said(text, team.words) for key, text in table.items()}
            for listed in (team.classes, team.customer_types, team.key_person_roles, team.methods, team.funnel):
                items.update((item.id, item.label) for item in listed)
            table.update(items)
            table.update(team.words)
        self.table, self.items = table, items

    def __call__(self, key: object) -> str:
        return self.table.get(str(key), str(key))

    def say(self, text: str) -> str:
        """A fixed text of the portal's own (never what someone typed) in the team's words (WORDED)."""
        return _said(text, self.table)

    def item(self, key: object) -> str:
        """The label of an item of the team's lists (a class, type, key-person role, method or
        stage) by its id, even where the id is also a word (a key person's role `manager`, 店长)."""
        return self.items.get(str(key)) or self(key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.table == self.table

    def __hash__(self) -> int:
        return hash(tuple(self.table.items()))


def _said(text: str, words: Mapping[str, str]) -> str:
    for word, key in WORDED.items():
        if key in words:
            text = text.replace(word, words[key])
    return text


def worded_problems(problems: list[Problem], team: Team | None) -> list[Problem]:
    """The messages in the team's words (走访 where the team says so): they are the portal's own text,
    quoting ids, dates and names, not what someone wrote."""
    if team is None or not team.words:
        return problems
    say = Words(team).say
    return [replace(p, message=say(p.message), hint=say(p.hint)) for p in problems]
