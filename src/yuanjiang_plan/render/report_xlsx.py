"""The 调度通报 as an Excel workbook: 总览 / 指标明细 / 逾期 / 部门.

Numbers stay numbers (completion as a 0.0% number), dates stay dates, and user text is always
stored as text: openpyxl would otherwise store a string starting with `=` as a formula, and it
refuses control characters outright.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ..core.words import Lang
from ..ops.report import ReportContent
from ..ops.track import Light, TargetState
from ..ops.trend import Point
from . import safe_text
from .data import target_goal, target_unit
from .report_text import (
    STATUS_ORDER,
    gap_points,
    label,
    note,
    rate,
    section_title,
    status_text,
    title,
    word,
)
from .table import actual_text, goal_text

# Light tints for whole rows, as supervision boards colour them (督办 traffic lights).
FILLS = {
    Light.RED: PatternFill(fill_type="solid", start_color="FFF4C7C3", end_color="FFF4C7C3"),
    Light.YELLOW: PatternFill(fill_type="solid", start_color="FFFFEB9C", end_color="FFFFEB9C"),
    Light.BLUE: PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7"),
    Light.GREEN: PatternFill(fill_type="solid", start_color="FFC6EFCE", end_color="FFC6EFCE"),
}
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFE8EAED", end_color="FFE8EAED")
PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
MAX_WIDTH = 60
# Columns of free text (titles, unit lists, notes) wrap within this width instead of widening
# the sheet: a 21-column 指标明细 then fits one A4 landscape page wide at a readable scale.
WRAP_WIDTH = 28

TOP = Alignment(vertical="top")
NONE_ROW = "无 (none)"
Cell = Any  # str | int | float | dt.date | None, or Pct(...)


class Pct(float):
    """A share 0..1 shown as a percentage."""


def display_width(text: str) -> int:
    """Columns a string takes in Excel with a Chinese font: wide and full-width count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def put(ws: Worksheet, row: int, col: int, value: Cell) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None:
        return
    if isinstance(value, Pct):
        cell.value = float(value)
        cell.number_format = PERCENT
    elif isinstance(value, bool):
        cell.value = value
    elif isinstance(value, int | float):
        cell.value = value
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE
    else:
        # Visible escapes for control characters (openpyxl raises on them), then forced to
        # text so `=cmd|...` is never stored as a formula.
        cell.value = safe_text(value)
        cell.data_type = "s"


def _shown(value: Any, number_format: str) -> str:
    """The text Excel shows for a cell, for sizing its column."""
    if number_format == PERCENT:
        return "100.0%"
    if isinstance(value, dt.date):
        return "2024-12-31"
    return str(value)


def write_table(ws: Worksheet, top: int, header: Sequence[str], rows: Sequence[Sequence[Cell]],
                lights: Sequence[Light | None] | None = None) -> None:
    """A header row at `top`, then the rows; whole rows filled by light."""
    for j, h in enumerate(header, 1):
        put(ws, top, j, h)
        cell = ws.cell(row=top, column=j)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    if not rows:
        # An empty list prints as a bare header that reads like a lost page: say so.
        put(ws, top + 1, 1, NONE_ROW)
    for i, row in enumerate(rows, 1):
        light = lights[i - 1] if lights else None
        for j, value in enumerate(row, 1):
            put(ws, top + i, j, value)
            ws.cell(row=top + i, column=j).alignment = TOP
            if light is not None:
                ws.cell(row=top + i, column=j).fill = FILLS[light]


