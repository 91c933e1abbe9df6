"""Four real documents encoded as plans (tests/realdocs, SPEC §2a), engine and CLI.

Each plan is copied out of the project's git repository first: its `submitted:` dates are the
test's facts, not the date the files were committed here.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import REPO, write
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.checks import regressions
from yuanjiang_plan.ops.timeliness import leader_scorecards, reporting_record, scorecards
from yuanjiang_plan.ops.track import Status, evaluate

REALDOCS = REPO / "tests" / "realdocs"


@pytest.fixture
def realdoc(tmp_path: Path) -> Callable[[str], Path]:
    def copy(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(REALDOCS / name, root)
        return root

    return copy


def _ev(root: Path, day: str) -> Any:
    repo = load_repo(root, use_cache=False)
    return repo, evaluate(repo.plan, repo.entries, dt.date.fromisoformat(day))


def _codes(repo: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for d in repo.diagnostics:
        out[d.code] = out.get(d.code, 0) + 1
    return out


def _json(cli: Callable[..., Any], *args: str) -> Any:
    result = cli(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", ["xianan", "lishan", "ganzhou", "chengdu"])
def test_every_real_document_validates_without_errors(realdoc: Callable[[str], Path],
                                                      cli: Callable[..., Any], name: str) -> None:
    root = realdoc(name)
    result = cli("validate", "--root", str(root), "--strict")
    errors = [line for line in result.output.splitlines() if ": error:" in line]
    # --strict turns the warnings into errors: only those the document's own gaps imply.
    assert all(code in line for line in errors for code in ("[open-group]", "[no-responsible-unit]")
               if code in line), errors
    assert cli("validate", "--root", str(root)).exit_code == 0


# ---------------------------------------------------------------- 咸安 分解方案: 责任领导, two leads


def test_xianan_two_leads_only_the_first_owes_reports(realdoc: Callable[[str], Path]) -> None:
    repo, ev = _ev(realdoc("xianan"), "2023-05-20")
    node = repo.plan.targets["6"]
    assert node.lead == ("区财政局", "区税务局") and node.reporters == ("区财政局",)
    record = reporting_record(repo.plan, repo.reports, ev.as_of)
    assert "区税务局" not in record  # supports nothing else: owes nothing
    outcomes = [(o.period.text, o.outcome.value) for o in record["区财政局"]]
    # 03 filed 04-03 (due 04-05), 04 filed 05-09 (due 05-05)
    assert outcomes == [("2023-01", "missing"), ("2023-02", "missing"), ("2023-03", "on_time"),
                        ("2023-04", "late")]


def test_xianan_quarterly_and_yearly_statistics(realdoc: Callable[[str], Path]) -> None:
    repo, ev = _ev(realdoc("xianan"), "2023-05-20")
    record = reporting_record(repo.plan, repo.reports, ev.as_of)
    fgj = {o.period.text: o.outcome.value for o in record["区发改局"]}
    # GDP (target 1) is quarterly: 2023-Q1 owed by 04-05, filed 04-18; monthly targets 2, 10.
    assert fgj == {"2023-01": "missing", "2023-02": "missing", "2023-03": "on_time",
                   "2023-Q1": "late", "2023-04": "on_time"}
    # 粮食产量 is yearly (due 2024-01-31): 区农业农村局 owes nothing in May 2023.
    assert record["区农业农村局"] == []
    later = reporting_record(repo.plan, repo.reports, dt.date(2024, 2, 1))
    assert [o.period.text for o in later["区农业农村局"]] == ["2023"]


def test_xianan_leaders_filter_and_scorecards(realdoc: Callable[[str], Path],
                                              cli: Callable[..., Any]) -> None:
    root = realdoc("xianan")
    _, ev = _ev(root, "2023-05-20")
    cards = {c.name: c for c in leader_scorecards(ev)}
    assert sorted(cards) == sorted(["杜新国", "洪声耀", "陈浩", "丁玲", "刘伍寿"])
    assert cards["杜新国"].led == 6 and cards["丁玲"].led == 2 and cards["洪声耀"].led == 8
    assert cards["杜新国"].reports_due == 0
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2023-05-20", "--leader", "丁玲")
    assert [t["id"] for t in doc["targets"]] == ["7", "9"]
    assert doc["targets"][0]["leaders"] == ["杜新国", "丁玲"]
    rows = _json(cli, "depts", "--root", str(root), "--as-of", "2023-05-20", "--by", "leader")
    assert {r["name"] for r in rows} == set(cards)
    bad = cli("status", "--root", str(root), "--leader", "杜新")
    assert bad.exit_code == 2 and "杜新国" in bad.output


def test_xianan_labels_wording_and_no_computed_numbering(realdoc: Callable[[str], Path],
                                                         cli: Callable[..., Any]) -> None:
    root = realdoc("xianan")
    table = cli("status", "--root", str(root), "--as-of", "2023-05-20", "--wide",
                env={"COLUMNS": "160"}).stdout
    assert "(一)坚定不移做强增长引擎" in table and "加强基础设施建设" in table
    assert "1.地区生产总值增长" in table and "12.交通基础设施项目" in table
    assert "（一）" not in table and "（三）" not in table  # nothing the tool numbered itself
    assert "增长8%以上" in table and ">=" not in table and "<=" not in table
    assert "控制在4.5%以内" in cli("show", "8", "--root", str(root), "--as-of", "2023-05-20").stdout
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2023-05-20")
    by_id = {t["id"]: t for t in doc["targets"]}
    assert by_id["8"]["wording"] == "控制在4.5%以内" and by_id["8"]["label"] == "8."
    assert by_id["12.1"]["responsible"][-1] == "相关乡镇办"
    assert by_id["6"]["reporter"] == "区财政局"
    shown = cli("show", "二", "--root", str(root), "--as-of", "2023-05-20", "--format", "json")
    assert [t["id"] for t in json.loads(shown.stdout)["targets"]] == [f"12.{i}" for i in range(1, 8)]


def test_xianan_statistics_need_no_evidence_and_open_groups_owe_nothing(
        realdoc: Callable[[str], Path]) -> None:
    repo, ev = _ev(realdoc("xianan"), "2023-05-20")
    assert _codes(repo) == {"open-group": 1}  # no missing-evidence for GDP, 投资, 失业率
    cards = {c.name for c in scorecards(ev, repo.reports)}
    assert "相关乡镇办" not in cards and "区林业局" in cards  # a 责任单位 of item 12 reports
    assert ev.states["12.6"].status == Status.DONE


# ---------------------------------------------------------------- 立山 分工方案: 责任单位, open groups


def test_lishan_responsible_units_report_their_part(realdoc: Callable[[str], Path]) -> None:
    repo, ev = _ev(realdoc("lishan"), "2023-05-20")
    plan = repo.plan
    assert plan.meta.start == plan.meta.published == dt.date(2023, 3, 28)
    assert plan.targets["3"].reporters == ("区发改局", "立山经济开发区")  # 各街道、区直各部门: open
    # The development zone's 16% is its own part; the target's figure is the lead's 14.6%.
    assert ev.states["3"].actual == 14.6
    assert "conflict" not in _codes(repo)
    assert plan.targets["7"].reporters == ("跟踪办公室",)
    assert _codes(repo) == {"open-group": 4, "no-responsible-unit": 1}
    record = reporting_record(plan, repo.reports, ev.as_of)
    # Issued 03-28: March and Q1 began before the plan and are not owed; April is.
    assert [o.period.text for o in record["区市场局"]] == ["2023-04"]
    assert record["区市场局"][0].outcome.value == "missing"


def test_lishan_group_selects_and_qualifier_in_words(realdoc: Callable[[str], Path],
                                                     cli: Callable[..., Any]) -> None:
    root = realdoc("lishan")
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2023-05-20", "--dept", "各街道")
    assert [t["id"] for t in doc["targets"]] == ["3", "4", "5", "6"]
    shown = cli("show", "1", "--root", str(root), "--as-of", "2023-05-20").stdout
    assert "6.2%左右" in shown and ">=6.2%" not in shown
    names = [r["name"] for r in _json(cli, "depts", "--root", str(root), "--as-of", "2023-05-20")]
    assert "各街道" not in names and "区市场局" in names and "跟踪办公室" in names


# ---------------------------------------------------------------- 赣州 专项规划: yearly schedule


def test_ganzhou_schedule_by_year(realdoc: Callable[[str], Path]) -> None:
    root = realdoc("ganzhou")
    repo, ev = _ev(root, "2022-03-01")
    assert repo.plan.departments.names == ["跟踪办公室"]
    assert _codes(repo) == {"no-responsible-unit": 4}
    homes = ev.states["改造小区"]
    assert homes.step is not None and homes.step.text == "2022" and homes.goal == 253
    assert homes.status == Status.NOT_STARTED  # 2021 met (140 >= 137); 2022 not reported yet
    people = ev.states["涉及居民"]
    # 2021: 33100 households < 33735: the step ended unmet ("2021 节点未完成")
    assert people.status == Status.OVERDUE and people.missed_step is not None
    assert people.missed_step.text == "2021" and people.days_overdue == 60
    _, later = _ev(root, "2023-02-01")
    assert later.states["改造小区"].status == Status.OVERDUE  # 2022: 230 < 253
    assert later.states["改造小区"].missed_step.text == "2022"  # type: ignore[union-attr]
    assert later.states["涉及居民"].missed_step.text == "2021"  # type: ignore[union-attr]
    record = reporting_record(repo.plan, repo.reports, dt.date(2023, 2, 1))
    assert [(o.period.text, o.outcome.value) for o in record["跟踪办公室"]] == [
        ("2021", "on_time"), ("2022", "on_time")]


def test_ganzhou_cli_step_and_template_say_year_to_date(realdoc: Callable[[str], Path],
                                                        cli: Callable[..., Any]) -> None:
    root = realdoc("ganzhou")
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2022-07-01")
    by_id = {t["id"]: t for t in doc["targets"]}
    assert by_id["改造小区"]["step"] == {"period": "2022", "value": 253}
    shown = cli("show", "改造小区", "--root", str(root), "--as-of", "2022-07-01").stdout
    assert "2021: 137个" in shown and "当前节点 2022" in shown and "每年年初至今" in shown


def test_basis_year_has_no_regression_across_january(make_repo: Callable[..., Path]) -> None:
    tree = """\
