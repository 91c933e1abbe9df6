"""The pipeline, run in order: read the plan -> read the progress reports -> check -> locate.

Every reading command starts here (one orchestrator, as beancount's loader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import __version__
from .core.diagnostics import Diagnostic, FatalError
from .core.progress import Report, ReportEntry
from .core.quantity import PeriodError, parse_period
from .core.tree import Plan
from .ops.checks import cross_file_checks, file_checks
from .ops.dates import believe_dates, edited_late
from .ops.owners import foreign_commits
from .ops.timeliness import Duty, DutyHistory, duties
from .read import duties as duty_cache
from .read import yamlio
from .read.background import Background
from .read.cache import MISS, Cache, plan_id
from .read.code import code_hash
from .read.files import FileSource, Source
from .read.gitinfo import (
    GitDates,
    GitError,
    RevisionSource,
    entry_dates,
    first_commit_dates,
    index_files,
    plan_commits,
    resolve_rev,
    revision_files,
    tree_files,
)
from .read.heap import no_gc
from .read.plan import load_plan
from .read.pool import load_reports
from .read.pool import workers as worker_count
from .read.yamlio import MAX_PLAN_BYTES


@dataclass(frozen=True)
class Repo:
    root: Path
    plan: Plan
    reports: tuple[Report, ...]
    # Every diagnostic (`problems`), when first asked for: the cross-file checks may still be
    # running in a child process (read/background.py). Those may not be placed yet (line None,
    # loc set): `located` places the ones a command prints, `diagnostics` all of them (issue 12:
    # `status` prints no warnings, so it never parses a file again to place one).
    found: Background[tuple[list[Diagnostic], bytes | None], tuple[Diagnostic, ...]]
    source: Source | None = None

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        return self.found.result()

    @property
    def entries(self) -> list[ReportEntry]:
        return [e for r in self.reports for e in r.entries]

    @cached_property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic, placed."""
        return tuple(self.located(self.problems))

    def located(self, diags: Iterable[Diagnostic]) -> list[Diagnostic]:
        """These diagnostics with line and column, parsing only the files still needed."""
        reader = self.source.read if self.source is not None else None
        return yamlio.locate_all(list(diags), self.root, reader)


def load_progress(root: Path, plan: Plan, git_dates: Mapping[str, dt.date] | None = None,
                  source: Source | None = None, cache: Cache | None = None,
                  plan_id: str = "", workers: int | None = None,
                  checks: bool = False) -> tuple[list[Report], list[Diagnostic]]:
    """Every progress file, from the cache where unchanged, the rest on every core (pool.py);
    with `checks`, what the checks of one entry find in it too (`ops.checks.file_checks`)."""

    source = source or FileSource(root)
    cache = cache or Cache(root, enabled=False)
    files = [(root / rel, rel) for rel in source.paths("progress", recursive=True)]
    dates = git_dates or {}
    entry_checks = file_checks(plan) if checks else None
    results = cache.reports(files, lambda rel: (plan_id, dates.get(rel), checks),
                            lambda todo: load_reports(todo, plan, root, git_dates, source, workers,
                                                      entry_checks))
    reports: list[Report] = []
    diags: list[Diagnostic] = []
    for report, problems in results:
        diags += problems
        if report is not None:
            reports.append(report)
    return reports, diags


def load_repo(root: Path, git_dates: Mapping[str, dt.date] | None = None,
              source: Source | None = None, use_cache: bool = True,
              today: dt.date | None = None, cache_dir: Path | None = None,
              workers: int | None = None, background: bool = False) -> Repo:
    """Plan and progress, with every diagnostic located; FatalError if the plan is unusable.

    Files come from `source` (default: the working tree under `root`). Unchanged working-tree
    files come from the cache in `cache_dir` (`Settings.state_dir`, outside the repository;
    read/cache.py) unless `use_cache` is False or there is no such folder; the result is the
    same either way. `today` decides which dates are in the future (ops/dates.py); `workers`
    (`Settings.workers`) how many processes load progress files (read/pool.py). With
    `background`, a caller that has other work before it needs `Repo.problems` lets the
    cross-file checks of many entries run in a child meanwhile (read/background.py).
    """
    # Reading builds millions of objects with no cycles among them; with the collector running,
    # every young collection rescans those kept so far: 6x slower composing a province's plan
    # files, twice as slow loading its reports (benchmarks/run.py). Refcounting frees what dies.
    with no_gc():
        return _load_repo(root, git_dates, source, use_cache, today, cache_dir, workers, background)


