"""What the engine answers: a target's status and light on the as-of date (README *Read the
status*)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ...core.progress import ReportEntry
from ...core.tree import Plan, Share, Step, TargetNode


class Status(StrEnum):
    """The statuses (README *Read the status*), in the order the rules apply: the first that
    applies is a target's status."""

    NO_TARGET = "no_target"
    PENDING = "pending"  # its `start` is after the as-of date (README *Encoding a real plan*)
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


DONE_STATUSES = frozenset({Status.DONE, Status.DONE_LATE})
# Not judged: no number to reach, or not begun yet. They stay out of every roll-up (README
# *Read the status*).
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
    # the schedule step judged now (README *Encoding a real plan*), if any
    step: Step | None = None
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
        """Counted in roll-ups: everything but no_target and pending (README *Read the
        status*)."""
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
