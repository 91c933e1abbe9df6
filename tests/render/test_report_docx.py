"""`plan report --out X.docx`: the 通报 read back as Word would (python-docx), and opened by a
real reader (LibreOffice -> PDF) where one is installed."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from helpers import REPO, TREE_YAML
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.report import build_report
from yuanjiang_plan.render.report_docx import render_docx
from yuanjiang_plan.render.report_md import render_markdown

AS_OF = dt.date(2024, 10, 15)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.fixture(scope="module")
def bundled() -> tuple[bytes, str]:
    repo = load_repo(REPO, None, use_cache=False)
    content = build_report(repo.plan, repo.reports, AS_OF)
    return render_docx(content), render_markdown(content)


def texts(doc: object) -> list[str]:
    return [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]


def test_page_is_a4_with_gbt9704_margins(bundled):
    doc = Document(io.BytesIO(bundled[0]))
    s = doc.sections[0]
    def close(a: int | None, b: int) -> bool:
        return a is not None and abs(a - b) < 1000  # Word stores twips: 635 EMU each

    assert close(s.page_width, Mm(210)) and close(s.page_height, Mm(297))
    for got, want in ((s.top_margin, 37), (s.bottom_margin, 35), (s.left_margin, 28),
                      (s.right_margin, 26)):
        assert close(got, Mm(want)), (got, want)


def test_title_headings_and_body_fonts(bundled):
    doc = Document(io.BytesIO(bundled[0]))
    paras = texts(doc)
    assert "沅江市区域共进行动实施方案 调度通报（2024-09）" in paras
    for heading in ("一、总体进展", "二、分部分进展", "三、逾期指标", "四、滞后指标", "五、单位排名与报送情况",
                    "六、未报送单位"):
        assert heading in paras
    title = next(p for p in doc.paragraphs if p.text.startswith("沅江市区域共进行动实施方案 调度通报"))
    run = title.runs[0]
    assert run.font.size == Pt(22)
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("总体完成度"))
    assert body.runs[0].font.size == Pt(16)  # 3号
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    heading = next(p for p in doc.paragraphs if p.text == "一、总体进展")
    assert heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    with zipfile.ZipFile(io.BytesIO(bundled[0])) as z:
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:val="仿宋"' in fonts  # the fallback (altName)
    assert 'w:name="方正小标宋简体"' in fonts and 'w:val="华文中宋"' in fonts


def test_tables_repeat_their_header_rows_and_match_the_markdown(bundled):
    raw, md = bundled
    doc = Document(io.BytesIO(raw))
    assert len(doc.tables) >= 5
    for table in doc.tables:
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    at_risk = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["编号", "指标"]
                   and "差距" in [c.text for c in t.rows[0].cells])
    ids = [r.cells[0].text for r in at_risk.rows[1:]]
    md_section = md.split("## 四、滞后指标")[1].split("## ")[0]
    assert ids and ids == re.findall(r"^\| ([\d.G]+) \|", md_section, re.M)
    ranking = next(t for t in doc.tables if t.rows[0].cells[0].text == "名次")
    assert ranking.rows[1].cells[1].text == "沅江高新区"


def test_page_numbers_odd_right_even_left(bundled):
    doc = Document(io.BytesIO(bundled[0]))
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer in (s.footer, s.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
    assert s.footer.paragraphs[0].alignment == 2  # RIGHT
    assert s.even_page_footer.paragraphs[0].alignment == 0  # LEFT


HOSTILE = TREE_YAML.replace("title: 新建快充桩", "title: \"=cmd|' /C calc'!A0\\e[31m\\a<w:t>\"")


def test_user_text_stays_text(make_repo, cli, tmp_path):
    progress = {"2024-09/交通局.yaml": "department: 交通局\nperiod: 2024-09\nsubmitted: 2024-10-03\n"
                                        "entries:\n  - target: 1.1.1\n    value: 1\n"
                                        "    note: \"\\e]8;;http://x\\e\\\\备注\"\n"}
    root = make_repo(progress, tree=HOSTILE)
    out = tmp_path / "通报.docx"
    result = cli("report", "--root", str(root), "--as-of", "2024-10-15", "--out", str(out))
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.endswith(".xml"):
                xml = z.read(name).decode("utf-8")
                assert not CONTROL.search(xml), name
                if name == "word/document.xml":
                    assert "fldSimple" not in xml and "instrText" not in xml  # no fields in the body
    doc = Document(str(out))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("=cmd|' /C calc'!A0\\x1b[31m\\x07<w:t>") for c in cells)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed: the docx "
                                               "cannot be opened by a real reader here")
def test_libreoffice_opens_it_as_a4_pages(bundled, tmp_path, lo_profile):
    src = tmp_path / "通报.docx"
    src.write_bytes(bundled[0])
    subprocess.run([_soffice() or "soffice", f"-env:UserInstallation={lo_profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "通报.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "595.3" in info and "841.89" in info  # A4 in points
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert 2 <= pages <= 12
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "调度通报" in text and "沅江高新区" in text and "一、总体进展" in text
        assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)  # page numbers
