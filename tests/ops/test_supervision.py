"""Supervision views (`overdue`, `show`, `depts`) and the rules of issue 3, through the CLI's JSON."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from golden import check
from helpers import DEPARTMENTS_YAML, PLAN_YAML, REPO, git, write

# A plan with every kind of target the supervision rules touch.
SUP_TREE = """\
goals:
  - id: G1
    title: 生产总值增长
    kind: level
    target: 6.5
    unit: "%"
    qualifier: strive
  - id: G2
    title: 城镇化率提高
    kind: level
    change: 0.7
    baseline: 60.0
    unit: "%"
    qualifier: about
  - id: G3
    title: 收入增长与经济增长基本同步
    kind: level
    ref: G1
    unit: "%"
    qualifier: same_pace
sections:
  - id: '1'
    label: （一）
    title: 交通
    tasks:
      - id: '1.1'
        title: 建设
        text: 加快建设快充桩、大桥，修复湿地，落实禁渔。
        lead: [交通局]
        support: [农业局]
        targets:
          - id: 1.1.1
            title: 新建快充桩
            text: 新建公共快充桩100个
            kind: quantity
            target: 100
            unit: 个
            due: 2024-09-30
          - id: 1.1.2
            title: 大桥
            kind: milestone
            stages:
              - {name: 开工, due: 2024-08-31}
              - 主体完工
              - 投入使用
          - id: 1.1.3
            title: 修复湿地
            text: 修复湿地4万亩左右
            kind: quantity
            target: 40000
            unit: 亩
            qualifier: about
          - id: 1.1.4
            title: 落实禁渔
            kind: action
      - id: '1.2'
        title: 环境
        lead: []
        support: [农业局, 发改局]
        targets:
          - id: 1.2.1
            title: PM2.5 浓度
            kind: level
            target: 35
            unit: μg/m³
            op: "<="
            qualifier: at_most
          - id: 1.2.2
            title: 清理河道
            kind: quantity
            target: 10
            unit: 条
            due: 2024-08-31
"""

EXTENSION = """\
extensions:
  - target: 1.1.1
    due: 2024-11-30
    approved_by: 市政府办
    reason: 设备到货延迟
    date: 2024-09-20
"""


def report(dept: str, period: str, submitted: str | None, *entries: str) -> str:
    head = f"department: {dept}\nperiod: {period}\n"
    if submitted:
        head += f"submitted: {submitted}\n"
    body = "".join(f"  - {e}\n" for e in entries) or "  - {target: 1.1.4, note: 巡查}\n"
    return head + "entries:\n" + body


@pytest.fixture
def sup_repo(tmp_path: Path) -> Callable[..., Path]:
    """Like conftest's make_repo, but each call gets its own folder (tests compare repos)."""
    made = iter(range(1000))

    def make(progress: dict[str, str] | None = None, extensions: str | None = EXTENSION,
             tree: str = SUP_TREE) -> Path:
        root = tmp_path / f"repo{next(made)}"
        write(root / "plan" / "plan.yaml", PLAN_YAML)
        write(root / "plan" / "departments.yaml", DEPARTMENTS_YAML)
        write(root / "plan" / "tree.yaml", tree)
        if extensions:
            write(root / "plan" / "extensions.yaml", extensions)
        (root / "progress").mkdir()
        for rel, text in (progress or {}).items():
            write(root / "progress" / rel, text)
        return root

    return make


