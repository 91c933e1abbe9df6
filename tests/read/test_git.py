"""Git reading: `plan diff`, `plan status --rev`, entry history; the working tree stays untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import SEPTEMBER_LIKE, build_repo, commit, git, write
from yuanjiang_plan.loader import load_repo, repo_at
from yuanjiang_plan.read.gitinfo import (
    GitError,
    entry_commits,
    first_commit_dates,
    resolve_rev,
    tree_files,
)

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.usefixtures("git_identity")]

AUGUST = """\
department: 交通局
period: 2024-08
entries:
  - target: 1.1.1
    value: 30
  - target: 1.1.2
    stage: 开工
"""
SEPTEMBER = """\
department: 市交通运输局
period: 2024-09
entries:
  - target: 1.1.1
    value: 60
  - target: 1.1.3
    value: 4万亩
    evidence: [测交〔2024〕1号]
"""
CHINESE = "progress/2024-09/市交通运输局.yaml"


@pytest.fixture(scope="module")
def history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four commits: first report; new report with a Chinese name; corrected value; plan change.
    Made once per module (a dozen git runs); each test gets a copy (`history`)."""
    root = build_repo(tmp_path_factory.mktemp("history") / "repo", progress={"2024-08/交通局.yaml": AUGUST})
    git(root, "init", "-q", "-b", "main")
    commit(root, "plan and August report", "2024-09-03")
    write(root / CHINESE, SEPTEMBER)
    commit(root, "September report", "2024-10-04")
    text = (root / CHINESE).read_text(encoding="utf-8").replace("value: 60", "value: 65")
    (root / CHINESE).write_text(text, encoding="utf-8")
    commit(root, "corrected value", "2024-10-08")
    tree = (root / "plan" / "tree.yaml").read_text(encoding="utf-8")
    tree = tree.replace(
        "            target: 100\n            unit: 个\n",
        "            target: 100\n            unit: 个\n            due: 2024-11-30\n",
    ).replace(
        "          - id: 1.1.4\n            title: 落实禁渔\n            kind: action\n",
        "          - id: 1.1.4\n            title: 落实禁渔\n            kind: action\n"
        "            lead: [农业局]\n"
        "          - id: 1.1.5\n            title: 新增指标\n            kind: action\n",
    )
    (root / "plan" / "tree.yaml").write_text(tree, encoding="utf-8")
    commit(root, "plan: 1.1.1 due moved, 1.1.4 re-assigned, 1.1.5 added", "2024-10-10")
    return root


@pytest.fixture
def history(history_template: Path, tmp_path: Path) -> Path:
    """A copy of the four-commit repository in this test's tmp_path (same commits, same hashes)."""
    root = tmp_path / "repo"
    shutil.copytree(history_template, root, symlinks=True)
    git(root, "status", "--porcelain")  # settle the copy's index stat cache before snapshots
    return root


def snapshot(root: Path) -> dict[str, Any]:
    """Every working-tree file's hash, the index file's bytes, status and staged diff."""
    files = {}
    for path in sorted(root.rglob("*")):
        # nothing else: the load cache lives under the user's cache home (issue 18)
        parts = path.relative_to(root).parts
        if path.is_file() and ".git" not in parts:
            files[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    index = hashlib.sha256((root / ".git" / "index").read_bytes()).hexdigest()
    quiet = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    status = subprocess.run(["git", "status", "--porcelain", "-z"], cwd=root, env=quiet,
                            capture_output=True, check=True).stdout
    staged = subprocess.run(["git", "diff", "--cached"], cwd=root, env=quiet,
                            capture_output=True, check=True).stdout
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                          check=True).stdout
    return {"files": files, "index": index, "status": status, "staged": staged, "head": head}


@pytest.fixture
def untouched(history: Path) -> Iterator[Path]:
    """The repository, asserted byte-identical (tree, index, status) after the test."""
    before = snapshot(history)
    yield history
    assert snapshot(history) == before


