"""Progress reports and their entries, resolved against the plan (domain types, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .diagnostics import Loc
from .quantity import Period

_set = object.__setattr__


@dataclass(frozen=True, init=False)
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

    def __init__(self, target: str, department: str, period: Period, submitted: dt.date | None,
                 value: float | None, stage: str | None, note: str | None, done: bool | None,
                 evidence: tuple[str, ...], file: str, index: int, percent: float | None = None) -> None:
        # A province loads 240k entries: one write of the instance's dict costs a quarter of the
        # twelve `object.__setattr__` calls of a frozen dataclass's own __init__ (issue 12).
        _set(self, "__dict__", {
            "target": target, "department": department, "period": period, "submitted": submitted,
            "value": value, "stage": stage, "note": note, "done": done, "evidence": evidence,
            "file": file, "index": index, "percent": percent,
        })

    def __reduce__(self) -> tuple[type[ReportEntry], tuple[object, ...]]:
        # Pickled as its fields, rebuilt through __init__: a quarter smaller than the default
        # (class, state dict) and ~20% faster to load, for the cache and the workers (issue 12).
        d = self.__dict__
        return ReportEntry, (d["target"], d["department"], d["period"], d["submitted"], d["value"],
                             d["stage"], d["note"], d["done"], d["evidence"], d["file"], d["index"],
                             d["percent"])

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


