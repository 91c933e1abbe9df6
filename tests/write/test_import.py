"""`plan template` (YAML and Excel) and `plan import`: fill in, read back, see it in status."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from helpers import SEPTEMBER_LIKE, fill, make_sheet, template, tree_hash

# ---------------------------------------------------------------- YAML template


def test_yaml_template_lists_the_units_targets_with_last_values(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    result = template(cli, root, "--dept", "jtj", "--period", "2024-10", "--out", "-")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# yaml-language-server: $schema=../../schema/progress.schema.json\n")
    assert "department: 交通局\nperiod: 2024-10\n" in text
    assert [line for line in text.splitlines() if "- target:" in line] == [
        f"  - target: '1.1.{i}'" for i in range(1, 5)]
    assert "  # 1.1.3 修复湿地（数量，目标 4万亩）\n" in text
    assert "  # 上次填报 (last reported) 2024-09：4万亩\n" in text
    assert "    stage:      # 可选 (choices): 开工 / 主体完工 / 投入使用\n" in text
    assert "G1" not in text and "1.2.1" not in text


def test_support_adds_supported_targets(make_repo, cli):
    root = make_repo()
    plain = template(cli, root, "--dept", "农业局", "--period", "2024-10", "--out", "-").stdout
    more = template(cli, root, "--dept", "农业局", "--period", "2024-10", "--out", "-", "--support").stdout
    assert "'1.2.1'" in plain and "'1.1.1'" not in plain  # no lead: the supporting units report
    assert "'1.1.1'" in more and "'1.2.1'" in more


def test_yaml_template_filled_in_loads_and_counts(make_repo, cli, status_json):
    root = make_repo(SEPTEMBER_LIKE)
    result = template(cli, root, "--dept", "交通局", "--period", "2024-10")
    assert result.exit_code == 0, result.output
    path = root / "progress" / "2024-10" / "交通局.yaml"
    assert "progress/2024-10/交通局.yaml" in result.stderr

    unfilled = cli("validate", "--root", str(root))
    assert unfilled.exit_code == 1 and "[no-entries]" in unfilled.stdout  # an untouched template

    text = path.read_text()
    text = text.replace("    stage:      # 可选 (choices): 开工 / 主体完工 / 投入使用",
                        "    stage: 主体完工      # 可选 (choices): 开工 / 主体完工 / 投入使用")
    # The hint says which total (SPEC §2a basis): since the plan began, not "年初至今".
    hint = "value:      # 自2024年7月1日起累计数（计划期累计），单位 个"
    assert hint in text
    text = text.replace(hint, "value: 75      # 累计数，单位 个", 1)
    path.write_text(text)
    filled = cli("validate", "--root", str(root))
    assert filled.exit_code == 0, filled.output
    assert filled.stdout.count("[empty-entry]") == 2
    doc = status_json(root, "--as-of", "2024-11-15")
    assert doc["by_id"]["1.1.1"]["actual"] == 75
    assert doc["by_id"]["1.1.2"]["stage"] == "主体完工"

    again = template(cli, root, "--dept", "交通局", "--period", "2024-10")
    assert again.exit_code == 1 and "已存在" in again.stderr


# ---------------------------------------------------------------- Excel


def test_xlsx_template_is_protected_with_stage_lists(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    wb = load_workbook(make_sheet(cli, root, tmp_path))
    assert wb.sheetnames == ["填报", "选项", "填报说明"]
    ws = wb["填报"]
    assert ws.protection.sheet
    assert [ws[f"A{r}"].value for r in range(5, 9)] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert all(ws[f"{c}5"].protection.locked for c in "ABCDEF")
    assert not any(ws[f"{c}5"].protection.locked for c in "GHIJ")
    assert ws["F7"].value == "2024-09：4万亩"
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["G6"] == "'选项'!$B$2:$D$2"
    assert [c.value for c in wb["选项"][2]][:4] == ["1.1.2", "开工", "主体完工", "投入使用"]
    assert lists["H8"] == '"是,否"'
    assert "累计数" in "".join(str(c.value) for c in wb["填报说明"]["A"])


def test_template_fill_import_status(make_repo, cli, tmp_path, status_json):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"F2": "2024-11-04", "G5": 80, "G6": "主体完工", "I6": "=桥面铺装完成", "G7": "4.5万亩",
                 "J7": "测交〔2024〕3号；测交〔2024〕4号", "H8": "是", "I8": "禁渔巡查全覆盖"})
    before = tree_hash(root)
    dry = cli("import", "--root", str(root), str(sheet), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "将新建 progress/2024-10/交通局.yaml" in dry.stdout
    assert "+     stage: 主体完工" in dry.stdout
    assert tree_hash(root) == before

    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 0, result.output
    assert "已导入 4 条记录" in result.stderr
    text = (root / "progress/2024-10/交通局.yaml").read_text()
    assert "submitted: 2024-11-04\n" in text
    assert "    note: =桥面铺装完成\n" in text  # text, never a formula
    assert "    evidence: [测交〔2024〕3号, 测交〔2024〕4号]\n" in text
    doc = status_json(root, "--as-of", "2024-11-15")
    by_id = doc["by_id"]
    assert by_id["1.1.1"]["actual"] == 80
    assert by_id["1.1.2"]["stage"] == "主体完工"
    assert by_id["1.1.3"]["actual"] == 45000
    assert by_id["1.1.4"]["status"] == "done"
    assert by_id["1.1.1"]["last_period"] == "2024-10"


def test_import_appends_to_the_existing_report(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path, period="2024-09")
    fill(sheet, {"G6": "开工"})
    original = (root / "progress/2024-09/交通局.yaml").read_text()
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 0, result.output
    assert (root / "progress/2024-09/交通局.yaml").read_text() == (
        original + "  - target: 1.1.2\n    stage: 开工\n")


def test_import_reports_every_bad_cell_and_writes_nothing(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"G5": "3家", "G6": "完工", "G7": "=1+1", "H8": "也许", "A9": "9.9.9", "G9": 1})
    before = tree_hash(root)
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 1
    err = result.stderr
    assert "填报.xlsx:Sheet 填报!G5: error:" in err and "[unit-mismatch]" in err
    assert "填报.xlsx:Sheet 填报!G6: error:" in err and "[unknown-stage]" in err
    assert "填报.xlsx:Sheet 填报!G7: error:" in err and "[formula]" in err
    assert "填报.xlsx:Sheet 填报!H8: error:" in err
    assert "填报.xlsx:Sheet 填报!A9: error:" in err and "[unknown-target]" in err
    assert "未写入任何内容" in err
    assert tree_hash(root) == before


@pytest.mark.parametrize("cells, where", [
    ({"B2": "交通"}, "B2"),
    ({"D2": "2024-13"}, "D2"),
    ({"F2": "昨天"}, "F2"),
])
def test_import_header_problems(make_repo, cli, tmp_path, cells, where):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"G5": 1, **cells})
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 1
    assert f"填报.xlsx:Sheet 填报!{where}: error:" in result.stderr


def test_import_refuses_a_broken_report(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path, period="2024-09")
    fill(sheet, {"G6": "开工"})
    path = root / "progress/2024-09/交通局.yaml"
    path.write_text(path.read_text() + "<<<<<<< HEAD\n")
    before = tree_hash(root)
    result = cli("import", "--root", str(root), str(sheet))
    assert result.exit_code == 1
    assert "progress/2024-09/交通局.yaml:" in result.stderr and "[merge-conflict]" in result.stderr
    assert tree_hash(root) == before


def test_blank_sheet_and_not_a_workbook(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    blank = cli("import", "--root", str(root), str(sheet))
    assert blank.exit_code == 1 and "没有已填写的行" in blank.stderr
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a zip")
    result = cli("import", "--root", str(root), str(junk))
    assert result.exit_code == 1 and "junk.xlsx: error:" in result.stderr and "Traceback" not in result.output


def test_status_json_is_unchanged_by_blank_template_lines(make_repo, cli, status_json):
    root = make_repo(SEPTEMBER_LIKE)
    before = status_json(root, "--as-of", "2024-11-15")
    template(cli, root, "--dept", "交通局", "--period", "2024-10")
    path = root / "progress" / "2024-10" / "交通局.yaml"
    path.write_text(path.read_text().replace("    note:\n", "    note: 推进中\n", 1))
    after = status_json(root, "--as-of", "2024-11-15")
    assert json.dumps(after["by_id"]["1.1.3"]) == json.dumps(before["by_id"]["1.1.3"])


def test_template_schema_line_resolves_from_the_written_file(make_repo, cli, tmp_path, monkeypatch):
    """yaml-language-server reads `$schema=` relative to the file's folder (issue 17)."""
    import re

    root = make_repo(SEPTEMBER_LIKE)
    (root / "schema").mkdir()
    (root / "schema/progress.schema.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(root)
    for out in ("progress/jtj-11.yaml", "progress/2024-11/交通局.yaml", "progress/a/b/c/x.yaml"):
        result = cli("template", "--dept", "交通局", "--period", "2024-11", "--out", out)
        assert result.exit_code == 0, result.output
        first = (root / out).read_text(encoding="utf-8").splitlines()[0]
        found = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert found, first
        assert ((root / out).parent / found.group(1)).resolve() == (root / "schema/progress.schema.json").resolve()
    default = cli("template", "--dept", "农业局", "--period", "2024-11")
    assert default.exit_code == 0, default.output
    assert "$schema=../../schema/progress.schema.json" in (root / "progress/2024-11/农业局.yaml").read_text()
    (root / "schema/progress.schema.json").unlink()
    bare = cli("template", "--dept", "发改局", "--period", "2024-11", "--out", "progress/f.yaml")
    assert bare.exit_code == 0
    assert "$schema" not in (root / "progress/f.yaml").read_text()  # no line pointing nowhere
    assert not list((root / "progress").rglob(".*.lock"))
