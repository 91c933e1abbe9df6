"""The monthly 调度通报: one content model, built once, rendered as Markdown, HTML or Excel.

Pure: plan + reports + as-of date + period -> `ReportContent`. The renderers under
`render/report_*.py` only lay it out.

"What changed" compares the world at the end of the previous period with the world at the
as-of date (README *Read the status* as-of replay): targets whose status or completion moved, and
the reports that count now but did not then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core.progress import Report, ReportEntry
from ..core.quantity import Period, parse_period, period_containing
from ..core.tree import Plan
from .timeliness import DutyHistory, Scorecard, scorecards
from .track import (
    DONE_STATUSES,
    UNJUDGED,
    Evaluation,
    Light,
    Status,
    Tally,
    TargetState,
    counts,
    evaluate,
    mean_completion,
)
from .trend import GroupPoint, Point, group_trend, history, target_trend


@dataclass(frozen=True)
class GroupLine:
    """A section (部分) or task (任务) of the plan, rolled up."""

    id: str
    title: str
    completion: float | None
    time_progress: float  # 序时进度 of its measurable targets
    light: Light
    counts: dict[Status, int]
    targets: int

    @property
    def tally(self) -> Tally:
        """Done (on time or late) of the judged targets: the `3/7 完成` beside the completion."""
        return _tally(self.counts, self.targets)


def _tally(by_status: dict[Status, int], targets: int) -> Tally:
    return Tally(sum(by_status[s] for s in DONE_STATUSES), targets - sum(by_status[s] for s in UNJUDGED))


@dataclass(frozen=True)
class SectionLine(GroupLine):
    tasks: tuple[GroupLine, ...] = ()


@dataclass(frozen=True)
class Change:
    """A target whose status or completion moved since the previous period's end."""

    before: TargetState
    after: TargetState


@dataclass(frozen=True)
class ReportContent:
    plan_id: str
    plan_title: str
    issuer: str | None
    office: str | None  # 专班办公室, who sends the 通报
    period: Period
    previous: Period
    as_of: dt.date
    completion: float | None
    time_progress: float
    counts: dict[Status, int]
    targets: int
    states: tuple[TargetState, ...]  # every target on the as-of date, in plan order
    sections: tuple[SectionLine, ...]  # the goals (一、工作目标) first, as section "G"
    overdue: tuple[TargetState, ...]  # most days overdue first
    # Furthest behind 序时进度 first: at risk, and not started with a red or yellow light (README
    # *Read the status*).
    at_risk: tuple[TargetState, ...]
    departments: tuple[Scorecard, ...]  # units that lead or owe reports, weakest first (plan depts)
    changes: tuple[Change, ...]
    new_reports: tuple[Report, ...]
    # Trends (ops/trend.py): each section's roll-up ("G" for the goals) and each overdue or
    # at-risk target, at the end of every reporting period, then the as-of date.
    section_trends: dict[str, tuple[GroupPoint, ...]] = field(default_factory=dict)
    target_trends: dict[str, tuple[Point, ...]] = field(default_factory=dict)

    @property
    def tally(self) -> Tally:
        return _tally(self.counts, self.targets)

    @property
    def unstarted_red(self) -> list[TargetState]:
        """Targets nobody has reported on whose light is red: named in the 通报, not only counted."""
        return [s for s in self.at_risk if s.status == Status.NOT_STARTED and s.light == Light.RED]

    @property
    def missing_units(self) -> list[Scorecard]:
        """Units with at least one report missing, most missing first."""
        return sorted((d for d in self.departments if d.missing),
                      key=lambda d: (-d.missing_streak, -d.missing, d.name))


def previous_period(period: Period) -> Period:
    """The period of the same kind just before `period`."""
    day = period.start - dt.timedelta(days=1)
    if period.kind == "month":
        return parse_period(f"{day.year}-{day.month:02d}")
    if period.kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    if period.kind == "half":
        return parse_period(f"{day.year}-H{(day.month - 1) // 6 + 1}")
    return parse_period(str(day.year))


def default_period(as_of: dt.date, cadence: str) -> Period:
    """The last full reporting period on the as-of date (ended on or before it)."""
    period = period_containing(as_of, cadence)
    return period if period.end <= as_of else previous_period(period)


def section_label(plan: Plan, node_id: str) -> str:
    """As the document names it (its own `label`); never a computed numbering (README *Encoding a
    real plan*)."""
    return plan.named(node_id)


def gap_light(completion: float | None, progress: float, red_gap: float, yellow_gap: float) -> Light:
    """A roll-up's light: how far completion trails 序时进度 (README *Read the status* thresholds)."""
    if completion is None:
        return Light.GREEN
    gap = (progress - completion) * 100
    if gap > red_gap:
        return Light.RED
    if gap > yellow_gap:
        return Light.YELLOW
    return Light.GREEN


def time_progress_of(states: Sequence[TargetState]) -> float:
    measured = [s.time_progress for s in states if s.completion is not None]
    pool = measured or [s.time_progress for s in states]
    return sum(pool) / len(pool) if pool else 0.0


