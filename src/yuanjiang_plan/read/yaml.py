"""The one YAML reader (issue 12): libyaml's parser through PyYAML, YAML 1.2 core schema.

Every file, whatever it holds, is decided by the same parser: libyaml (the copy bundled in
PyYAML >= 6.0.4, the first with a nesting limit: 6.0.3 segfaults on `[` x 30,000) composes the
node tree in C, and a small converter builds plain data, typing plain scalars by the YAML 1.2
core schema (dict, list, str, int, float, bool, None, and `date` for a plain `YYYY-MM-DD`, the
project's one extension of the core schema; quoted and block scalars are strings). The node tree carries every
node's start mark, so a diagnostic found later in the same file is located by walking it
(`Located.locate`): no second parse, no second parser.

Refused by design, each with its own code and the place it starts: explicit tags
(`yaml-tag`: plain data needs none, and `!!python/...` must never build anything), anchors and
aliases (`yaml-anchor`, `yaml-alias`: no alias bomb can expand), keys that are not scalars
(`complex-key`), several documents (`multiple-documents`), a `%YAML` version other than 1.2
(`yaml-version`: a 1.1 document means `yes` is true), nesting deeper than MAX_DEPTH
(`too-deep`). libyaml accepts a few inputs the YAML spec rejects; the ones a clerk may type
(`"value"# comment`, `[a, b]#x`, a lone `-` in a flow list, continuation lines not indented) are
refused from the nodes' marks and the characters around them (`yaml-syntax`); one valid input
it silently misread (`{?foo: 1}` lost its `?`) likewise. tests/test_yaml_suite.py runs the
official yaml-test-suite and lists every deviation with its reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml as _pyyaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.diagnostics import Diagnostic, Loc, error

MAX_DEPTH = 64

# What the core schema makes of a plain scalar (`_resolve_plain`).
_STR = "core str"
_INT = "core int"
_FLOAT = "core float"
_BOOL = "core bool"
_NULL = "core null"
_DATE = "core date"


# YAML 1.2.2 §10.3.2, the core schema's tag resolution, in its order.
_NULL_RE = re.compile(r"(?:null|Null|NULL|~)?\Z")
_BOOL_RE = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT10_RE = re.compile(r"[-+]?[0-9]+\Z")
_INT8_RE = re.compile(r"0o[0-7]+\Z")
_INT16_RE = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)\Z")
# Not in the core schema: a plain ISO date is a date, as in YAML 1.1 and ruamel (README).
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

# Only plain scalars starting with one of these can be anything but a string.
_NUMERIC = frozenset("-+.0123456789")
_WORDS = frozenset("nNtTfF~")
_MAYBE = _NUMERIC | _WORDS
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _resolve_plain(value: str) -> str:
    """Core-schema type of a plain scalar (a quoted or block scalar is always a string).

    The spellings of the different types start with disjoint characters, so the first one
    says which few patterns can match at all (most plain scalars are text: one set lookup).
    """
    if not value:
        return _NULL
    first = value[0]
    if first in _NUMERIC:
        if _INT10_RE.match(value):
            return _INT
        if first == "0" and (_INT8_RE.match(value) or _INT16_RE.match(value)):
            return _INT
        if _FLOAT_RE.match(value) or _INF_RE.match(value) or _NAN_RE.match(value):
            return _FLOAT
        if _DATE_RE.match(value):
            return _DATE
        return _STR
    if first in _WORDS:
        if _NULL_RE.match(value):
            return _NULL
        if _BOOL_RE.match(value):
            return _BOOL
    return _STR


def _make_loader() -> Any:
    from yaml._yaml import CParser  # type: ignore[import-untyped, unused-ignore]

    class Loader(CParser):  # type: ignore[misc, unused-ignore]
        """libyaml's composer, and nothing of PyYAML's Python resolver machinery.

        The composer calls these three for every node; C callables that ignore their
        arguments save three Python calls a node. The tag it stores is then a throwaway
        `slice` for every implicitly typed node: the converter types plain scalars itself
        (`_plain`), and an explicit tag (always a str) is refused before composing
        (`_scan_events`).
        """

        resolve = slice
        descend_resolver = slice
        ascend_resolver = tuple

    return Loader


def _check_libyaml() -> None:
    if not getattr(_pyyaml, "__with_libyaml__", False):  # pragma: no cover - packaging
        raise ImportError("PyYAML was built without libyaml: install pyyaml>=6.0.4 wheels")


_check_libyaml()
_Loader: Any = _make_loader()


class _Refusal(Exception):
    """A document this reader refuses: carries the diagnostic's code, message, hint, mark."""

    def __init__(self, code: str, message: str, hint: str | None, line: int, col: int) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.line, self.col = code, message, hint, line, col