def diff_json(cli: Callable[..., Any], root: Path, *revs: str, as_of: str = "2024-10-15") -> dict[str, Any]:
    result = cli("diff", *revs, "--root", str(root), "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    doc["by_id"] = {t["id"]: t for t in doc["targets"]}
    return doc


# ---------------------------------------------------------------- plan diff


def test_new_report_with_chinese_file_name(cli: Callable[..., Any], untouched: Path) -> None:
    doc = diff_json(cli, untouched, "HEAD~3", "HEAD~2")
    assert doc["files"] == [{"path": CHINESE, "change": "added"}]
    assert doc["plan"] == []
    assert sorted(doc["by_id"]) == ["1.1.1", "1.1.3"]
    quantity = doc["by_id"]["1.1.1"]
    assert quantity["before"]["value"] == 30 and quantity["after"]["value"] == 60
    assert quantity["before"]["entries"] == 1 and quantity["after"]["entries"] == 2
    assert quantity["before"]["completion"] == 0.3 and quantity["after"]["completion"] == 0.6
    assert quantity["files"] == [{"path": CHINESE, "change": "added"}]
    wetland = doc["by_id"]["1.1.3"]
    assert wetland["before"] == {"value": None, "completion": 0.0, "status": "not_started",
                                 "light": wetland["before"]["light"], "entries": 0}
    assert wetland["after"]["value"] == 40000 and wetland["after"]["status"] == "done"
    assert doc["from"]["rev"] == "HEAD~3" and len(doc["from"]["commit"]) == 40
    assert doc["to"]["worktree"] is False
    assert doc["summary"] == {"targets_changed": 2, "plan_changes": 0, "files_changed": 1}


def test_corrected_value(cli: Callable[..., Any], untouched: Path) -> None:
    doc = diff_json(cli, untouched, "HEAD~2", "HEAD~1")
    assert list(doc["by_id"]) == ["1.1.1"]
    change = doc["by_id"]["1.1.1"]
    assert (change["before"]["value"], change["after"]["value"]) == (60, 65)
    assert change["files"] == [{"path": CHINESE, "change": "modified"}]


def test_plan_changes_listed_apart(cli: Callable[..., Any], untouched: Path) -> None:
    doc = diff_json(cli, untouched, "HEAD~1", "HEAD")
    plan = {(p["change"], p["id"]): p for p in doc["plan"]}
    assert set(plan) == {("due", "1.1.1"), ("lead", "1.1.4"), ("added", "1.1.5")}
    assert (plan[("due", "1.1.1")]["before"], plan[("due", "1.1.1")]["after"]) == ("2024-12-31", "2024-11-30")
    assert (plan[("lead", "1.1.4")]["before"], plan[("lead", "1.1.4")]["after"]) == (["交通局"], ["农业局"])
    assert doc["files"] == [{"path": "plan/tree.yaml", "change": "modified"}]
    # No entry changed, and the earlier due leaves 1.1.1's completion alone at this as-of.
    assert "1.1.1" not in doc["by_id"] or doc["by_id"]["1.1.1"]["files"] == []


def test_working_tree_is_the_default_second_side(cli: Callable[..., Any], untouched: Path) -> None:
    write(untouched / "progress" / "2024-09" / "发改局.yaml", SEPTEMBER_LIKE["2024-09/发改局.yaml"])
    try:
        doc = diff_json(cli, untouched, "HEAD")
        assert doc["to"] == {"rev": None, "commit": None, "worktree": True}
        assert doc["files"] == [{"path": "progress/2024-09/发改局.yaml", "change": "added"}]
        assert doc["by_id"]["G1"]["after"]["value"] == 6.3
        assert doc["by_id"]["G1"]["files"] == [{"path": "progress/2024-09/发改局.yaml", "change": "added"}]
    finally:
        (untouched / "progress" / "2024-09" / "发改局.yaml").unlink()


def test_as_of_applies_to_both_sides(cli: Callable[..., Any], untouched: Path) -> None:
    # On 2024-09-15 the September report does not count yet: adding it changes nothing.
    doc = diff_json(cli, untouched, "HEAD~3", "HEAD~2", as_of="2024-09-15")
    assert doc["targets"] == [] and doc["as_of"] == "2024-09-15"
    assert doc["files"] == [{"path": CHINESE, "change": "added"}]


def test_table_and_markdown(cli: Callable[..., Any], untouched: Path) -> None:
    table = cli("diff", "HEAD~3", "HEAD", "--root", str(untouched), "--as-of", "2024-10-15")
    assert table.exit_code == 0, table.output
    assert "1.1.1" in table.stdout and "市交通运输局.yaml" in table.stdout and "截止日期" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    md = cli("diff", "HEAD~3", "HEAD", "--root", str(untouched), "--as-of", "2024-10-15",
             "--format", "markdown", "--lang", "en")
    assert md.exit_code == 0, md.output
    assert "| 1.1.1 | 新建快充桩<br>added progress/2024-09/市交通运输局.yaml | 30个 30% " in md.stdout
    assert "| due | 1.1.1 |" in md.stdout


def test_no_changes(cli: Callable[..., Any], untouched: Path) -> None:
    result = cli("diff", "HEAD", "--root", str(untouched), "--as-of", "2024-10-15")
    assert result.exit_code == 0 and "没有变化" in result.stdout


def test_bad_revision_exits_2_with_gits_message(cli: Callable[..., Any], untouched: Path) -> None:
    result = cli("diff", "no-such-branch", "--root", str(untouched))
    assert result.exit_code == 2
    assert "no-such-branch" in result.stderr and "git:" in result.stderr
    assert "Traceback" not in result.output
    result = cli("diff", "--", "--output=/tmp/x", "--root", str(untouched))
    assert result.exit_code == 2


def test_not_a_git_repository(cli: Callable[..., Any], make_repo: Callable[..., Path],
                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for args in (("diff", "HEAD"), ("status", "--rev", "HEAD")):
        result = cli(*args, "--root", str(root))
        assert result.exit_code == 2, result.output
        assert "not a git repository" in result.stderr


# ---------------------------------------------------------------- status --rev


def test_status_at_a_revision(status_json: Callable[..., dict[str, Any]], untouched: Path) -> None:
    old = status_json(untouched, "--rev", "HEAD~2", "--as-of", "2024-10-15")
    assert old["by_id"]["1.1.1"]["actual"] == 60 and old["by_id"]["1.1.1"]["due"] == "2024-12-31"
    assert "1.1.5" not in old["by_id"]
    now = status_json(untouched, "--as-of", "2024-10-15")
    assert now["by_id"]["1.1.1"]["actual"] == 65 and now["by_id"]["1.1.1"]["due"] == "2024-11-30"
    assert status_json(untouched, "--rev", "HEAD", "--as-of", "2024-10-15")["targets"] == now["targets"]


def test_revision_loads_like_a_checkout(history: Path, tmp_path: Path) -> None:
    """The in-memory revision gives the same diagnostics and entries as a real checkout."""
    (history / "progress" / "bad.yaml").write_text("department: 无此单位\nperiod: 2024-09\n"
                                                     "entries:\n  - target: 9.9\n    value: 1\n",
                                                     encoding="utf-8")
    git(history, "add", "progress/bad.yaml")
    git(history, "commit", "-q", "-m", "bad", date="2024-10-11")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(history), str(clone))
    at_rev = repo_at(history, "HEAD")
    on_disk = load_repo(clone, first_commit_dates(clone))
    assert at_rev.diagnostics == on_disk.diagnostics and at_rev.diagnostics
    assert at_rev.entries == on_disk.entries
    assert {r.file: r.submitted for r in at_rev.reports}[CHINESE].isoformat() == "2024-10-04"


def test_plan_root_below_the_git_top_level(cli: Callable[..., Any], make_repo: Callable[..., Path],
                                           tmp_path: Path) -> None:
    root = make_repo(progress={"2024-08/交通局.yaml": AUGUST})
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "nested", "2024-09-03")
    files = tree_files(root, "HEAD")
    assert "progress/2024-08/交通局.yaml" in files and "plan/plan.yaml" in files
    assert all(not k.startswith("repo/") for k in files)
    assert resolve_rev(root, "HEAD") == git(tmp_path, "rev-parse", "HEAD").strip()
    with pytest.raises(GitError):
        resolve_rev(root, "HEAD~5")


