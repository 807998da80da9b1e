"""The team's people: people.yaml, and what contradicts it elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from builder.checks.common import WARNING, duplicates, missing_file, ring, unknown_ref
from builder.load import Document, Kind
from builder.model import Dataset
from builder.problems import Problem
from builder.schema import Role


def check_people(ds: Dataset, as_of: date) -> Iterator[Problem]:
    doc = ds.people_doc
    if doc is None:
        missing = missing_file(ds, "people.yaml", "人员名单")
        waiting = len(ds.logs) + len(ds.week_plans) + len(ds.month_plans) + len(ds.documents_of(Kind.CUSTOMERS))
        yield replace(missing, message=f"{missing.message}（{waiting} 个日志、计划和客户档案因此无法核对是谁的）")
    if doc is None or doc.data is None:
        return
    yield from duplicates(doc, [((i, "id"), p.id) for i, p in enumerate(ds.people)], "人员")
    yield from _people_across(ds, doc)
    for i, person in enumerate(ds.people):
        if person.start and person.leave and person.leave < person.start:
            yield doc.problem(
                (i, "leave"), "leave-before-start", f"{person.name} 的 leave 早于 start", "检查这两个日期"
            )
        if person.supervisor is None:
            if person.role is not Role.SUPERVISOR:
                yield doc.problem(
                    (i, "id"),
                    "no-supervisor",
                    f"{person.name} 没有填写主管",
                    "添加 supervisor: <主管编号>",
                    severity=WARNING,
                )
            continue
        boss = ds.people_by_id.get(person.supervisor)
        if boss is None:
            yield unknown_ref(doc, (i, "supervisor"), person.supervisor, set(ds.people_by_id), "人员")
        elif boss.id == person.id:
            yield doc.problem(
                (i, "supervisor"), "self-supervisor", f"{person.name} 不能是自己的主管", "填写其上级主管的编号"
            )
        elif boss.role is not Role.SUPERVISOR:
            yield doc.problem(
                (i, "supervisor"),
                "not-supervisor",
                f"{boss.name}（{boss.id}）的角色不是主管",
                f"在 people.yaml 中把 {boss.id} 的 role 设为 supervisor",
                severity=WARNING,
            )


def _people_across(ds: Dataset, doc: Document) -> Iterator[Problem]:
    """What contradicts across people: supervisors over each other, one email for two, logs after leaving."""
    boss = {p.id: p.supervisor for p in ds.people if p.supervisor and p.supervisor != p.id}
    emails: dict[str, str] = {}
    for i, person in enumerate(ds.people):
        chain = ring(person.id, boss)
        if chain and person.id == min(chain):  # said once, at its first member
            shown = " → ".join([*chain, person.id])
            yield doc.problem(
                (i, "supervisor"), "supervisor-ring", f"主管关系成环：{shown}", "最上面的主管不写 supervisor"
            )
        email = person.email.strip().lower()
        if email and email in emails:
            said = f"{person.id} 与 {emails[email]} 的邮箱都是 {person.email}"
            yield doc.problem((i, "email"), "shared-email", said, "每人写自己的邮箱：portal new 按 git 的邮箱认人")
        emails.setdefault(email, person.id)
    after: dict[str, list[date]] = {}
    for record in ds.logs:
        writer = ds.people_by_id.get(record.person)
        if writer and writer.leave and record.day > writer.leave:
            after.setdefault(writer.id, []).append(record.day)
    for i, person in enumerate(ds.people):
        if days := sorted(after.get(person.id, [])):
            span = f"{days[0]}" if len(days) == 1 else f"{days[0]} 至 {days[-1]}"
            said = f"{person.name} 已于 {person.leave} 离开团队，却有 {len(days)} 篇此后的日志（{span}）"
            yield doc.problem((i, "leave"), "log-after-leave", said, "检查 leave 的日期，或日志的日期")
