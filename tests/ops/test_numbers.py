"""Issue 14 — true numbers: the SPEC §3–§4 rules asserted on the engine directly, then through the CLI.

Each test writes a small plan repository, loads it with the loader and calls `evaluate` (and
the views and report built on it) with a fixed as-of date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import DEPARTMENTS_YAML, PLAN_YAML, TREE_YAML, write
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.report import build_report
from yuanjiang_plan.ops.track import Light, Status, evaluate, light_counts, mean_completion, tally
from yuanjiang_plan.ops.views import filter_states, overdue_states

D = dt.date

# 1.1.1 quantity 100 个 (due 12-31), 1.1.2 milestone (3 stages), 1.1.3 quantity 4万亩,
# 1.1.4 action; G1 level 6.5% (力争), G3 level in step with G1; plan 2024-07-01..12-31,
# monthly reports due on the 5th. Here 1.1.1 is due 10-31 so that lateness can be seen.
TREE = TREE_YAML.replace(
    "            target: 100\n            unit: 个\n",
    "            target: 100\n            unit: 个\n            due: 2024-10-31\n",
)


def report(dept: str, period: str, submitted: str | None, *entries: str) -> str:
    head = f"department: {dept}\nperiod: {period}\n"
    if submitted:
        head += f"submitted: {submitted}\n"
    return head + "entries:\n" + "".join(f"  - {e}\n" for e in entries)


@pytest.fixture
def fresh_repo(tmp_path: Path) -> Callable[..., Path]:
    """Like conftest's make_repo, but every call gets its own folder."""
    made = iter(range(1000))

    def make(progress: dict[str, str], tree: str = TREE) -> Path:
        root = tmp_path / f"repo{next(made)}"
        write(root / "plan" / "plan.yaml", PLAN_YAML)
        write(root / "plan" / "departments.yaml", DEPARTMENTS_YAML)
        write(root / "plan" / "tree.yaml", tree)
        (root / "progress").mkdir()
        for rel, text in progress.items():
            write(root / "progress" / rel, text)
        return root

    return make


@pytest.fixture
def engine(fresh_repo: Callable[..., Path]) -> Callable[..., Any]:
    """(progress files, as-of) -> the Evaluation, through the loader and `evaluate` only."""

    def run(progress: dict[str, str], as_of: dt.date, tree: str = TREE) -> Any:
        repo = load_repo(fresh_repo(progress, tree=tree), use_cache=False)
        return evaluate(repo.plan, repo.entries, as_of)

    return run


# ---------------------------------------------------------------- 1. lights for every target


def test_a_target_nobody_started_gets_its_light_and_is_listed_as_behind(engine):
    ev = engine({}, D(2024, 10, 15))  # 58% of the time gone, nothing reported
    s = ev.states["1.1.2"]
    assert (s.status, s.light, s.completion) == (Status.NOT_STARTED, Light.RED, 0.0)
    assert s.behind
    early = engine({}, D(2024, 8, 1)).states["1.1.2"]  # 17% gone: not behind by 30 or 10 points
    assert (early.status, early.light, early.behind) == (Status.NOT_STARTED, Light.YELLOW, True)
    earliest = engine({}, D(2024, 7, 10)).states["1.1.2"]  # 5% gone
    assert (earliest.light, earliest.behind) == (Light.GREEN, False)
    # overdue --at-risk, --status at_risk and --light select it; a rate with no figure is not behind.
    listed = [x.node.id for x in overdue_states(ev.states.values(), at_risk=True)]
    assert listed == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]  # red, furthest behind first (1.1.1: 10-31)
    assert {x.node.id for x in filter_states(ev, statuses=["at_risk"])} == set(listed)
    assert {x.node.id for x in filter_states(ev, lights=["red,yellow"])} == set(listed)
    assert {x.node.id for x in filter_states(ev, lights=["green"])} == {"G1", "G3"}
    assert filter_states(ev, statuses=["not_started"], lights=["yellow"]) == []


def test_the_report_lists_and_names_unstarted_red_targets(fresh_repo):
    repo = load_repo(fresh_repo({}), use_cache=False)
    content = build_report(repo.plan, repo.reports, D(2024, 10, 15))
    assert [s.node.id for s in content.at_risk] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert [s.node.id for s in content.unstarted_red] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]


# ---------------------------------------------------------------- 2. completion and roll-ups


