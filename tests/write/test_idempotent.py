"""Issue 14, point 7: `duplicate-entry` in validate; `record` and `import` never add an entry that
is already there; `import`, `import --dry-run` and `record --dry-run` show the warnings their
entries would cause."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import SEPTEMBER_LIKE, fill, make_sheet, tree_hash
from yuanjiang_plan.loader import load_repo
from yuanjiang_plan.ops.checks import duplicate_entries


def codes(cli, root: Path) -> list[tuple[str, str, int]]:
    result = cli("validate", "--root", str(root), "--format", "json")
    return [(d["code"], d["path"], d["line"]) for d in json.loads(result.stdout)]


def test_duplicate_entry_is_a_warning_whatever_the_spelling(make_repo, cli):
    twice = SEPTEMBER_LIKE["2024-09/交通局.yaml"] + "  - target: 1.1.3\n    value: 40000\n    evidence: [测交〔2024〕1号]\n"
    root = make_repo({**SEPTEMBER_LIKE, "2024-09/交通局.yaml": twice})
    repo = load_repo(root, use_cache=False)
    found = duplicate_entries(repo.plan, repo.reports)
    assert [(d.code, d.severity, d.loc) for d in found] == [("duplicate-entry", "warning", ("entries", 2, "target"))]
    assert ("duplicate-entry", "progress/2024-09/交通局.yaml", 10) in codes(cli, root)
    strict = cli("validate", "--root", str(root), "--strict")
    assert strict.exit_code == 1
    # Different values are a conflict, not a duplicate; the same value in another period is neither.
    other = make_repo({**SEPTEMBER_LIKE, "2024-10/交通局.yaml": SEPTEMBER_LIKE["2024-09/交通局.yaml"]
                       .replace("2024-09", "2024-10")})
    assert not [c for c in codes(cli, other) if c[0] == "duplicate-entry"]


def test_record_twice_writes_once(make_repo, cli):
    root = make_repo(SEPTEMBER_LIKE)
    args = ("record", "1.1.1", "70", "--root", str(root), "--dept", "交通局", "--period", "2024-10")
    first = cli(*args)
    assert first.exit_code == 0, first.output
    before = tree_hash(root)
    again = cli(*args)
    assert again.exit_code == 0, again.output
    assert "已有相同记录，未重复写入" in again.stdout and "已追加到" not in again.stdout
    assert tree_hash(root) == before
    # A different note is a different entry: it is added.
    assert "已追加到" in cli(*args, "--note", "新增 10 个").stdout


def test_reimport_writes_nothing(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"F2": "2024-11-04", "G5": 80, "G6": "主体完工", "H8": "是", "I8": "禁渔巡查全覆盖"})
    assert "已导入 3 条记录" in cli("import", "--root", str(root), str(sheet)).stderr
    before = tree_hash(root)
    again = cli("import", "--root", str(root), str(sheet))
    assert again.exit_code == 0, again.output
    assert "已导入 0 条记录" in again.stderr and "未重复写入" in again.stdout
    assert tree_hash(root) == before
    assert not [c for c in codes(cli, root) if c[0] == "duplicate-entry"]


def test_import_and_dry_runs_show_the_warnings_their_entries_cause(make_repo, cli, tmp_path):
    root = make_repo(SEPTEMBER_LIKE)
    # 1.1.3 reached without evidence (missing-evidence); 1.1.1 far above its 100 个 (8.4万).
    sheet = make_sheet(cli, root, tmp_path)
    fill(sheet, {"G5": "8.4万", "G7": "4.5万亩"})
    before = tree_hash(root)
    dry = cli("import", "--root", str(root), str(sheet), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "[missing-evidence]" in dry.stderr and "[implausible-value]" in dry.stderr
    assert tree_hash(root) == before
    done = cli("import", "--root", str(root), str(sheet))
    assert "[missing-evidence]" in done.stderr and "[implausible-value]" in done.stderr
    # record --dry-run: a second value for 1.1.1 in September is a conflict.
    rec = cli("record", "1.1.1", "65", "--root", str(root), "--dept", "交通局", "--period", "2024-09",
              "--dry-run")
    assert rec.exit_code == 0, rec.output
    assert "[conflict]" in rec.stderr and "progress/2024-09/交通局.yaml:" in rec.stderr
