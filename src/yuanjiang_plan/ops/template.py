"""What a unit has to fill in for a period (`plan template`): its targets and where they stand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..core.progress import ReportEntry
from ..core.quantity import Period, format_quantity
from ..core.tree import Plan, TargetNode
from .track import evaluate


@dataclass(frozen=True)
class TemplateRow:
    node: TargetNode
    role: str  # "lead" (牵头) or "support" (配合)
    last: str | None  # the last reported standing before the period, as text
    last_period: str | None


@dataclass(frozen=True)
class Template:
    plan: Plan
    department: str
    period: Period
    rows: tuple[TemplateRow, ...]


def goal_text(node: TargetNode) -> str:
    """The target in words: `100个`, `开工→主体完工→建成通车`, `—` for actions."""
    spec = node.spec
    if isinstance(spec, MilestoneTarget):
        return "→".join(s.name for s in spec.stages)
    if isinstance(spec, QuantityTarget | LevelTarget):
        if spec.target is not None:
            return f"{spec.op} {format_quantity(spec.target, spec.unit)}".removeprefix(">= ")
        if isinstance(spec, LevelTarget) and spec.change is not None:
            return f"+{spec.change}{spec.unit}"
        return f"（未定 not set，单位 {spec.unit}）"
    return "—"


def build_template(plan: Plan, entries: Sequence[ReportEntry], department: str, period: Period,
                   support: bool = False) -> Template:
    """Targets the unit reports on (牵头; where there is no lead, 配合), with --support all it supports."""
    before = period.start - dt.timedelta(days=1)
    # The last figures of earlier periods, whenever they were filed: the clerk fills this in now.
    states = evaluate(plan, entries, before, submitted_by=dt.date.max).states
    rows = []
    for node in plan.targets.values():
        if department in node.reporters:
            role = "lead" if department in node.lead else "support"
        elif support and department in node.support:
            role = "support"
        else:
            continue
        state = states[node.id]
        last: str | None = None
        if state.last is not None:
            if state.stage is not None:
                last = state.stage
            elif state.actual is not None:
                last = format_quantity(state.actual, getattr(node.spec, "unit", None))
            elif state.done_flag:
                last = "已完成 (done)"
            elif state.last.note:
                last = state.last.note
        rows.append(TemplateRow(node, role, last, state.last.period.text if state.last else None))
    return Template(plan, department, period, tuple(rows))
