"""`--format csv|markdown` on every list command: registry complete, content parsed back, inert."""

from __future__ import annotations

import csv
import io
import re

import pytest
from rich.cells import cell_len

from helpers import SEPTEMBER_LIKE
from hostile import FORMULA, SCRIPT, make_hostile
from yuanjiang_plan.cli.common import TableFormat
from yuanjiang_plan.render import csv as csv_render
from yuanjiang_plan.render import depts, overdue, show, status
from yuanjiang_plan.render import markdown as md_render
from yuanjiang_plan.render.data import TARGET_FIELDS

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "＝")
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")

# ---------------------------------------------------------------- the registry (pip-audit style)


@pytest.mark.parametrize("table", [overdue.FORMATS, depts.FORMATS, depts.UNIT_FORMATS, show.FORMATS,
                                   status.FORMATS],
                         ids=["overdue", "depts", "depts-unit", "show", "status"])
def test_every_format_has_a_renderer(table):
    missing = [f.value for f in TableFormat if f.value not in table]
    assert not missing, f"TableFormat members without a renderer: {missing}"


# ---------------------------------------------------------------- CSV


def parse_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "CSV must start with a BOM for Excel/WPS"
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_csv_cells_neutralised_numbers_kept():
    rows = [{"a": "=1+1", "b": -3, "c": -1.5, "d": "-2", "e": "@SUM(A1)", "f": "＝1", "g": "\tx",
             "h": ["甲", "乙"], "i": None, "j": "+1", "k": "-x", "l": 2.0, "m": "普通"}]
    text = csv_render.render(rows)
    assert text.endswith("\r\n")
    (row,) = parse_csv(text)
    assert row == {"a": "'=1+1", "b": "-3", "c": "-1.5", "d": "-2", "e": "'@SUM(A1)", "f": "'＝1",
                   "g": "'\tx", "h": "甲、乙", "i": "", "j": "'+1", "k": "'-x", "l": "2", "m": "普通"}


def test_csv_header_without_rows():
    assert parse_csv(csv_render.render([], ("id", "title"))) == []
    assert csv_render.render([], ("id", "title")) == "\ufeffid,title\r\n"