def _at(node: Any) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


# ---------------------------------------------------------------- the pre-scan


_DIRECTIVE = re.compile(r"^%", re.MULTILINE)


def _scan_events(text: str) -> None:
    """Refuse tags, anchors, aliases and YAML versions, seen only as parser events.

    Run only when the text holds a character that can start one (`!`, `&`, `*`, a `%` at the
    start of a line): libyaml's composer expands aliases and hides where a tag came from.
    Syntax errors are left to the composer, which reports them the same way.
    """
    from yaml.events import (
        AliasEvent,
        CollectionStartEvent,
        DocumentStartEvent,
        NodeEvent,
        ScalarEvent,
    )

    parser = _Loader(text)
    anchor: Any = None
    try:
        while True:
            event = parser.get_event()
            if event is None:
                break
            if isinstance(event, DocumentStartEvent):
                version = event.version
                if version is not None and tuple(version) != (1, 2):
                    line, col = _at(event)
                    shown = ".".join(str(v) for v in version)
                    raise _Refusal(
                        "yaml-version", f"不支持 YAML {shown} 版本声明，只读 YAML 1.2 (%YAML {shown} "
                        "is not supported: YAML 1.2 only)",
                        "删除 %YAML 行 (remove the %YAML line)", line, col)
            elif isinstance(event, AliasEvent):
                line, col = _at(event)
                raise _Refusal(
                    "yaml-alias", "不支持 YAML 锚点/别名 (& / *) (anchors and aliases are not allowed)",
                    "把内容直接写出来 (write the content out)", line, col)
            elif isinstance(event, NodeEvent):
                tag = getattr(event, "tag", None)  # None: resolved implicitly
                if tag is not None and isinstance(event, ScalarEvent | CollectionStartEvent):
                    line, col = _at(event)
                    shown = str(tag).replace("tag:yaml.org,2002:", "!!")
                    raise _Refusal(
                        "yaml-tag", f"不允许的 YAML 标签 {shown} (tags are not allowed)",
                        "删除标签，只写普通的键和值 (remove the tag: plain YAML only)", line, col)
                if event.anchor is not None and anchor is None:
                    anchor = event
    except _pyyaml.YAMLError:
        return  # the composer reports it
    finally:
        parser.dispose()
    if anchor is not None:
        line, col = _at(anchor)
        raise _Refusal(
            "yaml-anchor", f"不支持 YAML 锚点 &{anchor.anchor} (anchors are not allowed)",
            "删除 & 及其名称 (remove the & and its name)", line, col)


# ---------------------------------------------------------------- nodes -> data


