"""Markdown tables: every cell escaped so user text cannot break the table or inject markup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from . import safe_text
from .csv import columns_of, joined


def escape(text: str) -> str:
    """One table cell: `|` and `\\` escaped, newlines as <br>, HTML-ish and link syntax inert."""
    text = safe_text(text)
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]").replace("`", "\\`")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.replace("\n", "<br>")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list | tuple | dict):
        return escape(joined(value))
    return escape(str(value))


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: set[int] | None = None) -> list[str]:
    """Lines of a GitHub-flavoured table; columns in `numeric` right-aligned."""
    numeric = numeric or set()
    lines = ["| " + " | ".join(escape(h) for h in header) + " |",
             "|" + "|".join("---:" if i in numeric else "---" for i in range(len(header))) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell(v) for v in row) + " |")
    return lines


def render(rows_in: Sequence[dict[str, Any]], columns: Sequence[str] = (), title: str | None = None) -> str:
    """Rows as one Markdown table (numbers right-aligned); the header is the rows' keys."""
    header = columns_of(rows_in, columns)
    rows = [[row.get(key) for key in header] for row in rows_in]
    numeric = {
        i for i in range(len(header))
        if any(r[i] is not None for r in rows)
        and all(r[i] is None or (isinstance(r[i], int | float) and not isinstance(r[i], bool))
                for r in rows)
    }
    lines: list[str] = []
    if title:
        lines += ["## " + escape(title), ""]
    lines += table(header, rows, numeric)
    return "\n".join(lines) + "\n"
