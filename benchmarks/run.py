"""Benchmark `plan` against baselines measured in the same run; write benchmarks/results.md.

    python benchmarks/run.py --size prefecture            # a few minutes on 2 cores
    python benchmarks/run.py --size province --reps 3     # also half-province, for scaling

Every figure is the median of --reps repetitions with its spread (min-max), wall-clock and CPU
(user+sys of the process and the workers it waited for). Measurements are interleaved (floor,
cold, warm, ... then the next repetition) so that a busy machine slows all of them alike.

- floor: a fresh Python loading the same YAML files with PyYAML's C `CSafeLoader`, nothing else;
- cold: `plan status --format json` in a fresh process with `.plan-cache/` removed;
- no-cache: `plan --no-cache status ...` (reads everything, writes no cache), also with
  PLAN_WORKERS=1 (one process) to show what the worker processes bring;
- warm: the same again, files unchanged, cache populated;
- start-up: `plan --help`, `plan --version` against `python -c "import typer"`;
- scaling (province): province cold / half-province cold (twice the targets and entries);
- memory: peak RSS (ru_maxrss) of the cold province run, the largest process of the run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

FLOOR = r"""
import os, sys, yaml
root = sys.argv[1]
n = 0
for folder, recursive in (("plan", False), ("progress", True)):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(dirpath, name), "rb") as fh:
                    yaml.load(fh.read(), Loader=yaml.CSafeLoader)
                n += 1
        if not recursive:
            break
