"""Authoring helpers: a day's log prefilled and the supervisor's sign-off (next week's plan: builder.new_plan).

Each function takes the checked dataset and returns what it wrote (or raises
AuthorError with a message that says what to do). Files are created, never
overwritten; reviews are edited in place through builder.edit.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from builder.derive.counted import typed_metrics
from builder.derive.planned import PlannedVisitEntry
from builder.derive.records import collect
from builder.edit import commented, dump, set_top_level, write_new
from builder.labels import Words
from builder.model import Dataset, content_mark
from builder.schema import Invalid, Role, parse_week
from builder.suggest import did_you_mean
from builder.workdays import WorkCalendar


class AuthorError(Exception):
    pass


def git_email(folder: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "config", "user.email"], capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip()


def person_of(ds: Dataset, person: str | None, data: Path) -> str:
    """The manager a command is for: --person, or the one whose email is git's user.email."""
    if person is None:
        email = git_email(data)
        matches = [p.id for p in ds.people if email and p.email == email]
        if len(matches) != 1:
            raise AuthorError("请用 --person 指定经理编号（也可以把 git 的 user.email 设成 people.yaml 里的邮箱）")
        return matches[0]
    if person not in ds.people_by_id:
        guess = did_you_mean(person, sorted(ds.people_by_id))
        raise AuthorError(
            f"没有编号为 '{person}' 的人员" + (f"，是不是 '{guess}'？" if guess else "；编号见 people.yaml")
        )
    return person


def week_of(text: str) -> tuple[int, int]:
    try:
        return parse_week(text)
    except Invalid as exc:
        raise AuthorError(f"{exc.message}（{exc.hint}）") from None


# --- portal new log ----------------------------------------------------------------------


def new_log(ds: Dataset, data: Path, person: str, day: date, *, empty: bool = False) -> Path:
    assert ds.team is not None
    path = data / "logs" / person / f"{day.isoformat()}.yaml"
    if path.exists():
        raise AuthorError(f"{path.as_posix()} 已经存在，不会覆盖；请直接编辑它")
    calendar = WorkCalendar(ds.team.workdays)
    if person in ds.people_by_id:
        calendar = calendar.of(ds.people_by_id[person])
    words = Words(ds.team)
    records = collect(ds, day)
    names = {c: customer.name for c, (customer, _) in ds.customers.items()}
    planned = [p for p in records.planned if p.person == person and p.day == day]
    if not planned and not empty:
        raise AuthorError(
            f"{person} 在 {day} 没有计划拜访（周计划 plans/{person}/{day.isocalendar()[0]}-W"
            f"{day.isocalendar()[1]:02d}.yaml）；没有计划也要写日志时加 --empty"
        )
    visits = CommentedSeq()
    for p in planned:
        visits.append(_log_visit(p, names, words))
    funnel = CommentedMap()
    for stage in ds.team.funnel:
        tally = CommentedMap([("plan", 0), ("actual", 0)])
        tally.fa.set_flow_style()
        funnel[stage.id] = tally
        funnel.yaml_add_eol_comment(stage.label, stage.id)
    next_day = calendar.add_workdays(day, 1)
    tomorrow = [p for p in collect(ds, next_day).planned if p.person == person and p.day == next_day]
    plan_text = "、".join(
        f"{p.visit.time:%H:%M} 拜访 {names.get(p.visit.customer, p.visit.customer)}" for p in tomorrow
    )
    results = f"{words('met')}、{words('discussion')}或{words('effect')}"
    typed = [f"{m.id}（{m.label}）" for m in typed_metrics(ds.team)]
    log = commented(
        [
            ("date", day, ""),
            ("visits", visits, f"从周计划带入；写上{results}才算已拜访，没去的删掉，临时拜访照样添加"),
            ("calls", CommentedSeq(), "电话：- {customer: 编号, time: 'HH:MM', outcome: 结果}"),
            *([("funnel", funnel, "计划与实际")] if ds.team.funnel else []),
            ("figures", CommentedMap(), words("figures") + "：" + "、".join(typed)),
            (
                "complaints",
                CommentedSeq(),
                "投诉：customer（档案外的写 complainant 和 address）、received、category、summary、steps: {"
                + "、".join(f"{s.id}（{s.label}）" for s in ds.team.complaints.steps)
                + "}、escalated、handling",
            ),
            ("problems", CommentedSeq(), "遇到的问题：- {problem: …, solution: …}"),
            ("reflections", "", "工作心得"),
            ("tomorrow", plan_text, f"次日（{next_day}）计划" + ("，已从周计划带入" if plan_text else "")),
        ]
    )
    log["figures"].fa.set_flow_style()
    write_new(path, dump(log))
    return path


def _log_visit(p: PlannedVisitEntry, names: dict[str, str], words: Words) -> CommentedMap:
    """A planned visit as the log's entry for it, to fill in."""
    return commented(
        [
            ("time", p.visit.time.strftime("%H:%M"), names.get(p.visit.customer, "")),
            ("customer", p.visit.customer, ""),
            ("method", p.method, words(p.method)),
            ("purpose", p.visit.purpose, words("purpose")),
            ("met", CommentedSeq(), words("met") + "：- {name: 姓名, position: 职务}"),
            ("discussion", "", words("discussion")),
            (
                "strategy_done",
                None,
                f"{words('strategy')}“{p.visit.strategy}”执行了吗？true / false"
                if p.visit.strategy
                else f"{words('strategy')}执行了吗？true / false",
            ),
            ("anomalies", "", words("anomalies")),
            ("suggestions", "", words("suggestions")),
            ("effect", "", words("effect")),
            ("next_step", "", words("next_step")),
            ("next_visit", None, "下次拜访日期 YYYY-MM-DD"),
        ]
    )


# --- portal review -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    signed: list[Path]
    skipped: list[Path]


def review(
    ds: Dataset, person: str, year: int, week: int, by: str, day: date, comment: str, *, force: bool = False
) -> Reviewed:
    supervisor = ds.people_by_id.get(by)
    if supervisor is None:
        guess = did_you_mean(by, sorted(ds.people_by_id))
        raise AuthorError(f"没有编号为 '{by}' 的人员" + (f"，是不是 '{guess}'？" if guess else ""))
    if supervisor.role is not Role.SUPERVISOR:
        raise AuthorError(f"{supervisor.name}（{by}）不能审阅；people.yaml 中 role 为 supervisor 的人才能审阅")
    logs = [r for r in ds.logs if r.person == person and r.day.isocalendar()[:2] == (year, week)]
    if not logs:
        raise AuthorError(f"{person} 在 {year}-W{week:02d} 没有日志可审阅")
    signed, skipped = [], []
    for record in logs:
        covers = content_mark(record.doc.data)
        if record.log.review and record.log.review.covers in ("", covers) and not force:
            skipped.append(record.doc.path)  # signed, and not changed since (an old review without a mark stands)
            continue
        block = CommentedMap([("by", by), ("date", day)])
        if comment:
            block["comment"] = comment
        block["covers"] = covers
        set_top_level(record.doc.path, "review", block)
        signed.append(record.doc.path)
    return Reviewed(signed, skipped)
