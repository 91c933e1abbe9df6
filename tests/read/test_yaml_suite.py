"""The official yaml-test-suite through the project's one reader (issue 12).

Every valid case loads as exactly its `in.json` (YAML 1.2 core schema; a plain `YYYY-MM-DD`
is a `date`, compared as its ISO text), unless it is listed below with the reason it is
refused; every invalid case is refused, unless listed as accepted. Every refusal is one
located diagnostic, and no input crashes. The lists are checked both ways: a listed case that
starts to load (or to be refused) fails the test, so the lists cannot go stale.

The data is vendored under tests/yaml-test-suite/ (MIT licence, see its README).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

from helpers import TESTS
from yuanjiang_plan.read.yaml import parse

SUITE = TESTS / "yaml-test-suite"
CASES = sorted(str(p.parent.relative_to(SUITE)) for p in SUITE.rglob("in.yaml"))

# Refused by design (README "Limits"): plain data needs no tags, anchors/aliases (no alias can
# expand), keys that are not scalars, several documents per file, or YAML 1.1 rules.
BY_DESIGN: dict[str, tuple[str, ...]] = {
    "yaml-alias": (
        "26DV", "3GZX", "6KGN", "7BUB", "E76Z", "JS2J", "V55R", "X38W",
    ),
    "yaml-tag": (
        "2AUY", "2XXW", "33X3", "35KP", "52DL", "565N", "57H4", "5TYM", "6CK3", "6JWB", "6WLZ",
        "735Y", "74H7", "7FWL", "8MK2", "9KAX", "9WXW", "BU8L", "C4HZ", "CC74", "CUP7", "EHF6",
        "F2C7", "FH7J", "HMQ5", "J7PZ", "L94M", "LE5A", "M5C3", "P76L", "S4JQ", "U3C3", "UGM3",
        "UKK6/02", "WZ62", "Z67P", "Z9M4",
    ),
    "yaml-anchor": (
        "3R3P", "6BFJ", "7BMT", "8XYN", "CN3R", "FTA2", "KSS4", "PW8X", "RZP5", "SKE5", "U3XV",
        "W5VH", "XW4D", "Y2GN", "ZH7C", "ZWK4",
    ),
    "complex-key": (
        "4FJ6", "6PBE", "9MMW", "KK5P", "LX3P", "M2N8/01", "M5DY", "Q9WF", "SBG9", "V9D5",
    ),
    "multiple-documents": (
        "6XDY", "6ZKB", "9DXL", "JHB9", "L383", "PUW8", "RZT7", "U9NS",
    ),
    "yaml-version": (
        "MUS6/02", "MUS6/03", "MUS6/04",
    ),
}

# Valid YAML that libyaml (PyYAML 6.0.4's bundled copy) rejects as a syntax error. None is
# something a progress or plan file needs: empty or multi-line flow keys, tabs as separation,
# `...`/bare-document streams (several documents are refused anyway), reserved directives.
# Each gives a located `yaml-syntax` error, never different data.
LIBYAML_REJECTS: dict[str, str] = {
    "2JQS": "Block Mapping with Missing Keys",
    "2LFX": "Spec Example 6.13. Reserved Directives [1.3]",
    "2SXE": "Anchors With Colon in Name",
    "4ABK": "Flow Mapping Separate Values",
    "4MUZ/00": "Flow mapping colon on line after key",
    "4MUZ/01": "Flow mapping colon on line after key",
    "4MUZ/02": "Flow mapping colon on line after key",
    "58MP": "Flow mapping edge cases",
    "5MUD": "Colon and adjacent value on next line",
    "5T43": "Colon at the beginning of adjacent flow scalar",
    "6BCT": "Spec Example 6.3. Separation Spaces",
    "6CA3": "Tab indented top flow",
    "6LVF": "Spec Example 6.13. Reserved Directives",
    "6M2F": "Aliases in Explicit Block Mapping",
    "7Z25": "Bare document after document end marker",
    "96NN/00": "Leading tab content in literals",
    "96NN/01": "Leading tab content in literals",
    "9SA2": "Multiline double quoted flow mapping key",
    "A2M4": "Spec Example 6.2. Indentation Indicators",
    "BEC7": "Spec Example 6.14. “YAML” directive",
    "CFD4": "Empty implicit key in single pair flow sequences",
    "DBG4": "Spec Example 7.10. Plain Characters",
    "DK3J": "Zero indented block scalar with line that looks like a comment",
    "DK95/00": "Tabs that look like indentation",
    "DK95/03": "Tabs that look like indentation",
    "DK95/04": "Tabs that look like indentation",
    "FP8R": "Zero indented block scalar",
    "FRK4": "Spec Example 7.3. Completely Empty Flow Nodes",
    "HM87/00": "Scalars in flow start with syntax char",
    "HWV9": "Document-end marker",
    "K3WX": "Colon and adjacent value after comment on next line",
    "M2N8/00": "Question mark edge cases",
    "M7A3": "Spec Example 9.3. Bare Documents",
    "MUS6/05": "Directive variants",
    "MUS6/06": "Directive variants",
    "NHX8": "Empty Lines at End of Document",
    "NJ66": "Multiline plain flow mapping key",
    "NKF9": "Empty keys in block and flow mapping",
    "Q5MG": "Tab at beginning of line followed by a flow mapping",
    "QT73": "Comment and document-end marker",
    "R4YG": "Spec Example 8.2. Block Indentation Indicator",
    "S3PD": "Spec Example 8.18. Implicit Block Mapping Entries",
    "SM9W/01": "Single character streams",
    "UKK6/00": "Syntax character edge cases",
    "UT92": "Spec Example 9.4. Explicit Documents",
    "VJP3/01": "Flow collections over many lines",
    "W4TN": "Spec Example 9.5. Directives Documents",
    "Y79Y/001": "Tabs in various contexts",
    "Y79Y/010": "Tabs in various contexts",
}

# Valid, but libyaml takes a `?` glued to a flow scalar for the explicit-key indicator and drops
# it (`{?foo: bar}` gave key 'foo'): refused (`yaml-syntax`, "quote it") instead of misread.
MISREAD_REFUSED: dict[str, str] = {
    "652Z": "Question mark at start of flow key",
    "HM87/01": "Scalars in flow start with syntax char",
}

# Invalid, accepted as this data (libyaml does not check it and no cheap check on the nodes
# can): a block scalar whose leading blank lines hold more spaces than its first content line.
INVALID_ACCEPTED: dict[str, Any] = {
    "S98Z": {"empty block scalar": ""},
}


def _refused_code(case: str) -> str | None:
    for code, cases in BY_DESIGN.items():
        if case in cases:
            return code
    if case in LIBYAML_REJECTS or case in MISREAD_REFUSED:
        return "yaml-syntax"
    return None


def _documents(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    out, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        value, i = decoder.raw_decode(text, i)
        out.append(value)


def _plain(value: Any) -> Any:
    """Data as JSON sees it: dates as ISO text (the project's one addition to the core schema)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):  # JSON keys are text: `1: x` has the key "1" there
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    return json.dumps(_plain(key))


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, float) and isinstance(want, float) and math.isnan(got):
        return math.isnan(want)
    if isinstance(got, bool) or isinstance(want, bool):
        return type(got) is type(want) and got == want
    if isinstance(got, dict) and isinstance(want, dict):
        # a mapping is unordered (RR7F lists its keys in another order than its in.json)
        return set(got) == set(want) and all(_same(got[k], want[k]) for k in got)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(_same(a, b) for a, b in zip(got, want, strict=True))
    return type(got) is type(want) and got == want


