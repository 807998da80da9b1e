"""What a piece of typed text *is*: phone numbers, ID numbers, bank cards and accounts, emails,
and a known birth date or sensitive figure, however it is spelled; each found with its masked form.

Phones are found by `phonenumbers` (separators, spaces, +86/0086, brackets); ID numbers are told by
the birth date inside them (`python-stdnum`), so a mistyped check digit is still an ID number.
Full-width characters are read as their ASCII twins: `１３９…` is a phone like `139…`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Set
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
from phonenumbers import PhoneNumberMatcher, PhoneNumberType
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

PHONE, ID_NUMBER, BANK_CARD, EMAIL = "phone", "id_number", "bank_card", "email"
KINDS = (PHONE, ID_NUMBER, BANK_CARD, EMAIL)  # what is recognised in any text, by what it is
# the same length in and out, so a place in the half-width text is that place in the typed one
HALF_WIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "})
WIDE = re.compile(r"[\uff01-\uff5e\u3000]")  # a text without these is its own half-width
ANY_SIGN = re.compile(r"[0-9０-９@＠]")  # nothing is recognised in a text without one
# digits in groups of three or more, as numbers are copied from cards ("6222 0212 3456 7890 123"),
# a short last group and an ID number's X allowed; dates (groups of two) do not run together
_LONG_RUN = re.compile(r"(?<![0-9A-Za-z.,])\d{3,}(?:[ \-.]\d{3,})*(?:[ \-.]\d{1,2}[Xx]?|[ \-.]?[Xx])?(?![0-9A-Za-z])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", re.ASCII)
_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2}|\d{2})\s*(?:(?P<cn>年)|[-/.])\s*(?P<month>\d{1,2})\s*(?(cn)月|[-/.])"
    r"\s*(?P<day>\d{1,2})(?(cn)\s*[日号]?)(?!\d)|(?<!\d)(?P<compact>(?:19|20)\d{6})(?!\d)"
)
_FIGURE = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,]\d)")
_PUBLIC_LINES = {PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.PREMIUM_RATE}
FEWEST_FIGURE_DIGITS = 4  # a sensitive figure with fewer digits is too common to hide wherever it is written


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    shown: str  # what is published in its place


def half_width(text: str) -> str:
    return text.translate(HALF_WIDTH)


def masked_phone(national: str) -> str:
    """A Chinese phone number (national digits) masked: the mobile's prefix, or the landline's area code, stays."""
    if len(national) == 11 and national.startswith("1"):
        return f"{national[:3]}****{national[-4:]}"
    try:
        number = phonenumbers.parse(national, "CN")
        area = national[: phonenumbers.length_of_geographical_area_code(number)]
    except phonenumbers.NumberParseException:
        area = ""
    return f"0{area}-****{national[-4:]}" if area else f"****{national[-4:]}"


def masked_phone_field(value: str) -> str:
    """A phone field's value masked, whatever was typed in it."""
    half = half_width(value).strip()
    if len(half) == 11 and half.isdigit() and half.startswith("1"):  # as most phones are typed: no need to parse
        return masked_phone(half)
    for match in PhoneNumberMatcher(half, "CN", leniency=phonenumbers.Leniency.VALID):
        return masked_phone(str(match.number.national_number))
    digits = re.sub(r"\D", "", half)
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


def masked_id_number(value: str) -> str:
    compact = re.sub(r"[^0-9Xx]", "", half_width(value))
    return "*" * max(len(compact) - 4, 4) + compact[-4:]


def _is_id_number(compact: str) -> bool:
    if len(compact) == 18:
        try:
            ric.get_birth_date(compact)
        except ValidationError:
            return False
        return compact[:17].isdigit()
    if len(compact) == 15 and compact.isdigit():  # the old 15-digit number: yymmdd at the same place
        try:
            date(1900 + int(compact[6:8]), int(compact[8:10]), int(compact[10:12]))
        except ValueError:
            return False
        return True
    return False


