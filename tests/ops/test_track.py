"""The SPEC §4 engine, asserted through `plan status --format json` on hand-made repos."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import REPO

SEPTEMBER = {
    "2024-09/交通局.yaml": """\
        department: 交通局
        period: 2024-09
        submitted: 2024-10-03
        entries:
          - target: 1.1.1
            value: 60
          - target: 1.1.2
            stage: 开工
          - target: 1.1.3
            value: 4万亩
            evidence: [测交〔2024〕1号]
          - target: 1.1.4
            note: 开展巡查 12 次
    """,
    "2024-09/发改局.yaml": """\
        department: fgj
        period: 2024-09
        entries:
          - target: G1
            value: 6.3
          - target: G3
            value: "6.2%"
    """,
}


def test_every_status_on_a_fixture(make_repo, status_json):
    root = make_repo(SEPTEMBER)
    doc = status_json(root, "--as-of", "2024-10-15")
    t = doc["by_id"]
    assert t["1.1.1"]["status"] == "on_track"
    assert t["1.1.1"]["completion"] == 0.6
    assert t["1.1.1"]["light"] == "green"
    assert t["1.1.2"]["status"] == "at_risk"  # 1/3 done vs 序时进度 0.58: yellow
    assert t["1.1.2"]["light"] == "yellow"
    assert t["1.1.2"]["stage"] == "开工"
    assert t["1.1.3"]["status"] == "done"
    assert t["1.1.3"]["actual"] == 40000
    # An action with notes but neither `done` nor `percent` is 0% done: red at 58% of the time.
    assert t["1.1.4"]["status"] == "at_risk"
    assert t["1.1.4"]["completion"] == 0.0
    assert t["1.1.4"]["light"] == "red"
    # A rate before its full-year figure: yellow when the latest figure misses (no 序时进度).
    assert t["G1"]["status"] == "at_risk"  # 6.3 < 6.5 (力争: no tolerance)
    assert t["G1"]["light"] == "yellow"
    assert t["G1"]["completion"] == pytest.approx(6.3 / 6.5, abs=1e-4)
    assert t["G2"]["status"] == "no_target"  # change without a baseline
    # 6.2 within 5% of G1's 6.3 (基本同步): on course, but only the 2024 figure makes it done.
    assert t["G3"]["status"] == "on_track"
    assert t["G3"]["light"] == "green"
    assert t["1.2.1"]["status"] == "no_target"
    # The headline completion is the mean over the judged targets (all but no_target/pending).
    judged = [x["completion"] for x in doc["targets"] if x["status"] not in ("no_target", "pending")]
    judged_mean = pytest.approx(sum(judged) / len(judged), abs=1e-4)
    assert doc["summary"] == {
        "targets": 8, "done": 1, "done_late": 0, "on_track": 2, "at_risk": 3, "overdue": 0,
        "not_started": 0, "no_target": 2, "pending": 0, "completion": judged_mean,
        "judged": 6, "done_total": 1, "lights": {"red": 1, "yellow": 2, "blue": 0, "green": 2},
    }


def test_goal_without_unit_is_led_by_the_office(make_repo, status_json):
    doc = status_json(make_repo(SEPTEMBER), "--as-of", "2024-10-15")
    assert doc["by_id"]["G1"]["lead"] == ["发改局"]
    assert doc["by_id"]["1.2.1"]["lead"] == []
    assert doc["by_id"]["1.2.1"]["support"] == ["农业局", "发改局"]


def test_as_of_replays_the_past(make_repo, status_json):
    """Entries count only once their period has ended: mid-September nothing is known."""
    doc = status_json(make_repo(SEPTEMBER), "--as-of", "2024-09-29")
    assert doc["by_id"]["1.1.1"]["status"] == "not_started"
    assert doc["by_id"]["1.1.1"]["completion"] == 0.0
    assert doc["by_id"]["1.1.1"]["actual"] is None
    assert doc["summary"]["not_started"] == 6


def test_overdue_after_the_due_date(make_repo, status_json):
    doc = status_json(make_repo(SEPTEMBER), "--as-of", "2025-01-10")
    t = doc["by_id"]["1.1.1"]
    assert (t["status"], t["light"], t["days_overdue"]) == ("overdue", "red", 10)
    assert doc["by_id"]["1.1.3"]["status"] == "done"
    assert doc["by_id"]["1.1.3"]["days_overdue"] == 0


def test_red_light_when_far_behind(make_repo, status_json):
    progress = {"2024-07/交通局.yaml": """\
        department: 交通局
        period: 2024-07
        entries:
          - target: 1.1.1
            value: 5
    """}
    doc = status_json(make_repo(progress), "--as-of", "2024-11-20")
    t = doc["by_id"]["1.1.1"]
    assert (t["status"], t["light"]) == ("at_risk", "red")
    assert t["last_period"] == "2024-07"
    assert t["last_department"] == "交通局"


def test_blue_light_when_due_soon(make_repo, status_json):
    progress = {"2024-11/交通局.yaml": """\
        department: 交通局
        period: 2024-11
        entries:
          - target: 1.1.1
            value: 90
    """}
    doc = status_json(make_repo(progress), "--as-of", "2024-12-10")
    t = doc["by_id"]["1.1.1"]
    assert (t["status"], t["light"]) == ("on_track", "blue")


def test_latest_period_wins_and_quarter_counts(make_repo, status_json):
    progress = {
        "a.yaml": "department: 交通局\nperiod: 2024-Q3\nentries:\n  - target: 1.1.1\n    value: 30\n",
        "b.yaml": "department: 交通局\nperiod: 2024-10\nentries:\n  - target: 1.1.1\n    value: 55\n",
    }
    root = make_repo(progress)
    assert status_json(root, "--as-of", "2024-10-15")["by_id"]["1.1.1"]["actual"] == 30
    assert status_json(root, "--as-of", "2024-11-01")["by_id"]["1.1.1"]["actual"] == 55


def test_json_fields_are_exactly_the_contract(make_repo, status_json):
    doc = status_json(make_repo(SEPTEMBER), "--as-of", "2024-10-15")
    assert set(doc) - {"by_id"} == {"plan", "as_of", "summary", "targets"}
    assert doc["plan"] == {"id": "test-plan", "title": "测试方案"}
    assert doc["as_of"] == "2024-10-15"
    assert list(doc["summary"]) == ["targets", "done", "done_late", "on_track", "at_risk", "overdue",
                                    "not_started", "no_target", "pending", "completion", "judged",
                                    "done_total", "lights"]
    assert list(doc["targets"][0]) == [
        "id", "title", "section", "task", "kind", "lead", "support", "target", "unit", "actual",
        "stage", "completion", "status", "light", "due", "days_overdue", "days_late", "last_period",
        "last_department", "label", "leaders", "responsible", "reporter", "wording", "step", "units"]


def test_filters(make_repo, status_json):
    root = make_repo(SEPTEMBER)
    ids = [t["id"] for t in status_json(root, "--as-of", "2024-10-15", "--section", "G")["targets"]]
    assert ids == ["G1", "G2", "G3"]
    ids = [t["id"] for t in status_json(root, "--as-of", "2024-10-15", "--dept", "nyj")["targets"]]
    assert ids == ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1"]
    doc = status_json(root, "--as-of", "2024-10-15", "--status", "done,at_risk")
    assert sorted(t["id"] for t in doc["targets"]) == ["1.1.2", "1.1.3", "1.1.4", "G1"]


def test_bad_filter_is_a_usage_error(make_repo, cli):
    root = make_repo(SEPTEMBER)
    result = cli("status", "--root", str(root), "--status", "late")
    assert result.exit_code == 2
    assert "unknown status" in result.stderr
    result = cli("status", "--root", str(root), "--dept", "交通")
    assert result.exit_code == 2
    assert "交通局" in result.stderr  # did-you-mean
    result = cli("status", "--root", str(root), "--as-of", "2024/10/15")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_entries_sorted_as_merge_key_sorts_them(make_repo: Any) -> None:
    """evaluate() sorts without calling merge_key (issue 7): the order must be the same."""
    import datetime as dt

    from yuanjiang_plan.loader import load_repo
    from yuanjiang_plan.ops.track import evaluate

    def merge_key(entry: Any, node: Any) -> tuple[Any, ...]:
        """Which entry wins (SPEC §3): latest period, then latest `submitted`, then the lead's."""
        return (entry.period.end, entry.period.start, entry.submitted or dt.date.min,
                entry.department in node.lead, entry.file, entry.index)

    def known_at(entry: Any, as_of: dt.date) -> bool:
        """SPEC §3 as-of: its period has ended and it had been submitted (unknown dates count)."""
        return entry.period.end <= as_of and (entry.submitted is None or entry.submitted <= as_of)

    root = REPO  # the bundled plan and sample reports
    repo = load_repo(root, use_cache=False)
    entries = repo.entries + repo.entries[::-1]  # duplicates and reversed order: stability
    for day in (dt.date(2024, 6, 30), dt.date(2024, 10, 15), dt.date(2030, 1, 1)):
        ev = evaluate(repo.plan, entries, day)
        for tid, node in repo.plan.targets.items():
            mine = [e for e in entries if known_at(e, day) and e.target == tid]
            assert list(ev.states[tid].entries) == sorted(mine, key=lambda e: merge_key(e, node))