def test_actions_count_zero_until_done_and_rollups_cover_every_judged_target(engine):
    progress = {"09/jt.yaml": report("交通局", "2024-09", "2024-10-02", "{target: 1.1.4, note: 巡查 12 次}",
                                     "{target: 1.1.3, value: 40000, evidence: [x]}")}
    ev = engine(progress, D(2024, 10, 15))
    action = ev.states["1.1.4"]
    assert (action.completion, action.status, action.light) == (0.0, Status.AT_RISK, Light.RED)
    done = engine({**progress, "10/jt.yaml": report("交通局", "2024-10", "2024-11-02",
                                                    "{target: 1.1.4, done: true, evidence: [x]}")},
                  D(2024, 11, 15)).states["1.1.4"]
    assert (done.completion, done.status) == (1.0, Status.DONE)
    task = [ev.states[t] for t in ev.plan.tasks["1.1"].targets]
    # 1.1.1 0, 1.1.2 0, 1.1.3 1, 1.1.4 0: the mean of all four, not of the two with numbers
    assert mean_completion(task) == pytest.approx(0.25)
    assert tally(task).text() == "1/4 完成" and tally(task).text("en") == "1/4 done"
    everything = list(ev.states.values())  # G2 and 1.2.1 have no target: out of the roll-up
    assert tally(everything).judged == 6
    assert tally([ev.states["1.2.1"]]).text() == "—"


# ---------------------------------------------------------------- 3. rates


def test_a_rate_is_judged_on_its_full_year_figure(engine):
    def g1(*reports: tuple[str, str, float], as_of: dt.date) -> Any:
        files = {f"{p}/fg.yaml": report("发改局", p, sub, f"{{target: G1, value: {v}}}") for p, sub, v in reports}
        return engine(files, as_of).states["G1"]

    june = g1(("2024-09", "2024-10-02", 6.8), as_of=D(2024, 10, 15))
    assert (june.status, june.light, june.completion) == (Status.ON_TRACK, Light.GREEN, 1.0)  # on course, not done
    behind = g1(("2024-09", "2024-10-02", 6.0), as_of=D(2024, 10, 15))
    assert (behind.status, behind.light) == (Status.AT_RISK, Light.YELLOW)  # no 序时进度: yellow, never red
    final = g1(("2024-09", "2024-10-02", 6.0), ("2024-12", "2025-01-03", 6.6), as_of=D(2025, 1, 4))
    assert (final.status, final.days_late) == (Status.DONE, 0)
    missed = g1(("2024-12", "2025-01-03", 6.4), as_of=D(2025, 1, 4))
    assert (missed.status, missed.light, missed.days_overdue) == (Status.OVERDUE, Light.RED, 4)
    # After the due, before the December report's deadline (01-05): still on course, not overdue.
    waiting = g1(("2024-11", "2024-12-03", 6.6), as_of=D(2025, 1, 5))
    assert waiting.status == Status.ON_TRACK
    late = g1(("2024-11", "2024-12-03", 6.6), as_of=D(2025, 1, 6))
    assert (late.status, late.days_overdue) == (Status.OVERDUE, 6)  # no final figure by 01-05
    arrived = g1(("2024-12", "2025-01-15", 6.6), as_of=D(2025, 1, 20))
    assert (arrived.status, arrived.days_late) == (Status.DONE_LATE, 10)  # 10 days after 01-05


# ---------------------------------------------------------------- 4. done late


def test_met_after_the_due_is_done_late_with_the_days(engine):
    october = {"10/jt.yaml": report("交通局", "2024-10", "2024-11-04", "{target: 1.1.1, value: 100}")}
    on_time = engine(october, D(2024, 12, 6)).states["1.1.1"]
    assert (on_time.status, on_time.days_late, on_time.met_on) == (Status.DONE, 0, D(2024, 10, 31))
    november = {"10/jt.yaml": report("交通局", "2024-10", "2024-11-04", "{target: 1.1.1, value: 80}"),
                "11/jt.yaml": report("交通局", "2024-11", "2024-12-03", "{target: 1.1.1, value: 100}")}
    ev = engine(november, D(2024, 12, 6))
    s = ev.states["1.1.1"]
    assert (s.status, s.light, s.days_late, s.days_overdue) == (Status.DONE_LATE, Light.GREEN, 30, 0)
    assert s.done and not s.behind
    before = engine(november, D(2024, 11, 20)).states["1.1.1"]
    assert (before.status, before.days_overdue) == (Status.OVERDUE, 20)
    # done_late is counted once, not also as done; lights cover the targets not done
    assert tally(ev.states.values()).done == 1
    lights = light_counts(ev.states.values())
    assert sum(lights.values()) == 5  # 8 targets - 1 done late - 2 without a target


