"""Reporting periods (报告期): ``2024-06``, ``2024-Q3``, ``2024-H1``, ``2024``, ``2024年上半年``.

Pure functions, no I/O. Bad text raises :class:`PeriodError` (never anything else), which the
loader turns into a diagnostic with its ``code``, ``message`` and ``hint``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import ClassVar, Literal

from .text import normalise as _normalise
from .text import shown as _shown

__all__ = [
    "Period",
    "PeriodError",
    "PeriodKind",
    "next_period",
    "parse_period",
    "period_containing",
    "periods_between",
]


class PeriodError(ValueError):
    """A reporting period (报告期) that is not one of the accepted spellings."""

    code: ClassVar[str] = "bad-period"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


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
