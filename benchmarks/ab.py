"""Two versions of the program on the same repository, interleaved with the floor: before/after.

    git worktree add /tmp/before <commit>
    python benchmarks/ab.py /tmp/province --before /tmp/before/src --after src --reps 5

Each round runs the floor (PyYAML's `CSafeLoader` on the same files, as run.py does), then each
command cold (a fresh cache home) with `PYTHONPATH` set to each source tree in turn, so a busy
machine slows both alike; medians and minimums of wall and CPU time follow. On a shared machine
this comparison is steadier than two separate run.py runs: the floor itself may vary by half
between repetitions.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import FLOOR  # noqa: E402

COMMANDS = {"status": ["status", "--format", "json"], "validate": ["validate"]}


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="the repository (e.g. from generate.py --messy)")
    parser.add_argument("--before", type=Path, required=True, help="the `src` folder of one version")
    parser.add_argument("--after", type=Path, required=True, help="the `src` folder of the other")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--as-of", default="2025-12-31")
    parser.add_argument("--command", choices=sorted(COMMANDS), action="append",
                        help="status and/or validate (default: both)")
    args = parser.parse_args(argv)
    commands = args.command or sorted(COMMANDS)
    trees = {"before": str(args.before.resolve()), "after": str(args.after.resolve())}
    base = {**os.environ, "NO_COLOR": "1", "PLAN_NO_CACHE": ""}
    samples: dict[str, list[tuple[float, float]]] = {}
    for rep in range(args.reps):
        samples.setdefault("floor", []).append(timed([sys.executable, "-c", FLOOR, str(args.root)], base))
        for name in commands:
            cmd = [*COMMANDS[name], "--root", str(args.root)]
            if name == "status":
                cmd += ["--as-of", args.as_of]
            for who, tree in trees.items():
                home = tempfile.mkdtemp(prefix="plan-ab-")
                env = {**base, "PYTHONPATH": tree, "XDG_CACHE_HOME": home}
                samples.setdefault(f"{name}, {who}", []).append(
                    timed([sys.executable, "-m", "yuanjiang_plan", *cmd], env))
                shutil.rmtree(home, ignore_errors=True)
        print(f"round {rep + 1}/{args.reps}: " + ", ".join(
            f"{k} {v[-1][0]:.2f}s" for k, v in samples.items()) + f" (load {os.getloadavg()[0]:.1f})",
            file=sys.stderr)
    floor = [w for w, _ in samples["floor"]]
    print("| run | wall median (s) | wall min (s) | CPU median (s) | / floor (median, best) |")
    print("|---|---:|---:|---:|---:|")
    for key, values in samples.items():
        walls = [w for w, _ in values]
        print(f"| {key} | {statistics.median(walls):.2f} | {min(walls):.2f} | "
              f"{statistics.median(c for _, c in values):.2f} | "
              f"{statistics.median(walls) / statistics.median(floor):.2f}, {min(walls) / min(floor):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