def fit_columns(ws: Worksheet, header_row: int = 1, wrap: Sequence[int] = ()) -> None:
    """Widths from the longest shown text; columns in `wrap` (1-based) wrap at WRAP_WIDTH.

    A header is sized by its longest word-free run only where it would otherwise widen a
    narrow numeric column: headers wrap, so `完成度` over percentages stays one column wide.
    """
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is None:
                continue
            shown = _shown(cell.value, cell.number_format)
            longest = max((display_width(line) for line in shown.split("\n")), default=0)
            if cell.row == header_row:
                longest = min(longest, 8)  # headers wrap (set in write_table)
            widths[cell.column] = max(widths.get(cell.column, 0), longest)
    for col, width in widths.items():
        cap = WRAP_WIDTH if col in wrap else MAX_WIDTH
        ws.column_dimensions[get_column_letter(col)].width = min(cap, max(6, width + 2))
    for col in wrap:
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Neither LibreOffice nor Excel grows a row for wrapped text written by openpyxl: the
    # wrapped lines would be cut off on screen and on paper. Set each row's height from the
    # lines its wrapped cells need.
    wrapped = set(wrap)
    for row in ws.iter_rows(min_row=header_row):
        lines = 1
        for cell in row:
            if cell.value is None or not (cell.row == header_row or cell.column in wrapped):
                continue
            width = max(1, int(ws.column_dimensions[get_column_letter(cell.column)].width) - 1)
            shown = _shown(cell.value, cell.number_format)
            lines = max(lines, sum(-(-max(1, display_width(part)) // width)
                                   for part in shown.split("\n")))
        if lines > 1 and row[0].row is not None:
            ws.row_dimensions[row[0].row].height = 15 * lines


def page_setup(ws: Worksheet, title_rows: str | None = "1:1", title_cols: str | None = None) -> None:
    """How the sheet prints: A4 landscape, one page wide (as long as it needs), the header row
    (and the ID column) repeated on every page, gridlines on so a paper copy reads as a table."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages down as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.gridLines = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    footer = ws.oddFooter
    if footer is not None and footer.center is not None:
        footer.center.text = "&P / &N"  # page numbers on paper


def _pct(value: float | None) -> Pct | None:
    return None if value is None else Pct(value)


def _target_row(state: TargetState, lang: Lang) -> list[Cell]:
    node = state.node
    last = state.last
    return [
        node.id, node.named, node.section or "G", node.task, word(node.kind, lang),
        "、".join(node.lead), "、".join(node.support), target_goal(state), target_unit(state),
        state.actual, state.stage, _pct(state.completion), Pct(state.time_progress),
        word(state.status.value, lang), word(state.light.value, lang), node.due,
        node.original_due if node.original_due != node.due else None,
        state.days_overdue or None, state.days_late or None, last.period.text if last else None,
        last.department if last else None, note(state) or None,
    ]


def render_xlsx(content: ReportContent, lang: Lang = "zh") -> bytes:
    def L(key: str, **kw: object) -> str:
        return label(key, lang, **kw)

    wb = Workbook()
    wb.properties.creator = "plan report"
    wb.properties.title = safe_text(title(content, lang))  # written raw into docProps XML

    # 总览: headline figures, then the section -> task table.
    ws = wb.active
    assert ws is not None
    ws.title = L("sheet.overview")
    put(ws, 1, 1, title(content, lang))
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    put(ws, 2, 1, L("as_of"))
    put(ws, 2, 2, content.as_of)
    put(ws, 3, 1, L("completion"))
    put(ws, 3, 2, _pct(content.completion))
    put(ws, 4, 1, L("progress"))
    put(ws, 4, 2, Pct(content.time_progress))
    row = 6
    write_table(ws, row, [L("status"), L("count")],
                [[word(s.value, lang), content.counts[s]] for s in STATUS_ORDER])
    row += len(STATUS_ORDER) + 2
    rows: list[list[Cell]] = []
    lights: list[Light | None] = []
    for sec in content.sections:
        rows.append([sec.id, section_title(sec.id, sec.title, lang), sec.targets, _pct(sec.completion),
                     sec.tally.text(lang), Pct(sec.time_progress), word(sec.light.value, lang)])
        lights.append(sec.light)
        for task in sec.tasks:
            rows.append([task.id, task.title, task.targets, _pct(task.completion), task.tally.text(lang),
                         Pct(task.time_progress), word(task.light.value, lang)])
            lights.append(task.light)
    write_table(ws, row, [L("id"), L("section"), L("targets"), L("completion"), L("tally"), L("progress"),
                          L("light")], rows, lights)
    ws.freeze_panes = "A2"
    fit_columns(ws, header_row=2, wrap=[2])
    page_setup(ws, title_rows=None)

    # 指标明细: every target, one row, filled by its light.
    ws = wb.create_sheet(L("sheet.targets"))
    states = list(content.states)
    write_table(ws, 1, [L("id"), L("target"), "部分", "任务", "类型", L("lead"), "配合单位", L("goal"),
                        "计量单位", L("actual"), "阶段", L("completion"), L("progress"), L("status"),
                        L("light"), L("due"), L("original_due"), L("days_overdue"), "逾期完成天数", "最近报告期",
                        "最近报告单位", L("latest")],
                [_target_row(s, lang) for s in states], [s.light for s in states])
    ws.freeze_panes = "C2"
    fit_columns(ws, wrap=[2, 6, 7, 11, 22])
    page_setup(ws, title_cols="A:A")

    # 逾期: overdue targets, most days first.
    ws = wb.create_sheet(L("sheet.overdue"))
    write_table(ws, 1, [L("id"), L("target"), L("lead"), L("due"), L("original_due"), L("days_overdue"),
                        L("completion"), L("latest")],
                [[s.node.id, s.node.named, "、".join(s.node.reporters), s.node.due,
                  s.node.original_due if s.node.original_due != s.node.due else None, s.days_overdue,
                  _pct(s.completion), note(s) or None] for s in content.overdue],
                [s.light for s in content.overdue])
    ws.freeze_panes = "A2"
    fit_columns(ws, wrap=[2, 3, 8])
    page_setup(ws, title_cols="A:A")

    # 滞后: at risk, and not started with a red or yellow light (README *Read the status*), furthest
    # behind first.
    ws = wb.create_sheet(L("sheet.at_risk"))
    write_table(ws, 1, [L("id"), L("target"), L("lead"), L("goal"), L("actual"), L("completion"),
                        L("progress"), L("gap"), L("status")],
                [[s.node.id, s.node.named, "、".join(s.node.reporters), goal_text(s, lang),
                  actual_text(s, lang), _pct(s.completion),
                  None if s.node.kind == "level" else Pct(s.time_progress), gap_points(s),
                  status_text(s, lang)] for s in content.at_risk],
                [s.light for s in content.at_risk])
    ws.freeze_panes = "A2"
    fit_columns(ws, wrap=[2, 3])
    page_setup(ws, title_cols="A:A")

    # 部门: the scorecards, weakest first, with reporting timeliness.
    ws = wb.create_sheet(L("sheet.depts"))
    depts = content.departments
    write_table(ws, 1, [L("rank"), L("unit"), L("led"), word("done", lang), word("done_late", lang),
                        word("overdue", lang), word("at_risk", lang), L("completion"), L("tally"),
                        L("reports_due"), L("on_time"), L("late"),
                        L("missing"), L("on_time_rate"), "连续未报", "未报期"],
                [[i, d.name, d.led, d.done, d.done_late, d.overdue, d.at_risk, _pct(d.completion),
                  f"{d.done_total}/{d.judged}", d.reports_due,
                  d.on_time, d.late, d.missing, _pct(rate(d.on_time, d.reports_due)), d.missing_streak,
                  "、".join(o.period.text for o in d.record if o.outcome == "missing") or None]
                 for i, d in enumerate(depts, 1)],
                [_dept_light(d.overdue, d.missing_streak, d.missing, d.at_risk) for d in depts])
    ws.freeze_panes = "C2"
    fit_columns(ws, wrap=[2, 14])
    page_setup(ws)

    _trend_sheet(wb.create_sheet(L("sheet.trend")), content, lang)

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _dept_light(overdue: int, streak: int, missing: int, at_risk: int) -> Light:
    if overdue or streak >= 2:
        return Light.RED
    if missing or at_risk:
        return Light.YELLOW
    return Light.GREEN



def _trend_sheet(ws: Worksheet, content: ReportContent, lang: Lang) -> None:
    """趋势: one column per period's end (then the as-of date); per section its completion and
    序时进度, per overdue or at-risk target with entries its figure and completion, and the
    序时进度 of each of their due dates."""
    def L(key: str) -> str:
        return label(key, lang)

    labels = [p.label for p in next(iter(content.section_trends.values()), ())]
    rows: list[list[Cell]] = []
    lights: list[Light | None] = []
    for sec in content.sections:
        points = content.section_trends.get(sec.id, ())
        name = section_title(sec.id, sec.title, lang)
        rows.append([L("trend.section"), sec.id, name, L("completion"),
                     *(_pct(p.completion) for p in points)])
        rows.append([L("trend.section"), sec.id, name, L("progress"),
                     *(Pct(p.time_progress) for p in points)])
        lights += [sec.light, sec.light]
    # Targets: the figure and the completion; 序时进度 depends only on the due date (and the
    # plan's start), so it is one row per due date rather than one per target.
    dues: dict[str, tuple[Point, ...]] = {}
    for s in [*content.overdue, *content.at_risk]:
        tpoints = content.target_trends.get(s.node.id, ())
        if not tpoints:
            continue  # nothing reported yet: no series to show
        unit = target_unit(s)
        figure = L("actual") + (f"（{unit}）" if unit else "")
        rows.append([L("trend.target"), s.node.id, s.node.named, figure,
                     *(p.stage if p.stage is not None else p.actual for p in tpoints)])
        rows.append([L("trend.target"), s.node.id, s.node.named, L("completion"),
                     *(_pct(p.completion) for p in tpoints)])
        lights += [s.light] * 2
        dues.setdefault(s.node.due.isoformat(), tpoints)
    for due, tpoints in sorted(dues.items()):
        rows.append([L("trend.target"), None, f"{L('due')} {due}", L("progress"),
                     *(Pct(p.time_progress) for p in tpoints)])
        lights.append(None)
    write_table(ws, 1, [L("trend.kind"), L("id"), L("target"), L("trend.measure"), *labels],
                rows, lights)
    ws.freeze_panes = "E2"
    fit_columns(ws, wrap=[3])
    page_setup(ws, title_cols="A:D")
