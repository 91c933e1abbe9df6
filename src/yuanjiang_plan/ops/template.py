"""What a unit has to fill in for a period (`plan template`): its targets and where they stand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import LevelTarget, MilestoneTarget, QuantityTarget
from ..core.progress import ReportEntry
from ..core.quantity import Period, format_quantity
from ..core.tree import Plan, TargetNode
from .timeliness import own_state
from .track import evaluate


@dataclass(frozen=True)
class TemplateRow:
    node: TargetNode
    role: str  # "lead" (牵头), "responsible" (责任单位), "share" (分解), "support" (配合)
    last: str | None  # the last reported standing before the period, as text
    last_period: str | None
    goal: str = ""  # what this unit reports against: the target, or its own share
    basis: str | None = None  # a quantity's "plan" (计划期累计) or "year" (年初至今)


def basis_words(row: TemplateRow, start: dt.date) -> str:
    """What a quantity's figure counts, in the clerk's words (README *Encoding a real plan*
    `basis`)."""
    if row.basis == "year":
        return "本年1月1日起累计数（年初至今）"
    begins = row.node.start or start
    return f"自{begins.year}年{begins.month}月{begins.day}日起累计数（计划期累计）"


@dataclass(frozen=True)
class Template:
    plan: Plan
    department: str
    period: Period
    rows: tuple[TemplateRow, ...]


def goal_text(node: TargetNode) -> str:
    """The target in words: `100个`, `开工→主体完工→建成通车`, `—` for actions."""
    spec = node.spec
    if spec.wording:
        return spec.wording
    if isinstance(spec, MilestoneTarget):
        return "→".join(s.name for s in spec.stages)
    if isinstance(spec, QuantityTarget | LevelTarget):
        if spec.target is not None:
            return f"{spec.op} {format_quantity(spec.target, spec.unit)}".removeprefix(">= ")
        if isinstance(spec, LevelTarget) and spec.change is not None:
            return f"+{spec.change}{spec.unit}"
        return f"（未定 not set，单位 {spec.unit}）"
    return "—"


_CADENCE_KIND = {"monthly": "month", "quarterly": "quarter", "half-yearly": "half", "yearly": "year"}


def share_text(node: TargetNode, share: float | str | None) -> str:
    """A unit's own share of a breakdown, in words."""
    spec = node.spec
    if share is None:
        return "本单位任务 (its own part)"
    if isinstance(share, str):
        return share
    if isinstance(spec, QuantityTarget | LevelTarget):
        amount = format_quantity(share, spec.unit)
        return amount if spec.op == ">=" else f"{spec.op} {amount}"
    return str(share)


def build_template(plan: Plan, entries: Sequence[ReportEntry], department: str, period: Period,
                   support: bool = False) -> Template:
    """Targets the unit reports on (牵头; where there is no lead, 配合), with --support all it supports."""
    before = period.start - dt.timedelta(days=1)
    # The last figures of earlier periods, whenever they were filed: the clerk fills this in now.
    states = evaluate(plan, entries, before, submitted_by=dt.date.max).states
    rows = []
    for node in plan.targets.values():
        if node.reporting.cadence != plan.meta.reporting.cadence \
                and _CADENCE_KIND[node.reporting.cadence] != period.kind:
            continue  # reported with another cadence (GDP quarterly, 粮食产量 yearly)
        share = node.share_of(department)
        if department in node.reporters:
            role = ("lead" if department in node.lead else "share" if share is not None
                    else "responsible" if department in node.responsible else "support")
        elif support and department in node.support:
            role = "support"
        else:
            continue
        state = own_state(states[node.id], department)
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
        goal = goal_text(node) if share is None else share_text(node, share.share)
        basis = node.basis if isinstance(node.spec, QuantityTarget) else None
        rows.append(TemplateRow(node, role, last, state.last.period.text if state.last else None,
                                goal, basis))
    return Template(plan, department, period, tuple(rows))
