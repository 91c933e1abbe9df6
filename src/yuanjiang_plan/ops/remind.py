"""The 催报 reminders (README *Reminders*): what each unit owes on the as-of date. Pure, no I/O.

One `Reminder` per unit that has something to answer for:

- reports **missing** for any owed period (deadline passed, nothing filed), with days past the
  deadline, oldest first;
- a report for the **latest** owed period that came in **late** (older late reports were already
  called out in their own month: repeating them every month is noise);
- targets it answers for (README *Encoding a real plan* reporting units) that are **overdue**, or
  **at risk** (light red or yellow, whatever the status: a target nobody started counts too), or
  **due soon** (light blue, not done).

A unit with none of these gets no message (it is listed in `RemindContent.clear`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from ..core.model import Notify
from ..core.progress import Report
from ..core.quantity import Period, period_containing
from ..core.tree import Plan, TargetNode
from .timeliness import DutyHistory, Outcome, Owed, current_streak, deadline, reporting_record
from .track import Evaluation, Light, Status, TargetState

# Statuses that never need a reminder about the target itself.
_SETTLED = frozenset({"done", "done_late", "no_target", "pending"})


@dataclass(frozen=True)
class Reminder:
    """One unit's 催报 message content."""

    unit: str
    missing: tuple[Owed, ...]  # oldest first
    late: tuple[Owed, ...]  # the latest owed period's report, filed after its deadline
    missing_streak: int  # missing reports in a row up to the latest owed period
    overdue: tuple[TargetState, ...]  # most days overdue first
    at_risk: tuple[TargetState, ...]  # furthest behind 序时进度 first
    due_soon: tuple[TargetState, ...]  # soonest due first

    @property
    def owes(self) -> bool:
        return bool(self.missing or self.late or self.overdue or self.at_risk or self.due_soon)

    def days_missing(self, owed: Owed, as_of: dt.date) -> int:
        """Days since a missing report's deadline."""
        return max(0, (as_of - owed.deadline).days)


@dataclass(frozen=True)
class RemindContent:
    plan_id: str
    plan_title: str
    office: str | None  # 专班办公室: who sends the reminders
    as_of: dt.date
    reminders: tuple[Reminder, ...]  # units that owe something, in directory order
    clear: tuple[str, ...]  # units considered that owe nothing
    next_period: Period | None  # the next report to file, and its deadline (None past the plan)
    next_deadline: dt.date | None
    due_soon_days: int = 30  # the plan's `lights.due_soon_days`: what "due soon" means


def answering_units(node: TargetNode) -> tuple[str, ...]:
    """The units that answer for a target: the ones that owe its reports (README *Encoding a real
    plan*)."""
    return node.reporters


def _settled(state: TargetState) -> bool:
    return state.status.value in _SETTLED


def _at_risk(state: TargetState) -> bool:
    return (not _settled(state) and state.status != Status.OVERDUE
            and state.light in (Light.RED, Light.YELLOW))


def _due_soon(state: TargetState) -> bool:
    return not _settled(state) and state.status != Status.OVERDUE and state.light == Light.BLUE


def build_reminders(ev: Evaluation, reports: Iterable[Report],
                    units: Collection[str] | None = None,
                    targets: Collection[str] | None = None,
                    history: DutyHistory | None = None) -> RemindContent:
    """Reminders at `ev.as_of` for `units` (default: every unit that owes reports or answers for
    a target), about `targets` (ids; default all, e.g. narrowed to one leader's)."""
    plan = ev.plan
    record = reporting_record(plan, list(reports), ev.as_of, history)
    states = [s for tid, s in ev.states.items() if targets is None or tid in targets]
    by_unit: dict[str, list[TargetState]] = {}
    for s in states:
        for u in answering_units(s.node):
            by_unit.setdefault(u, []).append(s)
    # Narrowed to some targets (one leader's), only the units answering for them are asked.
    considered = [u for u in plan.departments.names
                  if (u in by_unit or (targets is None and u in record))
                  and (units is None or u in units)]
    reminders: list[Reminder] = []
    clear: list[str] = []
    for unit in considered:
        owed = record.get(unit, [])
        missing = tuple(o for o in owed if o.outcome == Outcome.MISSING)
        late = tuple(o for o in owed[-1:] if o.outcome == Outcome.LATE)
        mine = by_unit.get(unit, [])
        overdue = sorted((s for s in mine if s.status == Status.OVERDUE),
                         key=lambda s: (-s.days_overdue, s.node.due, s.node.id))
        at_risk = sorted((s for s in mine if _at_risk(s)),
                         key=lambda s: ((s.completion or 0.0) - s.time_progress, s.node.due))
        due_soon = sorted((s for s in mine if _due_soon(s)), key=lambda s: (s.node.due, s.node.id))
        rem = Reminder(unit, missing, late, current_streak(owed), tuple(overdue), tuple(at_risk),
                       tuple(due_soon))
        if rem.owes:
            reminders.append(rem)
        else:
            clear.append(unit)
    coordination = plan.meta.coordination
    period, due = upcoming(plan, ev.as_of)
    return RemindContent(plan.meta.id, plan.meta.title,
                         coordination.office if coordination else None, ev.as_of,
                         tuple(reminders), tuple(clear), period, due,
                         plan.meta.lights.due_soon_days)


def upcoming(plan: Plan, as_of: dt.date) -> tuple[Period | None, dt.date | None]:
    """The next report due on or after `as_of` (period and deadline), within the plan's time."""
    meta = plan.meta
    period = period_containing(as_of, meta.reporting.cadence)
    previous = period_containing(period.start - dt.timedelta(days=1), meta.reporting.cadence)
    for p in (previous, period):
        due = deadline(p, meta.reporting.due_day)
        if due >= as_of and p.start <= meta.end and p.end >= meta.start:
            return p, due
    return None, None


def units_named(plan: Plan, name: str) -> tuple[str, ...] | None:
    """A unit (name, alias or code) -> itself; a group -> its members (README *Encoding a real
    plan*); None if unknown."""
    return plan.departments.expand(name)


def robots_for(plan: Plan, notify: Sequence[Notify], unit: str) -> list[Notify]:
    """The `notify` entries that name `unit` — by name, alias, code, a group it belongs to, or
    `*` — in file order."""
    out = []
    for entry in notify:
        if any(u == "*" or unit in (units_named(plan, u) or ()) for u in entry.units):
            out.append(entry)
    return out


def unknown_notify_units(plan: Plan, notify: Sequence[Notify]) -> list[str]:
    """Names in `notify` that are no unit or group of the plan (a typo would silence a group)."""
    return [u for entry in notify for u in entry.units
            if u != "*" and units_named(plan, u) is None]
