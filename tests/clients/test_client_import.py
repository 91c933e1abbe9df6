"""`plan import` of what clerks actually send back (issue 17): the sheet saved as .xlsx, .xls,
.ods (LibreOffice converts, where installed) or .csv (UTF-8 with or without BOM, GBK), anything
else refused with advice, a missing file a usage error, and every problem reported at once."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from helpers import SEPTEMBER_LIKE, fill, libreoffice_calc, make_sheet, tree_hash

SOFFICE = libreoffice_calc()  # with Calc: Debian ships Writer alone as well
FILLED = {"F2": "2024-11-04", "G5": 80, "G6": "主体完工", "G7": "4.5万亩", "J7": "测交〔2024〕3号；测交〔2024〕4号",
          "H8": "是", "I8": "禁渔巡查全覆盖"}


def imported(cli, root: Path, sheet: Path) -> str:
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 0, result.output
    assert "已导入 4 条记录" in result.stderr
    return (root / "progress/2024-10/交通局.yaml").read_text(encoding="utf-8")


def expect_the_same_report(text: str) -> None:
    assert "submitted: 2024-11-04\n" in text
    assert "  - target: '1.1.1'\n    value: 80\n" in text
    assert "    stage: 主体完工\n" in text
    assert "    value: 4.5万亩\n" in text and "    evidence: [测交〔2024〕3号, 测交〔2024〕4号]\n" in text
    assert "    done: true\n" in text and "    note: 禁渔巡查全覆盖\n" in text


@pytest.fixture
def filled(make_repo, cli, tmp_path) -> tuple[Path, Path]:
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, FILLED)
    return root, sheet


def as_csv(sheet: Path, encoding: str) -> bytes:
    """The 填报 sheet as Excel's "Save as CSV" writes it: every row, values as shown."""
    ws = load_workbook(sheet)["填报"]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


def test_xlsx_is_the_reference(filled, cli):
    root, sheet = filled
    expect_the_same_report(imported(cli, root, sheet))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_with_the_same_columns(filled, cli, encoding):
    root, sheet = filled
    path = sheet.with_suffix(".csv")
    path.write_bytes(as_csv(sheet, encoding))
    expect_the_same_report(imported(cli, root, path))


def test_csv_as_excel_writes_dates_and_a_remade_table(filled, cli, tmp_path):
    """Excel writes 2024/11/4 in a CSV; a clerk may keep only the header row and the rows."""
    root, sheet = filled
    rows = list(csv.reader(io.StringIO(as_csv(sheet, "utf-8").decode("utf-8"))))
    rows[1][5] = "2024/11/4"
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path = tmp_path / "填报.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    expect_the_same_report(imported(cli, root, path))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) converts the sheet to .xls and .ods")
@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_xls_and_ods_as_libreoffice_saves_them(filled, cli, tmp_path, fmt, lo_profile):
    root, sheet = filled
    profile = lo_profile.as_uri()
    subprocess.run([str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(tmp_path / "lo"), str(sheet)], capture_output=True, timeout=180, check=False)
    converted = tmp_path / "lo" / f"填报.{fmt}"
    assert converted.exists()
    expect_the_same_report(imported(cli, root, converted))


@pytest.mark.parametrize("name", ["填报.numbers", "填报.et", "填报.pdf", "填报"])
def test_other_files_are_told_to_save_as_xlsx(filled, cli, tmp_path, name):
    root, _ = filled
    path = tmp_path / name
    path.write_bytes(b"PK\x03\x04 whatever")
    result = cli("import", "--root", str(root), str(path))
    assert result.exit_code == 1
    assert "请另存为 .xlsx (save as .xlsx)" in result.stderr and "[unsupported-file]" in result.stderr


def test_a_broken_workbook_gets_advice_not_an_exception_name(filled, cli, tmp_path):
    root, _ = filled
    for name in ("junk.xlsx", "junk.xls", "junk.ods"):
        path = tmp_path / name
        path.write_text("not a workbook")
        result = cli("import", "--root", str(root), str(path))
        assert result.exit_code == 1
        assert f"{name}: error:" in result.stderr and "请另存为 .xlsx" in result.stderr
        assert "InvalidFileException" not in result.stderr and "Traceback" not in result.output


def test_undecodable_csv_is_refused_clearly(filled, cli, tmp_path):
    root, _ = filled
    path = tmp_path / "x.csv"
    path.write_bytes("填报单位,交通局\n".encode("utf-16"))
    result = cli("import", "--root", str(root), str(path))
    assert result.exit_code == 1 and "[bad-encoding]" in result.stderr


def test_a_missing_file_is_a_usage_error(filled, cli, tmp_path):
    root, sheet = filled
    before = tree_hash(root)
    result = cli("import", "--root", str(root), str(sheet), str(tmp_path / "没有这个.xlsx"))
    assert result.exit_code == 2
    message = result.stderr.replace("\n", "")  # folded at 80 columns wherever the path is long
    assert "找不到文件" in message and "没有这个.xlsx" in message
    assert tree_hash(root) == before  # the good sheet beside it was not imported either


def test_a_bad_header_date_does_not_hide_the_rows_problems(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"F2": "昨天", "G5": "3家", "G6": "完工", "H8": "也许"})
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 1
    err = result.stderr
    assert "填报.xlsx:Sheet 填报!F2: error:" in err and "[bad-date]" in err
    assert "填报.xlsx:Sheet 填报!G5: error:" in err and "[unit-mismatch]" in err
    assert "填报.xlsx:Sheet 填报!G6: error:" in err and "[unknown-stage]" in err
    assert "填报.xlsx:Sheet 填报!H8: error:" in err
    bad_unit = make_sheet(cli, root, tmp_path / "b")
    fill(bad_unit, {"B2": "交通", "H8": "也许"})
    result = cli("import", "--root", str(root), str(bad_unit))
    assert "!B2: error:" in result.stderr and "!H8: error:" in result.stderr
