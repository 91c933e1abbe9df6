"""The load cache (.plan-cache/): output identical with, without and with a broken cache."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from helpers import SEPTEMBER_LIKE
from yuanjiang_plan.core.settings import Settings
from yuanjiang_plan.read import cache, code, pool

PROGRESS = {
    **SEPTEMBER_LIKE,
    # warnings (not responsible, conflict) and errors (unknown target, unit mismatch)
    "2024-09/农业局.yaml": """\
department: 农业局
period: 2024-09
entries:
  - target: 1.1.1
    value: 70
  - target: G1
    value: 6.0
  - target: 9.9.9
    value: 1
  - target: 1.1.3
    value: 3万个
""",
    "2024-10/交通局.yaml": """\
department: 交通局
period: 2024-10
entries:
  - target: 1.1.2
    stage: 主体完工
  - target: 1.1.4
    note: 巡查12次
""",
    "2024-10/坏文件.yaml": "department: 交通局\nperiod: 2024-10\nentries:\n  - target: [1\n",
}


def run(cli: Callable[..., Any], root: Path, *args: str) -> tuple[int, str, str]:
    result = cli(*args, "status", "--root", str(root), "--as-of", "2024-11-15", "--format", "json")
    return result.exit_code, result.stdout, result.stderr


def state(root: Path) -> Path:
    """The repository's folder under the (temporary) user cache home: the cache lives there."""
    folder = Settings.from_environment(os.environ).state_dir(root)
    assert folder is not None
    return folder


def cache_file(root: Path) -> Path:
    return state(root) / cache.FILE


def load_repo(root: Path) -> Any:
    from yuanjiang_plan.loader import load_repo as load

    return load(root, cache_dir=state(root))


def open_cache(root: Path) -> cache.Cache:
    return cache.Cache.open(root, True, state(root))


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    return make_repo(PROGRESS)