# ---------------------------------------------------------------- entry history


def test_entry_commits_name_the_commit_that_added_each_entry(untouched: Path) -> None:
    repo = load_repo(untouched)
    found = entry_commits(untouched, repo.entries)
    log = git(untouched, "log", "--format=%H %s").splitlines()
    sha = {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in log}
    # The corrected value changed the value line; the entry itself came with the report.
    assert found[(CHINESE, 0)].hash == sha["September report"]
    assert found[(CHINESE, 1)].hash == sha["September report"]
    assert found[("progress/2024-08/交通局.yaml", 1)].hash == sha["plan and August report"]
    assert found[(CHINESE, 0)].author == "张三"
    assert found[(CHINESE, 0)].as_dict()["date"] == "2024-10-04"


def test_entry_commits_skip_uncommitted_and_work_without_git(untouched: Path,
                                                             make_repo: Callable[..., Path],
                                                             tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = untouched / "progress" / "2024-08" / "交通局.yaml"
    original = path.read_bytes()
    path.write_text(AUGUST + "  - target: 1.1.4\n    note: 新增\n", encoding="utf-8")
    try:
        repo = load_repo(untouched)
        found = entry_commits(untouched, repo.entries)
        assert ("progress/2024-08/交通局.yaml", 2) not in found
        assert ("progress/2024-08/交通局.yaml", 0) in found
    finally:
        path.write_bytes(original)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(untouched.parent))
    plain = tmp_path / "plain"
    shutil.copytree(untouched, plain, ignore=shutil.ignore_patterns(".git"))
    assert entry_commits(plain, load_repo(plain).entries) == {}


