"""Trends: a target's figure period by period (`plan show`), and the report's trend charts
(HTML) and sheet (xlsx), each point evaluated as that day's commands would."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl

from helpers import REPO
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.report import build_report
from yuanjiang_plan.ops.track import evaluate
from yuanjiang_plan.ops.trend import history, target_trend, trend_days
from yuanjiang_plan.render.report_html import render_html
from yuanjiang_plan.render.report_xlsx import render_xlsx
from yuanjiang_plan.render.trend import sparkline, svg_trend

AS_OF = dt.date(2024, 10, 15)


def repo():  # type: ignore[no-untyped-def]
    return load_repo(REPO, None, use_cache=False)


def test_points_are_period_ends_then_the_as_of_date():
    plan = repo().plan
    assert [x for x, _ in trend_days(plan, AS_OF)] == ["2024-06", "2024-07", "2024-08", "2024-09",
                                                        "2024-10-15"]
    # On a period's last day the period is the last point; nothing before the plan's start.
    assert [x for x, _ in trend_days(plan, dt.date(2024, 9, 30))][-1] == "2024-09"
    assert trend_days(plan, dt.date(2024, 1, 1)) == []


def test_target_trend_replays_each_day():
    r = repo()
    hist = history(r.plan, r.entries, AS_OF)
    points = target_trend(hist, "2.2.9")
    assert [p.actual for p in points] == [None, 5000, 9000, 13500, 13500]
    assert [p.reported for p in points] == [False, True, True, True, False]
    for p in points:  # each point: that day, with the reports filed by the as-of date
        s = evaluate(r.plan, r.entries, p.day, submitted_by=AS_OF).states["2.2.9"]
        assert (p.completion, p.time_progress, p.light) == (s.completion, s.time_progress, s.light)
    assert points[-1].light.value == "yellow" and points[2].completion == 0.2


def test_sparkline_on_a_fixed_scale():
    assert sparkline([0.0, 0.5, 1.0, None]) == "▁▅█ "
    assert sparkline([]) == ""


def test_show_lists_the_trend_and_json_gives_the_series(cli):
    out = cli("show", "2.2.9", "--root", str(REPO), "--as-of", "2024-10-15")
    assert out.exit_code == 0, out.output
    text = out.stdout
    assert "趋势（各报告期末）" in text
    assert re.search(r"2024-08\s+9000亩\s+20%\s+35%\s+黄灯", text)
    assert re.search(r"完成度\s+▁▂▂▃▃", text) and re.search(r"序时进度\s+▁▂▃▅▅", text)
    doc = json.loads(cli("show", "2.2.9", "--root", str(REPO), "--as-of", "2024-10-15",
                         "--format", "json").stdout)
    assert [p["period"] for p in doc["trend"]] == ["2024-06", "2024-07", "2024-08", "2024-09",
                                                  "2024-10-15"]
    last = doc["trend"][-1]
    status = json.loads(cli("status", "--root", str(REPO), "--as-of", "2024-10-15",
                            "--format", "json").stdout)
    row = next(t for t in status["targets"] if t["id"] == "2.2.9")
    assert (last["completion"], last["light"], last["status"]) == \
        (row["completion"], row["light"], row["status"])
    md = cli("show", "2.2.9", "--root", str(REPO), "--as-of", "2024-10-15", "--format", "markdown")
    assert "2024-10-15" in md.stdout and md.exit_code == 0


def test_report_html_has_a_trend_chart_per_section_and_listed_target():
    r = repo()
    content = build_report(r.plan, r.reports, AS_OF)
    html = render_html(content)
    charts = re.findall(r'<svg[^>]*class="trend"', html)
    listed = [s for s in (*content.overdue, *content.at_risk)]
    charted = [s.node.id for s in listed if s.entries]  # nobody reported: listed, not charted
    assert list(content.target_trends) == charted and len(charted) >= 5
    assert len(charts) == len(content.sections) + len(charted)
    assert "各部分完成度趋势" in html
    assert "<script" not in html


def test_svg_trend_draws_both_lines_and_skips_missing_points():
    svg = svg_trend(["a", "b", "c"], [None, 0.5, 1.0], [0.1, 0.5, 0.9], "#f00", "x")
    assert svg.count("<circle") == 2 and 'class="time"' in svg and 'class="done"' in svg
    assert 'stroke-dasharray' in svg


def test_xlsx_trend_sheet():
    r = repo()
    content = build_report(r.plan, r.reports, AS_OF)
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(content)))
    ws = wb["趋势"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["类别", "编号", "指标", "指标项"]
    assert header[4:] == ["2024-06", "2024-07", "2024-08", "2024-09", "2024-10-15"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    figure = next(x for x in rows if x[1] == "2.2.9" and str(x[3]).startswith("实际"))
    assert figure[4:] == [None, 5000, 9000, 13500, 13500]
    pct_cell = next(row for row in ws.iter_rows(min_row=2) if row[1].value == "2.2.9"
                    and row[3].value == "完成度")[6]
    assert pct_cell.value == 0.2 and pct_cell.number_format == "0.0%"