def _long_runs(text: str, kinds: Set[str]) -> Iterator[Found]:
    """ID numbers (any grouping, X) and card or account numbers (15 to 25 digits, any grouping)."""
    for match in _LONG_RUN.finditer(text):
        compact = re.sub(r"[^0-9Xx]", "", match[0])
        if ID_NUMBER in kinds and _is_id_number(compact):
            keep = 3 if len(compact) == 15 else 4
            yield Found(match.start(), match.end(), "*" * (len(compact) - keep) + compact[-keep:])
        elif BANK_CARD in kinds and compact.isdigit() and 15 <= len(compact) <= 25:
            yield Found(match.start(), match.end(), "*" * (len(compact) - 4) + compact[-4:])


def _phones(text: str) -> Iterator[Found]:
    if sum(c.isdigit() for c in text) < 7:
        return
    for match in PhoneNumberMatcher(text, "CN", leniency=phonenumbers.Leniency.VALID):
        if phonenumbers.number_type(match.number) not in _PUBLIC_LINES:  # a company's 400 line is public
            yield Found(match.start, match.end, masked_phone(str(match.number.national_number)))


def masked_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def _emails(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        yield Found(match.start(), match.end(), masked_email(match[0]))


def _day(match: re.Match[str]) -> tuple[int, int, int] | None:
    try:
        if match["compact"]:
            day = date(int(match["compact"][:4]), int(match["compact"][4:6]), int(match["compact"][6:]))
            return day.year, day.month, day.day
        day = date(2000, int(match["month"]), int(match["day"]))  # a leap year: 29 February is a day
    except ValueError:
        return None
    return int(match["year"]), day.month, day.day


def _birthdays(text: str, births: Set[date], short: Set[tuple[int, int, int]]) -> Iterator[Found]:
    """A known birth date written with its year, however: the year is hidden (pages show month and day).
    `short`: the same dates with two-digit years."""
    for match in _DATE.finditer(text):
        ymd = _day(match)
        if ymd is None:
            continue
        year, month, day = ymd
        known = (year < 100 and (year, month, day) in short) or (year >= 100 and _known_day(births, ymd))
        if known:
            year_end = match.start() + (4 if match["compact"] else len(match["year"]))
            yield Found(match.start(), year_end, "*" * (year_end - match.start()))


def _known_day(births: Set[date], ymd: tuple[int, int, int]) -> bool:
    try:
        return date(*ymd) in births
    except ValueError:
        return False


def figure(value: object) -> Decimal | None:
    """A sensitive field's figure as it is compared with figures in text, or None when it is too short to look for."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    number = Decimal(str(value)).normalize()
    digits = len(number.as_tuple().digits)
    return number if digits >= FEWEST_FIGURE_DIGITS and number != 0 else None


def _figures(text: str, figures: Set[Decimal], shown: str) -> Iterator[Found]:
    for match in _FIGURE.finditer(text):
        try:
            number = Decimal(match[0].replace(",", "")).normalize()
        except InvalidOperation:
            continue
        if number in figures:
            yield Found(match.start(), match.end(), shown)


@dataclass(frozen=True)
class Recogniser:
    """Finds in a text what `kinds` say is sensitive, the known birth dates and the known figures."""

    kinds: frozenset[str]
    births: frozenset[date] = frozenset()
    figures: frozenset[Decimal] = frozenset()
    figure_shown: str = "***"
    short_births: frozenset[tuple[int, int, int]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "short_births", frozenset((b.year % 100, b.month, b.day) for b in self.births))

    def find(self, text: str) -> list[Found]:
        """Everything found in `text` (already half-width), leftmost first, overlaps given to the longest."""
        found: list[Found] = list(_long_runs(text, self.kinds))
        if PHONE in self.kinds:
            found += _phones(text)
        if EMAIL in self.kinds and "@" in text:
            found += _emails(text)
        if self.births:
            found += _birthdays(text, self.births, self.short_births)
        if self.figures:
            found += _figures(text, self.figures, self.figure_shown)
        return found
