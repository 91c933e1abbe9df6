"""Helpers shared by the test modules: import them as `from helpers import ...`.

`tests/` is on sys.path (`pythonpath` in pyproject.toml), so this works from every folder of
the tests tree. Paths are absolute (REPO, TESTS), never relative to a test module's own file:
moving a test module to another folder never breaks its data path.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import textwrap
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

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


def build_repo(root: Path, progress: dict[str, str] | None = None, tree: str = TREE_YAML,
               plan: str = PLAN_YAML, departments: str = DEPARTMENTS_YAML,
               extra: dict[str, str] | None = None) -> Path:
    """A small plan repository at `root`; `progress` maps paths under progress/ to YAML text,
    `extra` paths under the root. (The `make_repo` fixture writes one in the test's tmp_path.)"""
    write(root / "plan" / "plan.yaml", plan)
    write(root / "plan" / "departments.yaml", departments)
    write(root / "plan" / "tree.yaml", tree)
    (root / "progress").mkdir(parents=True, exist_ok=True)
    for rel, text in (progress or {}).items():
        write(root / "progress" / rel, text)
    for rel, text in (extra or {}).items():
        write(root / rel, text)
    return root



# The identity and isolation every test commit uses: no user or system git config leaks in.
GIT_IDENTITY = {
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "张三",
    "GIT_AUTHOR_EMAIL": "zhang@example.org",
    "GIT_COMMITTER_NAME": "张三",
    "GIT_COMMITTER_EMAIL": "zhang@example.org",
}


def git(root: Path, *args: str, date: str | None = None, committed: str | None = None,
        author: str | None = None) -> str:
    """Run git in `root` with the fixed identity; `date` (and `committed`) fix the commit dates."""
    env = {**os.environ, **GIT_IDENTITY}
    if date:
        env["GIT_AUTHOR_DATE"] = f"{date}T10:00:00+08:00"
        env["GIT_COMMITTER_DATE"] = f"{committed or date}T10:00:00+08:00"
    if author:
        env["GIT_AUTHOR_NAME"], _, email = author.partition(" <")
        env["GIT_AUTHOR_EMAIL"] = email.rstrip(">")
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout


def commit(root: Path, message: str, date: str, committed: str | None = None,
           author: str | None = None) -> None:
    """`git add -A` and commit everything in `root` on `date`."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date, committed=committed, author=author)


def libreoffice_calc() -> str | None:
    """`soffice` when LibreOffice can open spreadsheets (Debian splits Calc from Writer)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    return soffice if any(program.glob("libsclo*")) or not program.name == "program" else None


def tree_hash(root: Path) -> dict[str, str]:
    """Every file under root (lock files aside: they are never data) with its content hash."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def template(cli: Any, root: Path, *args: str) -> Any:
    """`plan template --root ROOT ARGS...` through the `cli` fixture."""
    return cli("template", "--root", str(root), *args)


def make_sheet(cli: Any, root: Path, tmp_path: Path, dept: str = "交通局", period: str = "2024-10") -> Path:
    """The Excel fill-in sheet of `dept` for `period`, written to tmp_path/填报.xlsx."""
    out = tmp_path / "填报.xlsx"
    result = template(cli, root, "--dept", dept, "--period", period, "--xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def fill(path: Path, cells: dict[str, object]) -> None:
    """Type `cells` ({"H5": 120, ...}) into the template's 填报 sheet, as a clerk would."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["填报"]
    for ref, value in cells.items():
        ws[ref] = value
        if isinstance(value, str) and value.startswith("=") and ref[0] in "IJ":
            ws[ref].data_type = "s"  # typed into a text-formatted cell, as the template makes them
    wb.save(path)
