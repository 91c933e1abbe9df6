"""JSON output: UTF-8 text, Chinese kept readable, never NaN."""

from __future__ import annotations

import json
import math
import re
from json.encoder import encode_basestring  # the C implementation where available
from typing import Any

# json.dumps escapes C0 controls but writes DEL and C1 (U+009B is an 8-bit CSI) as they are, and
# the bidirectional controls and line separators that reorder or break what a terminal shows
# (render.safe_text): all become \u escapes, which any JSON reader decodes to the same text.
_C1 = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def dumps(document: Any) -> str:
    """`json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False, default=str)`, C1-safe.

    With `indent` the standard library encodes in pure Python (~0.8 s for a province's 10,000
    targets, issue 7); `_indented` writes the same text with far fewer calls. Anything it does
    not know exactly how the standard library writes (a non-string key, a non-finite float, an
    object needing `default`) sends the whole document back to `json.dumps`, so the text is
    always byte-identical to it (tests/test_render_json.py compares both).
    """
    try:
        text = _indented(document, "\n")
    except _Unusual:
        text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Unusual(Exception):
    """A value `_indented` leaves to the standard library."""


_isfinite = math.isfinite
_float_repr = float.__repr__
_int_repr = int.__repr__


def _indented(o: Any, newline: str) -> str:
    """One value as `json.dumps(..., indent=2)` writes it at the depth given by `newline`."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return _int_repr(o)
    if isinstance(o, float):
        if not _isfinite(o):
            raise _Unusual
        return _float_repr(o)
    inner = newline + "  "
    if isinstance(o, dict):
        if not o:
            return "{}"
        items = []
        for k, v in o.items():
            if not isinstance(k, str):
                raise _Unusual
            items.append(encode_basestring(k) + ": " + _indented(v, inner))
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if isinstance(o, list | tuple):
        if not o:
            return "[]"
        return "[" + inner + ("," + inner).join([_indented(v, inner) for v in o]) + newline + "]"
    raise _Unusual