def _group(plan: Plan, gid: str, title: str, states: list[TargetState]) -> GroupLine:
    done = mean_completion(states)
    progress = time_progress_of(states)
    lights = plan.meta.lights
    return GroupLine(gid, title, done, progress,
                     gap_light(done, progress, lights.red_gap, lights.yellow_gap),
                     counts(states), len(states))


def section_lines(ev: Evaluation, selected: Collection[str] | None = None) -> list[SectionLine]:
    plan = ev.plan

    def pick(ids: Iterable[str]) -> list[TargetState]:
        return [ev.states[t] for t in ids if t in ev.states and (selected is None or t in selected)]

    lines: list[SectionLine] = []
    goals = pick(plan.goals)
    if goals:
        g = _group(plan, "G", "工作目标", goals)
        lines.append(SectionLine(**vars(g)))
    for section in plan.sections:  # sub-sections too, each with its own roll-up
        tasks = []
        members = pick(plan.targets_under(section.id))
        for task_id in section.tasks:
            task_states = pick(plan.targets_under(task_id))
            if task_states:
                tasks.append(_group(plan, task_id, plan.named(task_id), task_states))
        if members:
            g = _group(plan, section.id, section_label(plan, section.id), members)
            lines.append(SectionLine(**vars(g), tasks=tuple(tasks)))
    return lines


def changed(before: TargetState, after: TargetState) -> bool:
    def rounded(v: float | None) -> float | None:
        return None if v is None else round(v, 4)

    return before.status != after.status or rounded(before.completion) != rounded(after.completion)


def _behind(state: TargetState) -> tuple[bool, float]:
    """Red before yellow, then furthest behind 序时进度 first (a rate has no 序时进度: 0)."""
    gap = 0.0 if state.node.kind == "level" else (state.completion or 0.0) - state.time_progress
    return state.light != Light.RED, gap


def _known(report: Report, day: dt.date) -> bool:
    """Does a report count on `day`: its period ended, submitted by then (README *Read the
    status*, --as-of)?"""
    return report.period.end <= day and (report.submitted is None or report.submitted <= day)


def build_report(plan: Plan, reports: Sequence[Report], as_of: dt.date,
                 period: Period | None = None, history: DutyHistory | None = None,
                 selected: Collection[str] | None = None) -> ReportContent:
    """The 调度通报 for `period` (default: the last full period) as it stands on `as_of`;
    `selected` (target ids, from `--dept`/`--leader`/`--section`…) narrows every part of it."""
    period = period or default_period(as_of, plan.meta.reporting.cadence)
    previous = previous_period(period)
    entries = [e for r in reports for e in r.entries]
    now = evaluate(plan, entries, as_of)
    then = evaluate(plan, entries, min(previous.end, as_of))
    states = [s for tid, s in now.states.items() if selected is None or tid in selected]
    measurable = [s for s in states if s.completion is not None]
    overdue = sorted((s for s in states if s.status == Status.OVERDUE),
                     key=lambda s: (-s.days_overdue, s.node.due))
    at_risk = sorted((s for s in states if s.behind), key=_behind)
    changes = tuple(Change(then.states[tid], s) for tid, s in now.states.items()
                    if (selected is None or tid in selected) and changed(then.states[tid], s))
    # New since the previous period: known now but not at the previous period's end, as the
    # changes are counted (a report filed after the as-of date did not exist yet, README *Add a
    # report*).
    new_reports = tuple(sorted(
        (r for r in reports if _known(r, as_of) and not _known(r, then.as_of)),
        key=lambda r: (r.period.end, r.department, r.file)))
    coordination = plan.meta.coordination
    return ReportContent(
        plan_id=plan.meta.id,
        plan_title=plan.meta.title,
        issuer="、".join(plan.meta.issuers) or None,
        office=coordination.office if coordination else None,
        period=period,
        previous=previous,
        as_of=as_of,
        completion=mean_completion(states),
        time_progress=time_progress_of(measurable or states),
        counts=counts(states),
        targets=len(states),
        states=tuple(states),
        sections=tuple(section_lines(now, selected)),
        overdue=tuple(overdue),
        at_risk=tuple(at_risk),
        departments=tuple(d for d in scorecards(now, reports, selected, history=history)
                          if d.led or d.reports_due),
        changes=changes,
        new_reports=new_reports,
        **trends(plan, entries, now, [*overdue, *at_risk]),
    )


def trends(plan: Plan, entries: Sequence[ReportEntry], now: Evaluation,
           targets: Sequence[TargetState]) -> dict[str, Any]:
    """The report's trend fields: per section (by the targets' `section`, None = the goals as
    "G") and per listed target that has any entry."""
    hist = history(plan, entries, now.as_of, now)
    members: dict[str, list[str]] = {}
    for tid, node in plan.targets.items():
        members.setdefault(node.section or "G", []).append(tid)
    return {
        "section_trends": {sid: group_trend(hist, set(ids)) for sid, ids in members.items()},
        # A target nobody has reported on has a flat line at zero: it is named in the lists, not
        # charted (at the bundled as-of date, 49 of the 54 at-risk targets are not started).
        "target_trends": {s.node.id: target_trend(hist, s.node.id) for s in targets if s.entries},
    }
