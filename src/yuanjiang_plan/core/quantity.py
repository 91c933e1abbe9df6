"""Chinese quantities and reporting periods: ``4.5万亩``, ``1.2亿元``, ``2024-Q3``, ``2024年上半年``.

Pure functions, no I/O. Bad user input raises :class:`QuantityError` or :class:`PeriodError`
(never anything else for text input); the loader turns them into diagnostics with their
``code``, ``message`` and ``hint``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from typing import ClassVar

# Periods live in period.py; their names stay importable from here.
from .period import (
    Period,
    PeriodError,
    PeriodKind,
    next_period,
    parse_period,
    period_containing,
    periods_between,
)
from .text import normalise as _normalise
from .text import shown as _shown

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "QuantityError",
    "UnitMismatch",
    "format_quantity",
    "next_period",
    "parse_period",
    "parse_quantity",
    "period_containing",
    "periods_between",
]


# ---------------------------------------------------------------- errors


class QuantityError(ValueError):
    """A progress value that cannot be read as a number in the target's unit."""

    code: ClassVar[str] = "bad-value"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnitMismatch(QuantityError):
    """The value names a unit other than the target's (报 '家' for a target counted in '个')."""

    code: ClassVar[str] = "unit-mismatch"



# ---------------------------------------------------------------- quantities

# Powers of ten, so every scaling is an exact Decimal.scaleb. 千/百 only ever scale a number
# (3千); as the first character of a unit they belong to the unit's name (千克, 千米, 百分点).
_MAGNITUDES: dict[str, int] = {
    "百": 2,
    "千": 3,
    "万": 4,
    "百万": 6,
    "千万": 7,
    "亿": 8,
    "百亿": 10,
    "千亿": 11,
    "万亿": 12,
}
_UNIT_PREFIXES = ("万亿", "亿", "万")
_MAGNITUDE_CHARS = "百千万亿"
_CHINESE_NUMERALS = frozenset("零〇一二三四五六七八九十两")

# A context that never traps: overflow becomes Infinity and is rejected as not finite, so no
# decimal exception can escape for any input (the default context raises on 1e99999999999).
_CTX = Context(prec=60, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])
# Formatting quantizes floats up to 1.8e308 to 0.01: 309 integer digits + 2 must fit.
_FORMAT_CTX = Context(prec=400, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])

_INTEGER = r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+"
_FIRST_NUMBER = re.compile(
    rf"(?P<sign>[+-]?)(?P<mantissa>(?:{_INTEGER})(?:\.[0-9]+)?|\.[0-9]+)(?P<exponent>[eE][+-]?[0-9]+)?"
)
_LATER_NUMBER = re.compile(rf"\s*(?P<integer>{_INTEGER})")
_MAGNITUDE_RUN = re.compile(rf"\s*(?P<run>[{_MAGNITUDE_CHARS}]+)")

_VALUE_HINT = "写数字，可带万、亿和单位，如 62、4.5万、3.3万亩"


@dataclass(frozen=True)
class _Reading:
    """One way to read the front of a value: the amount (magnitudes applied) and what follows."""

    amount: Decimal
    has_magnitude: bool
    rest: str


def _magnitude_words(text: str, pos: int) -> list[tuple[str, int]]:
    """Magnitude words at ``pos``, longest first, each with the position after it."""
    match = _MAGNITUDE_RUN.match(text, pos)
    if match is None:
        return []
    run = match.group("run")
    start = match.start("run")
    # No magnitude word is longer than two characters: looking further would make a long run
    # of 万万万… cost quadratic time for nothing.
    return [
        (run[:length], start + length)
        for length in range(min(len(run), 2), 0, -1)
        if run[:length] in _MAGNITUDES
    ]


