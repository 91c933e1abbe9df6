"""What clerks send back: a filled-in sheet as .xlsx, .xls, .ods or .csv -> one grid of cells.

One reader (python-calamine, Rust's calamine) for the three spreadsheet formats, the csv module
for CSV. Cells are addressed as Excel does (row 1, column A), whatever the format, so every
diagnostic points at the cell the clerk sees. Issue 17: a sheet saved as .xls, .ods or .csv was
refused with a Python exception's name and no advice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, error

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
READABLE = (*SPREADSHEETS, ".csv")
SAVE_AS = "请另存为 .xlsx (save as .xlsx)"
# Excel in China saves "CSV (逗号分隔)" in the ANSI code page, GBK; GB18030 is its superset.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_CELL_REF = re.compile(r'<c r="([A-Z]+)([0-9]+)"[^>]*?>\s*<f[ >/]')


@dataclass(frozen=True)
class Grid:
    """One sheet's cells; `cell(row, col)` is 1-based like Excel, None where empty."""

    label: str  # `填报.xlsx:Sheet 填报`
    rows: tuple[tuple[Any, ...], ...]
    formulas: frozenset[tuple[int, int]] = field(default=frozenset())  # (row, col) holding a formula

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_col(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, col: int) -> Any:
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            value = self.rows[row - 1][col - 1]
            return None if value == "" else value
        return None


def column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


def read_grid(path: Path, display: str, sheet: str) -> tuple[Grid | None, list[Diagnostic]]:
    """The sheet named `sheet` (else the first) of a spreadsheet, or a CSV file's one table."""
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        return None, [error(display, "unsupported-file",
                            f"不能读取 {suffix or '无扩展名'} 文件 (cannot read this kind of file)",
                            f"{SAVE_AS}，或 .xls、.ods、.csv (or .xls, .ods, .csv)")]
    if suffix == ".csv":
        return _read_csv(path, display)
    return _read_spreadsheet(path, display, sheet, suffix)


def _read_spreadsheet(path: Path, display: str, sheet: str, suffix: str) -> tuple[Grid | None, list[Diagnostic]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = sheet if sheet in wb.sheet_names else wb.sheet_names[0]
        ws = wb.get_sheet_by_name(name)
        values = ws.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError, IndexError) as exc:
        # calamine's errors name the format's internals (ZipError, XmlError): the clerk needs advice.
        return None, [error(display, "bad-xlsx",
                            f"无法读取表格文件，可能已损坏或不是 {suffix} 格式 (cannot read the workbook: "
                            f"{type(exc).__name__})",
                            f"用 Excel 或 WPS 打开后{SAVE_AS}")]
    rows = tuple(tuple(_plain(v) for v in row) for row in values)
    formulas = _xlsx_formulas(path, wb.sheet_names.index(name)) if suffix in (".xlsx", ".xlsm") else frozenset()
    return Grid(f"{display}:Sheet {name}", rows, formulas), []


def _plain(value: Any) -> Any:
    """calamine's cell values as the importer expects them: datetimes at midnight are dates."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def _xlsx_formulas(path: Path, index: int) -> frozenset[tuple[int, int]]:
    """Cells holding a formula in an .xlsx (calamine gives only their cached values).

    A formula typed by mistake (`=桥面铺装完成`) has no sensible value: it is refused by cell, as
    before. The sheet part is found by position, as workbooks written by Excel, WPS, LibreOffice
    and openpyxl number them.
    """
    try:
        with zipfile.ZipFile(path) as z:
            names = sorted((n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet[0-9]+\.xml", n)),
                           key=lambda n: int(re.sub(r"\D", "", n)))
            if index >= len(names):
                return frozenset()
            xml = z.read(names[index]).decode("utf-8", errors="replace")
    except (OSError, zipfile.BadZipFile, KeyError):
        return frozenset()
    return frozenset((int(row), _column_number(col)) for col, row in _CELL_REF.findall(xml))


def _read_csv(path: Path, display: str) -> tuple[Grid | None, list[Diagnostic]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [error(display, "bad-xlsx", f"无法读取文件 (cannot read the file): {exc.strerror}")]
    text = None
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        return None, [error(display, "bad-encoding", "CSV 文件的编码无法识别 (unknown text encoding)",
                            f"{SAVE_AS}，或另存为“CSV UTF-8” (or save as CSV UTF-8)")]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = tuple(tuple(cell.strip() for cell in row)
                     for row in csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as exc:
        return None, [error(display, "bad-csv", f"CSV 格式错误 (malformed CSV): {exc}", SAVE_AS)]
    return Grid(f"{display}:Sheet csv", rows), []
