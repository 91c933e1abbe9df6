"""The checks give exactly what a straightforward entry-by-entry reading gives (issue 12).

`ops/checks.py` shares what several checks ask of each entry across one `run_checks` and
decides what it can once per target; the reference below is the plain version it replaced
(every check reads every entry, asks the plan about each). Both run on random reports against
a plan with breakdowns, schedules, `basis: year`, responsible and reporting units, levels,
milestones and actions, with values drawn from a few so that conflicts and duplicates occur.
Diagnostics must be equal and in the same order.

The same reports check `evaluate`'s order of each target's entries (which one wins) against the
version that built every entry's sort key up front.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Sequence

import pytest

from helpers import PLAN_YAML, write
from yuanjiang_plan.core.diagnostics import Diagnostic, warning
from yuanjiang_plan.core.model import LevelTarget, MilestoneTarget, QuantityTarget
from yuanjiang_plan.core.progress import Report, ReportEntry
from yuanjiang_plan.core.quantity import format_quantity, parse_period
from yuanjiang_plan.core.tree import Plan
from yuanjiang_plan.ops import checks
from yuanjiang_plan.ops.track import compare, evaluate
from yuanjiang_plan.ops.track.schedule import judge
from yuanjiang_plan.ops.track.state import Evaluation, TargetState
from yuanjiang_plan.read.plan import load_plan

UNITS = ["发改局", "交通局", "农业局", "水利局", "教育局", "财政局"]
DEPARTMENTS = "departments:\n" + "".join(f"  - name: {u}\n" for u in UNITS)
TREE = """\
goals:
  - id: G1
    title: 生产总值增长
    kind: level
    target: 6.5
    unit: "%"
    lead: [发改局]
  - id: G2
    title: 城镇化率
    kind: level
    target: 60
    unit: "%"
    lead: [发改局]
    evidence: required
sections:
  - id: '1'
    title: 交通
    tasks:
      - id: '1.1'
        title: 建设
        lead: [交通局]
        support: [农业局]
        targets:
          - {id: Q1, title: 快充桩, kind: quantity, target: 100, unit: 个}
          - id: Q2
            title: 高标准农田
            kind: quantity
            target: 40
            unit: 个
            responsible: [水利局, 教育局]
          - id: Q3
            title: 分解
            kind: quantity
            target: 90
            unit: 个
            breakdown: {交通局: 30, 农业局: 30, 水利局: 30}
          - id: Q4
            title: 分年
            kind: quantity
            unit: 个
            basis: year
            schedule: {2024-09: 20, 2024-12: 50}
          - id: Q5
            title: 汇总
            kind: quantity
            target: 10
            unit: 个
            lead: [交通局, 农业局]
            reporter: 农业局
            evidence: optional
          - id: Q6
            title: 下降
            kind: quantity
            target: 5
            op: "<="
            unit: 个
          - id: M1
            title: 里程碑
            kind: milestone
            stages: [开工, 主体完工, 投入使用]
          - id: A1
            title: 工作
            kind: action