def _readings(text: str) -> list[_Reading]:
    """Every reading of ``text`` as number + magnitudes + rest, most of the text consumed first.

    Several readings exist because magnitude characters also start unit names: ``3千克`` is
    3 千克 or 3000 克, and only the target's unit can tell which.
    """
    first = _FIRST_NUMBER.match(text)
    if first is None:
        return []
    amount = _CTX.create_decimal(
        first.group("mantissa").replace(",", "") + (first.group("exponent") or "")
    )
    # The sign applies to the whole amount: -4万5千 is -45000.
    sign = -1 if first.group("sign") == "-" else 1
    found: list[_Reading] = []

    def more_terms(total: Decimal, last_exponent: int, pos: int) -> None:
        # 4万5千, 1亿2000万: each further term is a whole number times a smaller magnitude,
        # and worth less than one unit of the magnitude before it.
        later = _LATER_NUMBER.match(text, pos)
        if later is not None:
            number = Decimal(later.group("integer").replace(",", ""))
            for word, end in _magnitude_words(text, later.end()):
                exponent = _MAGNITUDES[word]
                term = number.scaleb(exponent, _CTX)
                if exponent < last_exponent and term < Decimal(1).scaleb(last_exponent, _CTX):
                    more_terms(_CTX.add(total, term), exponent, end)
        found.append(_Reading(total.copy_sign(sign), True, text[pos:].strip()))

    for word, end in _magnitude_words(text, first.end()):
        exponent = _MAGNITUDES[word]
        more_terms(amount.scaleb(exponent, _CTX), exponent, end)
    found.append(_Reading(amount.copy_sign(sign), False, text[first.end() :].strip()))
    return found


def _split_unit(unit: str) -> tuple[str, int]:
    """A target unit as (base unit, power of ten): 万亩 -> (亩, 4), 亩 -> (亩, 0)."""
    for prefix in _UNIT_PREFIXES:
        if unit.startswith(prefix):
            return unit[len(prefix) :], _MAGNITUDES[prefix]
    return unit, 0


def _in_target_unit(reading: _Reading, unit: str, base: str, exponent: int) -> Decimal | None:
    """The reading's amount in the target unit, or None when its suffix is not that unit."""
    if reading.rest == unit:
        return reading.amount
    if reading.rest == base or reading.rest == "":
        if reading.rest == "" and not reading.has_magnitude:
            # A bare number is in the target's unit (README *Add a report*), 4.5 for 万亩 is 4.5万亩.
            return reading.amount
        # 4万 or 45000亩 for a target in 万亩 are amounts of the base unit (亩): 4万 -> 4.
        return reading.amount.scaleb(-exponent, _CTX)
    return None


def _value_error(raw: str, text: str, reading: _Reading | None, unit: str) -> QuantityError:
    """The most helpful error for a value no reading of which fits the target's unit."""
    shown = _shown(raw)
    if reading is None:
        if text == "":
            return QuantityError("数量为空 (empty value)", _VALUE_HINT)
        if any(char in _CHINESE_NUMERALS for char in text):
            return QuantityError(
                f"无法识别的数量 '{shown}' (not a number)", "请用阿拉伯数字，如 4.5万、45000"
            )
        return QuantityError(f"无法识别的数量 '{shown}' (not a number)", _VALUE_HINT)
    rest = reading.rest
    if reading.has_magnitude and re.match(r"[0-9]", rest):
        return QuantityError(
            f"无法识别的数量 '{shown}' (not a number)",
            "万、千后面的零头要带量级，写成 4万5千、4.5万 或 45000",
        )
    if re.search(r"[0-9.,+\-]", rest):
        return QuantityError(f"无法识别的数量 '{shown}' (not a number)", _VALUE_HINT)
    if unit and rest.startswith(unit):
        extra = _shown(rest[len(unit) :])
        return QuantityError(
            f"数量 '{shown}' 后有多余文字 '{extra}' (unexpected text after the unit)",
            "只写数字和单位，说明写在 note 里",
        )
    if unit == "":
        return UnitMismatch(
            f"单位 '{_shown(rest)}' 多余：该指标没有单位 (unit mismatch)", "只写数字即可"
        )
    return UnitMismatch(
        f"单位 '{_shown(rest)}' 与指标单位 '{unit}' 不符 (unit mismatch)",
        f"写数字即可，默认按指标单位 '{unit}' 计",
    )


def _finite(value: float, raw: str) -> float:
    if not math.isfinite(value):
        raise QuantityError(
            f"数量 '{_shown(raw)}' 不是有限数 (not a finite number)", "写一个普通的数字，如 62"
        )
    return value


