"""`plan status` in every format: the table (compact or wide), JSON, CSV and Markdown."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType

from ..ops.track import Evaluation, TargetState
from .data import TARGET_FIELDS, status_document, target_row
from .flat import row_formats
from .formats import Context
from .json import dumps
from .table import status_view


@dataclass(frozen=True)
class StatusInput:
    """What every status renderer is given: the evaluation and the targets the filters chose."""

    ev: Evaluation
    states: list[TargetState]
    wide: bool = False


def table(s: StatusInput, ctx: Context) -> RenderableType:
    return status_view(s.ev, s.states, ctx.lang, ctx.width, s.wide)


def json(s: StatusInput, ctx: Context) -> str:
    return dumps(status_document(s.ev, s.states))


_FLAT = row_formats(TARGET_FIELDS)


def csv(s: StatusInput, ctx: Context) -> str | RenderableType:
    return _FLAT["csv"]([target_row(x) for x in s.states], ctx)


def markdown(s: StatusInput, ctx: Context) -> str | RenderableType:
    return _FLAT["markdown"]([target_row(x) for x in s.states], ctx)


FORMATS = {"table": table, "json": json, "csv": csv, "markdown": markdown}
