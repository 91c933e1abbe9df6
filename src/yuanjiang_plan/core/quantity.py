"""Chinese quantities and reporting periods: ``4.5万亩``, ``1.2亿元``, ``2024-Q3``, ``2024年上半年``.

Pure functions, no I/O. Bad user input raises :class:`QuantityError` or :class:`PeriodError`
(never anything else for text input); the loader turns them into diagnostics with their
``code``, ``message`` and ``hint``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Context, Decimal
from typing import ClassVar, Literal

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


class PeriodError(ValueError):
    """A reporting period (报告期) that is not one of the accepted spellings."""

    code: ClassVar[str] = "bad-period"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


# ---------------------------------------------------------------- text normalisation

# Chinese input methods produce full-width digits and punctuation (１２．５，％); the mapping is
# one character to one character so positions in the normalised text match the raw text.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH[0x3000] = ord(" ")  # ideographic space
_HALF_WIDTH[0x2212] = ord("-")  # MINUS SIGN, as pasted from Word and web pages

_MAX_SHOWN = 40


def _normalise(text: str) -> str:
    return text.translate(_HALF_WIDTH)


def _shown(text: str) -> str:
    """User text as quoted in a message: stripped and cut short."""
    text = text.strip()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


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
            # A bare number is in the target's unit (SPEC §3), 4.5 for 万亩 is 4.5万亩.
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
            return _finite(float(raw), str(raw))
        except OverflowError:
            raise QuantityError(
                "数量太大 (not a finite number)", "写一个普通的数字，如 62"
            ) from None
    if isinstance(raw, float):
        return _finite(raw, repr(raw))
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


# ---------------------------------------------------------------- periods

PeriodKind = Literal["month", "quarter", "half", "year"]

_KIND_MONTHS: dict[PeriodKind, int] = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_MONTHS_KIND: dict[int, PeriodKind] = {months: kind for kind, months in _KIND_MONTHS.items()}
_CADENCE_KIND: dict[str, PeriodKind] = {
    "monthly": "month",
    "quarterly": "quarter",
    "half-yearly": "half",
    "yearly": "year",
}
_FIRST_YEAR, _LAST_YEAR = 1900, 2200
_PERIOD_HINT = "写成 2024-06、2024-Q3、2024-H1 或 2024"


@dataclass(frozen=True)
class Period:
    """A reporting period (报告期): a calendar month, quarter, half year or year.

    Periods sort by end date, then shortest first, so a month comes before the quarter, half
    and year that end on the same day: in a sorted list every period follows all the periods
    whose figures it may summarise. Equality is on all fields, which the dates determine, so
    the order is consistent with ``==``.
    """

    start: dt.date
    end: dt.date
    text: str

    def __post_init__(self) -> None:
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        kind = _MONTHS_KIND.get(months)
        if (
            kind is None
            or self.start.day != 1
            or self.end.day != calendar.monthrange(self.end.year, self.end.month)[1]
            or (self.start.month - 1) % months != 0
            or self._canonical_text(self.start.year, kind, self._index(months)) != self.text
        ):
            raise PeriodError(
                f"不是一个日历报告期 '{self.text}' {self.start}..{self.end} (not a calendar period)",
                _PERIOD_HINT,
            )
        if not _FIRST_YEAR <= self.start.year <= _LAST_YEAR:
            raise PeriodError(
                f"年份 {self.start.year} 超出 {_FIRST_YEAR}-{_LAST_YEAR} (year out of range)",
                _PERIOD_HINT,
            )

    @property
    def months(self) -> int:
        """Length in calendar months: 1, 3, 6 or 12."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def kind(self) -> PeriodKind:
        """One of "month", "quarter", "half", "year"."""
        return _MONTHS_KIND[self.months]

    @property
    def year(self) -> int:
        """The calendar year the period lies in."""
        return self.start.year

    @property
    def index(self) -> int:
        """Position within the year, from 1: month 1-12, quarter 1-4, half 1-2, year 1."""
        return self._index(self.months)

    def _index(self, months: int) -> int:
        return (self.start.month - 1) // months + 1

    @staticmethod
    def _canonical_text(year: int, kind: PeriodKind, index: int) -> str:
        if kind == "month":
            return f"{year:04d}-{index:02d}"
        if kind == "quarter":
            return f"{year:04d}-Q{index}"
        if kind == "half":
            return f"{year:04d}-H{index}"
        return f"{year:04d}"

    def sort_key(self) -> tuple[dt.date, int]:
        """(end date, later start first): the documented order of periods."""
        return self.end, -self.start.toordinal()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key() >= other.sort_key()

    def __str__(self) -> str:
        return self.text


