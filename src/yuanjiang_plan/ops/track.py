"""Plan + progress + as-of date -> statuses, lights and roll-ups (SPEC §4). Pure, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from ..core.model import ActionTarget, LevelTarget, Lights, MilestoneTarget, QuantityTarget
from ..core.progress import ReportEntry
from ..core.quantity import period_containing
from ..core.tree import Plan, Share, Step, TargetNode

DEFAULT_TOLERANCE = 0.05


class Status(StrEnum):
    """SPEC §4, in the order the rules apply: the first that applies is a target's status."""

    NO_TARGET = "no_target"
    PENDING = "pending"  # its `start` is after the as-of date (SPEC §2a)
    DONE = "done"
    DONE_LATE = "done_late"  # met, after its due (逾期完成)
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    BLUE = "blue"
    GREEN = "green"


STATUS_ORDER = list(Status)
DONE_STATUSES = frozenset({Status.DONE, Status.DONE_LATE})
# Not judged: no number to reach, or not begun yet. They stay out of every roll-up (SPEC §4).
UNJUDGED = frozenset({Status.NO_TARGET, Status.PENDING})
BEHIND = frozenset({Light.RED, Light.YELLOW})


@dataclass(frozen=True)
class TargetState:
    """A target's standing on the as-of date."""

    node: TargetNode
    goal: float | None  # the number to reach (after change/baseline/ref); None if the plan lacks it
    actual: float | None
    stage: str | None
    done_flag: bool
    completion: float | None
    met: bool
    status: Status
    light: Light
    time_progress: float  # 序时进度, 0..1
    days_overdue: int
    last: ReportEntry | None  # the entry that decided the actual (or the latest entry at all)
    entries: tuple[ReportEntry, ...]  # every entry counted at the as-of date, oldest first
    days_late: int = 0  # done_late: days between the due and the day it was met (逾期完成)
    met_on: dt.date | None = None  # done/done_late: when it was met (see `_met_on`)
    step: Step | None = None  # the schedule step judged now (SPEC §2a), if any
    missed_step: Step | None = None  # an ended step left unmet ("2021 节点未完成")
    units: tuple[UnitState, ...] = ()  # a breakdown's units, side by side

    @property
    def done(self) -> bool:
        """Done, on time or late."""
        return self.status in DONE_STATUSES

    @property
    def behind(self) -> bool:
        """Listed with the at-risk targets: at risk, or not started with a red or yellow light."""
        return self.status == Status.AT_RISK or (
            self.status == Status.NOT_STARTED and self.light in BEHIND)

    @property
    def judged(self) -> bool:
        """Counted in roll-ups: everything but no_target and pending (SPEC §4)."""
        return self.status not in UNJUDGED


@dataclass(frozen=True)
class UnitState:
    """One unit's part of a breakdown: its own figure against its own share."""

    share: Share
    state: TargetState

    @property
    def unit(self) -> str:
        return self.share.unit


@dataclass(frozen=True)
class Evaluation:
    plan: Plan
    as_of: dt.date
    states: dict[str, TargetState]

    def select(self, ids: Iterable[str]) -> list[TargetState]:
        return [self.states[i] for i in ids if i in self.states]


def merge_key(entry: ReportEntry, node: TargetNode) -> tuple[dt.date, dt.date, dt.date, bool, str, int]:
    """Which entry wins (SPEC §3): latest period, then latest `submitted`, then the lead's."""
    return (entry.period.end, entry.period.start, entry.submitted or dt.date.min,
            entry.department in node.lead, entry.file, entry.index)


def known_at(entry: ReportEntry, as_of: dt.date) -> bool:
    """Does the entry count at `as_of` (SPEC §3 as-of)? Its period has ended by then, and it
    had been submitted by then (`submitted`, else git's first-seen date; unknown dates count)."""
    return entry.period.end <= as_of and (entry.submitted is None or entry.submitted <= as_of)


def counted(entries: Iterable[ReportEntry], as_of: dt.date) -> list[ReportEntry]:
    """Entries known at the as-of date: the world as the office saw it that day."""
    return [e for e in entries if known_at(e, as_of)]


def _tolerance(spec: QuantityTarget | LevelTarget) -> float:
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


def evaluate(plan: Plan, entries: Sequence[ReportEntry], as_of: dt.date, *,
             submitted_by: dt.date | None = None) -> Evaluation:
    """Every target's state at `as_of`, from the entries known that day (SPEC §3 as-of).

    `submitted_by` moves the submission cut-off (default: `as_of`); `plan template` uses it to
    show the last figures of earlier periods whenever they were filed.
    """
    # Each target's entries sorted by `merge_key`, stable. The keys are built in one pass over
    # `entries` in their own order (a province's 240k entries: reading them target by target
    # instead is memory-bound and twice as slow, issue 7); the running position `n` keeps the
    # sort stable and means the entries themselves are never compared.
    lead_of = {tid: node.lead for tid, node in plan.targets.items()}
    keyed: dict[str, list[tuple[Any, ...]]] = {tid: [] for tid in plan.targets}
    day_min = dt.date.min
    cutoff = as_of if submitted_by is None else submitted_by
    for n, e in enumerate(entries):
        period = e.period
        submitted = e.submitted
        # known_at(), inlined: the world as the office saw it that day
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