def test_status_csv_parses_back(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    result = cli("status", "--root", str(root), "--as-of", "2024-10-15", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = parse_csv(result.stdout)
    assert list(rows[0]) == list(TARGET_FIELDS)
    by_id = {r["id"]: r for r in rows}
    assert by_id["1.1.1"]["actual"] == "60" and by_id["1.1.1"]["completion"] == "0.6"
    assert by_id["1.1.1"]["lead"] == "交通局" and by_id["1.2.1"]["support"] == "农业局、发改局"
    assert by_id["1.1.3"]["status"] == "done"


def test_hostile_csv_is_inert(make_repo, cli):
    root = make_hostile(make_repo)
    for args in (["status"], ["overdue", "--at-risk"], ["depts"], ["depts", "evil"], ["show", "2.1"],
                 ["show", "2.1.2"]):
        result = cli(*args, "--root", str(root), "--as-of", "2024-10-15", "--format", "csv")
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        rows = parse_csv(result.stdout)
        assert rows, args
        for row in rows:
            for value in row.values():
                assert not value.startswith(DANGEROUS) or NUMBER.fullmatch(value), (args, value)
    rows = parse_csv(cli("status", "--root", str(root), "--as-of", "2024-10-15", "-f", "csv").stdout)
    by_id = {r["id"]: r for r in rows}
    assert by_id["2.1.1"]["title"] == "'=1+1"
    assert by_id["2.1.1"]["lead"] == "'" + FORMULA
    assert by_id["2.1.2"]["actual"] == "-1.5"  # a real negative number stays a number
    assert by_id["2.1.2"]["title"].startswith("[red]x[/] \\x1b]8;;http://evil\\x07")
    entries = parse_csv(cli("show", "2.1.2", "--root", str(root), "--as-of", "2024-10-15",
                            "-f", "csv").stdout)
    assert entries[0]["value"] == "-1.5"
    assert entries[0]["note"].startswith(SCRIPT) and "\nsecond|line" in entries[0]["note"]


# ---------------------------------------------------------------- Markdown


def md_rows(text: str) -> list[list[str]]:
    """Table rows split on unescaped pipes."""
    out = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            out.append([c.strip() for c in cells])
    return out


def md_tables(text: str) -> list[list[list[str]]]:
    """Each table (a run of `|` lines) as its rows of cells."""
    blocks: list[list[list[str]]] = []
    previous = False
    for line in text.splitlines():
        is_row = line.startswith("|")
        if is_row:
            if not previous:
                blocks.append([])
            blocks[-1] += md_rows(line)
        previous = is_row
    return blocks


def test_markdown_cells_escaped():
    text = md_render.render([{"a": "x|y", "b": "line1\nline2", "c": "back\\slash", "d": "<b>",
                              "e": 3, "f": ["甲", "乙"]}])
    rows = md_rows(text)
    assert rows[0] == ["a", "b", "c", "d", "e", "f"]
    assert rows[1][4] == "---:"  # numbers right-aligned
    assert rows[2] == ["x\\|y", "line1<br>line2", "back\\\\slash", "&lt;b&gt;", "3", "甲、乙"]


def test_hostile_markdown_is_inert(make_repo, cli):
    root = make_hostile(make_repo)
    for args in (["status"], ["overdue", "--at-risk"], ["depts"], ["depts", "evil"], ["show", "2.1.2"],
                 ["show", "2"]):
        result = cli(*args, "--root", str(root), "--as-of", "2024-10-15", "--format", "markdown")
        assert result.exit_code == 0, (args, result.output)
        out = result.stdout
        assert "<script" not in out and "\x1b" not in out and "[red]" not in out, args
        for block in md_tables(out):  # no pipe or newline in a cell broke a row
            assert len({len(r) for r in block}) == 1, (args, block)
    status = cli("status", "--root", str(root), "--as-of", "2024-10-15", "-f", "markdown").stdout
    rows = md_rows(status)
    assert len({len(r) for r in rows}) == 1
    by_id = {r[0]: r for r in rows}
    assert by_id["2.1.2"][1] == "\\[red\\]x\\[/\\] \\\\x1b\\]8;;http://evil\\\\x07链接 a\\|b"
    assert by_id["2.1.2"][5] == "=cmd\\|' /C calc'!A0"


# ---------------------------------------------------------------- JSON unchanged, chart


def test_status_json_still_one_document(make_repo, status_json):
    doc = status_json(make_repo(SEPTEMBER_LIKE), "--as-of", "2024-10-15")
    assert doc["summary"]["targets"] == 8 and doc["by_id"]["1.1.1"]["actual"] == 60


def test_status_chart(make_repo, cli):
    root = make_hostile(make_repo)
    result = cli("status", "--root", str(root), "--as-of", "2024-10-15", "--chart")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    bars = [line for line in lines if "[" in line and line.rstrip().endswith("%")]
    assert [b.split()[0] for b in bars] == ["G", "1", "2"]
    assert all(cell_len(line) <= 80 for line in lines)
    assert "\x1b" not in result.stdout and "<script>" in result.stdout  # shown, not run
    for bar in bars:
        drawn = bar[bar.rindex("[") + 1: bar.rindex("]")]
        assert set(drawn) <= set("#.|") and drawn.count("|") == 1
        percent = int(bar.rsplit(None, 1)[1].rstrip("%"))
        # the `|` may stand on one cell of the filled part
        assert abs(drawn.count("#") - percent / 100 * len(drawn)) <= 1.5, bar
    # 序时进度 on 2024-10-15 of 07-01..12-31 is 58%: the marker sits there on the bars of G and 2;
    # section 1 averages it with 1.1.4's 100% (due 09-30): (3 × 58% + 100%) / 4 = 69%.
    marker = {b.split()[0]: b[b.rindex("[") + 1:].index("|") / (b.rindex("]") - b.rindex("[") - 1)
              for b in bars}
    assert abs(marker["G"] - 0.58) < 0.03 and abs(marker["2"] - 0.58) < 0.03
    assert abs(marker["1"] - 0.69) < 0.03
    narrow = cli("status", "--root", str(root), "--as-of", "2024-10-15", "--chart",
                 env={"COLUMNS": "60"})
    assert all(cell_len(line) <= 60 for line in narrow.stdout.splitlines() if "[" in line)


def test_chart_with_format_is_a_usage_error(make_repo, cli):
    result = cli("status", "--root", str(make_repo(SEPTEMBER_LIKE)), "--chart", "--format", "json")
    assert result.exit_code == 2 and "--chart" in result.stderr


# ---------------------------------------------------------------- issue 17: a table to paste


def test_status_markdown_is_a_chinese_table_with_percentages(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    text = cli("status", "--root", str(root), "--as-of", "2024-10-15", "-f", "markdown").stdout
    rows = md_rows(text)
    header = rows[0]
    assert header[:3] == ["编号", "指标", "部分"] and "完成度" in header and "状态" in header and "灯" in header
    assert not {"completion", "status", "light", "unit", "stage"} & set(header)
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[2:]}
    assert by_id["1.1.1"]["完成度"] == "60%"  # not 0.6
    assert by_id["1.1.1"]["目标"] == "100个" and by_id["1.1.1"]["实际"] == "60个"
    assert by_id["1.1.2"]["状态"] == "未启动" and by_id["1.1.2"]["灯"] == "红灯"
    assert by_id["1.1.3"]["状态"] == "完成"
    en = md_rows(cli("status", "--root", str(root), "--as-of", "2024-10-15", "-f", "markdown",
                     "--lang", "en").stdout)
    assert en[0][:2] == ["ID", "Target"] and "Completion" in en[0]
    assert dict(zip(en[0], next(r for r in en if r[0] == "1.1.1"), strict=True))["Completion"] == "60%"


def test_depts_and_show_markdown_read_as_chinese(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    depts_md = md_rows(cli("depts", "--root", str(root), "--as-of", "2024-10-15", "-f", "markdown").stdout)
    assert depts_md[0][:2] == ["单位", "牵头"] and "完成度" in depts_md[0]
    col = depts_md[0].index("完成度")
    assert all(r[col].endswith("%") or r[col] == "" for r in depts_md[2:])
    show_md = cli("show", "1.1.1", "--root", str(root), "--as-of", "2024-10-15", "-f", "markdown").stdout
    assert show_md.startswith("| 项目 | 内容 |") and "| 完成度 | 60% |" in show_md and "field" not in show_md
