"""A filled-in sheet (as `plan template --xlsx` writes it, saved as .xlsx, .xls, .ods or .csv)
-> batches for `write`.

Problems are diagnostics located by cell: `填报.xlsx:Sheet 填报!G7: error: ...`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, error
from ..core.forms import COLUMNS, HEADER_ROW, SHEET
from ..core.model import MilestoneTarget
from ..core.quantity import PeriodError, parse_period
from ..core.tree import Plan
from ..read.sheets import Grid, column_letter, read_grid
from .record import Batch, NewEntry, check_batch, parse_value

_TRUE = {"是", "√", "✓", "y", "yes", "true", "完成", "已完成", "1"}
_FALSE = {"否", "×", "n", "no", "false", "未完成", "0"}
_SPLIT = re.compile(r"[；;\r\n]+")


@dataclass(frozen=True)
class SheetBatch:
    """One sheet's entries, with the Excel row of each entry for error messages."""

    label: str  # `填报.xlsx:Sheet 填报`
    batch: Batch
    rows: tuple[int, ...]
    columns: dict[str, str]  # field -> column letter
    skipped: int  # rows left blank


def _cell_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


_LABELS = {"department": "填报单位", "period": "报告期", "submitted": "提交日期"}
_DATE_TEXT = re.compile(r"^\s*([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?\s*$")


def _header_row(grid: Grid) -> int:
    """The row holding the column headers: row 4 as the template writes it, or the first of
    the top rows with the ID header (a CSV someone re-made may start with it)."""
    id_header = COLUMNS[0][1].split(" (")[0]
    rows: list[int] = [HEADER_ROW, *range(1, min(grid.max_row, 12) + 1)]
    for r in rows:
        if any((_cell_text(grid.cell(r, c)) or "").startswith(id_header) for c in range(1, grid.max_col + 1)):
            return r
    return HEADER_ROW


def _header_cells(grid: Grid, above: int) -> dict[str, tuple[int, int]]:
    """Where department, period and submitted are: right of their labels (B2, D2, F2 in the
    template); a re-made sheet may have moved them."""
    found = {"department": (2, 2), "period": (2, 4), "submitted": (2, 6)}
    for r in range(1, above):
        for c in range(1, grid.max_col + 1):
            text = _cell_text(grid.cell(r, c)) or ""
            for key, label in _LABELS.items():
                if text.startswith(label):
                    found[key] = (r, c + 1)
    return found


