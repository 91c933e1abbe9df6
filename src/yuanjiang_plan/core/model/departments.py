"""The units a plan names: departments (牵头/配合单位) and groups of them (各区、县级市)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Model, Names

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