def test_identical_with_without_and_with_broken_cache(cli: Callable[..., Any], repo: Path) -> None:
    baseline = run(cli, repo, "--no-cache")
    assert baseline[0] == 1 and "unknown-target" in baseline[2] and "unit-mismatch" in baseline[2]
    assert not cache_file(repo).exists()  # --no-cache neither reads nor writes

    assert run(cli, repo) == baseline  # cold: builds the cache
    assert cache_file(repo).stat().st_size > 0
    assert run(cli, repo) == baseline  # warm

    blob = cache_file(repo).read_bytes()
    for broken in (b"", blob[: len(blob) // 2], b"garbage" * 100, blob[:-1] + bytes([blob[-1] ^ 1])):
        cache_file(repo).write_bytes(broken)
        assert run(cli, repo) == baseline
        assert run(cli, repo) == baseline  # rebuilt after the broken one
    assert not (repo / ".plan-cache").exists() and not list(repo.rglob(".gitignore"))  # outside the repository


def test_warm_run_uses_the_cache(repo: Path) -> None:
    load_repo(repo)
    store = open_cache(repo)
    assert store.enabled and store.plan is not None and len(store.stored) == len(PROGRESS)
    assert store.whole is not None
    before = cache_file(repo).stat().st_mtime_ns
    load_repo(repo)
    assert cache_file(repo).stat().st_mtime_ns == before  # nothing changed: nothing written


def test_changed_content_with_same_size_and_mtime_is_seen(cli: Callable[..., Any], repo: Path) -> None:
    """A checkout or a copy can keep size and mtime: the content hash decides (NOTES.md)."""
    run(cli, repo)
    path = repo / "progress" / "2024-09" / "交通局.yaml"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value: 60", "value: 80"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size
    fresh = run(cli, repo, "--no-cache")
    assert '"actual": 80' in fresh[1]
    assert run(cli, repo) == fresh


def test_kept_fingerprints_still_see_a_same_size_same_mtime_change(
        cli: Callable[..., Any], repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fingerprint kept (files older than RACY_NS), ctime is what notices the change."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    time.sleep(0.05)  # past the coarse clock tick of the files' creation
    run(cli, repo)
    assert "progress/2024-09/交通局.yaml" in open_cache(repo).stats
    time.sleep(0.05)
    path = repo / "progress" / "2024-09" / "交通局.yaml"
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("value: 60", "value: 80"), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    fresh = run(cli, repo, "--no-cache")
    assert '"actual": 80' in fresh[1]
    assert run(cli, repo) == fresh


def test_recently_changed_files_are_hashed_again(repo: Path) -> None:
    """Files changed within RACY_NS of the run keep no fingerprint: the next run hashes them."""
    load_repo(repo)
    store = open_cache(repo)
    assert store.stored and not store.stats


def test_warm_run_reads_no_unchanged_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    time.sleep(0.05)
    cold = load_repo(repo)
    reads: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or read_bytes(self))
    opened = os.open  # the reader opens files itself (read/disk.py)

    def counting_open(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if not flags & (os.O_WRONLY | os.O_RDWR):
            reads.append(Path(path))
        return opened(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", counting_open)
    warm = load_repo(repo)
    assert [p for p in reads if p.is_relative_to(repo)] == []
    assert (warm.reports, warm.diagnostics) == (cold.reports, cold.diagnostics)
    # touched (same content, new mtime): hashed again, still a hit
    path = repo / "progress" / "2024-09" / "交通局.yaml"
    os.utime(path, ns=(time.time_ns(), time.time_ns()))
    reads.clear()
    again = load_repo(repo)
    assert path in reads
    assert (again.reports, again.diagnostics) == (cold.reports, cold.diagnostics)


def test_plan_change_invalidates_reports(cli: Callable[..., Any], repo: Path) -> None:
    run(cli, repo)
    tree = repo / "plan" / "tree.yaml"
    # 1.1.1 moves to 农业局: the 交通局 report now draws a not-responsible warning
    tree.write_text(tree.read_text(encoding="utf-8").replace(
        "        lead: [交通局]\n        support: [农业局]", "        lead: [农业局]\n        support: [发改局]"),
        encoding="utf-8")
    fresh = run(cli, repo, "--no-cache")
    assert run(cli, repo) == fresh


def test_env_var_disables_the_cache(cli: Callable[..., Any], repo: Path) -> None:
    result = cli("status", "--root", str(repo), env={"PLAN_NO_CACHE": "1"})
    assert result.exit_code == 1
    assert not cache_file(repo).exists()


def test_foreign_cache_is_ignored(cli: Callable[..., Any], repo: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache made with another user's key (came with a clone) is never unpickled."""
    baseline = run(cli, repo)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    loads = []
    monkeypatch.setattr(cache.pickle, "loads", lambda *a, **k: loads.append(1))
    assert run(cli, repo) == baseline
    assert loads == []


def test_worker_processes_give_the_same_result(cli: Callable[..., Any], repo: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = run(cli, repo, "--no-cache")
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setenv("PLAN_WORKERS", "2")  # Settings.workers, passed down to the pool
    from_workers: list[int] = []
    loads = pool.pickle.loads
    monkeypatch.setattr(pool.pickle, "loads", lambda blob: from_workers.append(1) or loads(blob))
    assert run(cli, repo, "--no-cache") == baseline
    assert from_workers, "the reports did not come from worker processes"
    assert run(cli, repo) == baseline


def test_one_worker_loads_in_this_process(cli: Callable[..., Any], repo: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "PARALLEL_MIN_FILES", 1)
    baseline = run(cli, repo, "--no-cache")
    monkeypatch.setenv("PLAN_WORKERS", "1")
    from_workers: list[int] = []
    loads = pool.pickle.loads
    monkeypatch.setattr(pool.pickle, "loads", lambda blob: from_workers.append(1) or loads(blob))
    assert run(cli, repo, "--no-cache") == baseline
    assert from_workers == []
    assert pool.workers(3) == 3 and pool.workers(None) >= 1


def test_validate_identical_with_and_without_cache(cli: Callable[..., Any], repo: Path) -> None:
    fresh = cli("--no-cache", "validate", "--root", str(repo))
    for _ in range(2):
        again = cli("validate", "--root", str(repo))
        assert (again.exit_code, again.stdout, again.stderr) == (fresh.exit_code, fresh.stdout, fresh.stderr)


def test_special_files_are_not_read_for_the_cache(cli: Callable[..., Any], repo: Path) -> None:
    """A symlink to /dev/zero is refused by the loader; keying it must not read it forever."""
    link = repo / "progress" / "2024-10" / "zero.yaml"
    link.symlink_to("/dev/zero")
    result = cli("status", "--root", str(repo), "--as-of", "2024-11-15", "--format", "json")
    assert result.exit_code == 1
    assert "outside-root" in result.stderr
    assert run(cli, repo) == run(cli, repo, "--no-cache")


def test_code_hash_covers_every_layer(tmp_path: Path) -> None:
    """A change to the models or the rules (core/, ops/), not only to read/, invalidates
    cached results."""
    import shutil

    assert code.PACKAGE.name == "yuanjiang_plan" and (code.PACKAGE / "core").is_dir()
    copy = tmp_path / "yuanjiang_plan"
    shutil.copytree(code.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code.source_hash(copy)
    for layer in ("core", "ops", "read"):
        module = next((copy / layer).rglob("*.py"))
        module.write_text(module.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        after = code.source_hash(copy)
        assert after != before, layer
        before = after
