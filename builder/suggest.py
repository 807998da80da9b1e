"""'Did you mean …?': the choice a mistyped word was most likely meant to be."""

from __future__ import annotations

import difflib

_LOOKALIKES = str.maketrans("lIoO", "1100")


def did_you_mean(word: str, choices: list[str]) -> str:
    """The choice `word` was most likely meant to be ('' if none is close): one spelt alike
    (l for 1, O for 0, another case), then two neighbouring characters swapped (c150 for
    c105), then the closest by difflib."""
    plain = word.translate(_LOOKALIKES).lower()
    for choice in choices:
        if choice.translate(_LOOKALIKES).lower() == plain:
            return choice
    for choice in choices:
        if _swapped(plain, choice.translate(_LOOKALIKES).lower()):
            return choice
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else ""


def _swapped(word: str, choice: str) -> bool:
    """Whether `choice` is `word` with two neighbouring characters swapped."""
    if len(word) != len(choice):
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, choice, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == choice[differ[1]]
        and (word[differ[1]] == choice[differ[0]])
    )


# Keys that older team, customer and log files used, with what replaced them.
RENAMED: dict[str, str] = {
    "aggregate": "指标的汇总方式改为 kind：amount、count、rate 或 level",
    "visit_every_days": "拜访频次改写在 visit_rules 中，如 {when: {class: A}, every_days: 30}",
    "call_every_days": "电话频次改写在 visit_rules 中",
    "credit_follow_up_days": "改写在 visit_rules 中，如 {when: {credit: true}, per_month: 2}",
    "large_loan_threshold": "改写在 visit_rules 中，如 {when: {loan_balance: {above: 300}}, every_days: 30}",
    "large_loan_visit_days": "改写在 visit_rules 中，如 {when: {loan_balance: {above: 300}}, every_days: 30}",
    "complaint_response_hours": "投诉时限改写在 complaints.steps 中，如 {id: responded, label: 反馈, within_hours: 6}",
    "complaint_resolve_hours": "投诉时限改写在 complaints.steps 中，如 {id: resolved, label: 解决, within_hours: 8}",
    "secrets": "订阅地址不再写在仓库里：删除 feeds.secrets，在 CI 的密钥中设置 PORTAL_FEED_KEY（至少 32 个字符，"
    "如 openssl rand -hex 32 的输出），再用 portal feeds 查看新地址",
    "responded": "各环节时间写在 steps 中，如 steps: {responded: '10:30'}",
    "resolved": "各环节时间写在 steps 中，如 steps: {resolved: '16:00'}",
}


def field_hint(name: str, allowed: list[str]) -> str:
    """How to fix an unknown key: the field it most likely meant, else every field allowed there."""
    guess = did_you_mean(name, allowed)
    return f"是不是想写 '{guess}'？" if guess else "可用的字段：" + "、".join(allowed)
