"""Renderers: each returns a string or a rich renderable; none prints (STYLE)."""

from __future__ import annotations

import re

from ..core.quantity import format_quantity

# C0/C1 controls (ESC starts ANSI/OSC sequences) are shown escaped, never sent to a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: object) -> str:
    """User text made inert for a terminal: control characters become visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def bar(value: float | None, width: int = 5) -> str:
    """An ASCII bar: box-drawing blocks are ambiguous-width in Chinese terminals (NOTES.md)."""
    if value is None:
        return " " * width
    filled = round(max(0.0, min(1.0, value)) * width)
    return "#" * filled + "." * (width - filled)


def amount(value: float | None, unit: str | None) -> str:
    return safe_text(format_quantity(value, unit))  # a unit is user text too
