"""Benchmark `plan` against baselines measured in the same run; write benchmarks/results.md.

    python benchmarks/run.py --size prefecture                   # clean data, a few minutes
    python benchmarks/run.py --size province --messy --reps 3    # clean and messy side by side

Every figure is the median of --reps repetitions with its spread (min-max), wall-clock and CPU
(user+sys of the process and the workers it waited for). Measurements are interleaved (floor,
cold, warm, ... then the next repetition) so that a busy machine slows all of them alike; on a
shared machine the CPU ratios are the steadier ones.

- floor: a fresh Python loading the same YAML files with PyYAML's C `CSafeLoader`, nothing else;
- cold status / validate: `plan status --format json` and `plan validate` (which prints every
  warning) in a fresh process with an empty cache (its folder removed, and a fresh
  XDG_CACHE_HOME wherever the cache may live);
- warm status / validate: the same again, files unchanged, cache populated;
- start-up: `plan --help`, `plan --version` against `python -c "import typer"`;
- memory: peak RSS (ru_maxrss) of the cold runs, the largest process of the run.

Before measuring, the package is byte-compiled (`compileall`), as an installed package is: with
PYTHONDONTWRITEBYTECODE set (as on the machines this was written on), an editable install would
otherwise compile its ~40 modules from source in every "cold" run, which measures the compiler,
not the cold cache. And the first measurement waits until every generated file is older than the
answer cache's racy window (program.py RACY_NS): a warm run right after files changed is, by
design, not answered from before (the clock tick could hide a second change).

`--messy` (issue 12) also generates the data as real reports look (generate.py --messy: a third
of the files with warnings, a few errors, late, missing and quarterly reports) and reports both
repositories side by side; `--scaling` adds half-province for the province/half ratio.
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

TARGETS = {  # ratio name -> the target (issue 12; `warm` is 0.2 at prefecture)
    "cold status / floor": 1.0,
    "cold validate / floor": 1.0,
    "warm status / floor": 0.2,
    "warm validate / floor": 0.2,
    "--help / import typer": 1.3,
    "--version / import typer": 1.3,
}
WARM_PROVINCE = 0.1
RSS_TARGET_MB = 500


@dataclass
class Sample:
    counts: dict[str, int] = field(default_factory=dict)
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


MEASURES = ("floor", "cold status", "warm status", "cold validate", "warm validate")


def run_size(size: str, reps: int, work: Path, plan: list[str],
             messy: bool = False) -> dict[str, Sample]:
    targets, units, months = generate.SIZES[size]
    root = work / (size + ("-messy" if messy else ""))
    counts = generate.generate(root, targets, units, months, seed=2024, messy=messy)
    as_of = generate.month_end(*generate.month_list((2024, 1), months)[-1]).isoformat()
    label = f"{size}{' messy' if messy else ''}"
    print(f"[{label}] generated {counts}", file=sys.stderr)
    check = subprocess.run([*plan, "--no-cache", "validate", "--root", str(root), "--format", "json"],
                           capture_output=True, text=True)
    found = json.loads(check.stdout or "[]")
    errors = sum(d["severity"] == "error" for d in found)
    if errors != counts.get("errors", 0):
        raise SystemExit(f"generated {label} repository: {errors} errors, expected "
                         f"{counts.get('errors', 0)}:\n{check.stdout[-2000:]}{check.stderr[-2000:]}")
    counts["warnings"] = len(found) - errors
    _settle(root)
    expect = (1,) if errors else (0,)
    status = [*plan, "status", "--root", str(root), "--format", "json", "--as-of", as_of]
    validate = [*plan, "validate", "--root", str(root)]
    samples = {name: Sample() for name in MEASURES}
    samples["floor"].counts = counts
    for rep in range(reps):
        measure([sys.executable, "-c", FLOOR, str(root)], samples["floor"])
        for command, name in ((status, "status"), (validate, "validate")):
            env = fresh_cache(root, work)
            measure(command, samples[f"cold {name}"], env=env, expect=expect)
            measure(command, samples[f"warm {name}"], env=env, expect=expect)
        print(f"[{label}] rep {rep + 1}/{reps}: " + " ".join(
            f"{name} {samples[name].wall[-1]:.2f}s" for name in MEASURES) + f" (load {load_average()})",
              file=sys.stderr)
    return samples


def _settle(root: Path) -> None:
    """Wait until the newest generated file is older than the answer cache's racy window."""
    from yuanjiang_plan.program import RACY_NS

    newest = max(max(st.st_mtime_ns, st.st_ctime_ns) for st in (p.lstat() for p in root.rglob("*")))
    wait = (newest + RACY_NS - time.time_ns()) / 1e9 + 0.1
    if wait > 0:
        time.sleep(wait)


def fresh_cache(root: Path, work: Path) -> dict[str, str]:
    """An empty cache for a cold run: the repository's folder removed, a new XDG_CACHE_HOME."""
    shutil.rmtree(root / ".plan-cache", ignore_errors=True)
    home = Path(tempfile.mkdtemp(prefix="xdg-", dir=work))
    return {"XDG_CACHE_HOME": str(home)}


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


