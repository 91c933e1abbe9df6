"""Progress files -> `Report`s; bad entries are reported and left out (never raises on bad data)."""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..core.diagnostics import Diagnostic, Loc, error, warning
from ..core.model import (
    Entry,
    LevelTarget,
    MilestoneTarget,
    ProgressHeader,
    QuantityTarget,
)
from ..core.progress import Report, ReportEntry
from ..core.quantity import (
    Period,
    PeriodError,
    QuantityError,
    UnitMismatch,
    parse_period,
    parse_quantity,
)
from ..core.tree import Plan
from ..core.words import t
from . import yamlio
from .files import Source, outside_root, read_source_doc
from .validate import validate

# Values beyond this are typing accidents, not measurements (1e300 mu of wetland).
ABSURD = 1e15
_NUMERIC = (QuantityTarget, LevelTarget)  # a tuple: `A | B` builds a union on every call
FileChecks = Callable[[Report], list[Diagnostic]]


def load_report(path: Path, rel: str, plan: Plan, root: Path,
                git_dates: Mapping[str, dt.date] | None = None,
                source: Source | None = None,
                raw: bytes | None = None,
                checks: FileChecks | None = None) -> tuple[Report | None, list[Diagnostic]]:
    """One progress file -> Report; bad entries are reported and left out.

    `path` is read from disk unless a `source` (e.g. a git revision) supplies `rel`, or
    `raw` holds the bytes already read (and hashed for the cache, pool.py). `checks` (the
    loader's `ops.checks.file_checks`) adds what the checks of one entry find in the report.
    """
    if raw is not None:
        bad = outside_root(path, root, rel) if source is None else source.refuse(rel)
        doc, diags = (None, [bad]) if bad else yamlio.read_doc(raw, rel)
    elif source is None:
        bad = outside_root(path, root, rel)
        if bad:
            return None, [bad]
        doc, diags = yamlio.read_path_doc(path, rel)
    else:
        doc, diags = read_source_doc(source, rel)
    if doc is None:
        return None, diags
    report, problems = report_from_data(doc.data, rel, plan, git_dates)
    if report is not None and checks is not None:
        problems += checks(report)
    # Placed from this parse's node tree while it is at hand (issue 12: no second parse).
    return report, [d if d.line is not None or d.loc is None else d.located(*doc.locate(d.loc))
                    for d in problems]


def report_from_data(data: Any, rel: str, plan: Plan,
                     git_dates: Mapping[str, dt.date] | None = None) -> tuple[Report | None, list[Diagnostic]]:
    """A parsed progress document -> Report; shared by loading and by `write` (re-check)."""
    doc, diags = validate(ProgressHeader, data, rel)
    if doc is None:
        return None, diags
    department = plan.departments.resolve(doc.department)
    if department is None:
        guess = plan.departments.suggest(doc.department)
        return None, [error(rel, "unknown-department", f"未知单位 '{doc.department}' (unknown department)",
                            f"是不是 '{guess}'? (did you mean)" if guess else
                            "单位名称、简称或代码须在 plan/departments.yaml 中 (see departments.yaml)",
                            loc=("department",))]
    try:
        period = _period(doc.period)
    except PeriodError as exc:
        return None, [error(rel, "bad-period", exc.message, exc.hint, loc=("period",))]
    meta = plan.meta
    if period.end < meta.start or period.start > meta.end:
        return None, [error(rel, "period-outside-plan",
                            f"报告期 {period.text} 不在计划期 {meta.start} ~ {meta.end} 内 "
                            "(period outside the plan)", None, loc=("period",))]
    submitted, origin = doc.submitted, "file"
    if submitted is None:
        submitted = (git_dates or {}).get(rel)
        origin = "git" if submitted else "unknown"
    entries = []
    problems: list[Diagnostic] = []
    raws = doc.entries
    blank = [is_blank_entry(raw) for raw in raws]
    models = _validate_entries([raw for raw, b in zip(raws, blank, strict=True) if not b])
    valid = iter(models or ())
    for i, raw in enumerate(raws):
        if blank[i]:
            # A `plan template` line nobody filled in: skipped, not an error (README).
            problems.append(warning(rel, "empty-entry",
                                    f"指标 {raw.get('target')} 未填写，已跳过 (blank entry skipped)",
                                    "填写 value/stage/note，或删除该条 (fill it in or delete it)",
                                    loc=("entries", i)))
            continue
        if models is not None:
            resolved, found = _resolve_entry(next(valid), i, rel, plan, department, period, submitted)
        else:
            resolved, found = check_entry(raw, i, rel, plan, department, period, submitted)
        problems += found
        if resolved is not None:
            entries.append(resolved)
    if not entries and not any(d.is_error for d in problems):
        return None, [*problems, error(rel, "no-entries", "报告中没有已填写的记录 (no filled-in entries)",
                                       "至少填写一条记录 (fill in at least one entry)", loc=("entries",))]
    return Report(rel, department, period, submitted, origin, tuple(entries)), problems


@lru_cache(maxsize=1024)
def _period(text: str) -> Period:
    """A report's period, parsed once per spelling: a province's 9,600 files name 24 months
    (periods are immutable, so the files share them)."""
    return parse_period(text)


_ENTRY_LIST: TypeAdapter[list[Entry]] | None = None