def test_a_stage_reached_after_the_due_is_done_late(engine):
    tree = TREE.replace("            stages: [开工, 主体完工, 投入使用]\n",
                        "            stages: [开工, 主体完工, 投入使用]\n            due: 2024-09-30\n")
    files = {"10/jt.yaml": report("交通局", "2024-10", "2024-11-02", "{target: 1.1.2, stage: 投入使用}")}
    s = engine(files, D(2024, 11, 10), tree=tree).states["1.1.2"]
    assert (s.status, s.days_late) == (Status.DONE_LATE, 31)


# ---------------------------------------------------------------- 5. as of a date


def test_an_entry_counts_only_once_submitted(engine):
    files = {"11/jt.yaml": report("交通局", "2024-11", "2024-12-12", "{target: 1.1.3, value: 20000}"),
             "10/jt.yaml": report("交通局", "2024-10", None, "{target: 1.1.3, value: 10000}")}
    seen = engine(files, D(2024, 12, 6)).states["1.1.3"]
    assert seen.actual == 10000  # the November report was filed on 12-12; October's date is unknown: it counts
    assert engine(files, D(2024, 12, 12)).states["1.1.3"].actual == 20000


def test_the_report_for_a_date_agrees_with_itself(fresh_repo):
    files = {"10/jt.yaml": report("交通局", "2024-10", "2024-11-03", "{target: 1.1.3, value: 10000}"),
             "11/jt.yaml": report("交通局", "2024-11", "2024-12-12", "{target: 1.1.3, value: 20000}")}
    repo = load_repo(fresh_repo(files), use_cache=False)
    content = build_report(repo.plan, repo.reports, D(2024, 12, 6))
    assert {s.node.id: s.actual for s in content.states}["1.1.3"] == 10000
    assert [r.file for r in content.new_reports] == ["progress/10/jt.yaml"]  # known now, not on 10-31
    card = next(d for d in content.departments if d.name == "交通局")
    assert [(o.period.text, o.outcome.value) for o in card.record][-1] == ("2024-11", "missing")


def test_percent_counts_for_actions_and_milestones_until_done(engine):
    files = {"08/jt.yaml": report("交通局", "2024-08", "2024-09-02", "{target: 1.1.4, note: 巡查, percent: 40}",
                                  "{target: 1.1.2, stage: 开工, percent: 60}"),
             "09/jt.yaml": report("交通局", "2024-09", "2024-10-02", "{target: 1.1.4, percent: 55}",
                                  "{target: 1.1.2, stage: 开工, percent: 20}")}
    ev = engine(files, D(2024, 10, 15))
    assert ev.states["1.1.4"].completion == pytest.approx(0.55)  # the last percent
    assert ev.states["1.1.4"].light == Light.GREEN  # 55% vs 58% of the time
    # a milestone: the stage reached (1/3) or the last percent (20%), whichever is higher
    assert ev.states["1.1.2"].completion == pytest.approx(1 / 3)
    assert engine({"08/jt.yaml": files["08/jt.yaml"]}, D(2024, 9, 10)).states["1.1.2"].completion == 0.6
    done = engine({**files, "10/jt.yaml": report("交通局", "2024-10", "2024-11-02",
                                                 "{target: 1.1.4, done: true, percent: 90, evidence: [x]}")},
                  D(2024, 11, 10)).states["1.1.4"]
    assert (done.completion, done.status) == (1.0, Status.DONE)


@pytest.mark.parametrize(("entry", "code"), [
    ("{target: 1.1.1, percent: 50}", "bad-field"),  # a quantity takes a value
    ("{target: 1.1.4, percent: 120}", "bad-value"),
    ("{target: 1.1.4, percent: -5}", "bad-value"),
])
def test_bad_percent_is_an_error(fresh_repo, entry, code):
    repo = load_repo(fresh_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02", entry)}),
                     use_cache=False)
    assert [(d.code, d.severity) for d in repo.diagnostics if d.is_error] == [(code, "error")]


def test_show_prints_the_percent(fresh_repo, cli):
    root = fresh_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02", "{target: 1.1.4, percent: 55}")})
    result = cli("show", "1.1.4", "--root", str(root), "--as-of", "2024-10-15")
    assert result.exit_code == 0, result.output
    assert "完成55%" in result.stdout


