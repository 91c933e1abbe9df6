"""The HTML report as a phone and a printer show it (issue 17): Chromium at 390 px measures the
page, Chromium's A4 PDF is read back with poppler, and the grey-print rules are checked."""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import REPO
from yuanjiang_plan.render.report_charts import COLOURS, OUTCOME_COLOURS, OUTCOME_FILLS

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed: the page is not measured")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from yuanjiang_plan.cli import app

    # 2025-01-10: everything past due, so the overdue table has dates and long unit lists.
    out = tmp_path_factory.mktemp("html") / "通报.html"
    result = CliRunner().invoke(app, ["report", "--root", str(REPO), "--as-of", "2025-01-10", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_charts_scale_with_the_page(report):
    text = report.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg [^>]*>", text)
    assert len([tag for tag in svgs if 'class="chart ' in tag]) == 3  # plus the small trend charts
    for tag in svgs:
        assert 'width="100%"' in tag and "viewBox=" in tag, tag
        assert not re.search(r'\sheight="\d', tag), tag  # the height follows the viewBox
    assert "svg.chart { display: block; width: 100%; height: auto; }" in text
    assert text.count('<div class="scroll"><table>') == text.count("<table>")


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_outcomes_and_lights_survive_grey_print(report):
    """按时 green and 未报 red are the same grey (about 100 and 90 of 255): the fills differ by pattern."""
    assert abs(_grey(OUTCOME_COLOURS["on_time"]) - _grey(OUTCOME_COLOURS["missing"])) < 40  # why patterns
    assert len(set(OUTCOME_FILLS.values())) == 3
    text = report.read_text(encoding="utf-8")
    for outcome in ("late", "missing"):
        assert f'<pattern id="p-{outcome}"' in text
        assert f'class="dept-{outcome}"' in text and f'fill="url(#p-{outcome})"' in text
    # every light shown in a table or a chart is also a word
    assert text.count('class="light light-') == sum(text.count(f"light-{c.value}\"></span>{w}")
                                                    for c, w in zip(COLOURS, ("红灯", "黄灯", "蓝灯", "绿灯"), strict=True))
    assert re.search(r"\d+% (红灯|黄灯|绿灯|蓝灯)</text>", text)  # section bars carry their light


PROBE = """<script>
function lines(el) { const r = document.createRange(); r.selectNodeContents(el);
  const tops = new Set(); for (const q of r.getClientRects()) tops.add(Math.round(q.top)); return tops.size; }
document.body.setAttribute('data-probe', JSON.stringify({
  scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  unit: [...document.querySelectorAll('td.unit')].map(e => [e.textContent, lines(e)]),
  units: [...document.querySelectorAll('td.units')].map(e => [e.textContent, lines(e)]),
  th: [...document.querySelectorAll('th')].map(e => [e.textContent, lines(e)])}));
</script>"""
OUTER = """<html><body style="margin:0"><iframe id="f" src="probe.html" style="width:390px;height:900px;border:0">
</iframe><script>document.getElementById('f').addEventListener('load', () => document.body.setAttribute(
'data-outer', document.getElementById('f').contentDocument.body.getAttribute('data-probe')));</script></body></html>"""


@needs_chromium
def test_phone_at_390px_has_no_sideways_scroll(report, tmp_path):
    """Headless windows are at least 500 px wide: a 390 px iframe is the phone's viewport (its
    media queries and scroll width are its own). The probe copy drops the CSP to run a script."""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text(encoding="utf-8"))
    (tmp_path / "probe.html").write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    (tmp_path / "outer.html").write_text(OUTER, encoding="utf-8")
    dom = subprocess.run([str(CHROMIUM), *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--allow-file-access-from-files", "--window-size=600,900", "--virtual-time-budget=5000",
                          "--dump-dom", (tmp_path / "outer.html").as_uri()],
                         capture_output=True, text=True, timeout=120, check=False).stdout
    found = re.search(r'data-outer="([^"]*)"', dom)
    assert found, dom[-2000:]
    probe = json.loads(htmllib.unescape(found.group(1)))
    assert probe["client"] <= 390
    assert probe["scroll"] <= probe["client"], probe  # before: charts 690 px wide, the page scrolled
    assert probe["unit"] and all(n == 1 for _, n in probe["unit"]), probe["unit"]  # unit names on one line
    for text, n in probe["units"]:  # lists of units break between units, never per character
        assert len(text) / n >= 4, (text, n)
    assert all(n <= 2 for _, n in probe["th"]), probe["th"]


@needs_chromium
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) reads the printed PDF")
def test_a4_print_keeps_dates_and_headers_whole(report, tmp_path):
    pdf = tmp_path / "r.pdf"
    subprocess.run([str(CHROMIUM), *CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "594.96 x 841.92 pts (A4)" in info  # A4 portrait
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    source = report.read_text(encoding="utf-8")
    dates = set(re.findall(r'<td class="date">(\d{4}-\d{2}-\d{2})', source))
    assert dates
    for day in dates:
        assert day in text, day  # a date split over two lines would not be found whole
    assert not re.search(r"\b20\d\d-\d\d-\s*$", text, re.M)
    headers = {h for h in re.findall(r"<th>([^<]+)</th>", source)}
    for header in headers:
        assert header in text, header  # not one character per line