def run_json(cli: Callable[..., Any], *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def show(cli: Callable[..., Any], root: Path, node: str, as_of: str) -> dict[str, Any]:
    return run_json(cli, "show", node, "--root", str(root), "--as-of", as_of)  # type: ignore[no-any-return]


def depts(cli: Callable[..., Any], root: Path, as_of: str, *args: str) -> Any:
    return run_json(cli, "depts", *args, "--root", str(root), "--as-of", as_of)


def diagnostics(cli: Callable[..., Any], root: Path) -> set[tuple[str, str]]:
    result = cli("validate", "--root", str(root), "--format", "json")
    return {(d["code"], d["path"]) for d in json.loads(result.stdout)}


# ---------------------------------------------------------------- statuses and lights


def test_every_status_and_light(sup_repo, cli):
    root = sup_repo({
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-03",
                             "{target: 1.1.1, value: 60}", "{target: 1.1.3, value: 4万亩, evidence: [文1]}",
                             "{target: 1.1.2, stage: 开工}", "{target: 1.1.4, note: 巡查}"),
        "09/ny.yaml": report("农业局", "2024-09", "2024-10-03", "{target: 1.2.1, value: 40}"),
        "09/fg.yaml": report("发改局", "2024-09", "2024-10-03", "{target: G1, value: 6.3}",
                             "{target: G3, value: 1.0}"),
    })
    got = {i: show(cli, root, i, "2024-10-15") for i in ("1.1.1", "1.1.2", "1.1.3", "1.1.4",
                                                          "1.2.1", "1.2.2", "G1", "G2", "G3")}
    pair = {i: (d["status"], d["light"]) for i, d in got.items()}
    assert pair["1.1.3"] == ("done", "green")
    assert pair["1.2.2"] == ("overdue", "red")  # due 08-31, nothing reported
    assert got["1.2.2"]["days_overdue"] == 45
    assert pair["1.1.1"] == ("on_track", "green")  # extended to 11-30: 60% vs 70% elapsed
    assert pair["1.1.2"] == ("at_risk", "yellow")  # 开工 in time for its stage due; 1/3 vs 58% elapsed
    # An action with a note only is 0% done (SPEC §4): red with 58% of the time gone.
    assert pair["1.1.4"] == ("at_risk", "red")
    assert pair["G2"] == ("not_started", "green")  # a rate with no figure yet: nothing behind
    # Rates have no 序时进度: yellow while the latest figure misses, however far.
    assert pair["G3"] == ("at_risk", "yellow")  # 1.0 vs G1's 6.3
    assert got["G3"]["completion"] == pytest.approx(1.0 / 6.3, abs=1e-4)
    assert pair["G1"] == ("at_risk", "yellow")  # 6.3 < 6.5
    assert pair["1.2.1"] == ("at_risk", "yellow")  # 40 above the ceiling of 35
    # Blue: due within 30 days and not done; as of 11-10 the extended 1.1.1 is nearly due.
    blue = sup_repo({"10/jt.yaml": report("交通局", "2024-10", "2024-11-03", "{target: 1.1.1, value: 90}")})
    assert (show(cli, blue, "1.1.1", "2024-11-10")["status"],
            show(cli, blue, "1.1.1", "2024-11-10")["light"]) == ("on_track", "blue")
    # Yellow: 30% done with 45% of the time gone (15 points behind).
    yellow = sup_repo({"08/jt.yaml": report("交通局", "2024-08", "2024-09-03", "{target: 1.1.3, value: 12000}")})
    assert (show(cli, yellow, "1.1.3", "2024-09-23")["status"],
            show(cli, yellow, "1.1.3", "2024-09-23")["light"]) == ("at_risk", "yellow")


def test_no_target_status(make_repo, cli):
    root = make_repo()  # the conftest tree: G2 has a change but no baseline
    assert show(cli, root, "G2", "2024-10-15")["status"] == "no_target"


# ---------------------------------------------------------------- merge semantics


def test_conflict_the_reporting_unit_wins(sup_repo, cli):
    """Issue 18 (SPEC §2a reporting units): a supporting unit's later-submitted figure for the
    same period is shown and flagged but never overrides the lead's."""
    root = sup_repo({
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 60}"),
        "09/ny.yaml": report("农业局", "2024-09", "2024-10-04", "{target: 1.1.1, value: 55}"),
    })
    assert ("conflict", "progress/09/ny.yaml") in diagnostics(cli, root)
    doc = show(cli, root, "1.1.1", "2024-10-15")
    assert (doc["actual"], doc["last_department"]) == (60, "交通局")  # the lead's, though earlier
    assert [e["conflict"] for e in doc["entries"]] == [True, True]
    assert {e["department"]: e["used"] for e in doc["entries"]} == {"交通局": True, "农业局": False}
    tie = sup_repo({
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 60}"),
        "09/ny.yaml": report("农业局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 55}"),
    })
    doc = show(cli, tie, "1.1.1", "2024-10-15")
    assert (doc["actual"], doc["last_department"]) == (60, "交通局")  # same day: the lead's


def test_latest_period_wins_and_regression_warns(sup_repo, cli):
    root = sup_repo({
        "08/jt.yaml": report("交通局", "2024-08", "2024-09-03", "{target: 1.1.1, value: 50}"),
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-01", "{target: 1.1.1, value: 40}"),
    })
    assert ("regression", "progress/09/jt.yaml") in diagnostics(cli, root)
    doc = show(cli, root, "1.1.1", "2024-10-15")
    assert doc["actual"] == 40 and doc["last_period"] == "2024-09"
    assert [e["period"] for e in doc["entries"]] == ["2024-08", "2024-09"]


