"""Trends: how a target (or a section) stood at the end of each reporting period. Pure, no I/O.

The points are the plan-cadence periods that have ended by the as-of date (from the plan's
start), then the as-of date itself when it is not a period's last day. Each point is the engine's
evaluation on that day of the entries *filed by the as-of date* (`evaluate(..., submitted_by=
as_of)`): the figure for September is September's report even though it was filed in October,
and 序时进度, status and light are those of September's last day. So the last point is exactly
what `plan status` says on the as-of date, and a report filed late still shows in its own period.
(Replaying what the office saw on each day instead would shift every figure one period late.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from ..core.progress import ReportEntry
from ..core.quantity import periods_between
from ..core.tree import Plan
from .track import Evaluation, Light, Status, evaluate, mean_completion


@dataclass(frozen=True)
class Point:
    """One target at one point in time."""

    label: str  # the period ("2024-09"), or the as-of date for the last, partial point
    day: dt.date  # the date it was evaluated at
    actual: float | None
    stage: str | None
    completion: float | None
    time_progress: float  # 序时进度 on that day
    status: Status
    light: Light
    reported: bool  # an entry for exactly that period was counted (the unit reported)


@dataclass(frozen=True)
class GroupPoint:
    """A section, task or the whole plan at one point in time."""

    label: str
    day: dt.date
    completion: float | None
    time_progress: float


@dataclass(frozen=True)
class History:
    """The plan evaluated at each point, oldest first."""

    points: tuple[tuple[str, dt.date, Evaluation], ...]


def trend_days(plan: Plan, as_of: dt.date) -> list[tuple[str, dt.date]]:
    """(label, day) of each point: period ends up to `as_of`, then `as_of` if it falls inside one."""
    meta = plan.meta
    start = meta.start
    last = min(as_of, meta.end)
    if last < start:
        return []
    days = [(p.text, p.end) for p in periods_between(start, last, meta.reporting.cadence)
            if p.end <= last]
    if not days or days[-1][1] != as_of:
        days.append((as_of.isoformat(), as_of))
    return days


def history(plan: Plan, entries: Sequence[ReportEntry], as_of: dt.date,
            now: Evaluation | None = None) -> History:
    """Evaluate the plan at every trend point with what was filed by `as_of` (`now`, if given,
    is reused for `as_of` itself)."""
    points = []
    for label, day in trend_days(plan, as_of):
        ev = (now if now is not None and day == now.as_of
              else evaluate(plan, entries, day, submitted_by=as_of))
        points.append((label, day, ev))
    return History(tuple(points))


def target_trend(hist: History, target: str) -> tuple[Point, ...]:
    out = []
    for label, day, ev in hist.points:
        s = ev.states.get(target)
        if s is None:
            continue
        reported = any(e.period.text == label for e in s.entries)
        out.append(Point(label, day, s.actual, s.stage, s.completion, s.time_progress, s.status,
                         s.light, reported))
    return tuple(out)


def group_trend(hist: History, targets: Collection[str]) -> tuple[GroupPoint, ...]:
    """Mean completion and 序时进度 of a set of targets (as the report's roll-ups count them)."""
    out = []
    for label, day, ev in hist.points:
        states = [s for tid, s in ev.states.items() if tid in targets
                  and s.status.value not in ("no_target", "pending")]
        measured = [s.time_progress for s in states if s.completion is not None] \
            or [s.time_progress for s in states]
        progress = sum(measured) / len(measured) if measured else 0.0
        out.append(GroupPoint(label, day, mean_completion(states), progress))
    return tuple(out)
