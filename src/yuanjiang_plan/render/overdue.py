"""`plan overdue`: overdue (and at-risk) targets as rows; one renderer per format."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.quantity import format_quantity
from ..core.words import t
from ..ops.track import TargetState
from . import pct, status_word, unit_lines
from .data import TARGET_FIELDS, target_row
from .flat import row_formats
from .formats import Context, Renderer, Rows
from .json import dumps
from .terminal import cell

LIGHT_STYLE = {"red": "bold red", "yellow": "yellow", "blue": "cyan", "green": "green"}


def overdue_row(state: TargetState) -> dict[str, Any]:
    """A `plan status` target row, plus the original due beside an approved extension (延期)."""
    node = state.node
    return {**target_row(state),
            "original_due": node.original_due.isoformat() if node.extension else None}


def due_text(row: dict[str, Any], ctx: Context) -> str:
    """The due date, with the original beside it when an extension (延期) moved it."""
    due = str(row["due"])
    if row.get("original_due"):
        due += "\n(" + t("was_due", ctx.lang, date=row["original_due"]) + ")"
    return due


def last_text(row: dict[str, Any]) -> str:
    if not row.get("last_period"):
        return "—"
    return f"{row['last_period']} {row['last_department']}"


def _actual(row: dict[str, Any]) -> str:
    if row["stage"]:
        return str(row["stage"])
    if row["actual"] is not None:
        return format_quantity(row["actual"], row["unit"])
    return "—"


def table(rows: Rows, ctx: Context) -> RenderableType:
    lang = ctx.lang
    key = "title.overdue_risk" if "at_risk" in ctx.options else "title.overdue"
    title = cell(t(key, lang, title=ctx.plan_title, as_of=ctx.as_of), "bold")
    if not rows:
        return Group(title, Text(t("overdue_none", lang)))
    wide = ctx.width >= 110
    tab = Table(box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True, pad_edge=False,
                show_edge=False)
    tab.add_column(t("col.id", lang), no_wrap=True)
    tab.add_column(t("col.title", lang), overflow="fold", min_width=10)
    tab.add_column(t("col.lead", lang), overflow="fold", max_width=12)
    if wide:
        tab.add_column(t("col.actual", lang), overflow="fold", justify="right", max_width=12)
    tab.add_column(t("col.completion", lang), no_wrap=True, justify="right")
    tab.add_column(t("col.light", lang), no_wrap=True)  # the light as a word: colour alone is lost in a pipe
    tab.add_column(t("col.status", lang), no_wrap=True)
    tab.add_column(t("col.due", lang), no_wrap=True)
    tab.add_column(t("col.last", lang), overflow="fold", max_width=16 if wide else 12)
    for row in rows:
        label = status_word(row, lang)
        cells: list[RenderableType] = [
            row["id"],
            (row.get("label") or "") + row["title"],
            unit_lines(row["lead"] or row["support"]),
        ]
        if wide:
            cells.append(_actual(row))
        cells += [
            pct(row["completion"]) if row["completion"] is not None else "—",
            Text(t(f"light.{row['light']}", lang), style=LIGHT_STYLE.get(row["light"], "")),
            Text(label, style=LIGHT_STYLE.get(row["light"], "")),
            due_text(row, ctx),
            last_text(row),
        ]
        tab.add_row(*cells)
    overdue = sum(1 for r in rows if r["status"] == "overdue")
    footer = Text(t("overdue_count", lang, overdue=overdue, at_risk=len(rows) - overdue))
    return Group(title, tab, footer)


def json(rows: Rows, ctx: Context) -> str:
    return dumps(rows)


OVERDUE_FIELDS = (*TARGET_FIELDS, "original_due")
FORMATS: dict[str, Renderer] = {"table": table, "json": json, **row_formats(OVERDUE_FIELDS)}
