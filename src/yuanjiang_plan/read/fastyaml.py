"""A fast path for reading plain YAML 1.2 with libyaml through PyYAML (issue 7).

ruamel.yaml's safe loader with the C parser spends two thirds of its time in its Python
resolver and constructor (measured: 15.5 s for the 9,600 files of the province benchmark, against
5.1 s for PyYAML's ``CSafeLoader``). Here PyYAML's C parser composes the node tree, resolved with
*ruamel's YAML 1.2 rules copied verbatim* (``yes``/``no``/``on`` stay strings, ``010`` is 10,
``1:30`` is a string), and a small converter builds plain Python data.

The fast path only answers when it is sure to give what ruamel gives. Anything unusual --
an error of any kind, a duplicate key, an explicit tag, a ``%YAML`` directive, merge keys,
hex/octal/binary numbers, underscores, ``.inf``/``.nan``, timestamps with a time, impossible
dates -- returns :data:`UNSURE`, and the caller reads the file with ruamel, which produces the
data or the diagnostic exactly as before. tests/test_fastyaml.py checks the equivalence.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

UNSURE: Any = object()
MAX_DEPTH = 64  # yamlio.MAX_DEPTH: deeper documents are refused there, in ruamel's path

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_VALUE = "tag:yaml.org,2002:value"

# ruamel.yaml 0.19 resolver.implicit_resolvers, the entries for version (1, 2), in its order.
_RESOLVERS: list[tuple[str, str, str]] = [
    (_BOOL, r"""^(?:true|True|TRUE|false|False|FALSE)$""", "tTfF"),
    (_FLOAT, r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    (_INT, r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    (_MERGE, r"^(?:<<)$", "<"),
    (_NULL, r"""^(?: ~
        |null|Null|NULL
        | )$""", "~nN\0"),
    (_TIMESTAMP, r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
    (_VALUE, r"^(?:=)$", "="),
]

# What the fast converter handles itself; other spellings of a resolved tag go to ruamel.
_PLAIN_INT = re.compile(r"[-+]?[0-9]+\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?)\Z")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_BOOLS = {"true": True, "false": False}


class _Unsure(Exception):
    """The fast path cannot vouch for this document: read it with ruamel instead."""


_loader: Any = None


def _make_loader() -> Any:
    """A PyYAML C loader class with ruamel's YAML 1.2 resolver; None without libyaml."""
    try:
        import yaml  # type: ignore[import-untyped, unused-ignore]
        from yaml.resolver import BaseResolver  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return None
    if not getattr(yaml, "__with_libyaml__", False):
        return None  # pure-Python PyYAML would be slower than ruamel with its C parser
    from yaml._yaml import CParser  # type: ignore[import-untyped, unused-ignore]

    class Resolver12(BaseResolver):  # type: ignore[misc, unused-ignore]
        yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class protocol

    for tag, pattern, first in _RESOLVERS:
        regexp = re.compile(pattern, re.X)
        for ch in first:
            key = "" if ch == "\0" else ch
            Resolver12.yaml_implicit_resolvers.setdefault(key, []).append((tag, regexp))

    from yaml.nodes import ScalarNode, SequenceNode  # type: ignore[import-untyped, unused-ignore]

    table = Resolver12.yaml_implicit_resolvers

    class Loader(CParser, Resolver12):  # type: ignore[misc, unused-ignore]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Resolver12.__init__(self)

        # PyYAML's generic versions of these run for every node; without path resolvers
        # they reduce to this (a third of the reading time, measured).
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is ScalarNode:
                if implicit[0]:
                    for tag, regexp in table.get(value[:1], ()):
                        if regexp.match(value):
                            return tag  # type: ignore[no-any-return]
                return _STR
            return _SEQ if kind is SequenceNode else _MAP

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    return Loader


def load(text: str) -> Any:
    """Plain data for `text`, or UNSURE when ruamel must decide (see the module docstring)."""
    global _loader
    if "%YAML" in text or "<<" in text:
        return UNSURE
    if _loader is None:
        _loader = _make_loader() or False
    if _loader is False:
        return UNSURE
    try:
        parser = _loader(text)
        try:
            node = parser.get_single_node()
        finally:
            parser.dispose()
        if node is None:
            return None
        return _convert(node, {})
    except (_Unsure, RecursionError, ValueError, OverflowError):
        return UNSURE
    except Exception as exc:  # any PyYAML error: ruamel reports it in its own words
        if type(exc).__module__.startswith("yaml"):
            return UNSURE
        raise


def _convert(node: Any, memo: dict[int, Any], depth: int = 0) -> Any:
    """Node -> data; aliased collections and deep nesting go to ruamel, whose shape check
    (yamlio._check_shape) words them, so the fast result needs no second walk."""
    tag = node.tag
    kind = node.id  # "scalar" | "sequence" | "mapping"
    if kind == "scalar" and tag == _STR:
        return node.value
    if kind == "mapping" and tag == _MAP:
        if id(node) in memo or depth > MAX_DEPTH:
            raise _Unsure
        memo[id(node)] = node
        out: dict[Any, Any] = {}
        for k_node, v_node in node.value:
            # plain string keys and values, most of any file, without a call
            if k_node.tag == _STR and k_node.id == "scalar":
                k = k_node.value
            else:
                k = _convert(k_node, memo, depth + 1)
                if isinstance(k, dict | list):
                    raise _Unsure  # unhashable key: ruamel words the error
            if k in out:
                raise _Unsure  # duplicate key: ruamel reports it with its line
            if v_node.tag == _STR and v_node.id == "scalar":
                out[k] = v_node.value
            else:
                out[k] = _convert(v_node, memo, depth + 1)
        return out
    if kind == "sequence" and tag == _SEQ:
        if id(node) in memo or depth > MAX_DEPTH:
            raise _Unsure
        memo[id(node)] = node
        return [_convert(child, memo, depth + 1) for child in node.value]
    if kind != "scalar":
        raise _Unsure
    value = node.value
    if tag == _INT and _PLAIN_INT.match(value):
        sign = -1 if value[0] == "-" else 1
        digits = value[1:] if value[0] in "+-" else value
        return 0 if digits == "0" else sign * int(digits)
    if tag == _FLOAT and _PLAIN_FLOAT.match(value):
        sign = -1 if value[0] == "-" else 1
        digits = value[1:] if value[0] in "+-" else value
        return sign * float(digits.lower())
    if tag == _BOOL and value.lower() in _BOOLS:
        return _BOOLS[value.lower()]
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP:
        m = _DATE.match(value)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    raise _Unsure  # explicit tags, hex/octal, .inf, times of day, merge, '='
