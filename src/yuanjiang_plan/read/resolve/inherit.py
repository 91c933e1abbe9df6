"""What a node inherits from its ancestors (section -> sub-section -> task -> sub-item ->
target), and how its own values replace theirs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ...core.diagnostics import Loc
from ...core.model import (
    Basis,
    EvidenceRule,
    NodeReporting,
    Reporting,
    Section,
    Target,
    Task,
    when_end,
    when_start,
)
from ...core.tree import DEFAULT_REPORTING
from .units import UnitNames


@dataclass(frozen=True)
class Context:
    """What a node inherits from its ancestors."""

    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    reporter: str | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    basis: Basis = "plan"
    reporting: Reporting = DEFAULT_REPORTING
    evidence: EvidenceRule | None = None
    path: tuple[str, ...] = ()
    section: str | None = None
    task: str | None = None


_KEEP: Any = object()  # `inherit`'s path, section and task: the context's own


def inherit(names: UnitNames, node: Section | Task | Target, ctx: Context, rel: str,
            loc: Loc, path: tuple[str, ...] = _KEEP, section: str | None = _KEEP,
            task: str | None = _KEEP) -> Context:
    """`ctx` with what `node` sets itself: its own value replaces the inherited one (and
    `path`, `section`, `task` where given). Built whole, not by `dataclasses.replace`, which
    costs three times as much (22,000 contexts for a province's plan)."""
    lead = names.units(node.lead, rel, (*loc, "lead"))
    support = names.units(node.support, rel, (*loc, "support"))
    responsible = names.units(node.responsible, rel, (*loc, "responsible"))
    leaders = names.people(node.leaders, rel, (*loc, "leaders"))
    reporter = names.one_unit(node.reporter, rel, (*loc, "reporter"))
    return Context(
        lead=ctx.lead if lead is None else lead,
        support=ctx.support if support is None else support,
        responsible=ctx.responsible if responsible is None else responsible,
        leaders=ctx.leaders if leaders is None else leaders,
        # A reporter belongs with the lead units it compiles for: a node naming new leads
        # and no reporter starts again from its first lead.
        reporter=reporter if node.reporter is not None else (None if lead is not None else ctx.reporter),
        start=when_start(node.start) or ctx.start,
        due=when_end(node.due) or ctx.due,
        basis=node.basis or ctx.basis,
        reporting=_merge_reporting(ctx.reporting, node.reporting),
        evidence=node.evidence or ctx.evidence,
        path=ctx.path if path is _KEEP else path,
        section=ctx.section if section is _KEEP else section,
        task=ctx.task if task is _KEEP else task,
    )


def _merge_reporting(base: Reporting, own: NodeReporting | None) -> Reporting:
    if own is None:
        return base
    return Reporting(
        cadence=own.cadence or base.cadence,
        due_day=own.due_day if own.due_day is not None else base.due_day,
        due_in=own.due_in or base.due_in,
    )