def side_by_side(runs: dict[str, dict[str, Sample]]) -> list[str]:
    names = list(runs)
    head = "| measurement | " + " | ".join(f"{n} wall (s) | {n} CPU (s) | {n} / floor (wall, CPU)"
                                         for n in names) + " |"
    out = [head, "|---|" + "---:|---:|---:|" * len(names)]
    for measure_name in MEASURES:
        cells = []
        for n in names:
            s, floor = runs[n][measure_name], runs[n]["floor"]
            cells.append(f"{s.median():.3f} ({s.spread()}) | {s.median('cpu'):.3f} | "
                         f"{s.median() / floor.median():.2f}, {s.median('cpu') / floor.median('cpu'):.2f}")
        out.append(f"| {measure_name} | " + " | ".join(cells) + " |")
    out.append("| peak RSS (MB) | " + " | ".join(
        f"{max(max(runs[n][m].rss_kb) for m in MEASURES[1:]) / 1024:.0f} | | " for n in names) + " |")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["prefecture", "province"], default="prefecture")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--messy", action="store_true", help="also messy data, side by side (issue 12)")
    parser.add_argument("--scaling", action="store_true", help="also half-province (province only)")
    parser.add_argument("--work", type=Path, help="where to generate (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="plan-bench-"))
    plan = plan_command()
    import compileall

    import yuanjiang_plan

    compileall.compile_dir(Path(yuanjiang_plan.__file__).parent, quiet=1)
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = load_average()
    t0 = time.perf_counter()
    runs: dict[str, dict[str, Sample]] = {}
    try:
        runs["clean"] = run_size(args.size, args.reps, work, plan)
        if args.messy:
            runs["messy"] = run_size(args.size, args.reps, work, plan, messy=True)
        if args.scaling and args.size == "province":
            runs["half-province"] = run_size("half-province", args.reps, work, plan)
        startup = run_startup(args.reps, plan)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    typer_s = startup["import typer"]

    def r(a: Sample, b: Sample) -> tuple[float, float, float]:
        # Medians, and the best runs (min / min): on a shared machine the floor itself varies
        # by half between repetitions, and the best run of each is the least disturbed.
        return a.median() / b.median(), a.median("cpu") / b.median("cpu"), min(a.wall) / min(b.wall)

    ratios = []
    for name, samples in runs.items():
        if name == "half-province":
            continue
        for m in MEASURES[1:]:
            ratios.append((f"{m} / floor", name, *r(samples[m], samples["floor"])))
    ratios.append(("--help / import typer", "", *r(startup["--help"], typer_s)))
    ratios.append(("--version / import typer", "", *r(startup["--version"], typer_s)))
    if "half-province" in runs:
        ratios.append(("province / half-province (cold status)", "clean",
                       *r(runs["clean"]["cold status"], runs["half-province"]["cold status"])))
    peak = max(max(s.rss_kb) for samples in runs.values() for m, s in samples.items() if m != "floor") / 1024
    targets, units, months = generate.SIZES[args.size]
    ratio_table = ["| ratio | data | wall | CPU | best wall | target | met (wall / CPU) |",
                   "|---|---|---:|---:|---:|---:|:---:|"]
    for name, data, wall, cpu, best in ratios:
        target = TARGETS.get(name)
        if target is not None and name.startswith("warm") and args.size == "province":
            target = WARM_PROVINCE
        met = "" if target is None else f"{'yes' if wall <= target else 'no'} / {'yes' if cpu <= target else 'no'}"
        ratio_table.append(f"| {name} | {data} | {wall:.2f} | {cpu:.2f} | {best:.2f} | "
                           f"{'' if target is None else f'≤ {target}'} | {met} |")
    counts = "; ".join(f"{n}: " + ", ".join(f"{k} {v:,}" for k, v in s["floor"].counts.items())
                       for n, s in runs.items())
    body = [
        f"## {args.size}: {targets:,} targets, {units} units, {months} months",
        "",
        f"Run {started}, {args.reps} repetitions, {time.perf_counter() - t0:.0f} s in all; load "
        f"average {load_before} before, {load_average()} after (other work on the machine "
        "inflates wall times; CPU times are steadier).",
        "",
        *machine(),
        "",
        f"Data: {counts}.",
        "",
        f"Command: `python benchmarks/run.py --size {args.size} --reps {args.reps}"
        f"{' --messy' if args.messy else ''}{' --scaling' if args.scaling else ''}`",
        "",
        *side_by_side(runs),
        "",
        *table(startup),
        "",
        *ratio_table,
        "",
        f"Peak RSS of the cold and warm runs at this size: {peak:.0f} MB (target ≤ {RSS_TARGET_MB} MB: "
        f"{'met' if peak <= RSS_TARGET_MB else 'not met'}).",
    ]
    for line in ratio_table:
        print(line)
    print(f"peak RSS ({args.size}): {peak:.0f} MB")
    path = update_results(args.size + ("-messy" if args.messy else ""), body)
    print(f"written to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
