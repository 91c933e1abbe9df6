"""A plan's settings: when reports are due, the traffic-light thresholds, the 工作专班."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Cadence, Model, Names


class Reporting(Model):
    """When reports are due (README, "Encoding a real plan"): `due_day` of the month after the
    period (`next`) or of the period's own last month (`same`: 每月28日前报送). A day past a
    short month's end means its last day."""

    cadence: Cadence = "monthly"
    due_day: int = Field(default=5, ge=1, le=31)
    due_in: Literal["next", "same"] = "next"


class NodeReporting(Model):
    """`reporting` on a node: overrides the plan's (or the parent's) field by field."""

    cadence: Cadence | None = None
    due_day: int | None = Field(default=None, ge=1, le=31)
    due_in: Literal["next", "same"] | None = None


class Lights(Model):
    """督办 traffic-light thresholds, in percentage points and days (README, "Read the status")."""

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
