"""Where one real `plan` run spends its time: CPU and wall clock per pipeline phase.

    python benchmarks/phases.py status --root /tmp/province --format json --as-of 2025-12-31
    PLAN_WORKERS=1 python benchmarks/phases.py validate --root /tmp/province

Runs the program exactly as the `plan` script does (`yuanjiang_plan.program.main`, answer
cache included) in this process, with the loader's phases wrapped by a timer; prints a table
on stderr when it ends. CPU is this process only: with workers or the background child the
wall clock of a phase can exceed its CPU. Phases nest (load_repo holds load_plan ...), so the
rows do not add up. Use it to find the next thing to make faster; use run.py to measure.
`--phase module:attribute` (repeatable) times one more function.
"""

from __future__ import annotations

import atexit
import importlib
import sys
import time
from collections.abc import Callable
from typing import Any

PHASES = [
    ("yuanjiang_plan.loader", "load_repo"),
    ("yuanjiang_plan.loader", "load_plan"),
    ("yuanjiang_plan.read.cache", "Cache.reports"),
    ("yuanjiang_plan.loader", "load_reports"),
    ("yuanjiang_plan.loader", "believe_dates"),
    ("yuanjiang_plan.loader", "cross_file_checks"),
    ("yuanjiang_plan.read.cache", "Cache.save"),
    ("yuanjiang_plan.read.background", "Background.result"),
    ("yuanjiang_plan.loader", "Repo.located"),
    ("yuanjiang_plan.ops.track", "evaluate"),
    ("yuanjiang_plan.render.json", "dumps"),
]
_times: dict[str, list[float]] = {}


def _wrap(module: str, attribute: str) -> None:
    owner: Any = importlib.import_module(module)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original: Callable[..., Any] = getattr(owner, name)
    label = f"{attribute}"

    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            row = _times.setdefault(label, [0.0, 0.0, 0])
            row[0] += time.process_time() - cpu
            row[1] += time.perf_counter() - wall
            row[2] += 1

    setattr(owner, name, timed)


def _report(started: tuple[float, float]) -> None:
    cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
    print(f"{'phase':28} {'CPU s':>8} {'wall s':>8} {'calls':>6}", file=sys.stderr)
    for label, (c, w, n) in _times.items():
        print(f"{label:28} {c:8.3f} {w:8.3f} {int(n):6d}", file=sys.stderr)
    print(f"{'whole run (after start-up)':28} {cpu:8.3f} {wall:8.3f}", file=sys.stderr)


def main() -> None:
    args = sys.argv[1:]
    extra = []
    while "--phase" in args:
        at = args.index("--phase")
        extra.append(tuple(args[at + 1].split(":", 1)))
        del args[at:at + 2]
    started = time.process_time(), time.perf_counter()
    from yuanjiang_plan.program import main as plan

    _times["import program.py"] = [time.process_time() - started[0], time.perf_counter() - started[1], 1]
    for module, attribute in [*PHASES, *extra]:
        _wrap(module, attribute)
    atexit.register(_report, started)
    sys.argv = ["plan", *args]
    plan()


if __name__ == "__main__":
    main()