goals:
  - {id: Y, title: 每年培训, kind: quantity, target: 100, unit: 名, basis: year, lead: [发改局]}
  - {id: P, title: 五年累计, kind: quantity, target: 10000, unit: 名, lead: [发改局]}
"""
    plan = ("id: t\ntitle: t\nstart: 2024-01-01\nend: 2025-12-31\n"
            "coordination: {name: 专班, office: 发改局}\n")
    root = make_repo({
        "a.yaml": "department: 发改局\nperiod: 2024-12\nentries:\n"
                  "  - {target: Y, value: 120}\n  - {target: P, value: 3000}\n",
        "b.yaml": "department: 发改局\nperiod: 2025-01\nentries:\n"
                  "  - {target: Y, value: 8}\n  - {target: P, value: 20}\n",
    }, tree=tree, plan=plan)
    repo = load_repo(root, use_cache=False)
    assert [d.message.split()[0] for d in regressions(repo.plan, repo.reports)] == ["P"]
    ev = evaluate(repo.plan, repo.entries, dt.date(2025, 2, 10))
    assert ev.states["Y"].actual == 8 and ev.states["Y"].step.text == "2025"  # type: ignore[union-attr]
    assert ev.states["Y"].status != Status.OVERDUE  # 2024: 120 >= 100


# ---------------------------------------------------------------- 成都 实施方案: a share per district


def test_chengdu_breakdown_units_side_by_side(realdoc: Callable[[str], Path],
                                              cli: Callable[..., Any]) -> None:
    root = realdoc("chengdu")
    repo, ev = _ev(root, "2025-08-01")
    assert repo.plan.meta.issuers[0] == "成都市发展和改革委员会" and len(repo.plan.meta.issuers) == 4
    state = ev.states["社区综合体"]
    shares = {u.unit: (u.share.share, u.state.actual) for u in state.units}
    assert shares["锦江区"] == (50, 41) and shares["青羊区"] == (50, 55) and shares["金牛区"] == (50, None)
    assert state.completion == pytest.approx((41 / 50 + 1) / 7)
    assert not state.met and "conflict" not in _codes(repo)
    cards = {c.name: c for c in scorecards(ev, repo.reports)}
    # A rate is done only on the figure for its due (2027, SPEC §4): 55% >= 50% is on track.
    assert cards["青羊区"].on_track == 1 and cards["青羊区"].completion == 1.0
    assert cards["锦江区"].completion == pytest.approx(0.82)
    # Half-yearly: 2024-H2 began before the plan (08-07): only 2025-H1 is owed (due 07-10).
    assert (cards["锦江区"].reports_due, cards["锦江区"].on_time) == (1, 1)
    assert (cards["金牛区"].reports_due, cards["金牛区"].missing) == (1, 1)
    shown = cli("show", "社区综合体", "--root", str(root), "--as-of", "2025-08-01").stdout
    assert "锦江区" in shown and "41%" in shown and "分解到各单位" in shown and "冲突" not in shown
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2025-08-01")
    units = {u["name"]: u for u in doc["targets"][1]["units"]}
    assert units["青羊区"] == {"name": "青羊区", "share": 50, "actual": 55, "completion": 1.0,
                             "status": units["青羊区"]["status"]}


def test_quantity_breakdown_sums_the_units(make_repo: Callable[..., Path]) -> None:
    departments = ("departments:\n  - name: 甲区\n  - name: 乙区\n  - name: 发改局\n"
                   "groups:\n  - {name: 各区, members: [甲区, 乙区]}\n")
    tree = """\