def test_not_responsible_and_missing_evidence(sup_repo, cli):
    root = sup_repo({
        "09/fg.yaml": report("发改局", "2024-09", "2024-10-01", "{target: 1.1.4, note: 代报}"),
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-01", "{target: 1.1.3, value: 40000}"),
    })
    found = diagnostics(cli, root)
    assert ("not-responsible", "progress/09/fg.yaml") in found
    assert ("missing-evidence", "progress/09/jt.yaml") in found


def test_entries_after_the_as_of_date_are_ignored(sup_repo, cli):
    root = sup_repo({"10/jt.yaml": report("交通局", "2024-10", "2024-11-01", "{target: 1.1.1, value: 70}")})
    assert show(cli, root, "1.1.1", "2024-10-30")["entries"] == []
    # The period has ended on 10-31, but the report was only filed on 11-01 (SPEC §3 as-of).
    assert show(cli, root, "1.1.1", "2024-10-31")["entries"] == []
    assert show(cli, root, "1.1.1", "2024-11-01")["actual"] == 70


# ---------------------------------------------------------------- targets


def test_stage_deadline_makes_a_target_overdue(sup_repo, cli):
    root = sup_repo()
    doc = show(cli, root, "1.1.2", "2024-09-10")
    assert (doc["status"], doc["light"], doc["days_overdue"]) == ("overdue", "red", 10)
    assert doc["stages"][0] == {"name": "开工", "due": "2024-08-31"}
    started = sup_repo({"08/jt.yaml": report("交通局", "2024-08", "2024-09-02", "{target: 1.1.2, stage: 开工}")})
    assert show(cli, started, "1.1.2", "2024-09-10")["status"] == "on_track"


def test_ref_compares_with_the_other_targets_actual(sup_repo, cli):
    def g3(value: float) -> dict[str, Any]:  # the full-year figures
        root = sup_repo({"12/fg.yaml": report("发改局", "2024-12", "2025-01-02", "{target: G1, value: 6.3}",
                                              f"{{target: G3, value: {value}}}")})
        return show(cli, root, "G3", "2025-01-03")

    within = g3(6.0)  # 6.3 - 5% = 5.985: 基本同步
    assert (within["status"], within["target"], within["tolerance"]) == ("done", 6.3, 0.05)
    behind = g3(5.9)
    assert behind["status"] == "overdue" and behind["completion"] == pytest.approx(5.9 / 6.3, abs=1e-4)


def test_about_tolerance(sup_repo, cli):
    def wetland(value: int) -> dict[str, Any]:
        root = sup_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02",
                                              f"{{target: 1.1.3, value: {value}, evidence: [x]}}")})
        return show(cli, root, "1.1.3", "2024-10-15")

    assert wetland(38000)["status"] == "done"  # 95% of 4万亩: 左右
    near = wetland(37900)
    assert near["status"] != "done" and near["completion"] == pytest.approx(0.9475)


def test_change_with_baseline_and_about(sup_repo, cli):
    def urban(value: float) -> dict[str, Any]:
        root = sup_repo({"12/fg.yaml": report("发改局", "2024-12", "2025-01-02", f"{{target: G2, value: {value}}}")})
        return show(cli, root, "G2", "2025-01-03")

    assert urban(60.7)["target"] == pytest.approx(60.7)
    assert urban(60.67)["status"] == "done"  # 0.7 points, about: within 5% of the change
    # The tolerance is on the 0.7-point change, not the 60.7% level: 60.2% is far from met.
    low = urban(60.2)
    assert low["status"] != "done" and low["completion"] == pytest.approx(0.2 / 0.7, abs=1e-4)


def test_at_most_target(sup_repo, cli):
    def pm(value: int) -> dict[str, Any]:
        root = sup_repo({"12/ny.yaml": report("农业局", "2024-12", "2025-01-02",
                                              f"{{target: 1.2.1, value: {value}, evidence: [x]}}")})
        return show(cli, root, "1.2.1", "2025-01-03")

    assert pm(35)["status"] == "done"
    above = pm(40)
    assert above["status"] == "overdue"  # the full-year figure misses the ceiling
    assert above["completion"] == 0.0  # a level above a ceiling: no meaningful ratio, so 0 (SPEC §4)


