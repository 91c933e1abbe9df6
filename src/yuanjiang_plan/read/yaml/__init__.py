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
it silently misread (`{?foo: 1}` lost its `?`) likewise. tests/read/test_yaml_suite.py runs the
official yaml-test-suite and lists every deviation with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml as _pyyaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ...core.diagnostics import Diagnostic, Loc, error
from .build import build
from .checks import Doc
from .libyaml import Loader
from .marks import MAX_DEPTH, Refusal, at
from .scan import DIRECTIVE, scan_events
from .schema import NULL, resolve_plain, typed

__all__ = ["MAX_DEPTH", "Located", "compose", "locate_in", "locator", "parse"]


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
    best = at(node) if node.__class__ is not ScalarNode else (1, 1)
    for segment in loc:
        if node.__class__ is MappingNode:
            pair = next((p for p in node.value if _key_of(p[0]) == segment), None)
            if pair is None:
                continue
            key, child = pair
            if child.__class__ is ScalarNode:
                empty = not child.style and resolve_plain(child.value) is NULL
                best = at(key) if empty else at(child)
            elif child.value:
                best = at(child)
            else:
                best = at(key)
            node = child
        elif node.__class__ is SequenceNode and isinstance(segment, int) \
                and 0 <= segment < len(node.value):
            node = node.value[segment]
            best = at(node)
    return best


def _key_of(node: Any) -> Any:
    if node.__class__ is not ScalarNode:
        return None
    if node.style:
        return node.value
    try:
        return typed(node)
    except Refusal:
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
    parser = Loader(text)
    try:
        node: Node | None = parser.get_single_node()
        return node
    finally:
        parser.dispose()


def parse(text: str, rel: str) -> tuple[Located | None, list[Diagnostic]]:
    """Text -> a `Located` document, or None and the diagnostic saying why not.

    Never raises on any input (tests/read/test_yaml_guards.py): what the parser refuses comes back
    as one located diagnostic.
    """
    if text and text[-1] not in "\n\r":
        # libyaml keeps a last line of spaces in a block scalar when no line break ends the
        # file (`|+` then "   " at EOF gave '' for '\n': JEF9, L24T): the break it lacks.
        text += "\n"
    try:
        if "&" in text or "*" in text or "!" in text or ("%" in text and DIRECTIVE.search(text)):
            scan_events(text)
        root = compose(text)
        data = None if root is None else build(root, Doc(text), 0, -1)
    except Refusal as r:
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
