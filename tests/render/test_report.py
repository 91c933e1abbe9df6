"""`plan report`: the content of the Markdown, HTML and Excel reports, and safe writing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from helpers import REPO
from hostile import FORMULA, make_hostile
from yuanjiang_plan.core.quantity import parse_period
from yuanjiang_plan.ops.report import default_period, previous_period
from yuanjiang_plan.ops.track import Light
from yuanjiang_plan.render.report_charts import TRACK_W
from yuanjiang_plan.render.report_xlsx import FILLS, WRAP_WIDTH, display_width

AS_OF = "2024-10-15"


@pytest.fixture
def hostile(make_repo):
    return make_hostile(make_repo)


def write_report(cli, root: Path, name: str, *args: str) -> Path:
    out = root.parent / name
    result = cli("report", "--root", str(root), "--as-of", AS_OF, "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    assert out.exists()
    return out


def section_completion(status_json, root: Path) -> dict[str, float]:
    """Mean completion of each section's measurable targets, from `plan status --format json`."""
    doc = status_json(root, "--as-of", AS_OF)
    groups: dict[str, list[float]] = {}
    for t in doc["targets"]:
        if t["completion"] is not None:
            groups.setdefault(t["section"] or "G", []).append(t["completion"])
    return {k: sum(v) / len(v) for k, v in groups.items()}


# ---------------------------------------------------------------- periods


def test_default_period_is_the_last_full_one():
    assert default_period(dt.date(2024, 10, 15), "monthly").text == "2024-09"
    assert default_period(dt.date(2024, 10, 31), "monthly").text == "2024-10"
    assert default_period(dt.date(2024, 10, 15), "quarterly").text == "2024-Q3"
    assert default_period(dt.date(2024, 1, 3), "monthly").text == "2023-12"
    assert previous_period(parse_period("2024-01")).text == "2023-12"
    assert previous_period(parse_period("2024-Q1")).text == "2023-Q4"
    assert previous_period(parse_period("2024-H2")).text == "2024-H1"
    assert previous_period(parse_period("2024")).text == "2023"


# ---------------------------------------------------------------- Markdown


def test_markdown_report_content(hostile, cli):
    text = write_report(cli, hostile, "r.md").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# 测试方案") and first.endswith("调度通报（2024-09）")
    assert "截至 2024-10-15" in text
    # Every judged target counts (actions at 0% until done or a `percent`; SPEC §4), and the
    # roll-up's 序时进度 is over the same targets (1.1.4 is due 09-30: 100% of its time gone).
    assert "总体完成度 36%，序时进度 63%，落后序时进度 27 个百分点。" in text
    assert "总体完成度 36%（1/8 完成）" in text and "未完成的指标中红灯 2，黄灯 3，蓝灯 0，绿灯 2。" in text
    assert "| 逾期 | 1 |" in text and "| 未启动 | 2 |" in text and "| 逾期完成 | 0 |" in text
    assert "| 1.1 | 　建设 | 4 | 48% | 1/4 完成 | 68% | 黄灯 |" in text
    overdue = text.split("## 三、逾期指标")[1].split("## 四")[0]
    assert "| 1.1.4 | 落实禁渔 | 交通局 | 2024-09-30 | 15 |" in overdue
    at_risk = text.split("## 四、滞后指标")[1].split("## 五")[0]
    assert "| 2.1.2 |" in at_risk and "| 1.1.2 | 大桥 |" in at_risk
    # Not started and red: listed with the at-risk ones, first (furthest behind), and named.
    assert at_risk.split("\n")[4].startswith("| 2.1.1 | =1+1 |") and at_risk.split("\n")[4].endswith("| 未启动 |")
    assert "其中尚未报送任何进展的红灯指标 1 项：2.1.1 =1+1。" in at_risk
    # A rate has no 序时进度: no gap is shown for it.
    # The goal in words (力争6.5%, SPEC §2a), never a sign for a qualified goal.
    assert "| G1 | 生产总值增长 | 发改局 | 力争6.5% | 6.3% | 97% | — | — | 滞后 |" in at_risk
    depts = text.split("## 五、单位排名与报送情况")[1].split("## 六")[0]
    assert "| 1 | 交通局 | 4 | 1 | 0 | 1 | 1 | 48% | 1/4 | 3 | 2 | 0 | 1 | 67% |" in depts
    missing = text.split("## 六、未报送单位")[1].split("## 七")[0]
    assert "- 农业局：未报 2024-07、2024-08、2024-09**（连续 3 期未报）**" in missing
    assert "- 交通局：未报 2024-07\n" in missing
    changes = text.split("## 七、与上期相比（2024-08 → 2024-09）")[1]
    # The August report was filed on 09-03: on 08-31 (the previous period's end) the office had
    # not seen it, so it is new in this bulletin and 1.1.1 moves from 未启动 (SPEC §3 as-of).
    assert "| 1.1.1 | 新建快充桩 | 未启动 0% | 正常推进 60% |" in changes
    assert "| 1.1.3 | 修复湿地 | 未启动 0% | 完成 100% |" in changes
    assert "progress/2024-09/交通局.yaml" in changes and "progress/2024-08/交通局.yaml" in changes
    # payloads stay text
    assert "<script" not in text and "\x1b" not in text and "[red]" not in text
    assert "&lt;script&gt;" in text and "=cmd\\|' /C calc'!A0" in text


