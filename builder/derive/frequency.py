"""How often each customer must be visited, and by when the next visit is due.

A team's visit rules select customers by any attribute ({class: A}, {area: 城网},
{grade: {min: 25}}) and ask for a visit every N days, or N visits a week or a month;
a rule says which contact counts (visits in person, any contact, or certain methods).
Every rule that applies gives a due date; the earliest one binds.
"""

from __future__ import annotations

import calendar
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from builder.fields import attribute, matches
from builder.labels import LABELS
from builder.model import Dataset
from builder.schema import Customer, VisitRule


def applies(rule: VisitRule, customer: Customer) -> bool:
    return all(matches(attribute(customer, name), condition) for name, condition in rule.when.items())


def rules_by_customer(ds: Dataset, hidden: frozenset[str] = frozenset()) -> dict[str, tuple[VisitRule, ...]]:
    """Customer id -> the visit rules that apply to it; read before sensitive fields are masked.

    Rules that select on a `hidden` field are left out: a page saying "visit monthly, loan over
    3 million" (or a due date that follows from it) would tell what the mask hides."""
    if ds.team is None:
        return {}
    rules = [r for r in ds.team.visit_rules if not hidden & set(r.when)]
    return {cid: tuple(r for r in rules if applies(r, c)) for cid, (c, _) in ds.customers.items()}


def rule_text(rule: VisitRule, visit: str = LABELS["visit"]) -> str:
    """The rule as the pages say it; `visit`: the team's word for a visit."""
    if rule.label:
        return rule.label
    if rule.every_days:
        return f"至少每 {rule.every_days} 天{visit}一次"
    if rule.per_week:
        return f"每周至少{visit} {rule.per_week} 次"
    return f"每月至少{visit} {rule.per_month} 次"


def _period(rule: VisitRule, day: date) -> tuple[date, date]:
    if rule.per_week:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def rule_due(rule: VisitRule, visits: list[date], day: date) -> date | None:
    """By when the next visit is due under `rule`, given the sorted days of visits so far.

    'N a week/month' spreads the N visits evenly: the k-th is due by the end of the k-th
    N-th of the period; once N are done, the first of the next period is next. A whole
    period that ended short of its N (the customer was visited before it began) leaves the
    customer overdue since that period's last day, until it is visited again."""
    seen = visits[: bisect_right(visits, day)]
    if rule.every_days:
        return seen[-1] + timedelta(days=rule.every_days) if seen else None
    wanted = rule.per_week or rule.per_month or 1
    start, end = _period(rule, day)
    done = sum(1 for d in seen if d >= start)
    if done == 0 and (missed := missed_quota(rule, seen, day)) is not None:
        return missed[1]
    if done >= wanted:
        start, end = _period(rule, end + timedelta(days=1))
        done = 0
    length = (end - start).days + 1
    return start + timedelta(days=math.ceil((done + 1) * length / wanted) - 1)


def missed_quota(rule: VisitRule, visits: list[date], day: date) -> tuple[date, date, int] | None:
    """The last whole period before `day`'s that fell short of a 'N a week/month' rule:
    (its first day, its last day, the visits it had); None if it did not, or if the
    customer was first visited during it (the rule had no whole period to be kept in)."""
    if rule.every_days or not visits:
        return None
    start, _ = _period(rule, day)
    before, last = _period(rule, start - timedelta(days=1))
    if visits[0] > before:
        return None
    done = sum(1 for d in visits if before <= d <= last)
    return (before, last, done) if done < (rule.per_week or rule.per_month or 1) else None


def quota_text(rule: VisitRule, missed: tuple[date, date, int]) -> str:
    """What a whole period fell short of, in words: 11月应访 2 次，实访 1 次."""
    start, _, done = missed
    period = f"{start.month}月" if rule.per_month else f"第 {start.isocalendar().week} 周"
    return f"{period}应访 {rule.per_week or rule.per_month} 次，实访 {done} 次"


def counted_by(rule: VisitRule, in_person: list[date], contacts: list[tuple[date, str]]) -> list[date]:
    """The sorted days of the contacts `rule` counts: in person, any, or by the methods it names."""
    if rule.methods == "in_person":
        return in_person
    if rule.methods == "any":
        return sorted({d for d, _ in contacts})
    return sorted({d for d, method in contacts if method in rule.methods})


@dataclass(frozen=True)
class Frequency:
    """The visit rules of every customer, the days each was visited in person, and each
    contact with its result written (day, method; `call` for a call the log lists)."""

    rules: dict[str, tuple[VisitRule, ...]]
    visits: dict[str, list[date]]
    contacts: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    by_rule: dict[tuple[str, int], list[date]] = field(init=False, repr=False, compare=False)  # see `counted`

    def __post_init__(self) -> None:
        counted = {
            (customer, i): counted_by(rule, self.visits.get(customer, []), self.contacts.get(customer, []))
            for customer, rules in self.rules.items()
            for i, rule in enumerate(rules)
        }
        object.__setattr__(self, "by_rule", counted)  # made once: every day's standing reads it

    def counted(self, customer: str, rule: VisitRule) -> list[date]:
        """The sorted days of the contacts with `customer` that `rule`, one of its rules, counts."""
        index = next(i for i, r in enumerate(self.rules[customer]) if r is rule)
        return self.by_rule[customer, index]

    def last_visit(self, customer: str, day: date) -> date | None:
        days = self.visits.get(customer, [])
        index = bisect_right(days, day)
        return days[index - 1] if index else None

    def due(self, customer: str, day: date) -> tuple[date | None, VisitRule | None]:
        """The earliest due date of the rules of `customer` as of `day`, and the rule that sets it.

        With no visit yet there is no due date; the rule shown is then the strictest one."""
        rules = self.rules.get(customer, ())
        found = [(d, i) for i, r in enumerate(rules) if (d := rule_due(r, self.by_rule[customer, i], day))]
        if found:
            due, index = min(found)
            return due, rules[index]
        if not rules:
            return None, None
        strictest = min(range(len(rules)), key=lambda i: (rule_due(rules[i], [day], day) or day, i))
        return None, rules[strictest]