# ---------------------------------------------------------------- extensions


def test_extension_moves_the_due_and_views_show_the_original(sup_repo, cli):
    root = sup_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 60}")})
    doc = show(cli, root, "1.1.1", "2024-10-15")
    assert (doc["status"], doc["due"], doc["original_due"]) == ("on_track", "2024-11-30", "2024-09-30")
    assert doc["extension"] == {"due": "2024-11-30", "original_due": "2024-09-30", "approved_by": "市政府办",
                                "reason": "设备到货延迟", "date": "2024-09-20"}
    rows = run_json(cli, "overdue", "--root", str(root), "--as-of", "2024-12-05")
    row = next(r for r in rows if r["id"] == "1.1.1")
    assert (row["due"], row["original_due"], row["days_overdue"]) == ("2024-11-30", "2024-09-30", 5)
    without = sup_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 60}")},
                       extensions=None)
    doc = show(cli, without, "1.1.1", "2024-10-15")
    assert (doc["status"], doc["days_overdue"], doc["original_due"]) == ("overdue", 15, None)
    text = cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15").stdout
    assert "2024-11-30（已延期，原 2024-09-30）" in text
    assert "市政府办 于 2024-09-20 批准：设备到货延迟" in text
    table = cli("overdue", "--root", str(root), "--as-of", "2024-12-05").stdout
    assert "(原2024-09-30)" in table
    wide = cli("status", "--root", str(root), "--as-of", "2024-10-15", "--wide", env={"COLUMNS": "130"}).stdout
    assert "(原2024-09-30)" in wide
    compact = cli("status", "--root", str(root), "--as-of", "2024-10-15", env={"COLUMNS": "130"}).stdout
    assert "2024-11-30*" in compact  # the compact table marks an extended due


@pytest.mark.parametrize(("target", "due", "code"), [
    ("1.1.9", "2024-11-30", "unknown-target"),
    ("1.1.1", "2024-09-30", "bad-extension"),  # not later than the original
    ("1.1.1", "2024-09-01", "bad-extension"),
])
def test_bad_extensions_are_errors(sup_repo, cli, target, due, code):
    bad = EXTENSION.replace("target: 1.1.1", f"target: {target}").replace("due: 2024-11-30", f"due: {due}")
    root = sup_repo(extensions=bad)
    assert (code, "plan/extensions.yaml") in diagnostics(cli, root)
    result = cli("overdue", "--root", str(root))
    assert result.exit_code == 1 and f"[{code}]" in result.stderr


# ---------------------------------------------------------------- overdue


def test_overdue_order_filters_and_at_risk(sup_repo, cli):
    root = sup_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.1, value: 10}")})
    rows = run_json(cli, "overdue", "--root", str(root), "--as-of", "2024-12-05")
    assert [(r["id"], r["days_overdue"]) for r in rows][:2] == [("1.1.2", 96), ("1.2.2", 96)]
    assert all(r["status"] == "overdue" for r in rows)
    assert [r["days_overdue"] for r in rows] == sorted((r["days_overdue"] for r in rows), reverse=True)
    assert ("1.1.1", 5) in [(r["id"], r["days_overdue"]) for r in rows]
    assert list(rows[0])[:19] == ["id", "title", "section", "task", "kind", "lead", "support", "target",
                                  "unit", "actual", "stage", "completion", "status", "light", "due",
                                  "days_overdue", "days_late", "last_period", "last_department"]
    assert rows[-1]["id"] == "1.1.1" and rows[-1]["last_period"] == "2024-09"
    mid = run_json(cli, "overdue", "--root", str(root), "--as-of", "2024-10-15", "--at-risk")
    # Not-started targets far behind 序时进度 are listed with the at-risk ones (SPEC §4).
    assert [(r["id"], r["status"], r["light"]) for r in mid[2:]] == [
        ("1.1.1", "at_risk", "red"),  # 10% done, 70% elapsed
        ("1.1.3", "not_started", "red"), ("1.1.4", "not_started", "red")]  # 0% done, 58% elapsed
    assert {r["id"] for r in mid} & {"G1", "G2", "G3", "1.2.1"} == set()  # rates: nothing behind yet
    only = run_json(cli, "overdue", "--root", str(root), "--as-of", "2024-12-05", "--dept", "发改局")
    assert {r["id"] for r in only} == {"1.2.2"}  # the goals it reports are due 12-31
    sect = run_json(cli, "overdue", "--root", str(root), "--as-of", "2024-12-05", "--section", "1.1")
    assert {r["id"] for r in sect} == {"1.1.1", "1.1.2"}


