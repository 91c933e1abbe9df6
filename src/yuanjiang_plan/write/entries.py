"""New entries and batches for a unit's report, checked against the plan before any file is touched."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, FatalError, UsageError, error
from ..core.model import MilestoneTarget
from ..core.progress import ReportEntry
from ..core.quantity import Period, PeriodError, parse_period
from ..core.tree import Plan
from ..read.progress import check_entry

_NUMBER_INT = re.compile(r"^[+-]?\d+$")
_NUMBER_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class WriteRefused(FatalError):
    """Nothing was written; `diagnostics` say why (input problems or the file's own)."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic], hint: str | None = None) -> None:
        super().__init__(message, hint, exit_code=1)
        self.diagnostics = list(diagnostics)


@dataclass(frozen=True)
class NewEntry:
    """One entry to append, as the user gave it (before checking against the plan)."""

    target: str
    value: str | int | float | None = None
    stage: str | None = None
    note: str | None = None
    done: bool | None = None
    evidence: tuple[str, ...] = ()

    def as_data(self) -> dict[str, Any]:
        """The entry as the loader will read it back, keys in the order they are written."""
        data: dict[str, Any] = {"target": self.target}
        for key in ("value", "stage", "done", "note"):
            val = getattr(self, key)
            if val is not None:
                data[key] = val
        if self.evidence:
            data["evidence"] = list(self.evidence)
        return data


@dataclass(frozen=True)
class Batch:
    """Entries for one unit's report for one period; `source` names where they came from."""

    department: str
    period: Period
    entries: tuple[NewEntry, ...]
    submitted: dt.date | None = None


@dataclass(frozen=True)
class RecordResult:
    path: Path
    rel: str
    created: bool
    added: str  # the YAML text added, with "\n" line endings
    department: str
    period: Period
    entries: tuple[ReportEntry, ...]
    warnings: tuple[Diagnostic, ...] = ()
    written: bool = True
    # Entries identical to one already in the unit's report for the period (README *Add a report*):
    # not added.
    already: tuple[NewEntry, ...] = ()


def parse_value(raw: str) -> str | int | float:
    """A command-line or spreadsheet value: plain numbers become numbers, the rest stays text."""
    text = raw.strip()
    if _NUMBER_INT.match(text):
        return int(text)
    if _NUMBER_FLOAT.match(text):
        return float(text)
    return text


def new_entry(plan: Plan, target: str, raw_value: str | int | float | None, *, note: str | None = None,
              evidence: Sequence[str] = (), done: bool | None = None) -> NewEntry:
    """VALUE is the stage for a milestone, a number or Chinese quantity otherwise."""
    node = plan.targets.get(target)
    value: str | int | float | None = raw_value
    if isinstance(raw_value, str):
        value = parse_value(raw_value)
    if node is not None and isinstance(node.spec, MilestoneTarget) and value is not None:
        return NewEntry(target, None, str(raw_value).strip(), note, done, tuple(evidence))
    return NewEntry(target, value, None, note, done, tuple(evidence))


def resolve_unit_period(plan: Plan, department: str, period: str) -> tuple[str, Period]:
    """--dept and --period checked against the plan; UsageError with a did-you-mean otherwise."""
    unit = plan.departments.resolve(department.strip())
    if unit is None:
        guess = plan.departments.suggest(department)
        raise UsageError(f"未知单位 '{department}' (unknown department)",
                         f"是不是 '{guess}'? (did you mean)" if guess else
                         "单位名称、简称或代码见 plan/departments.yaml (see departments.yaml)")
    try:
        when = parse_period(period.strip())
    except PeriodError as exc:
        raise UsageError(exc.message, exc.hint) from None
    meta = plan.meta
    if when.end < meta.start or when.start > meta.end:
        raise UsageError(f"报告期 {when.text} 不在计划期 {meta.start} ~ {meta.end} 内 (period outside the plan)")
    return unit, when


def check_batch(plan: Plan, batch: Batch, source: str, *, force: bool = False
                ) -> tuple[list[ReportEntry], list[Diagnostic]]:
    """Check new entries exactly as loading would; `not-responsible` refuses unless forced.

    Diagnostics carry `path=source` and `loc=("entries", i, field)` (i: index in the batch).
    """
    resolved: list[ReportEntry] = []
    diags: list[Diagnostic] = []
    for i, entry in enumerate(batch.entries):
        texts = {"target": entry.target, "note": entry.note, "stage": entry.stage,
                 "value": entry.value if isinstance(entry.value, str) else None,
                 **{f"evidence.{k}": e for k, e in enumerate(entry.evidence)}}
        bad = next(((k, v) for k, v in texts.items() if isinstance(v, str) and _CONTROL.search(v)), None)
        if bad:
            diags.append(error(source, "control-character",
                               f"{bad[0]} 含有控制字符 (control character in the text)",
                               "删除不可见字符后重试 (remove invisible characters)",
                               loc=("entries", i, *bad[0].split("."))))
            continue
        found, problems = check_entry(entry.as_data(), i, source, plan, batch.department, batch.period,
                                      batch.submitted)
        for d in problems:
            if d.code == "not-responsible" and not force:
                d = error(d.path, d.code, d.message,
                          (d.hint or "") + "；确需代报请加 --force (use --force to record anyway)", loc=d.loc)
            diags.append(d)
        if found is not None:
            resolved.append(found)
    return resolved, diags