"""
PERIODS = ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12", "2024-Q3", "2024-Q4",
           "2024-H2", "2024"]


# --- the reference: the checks as they read before issue 12 --------------------------------

def _entries(reports: Sequence[Report]) -> list[ReportEntry]:
    return [e for r in reports for e in r.entries]


def _reading(e: ReportEntry) -> object:
    return e.value if e.value is not None else e.stage if e.stage is not None else e.done


def _shown(plan: Plan, e: ReportEntry) -> str:
    spec = plan.targets[e.target].spec
    if e.value is not None and isinstance(spec, QuantityTarget | LevelTarget):
        return format_quantity(e.value, spec.unit)
    return str(_reading(e))


def _part(plan: Plan, e: ReportEntry) -> str:
    return plan.targets[e.target].part_of(e.department)


def conflicts(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    groups: dict[tuple[str, str, str], list[ReportEntry]] = defaultdict(list)
    for e in _entries(reports):
        if _reading(e) is not None:
            groups[(e.target, e.period.text, _part(plan, e))].append(e)
    out = []
    for (target, period, _), group in groups.items():
        first = group[0]
        for other in group[1:]:
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
    groups: dict[tuple[str, object, str], list[ReportEntry]] = defaultdict(list)
    for e in _entries(reports):
        if _reading(e) is not None and not isinstance(plan.targets[e.target].spec, LevelTarget):
            groups[(e.target, e.period.end, _part(plan, e))].append(e)
    out = []
    for (target, _, _), group in groups.items():
        seen: dict[str, ReportEntry] = {}
        deciders = plan.targets[target].figure_units
        for e in sorted(group, key=lambda e: e.department not in deciders):
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


def not_reporting_unit(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    out = []
    for e in _entries(reports):
        node = plan.targets[e.target]
        if _reading(e) is None or node.breakdown or e.department in node.figure_units \
                or _part(plan, e) or e.department not in node.involved_set:
            continue
        out.append(warning(
            e.file, "not-reporting-unit",
            f"{e.department} 不是 {e.target} 的填报单位，其数值仅供参考；"
            f"以 {'、'.join(node.figure_units)} 的填报为准 (not the target's reporting unit: its figure "
            "counts only where the reporting unit has not reported)",
            "请由填报单位汇总上报 (let the reporting unit report the figure)",
            loc=(*e.loc, "target"),
        ))
    return out


def regressions(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    out = []
    quantities = {tid for tid, node in plan.targets.items() if isinstance(node.spec, QuantityTarget)}
    by_target: dict[tuple[str, str, int], list[ReportEntry]] = defaultdict(list)
    for e in _entries(reports):
        if e.value is not None and e.target in quantities:
            year = e.period.start.year if plan.targets[e.target].basis == "year" else 0
            by_target[(e.target, _part(plan, e), year)].append(e)
    for (target, _, _), entries in by_target.items():
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


def missing_evidence(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    out = []
    for e in _entries(reports):
        node = plan.targets[e.target]
        spec = node.spec
        if e.evidence or not node.evidence_required:
            continue
        goal: tuple[float, str] | None = None
        if isinstance(spec, QuantityTarget | LevelTarget) and spec.target is not None:
            goal = (spec.target, spec.op)
        share = node.share_of(e.department)
        step = next((st for st in node.schedule if st.end >= e.period.end), None)
        if step is not None and goal is not None:
            goal = (step.value, goal[1])
        if share is not None and isinstance(share.share, int | float) and goal is not None:
            goal = (share.share, goal[1])
        if goal is not None and e.value is not None:
            met = compare(e.value, goal[0], goal[1], 0.0)
        elif isinstance(spec, MilestoneTarget) and e.stage == spec.stages[-1].name:
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


def implausible_values(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    out = []
    for e in _entries(reports):
        spec = plan.targets[e.target].spec
        if (e.value is not None and isinstance(spec, QuantityTarget) and spec.target
                and spec.op in (">=", ">") and e.value > checks.IMPLAUSIBLE_FACTOR * spec.target):
            out.append(warning(
                e.file, "implausible-value",
                f"{e.target} 的值 {format_quantity(e.value, spec.unit)} 是目标 "
                f"{format_quantity(spec.target, spec.unit)} 的 {e.value / spec.target:.0f} 倍 "
                "(far above the target)",
                "检查数量级（万/亿）和单位 (check the magnitude and unit)", loc=(*e.loc, "value"),
            ))
    return out


def duplicate_entries(plan: Plan, reports: Sequence[Report]) -> list[Diagnostic]:
    seen: dict[tuple[object, ...], ReportEntry] = {}
    out = []
    for e in _entries(reports):
        key = (e.target, e.department, e.period.text, e.value, e.stage, e.note, e.done, e.percent,
               e.evidence)
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


REFERENCE: list[Callable[[Plan, Sequence[Report]], list[Diagnostic]]] = [
    conflicts, regressions, missing_evidence, implausible_values, checks.duplicate_reports,
    duplicate_entries, overlapping_conflicts, not_reporting_unit,
]


# --- random reports -----------------------------------------------------------------------

def _entry(rng: random.Random, plan: Plan, target: str, unit: str, period: str, file: str,
           index: int) -> ReportEntry:
    spec = plan.targets[target].spec
    value = stage = note = done = percent = None
    if isinstance(spec, QuantityTarget | LevelTarget):
        value = rng.choice([None, 0.0, 3.0, 5.0, 6.5, 20.0, 30.0, 40.0, 50.0, 100.0, 2000.0])
    elif isinstance(spec, MilestoneTarget):
        stage = rng.choice([None, *(s.name for s in spec.stages)])
    else:
        done = rng.choice([None, True, False])
    if rng.random() < 0.3:
        note = rng.choice(["推进中", "已完成"])
    if spec.kind in ("action", "milestone") and rng.random() < 0.2:
        percent = rng.choice([50.0, 100.0])
    evidence = ("交发〔2024〕1号",) if rng.random() < 0.2 else ()
    submitted = rng.choice([None, dt.date(2024, 10, 5), dt.date(2024, 12, 20), dt.date(2025, 1, 5)])
    return ReportEntry(target, unit, parse_period(period), submitted, value, stage, note, done,
                       evidence, file, index, percent)


def random_reports(rng: random.Random, plan: Plan, files: int) -> list[Report]:
    reports = []
    targets = list(plan.targets)
    for n in range(files):
        unit, period = rng.choice(UNITS), rng.choice(PERIODS)
        file = f"progress/{period}/{unit}-{n}.yaml"
        entries: list[ReportEntry] = []
        for i in range(rng.randint(1, 12)):
            if entries and rng.random() < 0.1:
                again = entries[rng.randrange(len(entries))]  # filed twice in one file
                entries.append(ReportEntry(again.target, again.department, again.period, None,
                                           again.value, again.stage, again.note, again.done,
                                           again.evidence, file, i, again.percent))
                continue
            # Mostly the file's own unit; sometimes another's entry (a hand-made Report).
            who = unit if rng.random() < 0.9 else rng.choice(UNITS)
            entries.append(_entry(rng, plan, rng.choice(targets), who, period, file, i))
        reports.append(Report(file, unit, parse_period(period), None, "unknown", tuple(entries)))
    if reports and rng.random() < 0.3:
        reports.append(reports[rng.randrange(len(reports))])  # the same Report passed twice
    return reports


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    root = tmp_path_factory.mktemp("repo")
    write(root / "plan" / "plan.yaml", PLAN_YAML)
    write(root / "plan" / "departments.yaml", DEPARTMENTS)
    write(root / "plan" / "tree.yaml", TREE)
    (root / "progress").mkdir()
    plan, diags = load_plan(root)
    assert plan is not None and not [d for d in diags if d.is_error], diags
    return plan


def test_the_plan_exercises_every_case(plan: Plan) -> None:
    nodes = plan.targets
    assert nodes["Q3"].breakdown and nodes["Q4"].schedule and nodes["Q4"].basis == "year"
    assert nodes["Q2"].part_of("水利局") == "水利局" and nodes["Q3"].part_of("农业局") == "农业局"
    assert nodes["Q1"].part_of("农业局") == "" and "农业局" in nodes["Q1"].involved_set
    assert nodes["Q5"].figure_units == ("农业局",) and not nodes["Q5"].evidence_required


@pytest.mark.parametrize("seed", range(40))
def test_checks_match_the_reference(plan: Plan, seed: int) -> None:
    rng = random.Random(seed)
    reports = random_reports(rng, plan, rng.choice([1, 5, 20, 60]))
    expected = [d for check in REFERENCE for d in check(plan, reports)]
    assert checks.run_checks(plan, reports) == expected
    for check, reference in zip(checks.CHECKS, REFERENCE, strict=True):
        assert check(plan, reports) == reference(plan, reports), check.__name__


@pytest.mark.parametrize("seed", range(40))
def test_file_checks_and_cross_file_checks_make_run_checks(plan: Plan, seed: int) -> None:
    """The loader runs the checks of one entry as each file loads (on every core, cached with the
    file) and the rest once over all reports: together, exactly what `run_checks` finds."""
    rng = random.Random(seed)
    reports = random_reports(rng, plan, rng.choice([1, 5, 20, 60]))
    per_file = checks.file_checks(plan)
    split = [d for r in reports for d in per_file(r)] + checks.cross_file_checks(plan, reports)
    whole = checks.run_checks(plan, reports)
    assert sorted(split, key=Diagnostic.sort_key) == sorted(whole, key=Diagnostic.sort_key)
    assert len(split) == len(whole)


def test_the_random_reports_raise_every_warning(plan: Plan) -> None:
    """Else the comparison above could pass for want of anything to compare."""
    found: set[str] = set()
    for seed in range(40):
        rng = random.Random(seed)
        for d in checks.run_checks(plan, random_reports(rng, plan, rng.choice([1, 5, 20, 60]))):
            found.add("overlapping" if "同一截止日" in d.message else d.code)
    assert found == {"conflict", "overlapping", "regression", "missing-evidence", "implausible-value",
                     "duplicate-report", "duplicate-entry", "not-reporting-unit"}


def evaluate_reference(plan: Plan, entries: Sequence[ReportEntry], as_of: dt.date,
                       submitted_by: dt.date | None = None) -> Evaluation:
    lead_of = {tid: node.lead for tid, node in plan.targets.items()}
    keyed: dict[str, list[tuple[object, ...]]] = {tid: [] for tid in plan.targets}
    cutoff = as_of if submitted_by is None else submitted_by
    for n, e in enumerate(entries):
        if e.period.end <= as_of and (e.submitted is None or e.submitted <= cutoff):
            lead = lead_of.get(e.target)
            if lead is not None:
                keyed[e.target].append((e.period.end, e.period.start, e.submitted or dt.date.min,
                                        e.department in lead, e.file, e.index, n, e))
    states: dict[str, TargetState] = {}
    order = sorted(plan.targets.values(),
                   key=lambda n: isinstance(n.spec, LevelTarget) and n.spec.ref is not None)
    for node in order:
        mine = sorted(keyed[node.id], key=lambda k: k[:-1])
        states[node.id] = judge(plan, node, [k[-1] for k in mine], as_of, states)
    return Evaluation(plan, as_of, {tid: states[tid] for tid in plan.targets})


@pytest.mark.parametrize("seed", range(20))
def test_evaluate_matches_the_reference(plan: Plan, seed: int) -> None:
    rng = random.Random(seed)
    entries = [e for r in random_reports(rng, plan, rng.choice([5, 20, 60])) for e in r.entries]
    for as_of in (dt.date(2024, 9, 30), dt.date(2024, 12, 31)):
        for submitted_by in (None, dt.date(2024, 12, 31)):
            got = evaluate(plan, entries, as_of, submitted_by=submitted_by)
            assert got == evaluate_reference(plan, entries, as_of, submitted_by)
            # the entries in the order they won, not only equal as sets
            assert [s.entries for s in got.states.values()] == [
                s.entries for s in evaluate_reference(plan, entries, as_of, submitted_by).states.values()]