def test_period_option_and_english(hostile, cli):
    text = write_report(cli, hostile, "r.md", "--period", "2024-08", "--lang", "en").read_text("utf-8")
    assert text.splitlines()[0].endswith(": progress bulletin (2024-08)")
    assert "## 7. Since the previous period (2024-07 → 2024-08)" in text
    # the previous period's end (07-31) against the as-of date: September counts too
    assert "| 1.1.1 | 新建快充桩 | not started 0% | on track 60% |" in text


# ---------------------------------------------------------------- HTML


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_report(hostile, cli, status_json):
    html = write_report(cli, hostile, "r.html").read_text(encoding="utf-8")
    page = Collect()
    page.feed(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "iframe" not in tags and "img" not in tags
    assert not [a for _, a in page.tags if any(k in a for k in ("src", "href", "onload", "onerror"))]
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "").replace("http://evil", "")
    assert "@page { size: A4" in html and "@media print" in html
    assert '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif' in html
    # one bar per section, as wide as its completion
    bars = {a["data-section"]: float(a["width"] or 0) for t, a in page.tags
            if t == "rect" and a.get("class") == "bar"}
    expected = section_completion(status_json, hostile)
    assert sorted(bars) == ["1", "2", "G"]
    for sid, width in bars.items():
        assert width == pytest.approx(expected.get(sid, 0.0) * TRACK_W, abs=0.01), sid
    assert sum(1 for t, a in page.tags if t == "line" and a.get("class") == "marker") == 3
    status_bars = {a["data-status"]: int(a["data-count"] or 0) for t, a in page.tags
                   if t == "rect" and a.get("class") == "status-bar"}
    assert status_bars == {"done": 1, "done_late": 0, "on_track": 1, "at_risk": 3, "overdue": 1,
                           "not_started": 2, "no_target": 2, "pending": 0}
    missing = [a for t, a in page.tags if t == "rect" and a.get("class") == "dept-missing"]
    assert len(missing) == 4  # every unit has a missing report in this fixture
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text  # shown as text, parsed as no tag
    assert "\x1b" not in html and "\\x1b]8;;http://evil\\x07" in text
    assert "落实禁渔" in text and FORMULA in text