def parse_quantity(raw: str | int | float, unit: str) -> float:
    """A progress value in the target's ``unit``: 62, "4.5万", "3.3万亩", "6.5%", "1,200".

    Numbers pass through (they are in the target's unit). In text, 万/亿/千/百 after a number
    scale it, and a unit suffix must be the target's unit or, for a target counted in 万x or
    亿x, the base unit x. A magnitude with no unit counts in the base unit, so for 万亩 "4万"
    is 4 and for 亩 it is 40000. Raises :class:`UnitMismatch` for another unit and
    :class:`QuantityError` for anything else unreadable or not finite; the sign and range are
    the caller's to check.
    """
    if isinstance(raw, bool):
        raise QuantityError(f"数量不能是 {raw} (not a number)", _VALUE_HINT)
    if isinstance(raw, int):
        try:
            number = float(raw)
            return number if math.isfinite(number) else _finite(number, str(raw))
        except OverflowError:
            raise QuantityError(
                "数量太大 (not a finite number)", "写一个普通的数字，如 62"
            ) from None
    if isinstance(raw, float):
        return raw if math.isfinite(raw) else _finite(raw, repr(raw))
    if not isinstance(raw, str):
        raise QuantityError(f"无法识别的数量 {type(raw).__name__} (not a number)", _VALUE_HINT)

    padded = _normalise(raw)
    text = padded.strip()
    target = _normalise(unit).strip()
    base, exponent = _split_unit(target)
    first = _FIRST_NUMBER.match(text)
    if first is not None and first.group("exponent"):
        # 1e3 is a spreadsheet export; typed through a Chinese input method (１ｅ３) it is more
        # likely a slip than a power of ten, so only the plain ASCII spelling counts.
        offset = len(padded) - len(padded.lstrip())
        if not raw[offset : offset + first.end()].isascii():
            raise QuantityError(
                f"无法识别的数量 '{_shown(raw)}' (not a number)",
                "科学计数法只能用半角字符，如 1e3；或直接写 1000",
            )
    readings = _readings(text)
    for reading in readings:
        amount = _in_target_unit(reading, target, base, exponent)
        if amount is not None:
            return _finite(float(amount), raw)
    raise _value_error(raw, text, readings[0] if readings else None, target)


def _plain_number(amount: Decimal) -> str:
    """At most two decimals, rounded half up, trailing zeros dropped: 1234.5678 -> 1234.57."""
    if int(amount.as_tuple().exponent) < -2:
        amount = amount.quantize(Decimal("0.01"), ROUND_HALF_UP, _FORMAT_CTX)
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _multiple_of_power_of_ten(amount: Decimal, exponent: int) -> bool:
    _, digits, exp = amount.as_tuple()
    zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return int(exp) + zeros >= exponent


def format_quantity(value: float | None, unit: str | None) -> str:
    """Human display: 40000 亩 -> "4万亩", 120000000 元 -> "1.2亿元", 1234.5678 -> "1234.57".

    万 (亿) is used only for amounts of at least 1e4 (1e8) that are exact multiples of 1000
    (1e7), so the shown digits are exact; other amounts are rounded half up to two decimals of
    the target unit. Amounts of 1e16 and more use an exponent (1e+20). Everything shown parses
    back with :func:`parse_quantity`. None is "—"; a unit of None or "" shows the number only.
    """
    if value is None:
        return "—"
    target = (unit or "").strip()
    if not math.isfinite(value):
        return f"{value}{target}"
    if abs(value) >= 1e16:
        # Beyond 亿亿 no indicator is meant literally; 1e+300 beats a 300-digit line and the
        # ASCII exponent reads back exactly.
        return repr(float(value)) + target
    # repr is the shortest text that reads back as the same float: what a person typed.
    amount = Decimal(repr(float(value)))
    if target in ("%", "％"):
        return _plain_number(amount) + target
    base, exponent = _split_unit(target)
    in_base = amount.scaleb(exponent, _FORMAT_CTX)
    if (
        exponent < _MAGNITUDES["亿"]
        and abs(in_base) >= Decimal("1e8")
        and _multiple_of_power_of_ten(in_base, 7)
    ):
        return _plain_number(in_base.scaleb(-8, _FORMAT_CTX)) + "亿" + base
    if exponent == 0 and abs(amount) >= Decimal("1e4") and _multiple_of_power_of_ten(amount, 3):
        return _plain_number(amount.scaleb(-4, _FORMAT_CTX)) + "万" + target
    return _plain_number(amount) + target
