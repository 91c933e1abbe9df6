"""Checks on progress: each a pure function returning diagnostics (README *Validate before
committing*).

Two kinds. The checks of one entry (missing evidence, an implausible value, a figure from a
unit that does not report) need the entry and the plan only: `file_checks` runs them on each
report as its file is loaded, so they run on every core, are cached with the file and are placed
from its parse. The checks across files (conflicts, regressions, duplicates) compare entries:
`cross_file_checks` runs them once over all reports. `run_checks` runs both, as `plan record`
needs for one new report among the others; tests/ops/test_checks_reference.py checks that the
two halves give exactly what it gives.

A province has ~240k entries (issue 12): what several checks need of each entry (its reading,
whose figure it gives) is worked out once per run (`_Entries`), what the checks of one entry
need of the plan once per plan (`_EntryRules`), and each check decides what it can once per
target, not once per entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cached_property
from operator import attrgetter
from typing import TypeVar

from ..core.diagnostics import Diagnostic, warning
from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..core.progress import Report, ReportEntry
from ..core.quantity import format_quantity
from ..core.tree import Plan
from .track import compare


def _reading(e: ReportEntry) -> object:
    return e.value if e.value is not None else e.stage if e.stage is not None else e.done


class _Entries:
    """Every entry of one run's reports, in order, with what several checks ask of each."""

    def __init__(self, plan: Plan, reports: Sequence[Report]) -> None:
        self.plan = plan
        self.reports = reports
        self.all: list[ReportEntry] = [e for r in reports for e in r.entries]

    @cached_property
    def readings(self) -> list[object]:
        """`_reading` of each entry."""
        return [_reading(e) for e in self.all]

    @cached_property
    def parts(self) -> list[str]:
        """Whose figure each entry gives (`TargetNode.part_of`), asked once per target and unit."""
        targets = self.plan.targets
        memo: dict[tuple[str, str], str] = {}
        out = []
        for e in self.all:
            key = (e.target, e.department)
            part = memo.get(key)
            if part is None:
                part = memo[key] = targets[e.target].part_of(e.department)
            out.append(part)
        return out

    @cached_property
    def rules(self) -> _EntryRules:
        """What the checks of one entry need of the plan."""
        return _EntryRules(self.plan)


K = TypeVar("K")

_RUN: ContextVar[_Entries | None] = ContextVar("checks_run", default=None)


def _entries(plan: Plan, reports: Sequence[Report]) -> _Entries:
    """This run's entries (shared by the checks of one `run_checks`), else worked out anew."""
    run = _RUN.get()
    if run is not None and run.plan is plan and run.reports is reports:
        return run
    return _Entries(plan, reports)


@contextmanager
def _shared(plan: Plan, reports: Sequence[Report]) -> Iterator[None]:
    token = _RUN.set(_Entries(plan, reports))
    try:
        yield
    finally:
        _RUN.reset(token)


def _repeated(keyed: Iterable[tuple[K, ReportEntry]]) -> list[tuple[K, list[ReportEntry]]]:
    """The entries sharing a key, for the keys of two entries or more: in the order the keys
    first appear, each group in the order of `keyed`. Most keys have one entry: only the first
    is kept for each, a list only for the rest."""
    firsts: dict[K, ReportEntry] = {}
    rest: dict[K, list[ReportEntry]] = {}
    for key, e in keyed:
        if key in firsts:
            rest.setdefault(key, []).append(e)
        else:
            firsts[key] = e
    return [(key, [head, *rest[key]]) for key, head in firsts.items() if key in rest] if rest else []


def _shown(plan: Plan, e: ReportEntry) -> str:
    """An entry's reading as the clerk would write it (62个, 4万亩, 主体完工)."""
    spec = plan.targets[e.target].spec
    if e.value is not None and isinstance(spec, (QuantityTarget, LevelTarget)):
        return format_quantity(e.value, spec.unit)
    return str(_reading(e))


