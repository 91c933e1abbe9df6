"""What a draft holds: the plan's structure as read from its document (README *Drafting a plan from
its document*); no I/O.

Every node carries `todos`: (field, reason) pairs the renderer writes as
`# TODO 请核对: reason` on that field's line, so nothing uncertain is guessed silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["quantity", "level", "milestone", "action"]
Qualifier = Literal["at_least", "about", "strive", "at_most", "same_pace"]
Number = int | float
# A document block: a paragraph's text, or a table as rows of cell texts.
Block = str | tuple[tuple[str, ...], ...]


@dataclass
class Todos:
    """Reasons to check, keyed by the field they concern ("" = the node itself)."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, fieldname: str, reason: str) -> None:
        if (fieldname, reason) not in self.items:
            self.items.append((fieldname, reason))

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class Roles:
    """责任领导 / 牵头 / 责任 / 配合 as the document names them for one node."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    # True when the document wrote a responsibility clause (even one naming only 按职能分工负责).
    stated: bool = False

    def merge(self, other: Roles) -> None:
        for mine, theirs in ((self.lead, other.lead), (self.responsible, other.responsible),
                             (self.support, other.support), (self.leaders, other.leaders)):
            mine.extend(x for x in theirs if x not in mine)
        self.stated = self.stated or other.stated

    def units(self) -> list[str]:
        return [*self.lead, *self.responsible, *self.support]


@dataclass
class TargetDraft:
    id: str
    title: str
    kind: Kind
    text: str
    label: str | None = None
    target: Number | None = None
    change: Number | None = None
    unit: str | None = None
    op: str | None = None
    qualifier: Qualifier | None = None
    wording: str | None = None
    stages: list[str] = field(default_factory=list)
    due: str | None = None
    schedule: dict[str, Number] = field(default_factory=dict)
    # 其中A区30个、B区70个: each unit's share of the target
    breakdown: dict[str, Number] = field(default_factory=dict)
    basis: Literal["year"] | None = None
    ref: str | None = None
    # the title was only the figure (到2025年底，达到90%): it continues the indicator before it
    continues: bool = False
    roles: Roles = field(default_factory=Roles)
    todos: Todos = field(default_factory=Todos)


@dataclass
class TaskDraft:
    id: str
    title: str
    label: str | None = None
    text: str | None = None
    roles: Roles = field(default_factory=Roles)
    due: str | None = None
    targets: list[TargetDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    todos: Todos = field(default_factory=Todos)


@dataclass
class SectionDraft:
    id: str
    title: str
    label: str | None = None
    text: str | None = None
    roles: Roles = field(default_factory=Roles)
    due: str | None = None
    sections: list[SectionDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    todos: Todos = field(default_factory=Todos)
    # the top-level heading this section was found under, when that heading was dropped
    parent_heading: str | None = None


@dataclass
class Unit:
    """A department (or, with `group`, an open group such as 各街道) for departments.yaml."""

    name: str
    aliases: list[str] = field(default_factory=list)
    group: bool = False
    todos: Todos = field(default_factory=Todos)


@dataclass
class CoordinationDraft:
    """The 工作专班 of 推进机制."""

    name: str
    text: str
    convener: str | None = None
    deputies: list[str] = field(default_factory=list)
    office: str | None = None
    duty: str | None = None
    members: list[str] = field(default_factory=list)
    todos: Todos = field(default_factory=Todos)


@dataclass
class MetaDraft:
    id: str
    title: str | None = None
    issuer: list[str] = field(default_factory=list)
    number: str | None = None  # 文号
    published: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    text: str | None = None
    # 报送要求 as written (每月25日前报送): (cadence, due_day, due_in)
    reporting: tuple[str, int, str] | None = None
    todos: Todos = field(default_factory=Todos)


@dataclass
class Draft:
    meta: MetaDraft
    goals: list[TargetDraft] = field(default_factory=list)
    goals_heading: str | None = None
    sections: list[SectionDraft] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    coordination: CoordinationDraft | None = None

    def all_targets(self) -> list[TargetDraft]:
        found = list(self.goals)

        def walk_task(task: TaskDraft) -> None:
            found.extend(task.targets)
            for sub in task.tasks:
                walk_task(sub)

        def walk(section: SectionDraft) -> None:
            for sub in section.sections:
                walk(sub)
            for task in section.tasks:
                walk_task(task)

        for s in self.sections:
            walk(s)
        return found

    def all_tasks(self) -> list[TaskDraft]:
        found: list[TaskDraft] = []

        def walk_task(task: TaskDraft) -> None:
            found.append(task)
            for sub in task.tasks:
                walk_task(sub)

        def walk(section: SectionDraft) -> None:
            for sub in section.sections:
                walk(sub)
            for task in section.tasks:
                walk_task(task)

        for s in self.sections:
            walk(s)
        return found
