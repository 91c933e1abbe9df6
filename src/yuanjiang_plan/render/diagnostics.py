"""Diagnostics as text (`path:line:col: severity: message [code]`), JSON and GitHub annotations."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.diagnostics import Diagnostic
from . import safe_name
from .json import dumps
from .markdown import escape


def format_text(diags: Iterable[Diagnostic]) -> list[str]:
    """One line each, for the console (which makes the user text in them inert)."""
    lines = []
    for d in diags:
        hint = f" — {d.hint}" if d.hint else ""
        lines.append(safe_name(d.path) + f":{d.line or 1}:{d.col or 1}: {d.severity}: {d.message}{hint} "
                     f"[{d.code}]".replace("\n", " "))
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
        message = d.message + (f" — {d.hint}" if d.hint else "")
        # CI logs obey ANSI escapes: what is left after %-escaping CR/LF is made visible by the
        # console these lines are printed on (render/terminal.py).
        lines.append(
            f"::{level} file={_escape_property(safe_name(d.path))},line={d.line or 1},col={d.col or 1},"
            f"title={_escape_property(d.code)}::{_escape_data(message)}"
        )
    return lines


def _md_cell(text: str) -> str:
    return escape(text, newline=" ")


def format_github_summary(diags: Iterable[Diagnostic]) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the full list (annotations show only 10 per type)."""
    diags = list(diags)
    errors = sum(d.is_error for d in diags)
    lines = [f"### plan validate: {errors} 个错误 (errors), {len(diags) - errors} 个警告 (warnings)", ""]
    if not diags:
        return "\n".join([*lines, "全部通过 (all files valid)", ""])
    lines += ["| 文件 (file) | 行 (line) | 级别 (severity) | 代码 (code) | 信息 (message) |",
              "|---|---|---|---|---|"]
    for d in diags:
        message = d.message + (f" — {d.hint}" if d.hint else "")
        lines.append(f"| {_md_cell(safe_name(d.path))} | {d.line or 1}:{d.col or 1} | {d.severity} "
                     f"| {_md_cell(d.code)} | {_md_cell(message)} |")
    return "\n".join([*lines, ""])
