"""Responsibility over time (SPEC §3, issue 14): who owed a report for a period is decided by
the plan as committed at that period's deadline, read from git's objects, cached per commit."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import DEPARTMENTS_YAML, TREE_YAML, commit, git, write
from yuanjiang_plan.loader import duty_history, load_repo
from yuanjiang_plan.ops.timeliness import reporting_record, scorecards
from yuanjiang_plan.ops.track import evaluate

# A unit that leads nothing at first; in November it is made lead of task 1.1.
DEPARTMENTS = DEPARTMENTS_YAML + "  - name: 水利局\n    code: slj\n"
NOVEMBER_TREE = TREE_YAML.replace("        lead: [交通局]\n", "        lead: [水利局]\n", 1)


pytestmark = pytest.mark.usefixtures("git_identity")


@pytest.fixture
def reassigned(make_repo: Callable[..., Path]) -> Path:
    """The plan committed on 07-01; on 11-10 水利局 is made lead of 1.1 instead of 交通局."""
    root = make_repo({"2024-07/jt.yaml": "department: 交通局\nperiod: 2024-07\nsubmitted: 2024-08-02\n"
                                         "entries:\n  - target: 1.1.1\n    value: 10\n"},
                     departments=DEPARTMENTS)
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan", "2024-07-01")
    write(root / "plan" / "tree.yaml", NOVEMBER_TREE)
    commit(root, "水利局 leads 1.1", "2024-11-10")
    return root


def periods(record: dict[str, Any], unit: str) -> list[tuple[str, str]]:
    return [(o.period.text, o.outcome.value) for o in record.get(unit, [])]


def test_a_new_lead_owes_only_from_its_first_deadline(reassigned: Path) -> None:
    repo = load_repo(reassigned, use_cache=False)
    history = duty_history(reassigned, repo.plan, use_cache=False)
    as_of = dt.date(2024, 12, 10)
    record = reporting_record(repo.plan, repo.reports, as_of, history)
    # 2024-10 was due on 11-05, before the change: still 交通局's; 2024-11 (due 12-05): 水利局's.
    assert periods(record, "水利局") == [("2024-11", "missing")]
    assert periods(record, "交通局") == [("2024-07", "on_time"), ("2024-08", "missing"),
                                         ("2024-09", "missing"), ("2024-10", "missing")]
    # Without the history, today's plan decides every period: the complaint of issue 14.
    flat = reporting_record(repo.plan, repo.reports, as_of)
    assert [p for p, _ in periods(flat, "水利局")] == ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11"]
    assert periods(flat, "交通局") == []
    # 交通局 leads nothing now but owed reports then: it keeps its scorecard.
    cards = {c.name: c for c in scorecards(evaluate(repo.plan, repo.entries, as_of), repo.reports,
                                           history=history)}
    assert cards["交通局"].led == 0 and cards["交通局"].missing == 3
    assert cards["水利局"].missing == 1 and cards["水利局"].missing_streak == 1


def test_cli_depts_and_report_use_the_history(reassigned: Path, cli: Callable[..., Any]) -> None:
    before = subprocess.run(["git", "status", "--porcelain"], cwd=reassigned, capture_output=True,
                            text=True, check=True).stdout
    index = (reassigned / ".git" / "index").stat().st_mtime_ns
    result = cli("depts", "水利局", "--root", str(reassigned), "--as-of", "2024-12-10", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [r["period"] for r in doc["record"]] == ["2024-11"] and doc["missing_runs"] == []
    text = cli("depts", "--root", str(reassigned), "--as-of", "2024-12-10").stdout
    assert "水利局 连续" not in text
    out = reassigned.parent / "r.md"
    assert cli("report", "--root", str(reassigned), "--as-of", "2024-12-10", "--out", str(out)).exit_code == 0
    assert "- 水利局：未报 2024-11\n" in out.read_text(encoding="utf-8")
    # Read from git's objects only: the work tree and the index are untouched (the index is
    # looked at before `git status`, which refreshes it itself).
    assert (reassigned / ".git" / "index").stat().st_mtime_ns == index
    after = subprocess.run(["git", "status", "--porcelain"], cwd=reassigned, capture_output=True,
                           text=True, check=True).stdout
    assert after == before


def test_duties_are_cached_per_commit_and_a_bad_cache_is_a_miss(reassigned: Path, monkeypatch, tmp_path: Path) -> None:
    repo = load_repo(reassigned, use_cache=False)
    folder = tmp_path / "state"  # the repository's folder under the user's cache home
    first = duty_history(reassigned, repo.plan, cache_dir=folder)
    cache = folder / "duties.json"
    assert not (reassigned / ".plan-cache").exists()
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored["commits"]) == 1  # the last commit is the current plan: never stored
    import yuanjiang_plan.loader as loader

    def no_git_reads(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a warm run reads no plan from git")

    monkeypatch.setattr(loader, "tree_files", no_git_reads)
    assert duty_history(reassigned, repo.plan, cache_dir=folder).versions[0][1] == first.versions[0][1]
    monkeypatch.undo()
    cache.write_text('{"header": 1, "commits": {"x": [1]}}', encoding="utf-8")
    assert duty_history(reassigned, repo.plan, cache_dir=folder).versions[0][1] == first.versions[0][1]


def test_outside_git_the_current_plan_decides(make_repo: Callable[..., Path]) -> None:
    root = make_repo(departments=DEPARTMENTS, tree=NOVEMBER_TREE)
    repo = load_repo(root, use_cache=False)
    history = duty_history(root, repo.plan, use_cache=False)
    assert history.versions == ()
    record = reporting_record(repo.plan, repo.reports, dt.date(2024, 12, 10), history)
    assert len(periods(record, "水利局")) == 5
