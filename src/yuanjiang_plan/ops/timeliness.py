"""Reporting timeliness and the per-department scorecard (红黑榜), README *Supervision*. Pure, no I/O.

API (kept small and stable; the monthly report reuses it):

- ``deadline(period, due_day)`` -> the day a period's report is due: the ``due_day``-th day of
  the month after the period ends (2024-09, due_day 5 -> 2024-10-05).
- ``owed_by_unit(plan, as_of)`` -> per reporting unit, the periods whose deadline has passed by
  ``as_of`` (deadline < as_of: a report is still on time on the deadline day itself).
- ``reporting_record(plan, reports, as_of)`` -> ``{unit: [Owed, ...]}``, one ``Owed`` per unit
  per owed period, oldest first, for every unit that owes reports.
- ``missing_runs(record)`` -> runs of 2+ consecutive missing reports (called out by name).
- ``scorecards(ev, reports, targets=None)`` -> ``[Scorecard, ...]``, weakest first; ``Scorecard.as_dict()``
  gives the README *Supervision* JSON fields in order, then extras.

Rules (documented choices where README *Supervision* is silent):

- Who owes: every unit in a target's ``reporters`` — the lead units (牵头), or every supporting
  unit where the document names no lead (按职能分工负责). One report per unit per period,
  however many targets it carries.
- Which periods: the plan-cadence periods from the plan's ``start`` to its ``end``, except a
  first period that began before the plan did (a plan issued on 06-27 owes no June report: it
  did not exist for that month).
- Which report counts: a file of that unit whose ``period`` is exactly that period. A longer
  period covering it (a quarterly report against a monthly cadence) does not count for a month:
  the plan's cadence is the duty, and counting one file for three months would hide two missing
  ones. If a unit filed two reports for one period, the earliest submitted counts.
- Replaying the past: a report ``submitted`` after ``as_of`` did not exist yet, so at ``as_of``
  it is ``missing`` (later it becomes ``late``). The answers for a past date stay what they were.
- Unknown ``submitted`` (no date in the file, not in git): the file exists, so the report is
  counted ``on_time`` — we cannot prove it late and never guess from mtimes — and ``Owed.dated``
  is False so views can mark it.
- Outcomes: ``on_time`` (submitted on or before the deadline), ``late`` (after it), ``missing``.
- Weakest first: most overdue targets, then most missing reports, then the longest current run
  of missing reports, then lowest mean completion (no measurable target sorts after any number),
  then most at-risk targets, then most late reports, then name.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..core.model import Reporting
from ..core.progress import Report
from ..core.quantity import Period, periods_between
from ..core.tree import Plan
from .track import Evaluation, Status, TargetState, mean_completion


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class Owed:
    """One report a unit owed for one period, and what became of it by the as-of date."""

    department: str
    period: Period
    deadline: dt.date
    outcome: Outcome
    submitted: dt.date | None  # None when missing, or when the date is unknown
    file: str | None  # the report that counted; None when missing
    submitted_from: str = ""  # "file" | "git" | "unknown"; "" when missing

    @property
    def dated(self) -> bool:
        """False for a report whose submission date is unknown (counted on time)."""
        return self.outcome == Outcome.MISSING or self.submitted is not None

    @property
    def days_late(self) -> int:
        if self.outcome != Outcome.LATE or self.submitted is None:
            return 0
        return (self.submitted - self.deadline).days


def deadline(period: Period, due_day: int, due_in: str = "next") -> dt.date:
    """The day a period's report is due: `due_day` of the month after the period ends, or of
    the period's own last month with `due_in: same` (每月28日前); a day past a month's end is
    its last day."""
    month = period.end if due_in == "same" else period.end + dt.timedelta(days=1)
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=min(due_day, last))


def _owed(rule: Reporting, begins: dt.date, ends: dt.date, plan_start: dt.date,
          as_of: dt.date) -> list[tuple[Period, dt.date]]:
    periods = periods_between(begins, ends, rule.cadence)
    out = []
    for p in periods:
        # A period that began before the plan (or the target) did is not owed: it did not
        # exist for all of it.
        if p.start < max(begins, plan_start):
            continue
        due = deadline(p, rule.due_day, rule.due_in)
        if due < as_of:
            out.append((p, due))
    return out


def owed_by_unit(plan: Plan, as_of: dt.date) -> dict[str, dict[str, tuple[Period, dt.date]]]:
    """unit -> {period text: (period, deadline)}: what each reporting unit owes by `as_of`.

    A unit owes a report for a period when any target it reports on (README *Encoding a real plan*)
    has that period in its cadence (`reporting` on the node, else the plan's); a target owes nothing
    for the time before its `start`. Two targets asking for one period: the earlier deadline counts.
    """
    meta = plan.meta
    cache: dict[tuple[Reporting, dt.date], list[tuple[Period, dt.date]]] = {}
    owed: dict[str, dict[str, tuple[Period, dt.date]]] = {}
    for node in plan.targets.values():
        begins = max(meta.start, node.start or meta.start)
        key = (node.reporting, begins)
        if key not in cache:
            cache[key] = _owed(node.reporting, begins, meta.end, meta.start, as_of)
        for unit in node.reporters:
            mine = owed.setdefault(unit, {})
            for p, due in cache[key]:
                known = mine.get(p.text)
                if known is None or due < known[1]:
                    mine[p.text] = (p, due)
    return owed


Duty = dict[str, dict[str, tuple[Period, dt.date]]]  # unit -> {period text: (period, deadline)}


@dataclass(frozen=True)
class DutyHistory:
    """Who owed which report under each version of the plan (README *Supervision*, responsibility
    over time).

    `versions`: (the day a version of `plan/` was committed, what it made each unit owe), oldest
    first. The plan in force at a deadline is the last version committed on or before it; after
    the last commit, and before the first (or outside git), it is the current plan: `current`.
    """

    versions: tuple[tuple[dt.date, Duty], ...]
    current: Duty

    def at(self, day: dt.date) -> Duty:
        """The duties of the plan as committed on `day`."""
        chosen: int | None = None
        for i, (since, _) in enumerate(self.versions):
            if since > day:
                break
            chosen = i
        if chosen is None or chosen == len(self.versions) - 1:
            return self.current  # before the first commit, or since the last: the plan as it is
        return self.versions[chosen][1]


def duties(plan: Plan) -> Duty:
    """Every report the plan makes each unit owe, whatever the as-of date (see `owed_by_unit`)."""
    return owed_by_unit(plan, dt.date.max)


def owed_over_time(plan: Plan, as_of: dt.date, history: DutyHistory | None) -> Duty:
    """`owed_by_unit`, each period's duty decided by the plan as committed at its deadline."""
    if history is None:
        return owed_by_unit(plan, as_of)
    owed: Duty = {}
    for duty in {id(d): d for d in (history.current, *(d for _, d in history.versions))}.values():
        for unit, periods in duty.items():
            for text, (p, due) in periods.items():
                if due < as_of and history.at(due) is duty:
                    owed.setdefault(unit, {})[text] = (p, due)
    return owed


def reporters(plan: Plan) -> list[str]:
    """Units that owe reports, in department-directory order."""
    owing = {u for node in plan.targets.values() for u in node.reporters}
    return [u for u in plan.departments.names if u in owing]


def reporting_record(plan: Plan, reports: Iterable[Report], as_of: dt.date,
                     history: DutyHistory | None = None) -> dict[str, list[Owed]]:
    """Every owed report by unit, each with its outcome at `as_of`; with `history`, a period
    is owed by whoever the plan committed at its deadline made responsible (README
    *Supervision*)."""
    owed = owed_over_time(plan, as_of, history)
    filed: dict[tuple[str, str], Report] = {}
    for r in reports:
        if r.submitted is not None and r.submitted > as_of:
            continue  # not yet submitted on the as-of date
        key = (r.department, r.period.text)
        known = filed.get(key)
        if known is None or _earlier(r, known):
            filed[key] = r
    record: dict[str, list[Owed]] = {}
    units = reporters(plan)
    units += sorted(u for u in owed if u not in units)  # owed under an earlier plan only
    for unit in units:
        rows = []
        for p, due in sorted(owed.get(unit, {}).values(), key=lambda pd: (pd[1], pd[0])):
            got = filed.get((unit, p.text))
            if got is None:
                rows.append(Owed(unit, p, due, Outcome.MISSING, None, None))
            elif got.submitted is not None and got.submitted > due:
                rows.append(Owed(unit, p, due, Outcome.LATE, got.submitted, got.file, got.submitted_from))
            else:
                rows.append(Owed(unit, p, due, Outcome.ON_TIME, got.submitted, got.file,
                                 got.submitted_from))
        record[unit] = rows
    return record


def _earlier(a: Report, b: Report) -> bool:
    """Does `a` count before `b`? Dated before undated, then earliest, then file name."""
    ka = (a.submitted is None, a.submitted or dt.date.max, a.file)
    kb = (b.submitted is None, b.submitted or dt.date.max, b.file)
    return ka < kb


def missing_runs(record: Sequence[Owed]) -> list[list[Owed]]:
    """Runs of two or more consecutive missing reports, oldest first."""
    runs: list[list[Owed]] = []
    current: list[Owed] = []
    for owed in [*record, None]:
        if owed is not None and owed.outcome == Outcome.MISSING:
            current.append(owed)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = []
    return runs


def current_streak(record: Sequence[Owed]) -> int:
    """Missing reports in a row up to the latest owed period."""
    n = 0
    for owed in reversed(record):
        if owed.outcome != Outcome.MISSING:
            break
        n += 1
    return n


@dataclass(frozen=True)
class Scorecard:
    """One unit's line on the 红黑榜."""

    name: str
    led: int  # targets it answers for: 牵头, or jointly where the document names no lead
    supported: int  # targets it only supports (配合)
    done: int
    on_track: int
    at_risk: int
    overdue: int
    not_started: int
    no_target: int
    completion: float | None  # mean completion of the led targets
    record: tuple[Owed, ...]
    done_late: int = 0  # met after the due (逾期完成); not also counted in `done`
    pending: int = 0

    @property
    def judged(self) -> int:
        """Led targets counted in the completion: all but no_target and pending (README
        *Supervision*)."""
        return self.led - self.no_target - self.pending

    @property
    def done_total(self) -> int:
        """Done on time or late: the `3/7 完成` beside the completion."""
        return self.done + self.done_late

    def _count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.record if o.outcome == outcome)

    @property
    def reports_due(self) -> int:
        return len(self.record)

    @property
    def on_time(self) -> int:
        return self._count(Outcome.ON_TIME)

    @property
    def late(self) -> int:
        return self._count(Outcome.LATE)

    @property
    def missing(self) -> int:
        return self._count(Outcome.MISSING)

    @property
    def missing_streak(self) -> int:
        return current_streak(self.record)

    @property
    def missing_runs(self) -> list[list[str]]:
        """Periods of each run of 2+ missing reports in a row, e.g. [['2024-08', '2024-09']]."""
        return [[o.period.text for o in run] for run in missing_runs(self.record)]

    def weakness(self) -> tuple[Any, ...]:
        """Sort key: weakest first (see the module docstring)."""
        completion = self.completion if self.completion is not None else 2.0
        return (-self.overdue, -self.missing, -self.missing_streak, completion, -self.at_risk,
                -self.late, self.name)

    def as_dict(self) -> dict[str, Any]:
        """README *Supervision* fields first, in order; extras after."""
        return {
            "name": self.name,
            "led": self.led,
            "done": self.done,
            "overdue": self.overdue,
            "at_risk": self.at_risk,
            "completion": None if self.completion is None else round(self.completion, 4),
            "reports_due": self.reports_due,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "supported": self.supported,
            "on_track": self.on_track,
            "not_started": self.not_started,
            "no_target": self.no_target,
            "done_late": self.done_late,
            "pending": self.pending,
            "judged": self.judged,
            "done_total": self.done_total,
            "missing_streak": self.missing_streak,
            "missing_runs": self.missing_runs,
        }


