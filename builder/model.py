"""The validated data: each file's typed content with where it came from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any

from builder.load import Document, Kind
from builder.load.document import Positions
from builder.problems import Problem
from builder.schema import Customer, CustomerFile, DailyLog, MonthPlan, Person, Route, Team, WeekPlan


@dataclass(frozen=True)
class CustomerRecord:
    file: CustomerFile
    doc: Document


def content_mark(data: Any) -> str:
    """A short fingerprint of what a log says, its review left out: `portal review` writes it
    into the review, so that a log changed after it was signed is seen to be (issue 25)."""
    said = {k: v for k, v in data.items() if k != "review"} if isinstance(data, dict) else data
    text = json.dumps(said, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class LogRecord:
    person: str
    day: date
    log: DailyLog
    doc: Document
    review_stale: bool = False  # signed, and changed since: its review names another content_mark

    @property
    def signed(self) -> bool:
        """Reviewed, and not changed since the review (a review without a mark stands)."""
        return self.log.review is not None and not self.review_stale


@dataclass(frozen=True)
class WeekPlanRecord:
    person: str
    year: int
    week: int
    plan: WeekPlan
    doc: Document

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)


@dataclass(frozen=True)
class MonthPlanRecord:
    person: str
    year: int
    month: int
    plan: MonthPlan
    doc: Document


def _raw_ids(data: Any, *path: str) -> Iterator[str]:
    """Ids written in a file that failed validation, so references to them still resolve."""
    items = data
    for part in path:
        items = items.get(part) if isinstance(items, dict) else None
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]


@dataclass(frozen=True)
class Dataset:
    root: str
    team: Team | None
    team_doc: Document | None
    people: tuple[Person, ...]
    people_doc: Document | None
    customer_files: tuple[CustomerRecord, ...]
    logs: tuple[LogRecord, ...]
    week_plans: tuple[WeekPlanRecord, ...]
    month_plans: tuple[MonthPlanRecord, ...]
    documents: tuple[Document, ...]
    incomplete: frozenset[Kind]

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def customers(self) -> dict[str, tuple[Customer, str]]:
        """Customer id -> (customer, owner id); the first definition wins."""
        found: dict[str, tuple[Customer, str]] = {}
        for record in self.customer_files:
            for customer in record.file.customers:
                found.setdefault(customer.id, (customer, record.file.owner))
        return found

    @cached_property
    def routes(self) -> dict[str, Route]:
        """Customer id -> the route it is on (routes are defined in its owner's customer file)."""
        return {
            c.id: r
            for record in self.customer_files
            for r in record.file.routes
            for c in record.file.customers
            if c.route == r.id
        }

    def without_sources(self) -> Dataset:
        """This dataset as the stages after the check need it: every document without the line and
        column of its nodes, and a log's without its parsed text (its model holds what it says).
        Nothing is reported by position after the check, and on a large team these are a quarter
        of the build's memory. A new dataset: this one is left as it is."""
        lean: dict[int, Document] = {}

        def slim(doc: Document) -> Document:
            if id(doc) not in lean:
                data = {} if doc.kind is Kind.LOG and isinstance(doc.data, dict) else doc.data
                lean[id(doc)] = replace(doc, data=data, where=Positions())
            return lean[id(doc)]

        return replace(
            self,
            team_doc=slim(self.team_doc) if self.team_doc else None,
            people_doc=slim(self.people_doc) if self.people_doc else None,
            customer_files=tuple(replace(r, doc=slim(r.doc)) for r in self.customer_files),
            logs=tuple(replace(r, doc=slim(r.doc)) for r in self.logs),
            week_plans=tuple(replace(r, doc=slim(r.doc)) for r in self.week_plans),
            month_plans=tuple(replace(r, doc=slim(r.doc)) for r in self.month_plans),
            documents=tuple(slim(d) for d in self.documents),
        )

    @cached_property
    def _documents_of(self) -> dict[Kind | None, list[Document]]:
        found: dict[Kind | None, list[Document]] = {}
        for doc in self.documents:
            found.setdefault(doc.kind, []).append(doc)
        return found

    def documents_of(self, kind: Kind) -> list[Document]:
        return self._documents_of.get(kind, [])

    def people_unknown(self) -> bool:
        """Whether who is on the team is unknown: people.yaml missing, unreadable or naming no one
        readable (its own problems say why; references to people are then not checked)."""
        return self.unreadable(Kind.PEOPLE) or not self.documents_of(Kind.PEOPLE) or not self.people

    def unreadable(self, kind: Kind) -> bool:
        """Whether a file of `kind` could not be parsed at all, so its ids are unknown."""
        return any(d.data is None for d in self.documents_of(kind))

    def known_ids(self, kind: Kind) -> set[str]:
        """Ids defined in files of `kind`, including files that failed validation."""
        if kind is Kind.PEOPLE:
            ids = set(self.people_by_id)
            path: tuple[str, ...] = ()
        elif kind is Kind.CUSTOMERS:
            ids = set(self.customers)
            path = ("customers",)
        else:
            ids = {m.id for m in self.team.metrics} if self.team else set()
            path = ("metrics",)
        for doc in self.documents_of(kind):
            if doc.data is not None:
                ids.update(_raw_ids(doc.data, *path))
        return ids


@dataclass(frozen=True)
class Checked:
    """The output of the check: the dataset, every problem found, and the day it was checked for."""

    dataset: Dataset
    problems: list[Problem]
    as_of: date
