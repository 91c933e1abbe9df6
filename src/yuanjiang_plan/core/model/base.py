"""The shared pieces of the file models: how IDs, names, dates and periods are read, and
the `Model` base every file model derives from.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt

from ..quantity import PeriodError, parse_period


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


def when_value(value: Any) -> Any:
    """A date, or a period meaning its last (for `due`) or first (for `start`) day.

    `due: 2024-10` (10月底前), `2024-Q3`, `2024-H1`, `2024` (README *Encoding a real plan*); YAML
    reads `2024` as an integer and `2024-10-31` as a date. Periods are kept as their canonical
    text.
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


# The length bounds before the BeforeValidator: pydantic-core then checks them on the string
# itself; after it, pydantic checks them in Python on every ID (~5% of loading a report).
NodeId = Annotated[str, Field(min_length=1, max_length=64), BeforeValidator(_id_text)]
Names = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_str_list)]
Number = StrictInt | StrictFloat
# A date or a period text (`2024-10`, `2024-Q3`, `2024-H1`, `2024`): README *Encoding a
# real plan*.
When = Annotated[dt.date | str, BeforeValidator(when_value)]
Cadence = Literal["monthly", "quarterly", "half-yearly", "yearly"]
Basis = Literal["plan", "year"]
EvidenceRule = Literal["required", "optional"]


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True, strict=False
    )