def scorecards(ev: Evaluation, reports: Iterable[Report],
               targets: Collection[str] | None = None, history: DutyHistory | None = None) -> list[Scorecard]:
    """One scorecard per unit that leads or supports any target, weakest first.

    `targets` (ids) narrows the targets counted, e.g. to one section; the reporting record
    is the unit's whole record either way (a report covers all its targets).
    """
    plan = ev.plan
    record = reporting_record(plan, reports, ev.as_of, history)
    states = [s for tid, s in ev.states.items() if targets is None or tid in targets]
    cards = []
    for unit in plan.departments.names:
        # A unit of a breakdown is scored on its own share (README *Encoding a real plan*), not the
        # whole target.
        led = [own_state(s, unit) for s in states if unit in s.node.reporters]
        supported = [s for s in states if unit in s.node.involved and unit not in s.node.reporters]
        if not led and not supported:
            continue
        cards.append(_card(unit, led, supported, tuple(record.get(unit, ()))))
    answering = {u for node in plan.targets.values() for u in (*node.reporters, *node.involved)}
    for unit, rows in record.items():  # owed reports under an earlier plan, no target now
        if rows and unit not in answering:
            cards.append(Scorecard(unit, 0, 0, 0, 0, 0, 0, 0, 0, None, tuple(rows)))
    return sorted(cards, key=Scorecard.weakness)


