"""Scalars as YAML 1.2 core resolves them, and converted with a message when they do not fit.

Plain scalars are resolved as ruamel.yaml resolves YAML 1.2 (`no` and `09:30` stay
text, `017` is 17); timestamps stay text for the schema to judge. A value under an
explicit core tag that does not fit it (`!!int 六`) and a number too long or not
finite become a message, never an exception from deep inside a parser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from builder.load.limits import MAX_NUMBER_DIGITS

CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (f"{CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))
MERGE_TAG = f"{CORE}merge"

BOOL_PLAIN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
FLOAT_PLAIN = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
INT_PLAIN = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
NULL_PLAIN = re.compile(r"^(?:~|null|Null|NULL|)$")
TIMESTAMP_PLAIN = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
    (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_NUMBER_START = frozenset("-+0123456789.")


def resolve(value: str) -> str:
    """The core tag of a plain scalar, as YAML 1.2 (and ruamel.yaml) resolves it."""
    first = value[:1]
    if first in _NUMBER_START and first:
        if INT_PLAIN.match(value):
            return INT
        if FLOAT_PLAIN.match(value):
            return FLOAT
        if TIMESTAMP_PLAIN.match(value):
            return TIMESTAMP
        return STR
    if first in "tTfF" and BOOL_PLAIN.match(value):
        return BOOL
    if first in "~nN" and NULL_PLAIN.match(value):
        return NULL
    if value == "":
        return NULL
    if value == "<<":
        return MERGE_TAG
    return STR


class NotScalar(ValueError):
    """A scalar that does not fit its explicit tag, with what to say about it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_NUMBER_HINT = "如果这是文字，给它加上引号"


def to_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    base = 10
    if digits[:2] in ("0b", "0x", "0o"):
        base = {"0b": 2, "0x": 16, "0o": 8}[digits[:2]]
        digits = digits[2:]
    if len(digits) > MAX_NUMBER_DIGITS:
        raise NotScalar(f"数字有 {len(digits)} 位，太长了", f"数字最多 {MAX_NUMBER_DIGITS} 位；{_NUMBER_HINT}")
    if not digits.isascii() or not digits.isalnum():
        raise NotScalar(f"'{text}' 不是整数", "!!int 后面只能写整数，或删除 !!int")
    try:
        return sign * int(digits, base)
    except ValueError:
        raise NotScalar(f"'{text}' 不是整数", "!!int 后面只能写整数，或删除 !!int") from None


def to_float(text: str) -> float:
    plain = text.replace("_", "").lower()
    if plain.lstrip("+-") in (".inf", ".nan"):
        raise NotScalar(f"'{text}' 不是有限的数字", "写一个具体的数字；如果这是文字，给它加上引号")
    if not plain.isascii():
        raise NotScalar(f"'{text[:40]}' 不是数字", "!!float 后面只能写数字，或删除 !!float")
    if len(plain) > MAX_NUMBER_DIGITS:
        raise NotScalar(f"数字 '{text[:20]}…' 太长了", f"数字最多 {MAX_NUMBER_DIGITS} 位；{_NUMBER_HINT}")
    try:
        number = float(plain)
    except ValueError:
        raise NotScalar(f"'{text}' 不是数字", "!!float 后面只能写数字，或删除 !!float") from None
    if not math.isfinite(number):
        raise NotScalar(f"数字 {text} 超出范围", _NUMBER_HINT)
    return number


def to_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise NotScalar(f"'{text}' 不是 true 或 false", "!!bool 后面只能写 true 或 false，或删除 !!bool")


def to_null(text: str) -> None:
    if NULL_PLAIN.match(text):
        return None
    raise NotScalar(f"'{text}' 不是空值", "!!null 后面不写内容，或删除 !!null")


MERGE = object()  # the plain key `<<`, which merges in ruamel.yaml; refused here
CONVERT: dict[str, Callable[[str], Any]] = {
    STR: str,
    INT: to_int,
    FLOAT: to_float,
    BOOL: to_bool,
    NULL: to_null,
    TIMESTAMP: str,
    MERGE_TAG: lambda text: MERGE,
}
