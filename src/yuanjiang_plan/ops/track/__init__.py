"""Plan + progress + as-of date -> statuses, lights and roll-ups (README *Read the status*).
Pure, no I/O.

`evaluate` (engine.py) judges every target: rules.py holds the status rules for one target,
schedule.py version 2's around them (README *Encoding a real plan*), measure.py the arithmetic,
state.py the answers and rollup.py the sums over many targets.
"""

from .engine import evaluate
from .measure import DEFAULT_TOLERANCE, compare, time_progress
from .rollup import Tally, counts, light_counts, mean_completion, tally
from .state import (
    DONE_STATUSES,
    UNJUDGED,
    Evaluation,
    Light,
    Status,
    TargetState,
    UnitState,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "DONE_STATUSES",
    "UNJUDGED",
    "Evaluation",
    "Light",
    "Status",
    "Tally",
    "TargetState",
    "UnitState",
    "compare",
    "counts",
    "evaluate",
    "light_counts",
    "mean_completion",
    "tally",
    "time_progress",
]
