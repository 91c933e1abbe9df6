"""Version 2's rules around the status rules (README *Encoding a real plan*): pending before
`start`, schedule steps and the `year` basis, a breakdown's units each on its own share, and whose
figure counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from ...core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ...core.progress import ReportEntry
from ...core.tree import Plan, Share, Step, TargetNode
from .measure import compare, time_progress, tolerance_of
from .rules import latest_with, state_of
from .state import Light, Status, TargetState, UnitState


def judge(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date,
          done_states: dict[str, TargetState]) -> TargetState:
    """A target's state with the v2 rules around `state_of`: pending before its `start`, each
    unit of a breakdown on its own share, schedule steps and the `year` basis."""
    if node.start is not None and as_of < node.start:
        return _pending(node, entries)
    if node.breakdown:
        return _by_units(plan, node, entries, as_of, done_states)
    steps = steps_of(plan, node)
    own = compiled(node, entries)
    if steps:
        return _by_steps(plan, node, steps, own, as_of, done_states)
    return state_of(plan, node, own, as_of, done_states)


def compiled(node: TargetNode, entries: list[ReportEntry]) -> list[ReportEntry]:
    """The entries that give the target's own figure: a `responsible` unit reports its own
    part (shown, not the total) wherever a reporter or lead compiles the figure."""
    parts = set(node.responsible) - set(node.reporters[:1] if (node.reporter or node.lead) else ())
    if parts and (node.reporter or node.lead):
        entries = [e for e in entries if e.department not in parts]
    return by_role(node, entries)


def by_role(node: TargetNode, entries: list[ReportEntry]) -> list[ReportEntry]:
    """`entries` (in merge order) with those of units other than the target's figure units
    (`TargetNode.figure_units`) moved before them unless later than everything those units
    reported: a supporting unit's `2024-12: 100` never overrides the lead's `2024-Q4: 92`, nor a
    later-submitted figure the lead's for the same period (issue 18). Every entry is kept."""
    deciders = set(node.figure_units)
    own_end = max((e.period.end for e in entries if e.department in deciders), default=None)
    if own_end is None:
        return entries
    behind = [e for e in entries if e.department not in deciders and e.period.end <= own_end]
    if not behind:
        return entries
    moved = {id(e) for e in behind}
    return behind + [e for e in entries if id(e) not in moved]


def _pending(node: TargetNode, entries: list[ReportEntry]) -> TargetState:
    return TargetState(node, _plain_goal(node), None, None, False, None, False, Status.PENDING,
                       Light.GREEN, 0.0, 0, entries[-1] if entries else None, tuple(entries))


def _plain_goal(node: TargetNode) -> float | None:
    spec = node.spec
    if isinstance(spec, QuantityTarget | LevelTarget) and spec.target is not None:
        return float(spec.target)
    return None


def steps_of(plan: Plan, node: TargetNode) -> tuple[Step, ...]:
    """Schedule steps; with `basis: year` and no schedule, one step per calendar year, each
    the target (每年不少于100名). The final step ends on the target's due."""
    spec = node.spec
    if not isinstance(spec, QuantityTarget | LevelTarget):
        return ()
    steps = node.schedule
    if not steps and node.basis == "year" and isinstance(spec, QuantityTarget) \
            and spec.target is not None:
        first = (node.start or plan.meta.start).year
        steps = tuple(Step(str(y), min(dt.date(y, 12, 31), node.due), float(spec.target))
                      for y in range(first, node.due.year + 1))
    return steps


def _year_entries(entries: list[ReportEntry], year: int, until: dt.date) -> list[ReportEntry]:
    return [e for e in entries if e.period.start.year == year and e.period.end <= until]


