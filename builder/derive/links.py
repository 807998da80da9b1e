"""Where a person's logs are in the site."""

from __future__ import annotations

from datetime import date
from functools import cache


@cache  # asked for every visit on many pages; a year has a few hundred months of people
def log_month_url(person: str, day: date) -> str:
    """A person's logs of one month are one page; each day is a section of it."""
    return f"logs/{person}/{day:%Y-%m}/"


def log_url(person: str, day: date) -> str:
    return f"{log_month_url(person, day)}#{day.isoformat()}"
