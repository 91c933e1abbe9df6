"""The illustrative progress/ files stay consistent with the bundled plan.

They are sample data (each file says so in its first line); these checks keep them usable as
a demo: valid files, known targets, canonical departments, responsible reporters, stages that
exist, and cumulative quantities that never go down.
"""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from helpers import REPO

PROGRESS_DIR = REPO / "progress"
HEADER = "# 示例数据 — 非官方数据 (illustrative sample, not official figures)"

try:
    from yuanjiang_plan.core import model
except ModuleNotFoundError:  # a clean clone without `pip install -e .`
    sys.path.insert(0, str(REPO / "src"))
    from yuanjiang_plan.core import model

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_faithfulness import load_plan, tasks_of  # noqa: E402

FILES = sorted(PROGRESS_DIR.glob("**/*.yaml"))
CHINESE_VALUE_RE = re.compile(r"^(\d+(?:\.\d+)?)(万|亿)?(.*)$")


def _targets() -> dict[str, tuple[dict[str, Any], set[str]]]:
    """Target id -> (target, units that may report on it)."""
    plan = load_plan()
    office = plan["meta"]["coordination"]["office"]
    out: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for goal in plan["goals"]:
        out[goal["id"]] = (goal, {office})
    for task in tasks_of(plan):
        for target in task["targets"]:
            lead = target.get("lead", task.get("lead")) or []
            support = target.get("support", task.get("support")) or []
            # No 牵头 (tasks 1.3, 4.2): every unit named 按职能分工负责 reports.
            out[target["id"]] = (target, set(lead) if lead else set(support))
    return out


def _number(value: Any, unit: str) -> float:
    if isinstance(value, int | float):
        return float(value)
    m = CHINESE_VALUE_RE.match(value)
    assert m and m[3] in ("", unit), f"value {value!r} is not a number in {unit}"
    return float(m[1]) * {None: 1, "万": 10_000, "亿": 100_000_000}[m[2]]


@pytest.mark.skipif(not FILES, reason="no progress files")
def test_sample_progress_files_are_consistent() -> None:
    yaml = YAML(typ="safe")
    targets = _targets()
    departments = {d["name"] for d in load_plan()["departments"]}
    problems: list[str] = []
    history: dict[str, list[tuple[str, float]]] = {}
    for path in FILES:
        rel = path.relative_to(REPO)
        text = path.read_text(encoding="utf-8")
        if not text.startswith(HEADER):
            problems.append(f"{rel}: first line is not the sample-data notice")
        data = yaml.load(text)
        try:
            report = model.ProgressFile.model_validate(data)
        except Exception as exc:  # pydantic.ValidationError
            problems.append(f"{rel}: invalid progress file: {exc}")
            continue
        if report.department not in departments:
            problems.append(f"{rel}: department {report.department!r} is not a canonical name")
        if (path.parent.name, path.stem) != (report.period, report.department):
            problems.append(f"{rel}: file name does not match period/department")
        for entry in report.entries:
            if entry.target not in targets:
                problems.append(f"{rel}: unknown target {entry.target!r}")
                continue
            target, reporters = targets[entry.target]
            if report.department not in reporters:
                problems.append(
                    f"{rel}: {report.department} reports on {entry.target}, which it is not "
                    f"responsible for ({sorted(reporters)})"
                )
            kind = target["kind"]
            if entry.stage is not None and (
                kind != "milestone" or entry.stage not in target["stages"]
            ):
                problems.append(f"{rel}: {entry.target} has no stage {entry.stage!r}")
            if entry.value is not None:
                if kind not in ("quantity", "level"):
                    problems.append(f"{rel}: {entry.target} ({kind}) takes no `value`")
                    continue
                number = _number(entry.value, target["unit"])
                if kind == "quantity":
                    history.setdefault(entry.target, []).append((report.period, number))
    for target_id, values in history.items():
        values.sort()
        for (p1, v1), (p2, v2) in itertools.pairwise(values):
            if v2 < v1:
                problems.append(
                    f"{target_id}: cumulative value falls from {v1:g} ({p1}) to {v2:g} ({p2})"
                )
    assert not problems, f"{len(problems)} problem(s):\n  " + "\n  ".join(problems)
