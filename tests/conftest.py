"""Shared fixtures: small plan repositories written inline, and a CLI runner."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from yuanjiang_plan.cli import app

REPO = Path(__file__).resolve().parents[1]

PLAN_YAML = """\
id: test-plan
title: 测试方案
start: 2024-07-01
end: 2024-12-31
reporting: {cadence: monthly, due_day: 5}
coordination:
  name: 工作专班
  office: 发改局
  members: [发改局, 交通局, 农业局]
"""

DEPARTMENTS_YAML = """\
departments:
  - name: 发改局
    full_name: 测试市发展和改革局
    aliases: [市发改局]
    code: fgj
  - name: 交通局
    aliases: [市交通运输局]
    code: jtj
  - name: 农业局
    code: nyj
"""

TREE_YAML = """\
goals:
  - id: G1
    title: 生产总值增长
    kind: level
    target: 6.5
    unit: "%"
    qualifier: strive
  - id: G2
    title: 城镇化率提高
    kind: level
    change: 0.7
    baseline: null
    unit: "%"
    qualifier: about
  - id: G3
    title: 收入增长与经济增长基本同步
    kind: level
    ref: G1
    unit: "%"
    qualifier: same_pace
sections:
  - id: '1'
    label: （一）
    title: 交通
    tasks:
      - id: '1.1'
        title: 建设
        lead: [交通局]
        support: [农业局]
        targets:
          - id: 1.1.1
            title: 新建快充桩
            kind: quantity
            target: 100
            unit: 个
          - id: 1.1.2
            title: 大桥
            kind: milestone
            stages: [开工, 主体完工, 投入使用]
          - id: 1.1.3
            title: 修复湿地
            kind: quantity
            target: 40000
            unit: 亩
          - id: 1.1.4
            title: 落实禁渔
            kind: action
      - id: '1.2'
        title: 无牵头任务
        lead: []
        support: [农业局, 发改局]
        targets:
          - id: 1.2.1
            title: PM2.5 浓度
            kind: level
            target: null
            unit: μg/m³
            op: "<="
"""


# Two clean reports for September, used by several test modules.
SEPTEMBER_LIKE = {
    "2024-09/交通局.yaml": """\
department: 交通局
period: 2024-09
submitted: 2024-10-03
entries:
  - target: 1.1.1
    value: 60
  - target: 1.1.3
    value: 4万亩
    evidence: [测交〔2024〕1号]
""",
    "2024-09/发改局.yaml": "department: fgj\nperiod: 2024-09\nentries:\n  - target: G1\n    value: 6.3\n",
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[..., Path]:
    """Write a small plan repository; `progress` maps relative paths to YAML text."""

    def make(progress: dict[str, str] | None = None, tree: str = TREE_YAML,
             plan: str = PLAN_YAML, departments: str = DEPARTMENTS_YAML,
             extra: dict[str, str] | None = None) -> Path:
        root = tmp_path / "repo"
        write(root / "plan" / "plan.yaml", plan)
        write(root / "plan" / "departments.yaml", departments)
        write(root / "plan" / "tree.yaml", tree)
        (root / "progress").mkdir(parents=True, exist_ok=True)
        for rel, text in (progress or {}).items():
            write(root / "progress" / rel, text)
        for rel, text in (extra or {}).items():
            write(root / rel, text)
        return root

    return make


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Run `plan ARGS...` in-process; returns the typer Result."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "80", **(env or {})})

    return run


@pytest.fixture
def status_json(cli: Callable[..., Any]) -> Callable[..., dict[str, Any]]:
    """`plan status --format json` on a root, parsed, with targets by id."""

    def run(root: Path, *args: str) -> dict[str, Any]:
        result = cli("status", "--root", str(root), "--format", "json", *args)
        assert result.exit_code in (0, 1), result.output
        doc = json.loads(result.stdout)
        doc["by_id"] = {t["id"]: t for t in doc["targets"]}
        return doc

    return run


@pytest.fixture(autouse=True, scope="session")
def _cache_key_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The cache's per-user key (cache.py) goes to a temporary folder, not the tester's home."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the session: making one costs seconds per soffice run."""
    return tmp_path_factory.mktemp("lo-profile")


def libreoffice_calc() -> str | None:
    """`soffice` when LibreOffice can open spreadsheets (Debian splits Calc from Writer)."""
    import shutil

    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    return soffice if any(program.glob("libsclo*")) or not program.name == "program" else None
