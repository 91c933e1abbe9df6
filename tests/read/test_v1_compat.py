"""A version-1 plan is a version-2 plan (SPEC §2a): the bundled plan loads with the same
reporting units, and the one rule that changed — several lead units: only the first owes
reports — is shown on a plan written in version 1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import REPO
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.timeliness import reporting_record, scorecards
from yuanjiang_plan.ops.track import evaluate


def test_bundled_plan_reporting_units_are_the_version_1_ones() -> None:
    repo = load_repo(REPO, use_cache=False)
    plan = repo.plan
    for node in plan.targets.values():
        # version 1: the lead units, or every supporting unit where there is no lead
        assert len(node.lead) <= 1, node.id  # no target of the bundled plan has two leads
        assert node.reporters == (node.lead or node.support), node.id
        assert not node.responsible and not node.breakdown and not node.schedule
        assert node.reporting == plan.meta.reporting and node.basis == "plan"
    codes = {d.code for d in repo.diagnostics}
    assert not codes & {"open-group", "no-responsible-unit", "reporter-not-lead"}
    assert [s.label for s in plan.sections] == ["（一）", "（二）", "（三）", "（四）"]


def test_bundled_table_keeps_the_document_numbering(cli: Callable[..., Any]) -> None:
    table = cli("status", "--root", str(REPO), "--as-of", "2024-12-06").stdout
    for label in ("（一）", "（二）", "（三）", "（四）"):
        assert label in table


PLAN = """\
id: v1
title: 版本一方案
start: 2024-01-01
end: 2024-12-31
reporting: {cadence: monthly, due_day: 5}
"""
DEPARTMENTS = """\
departments:
  - name: 区财政局
  - name: 区税务局
"""
TREE = """\
sections:
  - id: '1'
    title: 财政
    tasks:
      - id: '1.1'
        title: 收入
        lead: [区财政局, 区税务局]
        targets:
          - {id: 1.1.1, title: 一般公共预算收入增长, kind: level, target: 12, unit: '%'}
"""


def test_two_lead_units_only_the_first_owes_reports(make_repo: Callable[..., Path]) -> None:
    root = make_repo({"2024-01/czj.yaml": "department: 区财政局\nperiod: 2024-01\n"
                                          "submitted: 2024-02-03\nentries:\n"
                                          "  - {target: 1.1.1, value: 12.5}\n"},
                     tree=TREE, plan=PLAN, departments=DEPARTMENTS)
    repo = load_repo(root, use_cache=False)
    day = dt.date(2024, 3, 10)
    record = reporting_record(repo.plan, repo.reports, day)
    assert list(record) == ["区财政局"]  # version 1 also had 区税务局 owe (and miss) 2 reports
    assert [o.outcome.value for o in record["区财政局"]] == ["on_time", "missing"]
    cards = {c.name: c for c in scorecards(evaluate(repo.plan, repo.entries, day), repo.reports)}
    assert (cards["区税务局"].led, cards["区税务局"].supported, cards["区税务局"].reports_due) == (0, 1, 0)
