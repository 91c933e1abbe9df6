"""The load cache (.plan-cache/): output identical with, without and with a broken cache."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import SEPTEMBER_LIKE
from yuanjiang_plan import cache, pool

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


def cache_file(root: Path) -> Path:
    return root / cache.FOLDER / cache.FILE


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
    assert (repo / cache.FOLDER / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_warm_run_uses_the_cache(repo: Path) -> None:
    from yuanjiang_plan.load import load_repo

    load_repo(repo)
    store = cache.Cache.open(repo)
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
    monkeypatch.setattr(pool, "workers", lambda: 2)
    assert run(cli, repo, "--no-cache") == baseline
    assert run(cli, repo) == baseline


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
