"""render.json.dumps writes exactly what json.dumps(indent=2, ...) writes (issue 7)."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import REPO
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.track import evaluate
from yuanjiang_plan.render.data import status_document
from yuanjiang_plan.render.json import dumps


def reference(document: Any) -> str:
    text = json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False, default=str)
    return "".join(f"\\u{ord(c):04x}" if 0x7f <= ord(c) <= 0x9f or ord(c) in _INVISIBLE else c for c in text)


# Bidirectional controls and line separators (issue 18): escaped like C1.
_INVISIBLE = {0x061C, 0x200E, 0x200F, *range(0x2028, 0x202F), *range(0x2066, 0x206A)}


class Colour(enum.StrEnum):
    RED = "red"


class Number(enum.IntEnum):
    ONE = 1


# Floats where both encoders write the same digits (see render/json.py); others compared as values.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                    st.floats(min_value=1e-4, max_value=1e15), st.floats(min_value=-1e15, max_value=-1e-4),
                    st.just(0.0))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=5), children, max_size=4)),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_same_text_as_json_dumps(document: Any) -> None:
    assert dumps(document) == reference(document)


@pytest.mark.parametrize("document", [
    {"a": [], "b": {}, "c": [[], {}], "d": (1, 2.5, "x")},
    {"控制": "\x1b[31m\x9b\x7f\u2028", "e": Colour.RED, "n": Number.ONE, "t": True},
    {1: "int key", None: "none key", 2.5: "float key"},
    {"date": __import__("datetime").date(2024, 1, 31), "set": {1}},
    [1e300, -0.0, 12345678901234567890],
])
def test_unusual_values(document: Any) -> None:
    assert dumps(document) == reference(document)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=5))
def test_any_float_reads_back_as_the_same_number(values: list[float]) -> None:
    assert json.loads(dumps(values)) == values


def test_status_document_is_byte_identical_to_json_dumps() -> None:
    repo = load_repo(REPO, use_cache=False)
    ev = evaluate(repo.plan, repo.entries, dt.date(2024, 12, 6))
    doc = status_document(ev, list(ev.states.values()))
    assert dumps(doc) == reference(doc)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_refused_as_json_dumps_does(bad: float) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        dumps({"x": [bad]})


class _Float(float):
    """A float subclass (numpy's float64 is one): checked like a float."""


_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=3),
                    st.floats(), st.floats().map(_Float))
_TREES = st.recursive(_LEAVES, lambda kids: st.one_of(
    st.lists(kids, max_size=4), st.lists(kids, max_size=4).map(tuple),
    st.dictionaries(st.text(max_size=3), kids, max_size=4)), max_leaves=25)


@settings(max_examples=300)
@given(_TREES)
def test_non_finite_anywhere_refused_exactly_when_json_dumps_refuses(document: Any) -> None:
    try:
        json.dumps(document, allow_nan=False, default=str)
        refused = False
    except ValueError:
        refused = True
    if refused:
        with pytest.raises(ValueError, match="non-finite"):
            dumps(document)
    else:
        dumps(document)
