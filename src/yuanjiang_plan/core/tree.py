"""The resolved plan: responsibility and deadlines inherited, names canonical (README *Encoding
a real plan*).

Built by the loader from the validated files; immutable afterwards and free of I/O.

Reporting units (README *Encoding a real plan*), decided here once for every target: its
`reporter`, else its first `lead` (the first-listed unit compiles the figure), plus every
`responsible` unit and every unit of its `breakdown`; where there is no lead and no responsible
unit, every `support` unit (按职能分工负责); where there is nobody, the tracking office (`Plan.office`).
Groups are expanded to their members before this; an open group (members not listed) is kept by
name for display and owes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .diagnostics import Loc
from .directory import Directory
from .model import Basis, Extension, PlanMeta, Reporting, Target
from .similar import CountTable, closest, normalise

# A target's `reporting` where nothing sets one (read/resolve.py gives every node the plan's).
DEFAULT_REPORTING = Reporting()


@dataclass(frozen=True)
class Step:
    """One step of a schedule (到2021年137个): the value to reach by `end`."""

    text: str  # as written: a period (2021, 2024-Q3) or a date
    end: dt.date
    value: float


@dataclass(frozen=True)
class Share:
    """One unit's part of a breakdown: its own figure against its own share."""

    unit: str
    share: float | str | None  # a number; a stage for a milestone; None: its own part


@dataclass(frozen=True)
class TargetNode:
    """One measurable line of the plan, with everything it inherits.

    `lead`, `support` and `responsible` hold canonical unit names with groups expanded to their
    members; an open group stays by its name (shown, owes nothing).
    """

    spec: Target
    section: str | None  # innermost section id; None for a goal (一、工作目标)
    task: str | None  # innermost task id
    lead: tuple[str, ...]
    support: tuple[str, ...]
    due: dt.date  # effective due: an approved extension replaces the original
    original_due: dt.date
    extension: Extension | None
    file: str
    loc: Loc
    responsible: tuple[str, ...] = ()  # 责任单位
    leaders: tuple[str, ...] = ()  # 责任领导: people
    reporter: str | None = None  # 汇总单位
    start: dt.date | None = None  # None: from the plan's start
    basis: Basis = "plan"
    reporting: Reporting = DEFAULT_REPORTING
    evidence_required: bool = True
    breakdown: tuple[Share, ...] = ()
    schedule: tuple[Step, ...] = ()
    # reports where the plan names nobody (README *Encoding a real plan*)
    office: str | None = None
    path: tuple[str, ...] = ()  # ancestor section and task ids, outermost first

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def label(self) -> str | None:
        return self.spec.label

    @property
    def named(self) -> str:
        """As the document names it: its own label (if any) and title (README
        *Encoding a real plan*)."""
        return f"{self.spec.label}{self.spec.title}" if self.spec.label else self.spec.title

    # Asked once per progress entry, for targets shared among hundreds of units (a province's
    # 各市州): lists are built once and deduplicated in one pass, lookups go through sets and
    # dicts (benchmarks/run.py --size province).
    @cached_property
    def involved(self) -> tuple[str, ...]:
        """Every unit that may report on the target: reporting units first, then supporters."""
        return tuple(dict.fromkeys((*self.reporters, *self.lead, *self.responsible, *self.support)))

    @cached_property
    def involved_set(self) -> frozenset[str]:
        return frozenset(self.involved)

    @cached_property
    def reporters(self) -> tuple[str, ...]:
        """Reporting units (README *Encoding a real plan*): see the module docstring; the
        tracking office where the plan names nobody."""
        own = self.named_reporters
        if not own and self.office:
            return (self.office,)
        return own

    @cached_property
    def named_reporters(self) -> tuple[str, ...]:
        """The reporting units the plan names for this target (none: the office reports it)."""
        wanted: list[Iterable[str]] = []
        lead = [u for u in self.lead if u not in self.open_groups]
        if self.reporter:
            wanted.append([self.reporter])
        elif lead:
            wanted.append(lead[:1])
        wanted.append(self.responsible)
        wanted.append(s.unit for s in self.breakdown)
        if not self.lead and not self.responsible and not self.breakdown:
            wanted.append(self.support)
        return tuple(dict.fromkeys(u for units in wanted for u in units if u not in self.open_groups))

    @cached_property
    def figure_units(self) -> tuple[str, ...]:
        """The units whose entries decide the target's own figure (issue 18): the reporter or
        first lead where there is one (it compiles; responsible units report their own part),
        else every reporting unit. Other units' entries are shown and warned about, and decide
        only where none of these has reported for a later or equal period."""
        if self.reporter or [u for u in self.lead if u not in self.open_groups]:
            return self.reporters[:1]
        return self.reporters

    open_groups: frozenset[str] = frozenset()  # names kept for display that owe nothing

    @cached_property
    def _shares(self) -> dict[str, Share]:
        shares: dict[str, Share] = {}
        for share in self.breakdown:
            shares.setdefault(share.unit, share)  # the first, as written, if a unit repeats
        return shares

    def share_of(self, unit: str) -> Share | None:
        return self._shares.get(unit)

    def part_of(self, unit: str) -> str:
        """Whose figure this unit's entry gives: "" for the target's own; the unit itself for
        its own share of a breakdown or its own part as a responsible unit that does not
        compile the figure (README *Encoding a real plan*): such figures differ from the target's
        legitimately."""
        compiler = self.reporters[:1] if (self.reporter or self.lead) else ()
        own = unit in self._shares or (unit in self.responsible and unit not in compiler)
        return unit if own else ""