# ---------------------------------------------------------------- show


def test_show_lists_entries_with_file_and_line(sup_repo, cli):
    root = sup_repo({
        "09/jt.yaml": report("交通局", "2024-09", "2024-10-03", "{target: 1.1.4, note: 巡查}",
                             "{target: 1.1.1, value: 60, note: 已建60个, evidence: [交〔2024〕1号]}"),
        "08/jt.yaml": report("交通局", "2024-08", "2024-09-03", "{target: 1.1.1, value: 30}"),
    })
    doc = show(cli, root, "1.1.1", "2024-10-15")
    assert [(e["period"], e["file"], e["line"]) for e in doc["entries"]] == [
        ("2024-08", "progress/08/jt.yaml", 5), ("2024-09", "progress/09/jt.yaml", 6)]
    assert doc["entries"][1]["evidence"] == ["交〔2024〕1号"]
    assert doc["text"] == "新建公共快充桩100个" and doc["task_title"] == "建设"
    assert doc["time_progress"] == pytest.approx(106 / 152, abs=1e-4)
    text = cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15").stdout
    assert "progress/09/jt.yaml:6" in text and "已建60个" in text


def test_show_qualifier_words(sup_repo, cli):
    root = sup_repo()
    words = {i: cli("show", i, "--root", str(root), "--as-of", "2024-10-15").stdout
             for i in ("1.1.3", "1.2.1", "G1", "G3")}
    # Qualifiers in words, never a sign for 左右 (SPEC §2a): 4万亩左右, 35μg/m³以下, 力争6.5%.
    assert "4万亩左右（±5%）" in words["1.1.3"] or "40000亩左右（±5%）" in words["1.1.3"]
    assert ">=" not in words["1.1.3"]
    assert "35μg/m³以下" in words["1.2.1"]
    assert "力争6.5%" in words["G1"]
    assert "基本同步（±5%）" in words["G3"]


def test_show_task_and_section(sup_repo, cli):
    root = sup_repo()
    task = show(cli, root, "1.1", "2024-10-15")
    assert task["type"] == "task" and [t["id"] for t in task["targets"]] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert task["lead"] == ["交通局"]
    section = show(cli, root, "1", "2024-10-15")
    assert section["type"] == "section" and section["summary"]["targets"] == 6


def test_unknown_ids_and_names_are_usage_errors(sup_repo, cli):
    root = sup_repo()
    result = cli("show", "1.1.11", "--root", str(root))
    assert result.exit_code == 2 and "是不是 1.1.1?" in result.stderr
    result = cli("depts", "交通", "--root", str(root))
    assert result.exit_code == 2 and "是不是 '交通局'?" in result.stderr


# ---------------------------------------------------------------- timeliness and depts

TIMELINESS = {
    "07/jt.yaml": report("交通局", "2024-07", "2024-08-05"),  # on the deadline: on time
    "08/jt.yaml": report("交通局", "2024-08", "2024-09-09"),  # 4 days late
    "09/jt.yaml": report("交通局", "2024-09", "2024-10-05"),
    "07/ny.yaml": report("农业局", "2024-07", "2024-08-01", "{target: 1.2.1, value: 38}"),
    "08/fg.yaml": report("发改局", "2024-08", "2024-09-01", "{target: G1, value: 6}"),
}


