"""CSV for Excel and WPS: UTF-8 with BOM, formula-looking cells neutralised (README *Bad input and
limits*).

Spreadsheet apps run a cell that starts with = + - @ (and tab, CR, full-width ＝) as a
formula — CSV injection. Such text cells get a leading apostrophe; real numbers stay numbers,
negative ones included, so sums still work.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from . import safe_text

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
    if isinstance(value, list | tuple | dict):
        value = joined(value)
    # Control characters (ESC …) shown escaped; tab and newline are data and stay.
    return neutralise(safe_text(value))


def joined(value: Any) -> str:
    """Lists in one cell: items joined with 、, nested lists with ；, mappings as k=v."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "，".join(f"{k}={joined(v)}" for k, v in value.items() if v is not None)
    if isinstance(value, list | tuple):
        sep = "；" if any(isinstance(v, list | tuple | dict) for v in value) else LIST_SEPARATOR
        return sep.join(joined(v) for v in value)
    if isinstance(value, float):
        return number(value)
    return str(value)


def columns_of(rows: Sequence[dict[str, Any]], columns: Sequence[str] = ()) -> list[str]:
    """The header: given columns first, then any other key of the rows in first-seen order."""
    seen: dict[str, None] = dict.fromkeys(columns)
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str] = ()) -> str:
    """Rows as CSV text for Excel/WPS (BOM, CRLF); the header is the rows' keys."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = columns_of(rows, columns)
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([cell(row.get(key)) for key in header])
    return BOM + buffer.getvalue()
