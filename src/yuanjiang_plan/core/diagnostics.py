"""Problems in user data are values: collected, sorted and printed once (README *Bad input and
limits*)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
# A path inside a YAML document: mapping keys and sequence indices.
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Diagnostic:
    path: str  # relative to the repository root, with forward slashes
    severity: Severity
    code: str  # stable kebab-case
    message: str
    hint: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    loc: Loc | None = None  # where in the document, resolved to line/col lazily

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, line: int, col: int) -> Diagnostic:
        return dataclasses.replace(self, line=line, col=col)

    def as_warning_or_error(self, strict: bool) -> Diagnostic:
        if strict and self.severity == "warning":
            return dataclasses.replace(self, severity="error")
        return self

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, self.col or 0, self.code, self.message)


def error(
    path: str, code: str, message: str, hint: str | None = None, *,
    line: int | None = None, col: int | None = None, loc: Loc | None = None,
) -> Diagnostic:
    return Diagnostic(path, "error", code, message, hint, line, col, loc)


def warning(
    path: str, code: str, message: str, hint: str | None = None, *,
    line: int | None = None, col: int | None = None, loc: Loc | None = None,
) -> Diagnostic:
    return Diagnostic(path, "warning", code, message, hint, line, col, loc)


def sort(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diags), key=Diagnostic.sort_key)


class FatalError(Exception):
    """A problem that stops a command before it can do anything useful (no plan found...)."""

    def __init__(self, message: str, hint: str | None = None, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_code = exit_code


class UsageError(FatalError):
    """Bad command-line input: exit code 2."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint, exit_code=2)
