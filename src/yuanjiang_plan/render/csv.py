"""CSV for Excel and WPS: UTF-8 with BOM, formula-looking cells neutralised (SPEC §6).

Spreadsheet apps run a cell that starts with = + - @ (and tab, CR, full-width ＝) as a
formula — CSV injection. Such text cells get a leading apostrophe; real numbers stay numbers,
negative ones included, so sums still work.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import Any

from . import safe_text
from .formats import Tabular

BOM = "\ufeff"
# Full-width ＋ － ＠ are folded to ASCII by some spreadsheet versions: treat them alike.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
LIST_SEPARATOR = "、"


def number(value: float) -> str:
    """A number as a spreadsheet reads it back: no `.0` on whole numbers, no exponent games."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def neutralise(text: str) -> str:
    """Prefix `'` to text a spreadsheet would run as a formula; plain negative numbers pass."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    # Control characters (ESC …) shown escaped; tab and newline are data and stay.
    return neutralise(safe_text(value))


def render(data: Tabular) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = data.header()
    writer.writerow([neutralise(h) for h in header])
    for row in data.rows:
        writer.writerow([cell(row.get(key)) for key in header])
    return BOM + buffer.getvalue()
