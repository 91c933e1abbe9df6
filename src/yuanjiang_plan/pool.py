"""Loading many progress files on every core (issue 7).

Below PARALLEL_MIN_FILES files, or with one core, or where processes cannot be forked, files
are loaded in this process: starting workers and sending results back costs more than it
saves on a small repository. Measured on 2 cores (benchmarks/results.md): 720 files
(prefecture) about the same with two workers as in one process; 9,600 files (province) 7.7 s
against 9.6 s on a quiet machine, no gain when other work holds the second core.
Results come back in the order of `files`, so output never depends on scheduling.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .diagnostics import Diagnostic
    from .load import Report, Source
    from .tree import Plan

PARALLEL_MIN_FILES = 4000
MAX_WORKERS = 8

Result = tuple["Report | None", list["Diagnostic"]]

# Set in the parent just before forking: the workers inherit them instead of unpickling a plan.
_job: dict[str, Any] = {}


def workers() -> int:
    """Cores available (PLAN_WORKERS=N overrides; 1 loads everything in this process)."""
    override = os.environ.get("PLAN_WORKERS", "").strip()
    if override.isdigit() and int(override) > 0:
        return min(int(override), MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def load_reports(files: list[tuple[Path, str]], plan: Plan, root: Path,
                 git_dates: Mapping[str, dt.date] | None,
                 source: Source | None = None) -> list[tuple[Result, bytes | None]]:
    """`load_report` for each file, in order, with its pickle when it came from a worker.

    Workers send each file's result pickled on its own: the cache (cache.py) keeps those
    bytes as they are instead of pickling the result a second time.
    """
    from .load import load_report

    n = workers()
    if (len(files) < PARALLEL_MIN_FILES or n < 2
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [(load_report(p, r, plan, root, git_dates, source), None) for p, r in files]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _job.update(plan=plan, root=root, git_dates=git_dates, source=source)
    size = -(-len(files) // (n * 4))  # a few chunks per worker evens out slow files
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as ex:
            blobs = [blob for part in ex.map(_load_chunk, chunks) for blob in part]
    except (OSError, BrokenProcessPool):  # no processes to be had: do the work here
        return [(load_report(p, r, plan, root, git_dates, source), None) for p, r in files]
    finally:
        _job.clear()
    return [(pickle.loads(blob), blob) for blob in blobs]


def _load_chunk(chunk: list[tuple[Path, str]]) -> list[bytes]:
    from .load import load_report

    plan, root, git_dates, source = _job["plan"], _job["root"], _job["git_dates"], _job["source"]
    return [pickle.dumps(load_report(p, r, plan, root, git_dates, source), protocol=pickle.HIGHEST_PROTOCOL)
            for p, r in chunk]