class _Doc:
    """The text being built and which spec checks it needs (each gated by a cheap `in`)."""

    __slots__ = ("hash", "lines", "question", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.hash = "#" in text
        self.question = "?" in text
        self.lines: list[int] | None = None  # offsets of line starts, made on first need


def _build(node: Any, doc: _Doc, depth: int, indent: int) -> Any:
    """Node -> data. Recursive, but never deeper than MAX_DEPTH (refused beyond).

    `indent` is the column of the enclosing block collection (-1 at the top; -2 inside a flow
    collection, whose own lines were checked as a whole).
    """
    cls = node.__class__
    if cls is ScalarNode:
        value = node.value
        style = node.style
        if not style:  # plain: '' (None from other composers)
            if value[:1] in _SPECIAL or doc.question:
                return _plain(node, doc)
        elif style in _QUOTED:
            if indent >= -1:
                _check_quoted(node, doc, indent)
            elif doc.hash:
                _check_after(node, doc)
        elif doc.hash:
            _check_block_header(node, doc)
        return value
    if depth >= MAX_DEPTH:
        raise _too_deep(node)
    if cls is MappingNode:
        flow = node.flow_style
        if flow and indent >= -1:
            _check_flow(node, doc, indent)
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            if k_node.__class__ is not ScalarNode:
                line, col = _at(k_node)
                raise _Refusal("complex-key", "键必须是普通文字，不能是列表或映射 (a key must be plain text)",
                               "检查是否多写了 ? 或括号 (check for a stray '?' or brackets)", line, col)
            key = k_node.value
            style = k_node.style
            if not style:
                if key[:1] in _SPECIAL or doc.question:
                    key = _plain(k_node, doc)
            elif doc.hash and style in _QUOTED:
                _check_after(k_node, doc)
            if key in out:
                line, col = _at(k_node)
                raise _Refusal("duplicate-key", f"键 '{key}' 重复 (duplicate key)",
                               "删除或合并重复的键 (remove or merge the repeated key)", line, col)
            if v_node.__class__ is ScalarNode:
                value = v_node.value
                style = v_node.style
                if not style:
                    if value[:1] in _SPECIAL or doc.question:
                        value = _plain(v_node, doc)
                elif style in _QUOTED:
                    if not flow and v_node.start_mark.line != v_node.end_mark.line:
                        _check_lines(v_node, doc, k_node.start_mark.column)
                    if doc.hash:
                        _check_after(v_node, doc)
                elif doc.hash:
                    _check_block_header(v_node, doc)
                out[key] = value
            else:
                out[key] = _build(v_node, doc, depth + 1, -2 if flow else k_node.start_mark.column)
        return out
    if node.flow_style:
        if indent >= -1:
            _check_flow(node, doc, indent)
        return [_build(child, doc, depth + 1, -2) for child in node.value]
    column = node.start_mark.column
    return [_build(child, doc, depth + 1, column) for child in node.value]


def _plain(node: Any, doc: _Doc) -> Any:
    """A plain scalar that may be other than a string: checked, then typed (core schema)."""
    if doc.question or node.value[:1] in _INDICATORS:
        _check_plain(node, doc)
    return _typed(node)


def _typed(node: Any) -> Any:
    value: str = node.value
    kind = _resolve_plain(value)
    if kind is _STR:
        return value
    if kind is _INT:
        try:
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value, 10)
        except ValueError as exc:  # more digits than Python converts (4,300)
            line, col = _at(node)
            shown = value if len(value) <= 40 else value[:40] + "…"
            raise _Refusal("bad-value", f"无法读取的值 '{shown}' (value cannot be read: {exc})",
                           "检查数字是否多打了位数 (check the digits)", line, col) from None
    if kind is _FLOAT:
        if value[-3:].lower() == "nan":
            return float("nan")
        if value[-3:].lower() == "inf":
            return float("-inf") if value[0] == "-" else float("inf")
        return float(value)
    if kind is _NULL:
        return None
    if kind is _BOOL:
        return _BOOLS[value]
    try:  # _DATE
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
    except ValueError as exc:
        line, col = _at(node)
        raise _Refusal("bad-date", f"无效的日期 {value} ({exc})",
                       "日期写成 2024-07-05 这样的真实日期 (use a real date, YYYY-MM-DD)",
                       line, col) from None


def _too_deep(node: Any) -> _Refusal:
    line, col = _at(node)
    return _Refusal("too-deep", f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep)",
                    "检查是否多写了括号或 '-' (check for stray brackets or dashes)", line, col)


_QUOTED = ("'", '"')
_INDICATORS = frozenset("-?:")
# First characters of plain scalars that need a look: not a string, or an indicator; and ''.
_SPECIAL = frozenset(["", *_MAYBE, *_INDICATORS])

# libyaml accepts a few inputs the YAML spec rejects. These checks refuse the ones a clerk can
# type by accident, reading only the nodes' marks and the characters around them; each is
# named by the yaml-test-suite case it answers (tests/test_yaml_suite.py).


def _syntax_refusal(message: str, hint: str, line: int, col: int) -> _Refusal:
    return _Refusal("yaml-syntax", f"YAML 语法错误：{message}", hint, line, col)