def conflicts(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """Two different values for one target and period."""
    run = _entries(plan, reports)
    groups = _repeated(((e.target, e.period.text, part), e)
                       for e, reading, part in zip(run.all, run.readings, run.parts, strict=True)
                       if reading is not None)
    out = []
    for (target, period, _), (first, *others) in groups:
        for other in others:
            if _reading(other) != _reading(first):
                same_unit = other.department == first.department
                out.append(warning(
                    other.file, "conflict",
                    f"{target} 在 {period} 有两个不同的值：{_shown(plan, other)} 与 "
                    f"{_shown(plan, first)}（{first.file}）(conflicting values for one target and period)",
                    "删除作废的那条，只保留一个值 (delete the superseded entry)" if same_unit else
                    "与对方单位核对后只保留一个 (agree on one value with the other unit)",
                    loc=(*other.loc, "target"),
                ))
    return out


def overlapping_conflicts(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """Two different readings for one target at the same day from periods of different length
    (`2024-Q4: 92` and `2024-12: 100` both describe 31 December): a `conflict` (issue 18)."""
    run = _entries(plan, reports)
    levels = {tid for tid, node in plan.targets.items() if isinstance(node.spec, LevelTarget)}
    groups = _repeated(((e.target, e.period.end, part), e)
                       for e, reading, part in zip(run.all, run.readings, run.parts, strict=True)
                       if reading is not None and e.target not in levels)
    out = []
    for (target, _, _), group in groups:
        seen: dict[str, ReportEntry] = {}
        deciders = plan.targets[target].figure_units
        for e in sorted(group, key=lambda e: e.department not in deciders):  # theirs first
            seen.setdefault(e.period.text, e)
        if len(seen) < 2:
            continue
        first, *others = seen.values()
        for other in others:
            if _reading(other) != _reading(first):
                out.append(warning(
                    other.file, "conflict",
                    f"{target} 在 {other.period.text} 与 {first.period.text}（同一截止日）的值不同："
                    f"{_shown(plan, other)} 与 {_shown(plan, first)}（{first.file}）"
                    "(periods of different length end on the same day with different values)",
                    "与对方单位核对后只保留一个 (agree on one value)",
                    loc=(*other.loc, "target"),
                ))
    return out


def regressions(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """A cumulative quantity that falls below an earlier period's value (with `basis: year`,
    an earlier period of the same year: each year starts again on 1 January)."""
    run = _entries(plan, reports)
    quantities = {tid: node.basis == "year" for tid, node in plan.targets.items()
                  if isinstance(node.spec, QuantityTarget)}
    groups = _repeated(((e.target, part, e.period.start.year if quantities[e.target] else 0), e)
                       for e, part in zip(run.all, run.parts, strict=True)
                       if e.value is not None and e.target in quantities)
    out = []
    for (target, _, _), entries in groups:
        entries.sort(key=lambda e: (e.period.end, e.period.start))
        best: ReportEntry | None = None
        for e in entries:
            assert e.value is not None
            if best is not None and best.value is not None and e.period.end > best.period.end \
                    and e.value < best.value:
                out.append(warning(
                    e.file, "regression",
                    f"{target} 累计值 {e.value:g} 低于 {best.period.text} 的 {best.value:g} "
                    "(cumulative value went down)",
                    "累计值应为年初至今总数；如更正了前期数据，请同时修改前期报告 "
                    "(report year-to-date totals; correct the earlier report too)",
                    loc=(*e.loc, "value"),
                ))
            if best is None or best.value is None or e.value >= best.value:
                best = e
    return out


# ---------------------------------------------------------------- checks of one entry
# What these need of an entry is the entry and the plan: they run when its file is loaded
# (`file_checks`, on every core, cached with the file, placed from the parse at hand), and
# `plan status` after one new report reads them from the cache instead of walking 240k entries.


# A cumulative amount this many times its target is far more likely a slip of magnitude or
# unit (9万 for 100 chargers) than a real figure.
IMPLAUSIBLE_FACTOR = 10


class _EntryRules:
    """What the checks of one entry need of the plan, worked out once per plan (issue 7)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        targets = plan.targets
        # missing_evidence: what "met" means per target, a number to reach (quantity and level
        # targets that have one) or a milestone's last stage.
        self.goals: dict[str, tuple[float, str]] = {}
        self.finals: dict[str, str] = {}
        # Targets whose goal is the same for every unit and period (no schedule, no breakdown).
        self.fixed: set[str] = set()
        self.required: set[str] = set()
        for tid, node in targets.items():
            spec = node.spec
            if not node.evidence_required:
                continue  # statistics carry no 佐证材料 (README *Encoding a real plan*: level targets)
            self.required.add(tid)
            if isinstance(spec, (QuantityTarget, LevelTarget)) and spec.target is not None:
                self.goals[tid] = (spec.target, spec.op)
            elif isinstance(spec, MilestoneTarget):
                self.finals[tid] = spec.stages[-1].name
            if not node.schedule and not node.breakdown:
                self.fixed.add(tid)
        # implausible_values: the bound of each target it applies to, quantities to reach or exceed.
        self.limits = {tid: IMPLAUSIBLE_FACTOR * spec.target for tid, node in targets.items()
                       if isinstance(spec := node.spec, QuantityTarget) and spec.target
                       and spec.op in (">=", ">")}
        # not_reporting_unit: whether a unit's figure for a target is one, decided once per
        # target and unit.
        self.warned: dict[tuple[str, str], bool] = {}

    def missing_evidence(self, entries: Iterable[ReportEntry]) -> list[Diagnostic]:
        plan, goals, finals, fixed, required = self.plan, self.goals, self.finals, self.fixed, self.required
        out = []
        for e in entries:
            if e.evidence or e.target not in required:
                continue
            goal = goals.get(e.target)
            if e.target not in fixed:
                node = plan.targets[e.target]
                share = node.share_of(e.department)
                step = next((st for st in node.schedule if st.end >= e.period.end), None)
                if step is not None and goal is not None:
                    goal = (step.value, goal[1])  # a schedule: against the step its period falls in
                if share is not None and isinstance(share.share, (int, float)) and goal is not None:
                    goal = (share.share, goal[1])  # a unit of a breakdown: against its own share
            if goal is not None and e.value is not None:
                met = compare(e.value, goal[0], goal[1], 0.0)
            elif e.target in finals and e.stage == finals[e.target]:
                met = True
            else:
                met = bool(e.done)
            if met:
                out.append(warning(
                    e.file, "missing-evidence", f"{e.target} 已达标但未附佐证材料 (met without evidence)",
                    "加上 evidence: [文号或材料名] (add evidence: [document number])",
                    loc=(*e.loc, "target"),
                ))
        return out

    def implausible_values(self, entries: Iterable[ReportEntry]) -> list[Diagnostic]:
        plan, limits = self.plan, self.limits
        out = []
        for e in entries:
            if e.value is not None and e.target in limits and e.value > limits[e.target]:
                spec = plan.targets[e.target].spec
                assert isinstance(spec, QuantityTarget) and spec.target
                out.append(warning(
                    e.file, "implausible-value",
                    f"{e.target} 的值 {format_quantity(e.value, spec.unit)} 是目标 "
                    f"{format_quantity(spec.target, spec.unit)} 的 {e.value / spec.target:.0f} 倍 "
                    "(far above the target)",
                    "检查数量级（万/亿）和单位 (check the magnitude and unit)", loc=(*e.loc, "value"),
                ))
        return out

    def not_reporting_unit(self, entries: Iterable[ReportEntry]) -> list[Diagnostic]:
        targets, warned = self.plan.targets, self.warned
        out = []
        for e in entries:
            if _reading(e) is None:
                continue
            key = (e.target, e.department)
            warn = warned.get(key)
            if warn is None:
                node = targets[e.target]
                warn = warned[key] = not (node.breakdown or e.department in node.figure_units
                                          or node.part_of(e.department)
                                          or e.department not in node.involved_set)
            if not warn:
                continue
            node = targets[e.target]
            out.append(warning(
                e.file, "not-reporting-unit",
                f"{e.department} 不是 {e.target} 的填报单位，其数值仅供参考；"
                f"以 {'、'.join(node.figure_units)} 的填报为准 (not the target's reporting unit: its figure "
                "counts only where the reporting unit has not reported)",
                "请由填报单位汇总上报 (let the reporting unit report the figure)",
                loc=(*e.loc, "target"),
            ))
        return out

    def check(self, report: Report) -> list[Diagnostic]:
        """Every check of one entry, on one report's entries."""
        entries = report.entries
        return [*self.missing_evidence(entries), *self.implausible_values(entries),
                *self.not_reporting_unit(entries)]


def file_checks(plan: Plan) -> Callable[[Report], list[Diagnostic]]:
    """The checks of one entry, for one report at a time (run by the loader on each file it
    loads): with `cross_file_checks`, the same diagnostics as `run_checks`."""
    return _EntryRules(plan).check


def missing_evidence(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """An entry that marks a target as met should cite a document (佐证材料)."""
    run = _entries(plan, reports)
    return run.rules.missing_evidence(run.all)


def implausible_values(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """A quantity reported at many times its target: probably a wrong magnitude or unit."""
    run = _entries(plan, reports)
    return run.rules.implausible_values(run.all)


def not_reporting_unit(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """A figure from a unit that takes part in a target but does not compile it (a 配合单位
    where a lead reports): shown, counted only while the reporting unit is silent (issue 18)."""
    run = _entries(plan, reports)
    return run.rules.not_reporting_unit(run.all)


# ---------------------------------------------------------------- checks across files


def duplicate_reports(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """One unit, one period, two files: usually a copy left behind."""
    seen: dict[tuple[str, str], Report] = {}
    out = []
    for r in reports:
        key = (r.department, r.period.text)
        if key in seen:
            out.append(warning(
                r.file, "duplicate-report",
                f"{r.department} 的 {r.period.text} 报告已在 {seen[key].file} 中 (second report for one period)",
                "合并成一个文件 (merge them into one file)", loc=("department",),
            ))
        else:
            seen[key] = r
    return out


_ENTRY_KEY = attrgetter("target", "department", "period.text", "value", "stage", "note", "done",
                        "percent", "evidence")


def entry_key(e: ReportEntry) -> tuple[object, ...]:
    """What an entry says (README *Add a report* `duplicate-entry`): identical for the same target,
    unit and period means filed twice, whatever the file or the spelling (4万亩 = 40000)."""
    key: tuple[object, ...] = _ENTRY_KEY(e)
    return key


def duplicate_entries(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """An entry identical to one already filed for the same target, unit and period."""
    seen: dict[tuple[object, ...], ReportEntry] = {}
    out = []
    entries = _entries(plan, reports).all
    for e, key in zip(entries, map(_ENTRY_KEY, entries), strict=True):
        first = seen.get(key)
        if first is None:
            seen[key] = e
            continue
        where = f"{first.file} 第 {first.index + 1} 条" if first.file != e.file else f"第 {first.index + 1} 条"
        out.append(warning(
            e.file, "duplicate-entry",
            f"{e.target} 的这条记录与{where}完全相同 (identical to an entry already filed)",
            "删除重复的一条 (delete the repeated entry)", loc=(*e.loc, "target"),
        ))
    return out


Check = Callable[[Plan, Sequence[Report]], list[Diagnostic]]
CHECKS: list[Check] = [
    conflicts, regressions, missing_evidence, implausible_values, duplicate_reports,
    duplicate_entries, overlapping_conflicts, not_reporting_unit,
]
_OF_ONE_ENTRY = (missing_evidence, implausible_values, not_reporting_unit)  # `file_checks`
CROSS_FILE: list[Check] = [c for c in CHECKS if c not in _OF_ONE_ENTRY]


def run_checks(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """Every check, on these reports."""
    with _shared(plan, reports):
        return [d for check in CHECKS for d in check(plan, reports)]


def cross_file_checks(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    """The checks that read more than one entry; `file_checks` ran on each file as it was loaded."""
    with _shared(plan, reports):
        return [d for check in CROSS_FILE for d in check(plan, reports)]
