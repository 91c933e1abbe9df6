"""The core schema's typing of plain scalars (read/yaml/schema.py) against its definition."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from yuanjiang_plan.read.yaml.schema import NULL, STR, resolve_plain

# YAML 1.2.2 §10.3.2 tag resolution, in the spec's order, plus the project's plain ISO date.
_SPEC = [
    ("core null", r"(?:null|Null|NULL|~)?"),
    ("core bool", r"(?:true|True|TRUE|false|False|FALSE)"),
    ("core int", r"[-+]?[0-9]+"),
    ("core int", r"0o[0-7]+"),
    ("core int", r"0x[0-9a-fA-F]+"),
    ("core float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"),
    ("core float", r"[-+]?\.(?:inf|Inf|INF)"),
    ("core float", r"\.(?:nan|NaN|NAN)"),
    ("core date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
]


def _reference(value: str) -> str:
    for kind, pattern in _SPEC:
        if re.fullmatch(pattern, value):
            return kind
    return STR


_SCALARS = st.text(st.sampled_from(list("0123456789.-+eExXoaAfFinINntTrul~_ 中")), max_size=12)


@settings(max_examples=3000)
@given(_SCALARS)
@example("1.2.3")
@example("2024-10-03")
@example("1.")
@example(".5")
@example("-.inf")
@example("1e-5")
@example("0x1F")
@example("0o17")
@example("2024-1-03")
@example("12345-10-03")
def test_plain_scalars_are_typed_as_the_core_schema_says(value: str) -> None:
    got = resolve_plain(value)
    assert got == _reference(value) or (got is NULL and value == ""), value
