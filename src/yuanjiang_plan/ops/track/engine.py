"""The entry point: the entries known at the as-of date, sorted, and every target judged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...core.model import LevelTarget
from ...core.progress import ReportEntry
from ...core.tree import Plan
from .schedule import judge
from .state import Evaluation, TargetState


def evaluate(plan: Plan, entries: Sequence[ReportEntry], as_of: dt.date, *,
             submitted_by: dt.date | None = None) -> Evaluation:
    """Every target's state at `as_of`, from the entries known that day (README *Read the
    status*, `--as-of`).

    `submitted_by` moves the submission cut-off (default: `as_of`); `plan template` uses it to
    show the last figures of earlier periods whenever they were filed.
    """
    # Each target's entries sorted by which entry wins: latest period, then latest
    # `submitted`, then the lead's (then file and line), stable. The keys are built in one pass
    # over `entries` in their own order (a province's 240k entries: reading them target by target
    # instead is memory-bound and twice as slow, issue 7); the running position `n` keeps the
    # sort stable and means the entries themselves are never compared.
    lead_of = {tid: node.lead for tid, node in plan.targets.items()}
    keyed: dict[str, list[tuple[Any, ...]]] = {tid: [] for tid in plan.targets}
    day_min = dt.date.min
    cutoff = as_of if submitted_by is None else submitted_by
    for n, e in enumerate(entries):
        period = e.period
        submitted = e.submitted
        # Known at `as_of`: its period has ended and it had been submitted by the cut-off
        # (`submitted`, else git's first-seen date; unknown dates count). The world as the
        # office saw it that day.
        if period.end <= as_of and (submitted is None or submitted <= cutoff):
            lead = lead_of.get(e.target)
            if lead is not None:
                keyed[e.target].append((period.end, period.start, submitted or day_min,
                                        e.department in lead, e.file, e.index, n, e))
    states: dict[str, TargetState] = {}
    # `ref` targets compare against another target's actual: evaluate those last.
    order = sorted(plan.targets.values(),
                   key=lambda n: isinstance(n.spec, LevelTarget) and n.spec.ref is not None)
    for node in order:
        mine = keyed[node.id]
        mine.sort()
        own = [k[-1] for k in mine]
        states[node.id] = judge(plan, node, own, as_of, states)
    return Evaluation(plan, as_of, {tid: states[tid] for tid in plan.targets})
