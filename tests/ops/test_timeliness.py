"""Reporting timeliness (SPEC §4) on the library functions; the CLI is tested in test_supervision."""

from __future__ import annotations

import datetime as dt

from helpers import PLAN_YAML
from yuanjiang_plan.core.quantity import parse_period
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.timeliness import (
    Outcome,
    deadline,
    missing_runs,
    owed_by_unit,
    reporting_record,
    scorecards,
)
from yuanjiang_plan.ops.track import evaluate


def report(dept: str, period: str, submitted: str | None) -> str:
    line = f"submitted: {submitted}\n" if submitted else ""
    return f"department: {dept}\nperiod: {period}\n{line}entries:\n  - target: 1.1.4\n    note: 巡查\n"


def test_deadline_is_due_day_of_the_next_month():
    assert deadline(parse_period("2024-09"), 5) == dt.date(2024, 10, 5)
    assert deadline(parse_period("2024-12"), 5) == dt.date(2025, 1, 5)
    assert deadline(parse_period("2024-Q3"), 10) == dt.date(2024, 10, 10)


def test_owed_periods_start_with_the_plan_and_wait_for_the_deadline(make_repo):
    plan = load_repo(make_repo()).plan
    assert sorted(owed_by_unit(plan, dt.date(2024, 10, 5))["交通局"]) == ["2024-07", "2024-08"]
    assert sorted(owed_by_unit(plan, dt.date(2024, 10, 6))["交通局"]) == ["2024-07", "2024-08", "2024-09"]
    # A plan issued on 06-27 owes no June report.
    late_start = make_repo(plan=PLAN_YAML.replace("start: 2024-07-01", "start: 2024-06-27"))
    assert min(owed_by_unit(load_repo(late_start).plan, dt.date(2024, 8, 6))["交通局"]) == "2024-07"


def test_outcomes_and_runs(make_repo):
    root = make_repo({
        "07/a.yaml": report("交通局", "2024-07", "2024-08-05"),  # on the deadline: on time
        "08/a.yaml": report("交通局", "2024-08", "2024-09-06"),  # a day late
        "11/a.yaml": report("交通局", "2024-11", None),  # undated: counted on time
        "q3/a.yaml": report("交通局", "2024-Q3", "2024-10-01"),  # a quarter does not count for 09
    })
    repo = load_repo(root)
    record = reporting_record(repo.plan, repo.reports, dt.date(2025, 1, 6))
    # 1.2 has no lead: its supporting units owe reports too; goals are the office's (发改局).
    assert set(record) == {"发改局", "交通局", "农业局"}
    outcomes = {o.period.text: o.outcome for o in record["交通局"]}
    assert outcomes == {"2024-07": Outcome.ON_TIME, "2024-08": Outcome.LATE, "2024-09": Outcome.MISSING,
                        "2024-10": Outcome.MISSING, "2024-11": Outcome.ON_TIME, "2024-12": Outcome.MISSING}
    assert record["交通局"][1].days_late == 1
    assert not record["交通局"][4].dated
    runs = missing_runs(record["交通局"])
    assert [[o.period.text for o in run] for run in runs] == [["2024-09", "2024-10"]]


def test_a_report_submitted_after_the_as_of_date_was_missing_then(make_repo):
    repo = load_repo(make_repo({"07/a.yaml": report("交通局", "2024-07", "2024-08-20")}))
    then = reporting_record(repo.plan, repo.reports, dt.date(2024, 8, 15))["交通局"]
    later = reporting_record(repo.plan, repo.reports, dt.date(2024, 8, 25))["交通局"]
    assert then[0].outcome == Outcome.MISSING
    assert later[0].outcome == Outcome.LATE


def test_scorecards_weakest_first(make_repo):
    root = make_repo({
        "07/a.yaml": report("交通局", "2024-07", "2024-08-01"),
        "07/b.yaml": "department: 发改局\nperiod: 2024-07\nsubmitted: 2024-08-01\n"
                     "entries:\n  - target: G1\n    value: 7\n    evidence: [x]\n",
    })
    repo = load_repo(root)
    ev = evaluate(repo.plan, repo.entries, dt.date(2024, 9, 10))
    cards = scorecards(ev, repo.reports)
    assert [c.name for c in cards] == ["农业局", "交通局", "发改局"]
    farm = cards[0]
    assert (farm.reports_due, farm.missing, farm.missing_streak) == (2, 2, 2)
    assert farm.led == 1 and farm.supported == 4  # leads 1.2.1 jointly (no lead), supports 1.1.*
    assert list(farm.as_dict())[:10] == ["name", "led", "done", "overdue", "at_risk", "completion",
                                          "reports_due", "on_time", "late", "missing"]