def _period(year: int, kind: PeriodKind, index: int) -> Period:
    """The ``index``-th period of ``kind`` in ``year`` (index already range-checked)."""
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise PeriodError(
            f"年份 {year} 超出 {_FIRST_YEAR}-{_LAST_YEAR} (year out of range)", _PERIOD_HINT
        )
    months = _KIND_MONTHS[kind]
    first = (index - 1) * months + 1
    last = first + months - 1
    return Period(
        start=dt.date(year, first, 1),
        end=dt.date(year, last, calendar.monthrange(year, last)[1]),
        text=Period._canonical_text(year, kind, index),
    )


_YEAR = r"(?P<year>[0-9]{4})"
_PERIOD_FORMS: tuple[tuple[re.Pattern[str], PeriodKind], ...] = (
    (re.compile(rf"{_YEAR}年?"), "year"),
    (re.compile(rf"{_YEAR}[-/](?P<index>[0-9]{{1,2}})"), "month"),
    (re.compile(rf"{_YEAR}年(?P<index>[0-9]{{1,2}})月"), "month"),
    (re.compile(rf"{_YEAR}-?[Qq](?P<index>[0-9])"), "quarter"),
    (re.compile(rf"{_YEAR}年第?(?P<index>[0-9一二三四])季度"), "quarter"),
    (re.compile(rf"{_YEAR}-?[Hh](?P<index>[0-9])"), "half"),
    (re.compile(rf"{_YEAR}年(?P<index>[上下])半年"), "half"),
)
_CHINESE_INDEX = {"一": 1, "二": 2, "三": 3, "四": 4, "上": 1, "下": 2}
_KIND_NAMES: dict[PeriodKind, tuple[str, str]] = {
    "month": ("月份", "month"),
    "quarter": ("季度", "quarter"),
    "half": ("半年", "half"),
    "year": ("年份", "year"),
}


def parse_period(raw: str | int) -> Period:
    """A period from its spellings: 2024-06, 2024年6月, 2024-Q2, 2024年第二季度, 2024-H1, 2024.

    ``2024`` may be an int (YAML reads ``period: 2024`` as one). Raises :class:`PeriodError`.
    """
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise PeriodError(f"无法识别的报告期 {raw!r} (not a period)", _PERIOD_HINT)
    text = _normalise(str(raw)).strip()
    for pattern, kind in _PERIOD_FORMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        year = int(match.group("year"))
        index = 1
        if kind != "year":
            written = match.group("index")
            index = _CHINESE_INDEX[written] if written in _CHINESE_INDEX else int(written)
            count = 12 // _KIND_MONTHS[kind]
            if not 1 <= index <= count:
                name, english = _KIND_NAMES[kind]
                raise PeriodError(
                    f"{name} {written} 超出 1-{count} ({english} out of range): "
                    f"'{_shown(str(raw))}'",
                    _PERIOD_HINT,
                )
        return _period(year, kind, index)
    raise PeriodError(f"无法识别的报告期 '{_shown(str(raw))}' (not a period)", _PERIOD_HINT)


def _cadence_kind(cadence: str) -> PeriodKind:
    kind = _CADENCE_KIND.get(cadence)
    if kind is None:
        raise PeriodError(
            f"未知的报送周期 '{_shown(cadence)}' (unknown cadence)",
            "cadence 写 monthly 或 quarterly",
        )
    return kind


def period_containing(day: dt.date, cadence: str) -> Period:
    """The period of the plan's ``cadence`` ("monthly", "quarterly") that contains ``day``."""
    kind = _cadence_kind(cadence)
    return _period(day.year, kind, (day.month - 1) // _KIND_MONTHS[kind] + 1)


def next_period(period: Period) -> Period:
    """The period of the same kind that follows ``period``."""
    if period.index < 12 // period.months:
        return _period(period.year, period.kind, period.index + 1)
    return _period(period.year + 1, period.kind, 1)


def periods_between(start: dt.date, end: dt.date, cadence: str) -> list[Period]:
    """Every ``cadence`` period overlapping ``start``..``end`` (inclusive), in order."""
    _cadence_kind(cadence)  # an unknown cadence is an error even for an empty range
    if start > end:
        return []
    found = [period_containing(start, cadence)]
    while found[-1].end < end:
        found.append(next_period(found[-1]))
    return found
