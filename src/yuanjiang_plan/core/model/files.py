"""The plan's files (`plan/*.yaml`): the tree's parts, the metadata, units, extensions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from .base import Basis, EvidenceRule, Model, Names, NodeId
from .departments import Department, Group
from .meta import Coordination, Lights, Reporting
from .nodes import Section, Target


class Extension(Model):
    """An approved deadline extension (延期)."""

    target: NodeId
    due: dt.date
    approved_by: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    date: dt.date


class TreeFile(Model):
    """Any plan file may carry part of the tree; lists concatenate in file-name order."""

    goals: list[Target] = []
    sections: list[Section] = []


EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


class Notify(Model):
    """A group robot that gets the 催报 of some units (README, "Reminders"; `plan remind --send`).

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
    # Optional in the file (README *Encoding a real plan*): defaults to `published` (see
    # `_default_start`).
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

    # May be empty: some documents name no unit at all (README *Encoding a real
    # plan*, `no-responsible-unit`).
    departments: list[Department] = []
    groups: list[Group] = []


class ExtensionsFile(Model):
    """`plan/extensions.yaml`."""

    extensions: list[Extension] = []
