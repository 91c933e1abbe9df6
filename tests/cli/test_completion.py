"""Shell completion of target IDs and department names: right candidates, fast, never a traceback."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import REPO
from yuanjiang_plan.cli import app
from yuanjiang_plan.cli.complete import complete_department, complete_target_id


def ctx(root: Path | None) -> Any:
    return SimpleNamespace(params={"root": root})


def test_target_ids(make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    assert [v for v, _ in complete_target_id(ctx(root), "1.1.")] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    assert complete_target_id(ctx(root), "G") == [
        ("G1", "生产总值增长"), ("G2", "城镇化率提高"), ("G3", "收入增长与经济增长基本同步")]
    assert [v for v, _ in complete_target_id(ctx(root), "1")][:3] == ["1", "1.1", "1.1.1"]
    assert complete_target_id(ctx(root), "9") == []


def test_departments_by_name_alias_and_code(make_repo: Callable[..., Path]) -> None:
    root = make_repo()
    assert complete_department(ctx(root), "市") == [("市发改局", "发改局"), ("市交通运输局", "交通局")]
    assert complete_department(ctx(root), "n") == [("nyj", "农业局")]
    assert [v for v, _ in complete_department(ctx(root), "")] == [
        "发改局", "测试市发展和改革局", "市发改局", "fgj", "交通局", "市交通运输局", "jtj", "农业局", "nyj"]


def test_block_style_aliases_and_quotes(make_repo: Callable[..., Path]) -> None:
    departments = (
        "departments:\n"
        "  - name: '发改局'  # quoted\n"
        "    aliases:\n"
        "      - 市发改局\n"
        "      - \"发展改革局\"\n"
        "    code: fgj\n"
        "  - name: 交通局\n    code: jtj\n  - name: 农业局\n"
    )
    root = make_repo(departments=departments)
    assert [v for v, _ in complete_department(ctx(root), "")] == [
        "发改局", "市发改局", "发展改革局", "fgj", "交通局", "jtj", "农业局"]


def test_bundled_plan_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.perf_counter()
    monkeypatch.setenv("PLAN_ROOT", str(REPO))
    ids = complete_target_id(ctx(None), "")
    assert len(ids) >= 71 and ("4.3.5", "新建公共快充桩") in ids
    assert ("fgj", "市发改局") in complete_department(ctx(None), "fg")
    assert time.perf_counter() - start < 0.5
    monkeypatch.delenv("PLAN_ROOT")
    monkeypatch.chdir(REPO / "progress")  # found upwards, like every command
    assert complete_department(ctx(None), "fgj") == [("fgj", "市发改局")]


def test_errors_give_no_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert complete_target_id(ctx(None), "") == []  # no plan repository here
    assert complete_department(ctx(tmp_path / "missing"), "") == []
    (tmp_path / "plan" / "tree.yaml").mkdir(parents=True)  # a folder where a file should be
    assert complete_target_id(ctx(tmp_path), "") == []
    assert complete_department(ctx(tmp_path), "") == []


def test_wired_into_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_ROOT", str(REPO))
    result = CliRunner().invoke(app, [], prog_name="plan", env={
        "_PLAN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "plan status --dept 市交"})
    assert result.exit_code == 0
    assert '"市交通运输局"' in result.stdout and '"市交通局":"市交通运输局"' in result.stdout
    broken = CliRunner().invoke(app, [], prog_name="plan", env={
        "PLAN_ROOT": "/nonexistent", "_PLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "plan status --dept x", "COMP_CWORD": "3"})
    assert broken.exit_code == 0 and "Traceback" not in broken.output


def test_the_plans_own_id_is_not_offered(make_repo: Callable[..., Path], cli: Callable[..., Any]) -> None:
    """`plan show test-plan` exits 2 (no such node): completion must not offer it (issue 17)."""
    root = make_repo()
    offered = [v for v, _ in complete_target_id(ctx(root), "")]
    assert "test-plan" not in offered and "G1" in offered and "1.1.1" in offered
    for value in offered:  # every candidate is something `plan show` accepts
        assert cli("show", value, "--root", str(root), "--as-of", "2024-10-15").exit_code == 0, value
    bundled = [v for v, _ in complete_target_id(ctx(REPO), "yuanjiang")]
    assert bundled == []
