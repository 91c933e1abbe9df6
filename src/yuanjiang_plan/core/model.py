"""Pydantic models of plan and progress files (SPEC §2, §3); no I/O here.

The models describe files exactly as users write them. Inheritance of responsibility and
deadlines, alias resolution and cross-file checks happen later (``load`` and ``checks``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    field_validator,
    model_validator,
)

from .quantity import PeriodError, parse_period


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


def when_end(when: dt.date | str | None) -> dt.date | None:
    """The last day a `When` covers: a date itself, or a period's last day (10月底前)."""
    if when is None or isinstance(when, dt.date):
        return when
    return parse_period(when).end


def when_start(when: dt.date | str | None) -> dt.date | None:
    """The first day a `When` covers: a date itself, or a period's first day."""
    if when is None or isinstance(when, dt.date):
        return when
    return parse_period(when).start


def _when(value: Any) -> Any:
    """A date, or a period meaning its last (for `due`) or first (for `start`) day.

    `due: 2024-10` (10月底前), `2024-Q3`, `2024-H1`, `2024` (SPEC §2a); YAML reads `2024` as an
    integer and `2024-10-31` as a date. Periods are kept as their canonical text.
    """
    if isinstance(value, bool) or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            return parse_period(value).text
        except PeriodError:
            pass
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' 不是日期或报告期，写成 2024-10-31、2024-10、2024-Q3、2024-H1 或 2024 "
                             "(not a date or a period)") from None
    return value


NodeId = Annotated[str, BeforeValidator(_id_text), Field(min_length=1, max_length=64)]
Names = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_str_list)]
Number = StrictInt | StrictFloat
# A date or a period text (`2024-10`, `2024-Q3`, `2024-H1`, `2024`): SPEC §2a.
When = Annotated[dt.date | str, BeforeValidator(_when)]
Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]
Basis = Literal["plan", "year"]
EvidenceRule = Literal["required", "optional"]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True, strict=False
    )


# ---------------------------------------------------------------- departments


# A GitHub/GitLab account (`@name` or `name`), a team or subgroup (`@org/team`), or an e-mail.
Owner = Annotated[str, Field(pattern=r"^(@?[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)*|[^@\s]+@[^@\s]+\.[^@\s]+)$")]


class Department(Model):
    """A unit named in the document (牵头/配合单位, 专班成员)."""

    name: str = Field(min_length=1)
    full_name: str | None = None
    aliases: Names = []
    code: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")] | None = None
    note: str | None = None
    # Git-host accounts that file this unit's reports (`@zhangsan`, a team `@org/team`, or an
    # e-mail): `plan codeowners` writes them into CODEOWNERS, validate warns when someone else
    # committed the unit's report (issue 18).
    owners: list[Owner] = []


class Group(Model):
    """Several units named as one (各区、县级市; 各街道): each member owes its own reports.

    `members` omitted: the document does not list them (各有关单位); shown as written, owes
    nothing, and warned about (`open-group`).
    """

    name: str = Field(min_length=1)
    aliases: Names = []
    members: Names | None = None
    note: str | None = None


# ---------------------------------------------------------------- plan metadata


class Reporting(Model):
    """When reports are due (SPEC §2, §2a): `due_day` of the month after the period (`next`) or
    of the period's own last month (`same`: 每月28日前报送). A day past a short month's end means
    its last day."""

    cadence: Cadence = "monthly"
    due_day: int = Field(default=5, ge=1, le=31)
    due_in: Literal["next", "same"] = "next"


class NodeReporting(Model):
    """`reporting` on a node: overrides the plan's (or the parent's) field by field."""

    cadence: Cadence | None = None
    due_day: int | None = Field(default=None, ge=1, le=31)
    due_in: Literal["next", "same"] | None = None


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
    # The document's own numbering (（七）, 5., 一), shown wherever the node is named (SPEC §2a).
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
        when = _when(key)
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
    # Per-unit shares (SPEC §2a): unit or group -> its share (a number; a stage for a
    # milestone; null for an action or "its own part").
    breakdown: Breakdown | None = None