def test_timeliness_outcomes_and_streaks(sup_repo, cli):
    root = sup_repo(TIMELINESS)
    rows = depts(cli, root, "2024-10-15")
    assert list(rows[0])[:10] == ["name", "led", "done", "overdue", "at_risk", "completion",
                                  "reports_due", "on_time", "late", "missing"]
    by = {r["name"]: r for r in rows}
    assert [(by[n]["reports_due"], by[n]["on_time"], by[n]["late"], by[n]["missing"])
            for n in ("交通局", "农业局", "发改局")] == [(3, 2, 1, 0), (3, 1, 0, 2), (3, 1, 0, 2)]
    assert by["农业局"]["missing_runs"] == [["2024-08", "2024-09"]] and by["农业局"]["missing_streak"] == 2
    assert by["发改局"]["missing_runs"] == []  # 07 and 09 missing, not in a row
    text = cli("depts", "--root", str(root), "--as-of", "2024-10-15").stdout
    assert "农业局 连续 2 期未报送：2024-08、2024-09（至今）" in text
    assert "发改局 连续" not in text
    unit = depts(cli, root, "2024-10-15", "jtj")
    assert [(r["period"], r["outcome"], r["days_late"]) for r in unit["record"]] == [
        ("2024-07", "on_time", 0), ("2024-08", "late", 4), ("2024-09", "on_time", 0)]
    assert {t["id"]: t["role"] for t in unit["targets"]}["1.1.1"] == "lead"
    ny = depts(cli, root, "2024-10-15", "农业局")
    roles = {t["id"]: t["role"] for t in ny["targets"]}
    assert roles["1.1.1"] == "support" and roles["1.2.1"] == "joint"


def test_depts_weakest_first(sup_repo, cli):
    rows = depts(cli, sup_repo(TIMELINESS), "2024-10-15")
    # 发改局 carries the overdue 1.2.2 jointly with 农业局; 农业局's missing run sorts it first.
    assert [r["name"] for r in rows] == ["农业局", "发改局", "交通局"]
    assert rows[0]["overdue"] == rows[1]["overdue"] == 1


def test_depts_replay_of_an_earlier_month_is_unchanged(sup_repo, cli, tmp_path):
    """What the office saw on 10-15 is what a replay of 10-15 shows after later reports arrive."""
    then = sup_repo(TIMELINESS)
    before = {cmd: cli(*cmd, "--root", str(then), "--as-of", "2024-10-15", "--format", "json").stdout
              for cmd in (("depts",), ("overdue", "--at-risk"), ("status",), ("show", "1.1.1"))}
    shutil.copytree(then, tmp_path / "later")
    later = tmp_path / "later"
    for rel, text in {
        "10/jt.yaml": report("交通局", "2024-10", "2024-11-04", "{target: 1.1.1, value: 80}"),
        "10/ny.yaml": report("农业局", "2024-10", "2024-11-05", "{target: 1.2.1, value: 34}"),
    }.items():
        write(later / "progress" / rel, text)
    for cmd, old in before.items():
        assert cli(*cmd, "--root", str(later), "--as-of", "2024-10-15", "--format", "json").stdout == old
    # A report for September sent on 10-20 was missing on 10-15, and is late afterwards. (Its
    # figures do count for September in a replay of 10-15: SPEC §3, the world as it was.)
    write(later / "progress" / "09/ny.yaml", report("农业局", "2024-09", "2024-10-20"))
    assert cli("depts", "--root", str(later), "--as-of", "2024-10-15", "--format", "json").stdout \
        == before[("depts",)]
    now = {r["name"]: r for r in depts(cli, later, "2024-11-15")}
    assert (now["农业局"]["late"], now["农业局"]["missing"], now["农业局"]["missing_runs"]) == (1, 1, [])


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_submitted_from_git_when_the_file_has_none(sup_repo, cli):
    root = sup_repo({"07/jt.yaml": report("交通局", "2024-07", None)})
    git(root, "init", "-q")
    git(root, "add", "plan", "progress")
    git(root, "commit", "-qm", "july", date="2024-08-04")
    (root / "progress" / "08").mkdir()
    (root / "progress" / "08" / "jt.yaml").write_text(report("交通局", "2024-08", None), encoding="utf-8")
    git(root, "add", "progress")
    git(root, "commit", "-qm", "august", date="2024-09-12")
    # Touching a file later changes nothing: the first commit dates it.
    (root / "progress" / "07" / "jt.yaml").write_text(report("交通局", "2024-07", None, "{target: 1.1.4, note: 改}"),
                                                      encoding="utf-8")
    git(root, "commit", "-qam", "edit", date="2024-10-20")
    # Not committed at all: date unknown, counted on time (never guessed from mtime).
    (root / "progress" / "09").mkdir()
    (root / "progress" / "09" / "jt.yaml").write_text(report("交通局", "2024-09", None), encoding="utf-8")
    unit = depts(cli, root, "2024-10-15", "交通局")
    assert [(r["period"], r["outcome"], r["submitted"]) for r in unit["record"]] == [
        ("2024-07", "on_time", "2024-08-04"), ("2024-08", "late", "2024-09-12"), ("2024-09", "on_time", None)]
    assert [r["submitted_from"] for r in unit["record"]] == ["git", "git", "unknown"]
    text = cli("depts", "交通局", "--root", str(root), "--as-of", "2024-10-15").stdout
    assert "日期不明" in text