def _check_plain(node: Any, doc: _Doc) -> None:
    """A plain scalar is not `-`, `?` or `:` alone or before a space ([-], UKK6); a `?` glued
    to it was taken for an indicator, silently losing it ({?foo: x} gave foo, 652Z, HM87)."""
    value = node.value
    if value[:1] in _INDICATORS and (
            value[1:2] in (" ", "\t") or (len(value) == 1 and _after(node, doc) in _UNSAFE)):
        line, col = _at(node)
        raise _syntax_refusal(f"'{value[:1]}' 不能单独作为值 ('{value[:1]}' alone is not a value)",
                              "给该值加引号 (put the value in quotes)", line, col)
    start = node.start_mark.index
    if start and doc.text[start - 1] == "?":
        line, col = _at(node)
        raise _syntax_refusal(f"'?{value}' 须加引号 ('?' right before a value: quote it)",
                              f"写成 '?{value}' (put it in quotes)", line, col - 1)


# After a one-character `-`, `?` or `:`, what makes it an indicator rather than text (`::` is
# the key ':', UKK6; `[-]` is an error).
_UNSAFE = frozenset(("", " ", "\t", "\r", "\n", ",", "[", "]", "{", "}"))


def _after(node: Any, doc: _Doc) -> str:
    return doc.text[node.end_mark.index:node.end_mark.index + 1]


def _check_after(node: Any, doc: _Doc) -> None:
    """`"value"# c`, `[a, b]#x`: a comment needs a space before its `#`."""
    mark = node.end_mark
    text = doc.text
    if mark.index < len(text) and text[mark.index] == "#":
        raise _syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                              "在 # 前加一个空格 (put a space before '#')", mark.line + 1, mark.column + 1)


def _check_block_header(node: Any, doc: _Doc) -> None:
    """`key: ># comment` (X4QW): the header's comment needs a space before its `#`."""
    text = doc.text
    start = node.start_mark.index
    end = text.find("\n", start)
    header = text[start:end if end >= 0 else len(text)]
    at = header.find("#")
    if at > 0 and header[at - 1] not in " \t":
        mark = node.start_mark
        raise _syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                              "在 # 前加一个空格 (put a space before '#')", mark.line + 1, mark.column + at + 1)


def _check_quoted(node: Any, doc: _Doc, indent: int) -> None:
    """A quoted scalar in a block collection: see `_check_lines`; then `_check_after`."""
    if node.start_mark.line != node.end_mark.line:
        _check_lines(node, doc, indent)
    if doc.hash:
        _check_after(node, doc)


def _check_flow(node: Any, doc: _Doc, indent: int) -> None:
    """A flow collection in a block one: its lines, and comments between its items (CVW2)."""
    if node.start_mark.line != node.end_mark.line:
        _check_lines(node, doc, indent)
    if doc.hash:
        _check_after(node, doc)
        _check_gaps(node, doc)


def _check_lines(node: Any, doc: _Doc, indent: int) -> None:
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
            raise _syntax_refusal("续行缩进不足 (continuation line not indented enough)",
                                  f"续行用空格缩进到第 {indent + 2} 列之后 (indent it with spaces)",
                                  number + 1, spaces + 1)


_NEWLINE = re.compile(r"\r\n|\n|\r")


def _check_gaps(node: Any, doc: _Doc) -> None:
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
                raise _syntax_refusal("注释 # 前须有空格 (a comment needs a space before '#')",
                                      "在 # 前加一个空格 (put a space before '#')", line + 1, col + 1)
            newline = gap.find("\n", at)
            if newline < 0:
                break
            at = gap.find("#", newline)


# ---------------------------------------------------------------- the reader


@dataclass(frozen=True)
class Located:
    """A parsed document with the node tree it came from, to locate diagnostics in it."""

    data: Any
    root: Any  # the composed Node, or None for an empty document

    def locate(self, loc: Loc) -> tuple[int, int]:
        """1-based (line, col) of the node at `loc` (mapping keys and sequence indices).

        Segments that are not keys or indices (pydantic's union tags such as 'quantity') are
        skipped; the deepest node found is used. A non-empty collection is placed at its start,
        an empty one or an empty value at its key, a scalar at itself.
        """
        return locate_in(self.root, loc)