def png_ink(data: bytes) -> tuple[int, int, int]:
    """(width, height, pixels that are not near-white) of an 8-bit RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = ctype = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and ctype in (2, 6)
        elif kind == b"IDAT":
            idat += body
    bpp = 3 if ctype == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(idat)
    prev = bytearray(stride)
    ink = 0
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        # count dark-ish pixels on a sample of columns: enough to tell a blank page
        for x in range(0, width, 4):
            r, g, b = line[x * bpp], line[x * bpp + 1], line[x * bpp + 2]
            if r + g + b < 600:
                ink += 1
        prev = line
    return width, height, ink


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium is not installed (.ci/run installs it with apt-get when it can); "
                           "the HTML is still checked by parsing")
def test_html_renders_in_headless_chromium(hostile, cli, tmp_path):
    html = write_report(cli, hostile, "r.html")
    png = tmp_path / "shot.png"
    proc = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1200,1600",
         html.resolve().as_uri()],
        capture_output=True, timeout=120, check=False)
    assert png.exists(), proc.stderr.decode(errors="replace")[-2000:]
    width, height, ink = png_ink(png.read_bytes())
    assert (width, height) == (1200, 1600)
    # text, tables and bars: far from a blank page (a blank one has 0)
    assert ink > 2000, ink


# ---------------------------------------------------------------- Excel


def test_xlsx_report(hostile, cli):
    wb = openpyxl.load_workbook(write_report(cli, hostile, "r.xlsx"))
    assert wb.sheetnames == ["总览", "指标明细", "逾期", "滞后", "部门", "趋势"]
    overview, targets, overdue, at_risk, depts = (wb[n] for n in wb.sheetnames[:5])
    assert overview.freeze_panes == "A2" and targets.freeze_panes == "C2"
    assert overdue.freeze_panes == "A2" and depts.freeze_panes == "C2"
    assert overview["B2"].value == dt.datetime(2024, 10, 15)
    assert overview["B3"].number_format == "0.0%" and overview["B3"].value == pytest.approx(0.36, abs=0.01)

    header = [c.value for c in targets[1]]
    col = {name: i for i, name in enumerate(header)}
    rows = {r[0].value: r for r in targets.iter_rows(min_row=2)}
    assert len(rows) == 10
    r = rows["1.1.1"]
    assert r[col["完成度"]].value == pytest.approx(0.6) and r[col["完成度"]].number_format == "0.0%"
    assert r[col["实际"]].value == 60 and r[col["目标"]].value == 100
    assert r[col["截止"]].value == dt.datetime(2024, 12, 31) and r[col["截止"]].is_date
    assert rows["2.1.2"][col["实际"]].value == -1.5
    assert rows["2.1.1"][col["指标"]].value == "=1+1" and rows["2.1.1"][col["指标"]].data_type == "s"
    # fills by light, whole rows
    for tid, light in (("1.1.4", Light.RED), ("1.1.1", Light.GREEN), ("1.1.2", Light.YELLOW)):
        assert rows[tid][col["灯"]].value == {"red": "红灯", "green": "绿灯", "yellow": "黄灯"}[light.value]
        for c in rows[tid]:
            assert c.fill.start_color.rgb == FILLS[light].start_color.rgb, (tid, c.coordinate)
    # Chinese-aware widths: the title column fits its longest title, or wraps it (issue 17:
    # free text wraps so the sheet prints one page wide)
    longest = max(display_width(str(c.value)) for c in targets["B"] if c.value)
    assert targets.column_dimensions["B"].width >= min(longest, WRAP_WIDTH)
    assert targets["B2"].alignment.wrap_text

    assert [c.value for c in overdue[2]][:3] == ["1.1.4", "落实禁渔", "交通局"]
    assert overdue.cell(row=2, column=6).value == 15
    dept_rows = {r[1].value: r for r in depts.iter_rows(min_row=2)}
    assert dept_rows[FORMULA][1].data_type == "s"
    assert dept_rows["农业局"][12].value == 3 and dept_rows["农业局"][14].value == 3
    assert dept_rows["交通局"][13].value == pytest.approx(2 / 3)
    assert dept_rows["交通局"][8].value == "1/4"  # done of the judged led targets
    risky = [[c.value for c in r] for r in at_risk.iter_rows(min_row=2)]
    assert [r[0] for r in risky] == ["2.1.1", "1.1.2", "G1", "2.1.2"]
    assert risky[0][-1] == "未启动" and risky[2][6] is None  # a rate: no 序时进度

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                assert not (isinstance(c.value, str) and "\x1b" in c.value)


# ---------------------------------------------------------------- usage and writing


def test_unknown_extension_and_bad_period(hostile, cli):
    for args in (["--out", "r.pdf"], ["--out", "r"], ["--out", "r.md", "--period", "2024-13"],
                 ["--out", "r.md", "--period", "2024-10"]):
        result = cli("report", "--root", str(hostile), "--as-of", AS_OF, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output


def test_refuses_plan_and_progress(hostile, cli):
    for target in (hostile / "plan" / "r.md", hostile / "progress" / "2024-09" / "r.html",
                   hostile / "plan" / "tree.yaml.md"):
        result = cli("report", "--root", str(hostile), "--as-of", AS_OF, "--out", str(target))
        assert result.exit_code == 2 and "refusing to write" in result.stderr, result.output
        assert not target.exists()


def test_writes_atomically_and_overwrites(hostile, cli):
    out = hostile.parent / "reports" / "通报.md"
    out.parent.mkdir()
    out.write_text("old", encoding="utf-8")
    write_report(cli, hostile, "reports/通报.md")
    assert out.read_text(encoding="utf-8").startswith("# 测试方案")
    assert os.listdir(out.parent) == ["通报.md"]  # no temp file left behind


def test_bundled_repository_report(cli, tmp_path):
    out = tmp_path / "通报.md"
    result = cli("report", "--root", str(REPO), "--as-of", "2024-10-15", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "调度通报（2024-09）" in text.splitlines()[0]
    assert "沅江高新区：未报 2024-08、2024-09**（连续 2 期未报）**" in text