def _load_repo(root: Path, git_dates: Mapping[str, dt.date] | None, source: Source | None,
               use_cache: bool, today: dt.date | None, cache_dir: Path | None,
               workers: int | None, background: bool) -> Repo:
    source = source or FileSource(root)
    cache = Cache.open(root, use_cache and isinstance(source, FileSource), cache_dir)
    keys = tuple(cache.key(root / rel, rel) for rel in source.paths("plan", recursive=False))
    plan_keys = None if None in keys else keys
    plan, found = cache.plan_result(plan_keys, lambda: load_plan(root, source))  # type: ignore[arg-type]
    diags = list(found)  # the cached list is not ours to extend
    if plan is None or any(d.is_error and d.path.startswith("plan/") for d in diags):
        raise PlanInvalid(yamlio.locate_all(diags, root, source.read))  # placed while read
    reports, problems = load_progress(root, plan, git_dates, source, cache, plan_id(plan_keys), workers,
                                      checks=True)
    diags += problems
    # Dates checked against git (ops/dates.py): `git_dates` from `first_commit_dates` carries
    # each file's history; late edits need a blame of the few files changed after a deadline.
    history = git_dates.history if isinstance(git_dates, GitDates) else {}
    revision = source.commit if isinstance(source, RevisionSource) else None
    wanted = edited_late(plan, reports, history) \
        if isinstance(source, FileSource) or revision is not None else {}
    edits = entry_dates(root, wanted, revision, source.read if revision else None) if wanted else {}
    reports, dated = believe_dates(plan, reports, history, edits, today)
    dated += foreign_commits(plan, reports, history)

    # What the walk left out (hidden, .yaml.txt, ...) depends on names alone: never cached.
    left_out = source.ignored("plan", False) + source.ignored("progress", True)
    # Cross-file checks depend on every file: cached only when nothing changed (today and the
    # dates git gave decide which reports count, so they are part of the key).
    context = (today, sorted(edits.items()), [(d.path, d.code) for d in dated])
    cached, keep = cache.whole_repo_slot(context)

    def work() -> tuple[list[Diagnostic], bytes | None]:
        # The plan's pickle for the cache too, where it is new (~0.3 s for a province's plan):
        # made here, it is made in the child while this process evaluates.
        return ([] if cached is not MISS else cross_file_checks(plan, reports)), cache.plan_pickle()

    def finish(done: tuple[list[Diagnostic], bytes | None]) -> tuple[Diagnostic, ...]:
        cross, plan_blob = done
        found = cached if cached is not MISS else diags + cross
        keep(found)
        cache.keep_plan_pickle(plan_blob)
        cache.save()
        return (*left_out, *found, *dated)

    # Many entries: the checks run in a child while the command evaluates (read/background.py).
    fork = background and cached is MISS and worker_count(workers) > 1 \
        and sum(len(r.entries) for r in reports) >= BACKGROUND_MIN_ENTRIES
    return Repo(root, plan, tuple(reports), Background(work, finish, fork), source)


# Below this many entries, the cross-file checks take less time than starting a child.
BACKGROUND_MIN_ENTRIES = 10_000


def load_plan_or_fail(root: Path) -> Plan:
    """The plan alone (for writers, which read progress files one by one); PlanInvalid if unusable."""
    plan, diags = load_plan(root)
    if plan is None or any(d.is_error for d in diags):
        raise PlanInvalid(yamlio.locate_all(diags, root))
    return plan