goals:
  - {id: Q, title: 改造小区, kind: quantity, unit: 个, breakdown: {甲区: 30, 乙区: 20}}
  - {id: R, title: 建设驿站, kind: quantity, unit: 个, target: 10, breakdown: {各区: 5}}
"""
    plan = "id: t\ntitle: t\nstart: 2024-01-01\nend: 2024-12-31\n"
    root = make_repo({
        "a.yaml": "department: 甲区\nperiod: 2024-03\nentries:\n  - {target: Q, value: 12}\n"
                  "  - {target: R, value: 5}\n",
        "b.yaml": "department: 乙区\nperiod: 2024-04\nentries:\n  - {target: Q, value: 9}\n",
    }, tree=tree, plan=plan, departments=departments)
    repo = load_repo(root, use_cache=False)
    ev = evaluate(repo.plan, repo.entries, dt.date(2024, 5, 10))
    q = ev.states["Q"]
    assert q.goal == 50 and q.actual == 21 and q.completion == pytest.approx(21 / 50)
    r = ev.states["R"]
    assert [u.unit for u in r.units] == ["甲区", "乙区"] and r.units[0].state.met
    assert repo.plan.targets["R"].reporters == ("甲区", "乙区")


# ---------------------------------------------------------------- templates: own rows, own shares


def test_templates_give_each_unit_its_share_cadence_and_basis(realdoc: Callable[[str], Path],
                                                              cli: Callable[..., Any]) -> None:
    chengdu = realdoc("chengdu")
    text = cli("template", "--root", str(chengdu), "--dept", "锦江区", "--period", "2025-H2",
               "--out", "-").stdout
    assert "本单位分解目标 50%" in text and "上次填报 (last reported) 2025-H1：41%" in text
    ganzhou = realdoc("ganzhou")
    text = cli("template", "--root", str(ganzhou), "--dept", "office", "--period", "2023",
               "--out", "-").stdout
    assert "value:      # 本年1月1日起累计数（年初至今），单位 个" in text
    assert "（计划期累计），单位" not in text
    xianan = realdoc("xianan")

    def targets(period: str) -> list[str]:
        out = cli("template", "--root", str(xianan), "--dept", "区发改局", "--period", period,
                  "--out", "-").stdout
        return [line.split("'")[1] for line in out.splitlines() if line.startswith("  - target:")]

    # GDP (1) and 居民收入 (7) are quarterly: in the Q2 sheet, not in May's; item 12's
    # 责任单位 fill in their own part every month.
    assert targets("2023-05") == ["2", "10", *[f"12.{i}" for i in range(1, 8)]]
    assert targets("2023-Q2")[:3] == ["1", "2", "7"]
    assert "区税务局" not in cli("template", "--root", str(xianan), "--dept", "区税务局", "--period",
                                "2023-05", "--out", "-").stdout.split("entries:")[1]


def test_report_for_one_leader(realdoc: Callable[[str], Path], cli: Callable[..., Any],
                               tmp_path: Path) -> None:
    root = realdoc("xianan")
    out = tmp_path / "丁玲.md"
    result = cli("report", "--root", str(root), "--out", str(out), "--as-of", "2023-05-20",
                 "--leader", "丁玲")
    assert result.exit_code == 0, result.output
    assert "共 2 项指标" in out.read_text(encoding="utf-8")


def test_group_members_expand_everywhere(make_repo: Callable[..., Path], cli: Callable[..., Any]) -> None:
    departments = ("departments:\n  - name: 甲街道\n  - name: 乙街道\n  - name: 发改局\n"
                   "groups:\n  - {name: 各街道, members: [甲街道, 乙街道]}\n"
                   "  - {name: 各有关单位}\n  - {name: 坏组, members: [丙街道]}\n")
    tree = """\