# ---------------------------------------------------------------- formats and golden text


def test_every_format_has_a_renderer():
    from yuanjiang_plan.cli.common import TableFormat
    from yuanjiang_plan.render import depts as d
    from yuanjiang_plan.render import overdue as o
    from yuanjiang_plan.render import show as s

    for table in (o.FORMATS, s.FORMATS, d.FORMATS, d.UNIT_FORMATS):
        assert set(table) >= {f.value for f in TableFormat}


GOLDEN_PROGRESS = {
    **TIMELINESS,
    "09/jt.yaml": report("交通局", "2024-09", "2024-10-05",
                         "{target: 1.1.1, value: 60, note: 已建60个, evidence: [交〔2024〕1号]}",
                         "{target: 1.1.2, stage: 开工, note: 桩基施工}",
                         "{target: 1.1.3, value: 2万亩}"),
    "09/ny.yaml": report("农业局", "2024-09", "2024-10-09", "{target: 1.1.1, value: 58, note: 另计}"),
}
del GOLDEN_PROGRESS["08/fg.yaml"]  # 发改局 misses 07, 08 and 09: a run called out by name


@pytest.mark.parametrize(("name", "args"), [
    ("overdue", ("overdue", "--as-of", "2024-12-05", "--at-risk")),
    ("show", ("show", "1.1.1", "--as-of", "2024-10-15")),
    ("show-task", ("show", "1.1", "--as-of", "2024-10-15")),
    ("depts", ("depts", "--as-of", "2024-10-15")),
    ("depts-unit", ("depts", "农业局", "--as-of", "2024-10-15")),
])
def test_golden_text_views(sup_repo, cli, name, args):
    root = sup_repo(GOLDEN_PROGRESS)
    result = cli(*args, "--root", str(root))
    assert result.exit_code == 0, result.output
    check(f"{name}-fixture-80.txt", result.stdout)
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80


def test_english_headings(sup_repo, cli):
    root = sup_repo(GOLDEN_PROGRESS)
    text = cli("depts", "--root", str(root), "--as-of", "2024-10-15", "--lang", "en").stdout
    assert "发改局 missed 3 reports in a row: 2024-07、2024-08、2024-09 (still)" in text


# ---------------------------------------------------------------- the bundled plan


def test_bundled_depts_october(cli):
    rows = depts(cli, REPO, "2024-10-15")
    by = {r["name"]: r for r in rows}
    assert rows[0]["name"] == "沅江高新区"
    assert by["沅江高新区"]["missing_runs"] == [["2024-08", "2024-09"]]
    assert by["市交通运输局"]["late"] == 2 and by["市交通运输局"]["missing"] == 0
    text = cli("depts", "--root", str(REPO), "--as-of", "2024-10-15").stdout
    assert "沅江高新区 连续 2 期未报送：2024-08、2024-09（至今）" in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80


def test_user_text_stays_inert_in_every_view(sup_repo, cli):
    tree = SUP_TREE.replace("title: 清理河道", 'title: "[red]清理[/] :warning: \\e]8;;http://x\\a河道"')
    root = sup_repo({"09/ny.yaml": report("农业局", "2024-09", "2024-10-01",
                                          '{target: 1.2.2, value: 1, note: "[bold]注[/]\\e[31m"}')}, tree=tree)
    for args in (("overdue",), ("show", "1.2.2"), ("depts", "农业局"), ("show", "1.2")):
        result = cli(*args, "--root", str(root), "--as-of", "2024-10-15", env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout
        assert "[red]清理[/]" in result.stdout and ":warning:" in result.stdout
    note = cli("show", "1.2.2", "--root", str(root), "--as-of", "2024-10-15", env={"COLUMNS": "200"}).stdout
    assert "[bold]注[/]\\x1b[31m" in note


def test_depts_section_filter(sup_repo, cli):
    rows = depts(cli, sup_repo(TIMELINESS), "2024-10-15", "--section", "1.2")
    assert {r["name"]: (r["led"], r["supported"]) for r in rows} == {"农业局": (2, 0), "发改局": (2, 0)}
    assert all(r["reports_due"] == 3 for r in rows)
