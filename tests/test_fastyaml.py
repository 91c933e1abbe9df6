"""The fast reader (fastyaml.py) gives exactly what ruamel gives, or defers to it (issue 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuanjiang_plan.read import fastyaml, yamlio

REPO = Path(__file__).resolve().parents[1]


def ruamel(text: str) -> tuple[Any, list[Any]]:
    """yamlio.parse with the fast path switched off: the reference."""
    saved = fastyaml.load
    fastyaml.load = lambda text: fastyaml.UNSURE  # type: ignore[assignment]
    try:
        return yamlio.parse(text, "x.yaml")
    finally:
        fastyaml.load = saved  # type: ignore[assignment]


SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "True", "FALSE", "tRue", "010", "0",
    "-0", "+5", "007", "1_000", "0x1F", "0o17", "0b101", "1:30", "1:30:00", "12e3", "1.5e3",
    "1.", ".5", "-.5", "+1.25", ".inf", "-.Inf", ".nan", "~", "null", "Null", "NULL", "",
    "2024-01-05", "2024-1-5", "2024-02-30", "2024-01-05T10:00:00", "2024-01-05 10:00:00 +8",
    "2024-07", "2024-Q3", "4.5万", "3.3万亩", "=", "<<", "'quoted'", '"010"', "!!str 010",
    "!!int '12'", "!!bool yes", "!!float 1", "!custom x", "&a 1", "[1, 2]", "{a: 1}", "85%",
    "沅交发〔2024〕12号", "- x", "a: b", "1e400", "123456789012345678901234567890", "0.1",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_as_ruamel_reads_them(scalar: str) -> None:
    text = f"value: {scalar}\n"
    assert yamlio.parse(text, "x.yaml") == ruamel(text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",  # duplicate key: ruamel's diagnostic with its line
    "entries:\n  - target: 1\n    target: 2\n",
    "a: [1\n", "a: 'x\n", "\tkey: 1\n", "a: 1\n---\nb: 2\n", "%YAML 1.1\n---\na: yes\n",
    "base: &b {x: 1}\nother: *b\n", "base: &b {x: 1}\nother:\n  <<: *b\n", "? [a]\n: 1\n",
    "a: !!binary aGVsbG8=\n", "a: !!set {x}\n", "- [[[[[[[1]]]]]]]\n", "", "# only a comment\n",
    "a:\n  - 1\n  - {b: [2, {c: 2024-01-05}]}\n", "date: 2024-02-30\n",
])
def test_documents_read_as_ruamel_reads_them(text: str) -> None:
    assert yamlio.parse(text, "x.yaml") == ruamel(text)


def test_bundled_files_identical() -> None:
    files = sorted([*REPO.glob("plan/*.yaml"), *REPO.glob("progress/**/*.yaml")])
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        fast = fastyaml.load(text)
        assert fast is not fastyaml.UNSURE, path  # the fast path does the real work
        assert (fast, []) == ruamel(text), path


def test_dates_and_numbers_have_the_right_types() -> None:
    data = fastyaml.load("d: 2024-07-04\ni: 010\nf: 1.50\ns: on\n")
    assert data == {"d": dt.date(2024, 7, 4), "i": 10, "f": 1.5, "s": "on"}
    assert type(data["i"]) is int and type(data["f"]) is float


PIECES = st.sampled_from([*SCALARS, ":", " ", "#", "'", '"', "-", "\n", "  ", "[", "]", "{", "}",
                          ",", "&x", "*x", "!", "|", ">", "?", "%", "@", "`", "：", "万", "1", "a"])


def outcome(read: Any, text: str) -> Any:
    try:
        return read(text)
    except Exception as exc:  # ruamel's own crashes (e.g. KeyError on `!!bool yesyes`) must match too
        return type(exc)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=12))
def test_arbitrary_documents_read_as_ruamel_reads_them(pieces: list[str]) -> None:
    text = "k: " + "".join(pieces) + "\n"
    assert outcome(lambda t: yamlio.parse(t, "x.yaml"), text) == outcome(ruamel, text)
