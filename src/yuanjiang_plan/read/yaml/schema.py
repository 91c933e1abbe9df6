"""The YAML 1.2 core schema: what a plain scalar is (str, int, float, bool, null, and a plain
ISO date), typed from its first character and a few patterns."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .marks import Refusal, at

# What the core schema makes of a plain scalar (`resolve_plain`).
STR = "core str"
_INT = "core int"
_FLOAT = "core float"
_BOOL = "core bool"
NULL = "core null"
_DATE = "core date"


# YAML 1.2.2 §10.3.2, the core schema's tag resolution, in its order.
_NULL_RE = re.compile(r"(?:null|Null|NULL|~)?\Z")
_BOOL_RE = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT10_RE = re.compile(r"[-+]?[0-9]+\Z")
_INT8_RE = re.compile(r"0o[0-7]+\Z")
_INT16_RE = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# Not in the core schema: a plain ISO date is a date, as in YAML 1.1 and ruamel (README).
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

# Only plain scalars starting with one of these can be anything but a string.
_NUMERIC = frozenset("-+.0123456789")
_WORDS = frozenset("nNtTfF~")
MAYBE = _NUMERIC | _WORDS
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def resolve_plain(value: str) -> str:
    """Core-schema type of a plain scalar (a quoted or block scalar is always a string).

    The spellings of the different types start with disjoint characters, so the first one
    says which few patterns can match at all (most plain scalars are text: one set lookup).
    """
    if not value:
        return NULL
    first = value[0]
    if first in _NUMERIC:
        # No number or date holds two dots: IDs (1.2.3, a third of a report's scalars) are text
        # without trying the six patterns. The patterns are disjoint, so their order is free.
        if value.count(".") > 1:
            return STR
        if _INT10_RE.match(value):
            return _INT
        if value[4:5] == "-" and _DATE_RE.match(value):
            return _DATE
        if first == "0" and (_INT8_RE.match(value) or _INT16_RE.match(value)):
            return _INT
        if _FLOAT_RE.match(value) or _INF_RE.match(value) or _NAN_RE.match(value):
            return _FLOAT
        return STR
    if first in _WORDS:
        if _NULL_RE.match(value):
            return NULL
        if _BOOL_RE.match(value):
            return _BOOL
    return STR


def typed(node: Any) -> Any:
    value: str = node.value
    kind = resolve_plain(value)
    if kind is STR:
        return value
    if kind is _INT:
        try:
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value, 10)
        except ValueError as exc:  # more digits than Python converts (4,300)
            line, col = at(node)
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise Refusal("bad-value", f"无法读取的值 '{shown}' (value cannot be read: {exc})",
                          "检查数字是否多打了位数 (check the digits)", line, col) from None
    if kind is _FLOAT:
        if value[-3:].lower() == "nan":
            return float("nan")
        if value[-3:].lower() == "inf":
            return float("-inf") if value[0] == "-" else float("inf")
        return float(value)
    if kind is NULL:
        return None
    if kind is _BOOL:
        return _BOOLS[value]
    try:  # _DATE
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError as exc:
        line, col = at(node)
        raise Refusal("bad-date", f"无效的日期 {value} ({exc})",
                      "日期写成 2024-07-05 这样的真实日期 (use a real date, YYYY-MM-DD)",
                      line, col) from None
