"""The arithmetic of a figure against its goal: tolerance, comparison, completion, 序时进度."""

from __future__ import annotations

import datetime as dt

from ...core.model import LevelTarget, QuantityTarget

DEFAULT_TOLERANCE = 0.05


def tolerance_of(spec: QuantityTarget | LevelTarget) -> float:
    if spec.qualifier in ("about", "same_pace"):
        return spec.tolerance if spec.tolerance is not None else DEFAULT_TOLERANCE
    return 0.0


def compare(value: float, goal: float, op: str, tolerance: float, scale: float | None = None) -> bool:
    """Is `value` op `goal`, widened by a relative tolerance (左右, 基本同步)?

    The tolerance is relative to `scale` when given: for 提高0.7个百分点左右 it is 5% of the
    0.7-point change, not of the whole level (else a fall would count as met).
    """
    slack = abs(goal if scale is None else scale) * tolerance
    if op == ">=":
        return value >= goal - slack
    if op == ">":
        return value > goal - slack if slack else value > goal
    if op == "<=":
        return value <= goal + slack
    return value < goal + slack if slack else value < goal


def ratio(value: float, goal: float, op: str, baseline: float | None) -> float | None:
    """Completion of a number towards its goal, 0..1; None where a ratio means nothing."""
    if baseline is not None and baseline != goal:
        share = (value - baseline) / (goal - baseline)
        return max(0.0, min(1.0, share))
    if op in (">=", ">"):
        if goal <= 0:
            return None
        return max(0.0, min(1.0, value / goal))
    # `<=`: inverted — at the goal or below is complete.
    if value <= 0:
        return 1.0
    return max(0.0, min(1.0, goal / value))


def time_progress(start: dt.date, due: dt.date, as_of: dt.date) -> float:
    """序时进度: the share of the time from the plan's start to the due date that has passed."""
    span = (due - start).days
    if span <= 0:
        return 1.0 if as_of >= due else 0.0
    return max(0.0, min(1.0, (as_of - start).days / span))
