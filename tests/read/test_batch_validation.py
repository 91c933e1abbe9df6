"""Entries validated a file at a time (issue 7) give exactly the per-entry results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from yuanjiang_plan.read import progress as load
from yuanjiang_plan.read.plan import load_plan
from yuanjiang_plan.read.progress import load_report

MIXED = """\
department: 交通局
period: 2024-09
entries:
  - target: 1.1.1
    value: 60
  - target: 1.1.2
  - target: 1.1.2
    stage: 主体完工
    colour: red
  - just a string
  - target: 1.1.4
    note: 巡查12次
    done: maybe
  - target: 9.9.9
    value: 1
  - target: 1.1.3
    value: 3万个
"""
VALID = """\
department: 交通局
period: 2024-09
entries:
  - target: 1.1.1
    value: 60
  - target: 1.1.2
    stage: 主体完工
  - target: 1.1.4
    note: 巡查12次
    evidence: [a.pdf]
  - target: G1
    value: 6.0
"""


@pytest.mark.parametrize("text", [MIXED, VALID], ids=["mixed", "valid"])
def test_same_as_entry_by_entry(make_repo: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
                                text: str) -> None:
    root = make_repo({"2024-09/交通局.yaml": text})
    plan, _ = load_plan(root)
    assert plan is not None
    path = root / "progress" / "2024-09" / "交通局.yaml"
    batched = load_report(path, "progress/2024-09/交通局.yaml", plan, root)
    calls: list[bool] = []
    real = load._validate_entries

    def spy(raws: list[object]) -> object:
        result = real(raws)
        calls.append(result is not None)
        return result

    monkeypatch.setattr(load, "_validate_entries", spy)
    assert load_report(path, "progress/2024-09/交通局.yaml", plan, root) == batched
    assert calls == [text is VALID]  # one call per file; it fails as soon as one entry is bad
    monkeypatch.setattr(load, "_validate_entries", lambda raws: None)  # entry by entry
    single = load_report(path, "progress/2024-09/交通局.yaml", plan, root)
    assert single == batched
    report, diags = single
    if text is VALID:
        assert report is not None and len(report.entries) == 4 and not any(d.is_error for d in diags)
    else:
        codes = sorted(d.code for d in diags)
        assert {"unknown-key", "bad-shape", "bad-value", "unknown-target", "unit-mismatch",
                "empty-entry"} <= set(codes), codes


@pytest.mark.parametrize(("raw", "expected"), [
    ("''", "entries.0.target: 不能为空 (must not be empty)"),
    ("x" * 65, "entries.0.target: 太长 (too long)"),
    ("1.5", "entries.0.target: 编号 1.5 被读成了数字，请加引号，如 '1.5' (the ID was read as a number: quote it)"),
])
def test_a_bad_target_id_is_named_in_chinese(make_repo: Callable[..., Path], raw: str, expected: str) -> None:
    """The bounds of an ID are checked by pydantic-core on the string (core/model/base.py
    NodeId); its error types still get the clerk's words, never pydantic's English."""
    text = f"department: 交通局\nperiod: 2024-09\nentries:\n  - target: {raw}\n    value: 1\n"
    root = make_repo({"2024-09/交通局.yaml": text})
    plan, _ = load_plan(root)
    assert plan is not None
    rel = "progress/2024-09/交通局.yaml"
    _, diags = load_report(root / rel, rel, plan, root)
    assert [(d.code, d.message, d.line) for d in diags if d.is_error] == [("bad-value", expected, 4)]