class QuantityTarget(TargetBase):
    """A cumulative amount; progress `value` is the year-to-date total."""

    kind: Literal["quantity"]
    # Omitted: the last schedule step, else the sum of the breakdown's shares (SPEC §2a).
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


EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class Notify(Model):
    """A group robot that gets the 催报 of some units (SPEC §8, `plan remind --send`).

    Credentials are never in the file: `url_env` / `secret_env` name environment variables
    (a WeCom or DingTalk webhook URL carries its key, so prefer `url_env` to `url`).
    """

    name: str | None = None
    units: Names = Field(min_length=1)  # units or groups; "*" = every unit
    type: Literal["wecom", "dingtalk", "feishu"]
    url: str | None = Field(default=None, pattern=r"^https?://")
    url_env: EnvName | None = None
    secret_env: EnvName | None = None  # DingTalk 加签 / Feishu 签名校验
    format: Literal["text", "markdown"] = "text"

    @model_validator(mode="after")
    def _consistent(self) -> Notify:
        if (self.url is None) == (self.url_env is None):
            raise ValueError("give exactly one of `url` and `url_env` (给出 url 或 url_env 之一)")
        if self.type == "wecom" and self.secret_env:
            raise ValueError("WeCom robots are not signed: drop `secret_env` (企业微信机器人无加签)")
        if self.type == "feishu" and self.format == "markdown":
            raise ValueError("Feishu robots take `format: text` here (飞书机器人用 text)")
        return self


class PlanMeta(TreeFile):
    """`plan/plan.yaml`."""

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    issuer: str | list[Annotated[str, Field(min_length=1)]] | None = None  # 联合印发: several
    number: str | None = None  # 文号, e.g. 鞍立政发〔2023〕2号
    published: dt.date | None = None
    # Optional in the file (SPEC §2a): defaults to `published` (see `_default_start`).
    start: dt.date
    end: dt.date
    text: str | None = None
    reporting: Reporting = Reporting()
    basis: Basis = "plan"
    evidence: EvidenceRule | None = None
    lights: Lights = Lights()
    coordination: Coordination | None = None
    notify: list[Notify] = []
    # Reports brought into git on or before this day were imported (a repository started after
    # the fact): their commits are no evidence of when they were filed, so `submitted:` stands
    # and edits are not late (issue 18). Commits after it are checked.
    imported_until: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_start(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("start") is None and data.get("published") is not None:
            published = data["published"]
            # A copy, not the same object: a YAML dump of the model would write an alias.
            if isinstance(published, dt.date):
                published = dt.date.fromordinal(published.toordinal())
            return {**data, "start": published}
        return data

    @model_validator(mode="after")
    def _start_before_end(self) -> PlanMeta:
        if self.end < self.start:
            raise ValueError("`end` is before `start`")
        return self

    @property
    def issuers(self) -> list[str]:
        if self.issuer is None:
            return []
        return [self.issuer] if isinstance(self.issuer, str) else list(self.issuer)


class DepartmentsFile(TreeFile):
    """`plan/departments.yaml`."""

    # May be empty: some documents name no unit at all (SPEC §2a `no-responsible-unit`).
    departments: list[Department] = []
    groups: list[Group] = []


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
    # action / milestone: the unit's own estimate of the work done, 0-100 (完成60%, SPEC §3)
    percent: Number | None = Field(default=None, ge=0, le=100)
    # A factory, not `= []`: pydantic deep-copies a mutable default for every entry (~8% of
    # loading 240k entries, issue 7); the schema still shows the default.
    evidence: Names = Field(default_factory=list, json_schema_extra={"default": []})

    @model_validator(mode="after")
    def _says_something(self) -> Entry:
        if self.value is None and self.stage is None and self.note is None and self.done is None \
                and self.percent is None:
            raise ValueError("an entry needs `value`, `stage`, `note`, `done` or `percent`")
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