def _latest(entries: list[ReportEntry], has: str) -> ReportEntry | None:
    """The last entry carrying `has`."""
    for e in reversed(entries):
        if getattr(e, has) is not None:
            return e
    return None


def final_deadline(plan: Plan, node: TargetNode) -> dt.date:
    """When the figure for the period ending on a target's due must be in: that period's report
    deadline (`due_day` of the month after it ends), as timeliness counts it (SPEC §4)."""
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


def _state(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date,
           done_states: dict[str, TargetState]) -> TargetState:
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
        decisive = _latest(entries, "value")
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
            tol = _tolerance(spec)
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
        decisive = _latest(entries, "stage")
        last = decisive or last
        reached = names.index(decisive.stage) + 1 if decisive and decisive.stage else 0
        stage = decisive.stage if decisive else None
        completion = reached / len(names)
        met = reached == len(names)
        estimate = _latest(entries, "percent")  # 完成60%: counts until the last stage is reached
        if not met and estimate is not None and estimate.percent is not None:
            completion = max(completion, min(1.0, estimate.percent / 100))
        final = names[-1]
        met_on = _met_on(entries, lambda e: None if e.stage is None else e.stage == final) if met else None
        for k, s in enumerate(spec.stages):
            if s.due and as_of > s.due and reached < k + 1:
                stage_overdue_days = max(stage_overdue_days, (as_of - s.due).days)
    elif isinstance(spec, ActionTarget):
        decisive = _latest(entries, "done")
        done_flag = bool(decisive and decisive.done)
        met = done_flag
        estimate = _latest(entries, "percent")  # 完成60%: the unit's estimate until it is done
        share = estimate.percent / 100 if estimate is not None and estimate.percent is not None else 0.0
        completion = 1.0 if met else min(1.0, share)
        met_on = _met_on(entries, lambda e: e.done) if met else None

    progress = time_progress(node.start or plan.meta.start, node.due, as_of)
    days_overdue = max(stage_overdue_days, (as_of - node.due).days if as_of > node.due else 0)
    if rate:
        # A rate is overdue once its final figure misses, or fails to arrive in time (§4).
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
    """A `level` target (SPEC §4): only the figure for the period ending on its due (the
    full-year figure) can make it met; before it, the latest figure says green or yellow.

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


# ---------------------------------------------------------------- version 2 (SPEC §2a)


def judge(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date,
          done_states: dict[str, TargetState]) -> TargetState:
    """A target's state with the v2 rules around `_state`: pending before its `start`, each
    unit of a breakdown on its own share, schedule steps and the `year` basis."""
    if node.start is not None and as_of < node.start:
        return _pending(plan, node, entries, as_of)
    if node.breakdown:
        return _by_units(plan, node, entries, as_of, done_states)
    steps = steps_of(plan, node)
    own = compiled(node, entries)
    if steps:
        return _by_steps(plan, node, steps, own, as_of, done_states)
    return _state(plan, node, own, as_of, done_states)


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


def _pending(plan: Plan, node: TargetNode, entries: list[ReportEntry], as_of: dt.date) -> TargetState:
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
    state = _state(plan, sub, mine, as_of, done_states)
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
    value = _latest(mine, "value")
    if value is None or value.value is None:
        return False
    return compare(value.value, step.value, spec.op, _tolerance(spec))


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
    # A unit that has not reported counts 0 (SPEC §4: 0 before any entry).
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


def mean_completion(states: Iterable[TargetState]) -> float | None:
    """Roll-up: the mean completion of all targets but no_target and pending ones (SPEC §4);
    None if there are none."""
    values = [s.completion or 0.0 for s in states if s.status not in UNJUDGED]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Tally:
    """A roll-up's counts: how many of its judged targets are done (`3/7 完成`)."""

    done: int
    judged: int

    def text(self, lang: str = "zh") -> str:
        if not self.judged:
            return "—"  # nothing to finish: only no_target / pending targets
        return f"{self.done}/{self.judged} 完成" if lang == "zh" else f"{self.done}/{self.judged} done"


def tally(states: Iterable[TargetState]) -> Tally:
    """Done (on time or late) out of all targets but no_target and pending ones."""
    judged = [s for s in states if s.status not in UNJUDGED]
    return Tally(sum(1 for s in judged if s.status in DONE_STATUSES), len(judged))


def light_counts(states: Iterable[TargetState]) -> dict[Light, int]:
    """Lights of the targets that are judged and not done (SPEC §5 `summary.lights`)."""
    out = dict.fromkeys(Light, 0)
    for s in states:
        if s.status not in UNJUDGED and s.status not in DONE_STATUSES:
            out[s.light] += 1
    return out


def counts(states: Iterable[TargetState]) -> dict[Status, int]:
    out = dict.fromkeys(Status, 0)
    for s in states:
        out[s.status] += 1
    return out
