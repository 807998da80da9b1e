"""What a phrase pack holds: the words, names and numbers of one kind of team's demo.

The engine (customers.py, plans.py, logs.py) reads the team's profile for what exists
(metrics, fields, methods, steps); a pack says what it is called and how much of it there is.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Ctx:
    """What a field maker may look at: the customer as made so far."""

    klass: str
    kind: CustomerKind
    territory: str
    name: str
    end: date
    customer: dict[str, Any]
    since: date | None = None  # when the customer became one


Maker = Callable[[random.Random, Ctx], Any]  # a field's value, or None to leave it out
NameMaker = Callable[[random.Random], str]
# makes a drawn visit one of the trade's own: (rng, the visit so far, its customer) -> None, changing the visit
VisitHook = Callable[[random.Random, dict[str, Any], dict[str, Any], date], None]  # rng, visit, customer, day


@dataclass(frozen=True)
class CustomerKind:
    """One sort of customer of the team: a person, a shop, a company, a school …"""

    id: str
    weight: float
    name: NameMaker
    organisation: bool  # key persons rather than a birthday, a phone and an ID number
    types: Mapping[str, float]  # customer type id -> weight, first drawn first
    positions: list[tuple[str, str]] = field(default_factory=list)  # (position, key person role)
    persons: tuple[int, int] = (1, 2)
    fields: list[str] = field(default_factory=list)  # the team's fields this kind carries, in order
    fixed: dict[str, Any] = field(default_factory=dict)  # field values every customer of this kind has


@dataclass(frozen=True)
class ComplaintText:
    category: str  # one of the profile's categories; "" writes none
    summary: str
    handling: str
    product: str = ""


@dataclass(frozen=True)
class Level:
    """A level metric kept as a running balance: it starts at `start` (+ `step` per manager),
    grows by the day's `plus` metric and falls by `minus` (or a small random outflow)."""

    start: float
    step: float
    plus: str
    minus: str | None = None
    outflow: tuple[float, ...] = (0, 0, 5, 10, 20)


@dataclass(frozen=True)
class FunnelPace:
    plans: tuple[int, ...]
    actual: tuple[int, int]
    from_calls: bool = False  # actual = the day's calls + a few


@dataclass(frozen=True)
class Pack:
    team_name: str
    organisation: str
    supervisor: tuple[str, str]
    supervisor_territory: str
    managers: list[tuple[str, str]]
    territories: list[str]
    streets: dict[str, list[str]]
    kinds: list[CustomerKind]
    self_position: str  # how a person met in their own right is written (本人, 户主)
    jobs: list[str]
    # numbers
    base_targets: Mapping[str, float]  # monthly target of an average manager, in drawing order
    count_targets: dict[str, tuple[int, int]] = field(default_factory=dict)
    rate_spread: dict[str, float] = field(default_factory=dict)  # daily rate = target ± spread
    levels: dict[str, Level] = field(default_factory=dict)
    amount_step: float | None = None  # daily amounts rounded to this; None: by size
    method_weights: dict[str, int] = field(default_factory=dict)  # default: the first 7, others 1
    funnel: dict[str, FunnelPace] = field(default_factory=dict)
    calls: tuple[int, int] = (3, 8)
    daily_visits: tuple[int, ...] = (1, 2, 2, 3, 3)  # visits planned on a day off the routes, drawn
    visit_slots: tuple[str, ...] = ("09:00", "10:30", "14:00", "15:30", "16:40")
    visit_targets: tuple[int, ...] = (30, 35, 40)  # customers to visit in a month off the routes
    durations: tuple[int, ...] = (30, 45, 60)  # minutes, written on some planned visits off the routes
    customers: int = 120
    visit_minutes: int = 60
    class_intervals: dict[str, int] = field(default_factory=dict)  # else from the profile's visit rules
    routes: bool = False
    route_size: tuple[int, int] = (6, 10)  # customers along a day's route
    route_steps: tuple[int, ...] = (25, 30, 35, 40, 45)  # minutes from one customer to the next along it
    early_fields: list[str] = field(default_factory=list)  # drawn before the address, for every kind
    makers: dict[str, Maker] = field(default_factory=dict)
    address: Maker | None = None  # the address from the fields drawn before it; else street and number
    class_weights: tuple[float, ...] = ()  # of the profile's classes, in order; else CLASS_WEIGHTS
    visit_hook: VisitHook | None = None
    visit_texts: dict[str, list[str]] = field(default_factory=dict)  # the team's text visit fields
    no_figures_share: float = 0.12
    office_hours: bool = True  # complaint steps done at night move to the next morning
    key_actions: list[str] = field(default_factory=list)
    # words
    anniversary: str = "合作纪念日"
    expiry_items: list[str] = field(default_factory=list)
    expiry_amounts: list[float] = field(default_factory=lambda: [20, 50, 100, 200, 500])
    expiry_share: float = 0.25
    notes: list[str] = field(default_factory=list)
    purposes_org: list[str] = field(default_factory=list)
    purposes_person: list[str] = field(default_factory=list)
    discussions_org: list[str] = field(default_factory=list)
    discussions_person: list[str] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)
    anomalies: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    effects: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    call_outcomes: list[str] = field(default_factory=list)
    meeting_places: list[str] = field(default_factory=list)
    complaints: list[ComplaintText] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    reflections: list[str] = field(default_factory=list)
    focus_market: list[str] = field(default_factory=list)
    focus_brand: list[str] = field(default_factory=list)
    focus_service: list[str] = field(default_factory=list)
    month_focus: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    week_summaries: list[str] = field(default_factory=list)
    month_summary: str = "本月主要指标完成情况见团队月报。"
    tomorrow: list[str] = field(default_factory=list)
    review_comments: list[str] = field(default_factory=list)

    def purposes(self, organisation: bool) -> list[str]:
        return (self.purposes_org if organisation else self.purposes_person) or self.purposes_org

    def discussions(self, organisation: bool) -> list[str]:
        return (self.discussions_org if organisation else self.discussions_person) or self.discussions_org


def load(profile: str) -> Pack:
    """The phrase pack of a profile: builder/demo/packs/<profile>.py's PACK."""
    module = importlib.import_module(f"builder.demo.packs.{profile}")
    pack = module.PACK
    assert isinstance(pack, Pack), profile
    return pack