@dataclass(frozen=True)
class TaskNode:
    id: str
    title: str
    text: str | None
    section: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    targets: tuple[str, ...]  # its own targets
    label: str | None = None
    tasks: tuple[str, ...] = ()  # sub-items, in document order
    parent: str | None = None  # the task holding this sub-item
    leaders: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionNode:
    id: str
    title: str
    text: str | None
    tasks: tuple[str, ...]  # its own (top-level) tasks
    label: str | None = None
    sections: tuple[str, ...] = ()  # sub-sections (also unnumbered sub-headings)
    parent: str | None = None
    depth: int = 0


@dataclass(frozen=True)
class Plan:
    meta: PlanMeta
    departments: Directory
    goals: tuple[str, ...]
    # Every section in document order, sub-sections right after their parent (`depth` > 0).
    sections: tuple[SectionNode, ...]
    tasks: dict[str, TaskNode]
    targets: dict[str, TargetNode]  # in document order: goals, then section by section
    extensions: tuple[Extension, ...] = ()
    office: str | None = None  # the tracking office (专班办公室), when there is one

    @property
    def top_sections(self) -> list[SectionNode]:
        return [s for s in self.sections if s.parent is None]

    def section(self, section_id: str) -> SectionNode | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def targets_under(self, node_id: str) -> list[str]:
        """Target ids in a section or task and all their sub-sections and sub-items, in order."""
        return self._under.get(node_id, [])

    @cached_property
    def _under(self) -> dict[str, list[str]]:
        under: dict[str, list[str]] = {}
        for tid, node in self.targets.items():
            for ancestor in node.path or tuple(x for x in (node.section, node.task) if x):
                under.setdefault(ancestor, []).append(tid)
        return under

    def label_of(self, node_id: str) -> str | None:
        """The document's own numbering of a node, if the plan gives one."""
        if node_id in self.targets:
            return self.targets[node_id].label
        if node_id in self.tasks:
            return self.tasks[node_id].label
        found = self.section(node_id)
        return found.label if found else None

    def named(self, node_id: str) -> str:
        """A node as the document names it: its own label (if any) and title, never a computed
        numbering (README *Encoding a real plan*)."""
        title = self.node_title(node_id) or node_id
        label = self.label_of(node_id)
        return f"{label}{title}" if label else title

    @cached_property
    def leaders(self) -> list[str]:
        """Every 责任领导 named on a target, in plan order."""
        out: list[str] = []
        for node in self.targets.values():
            out += [p for p in node.leaders if p not in out]
        return out

    def suggest_target(self, raw: str) -> str | None:
        found = self._folded_targets.get(normalise(raw))
        if found is not None:
            return found
        return closest(raw, self.targets, 0.6, self._target_counts)

    @cached_property
    def _target_counts(self) -> CountTable:
        return CountTable(tuple(self.targets))

    @cached_property
    def _folded_targets(self) -> dict[str, str]:
        """normalise(id) -> the first target id that folds to it, built once per plan (a
        province's 10,000 ids were folded again for every unknown id, issue 12)."""
        out: dict[str, str] = {}
        for tid in self.targets:
            out.setdefault(normalise(tid), tid)
        return out

    def suggest_node(self, raw: str) -> str | None:
        """A did-you-mean for any node: targets first, then tasks and sections."""
        guess = self.suggest_target(raw)
        if guess is None:
            nodes = sorted(set(self.tasks) | {s.id for s in self.sections})
            close = difflib.get_close_matches(raw, nodes, n=1, cutoff=0.6)
            guess = close[0] if close else None
        return guess

    def node_title(self, node_id: str) -> str | None:
        if node_id in self.targets:
            return self.targets[node_id].title
        if node_id in self.tasks:
            return self.tasks[node_id].title
        return next((s.title for s in self.sections if s.id == node_id), None)