def _by_steps(plan: Plan, node: TargetNode, steps: tuple[Step, ...], entries: list[ReportEntry],
              as_of: dt.date, done_states: dict[str, TargetState]) -> TargetState:
    """序时进度 and the light within the current step (the first not yet ended); an ended step
    left unmet makes the target overdue."""
    spec = node.spec
    assert isinstance(spec, QuantityTarget | LevelTarget)
    by_year = node.basis == "year" and isinstance(spec, QuantityTarget)
    index = next((i for i, st in enumerate(steps) if st.end >= as_of), len(steps) - 1)
    step = steps[index]
    final = index == len(steps) - 1
    previous = steps[index - 1] if index else None
    start = node.start or plan.meta.start
    if by_year:
        window_start = max(start, dt.date(step.end.year, 1, 1))
        mine = _year_entries(entries, step.end.year, as_of)
    else:
        window_start = previous.end + dt.timedelta(days=1) if previous else start
        mine = entries
    update: dict[str, Any] = {"target": step.value}
    if previous is not None and not by_year and isinstance(spec, QuantityTarget):
        update["baseline"] = previous.value  # completion within the step
    if isinstance(spec, LevelTarget):
        update["change"] = None
    sub = replace(node, spec=spec.model_copy(update=update), schedule=(),
                  due=node.due if final else step.end, start=window_start)
    state = state_of(plan, sub, mine, as_of, done_states)
    if not final and state.met:
        state = replace(state, met=False, status=Status.ON_TRACK, light=Light.GREEN)
    missed = None
    for st in steps[:index]:
        if _step_met(spec, st, entries, by_year):
            continue
        if not by_year and state.actual is not None and state.actual >= st.value \
                and spec.op in (">=", ">"):
            continue  # caught up since
        missed = st
        break
    if missed is not None and not state.done and not (final and state.met):
        state = replace(state, status=Status.OVERDUE, light=Light.RED,
                        days_overdue=max(state.days_overdue, (as_of - missed.end).days))
    return replace(state, node=node, step=step, missed_step=missed, entries=tuple(entries))


def _step_met(spec: QuantityTarget | LevelTarget, step: Step, entries: list[ReportEntry],
              by_year: bool) -> bool:
    mine = _year_entries(entries, step.end.year, step.end) if by_year else \
        [e for e in entries if e.period.end <= step.end]
    value = latest_with(mine, "value")
    if value is None or value.value is None:
        return False
    return compare(value.value, step.value, spec.op, tolerance_of(spec))


def _share_spec(spec: Any, share: Share) -> Any:
    if isinstance(spec, QuantityTarget | LevelTarget):
        if share.share is None:
            return spec
        return spec.model_copy(update={"target": share.share, "change": None} if isinstance(
            spec, LevelTarget) else {"target": share.share, "schedule": None})
    if isinstance(spec, MilestoneTarget) and isinstance(share.share, str):
        names = [s.name for s in spec.stages]
        return spec.model_copy(update={"stages": spec.stages[:names.index(share.share) + 1]})
    return spec


def _by_units(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date,
              done_states: dict[str, TargetState]) -> TargetState:
    """Each unit on its own share; quantity: the sum of the units' latest values against the
    target; other kinds: met when every unit has met its share, completion their mean."""
    spec = node.spec
    units: list[UnitState] = []
    for share in node.breakdown:
        sub = replace(node, spec=_share_spec(spec, share), breakdown=(),
                      schedule=() if isinstance(spec, QuantityTarget) else node.schedule)
        mine = [e for e in entries if e.department == share.unit]
        units.append(UnitState(share, judge(plan, sub, mine, as_of, done_states)))
    last = max(entries, key=lambda e: (e.period.end, e.submitted or dt.date.min)) if entries else None
    if isinstance(spec, QuantityTarget):
        latest = [u.state.last for u in units if u.state.actual is not None and u.state.last]
        whole = replace(node, breakdown=())
        if not latest:
            state = judge(plan, whole, [], as_of, done_states)
        else:
            total = sum(u.state.actual or 0.0 for u in units)
            newest = max(latest, key=lambda e: (e.period.end, e.submitted or dt.date.min))
            synthetic = replace(newest, value=total, target=node.id)
            state = judge(plan, whole, [synthetic], as_of, done_states)
        return replace(state, node=node, units=tuple(units), entries=tuple(entries), last=last)
    states = [u.state for u in units]
    # A unit that has not reported counts 0 (README *Read the status*: 0 until there is progress).
    completion = sum(s.completion or 0.0 for s in states) / len(states) if states else None
    met = bool(states) and all(s.met for s in states)
    overdue = not met and as_of > node.due
    worst = min((s.light for s in states), key=list(Light).index, default=Light.GREEN)
    # Met late when the last unit to meet its share did so after the due (逾期完成).
    days_late = max((s.days_late for s in states), default=0) if met else 0
    if met:
        status, light = (Status.DONE_LATE if days_late else Status.DONE), Light.GREEN
    elif overdue:
        status, light = Status.OVERDUE, Light.RED
    elif not entries:
        status, light = Status.NOT_STARTED, worst
    elif worst in (Light.RED, Light.YELLOW):
        status, light = Status.AT_RISK, worst
    else:
        status, light = Status.ON_TRACK, worst
    progress = time_progress(node.start or plan.meta.start, node.due, as_of)
    return TargetState(node, _plain_goal(node), None, None, False, completion, met, status, light,
                       progress, (as_of - node.due).days if overdue else 0, last, tuple(entries),
                       days_late, max((s.met_on for s in states if s.met_on), default=None) if met else None,
                       units=tuple(units))

