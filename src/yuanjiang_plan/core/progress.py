"""Progress reports and their entries, resolved against the plan (domain types, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .diagnostics import Loc
from .quantity import Period


@dataclass(frozen=True)
class ReportEntry:
    """One entry of one report, resolved against the plan."""

    target: str
    department: str
    period: Period
    submitted: dt.date | None
    value: float | None
    stage: str | None
    note: str | None
    done: bool | None
    evidence: tuple[str, ...]
    file: str
    index: int  # position in the file's `entries`
    # action / milestone: the unit's estimate, 0-100 (README *Add a report*)
    percent: float | None = None

    @property
    def loc(self) -> Loc:
        return ("entries", self.index)


@dataclass(frozen=True)
class Report:
    """One progress file: a unit's report for one period."""

    file: str
    department: str
    period: Period
    submitted: dt.date | None
    submitted_from: str  # "file" | "git" | "unknown"
    entries: tuple[ReportEntry, ...]


