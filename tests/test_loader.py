"""The orchestrator (loader.py) tested directly: read -> resolve -> check -> locate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import SEPTEMBER_LIKE, TREE_YAML
from yuanjiang_plan.loader import PlanInvalid, load_plan_or_fail, load_repo

BAD = "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 9.9.9\n    value: 1\n"


def test_loads_plan_and_reports(make_repo: Callable[..., Path]) -> None:
    repo = load_repo(make_repo(SEPTEMBER_LIKE), use_cache=False)
    assert sorted(r.file for r in repo.reports) == ["progress/2024-09/交通局.yaml", "progress/2024-09/发改局.yaml"]
    assert {(e.target, e.department) for e in repo.entries} == {
        ("1.1.1", "交通局"), ("1.1.3", "交通局"), ("G1", "发改局")}
    assert not [d for d in repo.diagnostics if d.is_error]


def test_every_bad_file_is_reported_and_the_rest_still_load(make_repo: Callable[..., Path]) -> None:
    repo = load_repo(make_repo({**SEPTEMBER_LIKE, "2024-09/农业局.yaml": BAD,
                                "2024-10/x.yaml": "department: [\n"}), use_cache=False)
    errors = [d for d in repo.diagnostics if d.is_error]
    assert {d.path for d in errors} == {"progress/2024-09/农业局.yaml", "progress/2024-10/x.yaml"}
    assert all(d.line is not None and d.line >= 1 for d in errors), errors
    unknown = next(d for d in errors if d.code == "unknown-target")
    assert (unknown.line, unknown.path) == (4, "progress/2024-09/农业局.yaml")
    # The good reports are unaffected.
    assert {r.file for r in repo.reports} >= {"progress/2024-09/交通局.yaml", "progress/2024-09/发改局.yaml"}


def test_an_unusable_plan_raises_with_located_diagnostics(make_repo: Callable[..., Path]) -> None:
    root = make_repo(SEPTEMBER_LIKE, tree=TREE_YAML.replace("title:", "titel:", 1))
    with pytest.raises(PlanInvalid) as caught:
        load_repo(root, use_cache=False)
    diags = caught.value.diagnostics
    assert {d.code for d in diags} >= {"unknown-key", "missing-key"}
    assert all(d.path == "plan/tree.yaml" and d.line is not None for d in diags), diags
    with pytest.raises(PlanInvalid):
        load_plan_or_fail(root)


def test_the_cache_never_changes_the_answer(make_repo: Callable[..., Path]) -> None:
    root = make_repo({**SEPTEMBER_LIKE, "2024-09/农业局.yaml": BAD})
    cold = load_repo(root, use_cache=False)
    first = load_repo(root, use_cache=True)
    warm = load_repo(root, use_cache=True)
    for repo in (first, warm):
        assert repo.reports == cold.reports
        assert repo.diagnostics == cold.diagnostics


def test_reading_runs_without_the_collector(make_repo: Callable[..., Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan and reports are read with the cyclic collector off (a province's plan files
    compose 6x slower with it on), and it is back on afterwards."""
    import gc

    from yuanjiang_plan import loader

    seen: list[tuple[str, bool]] = []
    for name in ("load_plan", "load_reports", "cross_file_checks"):
        original = getattr(loader, name)
        monkeypatch.setattr(loader, name, lambda *a, _f=original, _n=name, **k: (
            seen.append((_n, gc.isenabled())), _f(*a, **k))[1])
    assert gc.isenabled()
    load_repo(make_repo(SEPTEMBER_LIKE), use_cache=False)
    assert seen == [("load_plan", False), ("load_reports", False), ("cross_file_checks", False)]
    assert gc.isenabled()


MET = """\
department: 交通局
period: 2024-10
entries:
  - target: 1.1.3
    value: 4万亩
  - target: 1.1.1
    note: 进展顺利
    value: 120
"""


def test_the_checks_of_one_entry_run_as_its_file_loads(make_repo: Callable[..., Path],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """missing-evidence (and the other checks of one entry) come with the file's own results:
    placed from the parse at hand, never by reading the file again, and left out of the
    cross-file pass."""
    from yuanjiang_plan import loader
    from yuanjiang_plan.read import yamlio

    root = make_repo({**SEPTEMBER_LIKE, "2024-10/交通局.yaml": MET})
    cross: list[str] = []
    original = loader.cross_file_checks

    def recorded(plan: object, reports: object) -> list[object]:
        found = original(plan, reports)  # type: ignore[arg-type]
        cross.extend(d.code for d in found)
        return found  # type: ignore[return-value]

    monkeypatch.setattr(loader, "cross_file_checks", recorded)

    def no_second_parse(text: str) -> None:
        raise AssertionError("a file was parsed again to place a diagnostic")

    repo = load_repo(root, use_cache=False)
    monkeypatch.setattr(yamlio, "positions", no_second_parse)
    missing = sorted((d.line, d.col) for d in repo.diagnostics if d.code == "missing-evidence")
    assert missing == [(4, 13), (6, 13)]
    assert "missing-evidence" not in cross
