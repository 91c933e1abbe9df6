"""Markdown tables: every cell escaped so user text cannot break the table or inject markup."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ..core.quantity import format_quantity
from ..core.words import Lang, has, pair, t
from . import pct, safe_text
from .csv import columns_of, joined


def escape(text: str, newline: str = "<br>") -> str:
    """One table cell or heading (the only Markdown escaper): `|` and `\\` escaped, HTML-ish and
    link syntax inert, newlines as `newline` (<br> in a cell, a space in a heading)."""
    text = safe_text(text)
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]").replace("`", "\\`")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.replace("\n", newline)


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


# A table to paste into a report or a chat: Chinese (or English) headings, words instead of
# codes, percentages instead of fractions (issue 17: `at_risk | red | 0.6667` was not that).
_FRACTIONS = {"completion", "time_progress", "on_time_rate", "share"}
_WORDS = {"status", "light", "kind", "outcome", "role"}


def readable(rows_in: Sequence[dict[str, Any]], columns: Sequence[str], lang: Lang) -> tuple[
        list[str], list[list[Any]], set[int]]:
    """Headings, rows and right-aligned columns of a table for people, from the JSON rows."""
    keys = list(columns_of(rows_in, columns))
    merge = "unit" in keys and "target" in keys  # 100个, 60个 / 主体完工 instead of three columns
    if merge:
        keys = [k for k in keys if k not in ("unit", "stage")]
    en = lang == "en"
    header = [pair("field." + k)[en] if has("field." + k) else k for k in keys]
    numeric_keys = {"days_overdue", "led", "supported", "done", "on_track", "at_risk", "overdue",
                    "not_started", "no_target", "reports_due", "on_time", "late", "missing",
                    "missing_streak", *_FRACTIONS}
    rows: list[list[Any]] = []
    for row in rows_in:
        out: list[Any] = []
        for key in keys:
            value = row.get(key)
            if merge and key in ("target", "actual"):
                if key == "actual" and value is None:
                    value = row.get("stage")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    value = format_quantity(value, row.get("unit"))
            elif key in _FRACTIONS and isinstance(value, int | float):
                value = pct(value)
            elif key in _WORDS and isinstance(value, str):
                value = t(value, lang)
            elif key == "days_overdue" and not value:
                value = None
            elif isinstance(value, bool):
                value = ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
            elif key == "commit" and isinstance(value, dict):
                value = " ".join(str(value[k])[:10] for k in ("hash", "date") if value.get(k))
            elif key == "qualifier" and isinstance(value, str):
                value = t(value, lang)
            elif key == "stages" and isinstance(value, list):
                value = "→".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
            elif key == "missing_runs" and isinstance(value, list):
                value = "；".join("、".join(run) if isinstance(run, list) else str(run) for run in value)
            out.append(value)
        rows.append(out)
    return header, rows, {i for i, k in enumerate(keys) if k in numeric_keys}


def render_readable(rows_in: Sequence[dict[str, Any]], columns: Sequence[str] = (), lang: Lang = "zh") -> str:
    """Rows as one Markdown table for people: headings in `lang`, words and percentages."""
    header, rows, numeric = readable(rows_in, columns, lang)
    return "\n".join(table(header, rows, numeric)) + "\n"
