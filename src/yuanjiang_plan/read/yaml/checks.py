"""Inputs libyaml accepts although the YAML spec rejects them, refused from the nodes' marks and
the characters around them; each check names the yaml-test-suite case it answers."""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode

from .marks import at, syntax_refusal
from .schema import MAYBE


class Doc:
    """The text being built and which spec checks it needs (each gated by a cheap `in`)."""

    __slots__ = ("hash", "lines", "question", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.hash = "#" in text
        self.question = "?" in text
        self.lines: list[int] | None = None  # offsets of line starts, made on first need


QUOTED = ("'", '"')
INDICATORS = frozenset("-?:")
# First characters of plain scalars that need a look: not a string, or an indicator; and ''.
SPECIAL = frozenset(["", *MAYBE, *INDICATORS])

# libyaml accepts a few inputs the YAML spec rejects. These checks refuse the ones a clerk can
# type by accident, reading only the nodes' marks and the characters around them; each is
# named by the yaml-test-suite case it answers (tests/read/test_yaml_suite.py).



def check_plain(node: Any, doc: Doc) -> None:
    """A plain scalar is not `-`, `?` or `:` alone or before a space ([-], UKK6); a `?` glued
    to it was taken for an indicator, silently losing it ({?foo: x} gave foo, 652Z, HM87)."""
    value = node.value
    if value[:1] in INDICATORS and (
            value[1:2] in (" ", "\t") or (len(value) == 1 and _after(node, doc) in _UNSAFE)):
        line, col = at(node)
        raise syntax_refusal(f"'{value[:1]}' 不能单独作为值 ('{value[:1]}' alone is not a value)",
                             "给该值加引号 (put the value in quotes)", line, col)
    start = node.start_mark.index
    if start and doc.text[start - 1] == "?":
        line, col = at(node)
        raise syntax_refusal(f"'?{value}' 须加引号 ('?' right before a value: quote it)",
                             f"写成 '?{value}' (put it in quotes)", line, col - 1)


# After a one-character `-`, `?` or `:`, what makes it an indicator rather than text (`::` is
# the key ':', UKK6; `[-]` is an error).
_UNSAFE = frozenset(("", " ", "\t", "\r", "\n", ",", "[", "]", "{", "}"))


def _after(node: Any, doc: Doc) -> str:
    return doc.text[node.end_mark.index:node.end_mark.index + 1]


def check_after(node: Any, doc: Doc) -> None:
    """`"value"# c`, `[a, b]#x`: a comment needs a space before its `#`."""
    mark = node.end_mark
    text = doc.text
    if mark.index < len(text) and text[mark.index] == "#":
        raise syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                             "在 # 前加一个空格 (put a space before '#')", mark.line + 1, mark.column + 1)


def check_block_header(node: Any, doc: Doc) -> None:
    """`key: ># comment` (X4QW): the header's comment needs a space before its `#`."""
    text = doc.text
    start = node.start_mark.index
    end = text.find("\n", start)
    header = text[start:end if end >= 0 else len(text)]
    at = header.find("#")
    if at > 0 and header[at - 1] not in " \t":
        mark = node.start_mark
        raise syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                             "在 # 前加一个空格 (put a space before '#')", mark.line + 1, mark.column + at + 1)


def check_quoted(node: Any, doc: Doc, indent: int) -> None:
    """A quoted scalar in a block collection: see `check_lines`; then `check_after`."""
    if node.start_mark.line != node.end_mark.line:
        check_lines(node, doc, indent)
    if doc.hash:
        check_after(node, doc)


def check_flow(node: Any, doc: Doc, indent: int) -> None:
    """A flow collection in a block one: its lines, and comments between its items (CVW2)."""
    if node.start_mark.line != node.end_mark.line:
        check_lines(node, doc, indent)
    if doc.hash:
        check_after(node, doc)
        _check_gaps(node, doc)


def check_lines(node: Any, doc: Doc, indent: int) -> None:
    """The continuation lines of a multi-line flow or quoted node inside a block collection
    are indented past that collection, with spaces (9C9N, QB6E; a tab is no indentation:
    DK95, Y79Y)."""
    if doc.lines is None:
        doc.lines = [0, *(m.end() for m in _NEWLINE.finditer(doc.text))]
    text = doc.text
    first, last = node.start_mark.line, node.end_mark.line
    for number in range(first + 1, last + 1):
        begin = doc.lines[number]
        end = doc.lines[number + 1] if number + 1 < len(doc.lines) else len(text)
        line = text[begin:end].rstrip("\r\n")
        spaces = len(line) - len(line.lstrip(" "))
        if spaces <= indent and line.strip(" \t"):
            raise syntax_refusal("续行缩进不足 (continuation line not indented enough)",
                                 f"续行用空格缩进到第 {indent + 2} 列之后 (indent it with spaces)",
                                 number + 1, spaces + 1)


_NEWLINE = re.compile(r"\r\n|\n|\r")


def _check_gaps(node: Any, doc: Doc) -> None:
    """Between a flow collection's items only `,` `:` `?`, space and comments: a `#` there
    glued to what precedes it is refused (libyaml takes `c,#x` for a comment)."""
    text = doc.text
    marks: list[tuple[int, int]] = []  # (end of previous, start of next)
    prev = node.start_mark.index + 1
    children = [c for pair in node.value for c in pair] if node.__class__ is MappingNode \
        else node.value
    for child in children:
        marks.append((prev, child.start_mark.index))
        prev = max(prev, child.end_mark.index)
    marks.append((prev, node.end_mark.index - 1))
    for begin, end in marks:
        gap = text[begin:end]
        at = gap.find("#")
        while at >= 0:
            before = text[begin + at - 1] if begin + at > 0 else " "
            if before not in " \t\r\n":
                offset = begin + at
                line = text.count("\n", 0, offset)
                col = offset - (text.rfind("\n", 0, offset) + 1)
                raise syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                                     "在 # 前加一个空格 (put a space before '#')", line + 1, col + 1)
            newline = gap.find("\n", at)
            if newline < 0:
                break
            at = gap.find("#", newline)