class PlanInvalid(FatalError):
    """The plan itself has errors: nothing can be evaluated against it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("计划文件有错误，无法计算进度 (the plan has errors)",
                         "先修正 plan/ 下的错误 (fix the plan files first)")
        self.diagnostics = diagnostics


def repo_at(root: Path, rev: str, files: Mapping[str, bytes | OSError] | None = None) -> Repo:
    """The plan repository as it was at `rev`, loaded from memory (no checkout).

    `files` (from `revision_files`) saves reading the revision twice.
    """
    commit = resolve_rev(root, rev)
    if files is None:
        files = revision_files(root, commit)
    if not any(rel.startswith("plan/") for rel in files):
        raise GitError(f"版本 {rev} 中没有 plan/ 目录 (no plan/ folder at that revision)",
                       "换一个更晚的版本 (pick a later revision)")
    return load_repo(root, first_commit_dates(root, rev=commit), RevisionSource(files, commit))


def repo_staged(root: Path, today: dt.date | None = None) -> Repo:
    """The plan repository as staged in the git index (what `git commit` would record)."""
    try:
        files = index_files(root)
    except GitError as exc:
        raise GitError(exc.message, "--staged 读取 git 暂存区：在 git 仓库里运行，或去掉 --staged "
                                    "(--staged reads the git index: run it in a git repository)") from None
    if not any(rel.startswith("plan/") for rel in files):
        raise GitError("git 暂存区中没有 plan/ 目录 (no plan/ folder is staged)",
                       "先 git add plan/，或不用 --staged (stage the plan first)")
    return load_repo(root, first_commit_dates(root), RevisionSource(files), today=today)


# ---------------------------------------------------------------- responsibility over time


def duty_history(root: Path, plan: Plan, use_cache: bool = True,
                 cache_dir: Path | None = None) -> DutyHistory:
    """Who owed which report under each version of `plan/` in git history (README
    *Supervision*): a period is owed by whoever the plan committed at its deadline made
    responsible.

    Each version is read from git's objects (ls-tree + cat-file, never the work tree) and its
    duties are kept per commit in `duties.json` in `cache_dir` (`Settings.state_dir`, outside
    the repository): a warm run costs one `git log`.
    A version whose plan does not load leaves the previous one in force. Outside git there is
    no history: the current plan decides.
    """
    current = duties(plan)
    commits = plan_commits(root)
    if not commits:
        return DutyHistory((), current)
    header = f"{__version__}:{code_hash()}"
    keep = use_cache and cache_dir is not None
    stored = duty_cache.load(cache_dir, header) if keep and cache_dir is not None else {}
    changed = False
    versions: list[tuple[dt.date, Duty]] = []
    for sha, day in commits[:-1]:  # since the last commit, the current plan is in force
        rows = stored.get(sha)
        if rows is None:
            rows = _commit_duties(root, sha)
            stored[sha] = rows
            changed = True
        if INVALID in rows:
            continue
        versions.append((day, _duty_from_rows(rows)))
    versions.append((commits[-1][1], current))
    if changed and keep and cache_dir is not None:
        duty_cache.save(cache_dir, header, {sha: stored[sha] for sha, _ in commits[:-1] if sha in stored})
    return DutyHistory(tuple(versions), current)


INVALID = ""  # the marker of a commit whose plan did not load


def _commit_duties(root: Path, sha: str) -> dict[str, list[list[str]]]:
    try:
        files = tree_files(root, sha, ("plan",), max_bytes=MAX_PLAN_BYTES)
    except GitError:
        return {INVALID: []}
    old, diags = load_plan(root, RevisionSource(files, sha))
    if old is None or any(d.is_error for d in diags):
        return {INVALID: []}
    return {unit: [[text, due.isoformat()] for text, (_, due) in sorted(periods.items())]
            for unit, periods in duties(old).items()}


def _duty_from_rows(rows: dict[str, list[list[str]]]) -> Duty:
    out: Duty = {}
    for unit, pairs in rows.items():
        for text, due in pairs:
            try:
                out.setdefault(unit, {})[text] = (parse_period(text), dt.date.fromisoformat(due))
            except (PeriodError, ValueError):
                continue
    return out