# ---------------------------------------------------------------- plan show: history


def test_show_names_the_commit_of_each_entry(cli: Callable[..., Any], untouched: Path,
                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cli("show", "1.1.1", "--root", str(untouched), "--as-of", "2024-10-15", "--format", "json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)["entries"]
    log = dict(reversed(line.split(" ", 1)) for line in git(untouched, "log", "--format=%H %s").splitlines())
    assert [(e["file"], e["commit"]["hash"]) for e in entries] == [
        ("progress/2024-08/交通局.yaml", log["plan and August report"]),
        (CHINESE, log["September report"]),
    ]
    assert entries[1]["commit"] == {"hash": log["September report"], "author": "张三", "date": "2024-10-04"}
    table = cli("show", "1.1.1", "--root", str(untouched), "--as-of", "2024-10-15")
    assert f"{log['September report'][:8]} 2024-10-04 张三" in table.stdout
    # Without git the field is simply absent.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    plain = tmp_path / "plain"
    shutil.copytree(untouched, plain, ignore=shutil.ignore_patterns(".git"))
    result = cli("show", "1.1.1", "--root", str(plain), "--as-of", "2024-10-15", "--format", "json")
    assert result.exit_code == 0 and all("commit" not in e for e in json.loads(result.stdout)["entries"])


def test_broken_plan_at_a_revision_is_located_in_that_revision(cli: Callable[..., Any], history: Path) -> None:
    tree = history / "plan" / "tree.yaml"
    good = tree.read_text(encoding="utf-8")
    tree.write_text(good.replace("        lead: [交通局]\n", "        lead: [无此局]\n"), encoding="utf-8")
    commit(history, "broken lead", "2024-10-12")
    line = good.splitlines().index("        lead: [交通局]") + 1
    tree.write_text("# two lines\n# pushed down\n" + good, encoding="utf-8")  # the fix moves lines
    result = cli("diff", "HEAD", "--root", str(history))
    assert result.exit_code == 1
    assert f"plan/tree.yaml:{line}:" in result.stderr and "unknown-department" in result.stderr
    result = cli("status", "--rev", "HEAD", "--root", str(history))
    assert result.exit_code == 1 and f"plan/tree.yaml:{line}:" in result.stderr
    assert cli("status", "--root", str(history)).exit_code == 0


def test_revision_without_a_plan(cli: Callable[..., Any], make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    git(root, "init", "-q", "-b", "main")
    (root / "README").write_text("x", encoding="utf-8")
    git(root, "add", "README")
    git(root, "commit", "-q", "-m", "empty", date="2024-09-01")
    result = cli("diff", "HEAD", "--root", str(root))
    assert result.exit_code == 2 and "版本 HEAD 中没有 plan/" in result.stderr


def test_removed_report(cli: Callable[..., Any], untouched: Path) -> None:
    path = untouched / "progress" / "2024-08" / "交通局.yaml"
    original = path.read_bytes()
    path.unlink()
    try:
        doc = diff_json(cli, untouched, "HEAD")
    finally:
        path.write_bytes(original)
    assert doc["files"] == [{"path": "progress/2024-08/交通局.yaml", "change": "removed"}]
    bridge = doc["by_id"]["1.1.2"]
    assert (bridge["before"]["value"], bridge["after"]["value"]) == ("开工", None)
    assert bridge["after"]["status"] == "not_started"
    assert bridge["files"] == [{"path": "progress/2024-08/交通局.yaml", "change": "removed"}]
    # 1.1.1 keeps its September value; only its entry count changed.
    assert doc["by_id"]["1.1.1"]["before"]["entries"] == 2 and doc["by_id"]["1.1.1"]["after"]["entries"] == 1
