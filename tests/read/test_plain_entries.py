"""Entries as most are written skip pydantic (issue 12): `plain_fields` accepts only what the
`Entry` model accepts unchanged, and gives exactly the model's fields."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from yuanjiang_plan.core.model import Entry
from yuanjiang_plan.read.progress import ENTRY_KEYS, is_blank_entry, plain_fields

texts = st.one_of(st.sampled_from(["", "1.1.1", "主体完工", "x" * 64, "x" * 65, " ", "4.5万亩"]),
                  st.text(max_size=70))
numbers = st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0, 100, 101, -1, 0.0, 100.0, 100.5, -0.0, 1e308]))
anything = st.one_of(st.none(), st.booleans(), texts, numbers, st.lists(texts, max_size=3),
                     st.lists(st.one_of(texts, numbers, st.none()), max_size=3),
                     st.dictionaries(texts, texts, max_size=2), st.dates(), st.tuples(texts))
plain = st.fixed_dictionaries(
    {"target": st.sampled_from(["1.1.1", "G1", "示范社区", "x" * 64])},
    optional={"value": st.one_of(st.integers(0, 10**6), st.floats(0, 1e6), st.sampled_from(["4.5万", "62个"])),
              "stage": texts.filter(bool), "note": texts, "done": st.booleans(),
              "percent": st.one_of(st.integers(0, 100), st.floats(0, 100)),
              "evidence": st.one_of(st.none(), st.sampled_from(["交发〔2024〕1号"]),
                                    st.lists(st.sampled_from(["a.pdf", "交发〔2024〕1号"]), max_size=3))},
)
# A plainly written entry with a field or two replaced by anything (or an unknown key added):
# most of these are just outside what `plain_fields` may accept.
entries = st.builds(
    lambda base, changes: {**base, **changes}, plain,
    st.dictionaries(st.one_of(st.sampled_from(sorted(ENTRY_KEYS)), st.sampled_from(["colour", "Value", 1])),
                    anything, max_size=2),
)


def _model_fields(raw: dict[Any, Any]) -> tuple[object, ...] | None:
    try:
        m = Entry.model_validate(raw)
    except ValidationError:
        return None
    return (m.target, m.value, m.stage, m.note, m.done, m.percent, tuple(m.evidence))


def _same(a: object, b: object) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


@given(entries)
def test_plain_fields_are_the_models(raw: dict[Any, Any]) -> None:
    fields = plain_fields(raw)
    if fields is not None:
        model = _model_fields(raw)
        assert model is not None, raw  # accepted here: pydantic accepts it too
        assert _same(fields, model), (fields, model)
        assert not is_blank_entry(raw) or fields[1:6] != (None,) * 5


EDGES: list[object] = [
    None, True, False, 0, 1, -1, 100, 101, 10**30, 0.0, -0.0, 1.5, 100.0, 100.5, -0.5, math.inf, -math.inf,
    math.nan, "", " ", "a", "x" * 64, "x" * 65, "4.5万", [], [""], ["a"], ["a", ""], [1], ["a", None],
    ("a",), {"a": 1}, {}, dt.date(2024, 9, 30), b"a",
]
BASES: list[dict[str, object]] = [{"target": "1.1.1", "value": 5}, {"target": "1.1.4", "note": "巡查"},
                                  {"target": "1.1.2", "stage": "开工", "percent": 50, "evidence": ["a.pdf"]}]


@pytest.mark.parametrize("key", [*sorted(ENTRY_KEYS), "colour", 1])
def test_every_edge_of_every_field(key: object) -> None:
    """Each field set to each edge value in turn, next to plainly valid fields."""
    accepted = 0
    for base in BASES:
        for edge in EDGES:
            raw = {**base, key: edge}
            fields = plain_fields(raw)
            if fields is not None:
                accepted += 1
                model = _model_fields(raw)
                assert model is not None, raw
                assert _same(fields, model), (fields, model)
    assert accepted > 0 or key in ("colour", 1)


@given(plain)
def test_plainly_written_entries_take_the_fast_way(raw: dict[str, Any]) -> None:
    """Else the test above would pass with a `plain_fields` that accepts nothing."""
    if len(raw) > 1 and any(raw.get(k) is not None for k in ("value", "stage", "note", "done", "percent")):
        fields = plain_fields(raw)
        assert fields is not None, raw
        assert _same(fields, _model_fields(raw))


def test_entry_keys_are_the_models_fields() -> None:
    assert set(Entry.model_fields) == ENTRY_KEYS
    assert Entry.model_json_schema()["properties"]["target"]["maxLength"] == 64  # _MAX_ID