def _validate_entries(raws: list[Any]) -> list[Entry] | None:
    """A file's entries validated in one pydantic call (240k calls cost a province ~1 s);
    None when any entry is not valid: then each is validated alone (`check_entry`), so the
    diagnostics are exactly those of entry-by-entry validation."""
    global _ENTRY_LIST
    if not all(type(raw) is dict for raw in raws):
        return None
    if _ENTRY_LIST is None:
        _ENTRY_LIST = TypeAdapter(list[Entry])
    try:
        return _ENTRY_LIST.validate_python(raws)
    except ValidationError:
        return None


def is_blank_entry(raw: Any) -> bool:
    """An entry naming only its target, every other field left empty (an unfilled template line)."""
    if not isinstance(raw, dict) or raw.get("target") in (None, ""):
        return False
    for k, v in raw.items():
        if k != "target" and v not in _EMPTY:
            return False
    return True


_EMPTY: tuple[object, ...] = (None, "", [])  # `v in _EMPTY`: v is None or v == "" or v == []


def check_entry(raw: Any, i: int, rel: str, plan: Plan, department: str, period: Period,
                submitted: dt.date | None) -> tuple[ReportEntry | None, list[Diagnostic]]:
    """One raw entry (as parsed from YAML) checked against the plan, exactly as loading does."""
    entry, found = validate(Entry, raw, rel, ("entries", i))
    if entry is None:
        return None, found
    return _resolve_entry(entry, i, rel, plan, department, period, submitted)


def _resolve_entry(entry: Entry, i: int, rel: str, plan: Plan, department: str, period: Period,
                   submitted: dt.date | None) -> tuple[ReportEntry | None, list[Diagnostic]]:
    loc: Loc = ("entries", i)
    node = plan.targets.get(entry.target)
    if node is None:
        guess = plan.suggest_target(entry.target)
        return None, [error(rel, "unknown-target", f"未知指标编号 '{entry.target}' (unknown target)",
                            f"是不是 {guess}? (did you mean)" if guess else "用 plan status 查看指标编号",
                            loc=(*loc, "target"))]
    spec = node.spec
    diags: list[Diagnostic] = []
    value: float | None = None
    if entry.value is not None:
        if not isinstance(spec, _NUMERIC):
            return None, [error(rel, "bad-field",
                                f"{spec.id} 是{t(spec.kind, 'zh')}类指标，不填 value (this kind takes no value)",
                                "里程碑填 stage，工作类填 note/done (milestones take stage; actions take note/done)",
                                loc=(*loc, "value"))]
        try:
            value = parse_quantity(entry.value, spec.unit)
        except UnitMismatch as exc:
            return None, [error(rel, "unit-mismatch", exc.message, exc.hint, loc=(*loc, "value"))]
        except QuantityError as exc:
            return None, [error(rel, "bad-value", exc.message, exc.hint, loc=(*loc, "value"))]
        if not math.isfinite(value) or abs(value) > ABSURD:
            return None, [error(rel, "absurd-value", f"数值 {entry.value} 超出合理范围 (implausible value)",
                                "检查是否多打了零或单位 (check the digits and unit)", loc=(*loc, "value"))]
        if isinstance(spec, QuantityTarget) and value < 0:
            return None, [error(rel, "negative-value",
                                f"累计数量不能为负数：{entry.value} (a cumulative quantity cannot be negative)",
                                "填年初至今的累计数 (report the year-to-date total)", loc=(*loc, "value"))]
    if entry.stage is not None:
        if not isinstance(spec, MilestoneTarget):
            return None, [error(rel, "bad-field", f"{spec.id} 不是里程碑类指标，不填 stage (only milestones take stage)",
                                None, loc=(*loc, "stage"))]
        names = [s.name for s in spec.stages]
        if entry.stage not in names:
            close = difflib.get_close_matches(entry.stage, names, n=1, cutoff=0.3)
            return None, [error(rel, "unknown-stage", f"'{entry.stage}' 不是 {spec.id} 的阶段 (unknown stage)",
                                f"可选阶段 (stages)：{'、'.join(names)}" + (f"；是不是 '{close[0]}'?" if close else ""),
                                loc=(*loc, "stage"))]
    if entry.percent is not None and spec.kind not in ("action", "milestone"):
        return None, [error(rel, "bad-field",
                            f"{spec.id} 是{t(spec.kind, 'zh')}类指标，不填 percent (only actions and milestones take percent)",
                            "数量/水平类填 value (quantities and levels take value)", loc=(*loc, "percent"))]
    if entry.done is not None and spec.kind != "action":
        return None, [error(rel, "bad-field", f"{spec.id} 不是工作类指标，不填 done (only actions take done)",
                            "数量/水平类填 value，里程碑填 stage", loc=(*loc, "done"))]
    if department not in node.involved_set:
        diags.append(warning(rel, "not-responsible",
                             f"{department} 不是 {spec.id} 的责任单位 (not responsible for this target)",
                             f"责任单位 (responsible)：{'、'.join(node.involved) or '无'}",
                             loc=(*loc, "target")))
    percent = float(entry.percent) if entry.percent is not None else None
    return ReportEntry(spec.id, department, period, submitted, value, entry.stage, entry.note,
                       entry.done, tuple(entry.evidence), rel, i, percent), diags




def entry_lines(root: Path, entries: Iterable[ReportEntry]) -> dict[tuple[str, int], int]:
    """(file, entry index) -> line, reading only the files these entries came from."""
    by_file: dict[str, list[int]] = {}
    for e in entries:
        by_file.setdefault(e.file, []).append(e.index)
    lines: dict[tuple[str, int], int] = {}
    for path, indexes in by_file.items():
        found = yamlio.locate_in(root, path, [("entries", i) for i in indexes])
        lines.update({(path, i): line for i, (line, _) in zip(indexes, found, strict=True)})
    return lines
