"""The month's forms a team hands up (000: 目标设定表「上月目标」「上月达成」「本月目标」「第一周(目标/达成)」…
「本月实际达成」, and 每日业绩登记表, the day's figures 「每日营业结束之后…填入相应空格中」), with the numbers the
pages show: the same summaries, for the month, the month before and each calendar week of the month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from builder.derive import metrics
from builder.derive.periods import Period, PeriodSummary, PersonPeriod, month_of, week_of
from builder.derive.summaries import Summariser
from builder.workdays import WorkCalendar

FORM_MONTHS = 2  # the month running and the one before: the forms anyone hands up


@dataclass(frozen=True)
class PersonDays:
    person: str
    days: tuple[tuple[date, tuple[float | None, ...]], ...]  # each working day and its figures, by metric


Cell = tuple[float | None, float | None]  # a metric's target and what was achieved


@dataclass(frozen=True)
class WeekColumn:
    """A calendar week of the month: each person's (and the team's, `team`) target and achieved, by
    metric; a week not begun has its targets only."""

    period: Period
    cells: dict[str, tuple[Cell, ...]]


@dataclass(frozen=True)
class MonthForm:
    month: PeriodSummary
    before: PeriodSummary  # the month before: its targets and what was achieved
    weeks: tuple[WeekColumn, ...]  # each calendar week (Monday to Sunday) within the month
    daily: tuple[PersonDays, ...]

    def row(self, summary: PeriodSummary, person: str) -> PersonPeriod | None:
        """A person's row (`team`: the team's, when anyone was on it: a month before the team began has none)."""
        if person == "team":
            return summary.team if summary.rows else None
        return next((r for r in summary.rows if r.person.id == person), None)


def month_weeks(month: Period, calendar: WorkCalendar) -> list[Period]:
    """The month's calendar weeks, each cut to the month: 第一周 … 第五周. A piece of a week with no
    working day in it (1 November on a Sunday) goes with the week beside it."""
    spans: list[tuple[date, date]] = []
    day = month.start
    while day <= month.end:
        end = min(week_of(day).end, month.end)
        spans.append((day, end))
        day = end + timedelta(days=1)
    working = [any(True for _ in calendar.workdays(a, b)) for a, b in spans]
    if len(spans) > 1 and not working[0]:
        spans[:2], working[:2] = [(spans[0][0], spans[1][1])], [working[1]]
    if len(spans) > 1 and not working[-1]:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return [Period("week", f"{month.key}-w{i}", a, b) for i, (a, b) in enumerate(spans, start=1)]


def form_months(months: tuple[PeriodSummary, ...]) -> tuple[PeriodSummary, ...]:
    """The months that have forms: the last FORM_MONTHS of those summarised."""
    return months[-FORM_MONTHS:]


def month_forms(summariser: Summariser, months: tuple[PeriodSummary, ...]) -> tuple[MonthForm, ...]:
    """The forms of the months `form_months` names (`months` as derive summarised them)."""
    forms = []
    summarised = {m.period.key: m for m in months}
    for month in form_months(months):
        previous = month_of(month.period.start - timedelta(days=1))
        before = summarised.get(previous.key) or summariser.summary(previous)
        weeks = tuple(_week(summariser, month, w) for w in month_weeks(month.period, summariser.calendar))
        forms.append(MonthForm(month, before, weeks, _daily(summariser, month)))
    return tuple(forms)


def _week(summariser: Summariser, month: PeriodSummary, week: Period) -> WeekColumn:
    if week.start <= summariser.as_of:
        summary = summariser.summary(week)
        return WeekColumn(
            week, {r.person.id: tuple((k.target, k.actual) for k in r.kpis) for r in summary.rows_and_team}
        )
    team = summariser.team.metrics
    cells: dict[str, tuple[Cell, ...]] = {
        r.person.id: tuple((summariser.target(r.person.id, m, week), None) for m in team) for r in month.rows
    }
    targets = [[t for t, _ in each] for each in cells.values()]
    cells["team"] = tuple(
        (metrics.team_target(m, [x for t in targets if (x := t[i]) is not None]), None) for i, m in enumerate(team)
    )
    return WeekColumn(week, cells)


def _daily(summariser: Summariser, month: PeriodSummary) -> tuple[PersonDays, ...]:
    team = summariser.team
    found = []
    for row in month.rows:
        days = []
        start, end = summariser.active(row.person, month.period) or (month.period.end, month.period.start)
        for day in summariser.calendar.of(row.person).workdays(start, end):  # from the team's or the person's start
            if day == summariser.as_of and row.person.id not in summariser.written_today:
                continue  # the day's log is not in yet: its figures are not 0
            figures = summariser.period_figures(row.person.id, day, day)
            days.append((day, tuple(metrics.value(m, figures) for m in team.metrics)))
        found.append(PersonDays(row.person.id, tuple(days)))
    return tuple(found)
