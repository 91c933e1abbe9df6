"""`plan validate`: located diagnostics, exit codes, formats; status keeps going past errors."""

from __future__ import annotations

import json

from helpers import SEPTEMBER_LIKE


def test_clean_repo_validates(make_repo, cli):
    result = cli("validate", "--root", str(make_repo(SEPTEMBER_LIKE)))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "2 份进度报告" in result.stderr


def test_errors_are_located_with_code_and_hint(make_repo, cli):
    root = make_repo({
        "2024-09/交通局.yaml": """\
            department: 交通局
            period: 2024-09
            entries:
              - target: 1.1.9
                value: 3
              - target: 1.1.1
                value: 3家
              - target: 1.1.2
                stage: 完工
              - target: 1.1.1
                valeu: 5
        """,
        "2024-09/bad.yaml": "department: 交通\nperiod: 2024-13\nentries: []\n",
    })
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("progress/2024-09/bad.yaml:")
    text = result.stdout
    assert "progress/2024-09/交通局.yaml:4:13: error: 未知指标编号 '1.1.9'" in text
    assert "是不是 1.1." in text
    assert "[unknown-target]" in text
    assert "progress/2024-09/交通局.yaml:7:12: error:" in text and "[unit-mismatch]" in text
    assert "progress/2024-09/交通局.yaml:9:12: error:" in text and "[unknown-stage]" in text
    assert ":11:" in text and "[unknown-key]" in text and "是不是 'value'?" in text


def test_file_level_problems(make_repo, cli):
    root = make_repo({
        "a.yaml": "department: 交通局\nperiod: 2024-09\nperiod: 2024-10\nentries: []\n",
        "b.yaml": "department: [unclosed\n",
        "c.yaml": "",
        "d.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value: .nan\n",
        "e.yaml": "department: 交通局\nperiod: 2023-01\nentries:\n  - target: 1.1.1\n    value: 1\n",
    })
    result = cli("validate", "--root", str(root), "--format", "json")
    assert result.exit_code == 1
    found = {(d["path"], d["code"], d["line"]) for d in json.loads(result.stdout)}
    assert ("progress/a.yaml", "duplicate-key", 3) in found
    assert ("progress/b.yaml", "yaml-syntax", 2) in found
    assert ("progress/c.yaml", "empty-file", 1) in found
    assert ("progress/d.yaml", "bad-value", 5) in found or ("progress/d.yaml", "not-finite", 5) in found
    assert ("progress/e.yaml", "period-outside-plan", 2) in found


def test_warnings_and_strict(make_repo, cli):
    root = make_repo({
        "2024-08/x.yaml": "department: 交通局\nperiod: 2024-08\nentries:\n  - target: 1.1.1\n    value: 50\n",
        "2024-09/x.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value: 40\n",
        "2024-09/y.yaml": "department: 农业局\nperiod: 2024-09\nentries:\n  - target: 1.1.1\n    value: 45\n"
                          "  - target: G1\n    value: 6\n",
    })
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 0
    assert "[regression]" in result.stdout
    assert "[conflict]" in result.stdout
    assert "[not-responsible]" in result.stdout
    strict = cli("validate", "--root", str(root), "--strict")
    assert strict.exit_code == 1
    assert ": error:" in strict.stdout and ": warning:" not in strict.stdout


def test_github_annotations_escape(make_repo, cli):
    root = make_repo({"x,y.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 9.9.9\n    note: a\n"})
    result = cli("validate", "--root", str(root), "--format", "github")
    assert result.exit_code == 1
    line = result.stdout.strip()
    assert line.startswith("::error file=progress/x%2Cy.yaml,line=4,col=13,title=unknown-target::")


def test_status_prints_valid_data_after_listing_errors(make_repo, cli):
    progress = dict(SEPTEMBER_LIKE)
    progress["broken.yaml"] = "department: 交通局\nperiod: 2024-09\nentries:\n  - target: 7.7.7\n    value: 1\n"
    result = cli("status", "--root", str(make_repo(progress)), "--as-of", "2024-10-15")
    assert result.exit_code == 1
    assert "progress/broken.yaml:4:13: error:" in result.stderr
    assert "新建快充桩" in result.stdout


def test_broken_plan_is_reported_not_evaluated(make_repo, cli):
    root = make_repo(tree="sections:\n  - id: '1'\n    title: x\n    tasks:\n      - id: '1.1'\n"
                          "        title: y\n        lead: [不存在局]\n        targets:\n"
                          "          - {id: 1.1.1, title: z, kind: quantity, target: 1, unit: 个}\n")
    result = cli("status", "--root", str(root))
    assert result.exit_code == 1
    assert "plan/tree.yaml:7:" in result.stderr and "[unknown-department]" in result.stderr
    assert "Traceback" not in result.output


def test_no_repository_is_a_usage_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert "plan/" in result.stderr


def test_bundled_repo_is_valid_and_broken_copies_are_located(tmp_path, cli):
    import shutil

    from helpers import REPO

    assert cli("validate", "--root", str(REPO), "--strict").exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "plan", copy / "plan")
    shutil.copytree(REPO / "progress", copy / "progress")
    report = copy / "progress" / "2024-10" / "市交通运输局.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("target: '4.3.5'", "target: '4.3.9'", 1)
                      .replace("target: 4.3.5", "target: 4.3.9", 1), encoding="utf-8")
    section = copy / "plan" / "section-4.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace("unit: 个", "unit: 个\n            op: '=='", 1),
                       encoding="utf-8")
    result = cli("validate", "--root", str(copy), "--format", "json")
    assert result.exit_code == 1
    found = {(d["path"], d["code"]) for d in json.loads(result.stdout)}
    assert ("plan/section-4.yaml", "bad-value") in found
    line = next(d for d in json.loads(result.stdout) if d["path"] == "plan/section-4.yaml")["line"]
    assert section.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "op: '=='"
    section.write_text((REPO / "plan" / "section-4.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("validate", "--root", str(copy))
    assert result.exit_code == 1
    assert "progress/2024-10/市交通运输局.yaml:" in result.stdout and "[unknown-target]" in result.stdout


def test_implausible_value_and_same_unit_conflict(make_repo, cli):
    root = make_repo({"2024-09/x.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n"
                                        "  - target: 1.1.1\n    value: 80\n"
                                        "  - target: 1.1.1\n    value: 9万\n    evidence: [a]\n"})
    result = cli("validate", "--root", str(root))
    assert result.exit_code == 0
    assert "progress/2024-09/x.yaml:7:12: warning: 1.1.1 的值 9万个 是目标 100个 的 900 倍" in result.stdout
    assert "[implausible-value]" in result.stdout
    assert "9万个 与 80个" in result.stdout and "删除作废的那条" in result.stdout


def test_record_tells_the_clerk_about_a_conflict_it_creates(make_repo, cli):
    root = make_repo({"2024-09/x.yaml": "department: 交通局\nperiod: 2024-09\nentries:\n"
                                        "  - target: 1.1.1\n    value: 80\n"})
    result = cli("record", "1.1.1", "85", "--dept", "jtj", "--period", "2024-09", "--root", str(root))
    assert result.exit_code == 0, result.output
    assert "[conflict]" in result.stderr and "85个 与 80个" in result.stderr