goals:
  - {id: A, title: 消费增长, kind: level, target: 9, unit: '%', lead: [发改局], responsible: [各街道]}
  - {id: B, title: 招商, kind: action, lead: [发改局], support: [各有关单位]}
"""
    plan = "id: t\ntitle: t\nstart: 2024-01-01\nend: 2024-12-31\n"
    root = make_repo({}, tree=tree, plan=plan, departments=departments)
    result = cli("validate", "--root", str(root))
    assert "[open-group]" in result.output and "丙街道" in result.output and result.exit_code == 1
    write(root / "plan" / "departments.yaml", departments.replace("  - {name: 坏组, members: [丙街道]}\n", ""))
    repo = load_repo(root, use_cache=False)
    assert repo.plan.targets["A"].reporters == ("发改局", "甲街道", "乙街道")
    assert repo.plan.targets["B"].reporters == ("发改局",)  # the open group owes nothing
    doc = _json(cli, "status", "--root", str(root), "--as-of", "2024-03-01", "--dept", "各街道")
    assert [t["id"] for t in doc["targets"]] == ["A"]
    names = {r["name"] for r in _json(cli, "depts", "--root", str(root), "--as-of", "2024-03-01",
                                      "--dept", "各街道")}
    assert names == {"甲街道", "乙街道"}
