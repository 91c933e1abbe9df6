"""Renderers: each returns a string or a rich renderable; none prints (docs/architecture.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..core.words import Lang, t

# C0/C1 controls (ESC starts ANSI/OSC sequences) are shown escaped, never sent to a terminal;
# so are the bidirectional controls (U+202E RLO makes `局发改.yaml` read as `lmay.改发局`, the
# "trojan source" trick: U+061C, U+200E-F, U+202A-E, U+2066-9) and the line and paragraph
# separators U+2028-9 that some terminals and editors break lines at (issue 18).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: object) -> str:
    """Control characters made visible escapes: what every output's boundary builds on (the
    terminal's is render/terminal.py)."""
    return _CONTROL.sub(_escape, str(text))


def safe_name(text: object) -> str:
    """A file name made inert and kept on one line: newlines and tabs escaped as well."""
    return _NAME_CONTROL.sub(_escape, str(text))


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def bar(value: float | None, width: int = 5) -> str:
    """An ASCII bar: box-drawing blocks are ambiguous-width in Chinese terminals."""
    if value is None:
        return " " * width
    filled = round(max(0.0, min(1.0, value)) * width)
    return "#" * filled + "." * (width - filled)


def status_word(row: Mapping[str, object], lang: Lang, sep: str | None = None) -> str:
    """A target row's status in words, with its days overdue or late (逾期N天, 逾期N天完成).

    With `sep`, the status word stays and the days follow it after `sep` (a table's 2nd line)."""
    status = str(row["status"])
    overdue, late = row.get("days_overdue") or 0, row.get("days_late") or 0
    if sep is not None:
        if overdue:
            return t(status, lang) + sep + t("days_overdue", lang, n=overdue)
        if late:
            return t(status, lang) + sep + t("late_by", lang, n=late)
        return t(status, lang)
    if overdue:
        return t("days_overdue", lang, n=overdue)
    if late:
        return t("days_done_late", lang, n=late)
    return t(status, lang)


def summary_fields(numbers: Mapping[str, object], lang: Lang) -> dict[str, object]:
    """The `summary` counts as the words `summary` and `summary_unit` take them."""
    lights = numbers.get("lights") or {}
    assert isinstance(lights, dict)
    pending = numbers.get("pending") or 0
    completion = numbers.get("completion")
    return {**numbers, **lights,
            "completion": pct(float(completion) if isinstance(completion, int | float) else None),
            "pending_text": t("summary_pending", lang, n=pending) if pending else ""}


def unit_lines(units: list[str] | tuple[str, ...]) -> str:
    """Units for a narrow table cell, one per line (the line break is the separator): folded
    at the cell's width, a 、-joined list broke inside names and started lines with 、 (issue 17)."""
    return "\n".join(units)
