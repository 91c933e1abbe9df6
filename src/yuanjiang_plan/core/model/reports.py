"""A unit's report (`progress/**/*.yaml`, README *Add a report*): its header and its entries."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from .base import Model, Names, NodeId, Number


class Entry(Model):
    """One line of a unit's report about one target."""

    target: NodeId
    # A number in the target's unit, or a Chinese quantity string ("4.5万亩").
    value: Number | str | None = None
    stage: str | None = None
    note: str | None = None
    done: bool | None = None
    # action / milestone: the unit's own estimate of the work done, 0-100 (完成60%, README
    # *Add a report*)
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
