"""A filled-in Excel sheet (as `plan template --xlsx` writes it) -> batches for `write`.

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


def read_sheet(path: Path, display: str, plan: Plan) -> tuple[SheetBatch | None, list[Diagnostic]]:
    """Read the fill-in sheet; every problem found is reported, not only the first."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        wb = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError... for non-xlsx input
        return None, [error(display, "bad-xlsx", f"无法读取 Excel 文件 (cannot read the workbook): "
                                                 f"{type(exc).__name__}",
                            "用 plan template --xlsx 生成的表格填报 (use the sheet plan template --xlsx writes)")]
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    label = f"{display}:Sheet {ws.title}"
    diags: list[Diagnostic] = []

    def at(cell: str, code: str, message: str, hint: str | None = None) -> None:
        diags.append(error(f"{label}!{cell}", code, message, hint))

    # Columns are found by their header text, so a clerk's moved or added column still works.
    columns: dict[str, str] = {}
    for col in range(1, ws.max_column + 1):
        head = _cell_text(ws.cell(HEADER_ROW, col).value) or ""
        for key, header, _ in COLUMNS:
            if head == header or head.split(" (")[0] == header.split(" (")[0]:
                columns.setdefault(key, get_column_letter(col))
    for key in ("id", "value", "done", "note", "evidence"):
        if key not in columns:
            header = dict((k, h) for k, h, _ in COLUMNS)[key]
            at(f"A{HEADER_ROW}", "bad-sheet", f"第 {HEADER_ROW} 行缺少列“{header}” (column missing)",
               "用 plan template --xlsx 重新生成表格 (regenerate the sheet)")
    dept_raw = _cell_text(ws["B2"].value)
    period_raw = _cell_text(ws["D2"].value)
    department = plan.departments.resolve(dept_raw) if dept_raw else None
    if department is None:
        guess = plan.departments.suggest(dept_raw) if dept_raw else None
        at("B2", "unknown-department", f"未知填报单位 '{dept_raw or ''}' (unknown department)",
           f"是不是 '{guess}'? (did you mean)" if guess else None)
    period = None
    try:
        period = parse_period(period_raw or "")
        if period.end < plan.meta.start or period.start > plan.meta.end:
            at("D2", "period-outside-plan", f"报告期 {period.text} 不在计划期内 (period outside the plan)")
            period = None
    except PeriodError as exc:
        at("D2", "bad-period", exc.message, exc.hint)
    submitted: dt.date | None = None
    raw_sub = ws["F2"].value
    if isinstance(raw_sub, dt.datetime):
        submitted = raw_sub.date()
    elif isinstance(raw_sub, dt.date):
        submitted = raw_sub
    elif _cell_text(raw_sub):
        try:
            submitted = dt.date.fromisoformat(str(raw_sub).strip())
        except ValueError:
            at("F2", "bad-date", f"提交日期 '{raw_sub}' 无效 (bad date)", "写成 2024-11-05 (YYYY-MM-DD)")
    if diags:
        return None, diags

    entries: list[NewEntry] = []
    rows: list[int] = []
    skipped = 0
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        cells = {key: ws[f"{letter}{r}"] for key, letter in columns.items()}
        formulas = [k for k, c in cells.items() if c.data_type == "f"]
        for key in formulas:
            at(f"{columns[key]}{r}", "formula", "单元格是公式，请直接填写数值或文字 (formulas are not accepted)")
        if formulas:
            continue
        value, done, note = cells["value"].value, cells["done"].value, _cell_text(cells["note"].value)
        evidence = _cell_text(cells["evidence"].value)
        target = cells["id"].value
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
