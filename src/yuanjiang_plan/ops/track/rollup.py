"""Roll-ups of many targets' states: mean completion, done out of judged, lights and statuses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .state import DONE_STATUSES, UNJUDGED, Light, Status, TargetState


def mean_completion(states: Iterable[TargetState]) -> float | None:
    """Roll-up: the mean completion of all targets but no_target and pending ones (README
    *Read the status*); None if there are none."""
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
    """Lights of the targets that are judged and not done (README *Read the status*,
    `summary.lights`)."""
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
