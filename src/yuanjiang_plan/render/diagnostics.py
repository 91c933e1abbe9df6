"""Diagnostics as text (`path:line:col: severity: message [code]`), JSON and GitHub annotations."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic
from . import safe_text
from .json import dumps


def format_text(diags: Iterable[Diagnostic]) -> list[str]:
    lines = []
    for d in diags:
        hint = f" — {d.hint}" if d.hint else ""
        lines.append(safe_text(
            f"{d.path}:{d.line or 1}:{d.col or 1}: {d.severity}: {d.message}{hint} [{d.code}]"
        ).replace("\n", " "))
    return lines


def format_json(diags: Iterable[Diagnostic]) -> str:
    return dumps([
        {"path": d.path, "line": d.line or 1, "col": d.col or 1, "severity": d.severity,
         "code": d.code, "message": d.message, "hint": d.hint}
        for d in diags
    ])


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diags: Iterable[Diagnostic]) -> list[str]:
    """GitHub Actions workflow commands; one per diagnostic (1-based, repo-relative)."""
    lines = []
    for d in diags:
        level = "error" if d.is_error else "warning"
        message = safe_text(d.message + (f" — {d.hint}" if d.hint else ""))
        lines.append(
            f"::{level} file={_escape_property(d.path)},line={d.line or 1},col={d.col or 1},"
            f"title={_escape_property(d.code)}::{_escape_data(message)}"
        )
    return lines