def own_state(state: TargetState, unit: str) -> TargetState:
    """A target's state as one unit answers for it: its share's state in a breakdown."""
    return next((u.state for u in state.units if u.unit == unit), state)


def _card(name: str, led: list[TargetState], supported: list[TargetState],
          record: tuple[Owed, ...]) -> Scorecard:
    by_status = dict.fromkeys(Status, 0)
    for s in led:
        by_status[s.status] += 1
    return Scorecard(
        name, len(led), len(supported), by_status[Status.DONE], by_status[Status.ON_TRACK],
        by_status[Status.AT_RISK], by_status[Status.OVERDUE], by_status[Status.NOT_STARTED],
        by_status[Status.NO_TARGET], mean_completion(led), record,
        by_status[Status.DONE_LATE], by_status[Status.PENDING],
    )


def leader_scorecards(ev: Evaluation, targets: Collection[str] | None = None) -> list[Scorecard]:
    """`plan depts --by leader`: one scorecard per 责任领导 over the targets they answer for
    (leaders file no reports: their reporting columns stay 0), weakest first."""
    states = [s for tid, s in ev.states.items() if targets is None or tid in targets]
    cards = []
    for person in ev.plan.leaders:
        mine = [s for s in states if person in s.node.leaders]
        if mine:
            cards.append(_card(person, mine, [], ()))
    return sorted(cards, key=Scorecard.weakness)
