"""Pydantic models of plan and progress files (SPEC §2, §3); no I/O here.

The models describe files exactly as users write them. Inheritance of responsibility and
deadlines, alias resolution and cross-file checks happen later (``load`` and ``checks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)


def _id_text(value: Any) -> Any:
    """Accept unquoted integer IDs (``id: 1``) as their text; floats are ambiguous (1.10)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError(f"编号 {value!r} 被读成了数字，请加引号，如 '{value}' "
                         "(the ID was read as a number: quote it)")
    return value


def _str_list(value: Any) -> Any:
    """A single name may be written without brackets."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


NodeId = Annotated[str, BeforeValidator(_id_text), Field(min_length=1, max_length=64)]
Names = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_str_list)]
Number = StrictInt | StrictFloat


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True, strict=False
    )


# ---------------------------------------------------------------- departments


class Department(Model):
    """A unit named in the document (牵头/配合单位, 专班成员)."""

    name: str = Field(min_length=1)
    full_name: str | None = None
    aliases: Names = []
    code: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")] | None = None
    note: str | None = None


# ---------------------------------------------------------------- plan metadata


class Reporting(Model):
    cadence: Literal["monthly", "quarterly"] = "monthly"
    due_day: int = Field(default=5, ge=1, le=28)


class Lights(Model):
    """督办 traffic-light thresholds, in percentage points and days (SPEC §4)."""

    red_gap: float = Field(default=30, ge=0, le=100)
    yellow_gap: float = Field(default=10, ge=0, le=100)
    due_soon_days: int = Field(default=30, ge=0)


class Coordination(Model):
    """The 工作专班 of 三、推进机制."""

    name: str
    convener: str | None = None
    deputies: Names = []
    office: str
    duty: str | None = None
    members: Names = []
    text: str | None = None


# ---------------------------------------------------------------- the tree

Qualifier = Literal["at_least", "about", "strive", "at_most", "same_pace"]
Op = Literal[">=", ">", "<=", "<"]


class Node(Model):
    id: NodeId
    title: str = Field(min_length=1)
    text: str | None = None
    # None = inherit from the parent; [] = explicitly nobody (按职能分工负责).
    lead: Names | None = None
    support: Names | None = None
    due: dt.date | None = None


class TargetBase(Node):
    qualifier: Qualifier | None = None
    # Relative tolerance for `about` / `same_pace` (0.05 = 5%).
    tolerance: float | None = Field(default=None, ge=0, le=1)
    note: str | None = None


class QuantityTarget(TargetBase):
    """A cumulative amount; progress `value` is the year-to-date total."""

    kind: Literal["quantity"]
    target: Number | None
    unit: str = Field(min_length=1)
    op: Op = ">="
    baseline: Number | None = None


class LevelTarget(TargetBase):
    """A measured level (growth %, concentration); the latest value counts."""

    kind: Literal["level"]
    target: Number | None = None
    change: Number | None = None
    baseline: Number | None = None
    ref: NodeId | None = None
    unit: str = Field(min_length=1)
    op: Op = ">="

    @model_validator(mode="after")
    def _one_way_to_say_the_target(self) -> LevelTarget:
        if self.ref is not None and (self.target is not None or self.change is not None):
            raise ValueError("a level target uses either `ref` or `target`/`change`, not both")
        if self.target is not None and self.change is not None:
            raise ValueError("give `target` (absolute) or `change` + `baseline`, not both")
        return self


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


class ActionTarget(TargetBase):
    """Qualitative work with no number (落实十年禁渔); entries carry notes and may set done."""

    kind: Literal["action"]


Target = Annotated[
    QuantityTarget | LevelTarget | MilestoneTarget | ActionTarget,
    Field(discriminator="kind"),
]


class Task(Node):
    targets: list[Target] = Field(min_length=1)


class Section(Node):
    tasks: list[Task] = Field(min_length=1)


class Extension(Model):
    """An approved deadline extension (延期)."""

    target: NodeId
    due: dt.date
    approved_by: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    date: dt.date


# ---------------------------------------------------------------- plan files


class TreeFile(Model):
    """Any plan file may carry part of the tree; lists concatenate in file-name order."""

    goals: list[Target] = []
    sections: list[Section] = []


class PlanMeta(TreeFile):
    """`plan/plan.yaml`."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    issuer: str | None = None
    published: dt.date | None = None
    start: dt.date
    end: dt.date
    text: str | None = None
    reporting: Reporting = Reporting()
    lights: Lights = Lights()
    coordination: Coordination | None = None

    @model_validator(mode="after")
    def _start_before_end(self) -> PlanMeta:
        if self.end < self.start:
            raise ValueError("`end` is before `start`")
        return self


class DepartmentsFile(TreeFile):
    """`plan/departments.yaml`."""

    departments: list[Department] = Field(min_length=1)


class ExtensionsFile(Model):
    """`plan/extensions.yaml`."""

    extensions: list[Extension] = []


# ---------------------------------------------------------------- progress


class Entry(Model):
    """One line of a unit's report about one target."""

    target: NodeId
    # A number in the target's unit, or a Chinese quantity string ("4.5万亩").
    value: Number | str | None = None
    stage: str | None = None
    note: str | None = None
    done: bool | None = None
    # A factory, not `= []`: pydantic deep-copies a mutable default for every entry (~8% of
    # loading 240k entries, issue 7); the schema still shows the default.
    evidence: Names = Field(default_factory=list, json_schema_extra={"default": []})

    @model_validator(mode="after")
    def _says_something(self) -> Entry:
        if self.value is None and self.stage is None and self.note is None and self.done is None:
            raise ValueError("an entry needs `value`, `stage`, `note` or `done`")
        return self


def _period_text(value: Any) -> Any:
    """`period: 2024` is read by YAML as an integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


class ProgressHeader(Model):
    """A progress file with its entries left unchecked, so one bad entry hides no other."""

    department: str = Field(min_length=1)
    period: Annotated[str, BeforeValidator(_period_text)]
    submitted: dt.date | None = None
    entries: list[Any] = Field(min_length=1)


class ProgressFile(ProgressHeader):
    """`progress/**/*.yaml`: one unit's report for one period."""

    entries: list[Entry] = Field(min_length=1)
