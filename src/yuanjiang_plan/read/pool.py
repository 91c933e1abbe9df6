"""Loading many progress files on every core (issue 7).

Below PARALLEL_MIN_FILES files, or with one core, or where processes cannot be forked, files
are loaded in this process: starting workers and sending results back costs more than it
saves on a small repository. Measured on 2 cores, cold `plan status --format json`, medians of
5-6 interleaved runs (issue 12, messy data from benchmarks/generate.py): 322 files 0.83 s with
two workers against 0.71 s in one process; 530 files 1.15 s against 1.32 s; 1,139 files
(prefecture) 1.24 s against 1.55 s.
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

from .background import can_fork
from .cache import digest
from .disk import read_file
from .heap import no_gc
from .progress import FileChecks, load_report
from .yamlio import MAX_FILE_BYTES

if TYPE_CHECKING:
    from ..core.diagnostics import Diagnostic
    from ..core.progress import Report
    from ..core.tree import Plan
    from .files import Source

PARALLEL_MIN_FILES = 500
MAX_WORKERS = 8

Result = tuple["Report | None", list["Diagnostic"]]

# Set in the parent just before forking: the workers inherit them instead of unpickling a plan.
_job: dict[str, Any] = {}


def workers(wanted: int | None = None) -> int:
    """Processes to load with: `wanted` (`Settings.workers`, PLAN_WORKERS=N; 1 loads everything
    in this process), else one per core available."""
    if wanted is not None and wanted > 0:
        return min(wanted, MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


Job = tuple[Path, str, "bytes | None", bool]  # path, rel, its bytes if already read, hash them?


def load_reports(files: list[Job], plan: Plan, root: Path,
                 git_dates: Mapping[str, dt.date] | None,
                 source: Source | None = None,
                 wanted: int | None = None,
                 checks: FileChecks | None = None) -> list[tuple[Result, bytes | None, str | None]]:
    """`load_report` for each file, in order, with its pickle when it came from a worker and
    the sha1 of the bytes it parsed when asked for (cache.py: a file is read once).

    Workers send each file's result pickled on its own: the cache (cache.py) keeps those
    bytes as they are instead of pickling the result a second time.
    """
    n = workers(wanted)
    if len(files) < PARALLEL_MIN_FILES or n < 2 or not can_fork():
        return [_here(job, plan, root, git_dates, source, checks) for job in files]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _job.update(plan=plan, root=root, git_dates=git_dates, source=source, checks=checks)
    size = -(-len(files) // (n * 4))  # a few chunks per worker evens out slow files
    chunks = [files[i:i + size] for i in range(0, len(files), size)]
    out: list[tuple[Result, bytes | None, str | None]] = []
    try:
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as ex, no_gc():
            # Each chunk is unpickled as it arrives, while the workers load the next ones:
            # the parent's share of the work overlaps theirs instead of following it.
            for part in ex.map(_load_chunk, chunks):
                out += [(pickle.loads(blob), blob, sha) for blob, sha in part]
    except (OSError, BrokenProcessPool):  # no processes to be had: do the work here
        return [_here(job, plan, root, git_dates, source, checks) for job in files]
    finally:
        _job.clear()
    return out


def _here(job: Job, plan: Plan, root: Path, git_dates: Mapping[str, dt.date] | None,
          source: Source | None, checks: FileChecks | None) -> tuple[Result, None, str | None]:
    result, sha = _load_one(job, plan, root, git_dates, source, checks)
    return result, None, sha


def _load_one(job: Job, plan: Plan, root: Path, git_dates: Mapping[str, dt.date] | None,
              source: Source | None, checks: FileChecks | None) -> tuple[Result, str | None]:
    """One file loaded; hashed from the bytes that were parsed when the job asks for it."""
    path, rel, raw, keyed = job
    if keyed and raw is None:
        try:
            raw = read_file(path, MAX_FILE_BYTES, root)
        except OSError:
            raw = None  # load_report reads it again and reports why it cannot
    sha = digest(raw) if keyed and raw is not None else None
    return load_report(path, rel, plan, root, git_dates, source, raw=raw, checks=checks), sha


def _load_chunk(chunk: list[Job]) -> list[tuple[bytes, str | None]]:
    plan, root, git_dates, source = _job["plan"], _job["root"], _job["git_dates"], _job["source"]
    checks = _job["checks"]
    out = []
    for job in chunk:
        result, sha = _load_one(job, plan, root, git_dates, source, checks)
        out.append((pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), sha))
    return out