# ---------------------------------------------------------------- through the CLI


def test_cli_light_filter_and_at_risk_listing(fresh_repo, cli, status_json):
    root = fresh_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02",
                                            "{target: 1.1.3, value: 40000, evidence: [x]}")})
    doc = status_json(root, "--as-of", "2024-10-15", "--light", "red,yellow")
    assert sorted(t["id"] for t in doc["targets"]) == ["1.1.1", "1.1.2", "1.1.4"]
    assert doc["summary"]["targets"] == 3 and doc["summary"]["not_started"] == 3  # only the selection
    assert doc["summary"]["lights"] == {"red": 3, "yellow": 0, "blue": 0, "green": 0}
    risky = status_json(root, "--as-of", "2024-10-15", "--status", "at_risk")
    assert [t["status"] for t in risky["targets"]] == ["not_started"] * 3
    rows = cli("overdue", "--root", str(root), "--as-of", "2024-10-15", "--at-risk", "--format", "json")
    assert rows.exit_code == 0, rows.output
    assert "1.1.4" in rows.stdout and "1.1.3" not in rows.stdout
    bad = cli("status", "--root", str(root), "--light", "purple")
    assert bad.exit_code == 2 and "unknown light" in bad.stderr
    table = cli("overdue", "--root", str(root), "--as-of", "2024-10-15", "--at-risk", "--light", "yellow")
    assert table.exit_code == 0 and "1.1." not in table.stdout  # nothing yellow here


def test_cli_done_late_in_status_show_and_depts(fresh_repo, cli, status_json):
    root = fresh_repo({"11/jt.yaml": report("交通局", "2024-11", "2024-12-03", "{target: 1.1.1, value: 100}")})
    doc = status_json(root, "--as-of", "2024-12-06")
    t = doc["by_id"]["1.1.1"]
    assert (t["status"], t["days_late"], t["light"]) == ("done_late", 30, "green")
    assert doc["summary"]["done_late"] == 1 and doc["summary"]["done"] == 0
    assert doc["summary"]["done_total"] == 1
    shown = cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-12-06")
    assert "逾期30天完成" in shown.stdout
    table = cli("status", "--root", str(root), "--as-of", "2024-12-06")
    assert "逾期完成" in table.stdout and "1/4 完成" in table.stdout
    depts = cli("depts", "--root", str(root), "--as-of", "2024-12-06", "--format", "json")
    card = next(c for c in __import__("json").loads(depts.stdout) if c["name"] == "交通局")
    assert (card["done"], card["done_late"], card["done_total"], card["judged"]) == (0, 1, 1, 4)
    board = cli("depts", "--root", str(root), "--as-of", "2024-12-06").stdout
    assert "交通局 有 1 项指标逾期完成" in board
    assert next(line.split()[3] for line in board.splitlines() if line.startswith("交通局 ")) == "1/4"


def test_cli_remind_light_filter_narrows_the_targets(fresh_repo, cli):
    root = fresh_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02", "{target: 1.1.2, stage: 开工}")})
    import json

    def at_risk(*args: str) -> dict[str, list[str]]:
        result = cli("remind", "--root", str(root), "--as-of", "2024-10-15", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return {r["unit"]: [t["id"] for t in r["at_risk"]] for r in json.loads(result.stdout)["reminders"]}

    assert at_risk()["交通局"] == ["1.1.1", "1.1.3", "1.1.4", "1.1.2"]  # red (not started) before yellow
    assert at_risk("--light", "yellow")["交通局"] == ["1.1.2"]


def test_cli_report_light_and_status_filters(fresh_repo, cli, tmp_path):
    root = fresh_repo({"09/jt.yaml": report("交通局", "2024-09", "2024-10-02", "{target: 1.1.2, stage: 开工}")})
    out = tmp_path / "r.md"
    result = cli("report", "--root", str(root), "--as-of", "2024-10-15", "--light", "yellow", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "共 1 项指标" in text and "| 1.1.2 | 大桥 |" in text and "| 1.1.1 |" not in text
    result = cli("report", "--root", str(root), "--as-of", "2024-10-15", "--status", "at_risk", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "共 4 项指标" in out.read_text(encoding="utf-8")  # 1.1.2 at risk, 1.1.1/1.1.3/1.1.4 red, not started
