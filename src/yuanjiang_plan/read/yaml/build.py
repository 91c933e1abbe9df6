"""Composed nodes -> plain data, with the spec checks each node needs (gated by cheap tests)."""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from .checks import (
    INDICATORS,
    QUOTED,
    SPECIAL,
    Doc,
    check_after,
    check_block_header,
    check_flow,
    check_lines,
    check_plain,
    check_quoted,
)
from .marks import MAX_DEPTH, Refusal, at, too_deep
from .schema import typed


def build(node: Any, doc: Doc, depth: int, indent: int) -> Any:
    """Node -> data. Recursive, but never deeper than MAX_DEPTH (refused beyond).

    `indent` is the column of the enclosing block collection (-1 at the top; -2 inside a flow
    collection, whose own lines were checked as a whole).
    """
    cls = node.__class__
    if cls is ScalarNode:
        value = node.value
        style = node.style
        if not style:  # plain: '' (None from other composers)
            if value[:1] in SPECIAL or doc.question:
                return plain(node, doc)
        elif style in QUOTED:
            if indent >= -1:
                check_quoted(node, doc, indent)
            elif doc.hash:
                check_after(node, doc)
        elif doc.hash:
            check_block_header(node, doc)
        return value
    if depth >= MAX_DEPTH:
        raise too_deep(node)
    if cls is MappingNode:
        flow = node.flow_style
        if flow and indent >= -1:
            check_flow(node, doc, indent)
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            if k_node.__class__ is not ScalarNode:
                line, col = at(k_node)
                raise Refusal("complex-key", "键必须是普通文字，不能是列表或映射 (a key must be plain text)",
                              "检查是否多写了 ? 或括号 (check for a stray '?' or brackets)", line, col)
            key = k_node.value
            style = k_node.style
            if not style:
                if key[:1] in SPECIAL or doc.question:
                    key = plain(k_node, doc)
            elif doc.hash and style in QUOTED:
                check_after(k_node, doc)
            if key in out:
                line, col = at(k_node)
                raise Refusal("duplicate-key", f"键 '{key}' 重复 (duplicate key)",
                              "删除或合并重复的键 (remove or merge the repeated key)", line, col)
            if v_node.__class__ is ScalarNode:
                value = v_node.value
                style = v_node.style
                if not style:
                    if value[:1] in SPECIAL or doc.question:
                        value = plain(v_node, doc)
                elif style in QUOTED:
                    if not flow and v_node.start_mark.line != v_node.end_mark.line:
                        check_lines(v_node, doc, k_node.start_mark.column)
                    if doc.hash:
                        check_after(v_node, doc)
                elif doc.hash:
                    check_block_header(v_node, doc)
                out[key] = value
            else:
                out[key] = build(v_node, doc, depth + 1, -2 if flow else k_node.start_mark.column)
        return out
    if node.flow_style:
        if indent >= -1:
            check_flow(node, doc, indent)
        return [build(child, doc, depth + 1, -2) for child in node.value]
    column = node.start_mark.column
    return [build(child, doc, depth + 1, column) for child in node.value]


def plain(node: Any, doc: Doc) -> Any:
    """A plain scalar that may be other than a string: checked, then typed (core schema)."""
    if doc.question or node.value[:1] in INDICATORS:
        check_plain(node, doc)
    return typed(node)
