"""Every label shown to people, in one table so that the site can be translated."""

from __future__ import annotations

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
    "due_soon": "即将到期",
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
}


def label(key: str) -> str:
    """The generic Chinese label of `key`, or the key itself when none is defined."""
    return LABELS.get(str(key), str(key))


class Words:
    """The labels of one team: the generic ones, then its profile's lists (methods, customer
    types, funnel stages, key person roles, classes), then its own `words`."""

    def __init__(self, team: Team | None) -> None:
        table = dict(LABELS)
        if team is not None:
            for items in (team.classes, team.customer_types, team.key_person_roles, team.methods, team.funnel):
                table.update((item.id, item.label) for item in items)
            table.update(team.words)
        self.table = table

    def __call__(self, key: object) -> str:
        return self.table.get(str(key), str(key))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.table == self.table

    def __hash__(self) -> int:
        return hash(tuple(self.table.items()))
