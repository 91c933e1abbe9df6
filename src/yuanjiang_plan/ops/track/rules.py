"""One target's figures -> its status and light: the status rules for each kind (README *Read
the status*)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ...core.model import ActionTarget, LevelTarget, Lights, MilestoneTarget, QuantityTarget
from ...core.progress import ReportEntry
from ...core.quantity import period_containing
from ...core.tree import Plan, TargetNode
from .measure import compare, ratio, time_progress, tolerance_of
from .state import BEHIND, Light, Status, TargetState


def latest_with(entries: list[ReportEntry], has: str) -> ReportEntry | None:
    """The last entry carrying `has`."""
    for e in reversed(entries):
        if getattr(e, has) is not None:
            return e
    return None


def final_deadline(plan: Plan, node: TargetNode) -> dt.date:
    """When the figure for the period ending on a target's due must be in: that period's report
    deadline (`due_day` of the month after it ends), as timeliness counts it (README *Read the
    status*, rates and levels)."""
    period = period_containing(node.due, plan.meta.reporting.cadence)
    return (period.end + dt.timedelta(days=1)).replace(day=plan.meta.reporting.due_day)


def _met_on(entries: list[ReportEntry], meets: Callable[[ReportEntry], bool | None]) -> dt.date | None:
    """The end of the first period of the unbroken run of entries, up to the latest, that meet
    the target: the day the reports show it met (a figure describes its period's end).

    `meets` answers None for an entry that says nothing about it (a note without `done`)."""
    met_on: dt.date | None = None
    for e in reversed(entries):
        verdict = meets(e)
        if verdict is None:
            continue
        if not verdict:
            break
        met_on = e.period.end
    return met_on


def state_of(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date,
             done_states: dict[str, TargetState]) -> TargetState:
    """The status rules for one target from its entries (in merge order), whatever its kind."""
    spec = node.spec
    lights: Lights = plan.meta.lights
    goal: float | None = None
    actual: float | None = None
    stage: str | None = None
    done_flag = False
    completion: float | None = None
    met = False
    measurable = True  # False when the plan lacks the number (no_target)
    last = entries[-1] if entries else None
    stage_overdue_days = 0
    met_on: dt.date | None = None
    rate = isinstance(spec, LevelTarget)  # judged on the full-year figure, no 序时进度
    rate_verdict: Light | None = None  # a level's light before its final figure
    final_late = 0  # a level's final figure: days after that period's report deadline
    final_missing = False  # a level whose final figure has not arrived by the deadline

    if isinstance(spec, QuantityTarget | LevelTarget):
        decisive = latest_with(entries, "value")
        last = decisive or last
        actual = decisive.value if decisive else None
        baseline = spec.baseline
        if isinstance(spec, LevelTarget) and spec.ref is not None:
            ref = done_states.get(spec.ref)
            goal = ref.actual if ref else None
            baseline = None
        elif isinstance(spec, LevelTarget) and spec.change is not None:
            goal = spec.baseline + spec.change if spec.baseline is not None else None
            measurable = spec.baseline is not None
        else:
            goal = spec.target
            measurable = spec.target is not None
        if measurable:
            completion = 0.0
        if actual is not None and goal is not None:
            scale = spec.change if isinstance(spec, LevelTarget) and spec.change is not None else None
            tol = tolerance_of(spec)
            op = spec.op
            met = compare(actual, goal, op, tol, scale)
            if isinstance(spec, QuantityTarget):
                completion = 1.0 if met else ratio(actual, goal, op, baseline)
                target_goal = goal
                met_on = _met_on(entries, lambda e: None if e.value is None
                                 else compare(e.value, target_goal, op, tol, scale)) if met else None
            else:
                share = ratio(actual, goal, op, baseline) if op in (">=", ">") or baseline else None
                completion = 1.0 if met else (share or 0.0)
        if isinstance(spec, LevelTarget) and measurable:
            met, met_on, rate_verdict, final_late, final_missing = _judge_rate(
                plan, node, decisive, met, as_of)
    elif isinstance(spec, MilestoneTarget):
        names = [s.name for s in spec.stages]
        decisive = latest_with(entries, "stage")
        last = decisive or last
        reached = names.index(decisive.stage) + 1 if decisive and decisive.stage else 0
        stage = decisive.stage if decisive else None
        completion = reached / len(names)
        met = reached == len(names)
        estimate = latest_with(entries, "percent")  # 完成60%: counts until the last stage is reached
        if not met and estimate is not None and estimate.percent is not None:
            completion = max(completion, min(1.0, estimate.percent / 100))
        final = names[-1]
        met_on = _met_on(entries, lambda e: None if e.stage is None else e.stage == final) if met else None
        for k, s in enumerate(spec.stages):
            if s.due and as_of > s.due and reached < k + 1:
                stage_overdue_days = max(stage_overdue_days, (as_of - s.due).days)
    elif isinstance(spec, ActionTarget):
        decisive = latest_with(entries, "done")
        done_flag = bool(decisive and decisive.done)
        met = done_flag
        estimate = latest_with(entries, "percent")  # 完成60%: the unit's estimate until it is done
        share = estimate.percent / 100 if estimate is not None and estimate.percent is not None else 0.0
        completion = 1.0 if met else min(1.0, share)
        met_on = _met_on(entries, lambda e: e.done) if met else None

    progress = time_progress(node.start or plan.meta.start, node.due, as_of)
    days_overdue = max(stage_overdue_days, (as_of - node.due).days if as_of > node.due else 0)
    if rate:
        # A rate is overdue once its final figure misses, or fails to arrive in time (README
        # *Read the status*).
        overdue = not met and (final_missing or (rate_verdict is None and days_overdue > 0))
        gap = None
    else:
        overdue = not met and days_overdue > 0
        gap = (progress - completion) * 100 if completion is not None else None

    if overdue or (gap is not None and gap > lights.red_gap):
        light = Light.RED
    elif rate_verdict == Light.YELLOW or (gap is not None and gap > lights.yellow_gap):
        light = Light.YELLOW
    elif not met and 0 <= (node.due - as_of).days <= lights.due_soon_days:
        light = Light.BLUE
    else:
        light = Light.GREEN

    days_late = 0
    if met:
        if rate:
            days_late = final_late
        elif met_on is not None and met_on > node.due:
            days_late = (met_on - node.due).days
    if not measurable:
        status, light, completion = Status.NO_TARGET, Light.GREEN, None
    elif met:
        status, light = (Status.DONE_LATE if days_late else Status.DONE), Light.GREEN
    elif overdue:
        status = Status.OVERDUE
    elif not entries:
        status = Status.NOT_STARTED
    elif light in BEHIND:
        status = Status.AT_RISK
    else:
        status = Status.ON_TRACK
    return TargetState(node, goal, actual, stage, done_flag, completion, met, status, light,
                       progress, days_overdue if status == Status.OVERDUE else 0, last,
                       tuple(entries), days_late if status == Status.DONE_LATE else 0,
                       met_on if met else None)


def _judge_rate(plan: Plan, node: TargetNode, latest: ReportEntry | None, latest_meets: bool,
                as_of: dt.date) -> tuple[bool, dt.date | None, Light | None, int, bool]:
    """A `level` target (README *Read the status*): only the figure for the period ending on its
    due (the full-year figure) can make it met; before it, the latest figure says green or yellow.

    Returns (met, met_on, light before the final figure, days the final figure came after its
    report deadline, final figure still missing after that deadline)."""
    deadline = final_deadline(plan, node)
    if latest is not None and latest.period.end >= node.due:  # the final figure
        late = 0
        if latest_meets and latest.submitted is not None and latest.submitted > deadline:
            late = (latest.submitted - deadline).days
        return latest_meets, latest.period.end if latest_meets else None, None, late, False
    if as_of > deadline:
        return False, None, None, 0, True
    if latest is None:
        return False, None, Light.GREEN, 0, False  # nothing to judge yet; the due decides blue
    return False, None, Light.GREEN if latest_meets else Light.YELLOW, 0, False