print(n)
"""

TARGETS = {  # ratio name -> the target
    "cold / floor": 1.5,
    "warm / floor": 0.2,
    "--help / import typer": 1.3,
    "--version / import typer": 1.3,
    "province / half-province (cold)": 2.2,
}


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)

    def median(self, what: str = "wall") -> float:
        return statistics.median(getattr(self, what))

    def spread(self, what: str = "wall") -> str:
        values = getattr(self, what)
        return f"{min(values):.2f}–{max(values):.2f}"


def plan_command() -> list[str]:
    script = Path(sys.executable).parent / "plan"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from yuanjiang_plan.cli import main; main()"]


def measure(cmd: list[str], sample: Sample, cwd: Path | None = None,
            env: dict[str, str] | None = None, expect: tuple[int, ...] = (0,)) -> None:
    """Run once; record wall time, CPU time and peak RSS of exactly this child (wait4)."""
    full_env = {**os.environ, "NO_COLOR": "1", "PLAN_NO_CACHE": "", **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in expect:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}")
    sample.wall.append(wall)
    sample.cpu.append(usage.ru_utime + usage.ru_stime)
    sample.rss_kb.append(usage.ru_maxrss)


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        m = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
        cpu = m.group(1).strip() if m else cpu
    except OSError:
        pass
    ram = "?"
    try:
        m = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        ram = f"{int(m.group(1)) / 1024 / 1024:.1f} GB" if m else ram
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    versions = []
    for dist in ("yuanjiang-plan", "typer", "pydantic", "pydantic-core", "ruamel.yaml",
                 "ruamel.yaml.clib", "PyYAML", "rich"):
        try:
            versions.append(f"{dist} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} (not installed)")
    import yaml

    return [
        f"- CPU: {cpu}, {cores} cores available (os.cpu_count {os.cpu_count()})",
        f"- RAM: {ram}; OS: {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}); "
        f"PyYAML with libyaml: {yaml.__with_libyaml__}",
        f"- {', '.join(versions)}",
    ]


def load_average() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def run_size(size: str, reps: int, work: Path, plan: list[str]) -> dict[str, Sample]:
    targets, units, months = generate.SIZES[size]
    root = work / size
    counts = generate.generate(root, targets, units, months, seed=2024)
    as_of = generate.month_end(*generate.month_list((2024, 1), months)[-1]).isoformat()
    print(f"[{size}] generated {counts}", file=sys.stderr)
    check = subprocess.run([*plan, "--no-cache", "validate", "--root", str(root)],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"generated {size} repository does not validate:\n{check.stdout[-2000:]}")
    status = [*plan, "status", "--root", str(root), "--format", "json", "--as-of", as_of]
    samples = {name: Sample() for name in ("floor", "cold", "warm", "no-cache", "no-cache, 1 process")}
    for rep in range(reps):
        measure([sys.executable, "-c", FLOOR, str(root)], samples["floor"])
        shutil.rmtree(root / ".plan-cache", ignore_errors=True)
        measure(status, samples["cold"])
        measure(status, samples["warm"])
        uncached = [*plan, "--no-cache", "status", "--root", str(root), "--format", "json",
                    "--as-of", as_of]
        measure(uncached, samples["no-cache"])
        measure(uncached, samples["no-cache, 1 process"], env={"PLAN_WORKERS": "1"})
        print(f"[{size}] rep {rep + 1}/{reps}: floor {samples['floor'].wall[-1]:.2f}s "
              f"cold {samples['cold'].wall[-1]:.2f}s warm {samples['warm'].wall[-1]:.2f}s "
              f"no-cache {samples['no-cache'].wall[-1]:.2f}s "
              f"(1 process {samples['no-cache, 1 process'].wall[-1]:.2f}s)", file=sys.stderr)
    return samples


def run_startup(reps: int, plan: list[str]) -> dict[str, Sample]:
    samples = {name: Sample() for name in ("import typer", "--help", "--version")}
    for _ in range(max(reps, 5)):
        measure([sys.executable, "-c", "import typer"], samples["import typer"])
        measure([*plan, "--help"], samples["--help"])
        measure([*plan, "--version"], samples["--version"])
    return samples


def table(samples: dict[str, Sample]) -> list[str]:
    out = ["| measurement | wall median (s) | wall min–max | CPU median (s) | peak RSS (MB) |",
           "|---|---:|---:|---:|---:|"]
    for name, s in samples.items():
        out.append(f"| {name} | {s.median():.3f} | {s.spread()} | {s.median('cpu'):.3f} | "
                   f"{max(s.rss_kb) / 1024:.0f} |")
    return out


def ratio_lines(ratios: list[tuple[str, float, float]]) -> list[str]:
    out = ["| ratio | wall | CPU | target | met (wall) |", "|---|---:|---:|---:|:---:|"]
    for name, wall, cpu in ratios:
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if wall <= target else "no")
        shown = "" if target is None else f"≤ {target}"
        out.append(f"| {name} | {wall:.2f} | {cpu:.2f} | {shown} | {met} |")
    return out


def update_results(size: str, body: list[str]) -> Path:
    path = HERE / "results.md"
    begin, end = f"<!-- {size}: begin -->", f"<!-- {size}: end -->"
    block = "\n".join([begin, *body, end])
    text = path.read_text(encoding="utf-8") if path.exists() else (
        "# Benchmark results\n\nWritten by `python benchmarks/run.py --size SIZE`; each size "
        "keeps its latest run. Ratios divide medians measured in the same run.\n")
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["prefecture", "province"], default="prefecture")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--work", type=Path, help="where to generate (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    plan = plan_command()
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = load_average()
    t0 = time.perf_counter()
    try:
        main_samples = run_size(args.size, args.reps, work, plan)
        half = run_size("half-province", args.reps, work, plan) if args.size == "province" else None
        startup = run_startup(args.reps, plan)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    floor, cold, warm = main_samples["floor"], main_samples["cold"], main_samples["warm"]
    typer_s = startup["import typer"]

    def r(a: Sample, b: Sample) -> tuple[float, float]:
        return a.median() / b.median(), a.median("cpu") / b.median("cpu")

    ratios = [
        ("cold / floor", *r(cold, floor)),
        ("warm / floor", *r(warm, floor)),
        ("no-cache / floor", *r(main_samples["no-cache"], floor)),
        ("no-cache, 1 process / floor", *r(main_samples["no-cache, 1 process"], floor)),
        ("--help / import typer", *r(startup["--help"], typer_s)),
        ("--version / import typer", *r(startup["--version"], typer_s)),
    ]
    if half is not None:
        ratios.append(("province / half-province (cold)", *r(cold, half["cold"])))
        ratios.append(("province / half-province (warm)", *r(warm, half["warm"])))
        ratios.append(("province / half-province (floor)", *r(floor, half["floor"])))
    peak = max(cold.rss_kb) / 1024
    targets, units, months = generate.SIZES[args.size]
    body = [
        f"## {args.size}: {targets:,} targets, {units} units, {months} months",
        "",
        f"Run {started}, {args.reps} repetitions, {time.perf_counter() - t0:.0f} s in all; load "
        f"average {load_before} before, {load_average()} after (other work on the machine "
        "inflates wall times; CPU times are steadier).",
        "",
        *machine(),
        "",
        f"Command: `python benchmarks/run.py --size {args.size} --reps {args.reps}`",
        "",
        *table({**main_samples, **{f"half-province {k}": v for k, v in (half or {}).items()},
                **startup}),
        "",
        *ratio_lines(ratios),
        "",
        f"Peak RSS of the cold `plan status` at this size: {peak:.0f} MB (target ≤ 1024 MB: "
        f"{'met' if peak <= 1024 else 'not met'}).",
    ]
    for line in ratio_lines(ratios):
        print(line)
    print(f"peak RSS (cold status, {args.size}): {peak:.0f} MB")
    path = update_results(args.size, body)
    print(f"written to {path}", file=sys.stderr)
    print(json.dumps({name: round(w, 3) for name, w, _ in ratios}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
