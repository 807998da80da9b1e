"""Every label shown to people, in one table so that the site can be translated."""

from __future__ import annotations

LABELS: dict[str, str] = {
    # methods of a visit
    "onsite": "登门拜访",
    "phone": "电话约访",
    "seminar": "产品说明会",
    "proposal": "递交规划书",
    "other": "其他",
    # customer types, areas, categories
    "prospect": "准客户",
    "converted": "已成交客户",
    "influencer": "影响力中心",
    "urban": "城区",
    "rural": "农村",
    "key": "重点",
    "ordinary": "一般",
    # roles
    "manager": "客户经理",
    "key_account_manager": "大客户经理",
    "supervisor": "主管",
    "decision_maker": "决策人",
    "purchaser": "采购",
    "technician": "技术",
    "finance": "财务",
    # freshness of a customer
    "overdue": "逾期未访",
    "due_soon": "即将到期",
    "never": "从未拜访",
    "on_track": "正常",
    # KPI status
    "ahead": "进度正常",
    "behind": "落后",
    "no_target": "未设目标",
    # funnel
    "effective_calls": "有效电话",
    "needs_meetings": "需求面谈",
    "deal_meetings": "成交面谈",
    "after_sales": "售后服务",
    # history entries
    "visit": "拜访",
    "call": "电话",
    "complaint": "投诉",
    "invitation": "邀约",
    # rules
    "calls_per_day": "每日有效电话不足",
    "customers_per_outing": "外出拜访客户数不足",
    "visit_days_per_week": "每周外出天数不足",
    "complaint_response": "投诉反馈超时",
    "complaint_resolution": "投诉解决超时",
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
    """The Chinese label of `key`, or the key itself when none is defined."""
    return LABELS.get(str(key), str(key))
