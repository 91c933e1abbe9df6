"""The Excel report as a spreadsheet program prints it (issue 17): page setup read back with
openpyxl, and the page count of LibreOffice's PDF where LibreOffice is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from helpers import REPO, libreoffice_calc
from yuanjiang_plan.render.report_xlsx import NONE_ROW, WRAP_WIDTH

SOFFICE = libreoffice_calc()  # with Calc: Debian ships Writer alone as well
PDFINFO = shutil.which("pdfinfo")


@pytest.fixture(scope="module")
def bundled_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from yuanjiang_plan.cli import app

    out = tmp_path_factory.mktemp("xlsx") / "通报.xlsx"
    result = CliRunner().invoke(app, ["report", "--root", str(REPO), "--as-of", "2024-10-31",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_sheet_prints_a4_landscape_one_page_wide(bundled_xlsx):
    wb = openpyxl.load_workbook(bundled_xlsx)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert int(setup.paperSize) == 9, ws.title  # 9: A4 in OOXML
        assert setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
    targets = wb["指标明细"]
    # print titles: the header row and the ID column on every page
    assert targets.print_title_rows == "$1:$1" and targets.print_title_cols == "$A:$A"
    assert wb["部门"].print_title_rows == "$1:$1"


def test_free_text_wraps_instead_of_widening_the_sheet(bundled_xlsx):
    targets = openpyxl.load_workbook(bundled_xlsx)["指标明细"]
    header = [c.value for c in targets[1]]
    for name in ("指标", "牵头单位", "配合单位", "最近进展"):
        letter = targets.cell(row=1, column=header.index(name) + 1).column_letter
        assert targets.column_dimensions[letter].width <= WRAP_WIDTH, name
        assert targets[f"{letter}2"].alignment.wrap_text, name
    total = sum(d.width for d in targets.column_dimensions.values())
    assert total < 320, total  # ~150 fit at 100% on A4 landscape: scaled to about half, still legible
    # a row holding wrapped text is tall enough for its lines (openpyxl files are not re-measured)
    tall = [targets.row_dimensions[r].height for r in range(2, targets.max_row + 1)]
    assert any(h and h >= 30 for h in tall)


def test_an_empty_list_says_none_instead_of_a_bare_header(bundled_xlsx):
    overdue = openpyxl.load_workbook(bundled_xlsx)["逾期"]
    assert overdue.max_row == 2 and overdue["A2"].value == NONE_ROW


@pytest.mark.skipif(SOFFICE is None or PDFINFO is None,
                    reason="LibreOffice Calc (soffice) and poppler-utils (pdfinfo) are needed to print the workbook")
def test_libreoffice_prints_few_a4_landscape_pages(bundled_xlsx, tmp_path, lo_profile):
    profile = lo_profile.as_uri()
    proc = subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(bundled_xlsx)],
                          capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "通报.pdf"
    assert pdf.exists(), proc.stderr.decode(errors="replace")
    info = subprocess.run([str(PDFINFO), str(pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    # Before issue 17: 19 A4 portrait pages, 指标明细 cut into 14 column strips. Now the
    # 72-target sheet is one page wide: overview 2, targets 2, overdue 1, units 1; issue 14 adds
    # the 滞后 sheet (at-risk and not-started red targets, about 50 rows here): 2 more; issue 16
    # the 趋势 sheet (each listed target with entries: figure and completion per period): 3 more.
    assert pages <= 12, pages
    width, height = (float(x) for x in fields["Page size"].split("pts")[0].split("x"))
    assert width > height  # landscape
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4


# ---------------------------------------------------------------- the fill-in sheet (template --xlsx)


@pytest.fixture
def sheet(make_repo, cli, tmp_path) -> Path:
    from helpers import SEPTEMBER_LIKE

    root = make_repo(SEPTEMBER_LIKE)
    out = tmp_path / "send" / "交通局10月.xlsx"
    result = cli("template", "--root", str(root), "--dept", "交通局", "--period", "2024-10", "--xlsx",
                 "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_fill_in_sheet_labels_fit_their_cells(sheet):
    from yuanjiang_plan.render.report_xlsx import display_width

    ws = openpyxl.load_workbook(sheet)["填报"]
    for ref in ("A2", "C2", "E2"):
        cell = ws[ref]
        width = ws.column_dimensions[cell.column_letter].width
        lines = str(cell.value).split("\n")
        assert cell.alignment.wrap_text, ref
        # bold text is a little wider: a line fits when it is shorter than the column
        assert all(display_width(line) < width for line in lines), (ref, lines, width)
        assert (ws.row_dimensions[2].height or 15) >= 15 * len(lines), ref
    assert ws["A2"].value.startswith("填报单位") and ws["C2"].value.startswith("报告期")


def test_fill_in_sheet_prints_one_page_wide(sheet):
    ws = openpyxl.load_workbook(sheet)["填报"]
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$1:$4"


def test_fill_in_sheet_leaves_nothing_beside_it(sheet):
    assert sorted(p.name for p in sheet.parent.iterdir()) == [sheet.name]  # no .交通局10月.xlsx.lock


def test_fill_in_sheet_needs_a_place_outside_the_repository(make_repo, cli, tmp_path, monkeypatch):
    from helpers import SEPTEMBER_LIKE

    root = make_repo(SEPTEMBER_LIKE)
    monkeypatch.chdir(root)
    before = sorted(p.name for p in root.iterdir())
    result = cli("template", "--dept", "交通局", "--period", "2024-10", "--xlsx")
    assert result.exit_code == 2 and "--out" in result.stderr
    into = cli("template", "--dept", "交通局", "--period", "2024-10", "--xlsx", "--out", "progress/x.xlsx")
    assert into.exit_code == 2
    assert sorted(p.name for p in root.iterdir()) == before
    assert not list((root / "progress").rglob("*.xlsx"))


@pytest.mark.skipif(SOFFICE is None or PDFINFO is None, reason="LibreOffice and pdfinfo print the sheet")
def test_libreoffice_prints_the_fill_in_sheet_one_page_wide(sheet, tmp_path, lo_profile):
    import openpyxl as ox

    wb = ox.load_workbook(sheet)
    for name in wb.sheetnames[1:]:
        del wb[name]  # only the 填报 sheet: the instructions print on their own page
    single = tmp_path / "填报.xlsx"
    wb.save(single)
    profile = lo_profile.as_uri()
    subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(single)], capture_output=True, timeout=180, check=False)
    info = subprocess.run([str(PDFINFO), str(tmp_path / "填报.pdf")], capture_output=True, text=True,
                          check=True).stdout
    assert "Pages:           1" in info, info  # before: 5 pages wide
