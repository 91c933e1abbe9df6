"""What this reader refuses, and where: the refusal carried to `parse` and a node's 1-based mark."""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 64


class Refusal(Exception):
    """A document this reader refuses: carries the diagnostic's code, message, hint, mark."""

    def __init__(self, code: str, message: str, hint: str | None, line: int, col: int) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.line, self.col = code, message, hint, line, col


def at(node: Any) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def too_deep(node: Any) -> Refusal:
    line, col = at(node)
    return Refusal("too-deep", f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep)",
                   "检查是否多写了括号或 '-' (check for stray brackets or dashes)", line, col)


def syntax_refusal(message: str, hint: str, line: int, col: int) -> Refusal:
    return Refusal("yaml-syntax", f"YAML 语法错误：{message}", hint, line, col)
