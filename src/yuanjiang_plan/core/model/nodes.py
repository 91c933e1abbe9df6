"""The plan's tree as written: sections, tasks and targets of each kind (README *Encoding a real
plan*)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from ..quantity import parse_period
from .base import Basis, EvidenceRule, Model, Names, NodeId, Number, When, when_value
from .meta import NodeReporting

Qualifier = Literal["at_least", "about", "strive", "at_most", "same_pace"]
Op = Literal[">=", ">", "<=", "<"]


class Node(Model):
    id: NodeId
    # The document's own numbering (（七）, 5., 一), shown wherever the node is named (README
    # *Encoding a real plan*).
    label: str | None = None
    title: str = Field(min_length=1)
    text: str | None = None
    # None = inherit from the parent; [] = explicitly nobody (按职能分工负责).
    lead: Names | None = None  # 牵头单位
    support: Names | None = None  # 配合单位
    responsible: Names | None = None  # 责任单位: do the work, report their own part
    leaders: Names | None = None  # 责任领导 / 分管领导: people, never departments
    reporter: str | None = Field(default=None, min_length=1)  # 汇总单位 when several lead
    start: When | None = None
    due: When | None = None
    basis: Basis | None = None
    reporting: NodeReporting | None = None
    evidence: EvidenceRule | None = None


def _schedule_keys(value: Any) -> Any:
    """Schedule keys as YAML gives them (2021, 2024-06-30, '2024-Q3') -> canonical text."""
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for key, v in value.items():
        when = when_value(key)
        out[when.isoformat() if isinstance(when, dt.date) else when] = v
    return out


def _is_iso(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-"


def _check_schedule(value: dict[str, Any]) -> dict[str, Any]:
    ends = [parse_period(k).end if not _is_iso(k) else dt.date.fromisoformat(k) for k in value]
    if ends != sorted(ends) or len(set(ends)) != len(ends):
        raise ValueError("schedule 的节点须按时间先后排列且不重复 (schedule steps must be in time order)")
    return value


Schedule = Annotated[dict[str, Number], BeforeValidator(_schedule_keys), AfterValidator(_check_schedule)]
Breakdown = Annotated[dict[Annotated[str, Field(min_length=1)], Number | str | None], Field(min_length=1)]


class TargetBase(Node):
    qualifier: Qualifier | None = None
    # The document's phrase for the goal (不少于100名, 控制在4.5%以内), shown instead of a symbol.
    wording: str | None = None
    # Relative tolerance for `about` / `same_pace` (0.05 = 5%).
    tolerance: float | None = Field(default=None, ge=0, le=1)
    note: str | None = None
    # Per-unit shares (README *Encoding a real plan*): unit or group -> its share (a number; a
    # stage for a milestone; null for an action or "its own part").
    breakdown: Breakdown | None = None


class QuantityTarget(TargetBase):
    """A cumulative amount; progress `value` is the year-to-date total."""

    kind: Literal["quantity"]
    # Omitted: the last schedule step, else the sum of the breakdown's shares (README
    # *Encoding a real plan*).
    target: Number | None = None
    unit: str = Field(min_length=1)
    op: Op = ">="
    baseline: Number | None = None
    schedule: Schedule | None = None

    @model_validator(mode="after")
    def _numeric_shares(self) -> QuantityTarget:
        _numeric_breakdown(self.breakdown)
        return self


class LevelTarget(TargetBase):
    """A measured level (growth %, concentration); the latest value counts."""

    kind: Literal["level"]
    target: Number | None = None
    change: Number | None = None
    baseline: Number | None = None
    ref: NodeId | None = None
    unit: str = Field(min_length=1)
    op: Op = ">="
    schedule: Schedule | None = None

    @model_validator(mode="after")
    def _one_way_to_say_the_target(self) -> LevelTarget:
        if self.ref is not None and (self.target is not None or self.change is not None):
            raise ValueError("a level target uses either `ref` or `target`/`change`, not both")
        if self.target is not None and self.change is not None:
            raise ValueError("give `target` (absolute) or `change` + `baseline`, not both")
        _numeric_breakdown(self.breakdown)
        return self


def _numeric_breakdown(breakdown: dict[str, Any] | None) -> None:
    for unit, share in (breakdown or {}).items():
        if share is not None and not isinstance(share, int | float):
            raise ValueError(f"breakdown 中 {unit} 的份额应为数字 (a share must be a number)")


class Stage(Model):
    name: str = Field(min_length=1)
    due: dt.date | None = None


def _stage_list(value: Any) -> Any:
    if isinstance(value, list):
        return [{"name": v} if isinstance(v, str) else v for v in value]
    return value


class MilestoneTarget(TargetBase):
    """Ordered stages (开工 → 主体完工 → 投入使用); progress names the stage reached."""

    kind: Literal["milestone"]
    stages: Annotated[list[Stage], BeforeValidator(_stage_list), Field(min_length=1)]

    @field_validator("stages")
    @classmethod
    def _unique_stage_names(cls, stages: list[Stage]) -> list[Stage]:
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise ValueError("stage names must be unique")
        return stages

    @model_validator(mode="after")
    def _shares_are_stages(self) -> MilestoneTarget:
        names = [s.name for s in self.stages]
        for unit, share in (self.breakdown or {}).items():
            if share is not None and share not in names:
                raise ValueError(f"breakdown 中 {unit} 的份额应为阶段名称之一：{'、'.join(names)} "
                                 "(a milestone share is one of its stages)")
        return self


class ActionTarget(TargetBase):
    """Qualitative work with no number (落实十年禁渔); entries carry notes and may set done."""

    kind: Literal["action"]


Target = Annotated[
    QuantityTarget | LevelTarget | MilestoneTarget | ActionTarget,
    Field(discriminator="kind"),
]


class Task(Node):
    """A task (任务, 1. 2. …); may hold sub-items (`tasks`) as well as its targets."""

    targets: list[Target] = []
    tasks: list[Task] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Task:
        if not self.targets and not self.tasks:
            raise ValueError("任务至少要有一个指标或子任务 (a task needs `targets` or `tasks`)")
        return self


class Section(Node):
    """A section (（一）…) or an unnumbered sub-heading; may hold sub-sections."""

    tasks: list[Task] = []
    sections: list[Section] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not self.tasks and not self.sections:
            raise ValueError("部分至少要有一个任务或子部分 (a section needs `tasks` or `sections`)")
        return self