def _date(value: Any) -> dt.date | None:
    """A date as a spreadsheet or a CSV gives it: a date, 2024-11-04, 2024/11/4, 2024年11月4日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = _DATE_TEXT.match(str(value))
    if found is None:
        raise ValueError(value)
    return dt.date(*(int(g) for g in found.groups()))


def read_sheet(path: Path, display: str, plan: Plan) -> tuple[SheetBatch | None, list[Diagnostic]]:
    """Read the fill-in sheet (.xlsx, .xls, .ods or .csv); every problem is reported, not only
    the first: a bad header cell does not hide the rows' problems (issue 17)."""
    grid, problems = read_grid(path, display, SHEET)
    if grid is None:
        return None, problems
    label = grid.label
    diags: list[Diagnostic] = []

    def at(cell: str, code: str, message: str, hint: str | None = None) -> None:
        diags.append(error(f"{label}!{cell}", code, message, hint))

    def ref(where: tuple[int, int]) -> str:
        return f"{column_letter(where[1])}{where[0]}"

    header_row = _header_row(grid)
    # Columns are found by their header text, so a clerk's moved or added column still works.
    columns: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for col in range(1, grid.max_col + 1):
        head = _cell_text(grid.cell(header_row, col)) or ""
        for key, header, _ in COLUMNS:
            if head == header or head.split(" (")[0] == header.split(" (")[0]:
                columns.setdefault(key, column_letter(col))
                numbers.setdefault(key, col)
    missing_columns = False
    for key in ("id", "value", "done", "note", "evidence"):
        if key not in columns:
            missing_columns = True
            header = dict((k, h) for k, h, _ in COLUMNS)[key]
            at(f"A{header_row}", "bad-sheet", f"第 {header_row} 行缺少列“{header}” (column missing)",
               "用 plan template --xlsx 重新生成表格 (regenerate the sheet)")
    where = _header_cells(grid, header_row)
    dept_raw = _cell_text(grid.cell(*where["department"]))
    period_raw = _cell_text(grid.cell(*where["period"]))
    department = plan.departments.resolve(dept_raw) if dept_raw else None
    if department is None:
        guess = plan.departments.suggest(dept_raw) if dept_raw else None
        at(ref(where["department"]), "unknown-department", f"未知填报单位 '{dept_raw or ''}' (unknown department)",
           f"是不是 '{guess}'? (did you mean)" if guess else None)
    period = None
    try:
        period = parse_period(period_raw or "")
        if period.end < plan.meta.start or period.start > plan.meta.end:
            at(ref(where["period"]), "period-outside-plan",
               f"报告期 {period.text} 不在计划期内 (period outside the plan)")
            period = None
    except PeriodError as exc:
        at(ref(where["period"]), "bad-period", exc.message, exc.hint)
    submitted: dt.date | None = None
    raw_sub = grid.cell(*where["submitted"])
    if _cell_text(raw_sub) is not None:
        try:
            submitted = _date(raw_sub)
        except ValueError:
            at(ref(where["submitted"]), "bad-date", f"提交日期 '{raw_sub}' 无效 (bad date)",
               "写成 2024-11-05 (YYYY-MM-DD)")
    if missing_columns:
        return None, diags

    entries: list[NewEntry] = []
    rows: list[int] = []
    skipped = 0
    for r in range(header_row + 1, grid.max_row + 1):
        cells = {key: grid.cell(r, col) for key, col in numbers.items()}
        formulas = [k for k, col in numbers.items() if (r, col) in grid.formulas]
        for key in formulas:
            at(f"{columns[key]}{r}", "formula", "单元格是公式，请直接填写数值或文字 (formulas are not accepted)")
        if formulas:
            continue
        value, done, note = cells["value"], cells["done"], _cell_text(cells["note"])
        evidence = _cell_text(cells["evidence"])
        target = cells["id"]
        if all(v is None or _cell_text(v) is None for v in (value, done, note, evidence)):
            if _cell_text(target) is not None:
                skipped += 1
            continue
        if isinstance(target, float) and not target.is_integer():
            at(f"{columns['id']}{r}", "bad-id", f"指标编号 {target} 被读成了数字 (id read as a number)",
               "把编号单元格设为文本格式 (format the id cell as text)")
            continue
        tid = _cell_text(target)
        if tid is None:
            at(f"{columns['id']}{r}", "missing-key", "缺少指标编号 (missing target id)")
            continue
        parsed_value: str | int | float | None = None
        if isinstance(value, dt.date | dt.datetime | bool):
            at(f"{columns['value']}{r}", "bad-value", f"'{value}' 不是数值或阶段名 (not a value or stage)",
               "把单元格设为文本或数值格式 (format the cell as text or number)")
            continue
        if isinstance(value, int | float):
            parsed_value = int(value) if float(value).is_integer() else float(value)
        elif _cell_text(value) is not None:
            parsed_value = parse_value(str(value))
        done_flag: bool | None = None
        done_text = _cell_text(done)
        if isinstance(done, bool):
            done_flag = done
        elif done_text is not None:
            if done_text.lower() in _TRUE:
                done_flag = True
            elif done_text.lower() in _FALSE:
                done_flag = False
            else:
                at(f"{columns['done']}{r}", "bad-value", f"“是否完成”只能填 是 或 否，不是 '{done_text}' "
                                                         "(done must be 是 or 否)")
                continue
        node = plan.targets.get(tid)
        milestone = node is not None and isinstance(node.spec, MilestoneTarget)
        stage = str(parsed_value) if milestone and parsed_value is not None else None
        items = tuple(p.strip() for p in _SPLIT.split(evidence) if p.strip()) if evidence else ()
        entries.append(NewEntry(tid, None if milestone else parsed_value, stage, note, done_flag, items))
        rows.append(r)
    if department is None or period is None:
        return None, diags
    batch = Batch(department, period, tuple(entries), submitted)
    return SheetBatch(label, batch, tuple(rows), columns, skipped), diags


_FIELD_COLUMN = {"target": "id", "value": "value", "stage": "value", "done": "done", "note": "note",
                 "evidence": "evidence"}


def check_sheet(plan: Plan, sheet: SheetBatch, force: bool = False) -> list[Diagnostic]:
    """The rows checked exactly as `plan record` checks an entry, located by cell."""
    _, diags = check_batch(plan, sheet.batch, sheet.label, force=force)
    out = []
    for d in diags:
        loc = d.loc or ()
        i = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0
        field = str(loc[2]) if len(loc) > 2 else "target"
        letter = sheet.columns.get(_FIELD_COLUMN.get(field, "id"), "A")
        row = sheet.rows[i] if i < len(sheet.rows) else HEADER_ROW
        out.append(Diagnostic(f"{sheet.label}!{letter}{row}", d.severity, d.code, d.message, d.hint))
    return out
