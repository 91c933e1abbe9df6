"""Cross-file warnings for every kind of target (checks.py works them out per target, issue 7)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.checks import missing_evidence, regressions

AUGUST = """\
department: 交通局
period: 2024-08
entries:
  - target: 1.1.1
    value: 120
  - target: 1.1.3
    value: 30000
  - target: G1
    value: 6.5
  - target: 1.2.1
    value: 30
"""
SEPTEMBER = """\
department: 交通局
period: 2024-09
entries:
  - target: 1.1.1
    value: 100
    evidence: [交发〔2024〕1号]
  - target: 1.1.3
    value: 20000
  - target: 1.1.2
    stage: 投入使用
  - target: 1.1.4
    done: true
  - target: G1
    value: 6.4
"""
OCTOBER = """\
department: 交通局
period: 2024-10
entries:
  - target: 1.1.2
    stage: 主体完工
  - target: 1.1.4
    note: 巡查
    done: false
  - target: 1.1.3
    value: 25000
"""


def test_met_without_evidence_and_regressions(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"2024-08/交通局.yaml": AUGUST, "2024-09/交通局.yaml": SEPTEMBER,
                      "2024-10/交通局.yaml": OCTOBER})
    repo = load_repo(root, use_cache=False)
    missing = [(d.path.split("/")[1], d.message.split()[0]) for d in missing_evidence(repo.plan, repo.reports)]
    # quantity reached (120 >= 100), last stage, done; not: the quantity with evidence, values
    # below the goal, a level without a number, done: false, and a level reached (G1 6.5 >= 6.5):
    # level targets need no 佐证材料 unless the plan says `evidence: required` (SPEC §2a)
    assert missing == [("2024-08", "1.1.1"), ("2024-09", "1.1.2"), ("2024-09", "1.1.4")]
    falls = [(d.path.split("/")[1], d.message.split()[0]) for d in regressions(repo.plan, repo.reports)]
    # 1.1.1 120 -> 100 and 1.1.3 30000 -> 20000 fall; 20000 -> 25000 still below the best
    assert falls == [("2024-09", "1.1.1"), ("2024-09", "1.1.3"), ("2024-10", "1.1.3")]
