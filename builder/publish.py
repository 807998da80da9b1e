"""Before anything is derived or rendered: what may be published.

The visit rules are matched (derive/frequency.py) while sensitive fields such as
loan balances are still there; `mask` then returns the dataset with every field the
team marked sensitive hidden, and phone and ID numbers hidden inside free text too.
Everything after this stage sees only the masked dataset.
"""

from __future__ import annotations

import re
from dataclasses import replace
from enum import Enum
from typing import Any

from pydantic import BaseModel

from builder.labels import label
from builder.model import Dataset
from builder.schema import Team

_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z])")


def mask_phone(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


def mask_id_number(text: str) -> str:
    return "*" * max(len(text) - 4, 4) + text[-4:]


class Masker:
    """Hides the sensitive fields of every model it is given, at any depth."""

    def __init__(self, sensitive: list[str]) -> None:
        self.sensitive = set(sensitive)

    def text(self, value: str) -> str:
        if "phone" in self.sensitive:
            value = _MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", value)
        if "id_number" in self.sensitive:
            value = _ID_NUMBER.sub(lambda m: "*" * 14 + m[3], value)
        return value

    def field(self, name: str, value: Any) -> Any:
        if name in self.sensitive and value not in (None, ""):
            if name == "phone":
                return mask_phone(str(value))
            if name == "id_number":
                return mask_id_number(str(value))
            return label("masked") if isinstance(value, str) else None
        return self.value(value)

    def value(self, value: Any) -> Any:
        if isinstance(value, BaseModel):
            names = [*type(value).model_fields, *(value.model_extra or {})]
            changes = {name: self.field(name, getattr(value, name)) for name in names}
            return value.model_copy(update=changes)
        if isinstance(value, str) and not isinstance(value, Enum):
            return self.text(value)
        if isinstance(value, tuple):
            return tuple(self.value(v) for v in value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value


def mask(ds: Dataset) -> Dataset:
    team: Team | None = ds.team
    if team is None or not team.sensitive:
        return ds
    masker = Masker(team.sensitive)
    return replace(
        ds,
        customer_files=tuple(replace(r, file=masker.value(r.file)) for r in ds.customer_files),
        logs=tuple(replace(r, log=masker.value(r.log)) for r in ds.logs),
        week_plans=tuple(replace(r, plan=masker.value(r.plan)) for r in ds.week_plans),
        month_plans=tuple(replace(r, plan=masker.value(r.plan)) for r in ds.month_plans),
    )