def locate_in(root: Node | None, loc: Loc) -> tuple[int, int]:
    """`Located.locate` for a bare node tree."""
    node: Any = root
    if node is None:
        return 1, 1
    best = _at(node) if node.__class__ is not ScalarNode else (1, 1)
    for segment in loc:
        if node.__class__ is MappingNode:
            pair = next((p for p in node.value if _key_of(p[0]) == segment), None)
            if pair is None:
                continue
            key, child = pair
            if child.__class__ is ScalarNode:
                empty = not child.style and _resolve_plain(child.value) is _NULL
                best = _at(key) if empty else _at(child)
            elif child.value:
                best = _at(child)
            else:
                best = _at(key)
            node = child
        elif node.__class__ is SequenceNode and isinstance(segment, int) \
                and 0 <= segment < len(node.value):
            node = node.value[segment]
            best = _at(node)
    return best


def _key_of(node: Any) -> Any:
    if node.__class__ is not ScalarNode:
        return None
    if node.style:
        return node.value
    try:
        return _typed(node)
    except _Refusal:
        return None


def locator(text: str) -> Callable[[Loc], tuple[int, int]]:
    """`Located.locate` for a text this reader accepted before, composing it only (no data is
    built): the cheap lookup for diagnostics found after reading, done only to print them.
    A text that no longer composes places everything at (1, 1)."""
    try:
        root = compose(text if not text or text[-1] in "\n\r" else text + "\n")
    except (_pyyaml.YAMLError, RecursionError):
        return lambda loc: (1, 1)
    return lambda loc: locate_in(root, loc)


def compose(text: str) -> Node | None:
    """The node tree of a document this reader accepted (for writers measuring a layout)."""
    parser = _Loader(text)
    try:
        node: Node | None = parser.get_single_node()
        return node
    finally:
        parser.dispose()


def parse(text: str, rel: str) -> tuple[Located | None, list[Diagnostic]]:
    """Text -> a `Located` document, or None and the diagnostic saying why not.

    Never raises on any input (tests/test_yaml_guards.py): what the parser refuses comes back
    as one located diagnostic.
    """
    if text and text[-1] not in "\n\r":
        # libyaml keeps a last line of spaces in a block scalar when no line break ends the
        # file (`|+` then "   " at EOF gave '' for '\n': JEF9, L24T): the break it lacks.
        text += "\n"
    try:
        if "&" in text or "*" in text or "!" in text or ("%" in text and _DIRECTIVE.search(text)):
            _scan_events(text)
        root = compose(text)
        data = None if root is None else _build(root, _Doc(text), 0, -1)
    except _Refusal as r:
        return None, [error(rel, r.code, r.message, r.hint, line=r.line, col=r.col)]
    except _pyyaml.MarkedYAMLError as exc:
        return None, [_syntax(rel, exc)]
    except _pyyaml.YAMLError as exc:  # pragma: no cover - libyaml always marks its errors
        return None, [error(rel, "yaml-syntax", f"YAML 语法错误：{exc} (syntax error)", line=1, col=1)]
    return Located(data, root), []


def _syntax(rel: str, exc: Any) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(exc.problem or exc.context or "").strip()
    context = str(exc.context or "")
    if "expected a single document" in context:
        return error(rel, "multiple-documents", "一个文件只能有一个 YAML 文档 (more than one document)",
                     "删除多余的 '---' 或拆分成多个文件 (one document per file)", line=line, col=col)
    if "scanning an anchor" in context or "scanning an alias" in context:
        # libyaml knows only ASCII anchor names (&锚1): refused by design all the same
        return error(rel, "yaml-anchor", "不支持 YAML 锚点/别名 (& / *) (anchors and aliases are not allowed)",
                     "删除 & 或 * 及其名称 (remove the & or * and its name)", line=line, col=col)
    if "maximum nesting depth" in problem:
        return error(rel, "too-deep", f"嵌套超过 {MAX_DEPTH} 层 (nesting too deep)",
                     "检查是否多写了括号或 '-' (check for stray brackets or dashes)", line=line, col=col)
    return error(
        rel, "yaml-syntax", f"YAML 语法错误：{problem} (syntax error)",
        "检查缩进（用空格，不用 Tab）、冒号后的空格和引号配对 "
        "(check indentation, spaces after colons, quotes)", line=line, col=col)
