"""benchmarks/phases.py times a real run's phases without changing what the run prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO


def test_phases_prints_the_run_and_a_table_of_its_phases(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "NO_COLOR": "1", "PLAN_NO_CACHE": "1"}
    args = ["status", "--root", str(REPO), "--format", "json", "--as-of", "2024-09-30"]
    timed = subprocess.run([sys.executable, str(REPO / "benchmarks" / "phases.py"), *args,
                            "--phase", "yuanjiang_plan.cli.common:report_problems"],
                           capture_output=True, text=True, timeout=120, env=env)
    plain = subprocess.run([sys.executable, "-m", "yuanjiang_plan", *args],
                           capture_output=True, text=True, timeout=120, env=env)
    assert timed.returncode == plain.returncode == 0, timed.stderr
    assert timed.stdout == plain.stdout
    rows = {line.split()[0] for line in timed.stderr.splitlines() if line.strip()}
    assert {"load_repo", "load_plan", "evaluate", "report_problems", "whole"} <= rows, timed.stderr