def test_suite_is_vendored() -> None:
    assert len(CASES) == 402
    assert (SUITE / "License").is_file()


@pytest.mark.parametrize("case", CASES)
def test_case(case: str) -> None:
    folder = SUITE / case
    text = (folder / "in.yaml").read_bytes().decode("utf-8")
    located, diags = parse(text, "x.yaml")
    invalid = (folder / "error").exists()
    if located is None:
        assert len(diags) == 1 and diags[0].line is not None and diags[0].line >= 1
        assert diags[0].col is not None and diags[0].col >= 1
    if invalid:
        if case in INVALID_ACCEPTED:
            assert located is not None and located.data == INVALID_ACCEPTED[case]
        else:
            assert located is None, f"invalid input accepted as {located.data!r}"  # type: ignore[union-attr]
        return
    code = _refused_code(case)
    if code is not None:
        assert located is None, f"listed as refused ({code}) but loads"
        assert diags[0].code == code, diags[0]
        return
    assert located is not None, f"valid input refused: {diags[0].code} {diags[0].message}"
    expected_file = folder / "in.json"
    if not expected_file.exists():  # no JSON form (a null key: DFF7)
        return
    docs = _documents(expected_file.read_text(encoding="utf-8"))
    want = docs[0] if docs else None
    assert len(docs) <= 1
    assert _same(_plain(located.data), want), f"{_plain(located.data)!r} != {want!r}"


def test_counts() -> None:
    """The figures of the issue's closing note (today's code: 25 valid rejected, 12 invalid
    accepted): valid inputs rejected other than by design, and invalid inputs accepted."""
    valid = [c for c in CASES if not (SUITE / c / "error").exists()]
    invalid = [c for c in CASES if (SUITE / c / "error").exists()]
    by_design = sum(len(v) for v in BY_DESIGN.values())
    assert (len(valid), len(invalid)) == (308, 94)
    assert by_design == 82
    assert len(LIBYAML_REJECTS) + len(MISREAD_REFUSED) == 51
    assert len(INVALID_ACCEPTED) == 1
